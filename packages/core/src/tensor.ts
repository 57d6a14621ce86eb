/**
 * The Tensor class: its data (storage, shape, strides, offset, dtype), its place in the graph and
 * the methods that only read it. Every other method (ops, in-place ops, `backward`, the checked
 * `requiresGrad` and `grad` setters) is attached in `methods.ts`, so that this file imports no op
 * and nothing that imports Tensor back: ops import Tensor, never the other way round.
 */
import type { HookEntry, Node } from "./autograd/node.js";
import { allocate, type DType, isFloating, type TypedArray } from "./dtype.js";
import { unaryKernel, UnOp } from "./kernels/elementwise.js";
import { formatTensor } from "./print.js";
import {
  contiguousStrides,
  formatShape,
  isContiguous,
  normalizeDim,
  numelOf,
  type Shape,
  Size,
} from "./shape.js";

/** A flat typed array shared by a tensor and its views, with PyTorch's in-place version counter. */
export class Storage {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "Storage";
  /** Bumped by every in-place write; autograd compares it with the version saved at record time. */
  version = 0;
  /** @param data The elements, in the typed array of the dtype (shared by every view of the storage). */
  constructor(readonly data: TypedArray) {}
}

export type Scalar = number;
/** A tensor or a plain number, as binary ops take their second argument (PyTorch's `x + 1`). */
export type TensorLike = Tensor | number;

/**
 * `max(dim)`, `min(dim)`, `sort`, `topk` and the max pools' `returnIndices` result, PyTorch's
 * `torch.return_types.max(values=..., indices=...)` (or plain tuple): the two by name, and in
 * order, so that Python's `values, indices = x.max(1)` is `const [values, indices] = x.max(1)`.
 */
export interface ValuesIndices {
  /** The values (for `max(dim)`: the maxima). */
  values: Tensor;
  /** Their int32 positions along the reduced or sorted dim. */
  indices: Tensor;
  /** `values`, then `indices` (the tuple's order). */
  [Symbol.iterator](): Iterator<Tensor>;
  /** `values`, as Python's `x.max(1)[0]`. */
  readonly 0: Tensor;
  /** `indices`, as Python's `x.max(1)[1]`. */
  readonly 1: Tensor;
}

/**
 * A {@link ValuesIndices} that prints as PyTorch prints it: `torch.return_types.sort(\nvalues=...,\nindices=...)`
 * for the op `name`, or `(values, indices)` for a plain tuple (`name` null). Only `values` and
 * `indices` are enumerable, so it compares and spreads as `{ values, indices }`.
 *
 * @example
 * const [values, indices] = returnTypes("max", tensor([3]), tensor([0]));
 * returnTypes("max", tensor([3]), tensor([0]))[1].item(); // 0
 * String(returnTypes("max", tensor([3]), tensor([0]))); // "torch.return_types.max(\nvalues=tensor([3]),\nindices=tensor([0]))"
 */
export function returnTypes(name: string | null, values: Tensor, indices: Tensor): ValuesIndices {
  const text = (): string =>
    name === null
      ? `(${values}, ${indices})`
      : `torch.return_types.${name}(\nvalues=${values},\nindices=${indices})`;
  return Object.defineProperties({ values, indices } as ValuesIndices, {
    [Symbol.iterator]: { value: () => [values, indices][Symbol.iterator]() },
    0: { value: values },
    1: { value: indices },
    toString: { value: text },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: text },
  });
}

/**
 * Each tensor's frozen Size behind `shape`, made on the first read. Kept beside the tensors, not in
 * a field, so that the tensors ops make and never show keep their layout and cost nothing more.
 */
const SIZES = new WeakMap<Tensor, Size>();

