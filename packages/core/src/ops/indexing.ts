/**
 * Indexing ops and their adjoints: gather ↔ scatterAdd, scatter, scatterReduce, indexSelect ↔
 * indexAdd, indexFill, indexCopy, indexPut, take, takeAlongDim, maskedFill, maskedSelect ↔
 * maskedScatter, oneHot. Index tensors are int32 (tsgrad's stand-in for PyTorch's int64); values
 * are bounds-checked, and a negative one is an error, except where PyTorch counts it from the
 * end (`take`, `indexFill`, `indexPut`), which these do too.
 */
import { needsGrad, record } from "../autograd/node.js";
import { allocate, isFloating, toStorageValue } from "../dtype.js";
import { noGrad } from "../autograd/grad-mode.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import {
  broadcastShapes,
  checkInt,
  checkNumel,
  contiguousStrides,
  formatShape,
  normalizeDim,
  shapesEqual,
} from "../shape.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { checkTensor, scalarTensor } from "./check.js";
import { carryDeltas, nextIndex, startIndex } from "../kernels/walk.js";
import { where } from "./elementwise.js";
import { cat } from "./join.js";
import { sumTo } from "./reduce.js";

enum Walk {
  Gather,
  Scatter,
  ScatterAdd,
  ScatterValue,
  ScatterMul,
  ScatterMax,
  ScatterMin,
}

/** `isGather`: PyTorch calls gather's first argument "input" (scatter's "self") and words its size error apart. */
function checkIndex(
  op: string,
  self: Tensor,
  d: number,
  index: Tensor,
  src: Tensor | null,
  isGather = false,
): void {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}(): argument 'index' must be a Tensor`);
  if (index.dtype !== "int32")
    throw new Error(`${op}(): Expected dtype int32 for index, but got ${index.dtype}`);
  const nd = Math.max(self.dim(), 1);
  const selfName = isGather ? "input" : "self";
  if (Math.max(index.dim(), 1) !== nd && index.numel() > 0) {
    throw new Error(
      `${op}(): Index tensor must have the same number of dimensions as ${selfName} tensor (index ${formatShape(index._shape)}, ${selfName} ${formatShape(self._shape)})`,
    );
  }
  if (src && Math.max(src.dim(), 1) !== nd && index.numel() > 0) {
    throw new Error(
      `${op}(): Index tensor must have the same number of dimensions as src tensor (index ${formatShape(index._shape)}, src ${formatShape(src._shape)})`,
    );
  }
  for (let i = 0; i < index.dim(); i++) {
    const overSelf = i !== d && index._shape[i]! > (self._shape[i] ?? 1);
    const overSrc = src !== null && index._shape[i]! > (src._shape[i] ?? 1);
    if (!overSelf && !overSrc) continue;
    const shapes = `index ${formatShape(index._shape)} to be smaller than self ${formatShape(self._shape)} apart from dimension ${d}`;
    if (isGather) throw new Error(`${op}(): Size does not match at dimension ${i} expected ${shapes}`);
    throw new Error(
      `${op}(): Expected ${shapes}${src ? ` and to be smaller size than src ${formatShape(src._shape)}` : ""}`,
    );
  }
}

/**
 * Walks every position p of `index`; at each, `self` is addressed at p with coordinate `dim`
 * replaced by index[p], and `other` (src, or the output for gather) at p itself.
 */
function walk(
  mode: Walk,
  op: string,
  index: Tensor,
  dim: number,
  self: Tensor,
  selfData: ArrayLike<number> & { [i: number]: number },
  selfStrides: readonly number[],
  selfOffset: number,
  other: ArrayLike<number> & { [i: number]: number },
  otherStrides: readonly number[],
  otherOffset: number,
  value = 0,
): void {
  const ic = index.contiguous();
  const idx = ic.storage.data;
  const nd = index.dim();
  const n = index.numel();
  if (n === 0) return;
  const size = self.dim() === 0 ? 1 : self._shape[dim]!;
  const dimStride = self.dim() === 0 ? 0 : selfStrides[dim]!;
  const pos = startIndex(nd);
  // `self` does not move along `dim`: the index says where.
  const dSelf = carryDeltas(
    index._shape,
    selfStrides.map((s, d) => (d === dim ? 0 : s)),
    nd,
  );
  const dOther = carryDeltas(index._shape, otherStrides, nd);
  let so = selfOffset;
  let oo = otherOffset;
  for (let p = 0; p < n; p++) {
    const v = idx[ic.offset + p]!;
    if (v < 0 || v >= size) {
      throw new Error(`${op}(): index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
    const t = so + v * dimStride;
    switch (mode) {
      case Walk.Gather:
        other[oo] = selfData[t]!;
        break;
      case Walk.Scatter:
        selfData[t] = other[oo]!;
        break;
      case Walk.ScatterAdd:
        selfData[t] += other[oo]!;
        break;
      case Walk.ScatterValue:
        selfData[t] = value;
        break;
      case Walk.ScatterMul:
        selfData[t] *= other[oo]!;
        break;
      case Walk.ScatterMax: {
        // NaN wins, as in PyTorch's amax.
        const o = other[oo]!;
        if (o > selfData[t]! || o !== o) selfData[t] = o;
        break;
      }
      case Walk.ScatterMin: {
        const o = other[oo]!;
        if (o < selfData[t]! || o !== o) selfData[t] = o;
        break;
      }
    }
    const d = nextIndex(pos, index._shape, nd);
    so += dSelf[d]!;
    oo += dOther[d]!;
  }
}

