/**
 * Fused kernels of the smoothed, weighted cross-entropy, over a contiguous `[outer, C, inner]`
 * layout (class dim in the middle, so any class dim works). A "position" n is one (o, i) pair.
 *
 * Every variant of the loss is −Σ_c q_c w_c log p_c for some target distribution q:
 * - class-index target y: q_c = off + (on − off)·[c = y]. PyTorch's label smoothing β has
 *   on = 1 − β + β/C, off = β/C; the seed's LabelSmoothingLoss(α) has on = 1 − α, off = α/(C − 1).
 * - probability target y: q_c = (1 − β)·y_c + β/C.
 *
 * Nothing of size N×C is allocated besides the gradient itself: the forward keeps only
 * logsumexp per position, and with log p_c = x_c − lse the loss and its gradient have closed
 * forms,
 *   loss_n  = −Σ_c q_c w_c (x_c − lse_n)
 *   ∂loss_n/∂x_c = p_c·Σ_k q_k w_k − q_c w_c,   p_c = exp(x_c − lse_n).
 * Sums run in float64 whatever the input dtype (JS numbers); results are rounded on store.
 */
import type { TypedArray } from "@tsgrad/core";

/**
 * Forward with class-index targets. Writes loss_n (0 where ignored) and lse_n, and returns
 * Σ w_{y_n} over the positions not ignored (the denominator of PyTorch's weighted 'mean').
 * Targets must have been checked to be in range or equal to `ignoreIndex`.
 */
export function indexTargetForward(
  x: TypedArray,
  xOff: number,
  outer: number,
  C: number,
  inner: number,
  target: TypedArray,
  tOff: number,
  w: Float64Array,
  on: number,
  off: number,
  hasIgnore: boolean,
  ignoreIndex: number,
  loss: TypedArray,
  lse: Float64Array,
): number {
  let denom = 0;
  let W = 0;
  for (let c = 0; c < C; c++) W += w[c]!;
  const stride = C * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = target[tOff + n]!;
      if (hasIgnore && y === ignoreIndex) {
        loss[n] = 0;
        lse[n] = 0;
        continue;
      }
      const base = xOff + o * stride + i;
      let m = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        const v = x[base + c * inner]!;
        if (v > m || v !== v) m = v;
      }
      if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) m = 0;
      // Σ exp(x − m) and Σ w_c (x_c − m) in one pass; the second is only needed when off ≠ 0
      // (skipping it also keeps a −∞ logit from turning 0·(−∞) into NaN when nothing smooths).
      let s = 0;
      let wx = 0;
      if (off !== 0) {
        for (let c = 0; c < C; c++) {
          const d = x[base + c * inner]! - m;
          s += Math.exp(d);
          wx += w[c]! * d;
        }
      } else {
        for (let c = 0; c < C; c++) s += Math.exp(x[base + c * inner]! - m);
      }
      const logS = Math.log(s);
      const wy = w[y]!;
      const logpY = x[base + y * inner]! - m - logS;
      // Σ_c w_c log p_c = Σ_c w_c (x_c − m) − W·log s.
      const smooth = off !== 0 ? off * (wx - W * logS) : 0;
      loss[n] = -(smooth + (on - off) * wy * logpY);
      lse[n] = m + logS;
      denom += wy;
    }
  }
  return denom;
}

/**
 * Backward with class-index targets: out[n, c] = s_n·(p_c·Q_n − q_c w_c) with
 * Q_n = off·W + (on − off)·w_y, where s_n is `gScalar`, or `gPer[n]·gScalar` when `gPer` is given
 * (reduction 'none'). Ignored positions get 0. `out` must be zero-filled.
 */
export function indexTargetBackward(
  x: TypedArray,
  xOff: number,
  outer: number,
  C: number,
  inner: number,
  target: TypedArray,
  tOff: number,
  w: Float64Array,
  on: number,
  off: number,
  hasIgnore: boolean,
  ignoreIndex: number,
  lse: Float64Array,
  gScalar: number,
  gPer: TypedArray | null,
  gOff: number,
  out: TypedArray,
): void {
  let W = 0;
  for (let c = 0; c < C; c++) W += w[c]!;
  const stride = C * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = target[tOff + n]!;
      if (hasIgnore && y === ignoreIndex) continue;
      const s = gPer === null ? gScalar : gPer[gOff + n]! * gScalar;
      const wy = w[y]!;
      const sQ = s * (off * W + (on - off) * wy);
      const sOff = s * off;
      const L = lse[n]!;
      const base = o * stride + i;
      const xb = xOff + base;
      for (let c = 0; c < C; c++) {
        out[base + c * inner] = Math.exp(x[xb + c * inner]! - L) * sQ - sOff * w[c]!;
      }
      out[base + y * inner] = out[base + y * inner]! - s * (on - off) * wy;
    }
  }
}

/**
 * Forward with probability targets `t` (same layout as x): q_c = (1 − β)·t_c + β/C.
 * Writes loss_n and lse_n.
 */
export function probTargetForward(
  x: TypedArray,
  xOff: number,
  outer: number,
  C: number,
  inner: number,
  t: TypedArray,
  tOff: number,
  w: Float64Array,
  beta: number,
  loss: TypedArray,
  lse: Float64Array,
): void {
  const stride = C * inner;
  const keep = 1 - beta;
  const spread = beta / C;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const base = o * stride + i;
      let m = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        const v = x[xOff + base + c * inner]!;
        if (v > m || v !== v) m = v;
      }
      if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) m = 0;
      let s = 0;
      let qw = 0;
      let qwx = 0;
      for (let c = 0; c < C; c++) {
        const d = x[xOff + base + c * inner]! - m;
        const q = (keep * t[tOff + base + c * inner]! + spread) * w[c]!;
        s += Math.exp(d);
        qw += q;
        qwx += q * d;
      }
      const logS = Math.log(s);
      loss[n] = -(qwx - qw * logS);
      lse[n] = m + logS;
    }
  }
}

/**
 * Backward with probability targets: gx[n, c] = s_n·(p_c·Σ_k q_k w_k − q_c w_c), and, when
 * `gt` is given, the target's gradient gt[n, c] = −s_n·(1 − β)·w_c·log p_c.
 */
export function probTargetBackward(
  x: TypedArray,
  xOff: number,
  outer: number,
  C: number,
  inner: number,
  t: TypedArray,
  tOff: number,
  w: Float64Array,
  beta: number,
  lse: Float64Array,
  gScalar: number,
  gPer: TypedArray | null,
  gOff: number,
  gx: TypedArray | null,
  gt: TypedArray | null,
): void {
  const stride = C * inner;
  const keep = 1 - beta;
  const spread = beta / C;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const s = gPer === null ? gScalar : gPer[gOff + n]! * gScalar;
      const base = o * stride + i;
      const L = lse[n]!;
      if (gx !== null) {
        let qw = 0;
        for (let c = 0; c < C; c++) qw += (keep * t[tOff + base + c * inner]! + spread) * w[c]!;
        for (let c = 0; c < C; c++) {
          const j = base + c * inner;
          const q = (keep * t[tOff + j]! + spread) * w[c]!;
          gx[j] = s * (Math.exp(x[xOff + j]! - L) * qw - q);
        }
      }
      if (gt !== null) {
        for (let c = 0; c < C; c++) {
          const j = base + c * inner;
          gt[j] = -s * keep * w[c]! * (x[xOff + j]! - L);
        }
      }
    }
  }
}
