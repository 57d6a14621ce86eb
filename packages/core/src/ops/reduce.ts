/**
 * Reductions: over all elements, one dim or several (negative dims allowed, `keepdim`), with
 * PyTorch's gradient conventions at ties. Also `sumTo`, the single helper that undoes
 * broadcasting in every backward rule.
 */
import { needsGrad, record } from "../autograd/node.js";
import { allocate, type DType, firstOutsideInt32, isFloating, type TypedArray } from "../dtype.js";
import { kernels, RedOp } from "../kernels/index.js";
import { sumInt32Exact } from "../kernels/reduce.js";
import { carryDeltas, type Layout, nextIndex, splitLayout, startIndex } from "../kernels/walk.js";
import {
  broadcastReductionDims,
  checkIntOrList,
  checkNumel,
  formatShape,
  isContiguous,
  keywordHint,
  MAX_NUMEL,
  normalizeDim,
  normalizeDims,
  type Shape,
  shapesEqual,
} from "../shape.js";
import { checkOptions, isOptionsInPlace, type OptionsSpec, positionalOrKeywords } from "../options.js";
import { returnTypes, type ValuesIndices, Tensor } from "../tensor.js";
import { checkKeepdim, checkTensor, type Keepdim, scalarTensor } from "./check.js";
import { BinOp } from "../kernels/elementwise.js";
import { binaryForward } from "./forward.js";

/**
 * Sums a gradient of a broadcast result back to the shape of the input that was broadcast.
 * Every binary op's backward goes through here.
 *
 * @example
 * sumTo(ones([2, 3]), [3]); // tensor([2., 2., 2.])
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g._shape, shape)) return g;
  const dims = broadcastReductionDims(g._shape, shape);
  // Recorded under createGraph (g then requires grad), the raw reduction otherwise.
  const summed = dims.length === 0 ? g : needsGrad(g) ? sum(g, dims, true) : reduce(RedOp.Sum, g, dims, true);
  return summed.reshape(shape);
}

/** A tensor viewed as contiguous `[outer, n, inner]` around `dim` (copying only if needed). */
export interface AlongDim extends Layout {
  x: Tensor;
}

export function alongDim(t: Tensor, dim: number, op = "contiguous"): AlongDim {
  // Copying an expanded view can exceed the element limit: say so in the name of the caller.
  if (t.numel() > MAX_NUMEL) checkNumel(op, t._shape);
  const x = t.contiguous();
  return { x, ...splitLayout(x._shape, dim, dim + 1) };
}

/** Output shape of a reduction over sorted `dims`. */
function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** The dims a reduction runs over: one dim, a list of them, or `null` / `undefined` for all of them. */
export type Dims = number | readonly number[] | null | undefined;

function dimList(op: string, x: Tensor, dim: Dims): number[] {
  if (dim === undefined || dim === null) return x._shape.map((_, i) => i);
  const dims = checkIntOrList(op, "dim", dim);
  if (dims.length === 0) return x._shape.map((_, i) => i);
  return normalizeDims(op, dims, x.dim());
}

/**
 * Runs a reduction kernel over `dims` (sorted, normalized). When the dims are one consecutive run
 * of a contiguous tensor the data is read in place as `[outer, n, inner]`; otherwise it is read
 * through the strides (kept dims outer, reduced dims inner), never copied: an expanded view is
 * reduced without materialising the expansion.
 */
function reduceRaw(kop: RedOp, x: Tensor, dims: readonly number[], outDtype: DType, op = "sum"): Tensor {
  const outShapeKeep = reducedShape(x._shape, dims, true);
  const consecutive = dims.length === 0 || dims[dims.length - 1]! - dims[0]! === dims.length - 1;
  const inPlace = x.isContiguous() && consecutive;
  let layout: Layout;
  let run: (target: TypedArray) => void;
  if (inPlace) {
    layout = splitLayout(x._shape, dims[0] ?? 0, dims.length === 0 ? 0 : dims[dims.length - 1]! + 1);
    const { outer, n, inner } = layout;
    run = (target) => kernels.reduce(kop, x.storage.data, x.offset, outer, n, inner, target);
  } else {
    const kept = x._shape.map((_, i) => i).filter((i) => !dims.includes(i));
    const keptShape = kept.map((i) => x._shape[i]!);
    const keptStrides = kept.map((i) => x.strides[i]!);
    const redShape = dims.map((i) => x._shape[i]!);
    const redStrides = dims.map((i) => x.strides[i]!);
    layout = splitLayout([...keptShape, ...redShape], kept.length, x.dim());
    const { outer, n } = layout;
    if (isContiguous([...keptShape, ...redShape], [...keptStrides, ...redStrides])) {
      // Permuting the reduced dims last already gives rows in memory order (a transpose): one run each.
      run = (target) => kernels.reduce(kop, x.storage.data, x.offset, outer, n, 1, target);
    } else {
      run = (target) =>
        kernels.reduceStrided(
          kop,
          x.storage.data,
          x.offset,
          keptShape,
          keptStrides,
          redShape,
          redStrides,
          target,
        );
    }
  }
  const { outer, n, inner } = layout;
  const out = allocate(outDtype, outer * inner, op, outShapeKeep);
  if (isFloating(outDtype) || kop === RedOp.Max || kop === RedOp.Min) {
    run(out);
  } else {
    out.set(integerReduction(kop, x, dims, run, outer * inner, n));
  }
  return Tensor.fromArray(out, outShapeKeep, outDtype);
}

/**
 * An integer sum or product, computed exactly in doubles and then range-checked: a result outside
 * int32 is an error, not a wrapped number (PyTorch would return int64, which tsgrad does not have).
 * `run` is reduceRaw's reading of x (in place or through the strides) into a double per output.
 */
function integerReduction(
  kop: RedOp,
  x: Tensor,
  dims: readonly number[],
  run: (target: TypedArray) => void,
  count: number,
  n: number,
): Float64Array {
  const res = new Float64Array(count);
  if (kop === RedOp.Sum && x.dtype === "int32" && n > 2 ** 22) {
    // Up to 2^22 int32 values every running sum stays below 2^53, so doubles are exact; past
    // that a running sum can round, and this kernel sums exactly (over a [kept, reduced] copy:
    // the rare long case pays one copy).
    const kept = x._shape.map((_, i) => i).filter((i) => !dims.includes(i));
    const src = x.permute([...kept, ...dims]).contiguous();
    sumInt32Exact(src.storage.data as Int32Array, src.offset, count, n, 1, res);
  } else {
    // Bool sums stay below 2^31. A product is exact until it passes 2^53, and from there it can
    // only grow (past int32) or meet a zero; Infinity · 0 is NaN, and the exact product is 0.
    run(res);
    if (kop === RedOp.Prod) for (let j = 0; j < res.length; j++) if (res[j] !== res[j]) res[j] = 0;
  }
  checkIntegerResult(kop === RedOp.Sum ? "sum" : "prod", res, kop === RedOp.Sum ? "sum()" : "prod()");
  return res;
}

