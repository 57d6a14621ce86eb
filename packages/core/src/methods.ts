/**
 * Tensor's methods, attached to `Tensor.prototype` here and typed by the `declare module` block
 * below (TF.js's chained ops). They live here, not in tensor.ts, so that the ops can import Tensor
 * while Tensor imports no op: no import cycle. `index.ts` imports this file for its effect, before
 * anything can call a method.
 *
 * A method that calls its op with the tensor as first argument is one line in `forwards`; any
 * other (sizes as varargs, another argument order, in place, options objects, overloads) is
 * declared in `Methods` and written in `methods`.
 */
import { type BackwardOptions, runBackward, sweep } from "./autograd/engine.js";
import { type HookEntry, nameGradFn, type RemovableHandle, type TensorHook } from "./autograd/node.js";
import { checkTargets, seedGrad, tensorList } from "./autograd/grad.js";
import * as cr from "./creation.js";
import { declaredParams, extraArgumentsError, MAX_ARGS } from "./arity.js";
import { checkDevice, type Device } from "./device.js";
import { isFloating } from "./dtype.js";
import type { Keepdim } from "./ops/check.js";
import * as cmp from "./ops/compare.js";
import * as ew from "./ops/elementwise.js";
import * as idx from "./ops/indexing.js";
import * as ip from "./ops/inplace.js";
import * as math from "./ops/math.js";
import * as mm from "./ops/matmul.js";
import * as ra from "./ops/rearrange.js";
import * as red from "./ops/reduce.js";
import { checkVarOptions, type VarOptions } from "./ops/reduce.js";
import * as smp from "./ops/sample.js";
import * as sm from "./ops/softmax.js";
import * as srt from "./ops/sort.js";
import * as vw from "./ops/view.js";
import { checkOptions, describeValue, isOptionsInPlace, type OptionsSpec } from "./options.js";
import type { Generator } from "./random.js";
import { formatShape, shapesEqual } from "./shape.js";
import { Tensor, type TensorLike, type ValuesIndices } from "./tensor.js";

/** PyTorch's UserWarning for reading `.grad` of a non-leaf, said once per process (Python says it once per line). */
const NON_LEAF_GRAD =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated " +
  "during backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retainGrad() on the " +
  "non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead.";
let warnedNonLeafGrad = false;

/** Hook ids, so that two registrations of the same function are removed one at a time. */
let nextHookId = 0;
const BACKWARD_OPTIONS: OptionsSpec<BackwardOptions> = {
  retainGraph: "boolean",
  createGraph: "boolean",
  inputs: "any",
};
/** `backward`'s options when they come first, PyTorch's `backward(gradient=..., retain_graph=True)`. */
const BACKWARD_KEYWORDS: OptionsSpec<BackwardKeywords> = { gradient: "tensorOrNull", ...BACKWARD_OPTIONS };
/** {@link BackwardOptions} with the gradient among them, for `backward({ gradient, retainGraph })`. */
export interface BackwardKeywords extends BackwardOptions {
  /** The gradient of the tensor itself (PyTorch's `gradient`); needed when it is not a scalar. */
  gradient?: Tensor | null;
}

