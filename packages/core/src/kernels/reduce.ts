/**
 * Reduction kernels over a contiguous `[outer, n, inner]` view: reducing the middle dim.
 * Any set of dims is reduced by first permuting them together (see ops/reduce.ts).
 */
import type { TypedArray } from "../dtype.js";

export enum RedOp {
  Sum,
  Prod,
  Max,
  Min,
}

/** out[o*inner + i] = reduce_k x[(o*n + k)*inner + i]. */
export function reduceKernel(
  op: RedOp,
  x: TypedArray,
  xOffset: number,
  outer: number,
  n: number,
  inner: number,
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
export function argReduceKernel(
  isMax: boolean,
  x: TypedArray,
  xOffset: number,
  outer: number,
  n: number,
  inner: number,
  values: TypedArray,
  indices: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = xOffset + o * n * inner + i;
      let best = x[base]!;
      let bi = 0;
      if (best === best) {
        for (let k = 1; k < n; k++) {
          const v = x[base + k * inner]!;
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
      values[o * inner + i] = best;
      indices[o * inner + i] = bi;
    }
  }
}

/**
 * Exact sums of int32 values over the middle dim of `[outer, n, inner]`, for any n: the high and
 * low 16 bits of the values are summed apart (each sum stays below 2^47 for up to 2^31 values, so
 * no double ever rounds), and `hi·2^16 + lo` is exact wherever the result fits int32. (Plain
 * double accumulation is exact only while running sums stay below 2^53, i.e. for n ≤ 2^22.)
 */
export function sumInt32Exact(
  x: Int32Array,
  xOffset: number,
  outer: number,
  n: number,
  inner: number,
  out: Float64Array,
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