/** The error for an integer reduction whose exact result does not fit int32. */
function checkIntegerResult(op: string, res: Float64Array, call: string): void {
  const bad = firstOutsideInt32(res);
  if (bad < 0) return;
  throw new Error(
    `${op}(): result of integer reduction overflows int32 (got ${res[bad]}); PyTorch would return int64, which tsgrad does not have: convert first, e.g. x.double().${call}`,
  );
}

function reduce(
  kop: RedOp,
  x: Tensor,
  dims: number[],
  keepdim: boolean,
  outDtype: DType = x.dtype,
  op = "sum",
): Tensor {
  const out = reduceRaw(kop, x, dims, outDtype, op);
  return keepdim ? out : Tensor.withShape(out, reducedShape(x._shape, dims, false));
}

/** Expands a reduced gradient back over the reduced dims of `shape`. */
function expandBack(g: Tensor, shape: Shape, dims: readonly number[], keepdim: boolean): Tensor {
  return (keepdim ? g : g.reshape(reducedShape(shape, dims, true))).expand(shape);
}

/**
 * Sum over all elements, or over `dim` (a number or a list), keeping reduced dims as size 1 if
 * `keepdim`. Bool and int32 inputs sum to int32 (PyTorch: int64).
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]])); // tensor(10)
 * sum(tensor([[1, 2], [3, 4]]), 1, true); // tensor([[3], [7]])
 */
export function sum(
  x: Tensor,
  dim?: number | readonly number[] | null,
  keepdimArg: Keepdim | KeepdimDtypeOptions = false,
  options?: CumulativeOptions,
): Tensor {
  const { keepdim, dtype } = keepdimAndDtype("sum", keepdimArg, options);
  checkTensor("sum", x);
  // PyTorch's `sum(x, dim, keepdim, dtype=)` casts the input first (was silently ignored).
  if (dtype !== undefined && dtype !== x.dtype) return sum(x.to(dtype), dim, keepdim);
  const dims = dimList("sum", x, dim);
  const outDtype = isFloating(x.dtype) ? x.dtype : "int32";
  const out = reduce(RedOp.Sum, x, dims, keepdim, outDtype);
  const shape = x._shape;
  // PyTorch names the all-elements overload SumBackward0 and the dim overload SumBackward1.
  const name = dim === undefined || dim === null ? "SumBackward0" : "SumBackward1";
  return record(out, name, [x], [], (g) => [expandBack(g, shape, dims, keepdim)]);
}

/**
 * Mean over all elements or over `dim`; needs a floating dtype, as in PyTorch.
 *
 * @example
 * mean(tensor([[1, 2], [3, 4]], { dtype: "float32" }), 0); // tensor([2., 3.])
 */
export function mean(
  x: Tensor,
  dim?: number | readonly number[] | null,
  keepdimArg: Keepdim | KeepdimDtypeOptions = false,
  options?: CumulativeOptions,
): Tensor {
  const { keepdim, dtype } = keepdimAndDtype("mean", keepdimArg, options);
  checkTensor("mean", x);
  // PyTorch's `mean(x, dim, keepdim, dtype=)` casts the input first (was silently ignored).
  if (dtype !== undefined && dtype !== x.dtype) return mean(x.to(dtype), dim, keepdim);
  if (!isFloating(x.dtype)) {
    throw new Error(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype}`,
    );
  }
  const dims = dimList("mean", x, dim);
  let count = 1;
  for (const d of dims) count *= x._shape[d] ?? 1; // a 0-d tensor reduces over its "dim 0" of size 1
  const s = reduce(RedOp.Sum, x, dims, keepdim, x.dtype, "mean");
  const out = binaryForward("mean", BinOp.Div, s, scalarTensor(count, s.dtype), s.dtype);
  const shape = x._shape;
  const name = dim === undefined || dim === null ? "MeanBackward0" : "MeanBackward1";
  return record(out, name, [x], [], (g) => [expandBack(g.div(count), shape, dims, keepdim)]);
}

/**
 * Product over all elements or over one dim. Its gradient is exact even with zeros in the input.
 *
 * @example
 * prod(tensor([[1, 2], [3, 4]]), 1); // tensor([ 2, 12])
 */
export function prod(
  x: Tensor,
  dim?: number | null,
  keepdimArg: Keepdim | KeepdimDtypeOptions = false,
  options?: CumulativeOptions,
): Tensor {
  const { keepdim, dtype } = keepdimAndDtype("prod", keepdimArg, options);
  checkTensor("prod", x);
  if (dtype !== undefined && dtype !== x.dtype) return prod(x.to(dtype), dim, keepdim);
  const outDtype = isFloating(x.dtype) ? x.dtype : "int32";
  if (dim === undefined || dim === null) {
    // Over all dims at once, read through the strides: no flattening copy of an expanded view.
    const out = reduce(
      RedOp.Prod,
      x,
      x._shape.map((_, i) => i),
      false,
      outDtype,
      "prod",
    );
    const shape = x._shape;
    // The result is saved, though the backward does not read it, so that modifying it in place is
    // caught as in PyTorch (whose backward divides the result by the input).
    return record(out, "ProdBackward0", [x], [x, out], (g, [xs]) => [
      othersProduct(xs!.reshape([-1]), 0)
        .reshape(shape)
        .mul(g),
    ]);
  }
  return prodDim(x, normalizeDim("prod", dim, x.dim()), keepdim, outDtype);
}

function prodDim(x: Tensor, d: number, keepdim: boolean, outDtype: DType): Tensor {
  const dims = x.dim() === 0 ? [] : [d];
  const out = reduce(RedOp.Prod, x, dims, keepdim, outDtype, "prod");
  const shape = x._shape;
  // out is saved as in prod() above.
  return record(out, "ProdBackward1", [x], [x, out], (g, [xs]) => [
    othersProduct(xs!, d).mul(expandBack(g, shape, dims, keepdim)),
  ]);
}

/**
 * `othersProduct` in recorded ops, for createGraph: the input repeated along a new dim with the
 * diagonal set to 1, then a (recorded) prod over it. O(n²) along `d`, still exact with zeros.
 */
function othersProductRecorded(xs: Tensor, d: number): Tensor {
  if (xs.dim() === 0) return xs.mul(0).add(1);
  const n = xs._shape[d]!;
  const eye = Tensor.alloc([n, n], "bool");
  for (let k = 0; k < n; k++) eye.storage.data[k * n + k] = 1;
  // rows[..., k, ..., j] = x_j along d, shape with a new dim k right before d.
  const rows = xs.unsqueeze(d).expand([...xs._shape.slice(0, d), n, ...xs._shape.slice(d)]);
  const mask = eye.reshape([n, n, ...xs._shape.slice(d + 1).map(() => 1)]);
  return prod(rows.where(mask.logicalNot(), 1), d + 1);
}

/**
 * For each element, the product of the others along `d` (the gradient of prod), from prefix and
 * suffix products: no division, so it is exact with zeros in the input.
 */
function othersProduct(xs: Tensor, d: number): Tensor {
  if (needsGrad(xs)) return othersProductRecorded(xs, d);
  const { x: c, outer, n, inner } = alongDim(xs, d);
  const data = c.storage.data;
  const res = allocate(c.dtype, c.numel());
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = c.offset + o * n * inner + i;
      let p = 1;
      for (let k = 0; k < n; k++) {
        res[o * n * inner + k * inner + i] = p;
        p *= data[base + k * inner]!;
      }
      p = 1;
      for (let k = n - 1; k >= 0; k--) {
        res[o * n * inner + k * inner + i]! *= p;
        p *= data[base + k * inner]!;
      }
    }
  }
  return Tensor.fromArray(res, xs._shape, c.dtype);
}

function checkNonEmpty(op: string, x: Tensor, dims: readonly number[]): void {
  if (x.numel() === 0) {
    for (const d of dims) {
      if (x._shape[d] === 0) {
        throw new Error(
          `${op}(): Expected reduction dim ${d} to have non-zero size (input shape ${formatShape(x._shape)})`,
        );
      }
    }
    if (dims.length === 0 || dims.length === x.dim()) {
      throw new Error(
        `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
  }
}

