/**
 * Fused kernels of the smoothed, weighted cross-entropy, over a contiguous `[outer, C, inner]`
 * layout (class dim in the middle, so any class dim works). A "position" n is one (o, i) pair.
 *
 * Every variant of the loss is −Σ_c q_c w_c log p_c for some target distribution q:
 * - class-index target y: q_c = off + (on − off)·[c = y]. PyTorch's label smoothing β has
 *   on = 1 − β + β/C, off = β/C; the seed's LabelSmoothingLoss(α) has on = 1 − α, off = α/(C − 1).
 * - probability target y: q_c = (1 − β)·y_c + β/C.
 *
 * Nothing of size N×C is allocated besides the gradient itself: the forward keeps only the shift
 * m_n (the row max) and L_n = log Σ_c exp(x_c − m_n) per position ({@link RowStats}), and with
 * log p_c = (x_c − m_n) − L_n the loss and its gradient have closed forms,
 *   loss_n  = −Σ_c q_c w_c log p_c = −(Σ_c q_c w_c (x_c − m_n) − L_n·Σ_c q_c w_c)
 *   ∂loss_n/∂x_c = p_c·Σ_k q_k w_k − q_c w_c,   p_c = exp((x_c − m_n) − L_n).
 * m and L stay apart everywhere: their sum, the logsumexp, rounds L away once |m| ≫ L (logits of
 * 1e15 in float32 or 1e30 in float64), so x − (m + L) would be wrong where x − m − L is exact
 * to rounding; and every term of the smoothed sum is ≤ 0, so nothing huge cancels.
 * Sums run in float64 whatever the input dtype (JS numbers); results are rounded on store.
 *
 * Speed (the large-vocabulary loss is bound by exp): each logit's exp is computed once. When a
 * gradient will be needed, the forward writes e_c = exp(x_c − max) into the buffer that becomes
 * the gradient and keeps Σ_c e_c per position; the backward then only scales it in place. `exp`
 * itself is {@link expNonPositive}, a table-driven exp about twice as fast as `Math.exp`.
 *
 * On the wasm backend, float32 logits whose class dim is the last (inner = 1) take their row
 * max, Σ exp, the exps and Σ (x − m) from core's WebAssembly SIMD row exp (`expRowsF32`, the
 * kernel softmax uses too); the rest of each formula stays here. Float64 keeps the loops below.
 */
import { EXP_FLAGS, expRowsF32, type TypedArray } from "@tsgrad/core";

// exp(d) = 2^(k/64)·exp(r), k = round(64·d/ln 2), |r| ≤ ln 2/128: 2^(k/64) is a product of two
// table entries (2^(j/64), j = k mod 64, and 2^⌊k/64⌋) and exp(r) a degree-5 Taylor polynomial
// (truncation error r⁶/720 < 4e−17). Cody–Waite split of ln 2/64 keeps r exact to ~1e−19.
const POW2_FRAC = new Float64Array(64);
for (let j = 0; j < 64; j++) POW2_FRAC[j] = 2 ** (j / 64);
/** 2^e for e in [−1023, 0] at index e + 1023. */
const POW2_INT = new Float64Array(1024);
for (let e = 0; e < 1024; e++) POW2_INT[e] = 2 ** (e - 1023);
const INV_LN2_64 = 64 / Math.LN2;
const LN2_64_HI = 6.9314718036912382e-1 / 64; // fdlibm's ln2_hi: 32 significant bits, so k·HI is exact
const LN2_64_LO = 1.9082149292705877e-10 / 64;
/** 1.5·2^52: adding and subtracting it rounds a double to the nearest integer. */
const ROUND = 6755399441055744;

/**
 * exp(d), accurate to ~4e−16 relative (about 2 ulp; `Math.exp` is within 1 ulp) for
 * −708 < d ≤ 0, the range of x − max(x) in a softmax; anything else (NaN, ±∞, d > 0, results
 * below the normal range) goes to `Math.exp`.
 */
export function expNonPositive(d: number): number {
  if (d > -708 && d <= 0) {
    const k = d * INV_LN2_64 + ROUND - ROUND;
    const r = d - k * LN2_64_HI - k * LN2_64_LO;
    const ki = k | 0;
    const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
    return p * POW2_FRAC[ki & 63]! * POW2_INT[(ki >> 6) + 1023]!;
  }
  return Math.exp(d);
}

/** The `[outer, C, inner]` layout of the logits (a target's layout follows from it). */
export interface ClassRows {
  outer: number;
  C: number;
  inner: number;
}

