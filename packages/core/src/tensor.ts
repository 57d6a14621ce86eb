import { type BackwardOptions, runBackward } from "./autograd/engine.js";
import type { Node } from "./autograd/node.js";
import { allocate, type DType, isFloating, type TypedArray } from "./dtype.js";
import { unaryKernel, UnOp } from "./kernels/elementwise.js";
import * as cmp from "./ops/compare.js";
import * as ew from "./ops/elementwise.js";
import * as idx from "./ops/indexing.js";
import * as ip from "./ops/inplace.js";
import * as mm from "./ops/matmul.js";
import * as ra from "./ops/rearrange.js";
import * as red from "./ops/reduce.js";
import * as sm from "./ops/softmax.js";
import * as srt from "./ops/sort.js";
import * as vw from "./ops/view.js";
import { formatTensor } from "./print.js";
import { checkOptions, describeValue, type OptionsSpec } from "./options.js";
import {
  contiguousStrides,
  formatShape,
  isContiguous,
  normalizeDim,
  numelOf,
  type Shape,
  shapesEqual,
} from "./shape.js";

const BACKWARD_OPTIONS: OptionsSpec<BackwardOptions> = { retainGraph: "boolean" };
const VAR_OPTIONS: OptionsSpec<VarOptions> = { correction: "number", keepdim: "boolean" };

/** `var` / `std`'s keyword options. */
export interface VarOptions {
  /** Subtracted from the count in the divisor (default 1, Bessel's correction). */
  correction?: number;
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
}

/** A flat typed array shared by a tensor and its views, with PyTorch's in-place version counter. */
export class Storage {
  static readonly typeName: string = "Storage";
  /** Bumped by every in-place write; autograd compares it with the version saved at record time. */
  version = 0;
  constructor(readonly data: TypedArray) {}
}

export type Scalar = number;
export type TensorLike = Tensor | number;

/** `max(dim)` / `min(dim)` result, like PyTorch's `torch.return_types.max`. */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/**
 * A multi-dimensional array with reverse-mode autodiff, like `torch.Tensor`.
 *
 * Data lives in a flat typed array (`storage.data`) read through `shape`, `strides` and `offset`;
 * views (`transpose`, `view`, `expand`, `narrow`, ...) share the storage. Methods are sugar for the
 * op functions in `ops/`, named as in PyTorch in camelCase (`logSoftmax`, `scatter_`, `zeroGrad`).
 * A trailing underscore means in place, as in PyTorch.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * console.log(x.grad!.toString()); // tensor([[2., 4.], [6., 8.]])
 */
export class Tensor {
  /** The name messages use for this class (`className`); bundlers may rename the class itself. */
  static readonly typeName: string = "Tensor";
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /**
   * @internal The flag behind `requiresGrad`. Ops write it directly when they record their output
   * (a non-leaf by then, which the public setter refuses).
   */
  _requiresGrad = false;
  private _grad: Tensor | null = null;
  /** The op that produced this tensor (`grad_fn`); null for leaves. */
  gradFn: Node | null = null;
  /** The tensor this one is a view of, if any (`_base`). */
  readonly base: Tensor | null;
  /**
   * Whether this is a view made under `noGrad` (or a view of one), PyTorch's
   * `CreationMeta::NO_GRAD_MODE`: modifying it in place with grad mode on is an error, since it is
   * ambiguous whether that write should be recorded. Set by the view ops only.
   */
  noGradView = false;

