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
import { checkNoCreateGraph, checkTargets, seedGrad, tensorList } from "./autograd/grad.js";
import { checkDevice } from "./device.js";
import { isFloating } from "./dtype.js";
import * as cmp from "./ops/compare.js";
import * as ew from "./ops/elementwise.js";
import * as idx from "./ops/indexing.js";
import * as ip from "./ops/inplace.js";
import * as mm from "./ops/matmul.js";
import * as ra from "./ops/rearrange.js";
import * as red from "./ops/reduce.js";
import * as smp from "./ops/sample.js";
import * as sm from "./ops/softmax.js";
import * as srt from "./ops/sort.js";
import * as vw from "./ops/view.js";
import { checkOptions, describeValue, type OptionsSpec } from "./options.js";
import type { Generator } from "./random.js";
import { formatShape, shapesEqual } from "./shape.js";
import { Tensor, type TensorLike, type ValuesIndices } from "./tensor.js";

/** `var` / `std`'s keyword options. */
export interface VarOptions {
  /** Subtracted from the count in the divisor (default 1, Bessel's correction). */
  correction?: number;
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
}
const VAR_OPTIONS: OptionsSpec<VarOptions> = { correction: "number", keepdim: "boolean" };
/** Hook ids, so that two registrations of the same function are removed one at a time. */
let nextHookId = 0;
const BACKWARD_OPTIONS: OptionsSpec<BackwardOptions> = {
  retainGraph: "boolean",
  createGraph: "boolean",
  inputs: "any",
};