/**
 * amax/amin over dims; the gradient is split evenly among the tied extremes of each slice,
 * as in PyTorch (and as `max()` over all elements does).
 */
function extremeAll(
  op: string,
  name: string,
  x: Tensor,
  dims: number[],
  keepdim: boolean,
  isMax: boolean,
  /** max()/min() over all elements: a nan result sends the gradient to the nans. */
  toNans = false,
): Tensor {
  checkNonEmpty(op, x, dims);
  const out = reduce(isMax ? RedOp.Max : RedOp.Min, x, dims, keepdim, x.dtype, op);
  const shape = x._shape;
  return record(out, name, [x], [x, out], (g, [xs, o]) => {
    // max()/min() over all elements with a nan result send the gradient to the nans, as PyTorch's
    // evenly_distribute_backward does (amax/amin compare with ==, so there it stays nan).
    const nanAll = toNans && Number.isNaN(o!.item());
    const mask = nanAll
      ? xs!.isnan().to(g.dtype)
      : binaryForward(op, BinOp.EqNum, xs!, expandBack(o!, shape, dims, keepdim), g.dtype);
    const count = reduceRaw(RedOp.Sum, mask, dims, g.dtype);
    return [mask.mul(expandBack(g, shape, dims, keepdim)).div(count.expand(shape))];
  });
}

/** Largest element (a 0-d tensor); ties share the gradient evenly. */
export function maxAll(x: Tensor): Tensor {
  return extremeAll("max", "MaxBackward1", x, dimList("max", x, null), false, true, true);
}

/** Smallest element (a 0-d tensor); ties share the gradient evenly. */
export function minAll(x: Tensor): Tensor {
  return extremeAll("min", "MinBackward1", x, dimList("min", x, null), false, false, true);
}

/**
 * Maximum over `dim` (one dim, a list, or all by default); the gradient is shared evenly between ties.
 * `keepdim` (default false) keeps the reduced dims with size 1. PyTorch: `torch.amax(x, dim)`.
 *
 * @example
 * amax(tensor([[1, 5], [4, 2]]), 1); // tensor([5, 4])
 */
export function amax(
  x: Tensor,
  dim?: number | readonly number[] | null,
  keepdimArg: Keepdim = false,
): Tensor {
  const keepdim = checkKeepdim("amax", keepdimArg);
  checkTensor("amax", x);
  return extremeAll("amax", "AmaxBackward0", x, dimList("amax", x, dim), keepdim, true);
}

/**
 * Minimum over `dim` (one dim, a list, or all by default); the gradient is shared evenly between ties.
 * `keepdim` (default false). PyTorch: `torch.amin(x, dim)`.
 *
 * @example
 * amin(tensor([[1, 5], [4, 2]]), 1); // tensor([1, 2])
 */
export function amin(
  x: Tensor,
  dim?: number | readonly number[] | null,
  keepdimArg: Keepdim = false,
): Tensor {
  const keepdim = checkKeepdim("amin", keepdimArg);
  checkTensor("amin", x);
  return extremeAll("amin", "AminBackward0", x, dimList("amin", x, dim), keepdim, false);
}

function argExtreme(
  op: string,
  x: Tensor,
  dim: number,
  keepdim: boolean,
  isMax: boolean,
): { values: Tensor; indices: Tensor } {
  const d = normalizeDim(op, dim, x.dim());
  checkNonEmpty(op, x, [d]);
  const shape = reducedShape(x._shape, x.dim() === 0 ? [] : [d], keepdim);
  const count = x.numel() === 0 ? 0 : x.numel() / (x._shape[d] ?? 1);
  const values = allocate(x.dtype, count, op, shape);
  const indices = new Int32Array(count);
  if (x.isContiguous()) {
    const { x: c, outer, n, inner } = alongDim(x, d, op);
    kernels.argReduce(isMax, c.storage.data, c.offset, outer, n, inner, values, indices);
  } else {
    // Read through the strides (an expanded view is not copied); int32 indices must reach n.
    const n = x._shape[d]!;
    if (n > MAX_NUMEL) checkNumel(op, x._shape);
    const kept = x._shape.map((_, i) => i).filter((i) => i !== d);
    const keptShape = kept.map((i) => x._shape[i]!);
    const keptStrides = kept.map((i) => x.strides[i]!);
    kernels.argReduceStrided(
      isMax,
      x.storage.data,
      x.offset,
      keptShape,
      keptStrides,
      n,
      x.strides[d]!,
      values,
      indices,
    );
  }
  return {
    values: Tensor.fromArray(values, shape, x.dtype),
    indices: Tensor.fromArray(indices, shape, "int32"),
  };
}

