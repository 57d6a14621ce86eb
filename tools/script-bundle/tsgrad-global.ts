/**
 * The entry of the plain `<script>` build (tools/build-script-bundle.ts): one global `tsgrad` with
 * @tsgrad/core at the top level and the other two packages as namespaces, so no name can clash —
 * `tsgrad.tensor`, `tsgrad.noGrad`, `tsgrad.nn.Linear`, `tsgrad.nn.Adam`,
 * `tsgrad.losses.LabelSmoothingLoss` (PyTorch's `torch.tensor`, `torch.nn.Linear`, ...).
 */
export * from "../../packages/core/src/index.js";
export * as losses from "../../packages/losses/src/index.js";
export * as nn from "../../packages/nn/src/index.js";
