/**
 * @tsgrad/nn — PyTorch's `torch.nn` in TypeScript: `Module`, `Parameter`, layers, init, optimizers,
 * state dicts and safetensors bytes. No Node-only imports: file helpers live in `node-io.ts`.
 *
 * @example
 * import { Linear, ReLU, Sequential } from "@tsgrad/nn";
 * const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 3));
 * const y = model.call(x);
 */
export {
  Module,
  Parameter,
  torchSize,
  type ForwardHook,
  type ForwardPreHook,
  type IncompatibleKeys,
  type LoadStateDictOptions,
  type RegisterBufferOptions,
  type RemovableHandle,
  type StateDictOptions,
  type ZeroGradOptions,
  type StateDict,
  type StateDictLike,
} from "./module.js";
export * as init from "./init.js";
export { Linear, Identity, Flatten, type LinearOptions } from "./layers/linear.js";
export {
  ReLU,
  LeakyReLU,
  Tanh,
  Sigmoid,
  GELU,
  Softmax,
  LogSoftmax,
  SiLU,
  Softplus,
  ELU,
} from "./layers/activation.js";
export { Sequential, ModuleList, ModuleDict } from "./layers/container.js";
export { Dropout } from "./layers/dropout.js";
export { LayerNorm, type LayerNormOptions } from "./layers/normalization.js";
export { Embedding, type EmbeddingOptions } from "./layers/embedding.js";
export {
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  type ConvNdOptions,
  type ConvTransposeNdOptions,
  type PaddingMode,
} from "./layers/conv.js";
export {
  saveSafetensors,
  loadSafetensors,
  readSafetensors,
  type SafetensorsContents,
} from "./safetensors.js";
export * from "./optim/index.js";
export * as utils from "./utils/index.js";
export {
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  vectorToParameters,
  type ClipGradNormOptions,
} from "./utils/index.js";