function extremeDim(
  op: string,
  name: string,
  x: Tensor,
  dim: number,
  keepdim: boolean,
  isMax: boolean,
): ValuesIndices {
  const { values, indices } = argExtreme(op, x, dim, keepdim, isMax);
  const d = normalizeDim(op, dim, x.dim());
  const shape = x._shape;
  // The gradient goes to the returned index only (PyTorch's rule for max/min along a dim).
  record(values, name, [x], [indices], (g, [ind]) => {
    if (shape.length === 0) return [g];
    const gk = keepdim ? g : g.unsqueeze(d);
    const ik = keepdim ? ind! : ind!.unsqueeze(d);
    return [Tensor.alloc(shape, g.dtype).scatter(d, ik, gk)];
  });
  return returnTypes(op, values, indices);
}

/** `{ values, indices }` of the max along `dim`; the gradient flows to the returned index. */
export function maxDim(x: Tensor, dim: number, keepdimArg: Keepdim = false): ValuesIndices {
  const keepdim = checkKeepdim("max", keepdimArg);
  return extremeDim("max", "MaxBackward0", x, dim, keepdim, true);
}

/** `{ values, indices }` of the min along `dim`; the gradient flows to the returned index. */
export function minDim(x: Tensor, dim: number, keepdimArg: Keepdim = false): ValuesIndices {
  const keepdim = checkKeepdim("min", keepdimArg);
  return extremeDim("min", "MinBackward0", x, dim, keepdim, false);
}

/**
 * Index of the max (of the flattened tensor when `dim` is omitted), as int32.
 *
 * @example
 * argmax(tensor([[1, 5], [4, 2]]), 1); // tensor([1, 0])
 * argmax(tensor([[1, 5], [4, 2]])); // tensor(1)
 */
export function argmax(x: Tensor, dim?: number | null, keepdimArg: Keepdim = false): Tensor {
  const keepdim = checkKeepdim("argmax", keepdimArg);
  checkTensor("argmax", x);
  if (dim === undefined || dim === null) return argExtreme("argmax", x.reshape([-1]), 0, false, true).indices;
  return argExtreme("argmax", x, dim, keepdim, true).indices;
}

/**
 * The int32 index of the minimum, of the flattened tensor or along `dim` (the first of ties); `keepdim`
 * default false. PyTorch: `torch.argmin(x, dim)`.
 *
 * @example
 * argmin(tensor([[1, 5], [4, 2]]), 1); // tensor([0, 1])
 * argmin(tensor([3, 1, 2])); // tensor(1)
 */
export function argmin(x: Tensor, dim?: number | null, keepdimArg: Keepdim = false): Tensor {
  const keepdim = checkKeepdim("argmin", keepdimArg);
  checkTensor("argmin", x);
  if (dim === undefined || dim === null)
    return argExtreme("argmin", x.reshape([-1]), 0, false, false).indices;
  return argExtreme("argmin", x, dim, keepdim, false).indices;
}

/**
 * Variance with `correction` (PyTorch's default 1, Bessel's correction): Σ (x − mean)² divided by
 * max(0, N − correction). One node, VarBackward0, with PyTorch's rule (see `varBackward`).
 *
 * @example
 * import { var as variance } from "@tsgrad/core"; // `var` is a reserved word
 * variance(tensor([1, 3], { dtype: "float32" }), null); // tensor(2.)
 * // PyTorch: torch.var(x, 1, correction=0, keepdim=True), the keywords in correction's place
 * variance(randn([2, 3]), 1, { correction: 0, keepdim: true }).shape; // [2, 1]
 */
export function variance(x: Tensor, dim: Dims, correctionArg: Correction = 1, keepdimArg?: boolean): Tensor {
  const { correction, keepdim } = varArgs("var", correctionArg, keepdimArg);
  checkTensor("var", x);
  const out = varianceValue("var", x, dim, correction, keepdim);
  const shape = x._shape;
  return record(out, "VarBackward0", [x], [x], (g, [xs]) => [
    varBackward(g, xs!, dim, correction, keepdim, shape),
  ]);
}

/**
 * Standard deviation, `sqrt(var)`. One node, StdBackward0, as in PyTorch: the gradient is var's
 * with g / (2·std), and 0 where std is 0 (a constant slice), not the 0·∞ = NaN of the chain rule.
 *
 * @example
 * std(tensor([1, 3], { dtype: "float32" }), null, 0); // tensor(1.)
 * std(tensor([1, 3], { dtype: "float32" }), null, { correction: 0 }); // the same, PyTorch's keyword
 */
export function std(x: Tensor, dim: Dims, correctionArg: Correction = 1, keepdimArg?: boolean): Tensor {
  const { correction, keepdim } = varArgs("std", correctionArg, keepdimArg);
  checkTensor("std", x);
  const out = varianceValue("std", x, dim, correction, keepdim).sqrt();
  const shape = x._shape;
  return record(out, "StdBackward0", [x], [x, out], (g, [xs, o]) => {
    const gVar = g.div(o!.mul(2)).where(o!.ne(0), 0);
    return [varBackward(gVar, xs!, dim, correction, keepdim, shape)];
  });
}

/** `var` / `std`'s keyword options (PyTorch's keyword-only `correction` and `keepdim`). */
export interface VarOptions {
  /** Subtracted from the count in the divisor (default 1, Bessel's correction). */
  correction?: number;
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
  /** PyTorch 1.13's older keyword: `false` is `correction: 0`, `true` is 1. Not with `correction`. */
  unbiased?: boolean;
}
// Key order is positional order: `var(x, dim, correction, keepdim)`; `unbiased` is keyword-only.
const VAR_OPTIONS: OptionsSpec<VarOptions> = {
  correction: "number",
  keepdim: "boolean",
  unbiased: "boolean",
};

/**
 * `var` / `std`'s third argument: `correction`, PyTorch's positional `unbiased` (a boolean,
 * `torch.var(x, 1, False)`), or the keywords `{ correction, keepdim, unbiased }`.
 */