/** The methods that call their op as `op(this, ...args)`; the docs are the op's (follow the link). */
const forwards = {
  /**
   * Converts to `dtype` (a no-op returning this tensor when it already has it), or, given `"cpu"` or
   * `device("cpu")`, returns this tensor. Differentiable between float dtypes. PyTorch: `x.to(torch.float64)`.
   * @example
   * tensor([1, 2]).to("float64"); // tensor([1., 2.], dtype=torch.float64)
   */
  to: vw.toDtype,
  /**
   * Swaps dims `dim0` and `dim1` (negative counts from the end), as a view sharing this tensor's storage.
   * PyTorch: `x.transpose(0, 1)`. Use `contiguous()` if a later op needs a dense copy.
   * @example
   * const x = tensor([[1, 2, 3], [4, 5, 6]]);
   * x.transpose(0, 1); // tensor([[1, 4], [2, 5], [3, 6]])
   * x.transpose(0, 1).shape; // [3, 2]
   */
  transpose: vw.transpose,
  /**
   * Removes dims of size 1: all of them, or only `dim` (left as is when its size is not 1). A view.
   * PyTorch: `x.squeeze()`, `x.squeeze(1)`.
   * @example
   * zeros([2, 1, 3, 1]).squeeze().shape; // [2, 3]
   * zeros([2, 1, 3]).squeeze(1).shape; // [2, 3]
   */
  squeeze: vw.squeeze,
  /**
   * Inserts a dim of size 1 at `dim` (from `-dim()-1` to `dim()`), as a view. PyTorch: `x.unsqueeze(0)`.
   * @example
   * zeros([2, 3]).unsqueeze(0).shape; // [1, 2, 3]
   * zeros([2, 3]).unsqueeze(-1).shape; // [2, 3, 1]
   */
  unsqueeze: vw.unsqueeze,
  /**
   * Merges dims `startDim` (default 0) to `endDim` (default -1) into one; a view when possible, else a
   * copy. PyTorch: `x.flatten(1)`.
   * @example
   * zeros([2, 3, 4]).flatten().shape; // [24]
   * zeros([2, 3, 4]).flatten(1).shape; // [2, 12]
   */
  flatten: vw.flatten,
  /**
   * `length` elements starting at `start` along `dim`, as a view. PyTorch: `x.narrow(dim, start, length)`.
   * @example
   * arange(6).narrow(0, 2, 3); // tensor([2, 3, 4])
   */
  narrow: vw.narrow,
  /**
   * A view of the elements `start, start+step, ...` before `end` along `dim` (defaults: `start` 0, `end`
   * the size, `step` 1; negative bounds count from the end). PyTorch's `x[:, start:end:step]`.
   * @example
   * arange(10).slice(0, 2, 8, 3); // tensor([2, 5])
   * tensor([[1, 2, 3], [4, 5, 6]]).slice(1, 1); // tensor([[2, 3], [5, 6]])
   */
  slice: vw.slice,
  /**
   * The sub-tensor at `index` of `dim` (negative counts from the end), with that dim removed; a view.
   * PyTorch's `x[i]` (`x.select(0, i)`), `x[:, i]` (`x.select(1, i)`).
   * @example
   * const x = tensor([[1, 2], [3, 4]]);
   * x.select(0, 1); // tensor([3, 4])
   * x.select(1, -1); // tensor([2, 4])
   */
  select: vw.select,
  /**
   * Splits into `chunks` views along `dim` (default 0), each of size `ceil(size / chunks)` but the last.
   * PyTorch: `x.chunk(3)`.
   * @example
   * arange(5).chunk(2).map((t) => t.tolist()); // [[0, 1, 2], [3, 4]]
   */
  chunk: vw.chunk,
  /**
   * Splits along `dim` (default 0) into views of `splitSize` elements (the last may be shorter), or of
   * the sizes listed. PyTorch: `x.split(2)`, `x.split([1, 4])`.
   * @example
   * arange(5).split(2).map((t) => t.tolist()); // [[0, 1], [2, 3], [4]]
   * arange(5).split([1, 4]).map((t) => t.shape[0]); // [1, 4]
   */
  split: vw.split,
  /**
   * The slices along `dim` (default 0), each with that dim removed, as views. PyTorch: `x.unbind(0)`.
   * @example
   * tensor([[1, 2], [3, 4]]).unbind(1).map((t) => t.tolist()); // [[1, 3], [2, 4]]
   */
  unbind: vw.unbind,
  /**
   * The lower triangle of the last two dims, the rest zeroed; `diagonal` (default 0) shifts the
   * boundary up (> 0) or down (< 0). PyTorch: `x.tril()`.
   * @example
   * ones([3, 3]).tril(); // tensor([[1., 0., 0.], [1., 1., 0.], [1., 1., 1.]])
   */
  tril: ra.tril,
  /**
   * The upper triangle of the last two dims, the rest zeroed; `diagonal` (default 0) shifts the
   * boundary up (> 0) or down (< 0). PyTorch: `x.triu(1)`.
   * @example
   * ones([3, 3]).triu(1); // tensor([[0., 1., 1.], [0., 0., 1.], [0., 0., 0.]])
   */
  triu: ra.triu,

  /**
   * Elementwise `this + alpha·other`, broadcasting the two shapes; `other` may be a number, `alpha`
   * defaults to 1. PyTorch: `x.add(y, alpha=2)` or `x + y`. Differentiable in both arguments.
   * @example
   * tensor([1, 2]).add(tensor([[10], [20]])); // tensor([[11, 12], [21, 22]])
   * tensor([1, 2]).add(1, 2); // tensor([3, 4])
   */
  add: ew.add,
  /**
   * Elementwise `this − alpha·other`, broadcasting; `other` may be a number, `alpha` defaults to 1.
   * PyTorch: `x.sub(y)` or `x - y`.
   * @example
   * tensor([5, 7]).sub(tensor([1, 2])); // tensor([4, 5])
   */
  sub: ew.sub,
  /**
   * Elementwise product, broadcasting; `other` may be a number. PyTorch: `x.mul(y)` or `x * y`.
   * @example
   * tensor([1, 2, 3]).mul(2); // tensor([2, 4, 6])
   */
  mul: ew.mul,
  /**
   * Elementwise true division (always a float result, as PyTorch's `/`), broadcasting; `other` may be a
   * number. PyTorch: `x.div(y)` or `x / y`.
   * @example
   * tensor([1, 2]).div(4); // tensor([0.2500, 0.5000])
   */
  div: ew.div,
  /**
   * Elementwise `this / other` rounded down, as Python's `//`. PyTorch: `x.floor_divide(y)` or `x // y`.
   * @example
   * tensor([-7, 7]).floorDivide(2); // tensor([-4,  3])
   */
  floorDivide: ew.floorDivide,
  /**
   * Elementwise `this ** exponent`, `exponent` a number or a broadcasting tensor. PyTorch: `x.pow(2)` or `x ** 2`.
   * @example
   * tensor([1, 2, 3]).pow(2); // tensor([1, 4, 9])
   */
  pow: ew.pow,
  /**
   * Elementwise maximum of two tensors, broadcasting (NaN wins, as in PyTorch). PyTorch: `torch.maximum(x, y)`.
   * @example
   * tensor([1, 5]).maximum(tensor([3, 2])); // tensor([3, 5])
   */
  maximum: ew.maximum,
  /**
   * Elementwise minimum of two tensors, broadcasting (NaN wins, as in PyTorch). PyTorch: `torch.minimum(x, y)`.
   * @example
   * tensor([1, 5]).minimum(tensor([3, 2])); // tensor([1, 2])
   */
  minimum: ew.minimum,
  /**
   * Elementwise negation `−x`. PyTorch: `x.neg()` or `-x`.
   * @example
   * tensor([1, -2]).neg(); // tensor([-1, 2])
   */
  neg: ew.neg,
  /**
   * Elementwise `e^x` (a float result). PyTorch: `x.exp()`.
   * @example
   * tensor([0, 1]).exp(); // tensor([1.0000, 2.7183])
   */
  exp: ew.exp,
  /**
   * Elementwise natural logarithm (NaN below 0, −inf at 0). PyTorch: `x.log()`.
   * @example
   * tensor([1, Math.E]).log(); // tensor([0.0000, 1.0000])
   */
  log: ew.log,
  /**
   * Elementwise `log(1 + x)`, accurate for small `x`. PyTorch: `x.log1p()`.
   * @example
   * tensor([0, 1e-8]).log1p().tolist()[1]; // 1e-8
   */
  log1p: ew.log1p,
  /**
   * Elementwise square root (NaN below 0). PyTorch: `x.sqrt()`.
   * @example
   * tensor([4, 9]).sqrt(); // tensor([2., 3.])
   */
  sqrt: ew.sqrt,
  /**
   * Elementwise `1 / sqrt(x)`. PyTorch: `x.rsqrt()`.
   * @example
   * tensor([4, 16]).rsqrt(); // tensor([0.5000, 0.2500])
   */
  rsqrt: ew.rsqrt,
  /**
   * Elementwise `x²`. PyTorch: `x.square()`.
   * @example
   * tensor([-2, 3]).square(); // tensor([4, 9])
   */
  square: ew.square,
  /**
   * Elementwise absolute value. PyTorch: `x.abs()`.
   * @example
   * tensor([-2, 3]).abs(); // tensor([2, 3])
   */
  abs: ew.abs,
  /**
   * Elementwise sign: −1, 0 or 1 (gradient 0). PyTorch: `x.sign()`.
   * @example
   * tensor([-2, 0, 3]).sign(); // tensor([-1,  0,  1])
   */
  sign: ew.sign,
  /**
   * Elementwise `1 / x` (a float result). PyTorch: `x.reciprocal()`.
   * @example
   * tensor([2, 4]).reciprocal(); // tensor([0.5000, 0.2500])
   */
  reciprocal: ew.reciprocal,
  /**
   * Elementwise `max(x, 0)`; the gradient is 0 at 0, as in PyTorch. PyTorch: `x.relu()` or `F.relu(x)`.
   * @example
   * tensor([-1, 0, 2]).relu(); // tensor([0, 0, 2])
   */
  relu: ew.relu,
  /**
   * Elementwise hyperbolic tangent. PyTorch: `x.tanh()`.
   * @example
   * tensor([0]).tanh(); // tensor([0.])
   */
  tanh: ew.tanh,
  /**
   * Elementwise logistic function `1 / (1 + e^−x)`. PyTorch: `x.sigmoid()`.
   * @example
   * tensor([0]).sigmoid(); // tensor([0.5000])
   */
  sigmoid: ew.sigmoid,
  /**
   * Elementwise sine (radians). PyTorch: `x.sin()`.
   * @example
   * tensor([0]).sin(); // tensor([0.])
   */
  sin: ew.sin,
  /**
   * Elementwise cosine (radians). PyTorch: `x.cos()`.
   * @example
   * tensor([0]).cos(); // tensor([1.])
   */
  cos: ew.cos,
  /**
   * Elementwise round down (gradient 0). PyTorch: `x.floor()`.
   * @example
   * tensor([1.5, -1.5]).floor(); // tensor([ 1., -2.])
   */
  floor: ew.floor,
  /**
   * Elementwise round up (gradient 0). PyTorch: `x.ceil()`.
   * @example
   * tensor([1.5, -1.5]).ceil(); // tensor([ 2., -1.])
   */
  ceil: ew.ceil,
  /**
   * Elementwise round half to even, as PyTorch does (gradient 0). PyTorch: `x.round()`.
   * @example
   * tensor([0.5, 1.5, 2.7]).round(); // tensor([0., 2., 3.])
   */
  round: ew.round,
  /**
   * Elementwise clamp into `[min, max]`; either bound may be omitted (`null`/`undefined`). The gradient
   * is 1 inside the range, 0 outside. PyTorch: `x.clamp(min=0, max=1)`.
   * @example
   * tensor([-1, 0.5, 2]).clamp(0, 1); // tensor([0.0000, 0.5000, 1.0000])
   * tensor([-1, 2]).clamp(null, 1); // tensor([-1,  1])
   * // PyTorch's x.clamp(max=1):
   * tensor([-1, 2]).clamp({ max: 1 }); // tensor([-1,  1])
   */
  clamp: ew.clamp,
  /**
   * `clamp` under its other PyTorch name (`x.clip(min, max)`); the bounds may be tensors.
   * @example
   * tensor([-1, 2]).clip(0, 1); // tensor([0, 1])
   */
  clip: ew.clip,
  /**
   * Every window of `size` elements along `dimension`, `step` apart, as a new last dim of a view.
   * PyTorch: `x.unfold(0, 2, 1)`.
   * @example
   * arange(5).unfold(0, 2, 2); // tensor([[0, 1], [2, 3]])
   */
  unfold: vw.unfoldWindows,
  /**
   * Elementwise `this == other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.eq(y)` or `x == y`.
   * @example
   * tensor([1, 2, 3]).eq(2); // tensor([False,  True, False])
   */
  eq: ew.eq,
  /**
   * Elementwise `this != other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.ne(y)` or `x != y`.
   * @example
   * tensor([1, 2, 3]).ne(2); // tensor([ True, False,  True])
   */
  ne: ew.ne,
  /**
   * Elementwise `this < other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.lt(y)` or `x < y`.
   * @example
   * tensor([1, 2, 3]).lt(2); // tensor([ True, False, False])
   */
  lt: ew.lt,
  /**
   * Elementwise `this <= other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.le(y)` or `x <= y`.
   * @example
   * tensor([1, 2, 3]).le(2); // tensor([ True,  True, False])
   */
  le: ew.le,
  /**
   * Elementwise `this > other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.gt(y)` or `x > y`.
   * @example
   * tensor([1, 2, 3]).gt(2); // tensor([False, False,  True])
   */
  gt: ew.gt,
  /**
   * Elementwise `this >= other` as a bool tensor, broadcasting; `other` may be a number. PyTorch:
   * `x.ge(y)` or `x >= y`.
   * @example
   * tensor([1, 2, 3]).ge(2); // tensor([False,  True,  True])
   */
  ge: ew.ge,
  /**
   * Elementwise logical NOT (nonzero is true) as a bool tensor. PyTorch: `x.logical_not()` (`~mask` on bools).
   * @example
   * tensor([true, false]).logicalNot(); // tensor([False,  True])
   */
  logicalNot: ew.logicalNot,
  /**
   * Elementwise logical AND as a bool tensor, broadcasting. PyTorch: `x.logical_and(y)` (`a & b` on bools).
   * @example
   * tensor([true, true]).logicalAnd(tensor([true, false])); // tensor([ True, False])
   */
  logicalAnd: ew.logicalAnd,
  /**
   * Elementwise logical OR as a bool tensor, broadcasting. PyTorch: `x.logical_or(y)` (`a | b` on bools).
   * @example
   * tensor([false, true]).logicalOr(tensor([false, false])); // tensor([False,  True])
   */
  logicalOr: ew.logicalOr,
  /**
   * Elementwise "is NaN" as a bool tensor. PyTorch: `x.isnan()`.
   * @example
   * tensor([1, NaN]).isnan(); // tensor([False,  True])
   */
  isnan: ew.isnan,
  /** {@link math.asin} */ asin: math.asin,
  /** {@link math.acos} */ acos: math.acos,
  /** {@link math.atan} */ atan: math.atan,
  /** {@link math.sinh} */ sinh: math.sinh,
  /** {@link math.cosh} */ cosh: math.cosh,
  /** {@link math.asinh} */ asinh: math.asinh,
  /** {@link math.acosh} */ acosh: math.acosh,
  /** {@link math.atanh} */ atanh: math.atanh,
  /** {@link math.expm1} */ expm1: math.expm1,
  /** {@link math.exp2} */ exp2: math.exp2,
  /** {@link math.log2} */ log2: math.log2,
  /** {@link math.log10} */ log10: math.log10,
  /** {@link math.erf} */ erf: math.erf,
  /** {@link math.erfc} */ erfc: math.erfc,
  /** {@link math.sinc} */ sinc: math.sinc,
  /** {@link math.logit} */ logit: math.logit,
  /** {@link math.xlogy} */ xlogy: math.xlogy,
  /** {@link math.trunc} */ trunc: math.trunc,
  /** {@link math.frac} */ frac: math.frac,
  /** {@link math.isinf} */ isinf: math.isinf,
  /** {@link math.isfinite} */ isfinite: math.isfinite,
  /** {@link math.atan2} */ atan2: math.atan2,
  /** {@link math.fmod} */ fmod: math.fmod,
  /** {@link math.remainder} */ remainder: math.remainder,
  /** {@link math.hypot} */ hypot: math.hypot,
  /** {@link math.logaddexp} */ logaddexp: math.logaddexp,
  /** {@link math.lerp} */ lerp: math.lerp,
  /** {@link math.addcmul}: `this + value · tensor1 · tensor2`. */ addcmul: math.addcmul,
  /** {@link math.addcdiv}: `this + value · tensor1 / tensor2`. */ addcdiv: math.addcdiv,
  /**
   * The int32 coordinates of the nonzero elements, shape `[count, dim()]`, in row-major order. PyTorch: `x.nonzero()`.
   * @example
   * tensor([[0, 1], [2, 0]]).nonzero(); // tensor([[0, 1], [1, 0]])
   */
  nonzero: cmp.nonzero,
  /**
   * Elementwise `|this − other| ≤ atol + rtol·|other|` as a bool tensor; options `{ rtol = 1e-5,
   * atol = 1e-8, equalNan = false }`. PyTorch: `torch.isclose(x, y)`.
   * @example
   * tensor([1, 2], { dtype: "float32" }).isclose(tensor([1.000001, 2.1])); // tensor([ True, False])
   */
  isclose: cmp.isclose,
  /**
   * Whether every element is close to `other` (see `isclose`), as a JS boolean. PyTorch: `torch.allclose(x, y)`.
   * @example
   * tensor([1, 2], { dtype: "float32" }).allclose(tensor([1.000001, 2])); // true
   */
  allclose: cmp.allclose,
  /**
   * Whether `other` has this shape and these elements, as a JS boolean (NaN equals nothing). PyTorch: `torch.equal(x, y)`.
   * @example
   * tensor([1, 2]).equal(tensor([1, 2])); // true
   */
  equal: cmp.equal,

  /**
   * Sum of all elements, or over `dim` (a dim or a list of dims); `keepdim` (default false) keeps the
   * reduced dims with size 1. PyTorch: `x.sum()`, `x.sum(dim=1, keepdim=True)`.
   * @example
   * tensor([[1, 2], [3, 4]]).sum(); // tensor(10)
   * tensor([[1, 2], [3, 4]]).sum(1, true); // tensor([[3], [7]])
   */
  sum: red.sum,
  /**
   * Mean of all elements, or over `dim` (a dim or a list); `keepdim` default false. Floating-point only. PyTorch: `x.mean()`, `x.mean(0)`.
   * @example
   * tensor([[1, 2], [3, 4]], { dtype: "float32" }).mean(0); // tensor([2., 3.])
   */
  mean: red.mean,
  /**
   * Product of all elements, or along one `dim`; `keepdim` default false. PyTorch: `x.prod()`, `x.prod(1)`.
   * @example
   * tensor([[1, 2], [3, 4]]).prod(1); // tensor([ 2, 12])
   */
  prod: red.prod,
  /**
   * Maximum over `dim` (a dim, a list, or all); the gradient is shared evenly between ties. `keepdim` default false. PyTorch: `x.amax(1)`.
   * @example
   * tensor([[1, 5], [4, 2]]).amax(1); // tensor([5, 4])
   */
  amax: red.amax,
  /**
   * Minimum over `dim` (a dim, a list, or all); the gradient is shared evenly between ties. `keepdim` default false. PyTorch: `x.amin(1)`.
   * @example
   * tensor([[1, 5], [4, 2]]).amin(1); // tensor([1, 2])
   */
  amin: red.amin,
  /**
   * The int32 index of the maximum, of the flattened tensor or along `dim` (first of ties); `keepdim` default false. PyTorch: `x.argmax(dim=1)`.
   * @example
   * tensor([[1, 5], [4, 2]]).argmax(1); // tensor([1, 0])
   * tensor([[1, 5], [4, 2]]).argmax(); // tensor(1)
   */
  argmax: red.argmax,
  /**
   * The int32 index of the minimum, of the flattened tensor or along `dim` (first of ties); `keepdim` default false. PyTorch: `x.argmin(dim=1)`.
   * @example
   * tensor([[1, 5], [4, 2]]).argmin(1); // tensor([0, 1])
   */
  argmin: red.argmin,
  /**
   * Sorts along `dim` (default -1), ascending unless `descending`; stable, NaN last. Returns
   * `{ values, indices }` (int32 source indices). PyTorch: `values, indices = x.sort(dim, descending)`.
   * @example
   * const { values, indices } = tensor([3, 1, 2]).sort();
   * values; // tensor([1, 2, 3])
   * indices; // tensor([1, 2, 0])
   */
  sort: srt.sort,
  /**
   * The int32 indices that sort along `dim` (default -1), ascending unless `descending`. PyTorch: `x.argsort()`.
   * @example
   * tensor([3, 1, 2]).argsort(); // tensor([1, 2, 0])
   */
  argsort: srt.argsort,
  /**
   * The `k` largest (or, with `largest = false`, smallest) values along `dim` (default -1) and their int32
   * indices, as `{ values, indices }`. PyTorch: `x.topk(k)`.
   * @example
   * tensor([1, 9, 3, 7]).topk(2).values; // tensor([9, 7])
   */
  topk: srt.topk,
  /**
   * `log(sum(exp(x)))` over `dim` (a dim or a list), computed stably; `keepdim` default false. PyTorch: `x.logsumexp(1)`.
   * @example
   * tensor([[0, 0]], { dtype: "float32" }).logsumexp(1); // tensor([0.6931])
   */
  logsumexp: sm.logsumexp,
  /**
   * The `p`-norm (default 2; also `Infinity`, `-Infinity`, 0, 1) of all elements or over `dim`; `keepdim`
   * default false. PyTorch: `x.norm(p, dim)` (`torch.linalg.vector_norm`).
   * @example
   * tensor([3, 4], { dtype: "float32" }).norm(); // tensor(5.)
   */
  norm: red.norm,
  /**
   * Cumulative sum along `dim`. PyTorch: `x.cumsum(dim)`.
   * @example
   * tensor([1, 2, 3]).cumsum(0); // tensor([1, 3, 6])
   */
  cumsum: red.cumsum,
  /** {@link red.cumprod} */ cumprod: red.cumprod,
  /**
   * Whether every element is nonzero (a 0-d bool tensor), or along `dim`. PyTorch: `x.all()`, `x.all(1)`.
   * @example
   * tensor([1, 0]).all(); // tensor(False)
   * tensor([[1, 0], [1, 1]]).all(1); // tensor([False,  True])
   */
  all: red.all,
  /**
   * Whether any element is nonzero (a 0-d bool tensor), or along `dim`. PyTorch: `x.any()`, `x.any(1)`.
   * @example
   * tensor([1, 0]).any(); // tensor(True)
   * tensor([[0, 0], [1, 0]]).any(1, true); // tensor([[False], [ True]])
   */
  any: red.any,

  /**
   * Matrix product with PyTorch's rules: 1-d·1-d is a dot product, 2-d·2-d a matrix product, and
   * batch dims broadcast (`[B, n, m] @ [m, p]` is `[B, n, p]`). PyTorch: `x.matmul(y)` or `x @ y`.
   * @example
   * tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])); // tensor([3, 7])
   * randn([5, 2, 3]).matmul(randn([3, 4])).shape; // [5, 2, 4]
   */
  matmul: mm.matmul,
  /**
   * Product of two 2-d matrices `[n, m] @ [m, p]` (no broadcasting). PyTorch: `x.mm(y)`.
   * @example
   * tensor([[1, 2]]).mm(tensor([[3], [4]])); // tensor([[11]])
   */
  mm: mm.mm,
  /**
   * Batched product of 3-d tensors `[B, n, m] @ [B, m, p]` (no broadcasting). PyTorch: `x.bmm(y)`.
   * @example
   * randn([4, 2, 3]).bmm(randn([4, 3, 5])).shape; // [4, 2, 5]
   */
  bmm: mm.bmm,
  /**
   * Dot product of two 1-d tensors of the same length, a 0-d tensor. PyTorch: `x.dot(y)`.
   * @example
   * tensor([1, 2]).dot(tensor([3, 4])); // tensor(11)
   */
  dot: mm.dot,
  /**
   * Softmax along `dim`: `exp(x) / sum(exp(x))`, computed stably; `dtype` casts the input first. PyTorch: `x.softmax(dim, dtype=None)` (`F.softmax(x, dim)`).
   * @example
   * tensor([0, 0], { dtype: "float32" }).softmax(0); // tensor([0.5000, 0.5000])
   */
  softmax: sm.softmax,
  /**
   * `log(softmax(x))` along `dim`, computed stably (fused, with its own backward); `dtype` casts the input first. PyTorch: `x.log_softmax(dim, dtype=None)`.
   * @example
   * tensor([0, 0], { dtype: "float32" }).logSoftmax(0); // tensor([-0.6931, -0.6931])
   */
  logSoftmax: sm.logSoftmax,

  /**
   * Picks values along `dim` at the int32 `index` (same number of dims; `out[i][j] = x[i][index[i][j]]` for
   * `dim = 1`). PyTorch: `x.gather(dim, index)`; its gradient is a scatter-add.
   * @example
   * tensor([[1, 2], [3, 4]]).gather(1, tensor([[1], [0]])); // tensor([[2], [3]])
   */
  gather: idx.gather,
  /**
   * A copy with `src` (a tensor or a number) written at the int32 `index` along `dim`
   * (`out[i][index[i][j]] = src[i][j]` for `dim = 1`); option `{ reduce: "add" | "multiply" }`.
   * PyTorch: `x.scatter(dim, index, src)`.
   * @example
   * zeros([2, 3]).scatter(1, tensor([[0], [2]]), 1); // tensor([[1., 0., 0.], [0., 0., 1.]])
   */
  scatter: idx.scatter,
  /**
   * A copy with `src` added at the int32 `index` along `dim`; repeated indices accumulate. PyTorch:
   * `x.scatter_add(dim, index, src)`.
   * @example
   * zeros([3]).scatterAdd(0, tensor([0, 0, 2]), ones([3])); // tensor([2., 0., 1.])
   */
  scatterAdd: idx.scatterAdd,
  /**
   * The entries at the int32 1-d `index` along `dim`. PyTorch: `x.index_select(dim, index)` (`x[index]` for `dim = 0`).
   * @example
   * tensor([[1, 2], [3, 4], [5, 6]]).indexSelect(0, tensor([2, 0])); // tensor([[5, 6], [1, 2]])
   */
  indexSelect: idx.indexSelect,
  /**
   * A copy with `value` where the bool `mask` (broadcast to this shape) is true. PyTorch: `x.masked_fill(mask, value)`.
   * @example
   * zeros([3]).maskedFill(tensor([true, false, true]), 5); // tensor([5., 0., 5.])
   */
  maskedFill: idx.maskedFill,
  /**
   * The elements where the bool `mask` (broadcasting) is true, as a 1-d tensor. PyTorch: `x.masked_select(mask)` (`x[mask]`).
   * @example
   * tensor([1, -2, 3]).maskedSelect(tensor([true, false, true])); // tensor([1, 3])
   */
  maskedSelect: idx.maskedSelect,
  /**
   * A copy where the positions of the true entries of `mask`, in order, take the first elements of
   * `source`. PyTorch: `x.masked_scatter(mask, source)`.
   * @example
   * zeros([3]).maskedScatter(tensor([true, false, true]), ones([2])); // tensor([1., 0., 1.])
   */
  maskedScatter: idx.maskedScatter,
  /**
   * A copy with `value` at the int32 `index` entries along `dim`. PyTorch: `x.index_fill(dim, index, value)`.
   * @example
   * zeros([3]).indexFill(0, tensor([0, 2]), -1); // tensor([-1.,  0., -1.])
   */
  indexFill: idx.indexFill,
  /**
   * A copy with the slices of `source` added at the int32 `index` along `dim` (option `{ alpha }` scales
   * them, default 1). PyTorch: `x.index_add(dim, index, source)`.
   * @example
   * zeros([3]).indexAdd(0, tensor([0, 0]), ones([2])); // tensor([2., 0., 0.])
   */
  indexAdd: idx.indexAdd,
  /**
   * A copy with the slices of `source` written at the int32 `index` along `dim`. PyTorch: `x.index_copy(dim, index, source)`.
   * @example
   * zeros([3]).indexCopy(0, tensor([2]), ones([1])); // tensor([0., 0., 1.])
   */
  indexCopy: idx.indexCopy,
  /**
   * A copy with `values` written at the coordinates given by a list of int32 index tensors (added, with
   * `accumulate = true`). PyTorch: `x.index_put((rows, cols), values)`, i.e. `x[rows, cols] = values`.
   * @example
   * zeros([2, 2]).indexPut([tensor([0, 1]), tensor([1, 0])], ones([2])); // tensor([[0., 1.], [1., 0.]])
   */
  indexPut: idx.indexPut,
  /**
   * The elements at the int32 `index` into the flattened tensor, in `index`'s shape. PyTorch: `x.take(index)`.
   * @example
   * tensor([[1, 2], [3, 4]]).take(tensor([0, 3])); // tensor([1, 4])
   */
  take: idx.take,
  /**
   * `gather` with broadcasting of `indices` (or, without `dim`, of the flattened tensor). PyTorch:
   * `x.take_along_dim(indices, dim)`.
   * @example
   * const x = tensor([[1, 5], [4, 2]]);
   * x.takeAlongDim(x.argmax(1, true), 1); // tensor([[5], [4]])
   */
  takeAlongDim: idx.takeAlongDim,
  /**
   * A copy with `src` reduced into the int32 `index` along `dim` by `"sum"`, `"prod"`, `"mean"`, `"amax"` or
   * `"amin"`; option `{ includeSelf = true }`. PyTorch: `x.scatter_reduce(dim, index, src, reduce)`.
   * @example
   * zeros([2]).scatterReduce(0, tensor([0, 0, 1]), tensor([1, 3, 5], { dtype: "float32" }), "amax"); // tensor([3., 5.])
   */
  scatterReduce: idx.scatterReduce,
  /**
   * Outer product of two 1-d tensors, shape `[n, m]`. PyTorch: `torch.outer(x, y)`.
   * @example
   * tensor([1, 2]).outer(tensor([1, 10])); // tensor([[ 1, 10], [ 2, 20]])
   */
  outer: mm.outer,
  /**
   * `beta·this + alpha·(m1 @ m2)` with 2-d `m1`, `m2` and this broadcast to `[n, p]`; options
   * `{ beta = 1, alpha = 1 }`. PyTorch: `torch.addmm(bias, x, w)` (Linear's kernel).
   * @example
   * zeros([2]).addmm(ones([1, 3]), ones([3, 2])); // tensor([[3., 3.]])
   */
  addmm: mm.addmm,
  /**
   * `beta·this + alpha·(b1 @ b2)` for 3-d batches; options `{ beta = 1, alpha = 1 }`. PyTorch: `torch.baddbmm(x, b1, b2)`.
   * @example
   * zeros([4, 2, 5]).baddbmm(randn([4, 2, 3]), randn([4, 3, 5])).shape; // [4, 2, 5]
   */
  baddbmm: mm.baddbmm,
  /**
   * Pairwise `p`-norm distances (default `p = 2`) between the rows of this `[.., P, M]` and of `x2`
   * `[.., R, M]`, shape `[.., P, R]`. PyTorch: `torch.cdist(x1, x2)`.
   * @example
   * tensor([[0, 0], [3, 4]], { dtype: "float32" }).cdist(zeros([1, 2])); // tensor([[0.], [5.]])
   */
  cdist: mm.cdist,
  /**
   * The diagonal of a 2-d tensor as 1-d, or the 2-d matrix with a 1-d tensor on its diagonal; `diagonal`
   * (default 0) picks one above (> 0) or below. PyTorch: `x.diag()`.
   * @example
   * tensor([[1, 2], [3, 4]]).diag(); // tensor([1, 4])
   */
  diag: ra.diag,
  /**
   * Sum of the diagonal of a 2-d tensor. PyTorch: `x.trace()`.
   * @example
   * tensor([[1, 2], [3, 4]]).trace(); // tensor(5)
   */
  trace: ra.trace,
  /**
   * Rolls elements by `shifts` along `dims` (or, without dims, along the flattened tensor); elements
   * shifted past the end come back at the start. PyTorch: `x.roll(1, 0)`.
   * @example
   * tensor([1, 2, 3]).roll(1); // tensor([3, 1, 2])
   */
  roll: ra.roll,
  /**
   * The `n`-th forward difference (default 1) along `dim` (default -1); options `{ prepend, append }`.
   * PyTorch: `x.diff()`.
   * @example
   * tensor([1, 4, 9]).diff(); // tensor([3, 5])
   */
  diff: ra.diff,
  /**
   * Elementwise `max(x, min)`. PyTorch: `x.clamp_min(min)` (`x.clamp(min=...)`).
   * @example
   * tensor([-1, 2]).clampMin(0); // tensor([0, 2])
   */
  clampMin: ew.clampMin,
  /**
   * Elementwise `min(x, max)`. PyTorch: `x.clamp_max(max)` (`x.clamp(max=...)`).
   * @example
   * tensor([-1, 2]).clampMax(0); // tensor([-1,  0])
   */
  clampMax: ew.clampMax,
  /**
   * Counts of each value of a 1-d non-negative int tensor, length `max + 1` (at least `minlength`);
   * option `{ weights, minlength }`. PyTorch: `x.bincount()`.
   * @example
   * tensor([0, 1, 1, 3]).bincount(); // tensor([1, 2, 0, 1])
   */
  bincount: red.bincount,
  /**
   * Histogram of the values in `bins` (default 100) equal bins over `[min, max]` (both 0: the data's
   * range), as a float tensor. PyTorch: `x.histc(bins, min, max)`.
   * @example
   * tensor([1, 2, 1], { dtype: "float32" }).histc(4, 0, 3); // tensor([0., 2., 1., 0.])
   */
  histc: red.histc,
  /**
   * The sorted distinct values; options `{ sorted, returnInverse, returnCounts, dim }` add the inverse
   * indices and counts (then the result is a list). PyTorch: `x.unique()`.
   * @example
   * tensor([3, 1, 3]).unique(); // tensor([1, 3])
   */
  unique: srt.unique,
  /**
   * Samples 1 with probability `this[i]` (each in `[0, 1]`), else 0, from the global generator (or option
   * `{ generator }`). PyTorch: `torch.bernoulli(p)`.
   * @example
   * ones([3]).bernoulli(); // tensor([1., 1., 1.])
   */
  bernoulli: smp.bernoulli,
  /**
   * Samples `numSamples` int32 category indices from each row of non-negative weights (option
   * `replacement`, default false). PyTorch: `torch.multinomial(probs, n)`.
   * @example
   * tensor([0, 1, 0], { dtype: "float32" }).multinomial(2, true); // tensor([1, 1])
   */
  multinomial: smp.multinomial,
  /** {@link cr.newZeros}: `new_zeros(size)`, this tensor's dtype. */ newZeros: cr.newZeros,
  /** {@link cr.newOnes}: `new_ones(size)`, this tensor's dtype. */ newOnes: cr.newOnes,
  /** {@link cr.newEmpty}: `new_empty(size)`, this tensor's dtype. */ newEmpty: cr.newEmpty,
  /** {@link cr.newFull}: `new_full(size, value)`, this tensor's dtype. */ newFull: cr.newFull,
  /** {@link cr.newTensor}: `new_tensor(data)`, this tensor's dtype. */ newTensor: cr.newTensor,
  /** This tensor in `other`'s dtype (`x.type_as(other)`). */ typeAs: vw.typeAs,
  /** {@link vw.movedim} */ movedim: vw.movedim,
  /** {@link vw.movedim} under NumPy's name (`moveaxis`). */ moveaxis: vw.movedim,
  /** {@link vw.swapaxes} */ swapaxes: vw.swapaxes,
  /** {@link vw.swapaxes} (`swapdims`). */ swapdims: vw.swapaxes,
  /** {@link vw.unflatten} */ unflatten: vw.unflatten,
  /** {@link vw.diagonal} */ diagonal: vw.diagonal,
  /** {@link mm.mv} */ mv: mm.mv,
};

