/**
 * Writes a safetensors file from tsgrad for PyTorch to check:
 *
 *   pnpm exec tsx packages/nn/test/write-sample.ts /tmp/tsgrad_mlp.safetensors
 *   /usr/bin/python3 tools/fixtures/gen_nn.py --check /tmp/tsgrad_mlp.safetensors
 *
 * The model is Sequential(Linear(2, 8), ReLU(), Linear(8, 3)) with tsgrad's own random init
 * (manualSeed(0)). Its input and tsgrad's output go into `__metadata__` as JSON strings, so the
 * checker can load the weights into torch.nn and compare PyTorch's output with tsgrad's.
 */
import { manualSeed, tensor } from "@tsgrad/core";
import { Linear, ReLU, Sequential } from "../src/index.js";
import { saveFile } from "../src/node-io.js";

const path = process.argv[2];
if (!path) {
  console.error("usage: tsx packages/nn/test/write-sample.ts OUT.safetensors");
  process.exit(2);
}
manualSeed(0);
const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 3));
const x = tensor([
  [0.5, -1.0],
  [2.0, 0.25],
  [-0.75, 1.5],
  [3.0, -2.0],
]);
const y = model.call(x);
saveFile(model.stateDict(), path, {
  format: "pt",
  written_by: "tsgrad packages/nn/test/write-sample.ts",
  input: JSON.stringify(x.tolist()),
  output: JSON.stringify(y.tolist()),
});
console.log(`wrote ${path}`);