export type Correction = number | boolean | VarOptions;

/** `var(x, dim, correction | unbiased, keepdim)` or `var(x, dim, { ... })`, checked, defaults filled. */
function varArgs(
  op: "var" | "std",
  correction: unknown,
  keepdim: unknown,
): Required<Omit<VarOptions, "unbiased">> {
  if (typeof correction === "boolean") {
    return { correction: correction ? 1 : 0, keepdim: checkKeepdim(op, keepdim) };
  }
  const o = positionalOrKeywords(op, VAR_OPTIONS, [correction, keepdim], 3);
  if (o.unbiased !== undefined && o.correction !== undefined) {
    throw new TypeError(
      `${op}(): give either unbiased or correction, not both (PyTorch accepts one of them)`,
    );
  }
  return { correction: o.correction ?? (o.unbiased === false ? 0 : 1), keepdim: o.keepdim ?? false };
}

/** `x.var(dim, { correction, keepdim, unbiased })`'s options, checked (argument 2 of the method). */
export function checkVarOptions(op: "var" | "std", options: VarOptions): VarOptions {
  return checkOptions(op, options, VAR_OPTIONS, 2);
}

/** The forward value of var (no graph). */
function varianceValue(
  op: "var" | "std",
  x: Tensor,
  dim: Dims,
  correction: number,
  keepdim: boolean,
): Tensor {
  if (!isFloating(x.dtype))
    throw new Error(`${op}(): input dtype should be floating point, but got ${x.dtype}`);
  const dims = dimList(op, x, dim);
  const xd = x.detach();
  const centered = xd.sub(mean(xd, dims, true));
  return sum(centered.mul(centered), dims, keepdim).div(Math.max(0, countOf(x, dims) - correction));
}

/** The number of elements of `x` each slice over `dims` holds (1 for a 0-d tensor). */
function countOf(x: Tensor, dims: readonly number[]): number {
  let count = 1;
  for (const d of dims) count *= x._shape[d] ?? 1; // a 0-d tensor reduces over its "dim 0" of size 1
  return count;
}

/**
 * PyTorch's var_backward: g · 2(x − mean) / (N − correction), the divisor not clamped at 0 (so a
 * correction above N gives a finite, negative-signed gradient while the value is ∞, as in
 * PyTorch). Over all elements with N = correction it is ∞·g (PyTorch's special case).
 */
function varBackward(
  g: Tensor,
  xs: Tensor,
  dim: Dims,
  correction: number,
  keepdim: boolean,
  shape: Shape,
): Tensor {
  const dims = dimList("var", xs, dim);
  const ge = expandBack(g, shape, dims, keepdim);
  const dof = countOf(xs, dims) - correction;
  const all = dim === undefined || dim === null || xs.dim() === 0;
  if (all && dof === 0) return ge.mul(Number.POSITIVE_INFINITY);
  return ge.mul(2 / dof).mul(xs.sub(mean(xs, dims, true)));
}

/**
 * p-norm over all elements or `dim` (`torch.norm`): p = 0 counts the non-zero elements, p = ±∞ is
 * the largest / smallest |x|, other p give (Σ |x|^p)^(1/p). One node, NormBackward1, with
 * PyTorch's gradient (see `normBackward`): 0, not NaN, at a zero slice for every p.
 *
 * @example
 * norm(tensor([3, 4], { dtype: "float32" })); // tensor(5.)
 */
export function norm(
  x: Tensor,
  p = 2,
  dim?: number | readonly number[] | null,
  keepdimArg: Keepdim = false,
): Tensor {
  const keepdim = checkKeepdim("norm", keepdimArg);
  checkTensor("norm", x);
  // PyTorch's string norms ('fro', 'nuc') are not here: a number only, before it reaches pow.
  if (typeof p !== "number") {
    throw new TypeError(
      `norm(): argument 'p' must be a number, but got ${typeof p === "string" ? `'${p}'` : typeof p}${keywordHint("norm", "p", p)}`,
    );
  }
  if (!isFloating(x.dtype)) {
    throw new Error(
      `norm(): input dtype should be either floating point or complex. Got ${x.dtype} instead.`,
    );
  }
  const dims = dimList("norm", x, dim);
  const xd = x.detach();
  let out: Tensor;
  if (p === 0) out = reduce(RedOp.Sum, xd.ne(0).to(x.dtype), dims, keepdim);
  else if (p === 1) out = reduce(RedOp.Sum, xd.abs(), dims, keepdim);
  else if (p === 2) out = reduce(RedOp.Sum, xd.square(), dims, keepdim).sqrt();
  else if (p === Number.POSITIVE_INFINITY) out = amax(xd.abs(), dims, keepdim);
  else if (p === Number.NEGATIVE_INFINITY) out = amin(xd.abs(), dims, keepdim);
  else out = reduce(RedOp.Sum, xd.abs().pow(p), dims, keepdim).pow(1 / p);
  const shape = x._shape;
  return record(out, "NormBackward1", [x], [x, out], (g, [xs, o]) => [
    normBackward(p, expandBack(g, shape, dims, keepdim), xs!, expandBack(o!, shape, dims, keepdim), dims),
  ]);
}

/**
 * PyTorch 1.13's norm_backward, with g and the norm n already expanded over the reduced dims.
 * Every branch masks the 0/0 of a zero slice to 0 as PyTorch does; p = 0 has no gradient (null,
 * so `x.grad` stays null when nothing else reaches x, as PyTorch leaves it None).
 */
function normBackward(p: number, g: Tensor, xs: Tensor, n: Tensor, dims: readonly number[]): Tensor | null {
  if (p === 0) return null;
  if (p === 1) return xs.sign().mul(g);
  if (p === 2) return xs.mul(g.div(n).where(n.ne(0), 0));
  if (p === Number.POSITIVE_INFINITY || p === Number.NEGATIVE_INFINITY) {
    // The gradient is shared evenly among the entries that reach the norm (and NaNs).
    const a = xs.abs();
    const mask = a.eq(n).logicalOr(a.isnan()).to(g.dtype);
    const count = reduce(RedOp.Sum, mask, [...dims], true);
    return xs.sign().mul(g.div(count.expand(xs._shape)).mul(mask));
  }
  if (p < 1) {
    const scaled = xs
      .sign()
      .mul(xs.abs().pow(p - 1))
      .where(xs.ne(0), 0);
    return scaled.mul(g).mul(n.pow(1 - p));
  }
  const scaled = p < 2 ? xs.sign().mul(xs.abs().pow(p - 1)) : xs.mul(xs.abs().pow(p - 2));
  return scaled.mul(g.div(n.pow(p - 1)).where(n.ne(0), 0));
}