/** An op `(self, ...args) => r` seen as a method `(...args) => r`. */
type Method<F> = F extends (self: Tensor, ...args: infer A) => infer R ? (...args: A) => R : never;
type Forwards = { [K in keyof typeof forwards]: Method<(typeof forwards)[K]> };

/** Sizes as PyTorch takes them: `f(2, 3)` or `f([2, 3])`. */
type Sizes = number[] | [readonly number[]];

/** The methods that are more than `op(this, ...args)`. */
interface Methods {
  /**
   * The last two dims swapped (`x.mT`): the transpose of a matrix or of each matrix in a batch.
   *
   * @example
   * zeros([5, 2, 3]).mT.shape // [5, 3, 2]
   */
  readonly mT: Tensor;
  /**
   * Whether gradients should be computed for this tensor (`requires_grad`). Settable on leaves
   * only, and `true` only for floating-point tensors, as in PyTorch.
   *
   * @example
   * const w = zeros([2]);
   * w.requiresGrad = true;
   * w.mul(2).requiresGrad; // true
   */
  get requiresGrad(): boolean;
  /** Sets `requires_grad` on a leaf (`x.requires_grad = True`); an error on a computed tensor or an int/bool one. */
  set requiresGrad(flag: boolean);
  /**
   * The accumulated gradient of a leaf (or of a tensor that called `retainGrad()`). Assigning checks,
   * as PyTorch does, that the new value is a Tensor (or null) of this tensor's shape and dtype.
   * Reading it on a non-leaf that does not retain its grad warns once, as PyTorch's UserWarning does
   * (backward never fills it: call `retainGrad()` first, or read the leaf's).
   *
   * @example
   * const w = ones([2], { requiresGrad: true });
   * w.mul(w).sum().backward();
   * w.grad; // tensor([2., 2.])
   * w.grad = null;
   */
  get grad(): Tensor | null;
  /**
   * Whether `backward()` fills this non-leaf's `.grad`, i.e. `retainGrad()` was called (`x.retains_grad`).
   * @example
   * const h = ones([2], { requiresGrad: true }).mul(2);
   * h.retainsGrad; // false
   * h.retainGrad().retainsGrad; // true
   */
  readonly retainsGrad: boolean;
  /** Replaces (or, with null, clears) the accumulated gradient, checked against this shape and dtype (`x.grad = None`). */
  set grad(g: Tensor | null);
  /**
   * Computes the gradient of this tensor w.r.t. the graph leaves (`backward()`). A non-scalar
   * tensor needs an explicit `gradient` of its own shape, as in PyTorch.
   *
   * @example
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.pow(2).sum().backward();
   * x.grad; // tensor([2., 4.])
   * x.mul(2).backward(ones([2])); // a non-scalar needs a gradient of its shape
   * x.grad; // tensor([4., 6.])
   * // PyTorch's keywords: loss.backward(retain_graph=True)
   * const y = x.pow(2).sum();
   * y.backward({ retainGraph: true });
   * y.backward(null, { retainGraph: true }); // the same, positionally
   */
  backward(gradient?: Tensor | null, options?: BackwardOptions): void;
  /**
   * `backward` with PyTorch's keywords first: `y.backward({ retainGraph: true })` for
   * `y.backward(retain_graph=True)`, the gradient among them (`{ gradient, retainGraph }`).
   * @example
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.pow(2).sum().backward({ retainGraph: false });
   * x.grad; // tensor([2., 4.])
   */
  backward(options: BackwardKeywords): void;
  /**
   * Sets `requiresGrad` (default true) in place and returns this tensor. Only leaves can change it.
   * PyTorch: `x.requires_grad_()`.
   * @example
   * zeros([2]).requiresGrad_().requiresGrad; // true
   */
  requiresGrad_(flag?: boolean): this;
  /**
   * Registers `hook(grad)` to run each time a gradient for this tensor is computed; a Tensor it
   * returns replaces the gradient (for `.grad` on a leaf, for the rest of the graph on a non-leaf).
   * Hooks run in registration order; `retainGrad()` stores the gradient at the point in that order
   * where it was called, as in PyTorch 1.13. Returns a handle whose `remove()` unregisters it.
   *
   * PyTorch: `h = x.register_hook(lambda grad: grad * 2)`; `h.remove()`
   *
   * @example
   * const x = ones([2], { requiresGrad: true });
   * const h = x.registerHook((g) => g.mul(2));
   * x.mul(3).sum().backward();
   * x.grad; // tensor([6., 6.])
   * h.remove();
   */
  registerHook(hook: TensorHook): RemovableHandle;