/** Class-index targets (`target[tOff + n]`) and the smoothed, weighted q of the module doc. */
export interface IndexTargets extends ClassRows {
  target: TypedArray;
  tOff: number;
  w: Float64Array;
  on: number;
  off: number;
  /** A target value that marks a position to skip, or null for none. */
  ignoreIndex: number | null;
}

/** Probability targets `t` (laid out like x, from `tOff`): q_c = (1 − β)·t_c + β/C. */
export interface ProbTargets extends ClassRows {
  t: TypedArray;
  tOff: number;
  w: Float64Array;
  beta: number;
}

/**
 * Per position n: the shift m_n (the row max, 0 where that is ±∞) and L_n = log Σ_c exp(x_c − m_n),
 * so that log p_c = (x_c − m_n) − L_n. Both 0 at ignored positions.
 */
export interface RowStats {
  shift: Float64Array;
  logSum: Float64Array;
}

/** The upstream gradient: s_n = `scalar`, or `per[off + n]·scalar` when `per` is given ('none'). */
export interface GradScale {
  scalar: number;
  per: TypedArray | null;
  off: number;
}

function sumOf(w: Float64Array): number {
  let W = 0;
  for (let c = 0; c < w.length; c++) W += w[c]!;
  return W;
}

/**
 * max over the row x[start], x[start + inner], … below `end`, or 0 when that is ±∞ (so x − m
 * stays finite or −∞). A NaN logit needs no test here: it makes Σ exp NaN, hence the loss and
 * gradient.
 */
function rowMax(x: TypedArray, start: number, end: number, inner: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = start; j < end; j += inner) {
    const v = x[j]!;
    if (v > m) m = v;
  }
  return m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY ? 0 : m;
}

/** Whether every class weight is the same (then Σ w_c (x_c − m) = w_0 · Σ (x_c − m)). */
function isUniform(w: Float64Array): boolean {
  for (let c = 1; c < w.length; c++) if (w[c] !== w[0]) return false;
  return true;
}

/**
 * The wasm row exp over `rows` contiguous rows of `C` (see the module doc): writes the shifts into
 * `shift` and, when `e` is given, the exps into it; returns Σ exp (and Σ (x − m) when `sumD`) per
 * row, or null when it does not apply (not float32, or the "js" backend) and the caller loops.
 */
function wasmRows(
  x: TypedArray,
  xOff: number,
  rows: number,
  C: number,
  flags: number,
  e: TypedArray | null,
  shift: Float64Array,
  sumD: boolean,
): { sum: Float64Array; sumD: Float64Array | null } | null {
  const stats = {
    shift,
    sum: new Float64Array(rows),
    sumD: sumD ? new Float64Array(rows) : null,
    at: 0,
  };
  const f = flags | (e !== null ? EXP_FLAGS.store : 0) | (sumD ? EXP_FLAGS.sumD : 0);
  return expRowsF32(x, xOff, rows, C, f, e, 0, stats) ? stats : null;
}

/**
 * Forward with class-index targets. Writes loss_n (0 where ignored) and the row stats, and returns
 * Σ w_{y_n} over the positions not ignored (the denominator of PyTorch's weighted 'mean').
 * Targets must have been checked to be in range or equal to `ignoreIndex`.
 *
 * When `e` is given (a zero-filled array laid out like x, without its offset), it also stores
 * e_c = exp(x_c − m_n) there and Σ_c e_c in `sumExp[n]`, for {@link indexTargetBackward};
 * ignored positions keep zeros.
 */