/** `cumsum`'s, `cumprod`'s, `sum`'s and `mean`'s keyword (`torch.cumsum(x, dim, dtype=None)`): the dtype to compute and return in. */
export interface CumulativeOptions {
  /** Cast the input to this dtype first (default: keep it; integers give int32). */
  dtype?: DType;
}
const CUMULATIVE_OPTIONS: OptionsSpec<CumulativeOptions> = { dtype: "dtype" };

/** `sum`'s, `mean`'s and `prod`'s keywords in keepdim's place: `x.sum(1, { dtype: "float64" })`. */
export interface KeepdimDtypeOptions extends CumulativeOptions {
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
}
const KEEPDIM_DTYPE_OPTIONS: OptionsSpec<KeepdimDtypeOptions> = { keepdim: "boolean", dtype: "dtype" };

/**
 * The keepdim and dtype of `sum`/`mean`/`prod`, checked: `(dim, keepdim, { dtype })` as
 * PyTorch's positional order, or PyTorch's keywords together in keepdim's place.
 */
function keepdimAndDtype(
  op: string,
  keepdim: unknown,
  options: unknown,
): { keepdim: boolean; dtype?: DType } {
  if (isOptionsInPlace(op, keepdim, options)) {
    const o = checkOptions(op, keepdim as KeepdimDtypeOptions, KEEPDIM_DTYPE_OPTIONS, 3);
    return { keepdim: o.keepdim ?? false, dtype: o.dtype };
  }
  const { dtype } = checkOptions(op, options as CumulativeOptions | undefined, CUMULATIVE_OPTIONS, 4);
  return { keepdim: checkKeepdim(op, keepdim), dtype };
}

/**
 * Cumulative sum along `dim`; its gradient is the reversed cumulative sum.
 *
 * @example
 * cumsum(tensor([1, 2, 3]), 0); // tensor([1, 3, 6])
 */
export function cumsum(x: Tensor, dim: number, options?: CumulativeOptions): Tensor {
  checkTensor("cumsum", x);
  const { dtype } = checkOptions("cumsum", options, CUMULATIVE_OPTIONS, 3);
  // PyTorch casts the input first, so the sums run (and round) in the asked dtype.
  if (dtype !== undefined && dtype !== x.dtype) return cumsum(x.to(dtype), dim);
  const d = normalizeDim("cumsum", dim, x.dim());
  const outDtype = isFloating(x.dtype) ? x.dtype : "int32";
  const out = cumsumRaw(x, d, false, outDtype);
  return record(out, "CumsumBackward0", [x], [], (g) => [
    needsGrad(g) ? g.flip([d]).cumsum(d).flip([d]) : cumsumRaw(g, d, true, g.dtype),
  ]);
}

function cumsumRaw(x: Tensor, d: number, reverse: boolean, outDtype: DType): Tensor {
  const { x: c, outer, n, inner } = alongDim(x, d);
  const src = c.storage.data;
  // Integer running sums are exact in doubles while they fit int32, and each one is an output.
  const integer = !isFloating(outDtype);
  const res = integer ? new Float64Array(c.numel()) : allocate(outDtype, c.numel());
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let s = 0; s < n; s++) {
        const k = reverse ? n - 1 - s : s;
        acc += src[c.offset + base + k * inner]!;
        res[base + k * inner] = acc;
      }
    }
  }
  if (!integer) return Tensor.fromArray(res, x._shape, outDtype);
  checkIntegerResult("cumsum", res as Float64Array, `cumsum(${d})`);
  const out = allocate(outDtype, res.length);
  out.set(res);
  return Tensor.fromArray(out, x._shape, outDtype);
}

/**
 * Running products along `dim` (`torch.cumprod`); bool and int32 inputs give int32 (PyTorch:
 * int64), an overflow is an error. The gradient is exact with zeros in the input, as PyTorch's:
 * with P the running product and S[i] = g[i] + x[i+1]·S[i+1] (from the end), the gradient at i is
 * P[i−1]·S[i], with no division.
 *
 * @example
 * tensor([1, 2, 3, 4]).cumprod(0) // tensor([ 1,  2,  6, 24])
 */
export function cumprod(x: Tensor, dim: number, options?: CumulativeOptions): Tensor {
  checkTensor("cumprod", x);
  const { dtype } = checkOptions("cumprod", options, CUMULATIVE_OPTIONS, 3);
  if (dtype !== undefined && dtype !== x.dtype) return cumprod(x.to(dtype), dim);
  const d = normalizeDim("cumprod", dim, x.dim());
  const outDtype = isFloating(x.dtype) ? x.dtype : "int32";
  const { x: c, outer, n, inner } = alongDim(x, d);
  const src = c.storage.data;
  // Running products in doubles (PyTorch's CPU accumulator), each one an output.
  const res = new Float64Array(c.numel());
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 1;
      for (let k = 0; k < n; k++) {
        acc *= src[c.offset + base + k * inner]!;
        res[base + k * inner] = acc;
      }
    }
  }
  if (!isFloating(outDtype)) checkIntegerResult("cumprod", res, `cumprod(${d})`);
  const data = allocate(outDtype, res.length);
  data.set(res);
  const out = Tensor.fromArray(data, x._shape, outDtype);
  return record(out, "CumprodBackward0", [x], [x, out], (g, [xs]) => [
    needsGrad(g, xs) ? cumprodBackwardRecorded(xs!, g, d) : cumprodBackward(xs!, g, d),
  ]);
}

/**
 * cumprodBackward in recorded ops, for createGraph: the same P[i−1]·S[i] with
 * S[i] = Σ_{k≥i} g[k]·Π_{i<j≤k} x[j] taken from an [n, n] running product (O(n²) per slice, so
 * only where a second derivative is asked for).
 */
