/**
 * Ops that copy a tensor's elements into a new arrangement: `repeat` / `tile`, `flip`, and the
 * triangular masks `tril` / `triu` (causal masks). Unlike views they always return new storage,
 * as in PyTorch. Each backward is the adjoint arrangement: a sum over the copies for repeat, the
 * same flip, the same mask.
 */
import { record } from "../autograd/node.js";
import { allocate } from "../dtype.js";
import { kernels, UnOp } from "../kernels/index.js";
import { checkInt, checkIntList, formatShape, normalizeDims } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";

/**
 * A new contiguous tensor of `outShape` holding `x` read through `shape`/`strides`/`offset`
 * (outside the graph; the two shapes have the same number of elements).
 */
function copyStrided(
  op: string,
  x: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  outShape: readonly number[] = shape,
): Tensor {
  let n = 1;
  for (const s of shape) n *= s;
  const out = allocate(x.dtype, n, op, outShape);
  kernels.unary(UnOp.Copy, shape, out, 0, x.storage.data, strides, offset);
  return Tensor.fromArray(out, outShape, x.dtype);
}

function repeatImpl(op: string, x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.dim()) {
    throw new Error(
      `${op}(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (repeat dims ${formatShape(sizes)}, tensor shape ${formatShape(x.shape)})`,
    );
  }
  const lead = sizes.length - x.dim();
  const padded = [...new Array<number>(lead).fill(1), ...x.shape];
  const outShape = sizes.map((s, i) => s * padded[i]!);
  const bad = sizes.find((s) => s < 0);
  if (bad !== undefined) {
    throw new Error(
      `${op}(): Trying to create tensor with negative dimension ${bad}: ${formatShape(outShape)}`,
    );
  }
  // Read x as [1, p0, 1, p1, ...] broadcast to [s0, p0, s1, p1, ...]: stride 0 over the copies.
  const paddedStrides = [...new Array<number>(lead).fill(0), ...x.strides];
  const pairShape: number[] = [];
  const pairStrides: number[] = [];
  sizes.forEach((s, i) => {
    pairShape.push(s, padded[i]!);
    pairStrides.push(0, paddedStrides[i]!);
  });
  const out = copyStrided(op, x, pairShape, pairStrides, x.offset, outShape);
  const xShape = x.shape;
  const copyDims = sizes.map((_, i) => 2 * i);
  return record(out, "RepeatBackward0", [x], [], (g) => [
    // Each input element received the gradient of all its copies: sum over the copy dims.
    copyDims.length === 0 ? g.reshape(xShape) : g.reshape(pairShape).sum(copyDims).reshape(xShape),
  ]);
}

/**
 * Repeats the tensor along each dim (`Tensor.repeat`): the result has shape
 * `sizes[i] * x.shape[i]` (with `x` first viewed with leading 1s when `sizes` is longer).
 * `sizes.length` must be at least `x.dim()`; see `tile` for the lenient form.
 *
 * @param sizes the number of copies along each dim
 *
 * @example
 * repeat(tensor([1, 2]), [2, 2]); // tensor([[1, 2, 1, 2], [1, 2, 1, 2]])
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  checkTensor("repeat", x);
  checkIntList("repeat", "repeats", sizes);
  return repeatImpl("repeat", x, sizes);
}

/**
 * Tiles the tensor (`torch.tile`): like `repeat`, but when `dims` has fewer entries than `x` has
 * dims, it is padded with leading 1s (`tile(x, [2])` on a matrix repeats the columns).
 *
 * @example
 * tile(tensor([[1, 2]]), [2]); // tensor([[1, 2, 1, 2]])
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor("tile", x);
  checkIntList("tile", "dims", dims);
  const sizes = dims.length < x.dim() ? [...new Array<number>(x.dim() - dims.length).fill(1), ...dims] : dims;
  return repeatImpl("tile", x, sizes);
}

/**
 * Reverses the order of elements along `dims` (`torch.flip`). Returns a copy, as in PyTorch.
 *
 * @param dims the dims to reverse (negative allowed, no repeats)
 *
 * @example
 * flip(tensor([[1, 2], [3, 4]]), [1]); // tensor([[2, 1], [4, 3]])
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor("flip", x);
  checkIntList("flip", "dims", dims);
  const ds = normalizeDims("flip", dims, x.dim());
  // Read through negated strides, starting at the last element of each flipped dim.
  const strides = x.strides.slice();
  let offset = x.offset;
  for (const d of ds) {
    if (x.dim() === 0) continue;
    const n = x.shape[d]!;
    if (n > 0) offset += (n - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  const out = copyStrided("flip", x, x.shape, strides, offset);
  return record(out, "FlipBackward0", [x], [], (g) => [flip(g, ds)]);
}

/** tril (`lower`) or triu, named `op` in errors. */
function triangle(op: string, lower: boolean, x: Tensor, diagonal: number): Tensor {
  checkTensor(op, x);
  checkInt(op, "diagonal", diagonal);
  if (x.dim() < 2) {
    throw new Error(
      `${op}(): input tensor must have at least 2 dimensions, but got shape ${formatShape(x.shape)}`,
    );
  }
  const out = copyStrided(op, x, x.shape, x.strides, x.offset);
  const data = out.storage.data;
  const rows = x.shape[x.dim() - 2]!;
  const cols = x.shape[x.dim() - 1]!;
  const mats = rows * cols === 0 ? 0 : out.numel() / (rows * cols);
  // Element (i, j) is kept by tril when j - i <= diagonal, by triu when j - i >= diagonal.
  for (let b = 0; b < mats; b++) {
    for (let i = 0; i < rows; i++) {
      const row = (b * rows + i) * cols;
      const from = lower ? Math.max(0, i + diagonal + 1) : 0;
      const to = lower ? cols : Math.min(cols, Math.max(0, i + diagonal));
      for (let j = from; j < to; j++) data[row + j] = 0;
    }
  }
  return record(out, lower ? "TrilBackward0" : "TriuBackward0", [x], [], (g) => [
    triangle(op, lower, g, diagonal),
  ]);
}

/**
 * The lower triangle of the last two dims (`torch.tril`): elements with `j − i > diagonal` are
 * zeroed. `diagonal = 0` keeps the main diagonal, positive keeps more, negative fewer. Batched
 * over leading dims; differentiable (the gradient is masked the same way).
 *
 * @example
 * tril(ones([3, 3], { dtype: "bool" })); // the causal mask: row i may attend to columns 0..i
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle("tril", true, x, diagonal);
}

/**
 * The upper triangle of the last two dims (`torch.triu`): elements with `j − i < diagonal` are
 * zeroed. `triu(ones([n, n]), 1)` marks the future positions a causal mask hides.
 *
 * @example
 * triu(tensor([[1, 2], [3, 4]])); // tensor([[1, 2], [0, 4]])
 */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle("triu", false, x, diagonal);
}