/** The methods that call their op as `op(this, ...args)`; the docs are the op's (follow the link). */
const forwards = {
  /** {@link vw.toDtype}: converts to `dtype` (a no-op when equal), differentiable between float dtypes. */
  to: vw.toDtype,
  /** {@link vw.transpose} */ transpose: vw.transpose,
  /** {@link vw.squeeze} */ squeeze: vw.squeeze,
  /** {@link vw.unsqueeze} */ unsqueeze: vw.unsqueeze,
  /** {@link vw.flatten} */ flatten: vw.flatten,
  /** {@link vw.narrow} */ narrow: vw.narrow,
  /** {@link vw.slice}: a view of `[start, end)` with `step` along `dim`, like `x[:, start:end:step]`. */
  slice: vw.slice,
  /** {@link vw.select}: the sub-tensor at `index` of `dim`, removing that dim (`x[i]`). */
  select: vw.select,
  /** {@link vw.chunk} */ chunk: vw.chunk,
  /** {@link vw.split} */ split: vw.split,
  /** {@link vw.unbind} */ unbind: vw.unbind,
  /** {@link ra.tril}: lower triangle of the last two dims, the rest zeroed. */ tril: ra.tril,
  /** {@link ra.triu}: upper triangle of the last two dims, the rest zeroed. */ triu: ra.triu,

  /** {@link ew.add} */ add: ew.add,
  /** {@link ew.sub} */ sub: ew.sub,
  /** {@link ew.mul} */ mul: ew.mul,
  /** {@link ew.div} */ div: ew.div,
  /** {@link ew.pow} */ pow: ew.pow,
  /** {@link ew.maximum} */ maximum: ew.maximum,
  /** {@link ew.minimum} */ minimum: ew.minimum,
  /** {@link ew.neg} */ neg: ew.neg,
  /** {@link ew.exp} */ exp: ew.exp,
  /** {@link ew.log} */ log: ew.log,
  /** {@link ew.log1p} */ log1p: ew.log1p,
  /** {@link ew.sqrt} */ sqrt: ew.sqrt,
  /** {@link ew.rsqrt} */ rsqrt: ew.rsqrt,
  /** {@link ew.square} */ square: ew.square,
  /** {@link ew.abs} */ abs: ew.abs,
  /** {@link ew.sign} */ sign: ew.sign,
  /** {@link ew.reciprocal} */ reciprocal: ew.reciprocal,
  /** {@link ew.relu} */ relu: ew.relu,
  /** {@link ew.tanh} */ tanh: ew.tanh,
  /** {@link ew.sigmoid} */ sigmoid: ew.sigmoid,
  /** {@link ew.sin} */ sin: ew.sin,
  /** {@link ew.cos} */ cos: ew.cos,
  /** {@link ew.floor} */ floor: ew.floor,
  /** {@link ew.ceil} */ ceil: ew.ceil,
  /** {@link ew.round} */ round: ew.round,
  /** {@link ew.clamp} */ clamp: ew.clamp,
  /** {@link ew.eq} */ eq: ew.eq,
  /** {@link ew.ne} */ ne: ew.ne,
  /** {@link ew.lt} */ lt: ew.lt,
  /** {@link ew.le} */ le: ew.le,
  /** {@link ew.gt} */ gt: ew.gt,
  /** {@link ew.ge} */ ge: ew.ge,
  /** {@link ew.logicalNot} */ logicalNot: ew.logicalNot,
  /** {@link ew.logicalAnd} */ logicalAnd: ew.logicalAnd,
  /** {@link ew.logicalOr} */ logicalOr: ew.logicalOr,
  /** {@link ew.isnan} */ isnan: ew.isnan,
  /** {@link cmp.nonzero}: int32 coordinates of the nonzero elements, shape `[count, dim()]`. */
  nonzero: cmp.nonzero,
  /** {@link cmp.isclose}: elementwise `|this − other| ≤ atol + rtol·|other|`, a bool tensor. */
  isclose: cmp.isclose,
  /** {@link cmp.allclose}: whether all elements are close to `other`, as a boolean. */
  allclose: cmp.allclose,

  /** {@link red.sum} */ sum: red.sum,
  /** {@link red.mean} */ mean: red.mean,
  /** {@link red.prod} */ prod: red.prod,
  /** {@link red.amax} */ amax: red.amax,
  /** {@link red.amin} */ amin: red.amin,
  /** {@link red.argmax} */ argmax: red.argmax,
  /** {@link red.argmin} */ argmin: red.argmin,
  /** {@link srt.sort}: sorted values and their int32 source indices along `dim` (stable; NaN last). */
  sort: srt.sort,
  /** {@link srt.argsort}: the int32 indices that sort along `dim`. */ argsort: srt.argsort,
  /** {@link srt.topk}: the `k` largest (or smallest) values and their int32 indices along `dim`. */
  topk: srt.topk,
  /** {@link sm.logsumexp} */ logsumexp: sm.logsumexp,
  /** {@link red.norm} */ norm: red.norm,
  /** {@link red.cumsum} */ cumsum: red.cumsum,
  /** {@link red.all} */ all: red.all,
  /** {@link red.any} */ any: red.any,

  /** {@link mm.matmul} */ matmul: mm.matmul,
  /** {@link mm.mm} */ mm: mm.mm,
  /** {@link mm.bmm} */ bmm: mm.bmm,
  /** {@link mm.dot} */ dot: mm.dot,
  /** {@link sm.softmax} */ softmax: sm.softmax,
  /** {@link sm.logSoftmax} */ logSoftmax: sm.logSoftmax,

  /** {@link idx.gather} */ gather: idx.gather,
  /** {@link idx.scatter} */ scatter: idx.scatter,
  /** {@link idx.scatterAdd} */ scatterAdd: idx.scatterAdd,
  /** {@link idx.indexSelect} */ indexSelect: idx.indexSelect,
  /** {@link idx.maskedFill} */ maskedFill: idx.maskedFill,
  /** {@link idx.maskedSelect} */ maskedSelect: idx.maskedSelect,
  /** {@link idx.maskedScatter} */ maskedScatter: idx.maskedScatter,
  /** {@link idx.indexFill} */ indexFill: idx.indexFill,
  /** {@link idx.indexAdd} */ indexAdd: idx.indexAdd,
  /** {@link idx.indexCopy} */ indexCopy: idx.indexCopy,
  /** {@link idx.indexPut} */ indexPut: idx.indexPut,
  /** {@link idx.take} */ take: idx.take,
  /** {@link idx.takeAlongDim} */ takeAlongDim: idx.takeAlongDim,
  /** {@link idx.scatterReduce} */ scatterReduce: idx.scatterReduce,
  /** {@link mm.outer} */ outer: mm.outer,
  /** {@link mm.addmm}: `beta·this + alpha·(m1 @ m2)`. */ addmm: mm.addmm,
  /** {@link mm.baddbmm}: `beta·this + alpha·(b1 @ b2)`. */ baddbmm: mm.baddbmm,
  /** {@link mm.cdist} */ cdist: mm.cdist,
  /** {@link ra.diag} */ diag: ra.diag,
  /** {@link ra.trace} */ trace: ra.trace,
  /** {@link ra.roll} */ roll: ra.roll,
  /** {@link ra.diff} */ diff: ra.diff,
  /** {@link ew.clampMin} */ clampMin: ew.clampMin,
  /** {@link ew.clampMax} */ clampMax: ew.clampMax,
  /** {@link red.bincount} */ bincount: red.bincount,
  /** {@link red.histc} */ histc: red.histc,
  /** {@link srt.unique} */ unique: srt.unique,
  /** {@link smp.bernoulli}: 1 with probability `this[i]`. */ bernoulli: smp.bernoulli,
  /** {@link smp.multinomial} */ multinomial: smp.multinomial,
};