function cumprodBackwardRecorded(xs: Tensor, g: Tensor, d: number): Tensor {
  const x = xs.dim() === 0 ? xs.reshape([1]) : xs.movedim(d, -1);
  const gm = g.dim() === 0 ? g.reshape([1]) : g.movedim(d, -1);
  const n = x._shape[x.dim() - 1]!;
  const row = arangeInt(n).unsqueeze(-1); // i
  const col = arangeInt(n).unsqueeze(0); // k (or j)
  const wide = x.unsqueeze(-2).expand([...x._shape.slice(0, -1), n, n]); // [.., i, j] = x[j]
  // x[j] where `mask`, else 1 (masks are constants: x·m + (1 − m)).
  const xWhere = (mask: Tensor) => {
    const m = mask.to(x.dtype);
    return wide.mul(m).add(m.neg().add(1));
  };
  // C[i, k] = Π_{i < j ≤ k} x[j], kept for k ≥ i; P[i − 1] = Π_{j < i} x[j].
  const c = xWhere(col.gt(row)).cumprod(-1).mul(col.ge(row).to(x.dtype));
  const s = c.mul(gm.unsqueeze(-2)).sum(-1);
  const grad = xWhere(col.lt(row)).prod(-1).mul(s);
  return xs.dim() === 0 ? grad.reshape([]) : grad.movedim(-1, d);
}

/** 0, 1, ..., n − 1 as an int32 tensor. */
function arangeInt(n: number): Tensor {
  return Tensor.fromArray(
    Int32Array.from({ length: n }, (_, i) => i),
    [n],
    "int32",
  );
}

function cumprodBackward(xs: Tensor, g: Tensor, d: number): Tensor {
  const { x: cx, outer, n, inner } = alongDim(xs, d);
  const { x: cg } = alongDim(g, d);
  const xv = cx.storage.data;
  const gv = cg.storage.data;
  const res = allocate(g.dtype, cx.numel());
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      // S from the end, stored in res; then multiplied by the exclusive running product.
      let s = 0;
      for (let k = n - 1; k >= 0; k--) {
        const next = k + 1 < n ? xv[cx.offset + base + (k + 1) * inner]! : 0;
        s = gv[cg.offset + base + k * inner]! + next * s;
        res[base + k * inner] = s;
      }
      let p = 1;
      for (let k = 0; k < n; k++) {
        res[base + k * inner] = p * res[base + k * inner]!;
        p *= xv[cx.offset + base + k * inner]!;
      }
    }
  }
  return Tensor.fromArray(res, xs._shape, g.dtype);
}

/**
 * True if every element is non-zero (NaN counts as non-zero): of the whole tensor (a 0-d bool
 * tensor, read through the strides and stopping at the first zero), or along `dim` (a dim or a
 * list; an empty slice is true), `keepdim` default false. PyTorch: `torch.all(x)`, `torch.all(x, 1)`.
 *
 * @example
 * all(tensor([1, 0])); // tensor(False)
 * all(tensor([[1, 0], [1, 1]]), 1); // tensor([False,  True])
 */
export function all(x: Tensor, dim?: number | readonly number[] | null, keepdimArg: Keepdim = false): Tensor {
  const keepdim = checkKeepdim("all", keepdimArg);
  checkTensor("all", x);
  if (dim === undefined || dim === null) {
    return Tensor.fromArray(Uint8Array.of(findElement(x, false) ? 0 : 1), [], "bool");
  }
  return countAlong("all", x.eq(0), dim, keepdim).eq(0);
}

/**
 * True if any element is non-zero (NaN counts as non-zero): of the whole tensor (a 0-d bool
 * tensor, read through the strides and stopping at the first non-zero), or along `dim` (a dim or
 * a list; an empty slice is false), `keepdim` default false. PyTorch: `torch.any(x)`, `torch.any(x, 1)`.
 *
 * @example
 * any(tensor([1, 0])); // tensor(True)
 * any(tensor([[0, 0], [1, 0]]), 1); // tensor([False,  True])
 */
export function any(x: Tensor, dim?: number | readonly number[] | null, keepdimArg: Keepdim = false): Tensor {
  const keepdim = checkKeepdim("any", keepdimArg);
  checkTensor("any", x);
  if (dim === undefined || dim === null) {
    return Tensor.fromArray(Uint8Array.of(findElement(x, true) ? 1 : 0), [], "bool");
  }
  return countAlong("any", x.ne(0), dim, keepdim).gt(0);
}

/** How many of `mask`'s elements are true along `dim` (int32; at most the numel, so it cannot overflow). */
function countAlong(op: string, mask: Tensor, dim: number | readonly number[], keepdim: boolean): Tensor {
  return reduce(RedOp.Sum, mask, dimList(op, mask, dim), keepdim, "int32");
}

/**
 * Whether some element of `x` is non-zero (`nonzero` true) or zero (false), stopping at the first.
 * NaN counts as non-zero. Broadcast (stride-0) dims are read once: an expanded view costs nothing.
 */
function findElement(x: Tensor, nonzero: boolean): boolean {
  const shape: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < x.dim(); d++) {
    if (x._shape[d] === 0) return false;
    if (x._shape[d] !== 1 && x.strides[d] !== 0) {
      shape.push(x._shape[d]!);
      strides.push(x.strides[d]!);
    }
  }
  const data = x.storage.data;
  const nd = shape.length;
  const len = nd === 0 ? 1 : shape[nd - 1]!;
  const st = nd === 0 ? 0 : strides[nd - 1]!;
  let rows = 1;
  for (let d = 0; d < nd - 1; d++) rows *= shape[d]!;
  const idx = startIndex(nd - 1);
  const deltas = carryDeltas(shape, strides, nd - 1);
  let row = x.offset;
  for (let r = 0; r < rows; r++) {
    for (let j = 0, p = row; j < len; j++, p += st) {
      // `v !== 0` is true for NaN, as PyTorch's all/any count it.
      if ((data[p] !== 0) === nonzero) return true;
    }
    row += deltas[nextIndex(idx, shape, nd - 1)]!;
  }
  return false;
}

// ---- bincount, histc ----------------------------------------------------------------------------

/** `bincount`'s keyword options. */
export interface BincountOptions {
  /** Per-element weights (1-D, the input's length): the counts become sums of weights. */
  weights?: Tensor | null;
  /** The least length of the result (default 0). */
  minlength?: number;
}
const BINCOUNT_OPTIONS: OptionsSpec<BincountOptions> = { weights: "tensorOrNull", minlength: "integer" };

/**
 * How often each value `0, 1, …` occurs in a 1-D int32 tensor of non-negative values
 * (`torch.bincount`): length `max(max(x) + 1, minlength)`, int32; with `weights`, the sums of
 * the weights in their dtype (float64 weights give float64, float32 float32, as in PyTorch).
 * Not differentiable.
 *
 * PyTorch: `torch.bincount(labels, minlength=10)`.
 * @example bincount(tensor([0, 2, 2])) // [1, 0, 2]
 */
