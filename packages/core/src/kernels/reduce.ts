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
