/**
 * @tsgrad/core — tensors, ops and reverse-mode autodiff with PyTorch's names and semantics.
 *
 * @example
 * import { tensor } from "@tsgrad/core";
 * const x = tensor([[0.1796, -0.044, 0.4484]], { requiresGrad: true });
 * x.logSoftmax(-1).sum().backward();
 *
 * @module @tsgrad/core
 */
// First, for its effect: attaches Tensor's methods before any export can be used.
import "./methods.js";

export {
  type Backend,
  type CpuCapability,
  getCpuCapability,
  getBackend,
  getNumThreads,
  isWasmAvailable,
  ready,
  setBackend,
  setNumThreads,
} from "./backend.js";
export { EXP_FLAGS, type ExpRowStats, expRowsF32 } from "./kernels/wasm/exp.js";
export { returnTypes, Tensor, Storage, type TensorLike, type ValuesIndices } from "./tensor.js";
export {
  type CoreCopy,
  isTensor,
  isTensorOfAnotherCopy,
  loadedCoreCopies,
  otherCopyNote,
} from "./copies.js";
export { Size } from "./shape.js";
export { checkDevice, DEVICE_OPTION, Device, type DeviceLike, device, isDeviceArg } from "./device.js";
export {
  type DType,
  type FloatDType,
  type TypedArray,
  DTYPES,
  getDefaultDtype,
  isFloating,
  promoteTypes,
  setDefaultDtype,
} from "./dtype.js";
export * from "./creation.js";
export { Generator, manualSeed, getDefaultGenerator } from "./random.js";
export {
  checkOptions,
  describeValue,
  isOptionsInPlace,
  positionalOrKeywords,
  type OptionsSpec,
  type OptionKind,
  type OptionCheck,
  type OptionTest,
} from "./options.js";
export {
  noGrad,
  enableGrad,
  inferenceMode,
  isGradEnabled,
  setGradEnabled,
  detectAnomaly,
  setDetectAnomaly,
  isAnomalyEnabled,
} from "./autograd/grad-mode.js";
export {
  Node,
  type BackwardFn,
  type RemovableHandle,
  type TensorHook,
  markOnceDifferentiable,
  nameGradFn,
  needsGrad,
  record,
} from "./autograd/node.js";
/**
 * `torch.autograd` as a namespace: `autograd.grad(outputs, inputs, { gradOutputs, retainGraph, allowUnused })`
 * returns gradients without touching `.grad`; `class MyFn extends autograd.Function` with static
 * `forward(ctx, ...)` / `backward(ctx, ...)` and `MyFn.apply(...)` is a custom op.
 *
 * @example
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const [dx] = autograd.grad(x.pow(2).sum(), x);
 * dx; // tensor([2., 4.])
 */
export * as autograd from "./autograd/namespace.js";
export { FunctionCtx, type GradOptions } from "./autograd/namespace.js";
export type { BackwardOptions } from "./autograd/engine.js";
export {
  gradcheck,
  type GradcheckOptions,
  gradgradcheck,
  type GradgradcheckOptions,
} from "./autograd/gradcheck.js";
/**
 * The autograd graph as Graphviz DOT, as torchviz's `make_dot` draws it (also `autograd.makeDot`).
 *
 * PyTorch: `torchviz.make_dot(loss, params=dict(model.named_parameters()))`.
 * @example
 * const model = new Linear(3, 1);
 * const loss = model.call(ones([2, 3])).mean();
 * const graph = makeDot(loss, { params: Object.fromEntries(model.namedParameters()) });
 * graph.startsWith("digraph {"); // true
 */
