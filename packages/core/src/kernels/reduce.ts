/**
 * Reduction kernels over a contiguous `[outer, n, inner]` view: reducing the middle dim.
 * Any set of dims is reduced by first permuting them together (see ops/reduce.ts).
 */
import type { TypedArray } from "../dtype.js";
import { carryDeltas, nextIndex, startIndex } from "./walk.js";

export enum RedOp {
  Sum,
  Prod,
  Max,
  Min,
}

/** out[o*inner + i] = reduce_k x[(o*n + k)*inner + i]. */
// biome-ignore format: the parameters in groups: the op; the input and its [outer, n, inner] layout; the output.
export function reduceKernel(
  op: RedOp,
  x: TypedArray, xOffset: number, outer: number, n: number, inner: number,
  out: TypedArray,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = xOffset + o * n;
      out[o] = reduceRow(op, x, base, n);
    }
    return;
  }
  // Reduce along a strided dim: sweep rows of `inner` contiguous values, cache-friendly.
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const xb = xOffset + o * n * inner;
    const init = op === RedOp.Sum ? 0 : op === RedOp.Prod ? 1 : Number.NaN;
    if (n === 0) {
      for (let i = 0; i < inner; i++) out[ob + i] = init;
      continue;
    }
    for (let i = 0; i < inner; i++) out[ob + i] = x[xb + i]!;
    for (let k = 1; k < n; k++) {
      const row = xb + k * inner;
      switch (op) {
        case RedOp.Sum:
          for (let i = 0; i < inner; i++) out[ob + i] += x[row + i]!;
          break;
        case RedOp.Prod:
          for (let i = 0; i < inner; i++) out[ob + i] *= x[row + i]!;
          break;
        case RedOp.Max:
          for (let i = 0; i < inner; i++) {
            const v = x[row + i]!;
            const cur = out[ob + i]!;
            if (v > cur || v !== v) out[ob + i] = cur !== cur ? cur : v;
          }
          break;
        case RedOp.Min:
          for (let i = 0; i < inner; i++) {
            const v = x[row + i]!;
            const cur = out[ob + i]!;
            if (v < cur || v !== v) out[ob + i] = cur !== cur ? cur : v;
          }
          break;
      }
    }
  }
}

function reduceRow(op: RedOp, x: TypedArray, base: number, n: number): number {
  switch (op) {
    case RedOp.Sum: {
      // Pairs of accumulators: fewer dependent adds, and a little less rounding error.
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      for (; k + 1 < n; k += 2) {
        s0 += x[base + k]!;
        s1 += x[base + k + 1]!;
      }
      if (k < n) s0 += x[base + k]!;
      return s0 + s1;
    }
    case RedOp.Prod: {
      let p = 1;
      for (let k = 0; k < n; k++) p *= x[base + k]!;
      return p;
    }
    case RedOp.Max: {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < n; k++) {
        const v = x[base + k]!;
        if (v !== v) return v;
        if (v > m) m = v;
      }
      return m;
    }
    case RedOp.Min: {
      let m = Number.POSITIVE_INFINITY;
      for (let k = 0; k < n; k++) {
        const v = x[base + k]!;
        if (v !== v) return v;
        if (v < m) m = v;
      }
      return m;
    }
  }
}

/**
 * Index of the max (or min) along the middle dim; the first occurrence wins, NaN counts as the
 * largest, as in PyTorch. Writes values and indices.
 */
// biome-ignore format: the parameters in groups, as reduceKernel's.
export function argReduceKernel(
  isMax: boolean,
  x: TypedArray, xOffset: number, outer: number, n: number, inner: number,
  values: TypedArray, indices: Int32Array,
): void {
  // `[outer, n, inner]` is the strided view with kept dims [outer, inner] and the dim's stride inner.
  argReduceStridedKernel(isMax, x, xOffset, [outer, inner], [n * inner, 1], n, inner, values, indices);
}

/**
 * Exact sums of int32 values over the middle dim of `[outer, n, inner]`, for any n: the high and
 * low 16 bits of the values are summed apart (each sum stays below 2^47 for up to 2^31 values, so
 * no double ever rounds), and `hi·2^16 + lo` is exact wherever the result fits int32. (Plain
 * double accumulation is exact only while running sums stay below 2^53, i.e. for n ≤ 2^22.)
 */
// biome-ignore format: the input, its [outer, n, inner] layout and the output, on one line.
export function sumInt32Exact(
  x: Int32Array, xOffset: number, outer: number, n: number, inner: number, out: Float64Array,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = xOffset + o * n;
      let hi = 0;
      let lo = 0;
      for (let k = 0; k < n; k++) {
        const v = x[base + k]!;
        hi += v >> 16;
        lo += v & 0xffff;
      }
      out[o] = hi * 65536 + lo;
    }
    return;
  }
  const lo = new Float64Array(outer * inner);
  out.fill(0, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let k = 0; k < n; k++) {
      const row = xOffset + (o * n + k) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[row + i]!;
        out[ob + i] += v >> 16;
        lo[ob + i] += v & 0xffff;
      }
    }
  }
  for (let j = 0; j < outer * inner; j++) out[j] = out[j]! * 65536 + lo[j]!;
}

/**
 * sum / prod / max / min over the `red` dims of a strided view, one output per index of the `kept`
 * dims (row-major), reading `x` through the strides: no contiguous copy first, so an expanded
 * (stride-0) view of 1e10 elements costs no memory. Elements are combined in exactly the order,
 * and with the same two sum accumulators, as `reduceKernel` on a contiguous copy permuted to
 * `[...kept, ...red]` (inner = 1), so the result is the same to the last bit.
 */
