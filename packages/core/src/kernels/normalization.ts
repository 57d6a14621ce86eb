/**
 * The normalization kernels (batch, group, instance and layer norm) over a contiguous
 * `[outer, c, inner]` layout whose statistics are per middle index ("channel") over the
 * `outer · inner` elements that share it: batch norm is `[N, C, H·W]`, instance norm
 * `[1, N·C, H·W]`, group norm `[1, N·G, (C/G)·H·W]` and layer norm `[1, rows, D]`. Statistics
 * and sums are kept in doubles (as PyTorch's CPU kernels accumulate float in double).
 */
import type { TypedArray } from "../dtype.js";

/**
 * Per-channel mean and biased variance (two passes: the mean, then Σ (x − mean)², which does not
 * cancel as Σx² − n·mean² would). An empty channel gets NaN for both.
 */
// biome-ignore format: the parameters in groups: the input and its [outer, c, inner] layout; the outputs.
export function normStatsKernel(
  x: TypedArray, xOff: number, outer: number, c: number, inner: number,
  mean: Float64Array, variance: Float64Array,
): void {
  const m = outer * inner;
  const step = c * inner;
  for (let k = 0; k < c; k++) {
    let s = 0;
    for (let o = 0; o < outer; o++) {
      const base = xOff + o * step + k * inner;
      for (let i = 0; i < inner; i++) s += x[base + i]!;
    }
    const mu = s / m;
    let q = 0;
    for (let o = 0; o < outer; o++) {
      const base = xOff + o * step + k * inner;
      for (let i = 0; i < inner; i++) {
        const d = x[base + i]! - mu;
        q += d * d;
      }
    }
    mean[k] = mu;
    variance[k] = q / m;
  }
}

/** `out = x · scale[k] + shift[k]` for channel k: the normalization and a per-channel affine in one pass. */
// biome-ignore format: the parameters in groups, as normStatsKernel's.
export function normApplyKernel(
  x: TypedArray, xOff: number, outer: number, c: number, inner: number,
  scale: Float64Array, shift: Float64Array, out: TypedArray,
): void {
  const step = c * inner;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < c; k++) {
      const a = scale[k]!;
      const b = shift[k]!;
      const base = o * step + k * inner;
      for (let i = 0; i < inner; i++) out[base + i] = x[xOff + base + i]! * a + b;
    }
  }
}

/**
 * The normalization's backward, given the incoming gradient `g` and the saved input, mean and
 * invstd per channel, with x̂ = (x − mean) · invstd. Always writes `sumG[k] = Σ g` and
 * `sumGX[k] = Σ g · x̂` (batch norm's bias and weight gradients). If `dx` is given, writes the
 * input gradient, with `gscale[k]` (batch norm's weight, or null for 1) scaling channel k:
 * with batch statistics (`batchStats`), `dx = gscale · invstd · (g − Σg/M − x̂ · Σg·x̂/M)` (the
 * mean and variance depend on x); with fixed statistics (eval mode), `dx = gscale · invstd · g`.
 */
// biome-ignore format: the parameters in groups: the inputs and their [outer, c, inner] layout; the statistics and the mode; the outputs.
export function normBackwardKernel(
  g: TypedArray, gOff: number, x: TypedArray, xOff: number, outer: number, c: number, inner: number,
  mean: Float64Array, invstd: Float64Array, gscale: Float64Array | null, batchStats: boolean,
  sumG: Float64Array, sumGX: Float64Array, dx: TypedArray | null,
): void {
  const m = outer * inner;
  const step = c * inner;
  for (let k = 0; k < c; k++) {
    const mu = mean[k]!;
    const r = invstd[k]!;
    let s1 = 0;
    let s2 = 0;
    for (let o = 0; o < outer; o++) {
      const base = o * step + k * inner;
      for (let i = 0; i < inner; i++) {
        const gv = g[gOff + base + i]!;
        s1 += gv;
        s2 += gv * (x[xOff + base + i]! - mu);
      }
    }
    s2 *= r;
    sumG[k] = s1;
    sumGX[k] = s2;
    if (dx === null) continue;
    const a = (gscale === null ? 1 : gscale[k]!) * r;
    if (batchStats) {
      const meanG = s1 / m;
      const proj = (s2 / m) * r;
      for (let o = 0; o < outer; o++) {
        const base = o * step + k * inner;
        for (let i = 0; i < inner; i++) {
          const xh = x[xOff + base + i]! - mu;
          dx[base + i] = a * (g[gOff + base + i]! - meanG - xh * proj);
        }
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const base = o * step + k * inner;
        for (let i = 0; i < inner; i++) dx[base + i] = a * g[gOff + base + i]!;
      }
    }
  }
}