export {
  makeDot,
  autogradGraph,
  type AutogradGraph,
  type GraphArrow,
  type GraphBox,
  type GraphStatement,
  type MakeDotOptions,
} from "./autograd/graph.js";
export {
  add,
  sub,
  mul,
  div,
  floorDivide,
  pow,
  maximum,
  minimum,
  neg,
  exp,
  log,
  log1p,
  sqrt,
  rsqrt,
  square,
  reciprocal,
  abs,
  sign,
  relu,
  leakyRelu,
  gelu,
  tanh,
  sigmoid,
  sin,
  cos,
  floor,
  ceil,
  round,
  clamp,
  clip,
  where,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logicalAnd,
  logicalOr,
  logicalNot,
  isnan,
  resultType,
  silu,
  softplus,
  elu,
} from "./ops/elementwise.js";
export { sort, argsort, topk, type SortOptions, type StableOption, type TopkOptions } from "./ops/sort.js";
export { searchsorted, unique, type SearchsortedOptions, type UniqueOptions } from "./ops/sort.js";
export {
  bincount,
  histc,
  type BincountOptions,
  type Dims,
  type Correction,
  type HistcOptions,
  type VarOptions,
} from "./ops/reduce.js";
export { clampMin, clampMax, type ClampOptions } from "./ops/elementwise.js";
export {
  elu_,
  leakyRelu_,
  relu_,
  silu_,
  type BernoulliOptions,
  type ExponentialOptions,
  type NormalOptions,
  type UniformOptions,
} from "./ops/inplace.js";
export type { Alpha, GeluOptions, NegativeSlope, SoftplusOptions } from "./ops/elementwise.js";
export {
  diagonal,
  flatten,
  movedim,
  resolveTo,
  swapaxes,
  type ToOptions,
  type ToTarget,
  unflatten,
} from "./ops/view.js";
export { hstack, vstack } from "./ops/join.js";
export { mv } from "./ops/matmul.js";
export {
  acos,
  acosh,
  type AddcOptions,
  addcdiv,
  addcmul,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  cosh,
  erf,
  erfc,
  exp2,
  expm1,
  fmod,
  frac,
  hypot,
  isfinite,
  isinf,
  lerp,
  log10,
  log2,
  logaddexp,
  logit,
  remainder,
  sinc,
  sinh,
  trunc,
  xlogy,
} from "./ops/math.js";
export { bernoulli, multinomial, normal, type SampleOptions } from "./ops/sample.js";
export { repeat, tile, flip, tril, triu } from "./ops/rearrange.js";
export { nonzero, isclose, allclose, equal, type IscloseOptions } from "./ops/compare.js";
export {
  sum,
  mean,
  prod,
  max,
  min,
  amax,
  amin,
  argmax,
  argmin,
  variance as var,
  std,
  norm,
  cumsum,
  cumprod,
  all,
  any,
  sumTo,
} from "./ops/reduce.js";
export { matmul, mm, bmm, dot } from "./ops/matmul.js";
export { outer, addmm, baddbmm, cdist, einsum, type AddmmOptions } from "./ops/matmul.js";
export {
  diag,
  trace,
  roll,
  diff,
  meshgrid,
  type DiffOptions,
  type MeshgridOptions,
} from "./ops/rearrange.js";
export { cat, stack } from "./ops/join.js";
export { softmax, logSoftmax, logsumexp, type SoftmaxOptions } from "./ops/softmax.js";
export {
  batchNorm,
  groupNorm,
  instanceNorm,
  layerNorm,
  type BatchNormFnOptions,
  type GroupNormFnOptions,
  type InstanceNormFnOptions,
  type LayerNormFnOptions,
} from "./ops/normalization.js";
export {
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
} from "./ops/attention.js";
export {
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  unfold,
  fold,
  type ConvOptions,
  type ConvTransposeOptions,
  type UnfoldOptions,
} from "./ops/conv.js";
export {
  gather,
  scatter,
  scatterAdd,
  indexSelect,
  maskedFill,
  oneHot,
  type ScatterOptions,
  maskedSelect,
  maskedScatter,
  indexFill,
  indexAdd,
  indexCopy,
  indexPut,
  take,
  takeAlongDim,
  scatterReduce,
  type IndexAddOptions,
  type ScatterReduceOptions,
  type ScatterReduction,
} from "./ops/indexing.js";
export {
  normalize,
  pad,
  dropout,
  embedding,
  type NormalizeOptions,
  type PadOptions,
  type PadMode,
  type DropoutOptions,
  type EmbeddingFnOptions,
} from "./ops/functional.js";
export { formatTensor, type PrintSettings } from "./print.js";
export { getPrintOptions, type PrintOptions, setPrintOptions } from "./print-options.js";
export { className, typeNameOf } from "./names.js";
export { broadcastShapes, normalizeDim, formatShape, type Shape } from "./shape.js";
export {
  maxPool1d,
  maxPool2d,
  avgPool1d,
  avgPool2d,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  maxUnpool2d,
  interpolate,
  type IntOrTuple,
  type AdaptiveSize,
  type MaxPoolOptions,
  type AvgPool1dOptions,
  type AvgPool2dOptions,
  type AdaptiveMaxPoolOptions,
  type MaxUnpool2dOptions,
  type InterpolateMode,
  type InterpolateOptions,
} from "./ops/pool.js";
export type { Keepdim } from "./ops/check.js";