  /**
   * A contiguous copy that stays in the graph (gradients flow back to this tensor). PyTorch: `x.clone()`.
   * @example
   * const x = tensor([1, 2]);
   * x.clone().storage === x.storage; // false
   */
  clone(): Tensor;
  /**
   * This tensor if already contiguous (row-major, dense), else a contiguous copy. PyTorch: `x.contiguous()`.
   * @example
   * const t = zeros([2, 3]).transpose(0, 1);
   * [t.isContiguous(), t.contiguous().isContiguous()]; // [false, true]
   */
  contiguous(): Tensor;
  /**
   * A float32 copy (this tensor itself when it is float32 already). PyTorch: `x.float()`.
   * @example
   * tensor([1, 2]).float(); // tensor([1., 2.])
   */
  float(): Tensor;
  /**
   * A float64 copy (this tensor itself when it is float64 already). PyTorch: `x.double()`.
   * @example
   * tensor([1, 2]).double().dtype; // "float64"
   */
  double(): Tensor;
  /**
   * An int32 copy, truncating toward zero (this tensor itself when int32 already). PyTorch: `x.int()`.
   * @example
   * tensor([1.7, -1.7]).int(); // tensor([ 1, -1])
   */
  int(): Tensor;
  /**
   * A bool copy: nonzero is true. PyTorch: `x.bool()`.
   * @example
   * tensor([0, 2]).bool(); // tensor([False,  True])
   */
  bool(): Tensor;
  /**
   * The same elements in a new shape, sharing this tensor's storage (no copy); one size may be -1 (inferred).
   * Sizes as varargs or one array: `view(2, 3)` or `view([2, 3])`. Like PyTorch's `x.view(2, 3)`, it fails
   * when the strides cannot express the new shape (after a `transpose`, say): use `reshape` then.
   * @example
   * const x = arange(6);
   * x.view(2, 3); // tensor([[0, 1, 2], [3, 4, 5]])
   * x.view([-1, 2]).shape; // [3, 2]
   */
  view(...shape: Sizes): Tensor;
  /**
   * The same elements in a new shape: a view when the strides allow it, else a contiguous copy; one size
   * may be -1 (inferred). Sizes as varargs or one array. PyTorch: `x.reshape(2, -1)`.
   * @example
   * arange(6).reshape(2, -1); // tensor([[0, 1, 2], [3, 4, 5]])
   * arange(6).view(2, 3).transpose(0, 1).reshape([6]); // tensor([0, 3, 1, 4, 2, 5])
   */
  reshape(...shape: Sizes): Tensor;
  /**
   * `view` to `other`'s shape. PyTorch: `x.view_as(other)`.
   * @example
   * arange(4).viewAs(zeros([2, 2])).shape; // [2, 2]
   */
  viewAs(other: Tensor): Tensor;
  /**
   * `reshape` to `other`'s shape. PyTorch: `x.reshape_as(other)`.
   * @example
   * arange(4).reshapeAs(zeros([2, 2])).shape; // [2, 2]
   */
  reshapeAs(other: Tensor): Tensor;
  /**
   * Transpose of a tensor with at most 2 dims, as a view (0-d and 1-d come back as they are). PyTorch: `x.t()`.
   * @example
   * tensor([[1, 2]]).t(); // tensor([[1], [2]])
   */
  t(): Tensor;
  /**
   * All dims reversed, as a view: the transpose of a matrix. PyTorch: `x.T`.
   * @example
   * zeros([2, 3]).T.shape; // [3, 2]
   */
  get T(): Tensor;
  /**
   * Reorders the dims (`dims` is a permutation of `0..dim()-1`, negatives allowed), as a view. Dims as
   * varargs or one array. PyTorch: `x.permute(2, 0, 1)`.
   * @example
   * zeros([2, 3, 4]).permute(2, 0, 1).shape; // [4, 2, 3]
   */
  permute(...dims: Sizes): Tensor;
  /**
   * A broadcast view: size-1 dims are repeated to `shape` without copying (-1 keeps a size); new leading
   * dims may be added. PyTorch: `x.expand(3, -1)`.
   * @example
   * tensor([[1], [2]]).expand(2, 3); // tensor([[1, 1, 1], [2, 2, 2]])
   */
  expand(...shape: Sizes): Tensor;
  /**
   * `expand` to `other`'s shape. PyTorch: `x.expand_as(other)`.
   * @example
   * tensor([1, 2]).expandAs(zeros([3, 2])).shape; // [3, 2]
   */
  expandAs(other: Tensor): Tensor;
  /**
   * Tiles the tensor `sizes[i]` times along each dim (sizes as varargs or one array; extra leading sizes
   * add dims); a new tensor, not a view. PyTorch: `x.repeat(2, 3)`.
   * @example
   * tensor([1, 2]).repeat(2); // tensor([1, 2, 1, 2])
   * tensor([1, 2]).repeat(2, 1).shape; // [2, 2]
   */
  repeat(...sizes: Sizes): Tensor;
  /**
   * `repeat` that pads `dims` with leading 1s when it has fewer entries than this tensor has dims. PyTorch: `x.tile(2)`.
   * @example
   * tensor([[1, 2]]).tile(2); // tensor([[1, 2, 1, 2]])
   */
  tile(...dims: Sizes): Tensor;
  /**
   * Reverses the order along `dims` (`flip(0)` or `flip([0, 1])`); a copy, as in PyTorch. PyTorch: `x.flip(0)`.
   * @example
   * tensor([1, 2, 3]).flip(0); // tensor([3, 2, 1])
   */
  flip(...dims: Sizes): Tensor;
  /**
   * This tensor where the bool `condition` is true, else `other` (all three broadcast). PyTorch:
   * `x.where(condition, y)`, i.e. `torch.where(condition, x, y)`.
   * @example
   * tensor([1, 2, 3]).where(tensor([true, false, true]), 0); // tensor([1, 0, 3])
   */
  where(condition: Tensor, other: TensorLike): Tensor;
  /**
   * Max of all elements (a 0-d tensor), or `{ values, indices }` along `dim` (`keepdim` default false),
   * or with a tensor the elementwise `maximum`.
   * PyTorch: `x.max()`, `values, indices = x.max(dim)`, `x.max(other)`.
   * @example
   * tensor([[1, 5], [4, 2]]).max(); // tensor(5)
   * tensor([1, 5]).max(tensor([4, 2])); // tensor([4, 5])
   * tensor([[1, 5], [4, 2]]).max(1).values; // tensor([5, 4])
   */
  max(): Tensor;
  /** The maxima along `dim` and their int32 indices (`keepdim` default false). */
  max(dim: number, keepdim?: Keepdim): ValuesIndices;
  /** With a tensor, the elementwise `maximum` (PyTorch's `x.max(other)`). */
  max(other: Tensor): Tensor;
  /**
   * Min of all elements (a 0-d tensor), or `{ values, indices }` along `dim` (`keepdim` default false),
   * or with a tensor the elementwise `minimum`.
   * PyTorch: `x.min()`, `values, indices = x.min(dim)`, `x.min(other)`.
   * @example
   * tensor([[1, 5], [4, 2]]).min(); // tensor(1)
   * tensor([[1, 5], [4, 2]]).min(1).indices; // tensor([0, 1])
   */
  min(): Tensor;
  /** The minima along `dim` and their int32 indices (`keepdim` default false). */
  min(dim: number, keepdim?: Keepdim): ValuesIndices;
  /** With a tensor, the elementwise `minimum` (PyTorch's `x.min(other)`). */
  min(other: Tensor): Tensor;
  /**
   * Variance over `dim` (all elements by default), with options `{ correction = 1 (Bessel), keepdim = false }`
   * or PyTorch's positional `unbiased` and `keepdim`. PyTorch: `x.var(dim, correction=1, keepdim=False)`,
   * `x.var(1, False)`, `x.var(False)`.
   * @example
   * tensor([1, 3], { dtype: "float32" }).var(); // tensor(2.)
   * // as x.var(0, unbiased=False):
   * tensor([1, 3], { dtype: "float32" }).var(0, false); // tensor(1.)
   */
  var(dim?: number | number[] | null, options?: VarOptions): Tensor;
  /** PyTorch's `x.var(dim, unbiased, keepdim)`. */
  var(dim: number | number[] | null, unbiased: boolean, keepdim?: boolean): Tensor;
  /** PyTorch's `x.var(unbiased)`, over all elements. */
  var(unbiased: boolean): Tensor;
  /**
   * Standard deviation over `dim` (all elements by default), with options `{ correction = 1, keepdim = false }`
   * or PyTorch's positional `unbiased` and `keepdim`. PyTorch: `x.std(dim, correction=1, keepdim=False)`,
   * `x.std(1, False)`, `x.std(False)`.
   * @example
   * tensor([1, 3], { dtype: "float32" }).std(); // tensor(1.4142)
   */
  std(dim?: number | number[] | null, options?: VarOptions): Tensor;
  /** PyTorch's `x.std(dim, unbiased, keepdim)`. */
  std(dim: number | number[] | null, unbiased: boolean, keepdim?: boolean): Tensor;
  /** PyTorch's `x.std(unbiased)`, over all elements. */
  std(unbiased: boolean): Tensor;