/** An op `(self, ...args) => r` seen as a method `(...args) => r`. */
type Method<F> = F extends (self: Tensor, ...args: infer A) => infer R ? (...args: A) => R : never;
type Forwards = { [K in keyof typeof forwards]: Method<(typeof forwards)[K]> };

/** Sizes as PyTorch takes them: `f(2, 3)` or `f([2, 3])`. */
type Sizes = number[] | [readonly number[]];

/** The methods that are more than `op(this, ...args)`. */
interface Methods {
  /**
   * Whether gradients should be computed for this tensor (`requires_grad`). Settable on leaves
   * only, and `true` only for floating-point tensors, as in PyTorch.
   */
  get requiresGrad(): boolean;
  set requiresGrad(flag: boolean);
  /**
   * The accumulated gradient of a leaf (or of a tensor that called `retainGrad()`). Assigning checks,
   * as PyTorch does, that the new value is a Tensor (or null) of this tensor's shape and dtype.
   */
  get grad(): Tensor | null;
  set grad(g: Tensor | null);
  /**
   * Computes the gradient of this tensor w.r.t. the graph leaves (`backward()`). A non-scalar
   * tensor needs an explicit `gradient` of its own shape, as in PyTorch.
   */
  backward(gradient?: Tensor | null, options?: BackwardOptions): void;
  /** Sets `requiresGrad` in place and returns this (`requires_grad_()`). Only leaves can change it. */
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