/**
 * Picks values along `dim` by `index` (`torch.gather`):
 * `out[i][j][k] = input[i][index[i][j][k]][k]` for `dim = 1`. The output has the index's shape.
 * Its gradient is a scatterAdd of the upstream gradient.
 *
 * @example
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]])); // tensor([[2], [3]])
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor("gather", x);
  const d = normalizeDim("gather", dim, x.dim());
  checkIndex("gather", x, d, index, null, true);
  return gatherChecked("gather", "GatherBackward0", x, d, index);
}

/** gather's forward at an `index` already checked, and its backward (a scatterAdd), recorded as `name`. */
function gatherChecked(op: string, name: string, x: Tensor, d: number, index: Tensor): Tensor {
  const outShape = index._shape.slice();
  const out = allocate(x.dtype, index.numel(), op, index._shape);
  walk(
    Walk.Gather,
    op,
    index,
    d,
    x,
    x.storage.data,
    x.strides,
    x.offset,
    out,
    contiguousStrides(outShape),
    0,
  );
  const result = Tensor.fromArray(out, outShape, x.dtype);
  const shape = x._shape;
  return record(result, name, [x], [index], (g, [ind]) => [
    Tensor.alloc(shape, g.dtype).scatterAdd(d, ind!, g),
  ]);
}

/** Scatters `src` into `result` (a fresh contiguous tensor) at `index` along `d`, as `mode` says. */
function scatterInto(mode: Walk, op: string, result: Tensor, d: number, index: Tensor, src: Tensor): void {
  walk(
    mode,
    op,
    index,
    d,
    result,
    result.storage.data,
    result.strides,
    0,
    src.storage.data,
    src.strides,
    src.offset,
  );
}

/** Sets `result` (a fresh contiguous tensor) to `value` at the positions `index` addresses along `d`. */
function fillAtIndex(op: string, result: Tensor, d: number, index: Tensor, value: number): void {
  const out = result.storage.data;
  walk(
    Walk.ScatterValue,
    op,
    index,
    d,
    result,
    out,
    result.strides,
    0,
    out,
    index._shape.map(() => 0),
    0,
    value,
  );
}

function scatterImpl(op: string, x: Tensor, d: number, index: Tensor, src: TensorLike, mode: Walk): Tensor {
  // A number with a reduction is scattered as a tensor of that number in the index's shape.
  const srcT =
    src instanceof Tensor
      ? src
      : mode === Walk.Scatter
        ? null
        : Tensor.fromArray(
            allocate(x.dtype, index.numel()).fill(toStorageValue(op, x.dtype, src as number)),
            index._shape.slice(),
            x.dtype,
          );
  checkIndex(op, x, d, index, srcT);
  if (srcT && srcT.dtype !== x.dtype) {
    throw new Error(
      `${op}(): Expected self.dtype to be equal to src.dtype (got ${x.dtype} and ${srcT.dtype})`,
    );
  }
  const result = x.detach().clone();
  if (srcT) scatterInto(mode, op, result, d, index, srcT);
  else fillAtIndex(op, result, d, index, toStorageValue(op, x.dtype, src as number));
  return result;
}

/** `scatter`'s keyword options. */
export interface ScatterOptions {
  /**
   * `"add"` or `"multiply"`: combine `src` with the values already there instead of overwriting
   * them (PyTorch's `reduce=`). As in PyTorch 1.13, such a scatter has no gradient: backward
   * through it raises. `scatterReduce` is the differentiable form.
   */
  reduce?: "add" | "multiply";
}
export const SCATTER_OPTIONS: OptionsSpec<ScatterOptions> = { reduce: "string" };

/**
 * Writes `src` (a tensor, or one number) into a copy of `x` at the positions `index` gives along
 * `dim` (`torch.scatter`): `out[i][index[i][j]] = src[i][j]` for `dim = 1`. With duplicate
 * indices the last write wins (PyTorch leaves this unspecified). Gradients: zero at the written
 * positions for `x`, and a gather of the upstream gradient for `src`.
 *
 * PyTorch: `x.scatter(1, index, src)`, `x.scatter(1, index, 2.0, reduce="multiply")`.
 * @example zeros([2, 3]).scatter(1, tensor([[0], [2]]), 1, { reduce: "add" })
 */
export function scatter(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: TensorLike,
  options?: ScatterOptions,
): Tensor {
  checkTensor("scatter", x);
  const { reduce } = checkOptions("scatter", options, SCATTER_OPTIONS, 5);
  if (reduce !== undefined && reduce !== "add" && reduce !== "multiply") {
    throw new Error(`scatter(): reduce argument must be either add or multiply. (got "${reduce}")`);
  }
  const d = normalizeDim("scatter", dim, x.dim());
  const mode = reduce === "add" ? Walk.ScatterAdd : reduce === "multiply" ? Walk.ScatterMul : Walk.Scatter;
  const result = scatterImpl("scatter", x, d, index, src, mode);
  const srcT = src instanceof Tensor ? src : null;
  if (reduce !== undefined) {
    return record(result, "NotImplemented", [x, srcT], [], () => {
      throw new Error(
        "scatter(): the derivative for scatter with reduce is not implemented, as in PyTorch 1.13 (use scatterAdd or scatterReduce, which are differentiable)",
      );
    });
  }
  return record(
    result,
    srcT ? "ScatterBackward0" : "ScatterBackward1",
    [x, srcT],
    [index],
    (g, [ind], needs) => [
      needs[0] ? g.scatter(d, ind!, 0) : null,
      needs[1] ? gatherToShape(g, d, ind!, srcT!._shape) : null,
    ],
  );
}

/**
 * `g.gather(d, index)` laid into zeros of `srcShape`: src may be larger than the index, and its
 * elements outside the index's extent were never read, so their gradient is zero. (PyTorch
 * 1.13 raises "returned an invalid gradient" in that case; the zero-padded gradient is the
 * correct one.)
 */