  /**
   * Fills with `value` in place and returns this tensor. PyTorch: `x.fill_(value)`.
   * @example
   * zeros([3]).fill_(7); // tensor([7., 7., 7.])
   */
  fill_(value: number): this;
  /**
   * Fills with zeros in place (`x.zero_()`).
   * @example
   * ones([2]).zero_(); // tensor([0., 0.])
   */
  zero_(): this;
  /**
   * Copies `src` (broadcast to this shape, converted to this dtype) into this tensor in place; differentiable
   * in `src`. PyTorch: `x.copy_(src)`.
   * @example
   * zeros([2, 2]).copy_(tensor([1, 2])); // tensor([[1., 2.], [1., 2.]])
   */
  copy_(src: TensorLike): this;
  /**
   * In-place `this += alpha·other` (`alpha` default 1); `other` broadcasts to this shape. PyTorch: `x.add_(y, alpha=2)`.
   * @example
   * ones([2]).add_(tensor([1, 2]), 10); // tensor([11., 21.])
   */
  add_(other: TensorLike, alpha?: ew.Alpha): this;
  /**
   * In-place `this −= alpha·other` (`alpha` default 1). PyTorch: `x.sub_(y)`.
   * @example
   * ones([2]).sub_(1); // tensor([0., 0.])
   */
  sub_(other: TensorLike, alpha?: ew.Alpha): this;
  /**
   * In-place `this *= other`. PyTorch: `x.mul_(y)`.
   * @example
   * ones([2]).mul_(3); // tensor([3., 3.])
   */
  mul_(other: TensorLike): this;
  /**
   * In-place `this /= other` (float tensors; with `roundingMode`, rounded as `div` does). PyTorch: `x.div_(y)`,
   * `x.div_(y, rounding_mode="floor")`.
   * @example
   * ones([2]).div_(4); // tensor([0.2500, 0.2500])
   * tensor([7, -7]).div_(2, { roundingMode: "floor" }); // tensor([ 3, -4])
   */
  div_(other: TensorLike, options?: ew.DivOptions): this;
  /**
   * In-place clamp into `[min, max]` (either may be null). PyTorch: `x.clamp_(0, 1)`.
   * @example
   * tensor([-1, 2], { dtype: "float32" }).clamp_(0, 1); // tensor([0., 1.])
   */
  clamp_(min?: number | Tensor | null | ew.ClampOptions, max?: number | Tensor | null): this;
  /**
   * In-place `max(x, 0)`. PyTorch: `x.relu_()`.
   * @example
   * tensor([-1, 2], { dtype: "float32" }).relu_(); // tensor([0., 2.])
   */
  relu_(): this;
  /**
   * In-place negation. PyTorch: `x.neg_()`.
   * @example
   * ones([2]).neg_(); // tensor([-1., -1.])
   */
  neg_(): this;
  /**
   * In-place `e^x`. PyTorch: `x.exp_()`.
   * @example
   * zeros([2]).exp_(); // tensor([1., 1.])
   */
  exp_(): this;
  /**
   * In-place square root. PyTorch: `x.sqrt_()`.
   * @example
   * full([2], 9, { dtype: "float32" }).sqrt_(); // tensor([3., 3.])
   */
  sqrt_(): this;
  /**
   * In-place logistic sigmoid. PyTorch: `x.sigmoid_()`.
   * @example
   * tensor([0, 2], { dtype: "float32" }).sigmoid_(); // tensor([0.5000, 0.8808])
   */
  sigmoid_(): this;
  /**
   * In-place hyperbolic tangent. PyTorch: `x.tanh_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).tanh_(); // tensor([0.0000, 0.7616])
   */
  tanh_(): this;
  /**
   * In-place absolute value. PyTorch: `x.abs_()`.
   * @example
   * tensor([-1.5, 2], { dtype: "float32" }).abs_(); // tensor([1.5000, 2.0000])
   */
  abs_(): this;
  /**
   * In-place natural log. PyTorch: `x.log_()`.
   * @example
   * tensor([1, 4], { dtype: "float32" }).log_(); // tensor([0.0000, 1.3863])
   */
  log_(): this;
  /**
   * In-place sine. PyTorch: `x.sin_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).sin_(); // tensor([0.0000, 0.8415])
   */
  sin_(): this;
  /**
   * In-place cosine. PyTorch: `x.cos_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).cos_(); // tensor([1.0000, 0.5403])
   */
  cos_(): this;
  /**
   * In-place floor. PyTorch: `x.floor_()`.
   * @example
   * tensor([-1.5, 2.5], { dtype: "float32" }).floor_(); // tensor([-2.,  2.])
   */
  floor_(): this;
  /**
   * In-place ceiling. PyTorch: `x.ceil_()`.
   * @example
   * tensor([-1.5, 2.5], { dtype: "float32" }).ceil_(); // tensor([-1.,  3.])
   */
  ceil_(): this;
  /**
   * In-place truncation toward zero. PyTorch: `x.trunc_()`.
   * @example
   * tensor([-1.5, 2.5], { dtype: "float32" }).trunc_(); // tensor([-1.,  2.])
   */
  trunc_(): this;
  /**
   * In-place `1 / x`. PyTorch: `x.reciprocal_()`.
   * @example
   * tensor([2, 4], { dtype: "float32" }).reciprocal_(); // tensor([0.5000, 0.2500])
   */
  reciprocal_(): this;
  /**
   * In-place `1 / √x`. PyTorch: `x.rsqrt_()`.
   * @example
   * tensor([4, 16], { dtype: "float32" }).rsqrt_(); // tensor([0.5000, 0.2500])
   */
  rsqrt_(): this;
  /**
   * In-place square. PyTorch: `x.square_()`.
   * @example
   * tensor([-1.5, 2], { dtype: "float32" }).square_(); // tensor([2.2500, 4.0000])
   */
  square_(): this;
  /**
   * In-place sign (−1, 0 or 1). PyTorch: `x.sign_()`.
   * @example
   * tensor([-1.5, 0], { dtype: "float32" }).sign_(); // tensor([-1.,  0.])
   */
  sign_(): this;
  /**
   * In-place `log(1 + x)`. PyTorch: `x.log1p_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).log1p_(); // tensor([0.0000, 0.6931])
   */
  log1p_(): this;
  /**
   * In-place `e^x − 1`. PyTorch: `x.expm1_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).expm1_(); // tensor([0.0000, 1.7183])
   */
  expm1_(): this;
  /**
   * In-place error function. PyTorch: `x.erf_()`.
   * @example
   * tensor([0, 1], { dtype: "float32" }).erf_(); // tensor([0.0000, 0.8427])
   */
  erf_(): this;
  /**
   * In-place `this ** exponent` (a number or a broadcasting tensor). PyTorch: `x.pow_(2)`.
   * @example
   * tensor([1, 2], { dtype: "float32" }).pow_(2); // tensor([1., 4.])
   */
  pow_(exponent: TensorLike): this;
  /**
   * In-place `max(x, min)`. PyTorch: `x.clamp_min_(0)`.
   * @example
   * tensor([-1, 2], { dtype: "float32" }).clampMin_(0); // tensor([0., 2.])
   */
  clampMin_(min: number): this;
  /**
   * In-place `min(x, max)`. PyTorch: `x.clamp_max_(1)`.
   * @example
   * tensor([-1, 2], { dtype: "float32" }).clampMax_(1); // tensor([-1.,  1.])
   */
  clampMax_(max: number): this;
  /**
   * In-place `scatter`: writes `src` (a tensor or a number) at the int32 `index` along `dim`, option
   * `{ reduce: "add" | "multiply" }`. PyTorch: `x.scatter_(dim, index, src)` — the seed's
   * `true_dist.scatter_(1, target.unsqueeze(1), confidence)`.
   * @example
   * zeros([2, 3]).scatter_(1, tensor([[2], [0]]), 0.9); // tensor([[0.0000, 0.0000, 0.9000], [0.9000, 0.0000, 0.0000]])
   */
  scatter_(dim: number, index: Tensor, src: TensorLike, options?: idx.ScatterOptions): this;
  /**
   * In-place `scatterAdd`: adds `src` at the int32 `index` along `dim`, accumulating repeats. PyTorch: `x.scatter_add_(dim, index, src)`.
   * @example
   * zeros([2]).scatterAdd_(0, tensor([1, 1]), ones([2])); // tensor([0., 2.])
   */
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this;
  /**
   * In-place `maskedFill`: `value` where the bool `mask` (broadcasting) is true. PyTorch: `x.masked_fill_(mask, value)`.
   * @example
   * zeros([2]).maskedFill_(tensor([false, true]), -Infinity); // tensor([0., -inf])
   */
  maskedFill_(mask: Tensor, value: number | Tensor): this;
  /**
   * Fills in place with samples of U(`from`, `to`) (defaults 0, 1) from the global (or given) generator.
   * PyTorch: `x.uniform_(-1, 1)`.
   * @example
   * zeros([100]).uniform_(-1, 1).abs().max().item() <= 1; // true
   */
  uniform_(from?: number, to?: number, generator?: Generator): this;
  /** `uniform_` by PyTorch's keywords: `x.uniform_({ from: -1, to: 1 })`. */
  uniform_(options: ip.UniformOptions): this;
  /**
   * Fills in place with samples of N(`mean`, `std`²) (defaults 0, 1) from the global (or given) generator.
   * PyTorch: `x.normal_(0, 0.02)`.
   * @example
   * zeros([2, 3]).normal_(0, 0.02).shape; // [2, 3]
   */
  normal_(mean?: number, std?: number, generator?: Generator): this;
  /** `normal_` by PyTorch's keywords: `x.normal_({ std: 0.02 })`. */
  normal_(options: ip.NormalOptions): this;
  /**
   * In-place `indexFill`: `value` at the int32 `index` entries along `dim`. PyTorch: `x.index_fill_(dim, index, value)`.
   * @example
   * zeros([3]).indexFill_(0, tensor([1]), 2); // tensor([0., 2., 0.])
   */
  indexFill_(dim: number, index: Tensor, value: number): this;
  /**
   * In-place `indexAdd`: adds `source`'s slices at the int32 `index` along `dim` (option `{ alpha }`).
   * PyTorch: `x.index_add_(dim, index, source)`.
   * @example
   * zeros([3]).indexAdd_(0, tensor([2, 2]), ones([2])); // tensor([0., 0., 2.])
   */
  indexAdd_(dim: number, index: Tensor, source: Tensor, options?: idx.IndexAddOptions): this;
  /**
   * In-place `indexCopy`: writes `source`'s slices at the int32 `index` along `dim`. PyTorch: `x.index_copy_(dim, index, source)`.
   * @example
   * zeros([3]).indexCopy_(0, tensor([0]), ones([1])); // tensor([1., 0., 0.])
   */
  indexCopy_(dim: number, index: Tensor, source: Tensor): this;
  /**
   * In-place `maskedScatter`: the true positions of `mask` (broadcast to this tensor) take `source`'s
   * elements in order. PyTorch: `x.masked_scatter_(mask, source)`.
   * @example
   * zeros([3]).maskedScatter_(tensor([false, true, true]), ones([2])); // tensor([0., 1., 1.])
   */
  maskedScatter_(mask: Tensor, source: Tensor): this;
  /**
   * In-place `indexPut`: `x[indices] = values`, or `+=` with `accumulate` (default false). PyTorch:
   * `x.index_put_((rows, cols), values)`.
   * @example
   * zeros([2, 2]).indexPut_([tensor([1]), tensor([1])], ones([1])); // tensor([[0., 0.], [0., 1.]])
   */
  indexPut_(indices: readonly Tensor[], values: TensorLike, accumulate?: boolean): this;
  /**
   * Converts to int32 (`long()`): tsgrad's index dtype stands in for PyTorch's int64, so `long()`
   * and `int()` give the same int32 tensor. PyTorch: `x.long()`.
   *
   * @example
   * tensor([1.9]).long(); // tensor([1])
   */
  long(): Tensor;
  /**
   * Fills in place with integers uniform in `[from, to)` (`random_(to)`: `[0, to)`), from the global (or
   * given) generator. PyTorch: `x.random_(0, 10)`.
   * @example
   * zeros([100]).random_(0, 3).max().item() <= 2; // true
   */
  random_(from?: number, to?: number, generator?: Generator): this;
  /** `random_` by PyTorch's keywords: `x.random_({ to: 10 })`. */
  random_(options: ip.UniformOptions): this;
  /**
   * Fills in place with 1 with probability `p` (a number, default 0.5, or a tensor), else 0. PyTorch: `x.bernoulli_(0.3)`.
   * @example
   * zeros([3]).bernoulli_(1); // tensor([1., 1., 1.])
   */
  bernoulli_(p?: number | Tensor, generator?: Generator): this;
  /** `bernoulli_` by PyTorch's keywords: `x.bernoulli_({ p: 0.3 })`. */
  bernoulli_(options: ip.BernoulliOptions): this;
  /**
   * Fills in place with samples of the exponential distribution of rate `lambd` (default 1). PyTorch: `x.exponential_()`.
   * @example
   * zeros([100]).exponential_(2).min().item() >= 0; // true
   */
  exponential_(lambd?: number, generator?: Generator): this;
  /** `exponential_` by PyTorch's keywords: `x.exponential_({ lambd: 2 })`. */
  exponential_(options: ip.ExponentialOptions): this;
  /**
   * This tensor itself (`cpu()`): tsgrad's tensors are on the CPU already, as PyTorch returns a CPU tensor.
   * @example
   * const x = ones([2]);
   * x.cpu() === x; // true
   */
  cpu(): this;
  /**
   * The device the tensor is on (`x.device`): always the CPU, printed `cpu` (`device(type='cpu')` by `repr()`).
   * @example
   * String(ones([2]).device); // "cpu"
   */
  readonly device: Device;
  /**
   * Always an error (`cuda()`), the one `to("cuda")` gives: tsgrad runs on the CPU only.
   * `device` is PyTorch's optional index or device string.
   *
   * @example
   * let message = "";
   * try {
   *   zeros([1]).cuda();
   * } catch (e) {
   *   message = (e as Error).message;
   * }
   * message.includes("CPU"); // true
   */
  cuda(device?: number | string): never;
}

