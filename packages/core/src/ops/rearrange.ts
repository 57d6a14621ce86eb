/**
 * Ops that copy a tensor's elements into a new arrangement: `repeat` / `tile`, `flip`, and the
 * triangular masks `tril` / `triu` (causal masks). Unlike views they always return new storage,
 * as in PyTorch. Each backward is the adjoint arrangement: a sum over the copies for repeat, the
 * same flip, the same mask.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { allocate } from "../dtype.js";
import { kernels, UnOp } from "../kernels/index.js";
import {
  checkInt,
  checkIntList,
  checkIntOrList,
  formatShape,
  normalizeDim,
  normalizeDims,
} from "../shape.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { Tensor } from "../tensor.js";
import { checkHasDims, checkTensor, noDimsMessage } from "./check.js";
import { cat } from "./join.js";

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
      `${op}(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (repeat dims ${formatShape(sizes)}, tensor shape ${formatShape(x._shape)})`,
    );
  }
  const lead = sizes.length - x.dim();
  const padded = [...new Array<number>(lead).fill(1), ...x._shape];
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
  const xShape = x._shape;
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
    const n = x._shape[d]!;
    if (n > 0) offset += (n - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  const out = copyStrided("flip", x, x._shape, strides, offset);
  return record(out, "FlipBackward0", [x], [], (g) => [flip(g, ds)]);
}

/** tril (`lower`) or triu, named `op` in errors. */
function triangle(op: string, lower: boolean, x: Tensor, diagonal: number): Tensor {
  checkTensor(op, x);
  checkInt(op, "diagonal", diagonal);
  if (x.dim() < 2) {
    throw new Error(
      `${op}(): input tensor must have at least 2 dimensions, but got shape ${formatShape(x._shape)}`,
    );
  }
  const out = copyStrided(op, x, x._shape, x.strides, x.offset);
  const data = out.storage.data;
  const rows = x._shape[x.dim() - 2]!;
  const cols = x._shape[x.dim() - 1]!;
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

// ---- diag, trace, roll, diff, meshgrid ---------------------------------------------------------

/** Flat positions of the `k`-th diagonal of an `[n, m]` matrix, and its length. */
function diagonalPositions(n: number, m: number, k: number): Tensor {
  const len = Math.max(0, k >= 0 ? Math.min(n, m - k) : Math.min(n + k, m));
  const pos = new Int32Array(len);
  const [r0, c0] = k >= 0 ? [0, k] : [-k, 0];
  for (let i = 0; i < len; i++) pos[i] = (r0 + i) * m + c0 + i;
  return Tensor.fromArray(pos, [len], "int32");
}

/**
 * `torch.diag`: of a 1-D tensor, the square matrix with it on the `diagonal`-th diagonal (0 the
 * main one, > 0 above, < 0 below); of a matrix, that diagonal as a 1-D tensor.
 *
 * PyTorch: `torch.diag(v)`, `torch.diag(m, 1)`.
 * @example diag(tensor([1, 2])) // [[1, 0], [0, 2]]
 */
export function diag(x: Tensor, diagonal = 0): Tensor {
  checkTensor("diag", x);
  checkInt("diag", "diagonal", diagonal);
  if (x.dim() === 1) {
    const n = x.numel() + Math.abs(diagonal);
    const pos = diagonalPositions(n, n, diagonal);
    const result = noGrad(() =>
      Tensor.alloc([n * n], x.dtype)
        .indexCopy(0, pos, x.detach())
        .reshape([n, n]),
    );
    return record(result, "DiagBackward0", [x], [pos], (g, [p]) => [g.reshape([n * n]).indexSelect(0, p!)]);
  }
  if (x.dim() !== 2) throw new Error(`diag(): matrix or a vector expected (got ${x.dim()}-D)`);
  const [n, m] = x._shape as [number, number];
  const pos = diagonalPositions(n, m, diagonal);
  const result = noGrad(() =>
    x
      .detach()
      .reshape([n * m])
      .indexSelect(0, pos),
  );
  return record(result, "DiagBackward0", [x], [pos], (g, [p]) => [
    Tensor.alloc([n * m], g.dtype)
      .indexCopy(0, p!, g)
      .reshape([n, m]),
  ]);
}

/**
 * The sum of the main diagonal of a matrix (`torch.trace`).
 *
 * PyTorch: `torch.trace(m)`.
 * @example trace(eye(3)) // 3
 */
export function trace(x: Tensor): Tensor {
  checkTensor("trace", x);
  if (x.dim() !== 2) throw new Error(`trace(): expected a matrix, but got tensor with dim ${x.dim()}`);
  const [n, m] = x._shape as [number, number];
  const pos = diagonalPositions(n, m, 0);
  const result = noGrad(() =>
    x
      .detach()
      .reshape([n * m])
      .indexSelect(0, pos)
      .sum(),
  );
  return record(result, "TraceBackward0", [x], [pos], (g, [p]) => [
    Tensor.alloc([n * m], g.dtype)
      .indexCopy(0, p!, g.expand([p!.numel()]))
      .reshape([n, m]),
  ]);
}

/**
 * Rolls `x` along `dims` by `shifts` (`torch.roll`): elements pushed past the end come back at the
 * start. Without dims, the flattened tensor is rolled and the shape restored.
 *
 * PyTorch: `torch.roll(x, 1, 0)`, `torch.roll(x, (1, -2), (0, 1))`.
 * @example roll(tensor([1, 2, 3, 4]), 1) // [4, 1, 2, 3]
 */
export function roll(
  x: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[],
): Tensor {
  checkTensor("roll", x);
  const s = checkIntOrList("roll", "shifts", shifts);
  if (dims === undefined || (Array.isArray(dims) && dims.length === 0)) {
    if (s.length !== 1)
      throw new Error(`roll(): shifts and dimensions must align. shifts: ${s.length}, dims:0`);
    const flat = noGrad(() => roll(x.detach().reshape([-1]), s, [0]).reshape(x._shape));
    return record(flat, "RollBackward0", [x], [], (g) => [roll(g, -s[0]!)]);
  }
  // Each shift goes with the dim at its position, and a dim may repeat (its shifts add up), as
  // in PyTorch: so the dims are wrapped one by one, never sorted or deduplicated.
  const given = checkIntOrList("roll", "dims", dims);
  checkHasDims("roll", x, noDimsMessage(given[0]));
  const ds = given.map((d) => normalizeDim("roll", d, x.dim()));
  if (ds.length !== s.length) {
    throw new Error(`roll(): shifts and dimensions must align. shifts: ${s.length}, dims:${ds.length}`);
  }
  const result = noGrad(() => {
    let r = x.detach();
    ds.forEach((d, i) => {
      const n = r._shape[d]!;
      const k = n === 0 ? 0 : ((s[i]! % n) + n) % n;
      if (k !== 0) r = cat([r.narrow(d, n - k, k), r.narrow(d, 0, n - k)], d);
    });
    // Rolling by whole turns moved nothing; the result is still a new tensor, as PyTorch's is.
    return r.storage === x.storage ? r.clone() : r;
  });
  return record(result, "RollBackward0", [x], [], (g) => [
    roll(
      g,
      s.map((v) => -v),
      ds,
    ),
  ]);
}

/** `diff`'s keyword options. */
export interface DiffOptions {
  /** Values put before `x` along `dim` before differencing (`prepend`). */
  prepend?: Tensor;
  /** Values put after `x` along `dim` (`append`). */
  append?: Tensor;
}
const DIFF_OPTIONS: OptionsSpec<DiffOptions> = { prepend: "tensor", append: "tensor" };

/**
 * The `n`-th forward difference along `dim` (`torch.diff`): `out[i] = x[i + 1] − x[i]`, applied
 * `n` times; for bool tensors `x[i + 1] != x[i]`, as in PyTorch.
 *
 * PyTorch: `torch.diff(x, n=1, dim=-1, prepend=p)`.
 * @example diff(tensor([1, 4, 9, 16])) // [3, 5, 7]
 */
export function diff(x: Tensor, n = 1, dim = -1, options?: DiffOptions): Tensor {
  const { prepend, append } = checkOptions("diff", options, DIFF_OPTIONS, 4);
  checkTensor("diff", x);
  checkInt("diff", "n", n);
  if (n < 0) throw new Error(`diff(): order must be non-negative but got ${n}`);
  if (x.dim() === 0) throw new Error("diff(): diff expects input to be at least one-dimensional");
  const d = normalizeDim("diff", dim, x.dim());
  let r =
    prepend || append
      ? cat(
          [prepend, x, append].filter((t): t is Tensor => t !== undefined),
          d,
        )
      : x;
  for (let i = 0; i < n && r._shape[d]! > 0; i++) {
    const len = r._shape[d]! - 1;
    const hi = r.narrow(d, 1, len);
    const lo = r.narrow(d, 0, len);
    r = r.dtype === "bool" ? hi.ne(lo) : hi.sub(lo);
  }
  return r;
}

/** `meshgrid`'s keyword options. */
export interface MeshgridOptions {
  /** `"ij"` (matrix indexing, the default) or `"xy"` (Cartesian: the first two dims swapped). */
  indexing?: "ij" | "xy";
}
const MESHGRID_OPTIONS: OptionsSpec<MeshgridOptions> = { indexing: "string" };

/**
 * Coordinate grids from 1-D tensors (`torch.meshgrid`): output `i` holds `tensors[i]` expanded
 * along every other dim (views, as in PyTorch). tsgrad's default is `"ij"`, PyTorch 1.13's
 * (which warns when `indexing` is not given; tsgrad does not).
 *
 * PyTorch: `torch.meshgrid(x, y, indexing="xy")`.
 * @example const [gx, gy] = meshgrid([arange(3), arange(2)], { indexing: "xy" }); // both [2, 3]
 */
export function meshgrid(tensors: readonly Tensor[], options?: MeshgridOptions): Tensor[] {
  const { indexing = "ij" } = checkOptions("meshgrid", options, MESHGRID_OPTIONS, 2);
  if (indexing !== "ij" && indexing !== "xy") {
    throw new Error(`meshgrid(): indexing must be one of "xy" or "ij", but received: ${indexing}`);
  }
  if (!Array.isArray(tensors)) throw new TypeError("meshgrid(): expected an array of tensors");
  if (tensors.length === 0) throw new Error("meshgrid(): expects a non-empty TensorList");
  tensors.forEach((t, i) => {
    checkTensor("meshgrid", t, `tensors[${i}]`);
    if (t.dim() > 1)
      throw new Error(
        `meshgrid(): Expected 0D or 1D tensor in the tensor list but got: ${t.dim()}-D (tensors[${i}])`,
      );
    if (t.dtype !== tensors[0]!.dtype)
      throw new Error("meshgrid(): expects all tensors to have the same dtype");
  });
  const sizes = tensors.map((t) => t.numel());
  // "xy" swaps the roles of the first two inputs in the output's dims.
  const order = tensors.map((_, i) => (indexing === "xy" && tensors.length > 1 && i < 2 ? 1 - i : i));
  const shape = order.map((i) => sizes[i]!);
  return tensors.map((t, i) => {
    const at = order.indexOf(i);
    return t.reshape(shape.map((s, j) => (j === at ? s : 1))).expand(shape);
  });
}
