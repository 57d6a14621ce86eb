/**
 * Fused softmax-family kernels over a contiguous `[outer, n, inner]` layout (the reduced dim in
 * the middle). Each shifts by the slice max m so that exp never overflows, and keeps m and
 * log Σ exp(x − m) apart wherever a log-probability is formed (see the log-softmax branch).
 */
import type { TypedArray } from "../dtype.js";

/** The max of the slice `x[base + k·inner]`, k < n; NaN if any element is NaN (−∞ for none). */
function sliceMax(x: TypedArray, base: number, n: number, inner: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const v = x[base + k * inner]!;
    if (v > m || v !== v) m = v;
  }
  return m;
}

export enum SoftmaxKind {
  Softmax,
  LogSoftmax,
}

// biome-ignore format: the parameters in groups: the kind and the input; the [outer, n, inner] layout and the output.
export function softmaxKernel(
  kind: SoftmaxKind, x: TypedArray, xOff: number,
  outer: number, n: number, inner: number, out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const m = sliceMax(x, xOff + base, n, inner);
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x[xOff + base + k * inner]! - m);
      if (kind === SoftmaxKind.Softmax) {
        for (let k = 0; k < n; k++) out[base + k * inner] = Math.exp(x[xOff + base + k * inner]! - m) / s;
      } else {
        // (x − m) − log s, not x − (m + log s): for |m| ≫ log s (logits of 1e15) the sum m + log s
        // rounds log s away, and every log-probability near 0 comes out as 0 or −2^k.
        const logS = Math.log(s);
        for (let k = 0; k < n; k++) out[base + k * inner] = x[xOff + base + k * inner]! - m - logS;
      }
    }
  }
}

/** log Σ exp over the middle dim; an all −∞ slice gives −∞ (the shift is 0 for infinite maxima). */
// biome-ignore format: the parameters in groups, as softmaxKernel's.
export function logsumexpKernel(
  x: TypedArray, xOff: number,
  outer: number, n: number, inner: number, out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = xOff + o * n * inner + i;
      let m = sliceMax(x, base, n, inner);
      if (m === Number.POSITIVE_INFINITY || m === Number.NEGATIVE_INFINITY) m = 0;
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x[base + k * inner]! - m);
      out[o * inner + i] = Math.log(s) + m;
    }
  }
}

/** Softmax backward: gx = y ⊙ (g − Σ g⊙y), or for log-softmax gx = g − exp(y) Σ g. */
// biome-ignore format: the parameters in groups, as softmaxKernel's.
export function softmaxBackwardKernel(
  kind: SoftmaxKind,
  y: TypedArray, yOff: number, g: TypedArray, gOff: number,
  outer: number, n: number, inner: number, out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let s = 0;
      if (kind === SoftmaxKind.Softmax) {
        for (let k = 0; k < n; k++) s += g[gOff + base + k * inner]! * y[yOff + base + k * inner]!;
        for (let k = 0; k < n; k++) {
          const j = base + k * inner;
          out[j] = y[yOff + j]! * (g[gOff + j]! - s);
        }
      } else {
        for (let k = 0; k < n; k++) s += g[gOff + base + k * inner]!;
        for (let k = 0; k < n; k++) {
          const j = base + k * inner;
          out[j] = g[gOff + j]! - Math.exp(y[yOff + j]!) * s;
        }
      }
    }
  }
}