export function bincount(x: Tensor, options?: BincountOptions): Tensor {
  const { weights = null, minlength = 0 } = checkOptions("bincount", options, BINCOUNT_OPTIONS, 2);
  if (!(x instanceof Tensor)) throw new TypeError("bincount(): argument 'input' must be a Tensor");
  if (x.dtype !== "int32")
    throw new Error(`bincount(): bincount only supports 1-d non-negative integral inputs (got ${x.dtype})`);
  if (x.dim() !== 1)
    throw new Error(
      `bincount(): bincount only supports 1-d non-negative integral inputs (got shape ${formatShape(x._shape)})`,
    );
  if (minlength < 0) throw new Error(`bincount(): minlength should be >= 0 (got ${minlength})`);
  if (weights !== null && (weights.dim() !== 1 || weights.numel() !== x.numel())) {
    throw new Error(
      `bincount(): weights should be 1-d and have the same length as input (weights ${formatShape(weights._shape)}, input ${formatShape(x._shape)})`,
    );
  }
  const data = x.toTypedArray();
  let max = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0)
      throw new Error(`bincount(): bincount only supports 1-d non-negative integral inputs (got ${v})`);
    if (v > max) max = v;
  }
  const n = Math.max(max + 1, minlength);
  const dtype: DType = weights === null ? "int32" : weights.dtype === "float64" ? "float64" : "float32";
  const out = allocate(dtype, n);
  const w = weights?.toTypedArray();
  for (let i = 0; i < data.length; i++) out[data[i]!]! += w === undefined ? 1 : w[i]!;
  return Tensor.fromArray(out, [n], dtype);
}

/** `histc`'s arguments by PyTorch's keywords (`torch.histc(x, bins=4, min=0, max=3)`). */
export interface HistcOptions {
  /** How many equal-width bins, default 100. */
  bins?: number;
  /** The lower end of the range (default 0; with max 0 too, the data's minimum). */
  min?: number;
  /** The upper end of the range (default 0; with min 0 too, the data's maximum). */
  max?: number;
}
// Any number for bins here: histc words its own check.
const HISTC_OPTIONS: OptionsSpec<HistcOptions> = { bins: "number", min: "number", max: "number" };

/**
 * A histogram of `x` with `bins` equal bins over `[min, max]` (`torch.histc`); with `min = max`
 * (the default 0, 0) the data's own range is used. Elements outside the range are ignored; one
 * at `max` counts in the last bin. The result has `x`'s float dtype. Not differentiable.
 *
 * PyTorch: `torch.histc(x, bins=4, min=0, max=3)`; the arguments positionally or as `{ bins, min, max }`.
 * @example
 * histc(tensor([1, 2, 1], { dtype: "float32" }), 4, 0, 3); // [0, 2, 1, 0]
 * histc(tensor([1, 2, 1], { dtype: "float32" }), { bins: 4, min: 0, max: 3 }); // [0, 2, 1, 0]
 */
export function histc(
  x: Tensor,
  binsArg: number | HistcOptions = 100,
  minArg?: number,
  maxArg?: number,
): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("histc(): argument 'input' must be a Tensor");
  const o = positionalOrKeywords("histc", HISTC_OPTIONS, [binsArg, minArg, maxArg], 2);
  const { bins = 100, min = 0, max = 0 } = o;
  if (!isFloating(x.dtype)) throw new Error(`histc(): "histogram_cpu" not implemented for '${x.dtype}'`);
  if (!Number.isSafeInteger(bins) || bins <= 0) throw new Error(`histc(): bins must be > 0, but got ${bins}`);
  if (min > max) throw new Error(`histc(): max must be larger than min (got min ${min}, max ${max})`);
  const data = x.contiguous().toTypedArray();
  let lo = min;
  let hi = max;
  if (lo === hi && data.length > 0) {
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      // A NaN makes the range NaN, which PyTorch refuses below.
      if (v !== v) {
        lo = hi = Number.NaN;
        break;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new Error(`histc(): range of [${lo}, ${hi}] is not finite`);
  // PyTorch widens an empty range by one on each side.
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const out = allocate(x.dtype, bins);
  const width = hi - lo;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= lo && v <= hi)) continue;
    const b = Math.min(Math.floor(((v - lo) * bins) / width), bins - 1);
    out[b]!++;
  }
  return Tensor.fromArray(out, [bins], x.dtype);
}

/**
 * `torch.max`: the largest element (a 0-d tensor); with `dim`, the maxima and their indices along
 * it (`torch.return_types.max`); with a tensor, the elementwise `maximum`. The method `x.max(...)`.
 *
 * @example
 * max(tensor([[1, 5], [7, 2]])).item(); // 7
 * max(tensor([[1, 5], [7, 2]]), 1).indices; // tensor([1, 0])
 */
export function max(input: Tensor): Tensor;
export function max(input: Tensor, dim: number, keepdim?: Keepdim): ValuesIndices;
export function max(input: Tensor, other: Tensor): Tensor;
export function max(input: Tensor, dim?: number | Tensor, keepdim?: Keepdim): Tensor | ValuesIndices {
  checkTensor("max", input);
  if (dim === undefined) return input.max();
  // The method checks the rest (a keepdim after a tensor is its error).
  return (input.max as (d: number | Tensor, k?: Keepdim) => Tensor | ValuesIndices)(dim, keepdim);
}

/**
 * `torch.min`: the smallest element; with `dim`, the minima and their indices; with a tensor, the
 * elementwise `minimum`. The method `x.min(...)`.
 *
 * @example
 * min(tensor([[1, 5], [7, 2]]), 0).values; // tensor([1, 2])
 */
export function min(input: Tensor): Tensor;
export function min(input: Tensor, dim: number, keepdim?: Keepdim): ValuesIndices;
export function min(input: Tensor, other: Tensor): Tensor;
export function min(input: Tensor, dim?: number | Tensor, keepdim?: Keepdim): Tensor | ValuesIndices {
  checkTensor("min", input);
  if (dim === undefined) return input.min();
  // The method checks the rest (a keepdim after a tensor is its error).
  return (input.min as (d: number | Tensor, k?: Keepdim) => Tensor | ValuesIndices)(dim, keepdim);
}