export function reduceStridedKernel(
  op: RedOp,
  x: TypedArray,
  xOffset: number,
  keptShape: readonly number[],
  keptStrides: readonly number[],
  redShape: readonly number[],
  redStrides: readonly number[],
  out: TypedArray,
): void {
  let count = 1;
  for (let d = 0; d < keptShape.length; d++) count *= keptShape[d]!;
  if (count === 0) return;
  let n = 1;
  for (let d = 0; d < redShape.length; d++) n *= redShape[d]!;
  // max / min do not depend on order or repeats: a broadcast (stride-0) dim can be skipped.
  const { shape, strides } = mergeDims(redShape, redStrides, op === RedOp.Max || op === RedOp.Min);
  const idx = startIndex(shape.length - 1);
  const deltas = carryDeltas(shape, strides, shape.length - 1);
  const nk = keptShape.length;
  const kidx = startIndex(nk);
  const dk = carryDeltas(keptShape, keptStrides, nk);
  let base = xOffset;
  for (let j = 0; j < count; j++) {
    out[j] = n === 0 ? emptyValue(op) : reduceStridedRow(op, x, base, shape, strides, deltas, idx);
    base += dk[nextIndex(kidx, keptShape, nk)]!;
  }
}

/** What `reduceRow` gives for no elements. */
function emptyValue(op: RedOp): number {
  switch (op) {
    case RedOp.Sum:
      return 0;
    case RedOp.Prod:
      return 1;
    case RedOp.Max:
      return Number.NEGATIVE_INFINITY;
    case RedOp.Min:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * The dims to walk, in the same row-major order: size-1 dims dropped, neighbours that are one
 * run in memory merged (longer inner loops), and stride-0 dims dropped when `dropBroadcast`.
 * At least one dim is returned (size 1) so that the walk reads the single element.
 */
function mergeDims(
  shape: readonly number[],
  strides: readonly number[],
  dropBroadcast: boolean,
): { shape: number[]; strides: number[] } {
  const sh: number[] = [];
  const st: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    const stride = strides[d]!;
    if (size === 1 || (dropBroadcast && stride === 0)) continue;
    const last = sh.length - 1;
    if (last >= 0 && st[last] === stride * size) {
      sh[last]! *= size;
      st[last] = stride;
    } else {
      sh.push(size);
      st.push(stride);
    }
  }
  if (sh.length === 0) return { shape: [1], strides: [0] };
  return { shape: sh, strides: st };
}

/**
 * One output of `reduceStridedKernel`: the walk over `shape`/`strides` from `base` (`deltas` from
 * `carryDeltas` over the outer dims, `idx` is scratch).
 */
function reduceStridedRow(
  op: RedOp,
  x: TypedArray,
  base: number,
  shape: readonly number[],
  strides: readonly number[],
  deltas: readonly number[],
  idx: number[],
): number {
  const nd = shape.length;
  const len = shape[nd - 1]!;
  const st = strides[nd - 1]!;
  let rows = 1;
  for (let d = 0; d < nd - 1; d++) rows *= shape[d]!;
  idx.fill(0);
  // Sum: element k goes to s0 when k is even, s1 when odd, as in reduceRow; `odd` is k's parity
  // at the start of a row.
  let s0 = 0;
  let s1 = 0;
  let odd = false;
  let acc = op === RedOp.Prod ? 1 : op === RedOp.Max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let row = base;
  for (let r = 0; r < rows; r++) {
    let p = row;
    switch (op) {
      case RedOp.Sum: {
        let j = 0;
        if (odd && len > 0) {
          s1 += x[p]!;
          p += st;
          j = 1;
        }
        for (; j + 1 < len; j += 2) {
          s0 += x[p]!;
          s1 += x[p + st]!;
          p += 2 * st;
        }
        if (j < len) s0 += x[p]!;
        if (len & 1) odd = !odd;
        break;
      }
      case RedOp.Prod:
        for (let j = 0; j < len; j++, p += st) acc *= x[p]!;
        break;
      case RedOp.Max:
        for (let j = 0; j < len; j++, p += st) {
          const v = x[p]!;
          if (v !== v) return v;
          if (v > acc) acc = v;
        }
        break;
      case RedOp.Min:
        for (let j = 0; j < len; j++, p += st) {
          const v = x[p]!;
          if (v !== v) return v;
          if (v < acc) acc = v;
        }
        break;
    }
    row += deltas[nextIndex(idx, shape, nd - 1)]!;
  }
  return op === RedOp.Sum ? s0 + s1 : acc;
}

/**
 * `argReduceKernel` over dim of size `n` and stride `stride` of a strided view, one output per
 * index of the `kept` dims (row-major), read through the strides without a copy. Same rules: the
 * first occurrence wins, NaN counts as the largest.
 */
export function argReduceStridedKernel(
  isMax: boolean,
  x: TypedArray,
  xOffset: number,
  keptShape: readonly number[],
  keptStrides: readonly number[],
  n: number,
  stride: number,
  values: TypedArray,
  indices: Int32Array,
): void {
  let count = 1;
  for (let d = 0; d < keptShape.length; d++) count *= keptShape[d]!;
  const nk = keptShape.length;
  const kidx = startIndex(nk);
  const dk = carryDeltas(keptShape, keptStrides, nk);
  let base = xOffset;
  for (let j = 0; j < count; j++) {
    let best = x[base]!;
    let bi = 0;
    if (best === best) {
      for (let k = 1, p = base + stride; k < n; k++, p += stride) {
        const v = x[p]!;
        if (v !== v) {
          best = v;
          bi = k;
          break;
        }
        if (isMax ? v > best : v < best) {
          best = v;
          bi = k;
        }
      }
    }
    values[j] = best;
    indices[j] = bi;
    base += dk[nextIndex(kidx, keptShape, nk)]!;
  }
}