  /** A contiguous copy that stays in the graph (`clone()`). */
  clone(): Tensor;
  /** This tensor if already contiguous, else a contiguous copy (`contiguous()`). */
  contiguous(): Tensor;
  float(): Tensor;
  double(): Tensor;
  int(): Tensor;
  bool(): Tensor;
  view(...shape: Sizes): Tensor;
  reshape(...shape: Sizes): Tensor;
  viewAs(other: Tensor): Tensor;
  reshapeAs(other: Tensor): Tensor;
  /** Transpose of a tensor with at most 2 dims (`t()`). */
  t(): Tensor;
  /** Transposed 2-D view, PyTorch's `.T` for matrices. */
  get T(): Tensor;
  permute(...dims: Sizes): Tensor;
  expand(...shape: Sizes): Tensor;
  expandAs(other: Tensor): Tensor;
  /** Copies along each dim (`repeat(2, 3)` or `repeat([2, 3])`); a new tensor, not a view. */
  repeat(...sizes: Sizes): Tensor;
  /** `repeat` that pads `dims` with leading 1s (`torch.tile`). */
  tile(...dims: Sizes): Tensor;
  /** Reverses the order along `dims` (`flip(0)` or `flip([0, 1])`); a copy, as in PyTorch. */
  flip(...dims: Sizes): Tensor;
  /** `torch.where(condition, this, other)`. */
  where(condition: Tensor, other: TensorLike): Tensor;
  /** Max of all elements, or `{ values, indices }` along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  /** Variance with PyTorch's default `correction = 1` (Bessel). */
  var(dim?: number | number[] | null, options?: VarOptions): Tensor;
  std(dim?: number | number[] | null, options?: VarOptions): Tensor;

  fill_(value: number): this;
  zero_(): this;
  copy_(src: TensorLike): this;
  add_(other: TensorLike, alpha?: number): this;
  sub_(other: TensorLike, alpha?: number): this;
  mul_(other: TensorLike): this;
  div_(other: TensorLike): this;
  clamp_(min?: number | null, max?: number | null): this;
  relu_(): this;
  neg_(): this;
  exp_(): this;
  sqrt_(): this;
  scatter_(dim: number, index: Tensor, src: TensorLike, options?: idx.ScatterOptions): this;
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this;
  maskedFill_(mask: Tensor, value: number): this;
  /** Fills with U(from, to) from the global (or given) generator. */
  uniform_(from?: number, to?: number, generator?: Generator): this;
  /** Fills with N(mean, std²) from the global (or given) generator. */
  normal_(mean?: number, std?: number, generator?: Generator): this;
  /** {@link idx.indexFill} in place (`index_fill_`). */
  indexFill_(dim: number, index: Tensor, value: number): this;
  /** {@link idx.indexAdd} in place (`index_add_`). */
  indexAdd_(dim: number, index: Tensor, source: Tensor, options?: idx.IndexAddOptions): this;
  /** {@link idx.indexCopy} in place (`index_copy_`). */
  indexCopy_(dim: number, index: Tensor, source: Tensor): this;
  /** {@link idx.maskedScatter} in place (`masked_scatter_`); the mask broadcasts to this tensor. */
  maskedScatter_(mask: Tensor, source: Tensor): this;
  /** {@link idx.indexPut} in place (`index_put_`): `x[indices] = values`, or `+=` with `accumulate`. */
  indexPut_(indices: readonly Tensor[], values: TensorLike, accumulate?: boolean): this;
  /**
   * Converts to int32 (`long()`): tsgrad's index dtype stands in for PyTorch's int64, so `long()`
   * and `int()` give the same int32 tensor.
   */
  long(): Tensor;
  /** {@link ip.random_}: integers uniform in `[from, to)` (`random_(to)`: `[0, to)`). */
  random_(from?: number, to?: number, generator?: Generator): this;
  /** {@link ip.bernoulli_}: 1 with probability `p` (a number or a tensor), else 0. */
  bernoulli_(p?: number | Tensor, generator?: Generator): this;
  /** {@link ip.exponential_}: samples of the exponential distribution of rate `lambd`. */
  exponential_(lambd?: number, generator?: Generator): this;
  /** This tensor itself (`cpu()`): tsgrad's tensors are on the CPU already, as PyTorch returns a CPU tensor. */
  cpu(): this;
  /**
   * Always an error (`cuda()`), the one `to("cuda")` gives: tsgrad runs on the CPU only.
   * `device` is PyTorch's optional index or device string.
   */
  cuda(device?: number | string): never;
}

declare module "./tensor.js" {
  interface Tensor extends Forwards, Methods {}
}