/**
 * A multi-dimensional array with reverse-mode autodiff, like `torch.Tensor`.
 *
 * Data lives in a flat typed array (`storage.data`) read through `shape`, `strides` and `offset`;
 * views (`transpose`, `view`, `expand`, `narrow`, ...) share the storage. Methods (attached in
 * `methods.ts`) are sugar for the op functions in `ops/`, named as in PyTorch in camelCase (`logSoftmax`, `scatter_`, `zeroGrad`).
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
  /** The flat storage this tensor reads (shared with its views). PyTorch: `x.untyped_storage()`. */
  readonly storage: Storage;
  /**
   * @internal The shape as a plain array: what library code reads (every op, on every call), kept
   * apart from the public `shape` so that it can stay a plain array whatever `shape` becomes
   * (V8's fast paths for `slice`, spreads and `map` skip Array subclasses).
   */
  readonly _shape: readonly number[];
  /** Elements to step in the storage per index of each dim (`x.stride()`). */
  readonly strides: readonly number[];
  /** Index of the first element in the storage (`x.storage_offset()`). */
  readonly offset: number;
  /** The element type: `"float32"`, `"float64"`, `"int32"` or `"bool"` (`x.dtype`). */
  readonly dtype: DType;
  /**
   * @internal The flag behind `requiresGrad`. Ops write it directly when they record their output
   * (a non-leaf by then, which the public setter refuses).
   */
  _requiresGrad = false;
  /** @internal The field behind the checked `grad` setter. */
  _grad: Tensor | null = null;
  /** The op that produced this tensor (`grad_fn`); null for leaves. */
  gradFn: Node | null = null;
  /** @internal Which output of `gradFn` this tensor is (`output_nr`): 0 but for custom Functions. */
  _outputNr = 0;
  /** @internal A leaf's gradient hooks (`register_hook`), run before `.grad` accumulates. */
  _hooks: HookEntry[] | null = null;
  /** The tensor this one is a view of, if any (`_base`). */
  readonly base: Tensor | null;
  /**
   * Whether this is a view made under `noGrad` (or a view of one), PyTorch's
   * `CreationMeta::NO_GRAD_MODE`: modifying it in place with grad mode on is an error, since it is
   * ambiguous whether that write should be recorded. Set by the view ops only.
   */
  noGradView = false;
  /**
   * @internal For a view: its base's `gradFn` when this view's own history was set. When the base's
   * history moves on (an in-place op on the base, or on another view of it), the view's history is
   * stale and is rebuilt from the base's on its next use (ops/inplace.ts, `refreshView`), as
   * PyTorch regenerates a view's grad_fn after its base's version changes.
   */
  _viewHistory: Node | null = null;

  constructor(
    storage: Storage,
    shape: Shape,
    strides: Shape,
    offset: number,
    dtype: DType,
    base: Tensor | null = null,
  ) {
    this.storage = storage;
    this._shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    this.base = base;
  }

  /** A new contiguous tensor over a fresh typed array (internal constructor used by ops). */
  static fromArray(data: TypedArray, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(data), shape.slice(), contiguousStrides(shape), 0, dtype);
  }

  /**
   * A kernel's fresh contiguous result `t` (not yet recorded) under another shape of the same size,
   * as a new tensor rather than a view (internal): a reduction's result is not a view of anything in
   * PyTorch, so in-place ops on it must work as on any other result.
   */
  static withShape(t: Tensor, shape: Shape): Tensor {
    return new Tensor(t.storage, shape.slice(), contiguousStrides(shape), t.offset, t.dtype);
  }

  /** A new zero-filled contiguous tensor (internal); `op` names the caller in the size-limit error. */
  static alloc(shape: Shape, dtype: DType, op = "alloc"): Tensor {
    return Tensor.fromArray(allocate(dtype, numelOf(shape), op, shape), shape, dtype);
  }

  // ---- metadata -------------------------------------------------------------------------------

  /**
   * The shape (`x.shape`, a `torch.Size`): a {@link Size} that prints as `torch.Size([3, 28, 28])`
   * and is an array of numbers (indexable, iterable, `length`, spreads, `toEqual([3, 28, 28])`, a
   * shape argument: `zeros(x.shape)`). Frozen and made once per tensor, on its first read, so
   * `x.shape === x.shape`; `x.size()` gives a fresh copy. Typed as a read-only array, as it was
   * before it became a Size, so that casts like `x.shape as [number, number]` still compile
   * (`x.size().numel()` is the typed `numel()`).
   *
   * @example
   * const x = zeros(3, 28, 28);
   * `${x.shape}`          // "torch.Size([3, 28, 28])"
   * x.shape[0]            // 3
   * x.shape instanceof Size // true
   * zeros(x.shape.slice(1)).shape // torch.Size([28, 28])
   */
  get shape(): readonly number[] {
    let s = SIZES.get(this);
    if (s === undefined) {
      s = Object.freeze(new Size(this._shape));
      SIZES.set(this, s);
    }
    return s;
  }

  /**
   * Number of dims (`dim()`).
   *
   * @example
   * zeros([2, 3]).dim(); // 2
   */
  dim(): number {
    return this._shape.length;
  }
  /**
   * Number of dims, as `dim()` (`x.ndim`).
   *
   * @example
   * zeros([2, 3]).ndim; // 2
   */
  get ndim(): number {
    return this._shape.length;
  }
  /**
   * Number of elements.
   *
   * @example
   * zeros([2, 3]).numel(); // 6
   */
  numel(): number {
    return numelOf(this._shape);
  }
  /**
   * The shape as a {@link Size} (`torch.Size`, a fresh copy: prints as `torch.Size([3, 28, 28])`),
   * or the size of one dim as a number (negative dims count from the end).
   *
   * @example
   * zeros(3, 28, 28).size()          // torch.Size([3, 28, 28])
   * zeros(3, 28, 28).size(-1)        // 28
   * zeros(3, 28, 28).size().numel()  // 2352
   */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return new Size(this._shape);
    return this._shape[normalizeDim("size", dim, this.dim())]!;
  }
  /**
   * Strides of every dim (`x.stride()`), or of `dim` (`x.stride(0)`), in elements.
   *
   * @example
   * zeros([2, 3]).stride(); // [3, 1]
   * zeros([2, 3]).transpose(0, 1).stride(0); // 1
   */
  stride(): number[];
  /** The stride of `dim` (negative counts from the end), in elements. */
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this.strides.slice();
    return this.strides[normalizeDim("stride", dim, this.dim())]!;
  }
  /**
   * Whether the elements are dense in row-major order (`x.is_contiguous()`).
   *
   * @example
   * zeros([2, 3]).isContiguous(); // true
   * zeros([2, 3]).t().isContiguous(); // false
   */
  isContiguous(): boolean {
    return isContiguous(this._shape, this.strides);
  }
  /**
   * Whether the dtype is float32 or float64 (`x.is_floating_point()`).
   *
   * @example
   * tensor([1]).isFloatingPoint(); // false
   */
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }
  /**
   * A leaf is a tensor not produced by a recorded op (`is_leaf`).
   *
   * @example
   * const w = ones([2], { requiresGrad: true });
   * [w.isLeaf, w.mul(2).isLeaf]; // [true, false]
   */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The in-place version counter of this tensor's storage (`_version`).
   *
   * @example
   * const x = zeros([2]);
   * x.add_(1);
   * x.version; // 1
   */
  get version(): number {
    return this.storage.version;
  }

  // ---- reading values ---------------------------------------------------------------------------

  /**
   * The value of a one-element tensor as a JS number (`item()`). A bool tensor gives 1 or 0 where
   * PyTorch gives `True`/`False`, so that `item()` stays typed `number` for arithmetic; test it by
   * truthiness (`if (done.item())`), not `=== true`. `tolist()` gives booleans.
   *
   * @example
   * tensor([[2.5]]).item(); // 2.5
   * tensor([true]).item(); // 1
   */
  item(): number {
    if (this.numel() !== 1) {
      throw new Error(
        `item(): a Tensor with ${this.numel()} elements cannot be converted to Scalar (shape ${formatShape(this._shape)})`,
      );
    }
    const v = this.storage.data[this.offset]!;
    return this.dtype === "bool" ? (v ? 1 : 0) : v;
  }

  /**
   * The elements in row-major order as a fresh typed array of this dtype.
   *
   * @example
   * tensor([1, 2], { dtype: "float64" }).toTypedArray(); // [1, 2]
   */
  toTypedArray(): TypedArray {
    const out = allocate(this.dtype, this.numel(), "toTypedArray", this._shape);
    unaryKernel(UnOp.Copy, this._shape, out, 0, this.storage.data, this.strides, this.offset);
    return out;
  }

  /**
   * The elements as (nested) JS arrays, like `tolist()`; a 0-d tensor gives a number.
   *
   * @example
   * tensor([[1, 2], [3, 4]]).tolist(); // [[1, 2], [3, 4]]
   */
  tolist(): any {
    const flat = this.toTypedArray();
    const asValue = (v: number): number | boolean => (this.dtype === "bool" ? v !== 0 : v);
    if (this.dim() === 0) return asValue(flat[0]!);
    let pos = 0;
    const build = (d: number): any[] => {
      const n = this._shape[d]!;
      const arr = new Array(n);
      for (let i = 0; i < n; i++) arr[i] = d === this.dim() - 1 ? asValue(flat[pos++]!) : build(d + 1);
      return arr;
    };
    return build(0);
  }

  /**
   * PyTorch's printed form: `tensor([[ 0.1796, -0.0440]], requires_grad=True)`.
   *
   * @example
   * String(tensor([0.5, 1], { requiresGrad: true })); // "tensor([0.5000, 1.0000], requires_grad=True)"
   */
  toString(): string {
    return formatTensor(this);
  }

  /** `console.log(t)` in Node prints what `print(t)` prints in Python, not the internals. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // ---- autograd (`requiresGrad`, `grad`, `backward` and `requiresGrad_` are in methods.ts) ---

  /**
   * Makes a non-leaf keep its `.grad` after backward (`retain_grad()`).
   *
   * @example
   * const w = ones([2], { requiresGrad: true });
   * const h = w.mul(2).retainGrad();
   * h.sum().backward();
   * h.grad; // tensor([1., 1.])
   */
  retainGrad(): this {
    if (!this._requiresGrad)
      throw new Error("retainGrad(): can't retain_grad on Tensor that has requires_grad=False");
    const node = this.gradFn;
    if (node) {
      node.hooks ??= [];
      let list = node.hooks[this._outputNr];
      if (list === undefined) {
        list = [];
        node.hooks[this._outputNr] = list;
      }
      if (!list.some((e) => "retain" in e)) list.push({ retain: this });
      node.retained = this;
    }
    return this;
  }

  /**
   * A view sharing storage, cut from the graph (`detach()`).
   *
   * @example
   * ones([2], { requiresGrad: true }).mul(2).detach().requiresGrad; // false
   */
  detach(): Tensor {
    // Not a view in PyTorch's sense (`x.detach()._base` is None): in-place ops on it are allowed,
    // and the shared storage (and version counter) still lets saved-tensor checks see them.
    return new Tensor(this.storage, this._shape, this.strides, this.offset, this.dtype);
  }

  /**
   * Cuts this tensor itself from the graph (`detach_()`): no `gradFn`, `requiresGrad` false, so
   * earlier steps are not backpropagated through (truncated BPTT's `hidden.detach_()`). Returns
   * this. A view that requires grad is PyTorch's error: its base's graph would still reach it.
   *
   * @example
   * const h = ones([2], { requiresGrad: true }).mul(2);
   * h.detach_().requiresGrad; // false
   */
  detach_(): this {
    if (this.base !== null && this._requiresGrad) {
      throw new Error("detach_(): Can't detach views in-place. Use detach() instead.");
    }
    this.gradFn = null;
    this._outputNr = 0;
    this._requiresGrad = false;
    return this;
  }

  /**
   * PyTorch's `.data` (the seed uses `target.data`): like `detach()`, a view sharing the values,
   * but with its own version counter, so in-place writes through it go unnoticed by autograd
   * (that is what `.data` does in PyTorch, and why `detach()` is the safer choice).
   *
   * @example
   * const w = ones([2], { requiresGrad: true });
   * w.data.mul_(3);
   * w; // tensor([3., 3.], requires_grad=True)
   */
  get data(): Tensor {
    return new Tensor(new Storage(this.storage.data), this._shape, this.strides, this.offset, this.dtype);
  }
}