declare module "./tensor.js" {
  interface Tensor extends Forwards, Methods {}
}

const methods: Methods & ThisType<Tensor> = {
  get mT() {
    if (this.dim() < 2) {
      throw new Error(
        `mT(): tensor.mT is only supported on matrices or batches of matrices. Got ${this.dim()}-D tensor.`,
      );
    }
    return vw.transpose(this, -2, -1);
  },
  get requiresGrad() {
    // A view whose base's history changed since (an in-place op there) follows the new base.
    if (this.base !== null && this._viewHistory !== this.base.gradFn) ip.refreshView(this);
    return this._requiresGrad;
  },
  set requiresGrad(flag: boolean) {
    if (typeof flag !== "boolean") {
      throw new TypeError(`requires_grad must be a bool (setting requiresGrad to ${describeValue(flag)})`);
    }
    if (this.gradFn !== null) {
      throw new Error(
        flag
          ? "you can only change requires_grad flags of leaf variables. (setting requiresGrad = true on a tensor computed by " +
              `${this.gradFn.name})`
          : "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach(). " +
              `(setting requiresGrad = false on a tensor computed by ${this.gradFn.name})`,
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw new Error(
        `only Tensors of floating point and complex dtype can require gradients (setting requiresGrad = true on ${this.dtype === "int32" ? "an" : "a"} ${this.dtype} tensor)`,
      );
    }
    this._requiresGrad = flag;
  },
  get grad() {
    if (this.gradFn !== null && this.gradFn.retained !== this && !warnedNonLeafGrad) {
      warnedNonLeafGrad = true;
      console.warn(NON_LEAF_GRAD);
    }
    return this._grad;
  },
  get retainsGrad() {
    return this.gradFn !== null && this.gradFn.retained === this;
  },
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) {
        throw new TypeError(
          `assigned grad expected to be a Tensor or null but got ${describeValue(g)} (setting .grad)`,
        );
      }
      if (!shapesEqual(g._shape, this._shape)) {
        throw new Error(
          `assigned grad has data of a different size (setting .grad of shape ${formatShape(g._shape)} on a tensor of shape ${formatShape(this._shape)})`,
        );
      }
      if (g.dtype !== this.dtype) {
        throw new Error(
          `assigned grad has data of a different type (setting .grad of dtype ${g.dtype} on ${this.dtype === "int32" ? "an" : "a"} ${this.dtype} tensor)`,
        );
      }
    }
    this._grad = g;
  },
  backward(first?: Tensor | null | BackwardKeywords, second?: BackwardOptions) {
    let gradient: Tensor | null | undefined;
    let options: BackwardOptions;
    if (isOptionsInPlace("backward", first, second)) {
      ({ gradient, ...options } = checkOptions("backward", first as BackwardKeywords, BACKWARD_KEYWORDS, 1));
    } else {
      gradient = first as Tensor | null | undefined;
      options = checkOptions("backward", second, BACKWARD_OPTIONS, 2);
    }
    if (!this.requiresGrad) {
      throw new Error("backward(): element 0 of tensors does not require grad and does not have a grad_fn");
    }
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) {
      throw new TypeError(
        `backward(): argument 'gradient' must be a Tensor or null, but got ${Array.isArray(gradient) ? "array" : typeof gradient}`,
      );
    }
    const createGraph = options.createGraph ?? false;
    const g = seedGrad("backward", this, gradient, 0, createGraph);
    if (options.inputs === undefined) {
      runBackward(this, g, options);
      return;
    }
    const inputs = tensorList("backward", "inputs", options.inputs);
    if (inputs.length === 0) throw new Error("backward(): 'inputs' argument to backward() cannot be empty.");
    checkTargets("backward", inputs);
    // PyTorch's run_backward retains the grad of a non-leaf input so that it accumulates there.
    for (const t of inputs) if (!t.isLeaf) t.retainGrad();
    sweep({
      roots: [this],
      grads: [g],
      retain: options.retainGraph ?? createGraph,
      targets: inputs,
      accumulate: true,
      createGraph,
    });
  },
  registerHook(hook: TensorHook): RemovableHandle {
    if (typeof hook !== "function") {
      throw new TypeError(`registerHook(): hook must be a function, but got ${describeValue(hook)}`);
    }
    if (!this.requiresGrad) {
      throw new Error("registerHook(): cannot register a hook on a tensor that doesn't require gradient");
    }
    const entry: HookEntry = { id: nextHookId++, fn: hook };
    let list: HookEntry[];
    if (this.gradFn === null) list = this._hooks ??= [];
    else {
      const node = this.gradFn;
      node.hooks ??= [];
      list = node.hooks[this._outputNr] ??= [];
    }
    list.push(entry);
    return {
      remove: () => {
        const k = list.indexOf(entry);
        if (k >= 0) list.splice(k, 1);
      },
    };
  },
  requiresGrad_(flag = true) {
    if (typeof flag !== "boolean") {
      throw new TypeError(
        `requiresGrad_(): argument 'requires_grad' must be a boolean, but got ${describeValue(flag)}`,
      );
    }
    if (!this.isLeaf && !flag) {
      throw new Error(
        "requiresGrad_(): you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw new Error(
        `requiresGrad_(): only Tensors of floating point dtype can require gradients (got ${this.dtype})`,
      );
    }
    this._requiresGrad = flag;
    return this;
  },

  clone() {
    return vw.clone(this);
  },
  contiguous() {
    return this.isContiguous() ? this : vw.clone(this, "CloneBackward0", "contiguous");
  },
  float() {
    return vw.toDtype(this, "float32");
  },
  double() {
    return vw.toDtype(this, "float64");
  },
  int() {
    return vw.toDtype(this, "int32");
  },
  bool() {
    return vw.toDtype(this, "bool");
  },
  view: sized(vw.view),
  reshape: sized(vw.reshape),
  viewAs(other) {
    return vw.view(this, other._shape);
  },
  reshapeAs(other) {
    return vw.reshape(this, other._shape);
  },
  t() {
    if (this.dim() > 2)
      throw new Error(`t(): expects a tensor with <= 2 dimensions, but self is ${this.dim()}D`);
    // PyTorch names t()'s node TBackward0 at every rank (transpose(0, 1)'s is TransposeBackward0).
    return nameGradFn(
      this.dim() < 2 ? vw.view(this, this._shape.slice()) : vw.transpose(this, 0, 1),
      "TBackward0",
    );
  },
  get T() {
    return vw.permute(
      this,
      this._shape.map((_, i) => this.dim() - 1 - i),
    );
  },
  permute: sized(vw.permute),
  expand: sized(vw.expand),
  expandAs(other) {
    return vw.expand(this, other._shape);
  },
  repeat: sized(ra.repeat),
  tile: sized(ra.tile),
  flip: sized(ra.flip),
  where(condition, other) {
    return ew.where(condition, this, other);
  },
  // One body for two overloads, hence `as never`.
  max(dim?: number | Tensor, keepdim?: Keepdim) {
    if (dim instanceof Tensor) return ew.maximum(this, noMoreArgs("max", dim, keepdim)) as never;
    return (dim === undefined ? red.maxAll(this) : red.maxDim(this, dim, keepdim)) as never;
  },
  min(dim?: number | Tensor, keepdim?: Keepdim) {
    if (dim instanceof Tensor) return ew.minimum(this, noMoreArgs("min", dim, keepdim)) as never;
    return (dim === undefined ? red.minAll(this) : red.minDim(this, dim, keepdim)) as never;
  },
  var(dim?: number | number[] | boolean | null, options?: VarOptions | boolean, keepdim?: boolean) {
    const [d, correction, k] = varMethodArgs("var", dim, options, keepdim);
    return red.variance(this, d, correction, k);
  },
  std(dim?: number | number[] | boolean | null, options?: VarOptions | boolean, keepdim?: boolean) {
    const [d, correction, k] = varMethodArgs("std", dim, options, keepdim);
    return red.std(this, d, correction, k);
  },

  fill_(value) {
    return ip.fill_(this, value);
  },
  zero_() {
    return ip.zero_(this);
  },
  copy_(src) {
    return ip.copy_(this, src);
  },
  add_(other, alpha = 1) {
    return ip.inplace(this, ew.add, other, ew.checkAlpha("add_", alpha), "add_");
  },
  sub_(other, alpha = 1) {
    return ip.inplace(this, ew.sub, other, ew.checkAlpha("sub_", alpha), "sub_");
  },
  mul_(other) {
    return ip.inplace(this, ew.mul, other, undefined, "mul_");
  },
  div_(other, options) {
    if (options === undefined) return ip.inplace(this, ew.div, other, undefined, "div_");
    return ip.inplace(this, (a, b) => ew.div(a, b, options), other, undefined, "div_");
  },
  clamp_(min, max) {
    return ip.inplaceUnary(this, (t) => ew.clamp(t, min, max), "clamp_");
  },
  relu_() {
    return ip.relu_(this);
  },
  neg_: unaryInPlace(ew.neg, "neg_"),
  exp_: unaryInPlace(ew.exp, "exp_"),
  sqrt_: unaryInPlace(ew.sqrt, "sqrt_"),
  sigmoid_: unaryInPlace(ew.sigmoid, "sigmoid_"),
  tanh_: unaryInPlace(ew.tanh, "tanh_"),
  abs_: unaryInPlace(ew.abs, "abs_"),
  log_: unaryInPlace(ew.log, "log_"),
  sin_: unaryInPlace(ew.sin, "sin_"),
  cos_: unaryInPlace(ew.cos, "cos_"),
  floor_: unaryInPlace(ew.floor, "floor_"),
  ceil_: unaryInPlace(ew.ceil, "ceil_"),
  trunc_: unaryInPlace(math.trunc, "trunc_"),
  reciprocal_: unaryInPlace(ew.reciprocal, "reciprocal_"),
  rsqrt_: unaryInPlace(ew.rsqrt, "rsqrt_"),
  square_: unaryInPlace(ew.square, "square_"),
  sign_: unaryInPlace(ew.sign, "sign_"),
  log1p_: unaryInPlace(ew.log1p, "log1p_"),
  expm1_: unaryInPlace(math.expm1, "expm1_"),
  erf_: unaryInPlace(math.erf, "erf_"),
  pow_(exponent) {
    return ip.inplaceUnary(this, (t) => ew.pow(t, exponent), "pow_", exponent);
  },
  clampMin_(min) {
    return ip.inplaceUnary(this, (t) => ew.clampMin(t, min), "clampMin_");
  },
  clampMax_(max) {
    return ip.inplaceUnary(this, (t) => ew.clampMax(t, max), "clampMax_");
  },
  scatter_(dim, index, src, options) {
    checkOptions("scatter_", options, idx.SCATTER_OPTIONS, 4);
    return ip.inplaceUnary(this, (t) => idx.scatter(t, dim, index, src, options), "scatter_", index, src);
  },
  scatterAdd_(dim, index, src) {
    return ip.inplaceUnary(this, (t) => idx.scatterAdd(t, dim, index, src), "scatterAdd_", index, src);
  },
  maskedFill_(mask, value) {
    return ip.inplaceUnary(this, (t) => idx.maskedFill(t, mask, value), "maskedFill_", mask);
  },
  // One body for two overloads, hence the casts.
  uniform_(from?: number | ip.UniformOptions, to?: number, generator?: Generator) {
    return ip.uniform_(this, from, to, generator) as never;
  },
  normal_(mean?: number | ip.NormalOptions, std?: number, generator?: Generator) {
    return ip.normal_(this, mean, std, generator) as never;
  },
  indexFill_(dim, index, value) {
    return ip.inplaceUnary(this, (t) => idx.indexFill(t, dim, index, value), "index_fill_", index);
  },
  indexAdd_(dim, index, source, options) {
    return ip.inplaceUnary(
      this,
      (t) => idx.indexAdd(t, dim, index, source, options),
      "index_add_",
      index,
      source,
    );
  },
  indexCopy_(dim, index, source) {
    return ip.inplaceUnary(this, (t) => idx.indexCopy(t, dim, index, source), "index_copy_", index, source);
  },
  maskedScatter_(mask, source) {
    return ip.inplaceUnary(this, (t) => idx.maskedScatter(t, mask, source), "masked_scatter_", mask, source);
  },
  indexPut_(indices, values, accumulate = false) {
    return ip.inplaceUnary(this, (t) => idx.indexPut(t, indices, values, accumulate), "index_put_", values);
  },
  long() {
    return vw.toDtype(this, "int32");
  },
  random_(from?: number | ip.UniformOptions, to?: number, generator?: Generator) {
    return ip.random_(this, from, to, generator) as never;
  },
  bernoulli_(p?: number | Tensor | ip.BernoulliOptions, generator?: Generator) {
    return ip.bernoulli_(this, p, generator) as never;
  },
  exponential_(lambd?: number | ip.ExponentialOptions, generator?: Generator) {
    return ip.exponential_(this, lambd, generator) as never;
  },
  cpu() {
    return this;
  },
  get device() {
    return checkDevice("device", "cpu");
  },
  cuda(device) {
    // Only a CUDA device can be named here, so checkDevice always throws, with to("cuda")'s words.
    if (device !== undefined && typeof device !== "number" && typeof device !== "string")
      throw new TypeError(`cuda(): argument 'device' must be a number or a string, but got ${typeof device}`);
    const name = typeof device === "number" ? `cuda:${device}` : device?.startsWith("cuda") ? device : "cuda";
    checkDevice("cuda", name);
    throw new Error("cuda(): tsgrad runs on the CPU only");
  },
};