const methods: Methods & ThisType<Tensor> = {
  get requiresGrad() {
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
    return this._grad;
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
  backward(gradient?: Tensor | null, options: BackwardOptions = {}) {
    checkOptions("backward", options, BACKWARD_OPTIONS, 2);
    checkNoCreateGraph("backward", options.createGraph);
    if (!this.requiresGrad) {
      throw new Error("backward(): element 0 of tensors does not require grad and does not have a grad_fn");
    }
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) {
      throw new TypeError(
        `backward(): argument 'gradient' must be a Tensor or null, but got ${Array.isArray(gradient) ? "array" : typeof gradient}`,
      );
    }
    const g = seedGrad("backward", this, gradient, 0);
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
      retain: options.retainGraph ?? false,
      targets: inputs,
      accumulate: true,
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
  max(dim?: number, keepdim?: boolean) {
    return (dim === undefined ? red.maxAll(this) : red.maxDim(this, dim, keepdim)) as never;
  },
  min(dim?: number, keepdim?: boolean) {
    return (dim === undefined ? red.minAll(this) : red.minDim(this, dim, keepdim)) as never;
  },
  var(dim, options = {}) {
    checkOptions("var", options, VAR_OPTIONS, 2);
    return red.variance(this, dim, options.correction ?? 1, options.keepdim ?? false);
  },
  std(dim, options = {}) {
    checkOptions("std", options, VAR_OPTIONS, 2);
    return red.std(this, dim, options.correction ?? 1, options.keepdim ?? false);
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
    return ip.inplace(this, ew.add, other, alpha, "add_");
  },
  sub_(other, alpha = 1) {
    return ip.inplace(this, ew.sub, other, alpha, "sub_");
  },
  mul_(other) {
    return ip.inplace(this, ew.mul, other, undefined, "mul_");
  },
  div_(other) {
    return ip.inplace(this, ew.div, other, undefined, "div_");
  },
  clamp_(min, max) {
    return ip.inplaceUnary(this, (t) => ew.clamp(t, min, max), "clamp_");
  },
  relu_: unaryInPlace(ew.relu, "relu_"),
  neg_: unaryInPlace(ew.neg, "neg_"),
  exp_: unaryInPlace(ew.exp, "exp_"),
  sqrt_: unaryInPlace(ew.sqrt, "sqrt_"),
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
  uniform_(from = 0, to = 1, generator) {
    return ip.uniform_(this, from, to, generator);
  },
  normal_(mean = 0, std = 1, generator) {
    return ip.normal_(this, mean, std, generator);
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
  random_(from, to, generator) {
    return ip.random_(this, from, to, generator);
  },
  bernoulli_(p, generator) {
    return ip.bernoulli_(this, p, generator);
  },
  exponential_(lambd, generator) {
    return ip.exponential_(this, lambd, generator);
  },
  cpu() {
    return this;
  },
  cuda(device) {
    // Only a CUDA device can be named here, so checkDevice always throws, with to("cuda")'s words.
    const name = typeof device === "number" ? `cuda:${device}` : device?.startsWith("cuda") ? device : "cuda";
    checkDevice("cuda", name);
    throw new Error("cuda(): tsgrad runs on the CPU only");
  },
};

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

/** `op(this, ...args)` as a method; a function forwarding its own rest parameter copies nothing extra. */
function forward(op: (self: Tensor, ...args: any[]) => unknown) {
  return function (this: Tensor, ...args: any[]) {
    return op(this, ...args);
  };
}

// Non-enumerable, as class methods are, and named, so that stack traces say `at Tensor.sqrt`.
const attach = (name: string, d: PropertyDescriptor): void => {
  if (typeof d.value === "function") Object.defineProperty(d.value, "name", { value: name });
  Object.defineProperty(Tensor.prototype, name, { ...d, enumerable: false });
};
for (const [name, op] of Object.entries(forwards))
  attach(name, { value: forward(op), writable: true, configurable: true });
for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(methods))) attach(name, d);