  constructor(
    storage: Storage,
    shape: Shape,
    strides: Shape,
    offset: number,
    dtype: DType,
    base: Tensor | null = null,
  ) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    this.base = base;
  }

  /** A new contiguous tensor over a fresh typed array (internal constructor used by ops). */
  static fromArray(data: TypedArray, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
  }

  /** A new zero-filled contiguous tensor (internal); `op` names the caller in the size-limit error. */
  static alloc(shape: Shape, dtype: DType, op = "alloc"): Tensor {
    return Tensor.fromArray(allocate(dtype, numelOf(shape), op, shape), shape, dtype);
  }

  // ---- metadata -------------------------------------------------------------------------------

  /** Number of dims (`dim()`). */
  dim(): number {
    return this.shape.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of elements. */
  numel(): number {
    return numelOf(this.shape);
  }
  /** The shape, or the size of one dim (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[normalizeDim("size", dim, this.dim())]!;
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this.strides.slice();
    return this.strides[normalizeDim("stride", dim, this.dim())]!;
  }
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }
  /** A leaf is a tensor not produced by a recorded op (`is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /**
   * Whether gradients should be computed for this tensor (`requires_grad`). Settable on leaves
   * only, and `true` only for floating-point tensors, as in PyTorch.
   */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
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
  }

  /**
   * The accumulated gradient of a leaf (or of a tensor that called `retainGrad()`). Assigning checks,
   * as PyTorch does, that the new value is a Tensor (or null) of this tensor's shape and dtype.
   */
  get grad(): Tensor | null {
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) {
        throw new TypeError(
          `assigned grad expected to be a Tensor or null but got ${describeValue(g)} (setting .grad)`,
        );
      }
      if (!shapesEqual(g.shape, this.shape)) {
        throw new Error(
          `assigned grad has data of a different size (setting .grad of shape ${formatShape(g.shape)} on a tensor of shape ${formatShape(this.shape)})`,
        );
      }
      if (g.dtype !== this.dtype) {
        throw new Error(
          `assigned grad has data of a different type (setting .grad of dtype ${g.dtype} on ${this.dtype === "int32" ? "an" : "a"} ${this.dtype} tensor)`,
        );
      }
    }
    this._grad = g;
  }

  /** The in-place version counter of this tensor's storage (`_version`). */
  get version(): number {
    return this.storage.version;
  }

  // ---- reading values ---------------------------------------------------------------------------

  /** The value of a one-element tensor as a JS number (`item()`). */
  item(): number {
    if (this.numel() !== 1) {
      throw new Error(
        `item(): a Tensor with ${this.numel()} elements cannot be converted to Scalar (shape ${formatShape(this.shape)})`,
      );
    }
    const v = this.storage.data[this.offset]!;
    return this.dtype === "bool" ? (v ? 1 : 0) : v;
  }

  /** The elements in row-major order as a fresh typed array of this dtype. */
  toTypedArray(): TypedArray {
    const out = allocate(this.dtype, this.numel(), "toTypedArray", this.shape);
    unaryKernel(UnOp.Copy, this.shape, out, 0, this.storage.data, this.strides, this.offset);
    return out;
  }

  /** The elements as (nested) JS arrays, like `tolist()`; a 0-d tensor gives a number. */
  tolist(): any {
    const flat = this.toTypedArray();
    const asValue = (v: number): number | boolean => (this.dtype === "bool" ? v !== 0 : v);
    if (this.dim() === 0) return asValue(flat[0]!);
    let pos = 0;
    const build = (d: number): any[] => {
      const n = this.shape[d]!;
      const arr = new Array(n);
      for (let i = 0; i < n; i++) arr[i] = d === this.dim() - 1 ? asValue(flat[pos++]!) : build(d + 1);
      return arr;
    };
    return build(0);
  }

  /** PyTorch's printed form: `tensor([[ 0.1796, -0.0440]], requires_grad=True)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** `console.log(t)` in Node prints what `print(t)` prints in Python, not the internals. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // ---- autograd ---------------------------------------------------------------------------------

  /**
   * Computes the gradient of this tensor w.r.t. the graph leaves (`backward()`). A non-scalar
   * tensor needs an explicit `gradient` of its own shape, as in PyTorch.
   */
  backward(gradient?: Tensor | null, options: BackwardOptions = {}): void {
    checkOptions("backward", options, BACKWARD_OPTIONS, 2);
    if (!this.requiresGrad) {
      throw new Error("backward(): element 0 of tensors does not require grad and does not have a grad_fn");
    }
    let g: Tensor;
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) {
      throw new TypeError(
        `backward(): argument 'gradient' must be a Tensor or null, but got ${Array.isArray(gradient) ? "array" : typeof gradient}`,
      );
    }
    if (gradient === undefined || gradient === null) {
      if (this.numel() !== 1) {
        throw new Error(
          `backward(): grad can be implicitly created only for scalar outputs (got shape ${formatShape(this.shape)})`,
        );
      }
      g = Tensor.alloc(this.shape, this.dtype);
      g.storage.data[0] = 1;
    } else {
      if (
        gradient.numel() !== this.numel() ||
        (gradient.dim() > 0 && formatShape(gradient.shape) !== formatShape(this.shape))
      ) {
        throw new Error(
          `backward(): Mismatch in shape: grad_output[0] has a shape of ${formatShape(gradient.shape)} and output[0] has a shape of ${formatShape(this.shape)}.`,
        );
      }
      g = gradient.reshape(this.shape).detach();
    }
    runBackward(this, g, options);
  }

  /** Sets `requiresGrad` in place and returns this (`requires_grad_()`). Only leaves can change it. */
  requiresGrad_(flag = true): this {
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
  }

  /** Makes a non-leaf keep its `.grad` after backward (`retain_grad()`). */
  retainGrad(): this {
    if (!this.requiresGrad)
      throw new Error("retainGrad(): can't retain_grad on Tensor that has requires_grad=False");
    if (this.gradFn) this.gradFn.retained = this;
    return this;
  }

  /** A view sharing storage, cut from the graph (`detach()`). */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset, this.dtype, this.base ?? this);
  }

  /**
   * PyTorch's `.data` (the seed uses `target.data`): like `detach()`, a view sharing the values,
   * but with its own version counter, so in-place writes through it go unnoticed by autograd
   * (that is what `.data` does in PyTorch, and why `detach()` is the safer choice).
   */
  get data(): Tensor {
    return new Tensor(new Storage(this.storage.data), this.shape, this.strides, this.offset, this.dtype);
  }

  // ---- creation-like --------------------------------------------------------------------------------

  /** A contiguous copy that stays in the graph (`clone()`). */
  clone(): Tensor {
    return vw.clone(this);
  }
  /** This tensor if already contiguous, else a contiguous copy (`contiguous()`). */
  contiguous(): Tensor {
    return this.isContiguous() ? this : vw.clone(this, "CloneBackward0", "contiguous");
  }
  /** Converts to `dtype` (a no-op when equal), differentiable between float dtypes. */
  to(dtype: DType): Tensor {
    return vw.toDtype(this, dtype);
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  int(): Tensor {
    return this.to("int32");
  }
  bool(): Tensor {
    return this.to("bool");
  }

  // ---- views ------------------------------------------------------------------------------------

  view(...shape: number[] | [readonly number[]]): Tensor {
    return vw.view(this, flatArgs(shape));
  }
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return vw.reshape(this, flatArgs(shape));
  }
  viewAs(other: Tensor): Tensor {
    return vw.view(this, other.shape);
  }
  reshapeAs(other: Tensor): Tensor {
    return vw.reshape(this, other.shape);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return vw.transpose(this, dim0, dim1);
  }
  /** Transpose of a tensor with at most 2 dims (`t()`). */
  t(): Tensor {
    if (this.dim() > 2)
      throw new Error(`t(): expects a tensor with <= 2 dimensions, but self is ${this.dim()}D`);
    return this.dim() < 2 ? this.view(this.shape.slice()) : vw.transpose(this, 0, 1);
  }
  /** Transposed 2-D view, PyTorch's `.T` for matrices. */
  get T(): Tensor {
    return vw.permute(
      this,
      this.shape.map((_, i) => this.dim() - 1 - i),
    );
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return vw.permute(this, flatArgs(dims));
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return vw.expand(this, flatArgs(shape));
  }
  expandAs(other: Tensor): Tensor {
    return vw.expand(this, other.shape);
  }
  squeeze(dim?: number): Tensor {
    return vw.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return vw.unsqueeze(this, dim);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return vw.flatten(this, startDim, endDim);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return vw.narrow(this, dim, start, length);
  }
  /** A view of `[start, end)` with `step` along `dim`, like `x[:, start:end:step]`. */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return vw.slice(this, dim, start, end, step);
  }
  /** The sub-tensor at position `index` of `dim`, removing that dim (`x.select(dim, i)`, `x[i]`). */
  select(dim: number, index: number): Tensor {
    return vw.select(this, dim, index);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return vw.chunk(this, chunks, dim);
  }
  split(splitSize: number | number[], dim = 0): Tensor[] {
    return vw.split(this, splitSize, dim);
  }
  unbind(dim = 0): Tensor[] {
    return vw.unbind(this, dim);
  }
  /** Copies along each dim (`repeat(2, 3)` or `repeat([2, 3])`); a new tensor, not a view. */
  repeat(...sizes: number[] | [readonly number[]]): Tensor {
    return ra.repeat(this, flatArgs(sizes));
  }
  /** `repeat` that pads `dims` with leading 1s (`torch.tile`). */
  tile(...dims: number[] | [readonly number[]]): Tensor {
    return ra.tile(this, flatArgs(dims));
  }
  /** Reverses the order along `dims` (`flip(0)` or `flip([0, 1])`); a copy, as in PyTorch. */
  flip(...dims: number[] | [readonly number[]]): Tensor {
    return ra.flip(this, flatArgs(dims));
  }
  /** Lower triangle of the last two dims, the rest zeroed (`tril`). */
  tril(diagonal = 0): Tensor {
    return ra.tril(this, diagonal);
  }
  /** Upper triangle of the last two dims, the rest zeroed (`triu`). */
  triu(diagonal = 0): Tensor {
    return ra.triu(this, diagonal);
  }

  // ---- elementwise ------------------------------------------------------------------------------

  add(other: TensorLike, alpha = 1): Tensor {
    return ew.add(this, other, alpha);
  }
  sub(other: TensorLike, alpha = 1): Tensor {
    return ew.sub(this, other, alpha);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return ew.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  neg(): Tensor {
    return ew.neg(this);
  }
  exp(): Tensor {
    return ew.exp(this);
  }
  log(): Tensor {
    return ew.log(this);
  }
  log1p(): Tensor {
    return ew.log1p(this);
  }
  sqrt(): Tensor {
    return ew.sqrt(this);
  }
  rsqrt(): Tensor {
    return ew.rsqrt(this);
  }
  square(): Tensor {
    return ew.square(this);
  }
  abs(): Tensor {
    return ew.abs(this);
  }
  sign(): Tensor {
    return ew.sign(this);
  }
  reciprocal(): Tensor {
    return ew.reciprocal(this);
  }
  relu(): Tensor {
    return ew.relu(this);
  }
  tanh(): Tensor {
    return ew.tanh(this);
  }
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  sin(): Tensor {
    return ew.sin(this);
  }
  cos(): Tensor {
    return ew.cos(this);
  }
  floor(): Tensor {
    return ew.floor(this);
  }
  ceil(): Tensor {
    return ew.ceil(this);
  }
  round(): Tensor {
    return ew.round(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return ew.clamp(this, min, max);
  }
  eq(other: TensorLike): Tensor {
    return ew.eq(this, other);
  }
  ne(other: TensorLike): Tensor {
    return ew.ne(this, other);
  }
  lt(other: TensorLike): Tensor {
    return ew.lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return ew.le(this, other);
  }
  gt(other: TensorLike): Tensor {
    return ew.gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return ew.ge(this, other);
  }
  logicalNot(): Tensor {
    return ew.logicalNot(this);
  }
  logicalAnd(other: TensorLike): Tensor {
    return ew.logicalAnd(this, other);
  }
  logicalOr(other: TensorLike): Tensor {
    return ew.logicalOr(this, other);
  }
  isnan(): Tensor {
    return ew.isnan(this);
  }
  /** int32 coordinates of the nonzero elements, shape `[count, dim()]` (`nonzero()`). */
  nonzero(): Tensor {
    return cmp.nonzero(this);
  }
  /** Elementwise `|this − other| ≤ atol + rtol·|other|`, a bool tensor (`isclose`). */
  isclose(other: Tensor, options: cmp.IscloseOptions = {}): Tensor {
    return cmp.isclose(this, other, options);
  }
  /** Whether all elements are close to `other` (`allclose`), as a boolean. */
  allclose(other: Tensor, options: cmp.IscloseOptions = {}): boolean {
    return cmp.allclose(this, other, options);
  }
  /** `torch.where(condition, this, other)`. */
  where(condition: Tensor, other: TensorLike): Tensor {
    return ew.where(condition, this, other);
  }

  // ---- reductions -------------------------------------------------------------------------------

  sum(dim?: number | number[] | null, keepdim = false): Tensor {
    return red.sum(this, dim, keepdim);
  }
  mean(dim?: number | number[] | null, keepdim = false): Tensor {
    return red.mean(this, dim, keepdim);
  }
  prod(dim?: number | null, keepdim = false): Tensor {
    return red.prod(this, dim, keepdim);
  }
  /** Max of all elements, or `{ values, indices }` along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? red.maxAll(this) : red.maxDim(this, dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? red.minAll(this) : red.minDim(this, dim, keepdim);
  }
  amax(dim?: number | number[] | null, keepdim = false): Tensor {
    return red.amax(this, dim, keepdim);
  }
  amin(dim?: number | number[] | null, keepdim = false): Tensor {
    return red.amin(this, dim, keepdim);
  }
  argmax(dim?: number | null, keepdim = false): Tensor {
    return red.argmax(this, dim, keepdim);
  }
  argmin(dim?: number | null, keepdim = false): Tensor {
    return red.argmin(this, dim, keepdim);
  }
  /** Sorted values and their int32 source indices along `dim` (stable; NaN last). */
  sort(dim = -1, descending = false, options: srt.SortOptions = {}): ValuesIndices {
    return srt.sort(this, dim, descending, options);
  }
  /** The int32 indices that sort along `dim` (`argsort`). */
  argsort(dim = -1, descending = false, options: srt.SortOptions = {}): Tensor {
    return srt.argsort(this, dim, descending, options);
  }
  /** The `k` largest (or smallest) values and their int32 indices along `dim` (`topk`). */
  topk(k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
    return srt.topk(this, k, dim, largest, sorted);
  }
  /** Variance with PyTorch's default `correction = 1` (Bessel). */
  var(dim?: number | number[] | null, options: VarOptions = {}): Tensor {
    checkOptions("var", options, VAR_OPTIONS, 2);
    return red.variance(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }
  std(dim?: number | number[] | null, options: VarOptions = {}): Tensor {
    checkOptions("std", options, VAR_OPTIONS, 2);
    return red.std(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }
  logsumexp(dim: number | number[], keepdim = false): Tensor {
    return sm.logsumexp(this, dim, keepdim);
  }
  norm(p = 2, dim?: number | number[] | null, keepdim = false): Tensor {
    return red.norm(this, p, dim, keepdim);
  }
  cumsum(dim: number): Tensor {
    return red.cumsum(this, dim);
  }
  all(): Tensor {
    return red.all(this);
  }
  any(): Tensor {
    return red.any(this);
  }

  // ---- linear algebra ----------------------------------------------------------------------------

  matmul(other: Tensor): Tensor {
    return mm.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return mm.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return mm.bmm(this, other);
  }
  dot(other: Tensor): Tensor {
    return mm.dot(this, other);
  }

  // ---- softmax family -----------------------------------------------------------------------------

  softmax(dim: number): Tensor {
    return sm.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return sm.logSoftmax(this, dim);
  }

  // ---- indexing -----------------------------------------------------------------------------------

  gather(dim: number, index: Tensor): Tensor {
    return idx.gather(this, dim, index);
  }
  scatter(dim: number, index: Tensor, src: TensorLike, options?: idx.ScatterOptions): Tensor {
    return idx.scatter(this, dim, index, src, options);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return idx.scatterAdd(this, dim, index, src);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return idx.indexSelect(this, dim, index);
  }
  maskedFill(mask: Tensor, value: number): Tensor {
    return idx.maskedFill(this, mask, value);
  }

  // ---- in place -----------------------------------------------------------------------------------

  fill_(value: number): this {
    return ip.fill_(this, value);
  }
  zero_(): this {
    return ip.zero_(this);
  }
  copy_(src: TensorLike): this {
    return ip.copy_(this, src);
  }
  add_(other: TensorLike, alpha = 1): this {
    return ip.inplace(this, ew.add, other, alpha, "add_");
  }
  sub_(other: TensorLike, alpha = 1): this {
    return ip.inplace(this, ew.sub, other, alpha, "sub_");
  }
  mul_(other: TensorLike): this {
    return ip.inplace(this, ew.mul, other, undefined, "mul_");
  }
  div_(other: TensorLike): this {
    return ip.inplace(this, ew.div, other, undefined, "div_");
  }
  clamp_(min?: number | null, max?: number | null): this {
    return ip.inplaceUnary(this, (t) => ew.clamp(t, min, max), "clamp_");
  }
  relu_(): this {
    return ip.inplaceUnary(this, ew.relu, "relu_");
  }
  neg_(): this {
    return ip.inplaceUnary(this, ew.neg, "neg_");
  }
  exp_(): this {
    return ip.inplaceUnary(this, ew.exp, "exp_");
  }
  sqrt_(): this {
    return ip.inplaceUnary(this, ew.sqrt, "sqrt_");
  }
  scatter_(dim: number, index: Tensor, src: TensorLike, options?: idx.ScatterOptions): this {
    checkOptions("scatter_", options, idx.SCATTER_OPTIONS, 4);
    return ip.inplaceUnary(this, (t) => idx.scatter(t, dim, index, src), "scatter_", index, src);
  }
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this {
    return ip.inplaceUnary(this, (t) => idx.scatterAdd(t, dim, index, src), "scatterAdd_", index, src);
  }
  maskedFill_(mask: Tensor, value: number): this {
    return ip.inplaceUnary(this, (t) => idx.maskedFill(t, mask, value), "maskedFill_", mask);
  }
  /** Fills with U(from, to) from the global (or given) generator. */
  uniform_(from = 0, to = 1, generator?: import("./random.js").Generator): this {
    return ip.uniform_(this, from, to, generator);
  }
  /** Fills with N(mean, std²) from the global (or given) generator. */
  normal_(mean = 0, std = 1, generator?: import("./random.js").Generator): this {
    return ip.normal_(this, mean, std, generator);
  }
}

/** Accepts both `f(2, 3)` and `f([2, 3])`, as PyTorch's size arguments do. */
function flatArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as number[]).slice();
  return args as number[];
}