export function indexTargetForward(
  x: TypedArray,
  xOff: number,
  p: IndexTargets,
  loss: TypedArray,
  stats: RowStats,
  e: TypedArray | null = null,
  sumExp: Float64Array | null = null,
): number {
  const { shift, logSum } = stats;
  const { outer, C, inner, target, tOff, w, on, off, ignoreIndex } = p;
  let denom = 0;
  const W = sumOf(w);
  const stride = C * inner;
  const wasm = inner === 1 ? wasmRows(x, xOff, outer, C, EXP_FLAGS.infZero, e, shift, off !== 0) : null;
  const uniform = wasm !== null && isUniform(w);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = target[tOff + n]!;
      if (y === ignoreIndex) {
        loss[n] = 0;
        shift[n] = 0;
        logSum[n] = 0;
        // The wasm pass wrote this row's exps too; the backward expects zeros here.
        if (wasm !== null && e !== null) e.fill(0, n * C, n * C + C);
        continue;
      }
      const base = o * stride + i;
      const start = xOff + base;
      const end = start + stride;
      if (wasm !== null) {
        const m = shift[n]!;
        const s = wasm.sum[n]!;
        if (sumExp !== null) sumExp[n] = s;
        let wx = 0;
        if (off !== 0 && uniform) wx = w[0]! * wasm.sumD![n]!;
        else if (off !== 0) for (let j = start, c = 0; j < end; j++, c++) wx += w[c]! * (x[j]! - m);
        const logS = Math.log(s);
        const wy = w[y]!;
        const logpY = x[start + y]! - m - logS;
        const smooth = off !== 0 ? off * (wx - W * logS) : 0;
        loss[n] = -(smooth + (on - off) * wy * logpY);
        logSum[n] = logS;
        denom += wy;
        continue;
      }
      const m = rowMax(x, start, end, inner);
      // Σ exp(x − m) and Σ w_c (x_c − m) in one pass; the second is only needed when off ≠ 0
      // (skipping it also keeps a −∞ logit from turning 0·(−∞) into NaN when nothing smooths).
      let s = 0;
      let wx = 0;
      if (e !== null) {
        if (off !== 0) {
          for (let j = start, k = base, c = 0; j < end; j += inner, k += inner, c++) {
            const d = x[j]! - m;
            const ex = expNonPositive(d);
            e[k] = ex;
            s += ex;
            wx += w[c]! * d;
          }
        } else {
          for (let j = start, k = base; j < end; j += inner, k += inner) {
            const ex = expNonPositive(x[j]! - m);
            e[k] = ex;
            s += ex;
          }
        }
        sumExp![n] = s;
      } else if (off !== 0) {
        for (let j = start, c = 0; j < end; j += inner, c++) {
          const d = x[j]! - m;
          s += expNonPositive(d);
          wx += w[c]! * d;
        }
      } else {
        for (let j = start; j < end; j += inner) s += expNonPositive(x[j]! - m);
      }
      const logS = Math.log(s);
      const wy = w[y]!;
      const logpY = x[start + y * inner]! - m - logS;
      // Σ_c w_c log p_c = Σ_c w_c (x_c − m) − W·log s.
      const smooth = off !== 0 ? off * (wx - W * logS) : 0;
      loss[n] = -(smooth + (on - off) * wy * logpY);
      shift[n] = m;
      logSum[n] = logS;
      denom += wy;
    }
  }
  return denom;
}

/**
 * Backward with class-index targets: out[n, c] = s_n·(p_c·Q_n − q_c w_c) with
 * Q_n = off·W + (on − off)·w_y, s_n from `g`. Ignored positions get 0.
 *
 * p_c comes from one of two places. With `x` null, `out` holds the forward's e_c (see
 * {@link indexTargetForward}) and becomes the gradient in place, p_c = e_c / sumExp[n]; ignored
 * positions hold zeros already. Otherwise p_c = exp((x_c − m_n) − L_n) is computed again from the
 * forward's `stats` and `out` must be zero-filled.
 */
export function indexTargetBackward(
  p: IndexTargets,
  g: GradScale,
  out: TypedArray,
  sumExp: Float64Array | null,
  x: TypedArray | null = null,
  xOff = 0,
  stats: RowStats | null = null,
): void {
  const { outer, C, inner, target, tOff, w, on, off, ignoreIndex } = p;
  const { scalar: gScalar, per: gPer, off: gOff } = g;
  const W = sumOf(w);
  const stride = C * inner;
  const uniform = isUniform(w);
  // Recomputing on the wasm backend: the row exp writes exp(x − m) into `out` with the forward's
  // shifts, and the in-place branch below scales it, as after a forward that kept the exps.
  const wasm =
    x !== null && inner === 1
      ? wasmRows(x, xOff, outer, C, EXP_FLAGS.givenShift, out, stats!.shift, false)
      : null;
  if (wasm !== null) {
    sumExp = wasm.sum;
    x = null;
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = target[tOff + n]!;
      if (y === ignoreIndex) {
        if (wasm !== null) out.fill(0, n * C, n * C + C);
        continue;
      }
      const s = gPer === null ? gScalar : gPer[gOff + n]! * gScalar;
      const wy = w[y]!;
      const sQ = s * (off * W + (on - off) * wy);
      const sOff = s * off;
      const base = o * stride + i;
      const end = base + stride;
      const ky = base + y * inner;
      if (x === null) {
        const scale = sQ / sumExp![n]!;
        // The target's entry is read before the loop rounds it, so it is rounded once.
        const ey = out[ky]!;
        if (sOff === 0) {
          for (let k = base; k < end; k += inner) out[k] = out[k]! * scale;
        } else if (uniform) {
          // The same products as below (sOff·w_c is one constant), without a load of w per element.
          const c0 = sOff * w[0]!;
          for (let k = base; k < end; k += inner) out[k] = out[k]! * scale - c0;
        } else {
          for (let k = base, c = 0; k < end; k += inner, c++) out[k] = out[k]! * scale - sOff * w[c]!;
        }
        out[ky] = ey * scale - sOff * wy - s * (on - off) * wy;
      } else {
        const m = stats!.shift[n]!;
        const L = stats!.logSum[n]!;
        for (let k = base, j = xOff + base, c = 0; k < end; k += inner, j += inner, c++) {
          out[k] = expNonPositive(x[j]! - m - L) * sQ - sOff * w[c]!;
        }
        out[ky] = out[ky]! - s * (on - off) * wy;
      }
    }
  }
}

