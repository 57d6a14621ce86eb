/**
 * @tsgrad/nn — PyTorch's `torch.nn` in TypeScript: `Module`, `Parameter`, layers, init, optimizers,
 * state dicts and safetensors bytes. No Node-only imports: file helpers live in `node-io.ts`.
 *
 * @example
 * import { Linear, ReLU, Sequential } from "@tsgrad/nn";
 * const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 3));
 * const y = model.call(randn([4, 2]));
 * y.shape; // [4, 3]
 *
 * @module @tsgrad/nn
 */
export {
  Module,
  Parameter,
  torchSize,
  type ForwardHook,
  type ForwardPreHook,
  type FullBackwardHook,
  type FullBackwardPreHook,
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
export { Linear, Identity, Flatten, type FlattenOptions, type LinearOptions } from "./layers/linear.js";
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
  type InplaceOptions,
} from "./layers/activation.js";
export { Sequential, ModuleList, ModuleDict } from "./layers/container.js";
export { Dropout, Dropout1d, Dropout2d, type DropoutLayerOptions } from "./layers/dropout.js";
export {
  LayerNorm,
  BatchNorm1d,
  BatchNorm2d,
  GroupNorm,
  InstanceNorm1d,
  InstanceNorm2d,
  type LayerNormOptions,
  type BatchNormOptions,
  type GroupNormOptions,
  type InstanceNormOptions,
} from "./layers/normalization.js";
export { Embedding, type EmbeddingOptions, type FromPretrainedOptions } from "./layers/embedding.js";
export {
  MaxPool1d,
  MaxPool2d,
  AvgPool1d,
  AvgPool2d,
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  MaxUnpool2d,
  Upsample,
  Unflatten,
  type MaxPoolLayerOptions,
  type MaxPoolOutput,
  type AvgPool1dLayerOptions,
  type AvgPool2dLayerOptions,
  type AdaptiveMaxPoolLayerOptions,
  type MaxUnpool2dLayerOptions,
  type UpsampleOptions,
} from "./layers/pooling.js";
export {
  MultiheadAttention,
  NonDynamicallyQuantizableLinear,
  TransformerEncoderLayer,
  TransformerEncoder,
  TransformerDecoderLayer,
  TransformerDecoder,
  Transformer,
  type MultiheadAttentionOptions,
  type MultiheadAttentionForwardOptions,
  type TransformerActivation,
  type TransformerLayerOptions,
  type TransformerEncoderLayerForwardOptions,
  type TransformerDecoderLayerForwardOptions,
  type TransformerStackOptions,
  type TransformerEncoderOptions,
  type TransformerEncoderForwardOptions,
  type TransformerOptions,
  type TransformerForwardOptions,
  type SquareSubsequentMaskOptions,
} from "./layers/transformer.js";
export {
  RNNBase,
  RNN,
  LSTM,
  GRU,
  RNNCellBase,
  RNNCell,
  LSTMCell,
  GRUCell,
  type RNNBaseOptions,
  type RNNOptions,
  type LSTMOptions,
  type GRUOptions,
  type RNNCellBaseOptions,
  type RNNCellOptions,
} from "./layers/recurrent.js";
export {
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  type ConvNdOptions,
  type ConvTransposeForwardOptions,
  type ConvTransposeNdOptions,
  type PaddingMode,
} from "./layers/conv.js";
export {
  saveSafetensors,
  loadSafetensors,
  readSafetensors,
  isInt64Buffer,
  type SafetensorsContents,
  type SaveSafetensorsOptions,
} from "./safetensors.js";
export * from "./optim/index.js";
// `torch.nn.utils` both as `utils` and, for short imports, at the top level.
export * as utils from "./utils/index.js";
export * from "./utils/index.js";
export * as data from "./data/index.js";
export * from "./data/index.js";
export {
  trainLoop,
  yieldToEventLoop,
  type TrainLoopOptions,
  type TrainLoopEpoch,
  type TrainLoopResult,
} from "./train-loop.js";
export {
  saveToIndexedDB,
  loadFromIndexedDB,
  downloadSafetensors,
  type IndexedDBOptions,
} from "./browser-io.js";
