/**
 * Indexing ops and their adjoints: gather ↔ scatterAdd, scatter, indexSelect ↔ index add,
 * maskedFill, oneHot. Index tensors are int32 (tsgrad's stand-in for PyTorch's int64); values
 * are bounds-checked and never wrap around when negative.
 */
import { record } from "../autograd/node.js";
import { allocate, toStorageValue } from "../dtype.js";
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
import { scalarTensor } from "./check.js";
import { carryDeltas, nextIndex, startIndex } from "../kernels/walk.js";
import { where } from "./elementwise.js";
import { sumTo } from "./reduce.js";

enum Walk {
  Gather,
  Scatter,
  ScatterAdd,
  ScatterValue,
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
      `${op}(): Index tensor must have the same number of dimensions as ${selfName} tensor (index ${formatShape(index.shape)}, ${selfName} ${formatShape(self.shape)})`,
    );
  }
  if (src && Math.max(src.dim(), 1) !== nd && index.numel() > 0) {
    throw new Error(
      `${op}(): Index tensor must have the same number of dimensions as src tensor (index ${formatShape(index.shape)}, src ${formatShape(src.shape)})`,
    );
  }
  for (let i = 0; i < index.dim(); i++) {
    const overSelf = i !== d && index.shape[i]! > (self.shape[i] ?? 1);
    const overSrc = src !== null && index.shape[i]! > (src.shape[i] ?? 1);
    if (!overSelf && !overSrc) continue;
    const shapes = `index ${formatShape(index.shape)} to be smaller than self ${formatShape(self.shape)} apart from dimension ${d}`;
    if (isGather) throw new Error(`${op}(): Size does not match at dimension ${i} expected ${shapes}`);
    throw new Error(
      `${op}(): Expected ${shapes}${src ? ` and to be smaller size than src ${formatShape(src.shape)}` : ""}`,
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
  const size = self.dim() === 0 ? 1 : self.shape[dim]!;
  const dimStride = self.dim() === 0 ? 0 : selfStrides[dim]!;
  const pos = startIndex(nd);
  // `self` does not move along `dim`: the index says where.
  const dSelf = carryDeltas(
    index.shape,
    selfStrides.map((s, d) => (d === dim ? 0 : s)),
    nd,
  );
  const dOther = carryDeltas(index.shape, otherStrides, nd);
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
    }
    const d = nextIndex(pos, index.shape, nd);
    so += dSelf[d]!;
    oo += dOther[d]!;
  }
}

/**
 * Picks values along `dim` by `index` (`torch.gather`):
 * `out[i][j][k] = input[i][index[i][j][k]][k]` for `dim = 1`. The output has the index's shape.
 * Its gradient is a scatterAdd of the upstream gradient.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim("gather", dim, x.dim());
  checkIndex("gather", x, d, index, null, true);
  const outShape = index.shape.slice();
  const out = allocate(x.dtype, index.numel(), "gather", index.shape);
  walk(
    Walk.Gather,
    "gather",
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
  const shape = x.shape;
  return record(result, "GatherBackward0", [x], [index], (g, [ind]) => [
    Tensor.alloc(shape, g.dtype).scatterAdd(d, ind!, g),
  ]);
}

function scatterImpl(
  op: string,
  x: Tensor,
  d: number,
  index: Tensor,
  src: TensorLike,
  accumulate: boolean,
): Tensor {
  const srcT = src instanceof Tensor ? src : null;
  checkIndex(op, x, d, index, srcT);
  if (srcT && srcT.dtype !== x.dtype) {
    throw new Error(
      `${op}(): Expected self.dtype to be equal to src.dtype (got ${x.dtype} and ${srcT.dtype})`,
    );
  }
  const result = x.detach().clone();
  const out = result.storage.data;
  const strides = result.strides;
  if (srcT) {
    walk(
      accumulate ? Walk.ScatterAdd : Walk.Scatter,
      op,
      index,
      d,
      result,
      out,
      strides,
      0,
      srcT.storage.data,
      srcT.strides,
      srcT.offset,
    );
  } else {
    walk(
      Walk.ScatterValue,
      op,
      index,
      d,
      result,
      out,
      strides,
      0,
      out,
      index.shape.map(() => 0),
      0,
      toStorageValue(op, x.dtype, src as number),
    );
  }
  return result;
}

/**
 * `scatter`'s keyword options: none yet. PyTorch's `reduce` ("add", "multiply") is not supported,
 * so passing it is an error rather than a silently plain scatter (use `scatterAdd` for "add").
 */
export type ScatterOptions = Record<never, never>;
export const SCATTER_OPTIONS: OptionsSpec<ScatterOptions> = {};

/**
 * Writes `src` (a tensor, or one number) into a copy of `x` at the positions `index` gives along
 * `dim` (`torch.scatter`): `out[i][index[i][j]] = src[i][j]` for `dim = 1`. With duplicate
 * indices the last write wins (PyTorch leaves this unspecified). Gradients: zero at the written
 * positions for `x`, and a gather of the upstream gradient for `src`.
 */