function gatherToShape(g: Tensor, d: number, index: Tensor, srcShape: readonly number[]): Tensor {
  const picked = g.gather(d, index);
  if (shapesEqual(picked._shape, srcShape)) return picked;
  const out = Tensor.alloc(srcShape, g.dtype);
  let block = out;
  for (let i = 0; i < index.dim(); i++) block = block.narrow(i, 0, index._shape[i]!);
  noGrad(() => block.copy_(picked));
  return out;
}

/**
 * Adds `src` into a copy of `x` at the positions `index` gives along `dim`
 * (`torch.scatter_add`); duplicates accumulate. It is gather's adjoint.
 *
 * @example
 * scatterAdd(zeros([3]), 0, tensor([0, 0, 2]), ones([3])); // tensor([2., 0., 1.])
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkTensor("scatter_add", x);
  const d = normalizeDim("scatter_add", dim, x.dim());
  if (!(src instanceof Tensor)) throw new TypeError("scatter_add(): argument 'src' must be a Tensor");
  const result = scatterImpl("scatter_add", x, d, index, src, Walk.ScatterAdd);
  const srcShape = src._shape;
  return record(result, "ScatterAddBackward0", [x, src], [index], (g, [ind], needs) => [
    needs[0] ? g : null,
    needs[1] ? gatherToShape(g, d, ind!, srcShape) : null,
  ]);
}

/**
 * Rows (or slices along `dim`) picked by a 1-D int32 `index` (`torch.index_select`).
 *
 * @example
 * indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0])); // tensor([[5, 6], [1, 2]])
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor("index_select", x);
  const d = normalizeDim("index_select", dim, x.dim());
  if (!(index instanceof Tensor) || index.dtype !== "int32") {
    throw new Error(
      `index_select(): Expected dtype int32 for index, but got ${index instanceof Tensor ? index.dtype : typeof index}`,
    );
  }
  if (index.dim() > 1)
    throw new Error(
      `index_select(): Index is supposed to be a vector, but got shape ${formatShape(index._shape)}`,
    );
  const size = sizeAt(x, d);
  const ind = index.contiguous();
  const k = ind.numel();
  for (let i = 0; i < k; i++) {
    const v = ind.storage.data[ind.offset + i]!;
    if (v < 0 || v >= size) throw new Error(`index_select(): ${outOfRangeInSelf(v, d, size)}`);
  }
  const shape = x._shape.slice();
  if (x.dim() > 0) shape[d] = k;
  // The index expanded to the output's shape: gather's kernel does the rest.
  return gatherChecked("index_select", "IndexSelectBackward0", x, d, alongDim(ind, d, shape));
}

/**
 * `value` (a number, or a 0-d tensor that then gets a gradient) where `mask` is true, `x`
 * elsewhere (`torch.masked_fill`); `mask` is a bool tensor broadcastable to `x`.
 *
 * @example
 * maskedFill(zeros([3]), tensor([true, false, true]), 5); // tensor([5., 0., 5.])
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  checkTensor("masked_fill", x);
  if (!(mask instanceof Tensor) || mask.dtype !== "bool") {
    throw new Error(
      `masked_fill(): only supports boolean masks, but got mask with dtype ${mask instanceof Tensor ? mask.dtype : typeof mask}`,
    );
  }
  broadcastShapes("masked_fill", x._shape, mask._shape); // names masked_fill and both shapes if they clash
  const xShape = x._shape;
  if (value instanceof Tensor) {
    // PyTorch's overload with a 0-d value tensor (MaskedFillBackward1): the value is cast to x's
    // dtype, as a number would be, and receives the sum of the gradient where the mask is true.
    if (value.dim() !== 0) {
      throw new Error(
        `masked_fill(): masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`,
      );
    }
    const result = noGrad(() => where(mask, value.detach().to(x.dtype), x));
    return record(result, "MaskedFillBackward1", [x, value], [mask], (g, [m], needs) => [
      needs[0] ? sumTo(where(m!, 0, g), xShape) : null,
      needs[1] ? where(m!, g, 0).sum().to(value.dtype) : null,
    ]);
  }
  const v = toStorageValue("masked_fill", x.dtype, value);
  // The mask may broadcast x to a larger shape, as in PyTorch; the gradient sums back.
  const result = noGrad(() => where(mask, scalarTensor(v, x.dtype), x));
  return record(result, "MaskedFillBackward0", [x], [mask], (g, [m]) => [sumTo(where(m!, 0, g), xShape)]);
}

/**
 * One-hot encoding of int32 class indices (`torch.nn.functional.one_hot`): an int32 tensor of
 * shape `[...t.shape, numClasses]`. `numClasses = -1` infers `max + 1`.
 *
 * @example
 * oneHot(tensor([0, 2]), 3); // tensor([[1, 0, 0], [0, 0, 1]])
 */
export function oneHot(t: Tensor, numClasses = -1): Tensor {
  if (!(t instanceof Tensor) || t.dtype !== "int32") {
    throw new Error(
      `one_hot(): one_hot is only applicable to index tensor (int32), but got ${t instanceof Tensor ? t.dtype : typeof t}`,
    );
  }
  checkInt("one_hot", "num_classes", numClasses);
  if (numClasses < -1) {
    throw new Error(`one_hot(): num_classes should be a non-negative integer or -1, but got ${numClasses}`);
  }
  const data = t.toTypedArray();
  let max = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0)
      throw new Error(`one_hot(): Class values must be non-negative (got ${v} at flat position ${i}).`);
    if (v > max) max = v;
  }
  if (numClasses === -1) {
    if (data.length === 0)
      throw new Error("one_hot(): Can not infer total number of classes from empty tensor.");
    numClasses = max + 1;
  } else if (max >= numClasses) {
    throw new Error(
      `one_hot(): Class values must be smaller than num_classes (got ${max} with num_classes=${numClasses}).`,
    );
  }
  const shape = [...t._shape, numClasses];
  const out = allocate("int32", checkNumel("one_hot", shape));
  for (let i = 0; i < data.length; i++) out[i * numClasses + data[i]!] = 1;
  return Tensor.fromArray(out, shape, "int32");
}