/** `other`, when nothing follows it (PyTorch's `x.max(other)` takes no `keepdim`). */
/**
 * `x.var` / `x.std`'s arguments as the functional form's: `(dim, { correction, keepdim, unbiased })`,
 * or PyTorch's positional overloads `(dim, unbiased, keepdim)` and `(unbiased)`.
 */
function varMethodArgs(
  op: "var" | "std",
  dim: number | number[] | boolean | null | undefined,
  options: VarOptions | boolean | undefined,
  keepdim: boolean | undefined,
): [red.Dims, red.Correction, boolean | undefined] {
  if (typeof dim === "boolean") {
    if (options !== undefined)
      throw new TypeError(`${op}(): with unbiased as argument 1 there can be no argument 2`);
    return [null, dim, undefined];
  }
  if (typeof options === "boolean") return [dim, options, keepdim];
  if (keepdim !== undefined) {
    throw new TypeError(`${op}(): keepdim goes in the options object here: ${op}(dim, { keepdim })`);
  }
  return [dim, checkVarOptions(op, options ?? {}), undefined];
}

function noMoreArgs(op: string, other: Tensor, rest: unknown): Tensor {
  if (rest !== undefined) {
    throw new TypeError(
      `${op}(): with a tensor as argument 1 (elementwise ${op}imum) there can be no argument 2`,
    );
  }
  return other;
}