export function scatter(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: TensorLike,
  options?: ScatterOptions,
): Tensor {
  checkOptions("scatter", options, SCATTER_OPTIONS, 5);
  const d = normalizeDim("scatter", dim, x.dim());
  const result = scatterImpl("scatter", x, d, index, src, false);
  const srcT = src instanceof Tensor ? src : null;
  return record(
    result,
    srcT ? "ScatterBackward0" : "ScatterBackward1",
    [x, srcT],
    [index],
    (g, [ind], needs) => [
      needs[0] ? g.scatter(d, ind!, 0) : null,
      needs[1] ? gatherToShape(g, d, ind!, srcT!.shape) : null,
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
  if (shapesEqual(picked.shape, srcShape)) return picked;
  const out = Tensor.alloc(srcShape, g.dtype);
  let block = out;
  for (let i = 0; i < index.dim(); i++) block = block.narrow(i, 0, index.shape[i]!);
  noGrad(() => block.copy_(picked));
  return out;
}

/**
 * Adds `src` into a copy of `x` at the positions `index` gives along `dim`
 * (`torch.scatter_add`); duplicates accumulate. It is gather's adjoint.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim("scatter_add", dim, x.dim());
  if (!(src instanceof Tensor)) throw new TypeError("scatter_add(): argument 'src' must be a Tensor");
  const result = scatterImpl("scatter_add", x, d, index, src, true);
  const srcShape = src.shape;
  return record(result, "ScatterAddBackward0", [x, src], [index], (g, [ind], needs) => [
    needs[0] ? g : null,
    needs[1] ? gatherToShape(g, d, ind!, srcShape) : null,
  ]);
}

/** Rows (or slices along `dim`) picked by a 1-D int32 `index` (`torch.index_select`). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim("index_select", dim, x.dim());
  if (!(index instanceof Tensor) || index.dtype !== "int32") {
    throw new Error(
      `index_select(): Expected dtype int32 for index, but got ${index instanceof Tensor ? index.dtype : typeof index}`,
    );
  }
  if (index.dim() > 1)
    throw new Error(
      `index_select(): Index is supposed to be a vector, but got shape ${formatShape(index.shape)}`,
    );
  const size = x.dim() === 0 ? 1 : x.shape[d]!;
  const ind = index.contiguous();
  const k = ind.numel();
  const shape = x.shape.slice();
  if (x.dim() > 0) shape[d] = k;
  // Expand the index to the output's shape and gather: same kernel, same bounds check.
  const view = x.dim() === 0 ? [] : x.shape.map((_, i) => (i === d ? k : 1));
  const full = ind.reshape(view).expand(shape);
  for (let i = 0; i < k; i++) {
    const v = ind.storage.data[ind.offset + i]!;
    if (v < 0 || v >= size)
      throw new Error(
        `index_select(): index out of range in self (index ${v} for dimension ${d} with size ${size})`,
      );
  }
  const out = allocate(x.dtype, full.numel(), "index_select", full.shape);
  walk(
    Walk.Gather,
    "index_select",
    full,
    d,
    x,
    x.storage.data,
    x.strides,
    x.offset,
    out,
    contiguousStrides(shape),
    0,
  );
  const result = Tensor.fromArray(out, shape, x.dtype);
  const xShape = x.shape;
  return record(result, "IndexSelectBackward0", [x], [full], (g, [fi]) => [
    Tensor.alloc(xShape, g.dtype).scatterAdd(d, fi!.contiguous(), g),
  ]);
}

/**
 * `value` where `mask` is true, `x` elsewhere (`torch.masked_fill`); `mask` is a bool tensor
 * broadcastable to `x`.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (!(mask instanceof Tensor) || mask.dtype !== "bool") {
    throw new Error(
      `masked_fill(): only supports boolean masks, but got mask with dtype ${mask instanceof Tensor ? mask.dtype : typeof mask}`,
    );
  }
  broadcastShapes("masked_fill", x.shape, mask.shape); // names masked_fill and both shapes if they clash
  const v = toStorageValue("masked_fill", x.dtype, value);
  // The mask may broadcast x to a larger shape, as in PyTorch; the gradient sums back.
  const result = noGrad(() => where(mask, scalarTensor(v, x.dtype), x));
  const xShape = x.shape;
  return record(result, "MaskedFillBackward0", [x], [mask], (g, [m]) => [sumTo(where(m!, 0, g), xShape)]);
}

/**
 * One-hot encoding of int32 class indices (`torch.nn.functional.one_hot`): an int32 tensor of
 * shape `[...t.shape, numClasses]`. `numClasses = -1` infers `max + 1`.
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
  const shape = [...t.shape, numClasses];
  const out = allocate("int32", checkNumel("one_hot", shape));
  for (let i = 0; i < data.length; i++) out[i * numClasses + data[i]!] = 1;
  return Tensor.fromArray(out, shape, "int32");
}