// ---- index_fill / index_add / index_copy, take, masked_select / masked_scatter, index_put ------

/**
 * A 0-d or 1-D int32 `index` of positions along a dim of `size`, checked and as a contiguous
 * 1-D tensor; `wrap` accepts negative positions from the end (PyTorch's `index_fill`, `take`,
 * `index_put` do; `index_add` and `index_copy` do not). `outOfRange` words the bound error.
 */
function vectorIndex(
  op: string,
  index: Tensor,
  size: number,
  wrap: boolean,
  outOfRange: (v: number, size: number) => string,
): Tensor {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}(): argument 'index' must be a Tensor`);
  if (index.dtype !== "int32")
    throw new Error(`${op}(): Expected dtype int32 for index, but got ${index.dtype}`);
  if (index.dim() > 1)
    throw new Error(`${op}(): Index has to be a vector/scalar (got shape ${formatShape(index._shape)})`);
  const src = index.toTypedArray();
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (v >= size || v < (wrap ? -size : 0)) throw new Error(`${op}(): ${outOfRange(v, size)}`);
    out[i] = v < 0 ? v + size : v;
  }
  return Tensor.fromArray(out, [src.length], "int32");
}

/** The 1-D `ind` laid along dim `d` and expanded to `shape` (whose dim `d` has ind's length). */
function alongDim(ind: Tensor, d: number, shape: readonly number[]): Tensor {
  if (shape.length === 0) return ind.reshape([]);
  return ind.reshape(shape.map((_, i) => (i === d ? ind.numel() : 1))).expand(shape.slice());
}

const sizeAt = (x: Tensor, d: number): number => (x.dim() === 0 ? 1 : x._shape[d]!);

/** The bound error of index_fill and index_copy. */
const outOfBounds = (v: number, d: number, size: number): string =>
  `index ${v} is out of bounds for dimension ${d} with size ${size}`;
/** index_add's bound error. */
const outOfRangeInSelf = (v: number, d: number, size: number): string =>
  `index out of range in self (index ${v} for dimension ${d} with size ${size})`;

/** `dim` normalized against `x`, and `index` checked by `vectorIndex` against `x`'s size there. */
function dimIndex(
  op: string,
  x: Tensor,
  dim: number,
  index: Tensor,
  wrap: boolean,
  outOfRange: (v: number, d: number, size: number) => string,
): { d: number; ind: Tensor } {
  const d = normalizeDim(op, dim, x.dim());
  return { d, ind: vectorIndex(op, index, sizeAt(x, d), wrap, (v, size) => outOfRange(v, d, size)) };
}

/**
 * `x` with the slices `index` picks along `dim` set to `value` (`torch.index_fill`); negative
 * indices count from the end, as in PyTorch. The gradient is zero at the filled slices.
 *
 * PyTorch: `x.index_fill(1, torch.tensor([0, 2]), -1.0)`.
 * @example tensor([[1, 2, 3]]).indexFill(1, tensor([0, 2]), -1) // [[-1, 2, -1]]
 */
export function indexFill(x: Tensor, dim: number, index: Tensor, value: number): Tensor {
  checkTensor("index_fill", x);
  const { d, ind } = dimIndex("index_fill", x, dim, index, true, outOfBounds);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `index_fill(): argument 'value' must be a number, but got ${(value as unknown) instanceof Tensor ? "Tensor" : typeof value}`,
    );
  }
  const shape = x._shape.slice();
  if (x.dim() > 0) shape[d] = ind.numel();
  const full = alongDim(ind, d, shape);
  const result = scatterImpl("index_fill", x, d, full, Number(value), Walk.Scatter);
  return record(result, "IndexFillBackward0", [x], [full], (g, [fi]) => [g.scatter(d, fi!, 0)]);
}

/**
 * The checks index_add and index_copy share: `dimIndex` (no negative positions, as in PyTorch),
 * then `source` against `x`: same dtype, same dims, one slice per index along `d`.
 */
function sourceIndex(
  op: string,
  x: Tensor,
  dim: number,
  index: Tensor,
  outOfRange: (v: number, d: number, size: number) => string,
  source: Tensor,
  dtypeMessage: string,
): { d: number; ind: Tensor } {
  const { d, ind } = dimIndex(op, x, dim, index, false, outOfRange);
  const k = ind.numel();
  if (!(source instanceof Tensor)) throw new TypeError(`${op}(): argument 'source' must be a Tensor`);
  if (source.dtype !== x.dtype) throw new Error(`${op}(): ${dtypeMessage}`);
  if (Math.max(source.dim(), 1) !== Math.max(x.dim(), 1)) {
    throw new Error(
      `${op}(): source and self must have the same number of dimensions (source ${formatShape(source._shape)}, self ${formatShape(x._shape)})`,
    );
  }
  if (sizeAt(source, d) !== k) {
    throw new Error(
      `${op}(): Number of indices (${k}) should be equal to source.size(dim): (${sizeAt(source, d)}), for dim: ${d}`,
    );
  }
  for (let i = 0; i < x.dim(); i++) {
    if (i !== d && source._shape[i] !== x._shape[i]) {
      throw new Error(
        `${op}(): self and source must have same size at dimension ${i}; self has size ${x._shape[i]}, source has size ${source._shape[i]}`,
      );
    }
  }
  return { d, ind };
}

/** `indexAdd`'s keyword options. */
export interface IndexAddOptions {
  /** The factor `source` is multiplied by before it is added (default 1). */
  alpha?: number;
}
const INDEX_ADD_OPTIONS: OptionsSpec<IndexAddOptions> = { alpha: "number" };

/**
 * Adds the slices of `source` into a copy of `x` at the positions `index` gives along `dim`
 * (`torch.index_add`): `out[:, index[j]] += alpha * source[:, j]` for `dim = 1`; duplicates
 * accumulate. Indices must be in `[0, size)`, as in PyTorch.
 *
 * PyTorch: `x.index_add(0, torch.tensor([0, 2]), src, alpha=2)`.
 * @example zeros([3, 2]).indexAdd(0, tensor([0, 2]), ones([2, 2]), { alpha: 2 })
 */
export function indexAdd(
  x: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  options?: IndexAddOptions,
): Tensor {
  checkTensor("index_add", x);
  const { alpha = 1 } = checkOptions("index_add", options, INDEX_ADD_OPTIONS, 5);
  const { d, ind } = sourceIndex(
    "index_add",
    x,
    dim,
    index,
    outOfRangeInSelf,
    source,
    `self (${x.dtype}) and source (${source?.dtype}) must have the same scalar type`,
  );
  const full = alongDim(ind, d, source._shape);
  const scaled = alpha === 1 ? source : noGrad(() => source.mul(alpha));
  const result = scatterImpl("index_add", x, d, full, scaled, Walk.ScatterAdd);
  return record(result, "IndexAddBackward0", [x, source], [ind], (g, [i], needs) => [
    needs[0] ? g : null,
    needs[1] ? (alpha === 1 ? g.indexSelect(d, i!) : g.indexSelect(d, i!).mul(alpha)) : null,
  ]);
}

/**
 * Copies the slices of `source` into a copy of `x` at the positions `index` gives along `dim`
 * (`torch.index_copy`): `out[:, index[j]] = source[:, j]` for `dim = 1`. With duplicate indices
 * the last write wins (PyTorch leaves this unspecified).
 *
 * PyTorch: `x.index_copy(0, torch.tensor([0, 2]), src)`.
 * @example
 * zeros([3, 2]).indexCopy(0, tensor([2, 0]), tensor([[1, 2], [3, 4]], { dtype: "float32" }));
 */
export function indexCopy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  checkTensor("index_copy", x);
  const { d, ind } = sourceIndex(
    "index_copy",
    x,
    dim,
    index,
    outOfBounds,
    source,
    `self and source expected to have the same dtype, but got (self) ${x.dtype} and (source) ${source?.dtype}`,
  );
  const result = scatterImpl("index_copy", x, d, alongDim(ind, d, source._shape), source, Walk.Scatter);
  return record(result, "IndexCopyBackward0", [x, source], [ind], (g, [i], needs) => [
    needs[0] ? g.indexFill(d, i!, 0) : null,
    needs[1] ? g.indexSelect(d, i!) : null,
  ]);
}

/**
 * The elements of `x`, read as if flattened, at the int32 positions `index` (`torch.take`); the
 * result has the index's shape. Negative positions count from the end, as in PyTorch.
 *
 * PyTorch: `torch.take(x, torch.tensor([0, -1]))`.
 * @example take(tensor([[1, 2], [3, 4]]), tensor([0, -1])) // [1, 4]
 */
export function take(x: Tensor, index: Tensor): Tensor {
  // vectorIndex checks the dtype; the reshape to 1-D needs a tensor first.
  if (!(index instanceof Tensor)) throw new TypeError("take(): argument 'index' must be a Tensor");
  const n = x.numel();
  const flatIndex = vectorIndex(
    "take",
    index.reshape([-1]),
    n,
    true,
    (v) => `out of range: tried to access index ${v} on a tensor of ${n} elements.`,
  );
  const flatX = x.detach().reshape([n]);
  const result = noGrad(() => flatX.gather(0, flatIndex).reshape(index._shape));
  const xShape = x._shape;
  return record(result, "TakeBackward0", [x], [flatIndex], (g, [fi]) => [
    Tensor.alloc([n], g.dtype)
      .scatterAdd(0, fi!, g.reshape([-1]))
      .reshape(xShape),
  ]);
}

/**
 * `gather` with `x` and `indices` broadcast against each other outside `dim`
 * (`torch.take_along_dim`), the partner of `argsort` / `argmax(keepdim)`. Without `dim`, both
 * are flattened first.
 *
 * PyTorch: `torch.take_along_dim(x, idx, dim=1)`.
 * @example
 * const x = tensor([[1, 5], [4, 2]]);
 * x.takeAlongDim(x.argmax(1, true), 1); // tensor([[5], [4]])
 */
export function takeAlongDim(x: Tensor, indices: Tensor, dim?: number | null): Tensor {
  if (!(indices instanceof Tensor))
    throw new TypeError("take_along_dim(): argument 'indices' must be a Tensor");
  if (indices.dtype !== "int32") {
    throw new Error(`take_along_dim(): dtype of indices should be int32 but got ${indices.dtype}`);
  }
  if (dim === undefined || dim === null) return x.reshape([-1]).gather(0, indices.reshape([-1]));
  const d = normalizeDim("take_along_dim", dim, x.dim());
  if (x.dim() !== indices.dim()) {
    throw new Error(
      `take_along_dim(): input and indices should have the same number of dimensions, but got ${x.dim()} dimensions for input, and ${indices.dim()} dimensions for indices`,
    );
  }
  const xSizes = x._shape.slice();
  if (x.dim() > 0) xSizes[d] = indices._shape[d]!;
  const shape = broadcastShapes("take_along_dim", xSizes, indices._shape);
  const xShape = shape.slice();
  if (x.dim() > 0) xShape[d] = x._shape[d]!;
  return x.expand(xShape).gather(d, indices.expand(shape));
}

/** Checks a mask for masked_select / masked_scatter: a bool tensor. */
function checkMask(op: string, mask: Tensor): void {
  if (!(mask instanceof Tensor)) throw new TypeError(`${op}(): argument 'mask' must be a Tensor`);
  if (mask.dtype !== "bool") throw new Error(`${op}(): expected BoolTensor for mask (got ${mask.dtype})`);
}

/**
 * The elements of `x` where `mask` is true, in row-major order, as a 1-D tensor
 * (`torch.masked_select`); `x` and the bool `mask` broadcast together.
 *
 * PyTorch: `torch.masked_select(x, x > 0)`.
 * @example
 * const x = tensor([1, -2, 3]);
 * x.maskedSelect(x.gt(0)); // tensor([1, 3])
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask("masked_select", mask);
  const shape = broadcastShapes("masked_select", x._shape, mask._shape);
  const xs = x.detach().expand(shape).contiguous();
  const ms = mask.expand(shape).contiguous();
  const [xd, md] = [xs.storage.data, ms.storage.data];
  let count = 0;
  for (let i = 0; i < ms.numel(); i++) if (md[ms.offset + i]) count++;
  const out = allocate(x.dtype, count);
  for (let i = 0, k = 0; i < ms.numel(); i++) if (md[ms.offset + i]) out[k++] = xd[xs.offset + i]!;
  const result = Tensor.fromArray(out, [count], x.dtype);
  const xShape = x._shape;
  return record(result, "MaskedSelectBackward0", [x], [ms], (g, [m]) => [
    sumTo(Tensor.alloc(m!._shape, g.dtype).maskedScatter(m!, g), xShape),
  ]);
}

/**
 * `x` with the positions where `mask` is true filled, in row-major order, by consecutive elements
 * of `source` (`torch.masked_scatter`); `mask` broadcasts to `x`, and `source` needs at least as
 * many elements as the mask has trues (the rest is unused).
 *
 * PyTorch: `x.masked_scatter(mask, source)`.
 * @example
 * zeros([2, 2]).maskedScatter(tensor([[true, false], [false, true]]), tensor([1, 2], { dtype: "float32" })); // [[1, 0], [0, 2]]
 */
export function maskedScatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkMask("masked_scatter", mask);
  if (!(source instanceof Tensor))
    throw new TypeError("masked_scatter(): argument 'source' must be a Tensor");
  if (source.dtype !== x.dtype) {
    throw new Error(
      `masked_scatter(): expected self and source to have same dtypes but got ${x.dtype} and ${source.dtype}`,
    );
  }
  const shape = broadcastShapes("masked_scatter", x._shape, mask._shape);
  const ms = mask.expand(shape).contiguous();
  const result = x.detach().expand(shape).clone();
  const md = ms.storage.data;
  const rd = result.storage.data;
  const src = source.toTypedArray();
  let count = 0;
  for (let i = 0; i < ms.numel(); i++) if (md[ms.offset + i]) count++;
  if (count > src.length) {
    throw new Error(
      `masked_scatter(): Number of elements of source < number of ones in mask (source has ${src.length}, mask has ${count})`,
    );
  }
  for (let i = 0, k = 0; i < ms.numel(); i++) if (md[ms.offset + i]) rd[i] = src[k++]!;
  const [xShape, srcShape, srcNumel] = [x._shape, source._shape, source.numel()];
  return record(result, "MaskedScatterBackward0", [x, source], [ms], (g, [m], needs) => {
    let gs: Tensor | null = null;
    if (needs[1]) {
      const picked = g.maskedSelect(m!);
      const pad = Tensor.alloc([srcNumel - picked.numel()], g.dtype);
      gs = cat([picked, pad], 0).reshape(srcShape);
    }
    return [needs[0] ? sumTo(g.maskedFill(m!, 0), xShape) : null, gs];
  });
}

/**
 * `x[indices] = values` (or `+=` with `accumulate`) on a copy (`torch.index_put`): `indices` is a
 * list of int32 index tensors, broadcast together, one per leading dim of `x` (a bool tensor
 * stands for its `nonzero()` coordinates, as in `x[mask] = v`); `values` broadcasts to the
 * indexed shape. Negative indices count from the end. Without `accumulate`, duplicate positions
 * keep one of the writes (the last here; unspecified in PyTorch).
 *
 * PyTorch: `x.index_put((rows, cols), values, accumulate=True)`.
 * @example
 * zeros([3, 3]).indexPut([tensor([0, 2]), tensor([1, 1])], tensor([5, 6], { dtype: "float32" }), true);
 */
export function indexPut(
  x: Tensor,
  indices: readonly Tensor[],
  values: TensorLike,
  accumulate = false,
): Tensor {
  if (!Array.isArray(indices))
    throw new TypeError("index_put(): argument 'indices' must be an array of Tensors");
  const idx: Tensor[] = [];
  for (const t of indices) {
    if (!(t instanceof Tensor) || (t.dtype !== "int32" && t.dtype !== "bool")) {
      throw new Error(
        `index_put(): tensors used as indices must be int32 or bool tensors (got ${t instanceof Tensor ? t.dtype : typeof t})`,
      );
    }
    if (t.dtype === "bool") for (const c of t.nonzero().unbind(1)) idx.push(c);
    else idx.push(t);
  }
  if (idx.length > x.dim()) {
    throw new Error(`index_put(): too many indices for tensor of dimension ${x.dim()} (got ${idx.length})`);
  }
  let b: number[] = [];
  for (const t of idx) {
    b = broadcastShapesOr(b, t._shape, () => {
      throw new Error(
        `index_put(): shape mismatch: indexing tensors could not be broadcast together with shapes ${idx.map((i) => formatShape(i._shape)).join(", ")}`,
      );
    });
  }
  const rest = x._shape.slice(idx.length);
  const target = [...b, ...rest];
  const vt =
    values instanceof Tensor ? values : scalarTensor(toStorageValue("index_put", x.dtype, values), x.dtype);
  if (vt.dtype !== x.dtype) {
    throw new Error(
      `index_put(): Index put requires the source and destination dtypes match, got ${x.dtype} for the destination and ${vt.dtype} for the source.`,
    );
  }
  const fits = broadcastShapesOr(vt._shape, target, () => null);
  if (fits === null || !shapesEqual(fits, target)) {
    throw new Error(
      `index_put(): shape mismatch: value tensor of shape ${formatShape(vt._shape)} cannot be broadcast to indexing result of shape ${formatShape(target)}`,
    );
  }
  // The positions as one linear index into the leading dims, seen as a single dim of size p.
  const nb = b.reduce((a, s) => a * s, 1);
  const lin = new Int32Array(nb);
  let p = 1;
  for (let j = idx.length - 1; j >= 0; j--) {
    const size = x._shape[j]!;
    const data = idx[j]!.expand(b).contiguous().toTypedArray();
    for (let i = 0; i < nb; i++) {
      const v = data[i]!;
      if (v >= size || v < -size) {
        throw new Error(`index_put(): index ${v} is out of bounds for dimension ${j} with size ${size}`);
      }
      lin[i]! += (v < 0 ? v + size : v) * p;
    }
    p *= size;
  }
  const linT = Tensor.fromArray(lin, [nb], "int32");
  const flatShape = [p, ...rest];
  const valsShape = [nb, ...rest];
  const result = noGrad(() => {
    const flat = x.detach().reshape(flatShape);
    const v = vt.detach().expand(target).reshape(valsShape);
    return (accumulate ? flat.indexAdd(0, linT, v) : flat.indexCopy(0, linT, v)).reshape(x._shape);
  });
  const [xShape, vShape] = [x._shape, vt._shape];
  return record(
    result,
    "IndexPutBackward0",
    [x, values instanceof Tensor ? values : null],
    [linT],
    (g, [l], needs) => [
      needs[0] ? (accumulate ? g : g.reshape(flatShape).indexFill(0, l!, 0).reshape(xShape)) : null,
      needs[1] ? sumTo(g.reshape(flatShape).indexSelect(0, l!).reshape(target), vShape) : null,
    ],
  );
}

/** `broadcastShapes(a, b)`, or `orElse()` where they do not broadcast. */
function broadcastShapesOr<T>(a: readonly number[], b: readonly number[], orElse: () => T): number[] | T {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return orElse();
    out.push(x === 1 ? y : x);
  }
  return out;
}

// ---- scatter_reduce -----------------------------------------------------------------------------

/** `scatterReduce`'s reductions, as PyTorch names them. */
export type ScatterReduction = "sum" | "prod" | "mean" | "amax" | "amin";
/** `scatterReduce`'s keyword options. */
export interface ScatterReduceOptions {
  /** Whether the values already in `x` take part in the reduction (default true). */
  includeSelf?: boolean;
}
const SCATTER_REDUCE_OPTIONS: OptionsSpec<ScatterReduceOptions> = { includeSelf: "boolean" };
const REDUCTIONS: readonly string[] = ["sum", "prod", "mean", "amax", "amin"];

/**
 * Reduces the elements of `src` into a copy of `x` at the positions `index` gives along `dim`
 * (`torch.scatter_reduce`): each output position is the `reduce` ("sum", "prod", "mean", "amax",
 * "amin") of the src elements sent there, and of `x`'s own value unless `includeSelf` is false.
 * Positions nothing is sent to keep `x`'s value. Gradients are PyTorch 1.13's for all five
 * reductions (amax / amin split the gradient evenly among ties; prod handles zeros exactly).
 * Integer `mean` rounds down, as PyTorch's does.
 *
 * PyTorch: `x.scatter_reduce(0, index, src, reduce="amax", include_self=False)`.
 * @example
 * zeros([3]).scatterReduce(0, tensor([0, 0, 2]), tensor([1, 2, 3], { dtype: "float32" }), "mean", { includeSelf: false }); // [1.5, 0, 3]
 */
export function scatterReduce(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  options?: ScatterReduceOptions,
): Tensor {
  checkTensor("scatter_reduce", x);
  const { includeSelf = true } = checkOptions("scatter_reduce", options, SCATTER_REDUCE_OPTIONS, 6);
  if (!REDUCTIONS.includes(reduce)) {
    throw new Error(
      `scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin. (got "${reduce}")`,
    );
  }
  if (!(src instanceof Tensor)) throw new TypeError("scatter_reduce(): argument 'src' must be a Tensor");
  const d = normalizeDim("scatter_reduce", dim, x.dim());
  checkIndex("scatter_reduce", x, d, index, src);
  if (src.dtype !== x.dtype) {
    throw new Error(
      `scatter_reduce(): Expected self.dtype to be equal to src.dtype (got ${x.dtype} and ${src.dtype})`,
    );
  }
  const result = noGrad(() => scatterReduceForward(x.detach(), d, index, src.detach(), reduce, includeSelf));
  const idxShape = index._shape;
  return record(
    result,
    "ScatterReduceBackward0",
    [x, src],
    [x, src, result, index],
    (g, [self, s, res, ind], needs) => {
      const [gs, gsrc] = scatterReduceBackward(
        g,
        self!,
        d,
        ind!,
        narrowTo(s!, idxShape),
        res!,
        reduce,
        includeSelf,
      );
      return [needs[0] ? gs : null, needs[1] ? padTo(gsrc, s!._shape) : null];
    },
  );
}

function scatterReduceForward(
  x: Tensor,
  d: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  includeSelf: boolean,
): Tensor {
  const result = x.clone();
  const out = result.storage.data;
  const floating = isFloating(x.dtype);
  if (!includeSelf) {
    const identity =
      reduce === "prod"
        ? 1
        : reduce === "amax"
          ? floating
            ? -Infinity
            : -(2 ** 31)
          : reduce === "amin"
            ? floating
              ? Infinity
              : 2 ** 31 - 1
            : 0;
    fillAtIndex("scatter_reduce", result, d, index, identity);
  }
  const mode =
    reduce === "prod"
      ? Walk.ScatterMul
      : reduce === "amax"
        ? Walk.ScatterMax
        : reduce === "amin"
          ? Walk.ScatterMin
          : Walk.ScatterAdd;
  scatterInto(mode, "scatter_reduce", result, d, index, src);
  if (reduce !== "mean") return result;
  const counts = countsAt(x, d, index, includeSelf);
  const c = counts.storage.data;
  for (let i = 0; i < out.length; i++) {
    if (c[i]! > 1 || (c[i] === 1 && !includeSelf))
      out[i] = floating ? out[i]! / c[i]! : Math.floor(out[i]! / c[i]!);
  }
  return result;
}

/** How many values each position of `x` reduces: the scattered ones, plus itself with includeSelf. */
function countsAt(x: Tensor, d: number, index: Tensor, includeSelf: boolean): Tensor {
  const n = Tensor.alloc(x._shape, "float64");
  if (includeSelf) n.storage.data.fill(1);
  const ones = Tensor.fromArray(new Float64Array(index.numel()).fill(1), index._shape.slice(), "float64");
  scatterInto(Walk.ScatterAdd, "scatter_reduce", n, d, index, ones);
  return n;
}

/** The leading `shape` block of `t` (src may be larger than the index; only that block is read). */
function narrowTo(t: Tensor, shape: readonly number[]): Tensor {
  let v = t;
  for (let i = 0; i < shape.length; i++) if (v._shape[i] !== shape[i]) v = v.narrow(i, 0, shape[i]!);
  return v;
}

/** `g` laid into zeros of `shape`: the src elements outside the index's block get no gradient. */
function padTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g._shape, shape)) return g;
  const out = Tensor.alloc(shape, g.dtype);
  noGrad(() => narrowTo(out, g._shape).copy_(g));
  return out;
}

/** PyTorch 1.13's `scatter_reduce_backward` (FunctionsManual.cpp), written with ops. */
function scatterReduceBackward(
  g: Tensor,
  self: Tensor,
  d: number,
  index: Tensor,
  src: Tensor,
  result: Tensor,
  reduce: ScatterReduction,
  includeSelf: boolean,
): [Tensor, Tensor] {
  let gSelf: Tensor;
  let gSrc: Tensor;
  if (reduce === "sum") {
    gSelf = g;
    gSrc = g.gather(d, index);
  } else if (reduce === "mean") {
    const n = countsAt(self, d, index, includeSelf).to(g.dtype);
    const nn = n.maskedFill(n.eq(0), 1);
    gSelf = g.div(nn);
    gSrc = g.gather(d, index).div(nn.gather(d, index));
  } else if (reduce === "prod") {
    // The exclusive products, exact where self or src holds zeros.
    const maskedSelf = self.maskedFill(self.eq(0), 1);
    // Recorded under createGraph, as PyTorch's scatter_reduce_backward (it calls scatter_reduce).
    const maskedSelfResult = needsGrad(maskedSelf, src)
      ? scatterReduce(maskedSelf, d, index, src, "prod", { includeSelf })
      : noGrad(() => scatterReduceForward(maskedSelf, d, index, src, "prod", includeSelf));
    gSelf = g.mul(maskedSelfResult).div(maskedSelf);
    const srcZero = src.eq(0);
    const zerosAt = Tensor.alloc(self._shape, g.dtype)
      .scatterAdd(d, index, srcZero.to(g.dtype))
      .gather(d, index);
    const srcSingleZero = srcZero.logicalAnd(zerosAt.eq(1));
    const maskedSrc = src.maskedFill(srcSingleZero, 1);
    const maskedSrcResult = needsGrad(self, maskedSrc)
      ? scatterReduce(self, d, index, maskedSrc, "prod", { includeSelf })
      : noGrad(() => scatterReduceForward(self, d, index, maskedSrc, "prod", includeSelf));
    gSrc = where(
      srcSingleZero,
      g.mul(maskedSrcResult).gather(d, index),
      g.mul(result).gather(d, index).div(src.maskedFill(srcZero, 1)),
    );
  } else {
    // amax / amin: the gradient is split evenly among the values equal to the result.
    const value = result.gather(d, index);
    // As in PyTorch, self's ties count even when includeSelf is false.
    const selfIs = self.eq(result).to(g.dtype);
    const srcIs = src.eq(value).to(g.dtype);
    const distributed = g.div(selfIs.scatterAdd(d, index, srcIs));
    gSelf = selfIs.mul(distributed);
    gSrc = srcIs.mul(distributed.gather(d, index));
  }
  if (!includeSelf) gSelf = gSelf.scatter(d, index, 0);
  return [gSelf, gSrc];
}