/** Forward with probability targets: writes loss_n and the row stats. */
export function probTargetForward(
  x: TypedArray,
  xOff: number,
  p: ProbTargets,
  loss: TypedArray,
  stats: RowStats,
): void {
  const { shift, logSum } = stats;
  const { outer, C, inner, t, tOff, w, beta } = p;
  const stride = C * inner;
  const keep = 1 - beta;
  const spread = beta / C;
  const wasm = inner === 1 ? wasmRows(x, xOff, outer, C, EXP_FLAGS.infZero, null, shift, false) : null;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const base = o * stride + i;
      const m = wasm !== null ? shift[n]! : rowMax(x, xOff + base, xOff + base + stride, inner);
      let s = 0;
      let qw = 0;
      let qwx = 0;
      if (wasm !== null) {
        s = wasm.sum[n]!;
        for (let c = 0; c < C; c++) {
          const q = (keep * t[tOff + base + c]! + spread) * w[c]!;
          qw += q;
          qwx += q * (x[xOff + base + c]! - m);
        }
      } else {
        for (let c = 0; c < C; c++) {
          const d = x[xOff + base + c * inner]! - m;
          const q = (keep * t[tOff + base + c * inner]! + spread) * w[c]!;
          s += expNonPositive(d);
          qw += q;
          qwx += q * d;
        }
      }
      const logS = Math.log(s);
      loss[n] = -(qwx - qw * logS);
      shift[n] = m;
      logSum[n] = logS;
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
  p: ProbTargets,
  stats: RowStats,
  g: GradScale,
  gx: TypedArray | null,
  gt: TypedArray | null,
): void {
  const { outer, C, inner, t, tOff, w, beta } = p;
  const { scalar: gScalar, per: gPer, off: gOff } = g;
  const stride = C * inner;
  const keep = 1 - beta;
  const spread = beta / C;
  // On the wasm backend gx first receives exp(x − m) (the forward's shifts), scaled per row below.
  const wasm =
    gx !== null && inner === 1
      ? wasmRows(x, xOff, outer, C, EXP_FLAGS.givenShift, gx, stats.shift, false)
      : null;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const s = gPer === null ? gScalar : gPer[gOff + n]! * gScalar;
      const base = o * stride + i;
      const m = stats.shift[n]!;
      const L = stats.logSum[n]!;
      if (gx !== null) {
        let qw = 0;
        for (let c = 0; c < C; c++) qw += (keep * t[tOff + base + c * inner]! + spread) * w[c]!;
        if (wasm !== null) {
          const scale = qw / wasm.sum[n]!;
          for (let c = 0, j = base; c < C; c++, j++) {
            gx[j] = s * (gx[j]! * scale - (keep * t[tOff + j]! + spread) * w[c]!);
          }
        } else {
          for (let c = 0; c < C; c++) {
            const j = base + c * inner;
            const q = (keep * t[tOff + j]! + spread) * w[c]!;
            gx[j] = s * (expNonPositive(x[xOff + j]! - m - L) * qw - q);
          }
        }
      }
      if (gt !== null) {
        for (let c = 0; c < C; c++) {
          const j = base + c * inner;
          gt[j] = -s * keep * w[c]! * (x[xOff + j]! - m - L);
        }
      }
    }
  }
}