/** `op(this, sizes)` with the sizes given as `f(2, 3)` or `f([2, 3])`, as PyTorch's size arguments are. */
function sized(op: (self: Tensor, sizes: readonly number[]) => Tensor) {
  return function (this: Tensor, ...sizes: Sizes): Tensor {
    return op(this, sizes.length === 1 && Array.isArray(sizes[0]) ? sizes[0].slice() : (sizes as number[]));
  };
}

/** `op` applied in place, as `relu_` is `relu` written back into the tensor. */
function unaryInPlace(op: (t: Tensor) => Tensor, name: string) {
  return function <T extends Tensor>(this: T): T {
    return ip.inplaceUnary(this, op, name);
  };
}

/**
 * `op(this, ...args)` as method `name`, refusing more arguments than `op` declares after the tensor
 * (JS would drop them: `x.exp(2)` and `x.mm(y, { out: z })` must not run as if they were not there).
 * A function forwarding its own rest parameter copies nothing extra.
 */
function forward(name: string, op: (self: Tensor, ...args: any[]) => unknown) {
  const max = declaredParams(op) - 1;
  return Object.assign(
    function (this: Tensor, ...args: any[]) {
      if (args.length > max) throw extraArgumentsError(name, max, args);
      return op(this, ...args);
    },
    { [MAX_ARGS]: max },
  );
}

/** Method `fn` as `name`, with `forward`'s check of the argument count. */
function counted(name: string, fn: (...args: any[]) => unknown) {
  const max = declaredParams(fn);
  if (max === Number.POSITIVE_INFINITY) return fn;
  return Object.assign(
    function (this: Tensor) {
      // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without an array per call.
      if (arguments.length > max) throw extraArgumentsError(name, max, arguments);
      // biome-ignore lint/complexity/noArguments: as above.
      return fn.apply(this, arguments as unknown as unknown[]);
    },
    { [MAX_ARGS]: max },
  );
}

// Non-enumerable, as class methods are, and named, so that stack traces say `at Tensor.sqrt`.
const attach = (name: string, d: PropertyDescriptor): void => {
  if (typeof d.value === "function") Object.defineProperty(d.value, "name", { value: name });
  Object.defineProperty(Tensor.prototype, name, { ...d, enumerable: false });
};
for (const [name, op] of Object.entries(forwards))
  attach(name, { value: forward(name, op), writable: true, configurable: true });
for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(methods))) {
  attach(name, typeof d.value === "function" ? { ...d, value: counted(name, d.value) } : d);
}
