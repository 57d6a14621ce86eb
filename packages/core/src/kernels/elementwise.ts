/**
 * Elementwise kernels: plain loops over typed arrays. Inputs are read through strides (0 along
 * broadcast dims), the output is written contiguously. The op is chosen once per row by a switch,
 * never per element; outer dims advance by an odometer, so no index arrays are built.
 */
import type { TypedArray } from "../dtype.js";
import { carryDeltas, nextIndex, startIndex } from "./walk.js";

export enum BinOp {
  Add,
  Mul,
  Div,
  Pow,
  Maximum,
  Minimum,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  /** a + alpha*b, the fused form `add(a, b, alpha)` and `sub` use. */
  AddScaled,
  /** (a <= 0) ? 0 : b, relu's backward (a nan output passes the gradient, as in PyTorch). */
  MaskPositive,
  LogicalAnd,
  LogicalOr,
  /** 1 when a == b else 0, as a number (used by max/min backward for ties). */
  EqNum,
  Atan2,
  /** C's fmod: the remainder of truncated division, with the sign of a. */
  Fmod,
  /** Python's %: the remainder of floored division, with the sign of b. */
  Remainder,
  Hypot,
  /** log(exp(a) + exp(b)), without overflow. */
  LogAddExp,
  /** a · log(b), 0 where a is 0 (unless b is NaN) */
  Xlogy,
}

/**
 * x ** e wrapped to int32, exactly (square-and-multiply on the low 32 bits). A negative e gives
 * PyTorch's integer answer: 1 for x = 1, ±1 for x = -1 (by e's parity), 0 otherwise (a scalar
 * negative exponent is refused by pow before it gets here, as in PyTorch).
 */
function powInt32(x: number, e: number): number {
  if (e < 0) return x === 1 ? 1 : x === -1 ? (e % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  let b = x | 0;
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
  }
  return r;
}

/**
 * x ** e with C's (and PyTorch's) answers where JS's `**` says NaN: `1 ** NaN` and
 * `(-1) ** ±Infinity` are 1. The check costs one compare on the common, non-NaN path.
 */
function powFloat(x: number, e: number): number {
  const r = x ** e;
  if (r === r) return r;
  return x === 1 || (x === -1 && (e === Number.POSITIVE_INFINITY || e === Number.NEGATIVE_INFINITY)) ? 1 : r;
}

function binaryRow(
  op: BinOp,
  n: number,
  out: TypedArray,
  o: number,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  alpha: number,
): void {
  const end = o + n;
  switch (op) {
    case BinOp.Add:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! + b[ib]!;
      return;
    case BinOp.Mul:
      // int32 products wrap as PyTorch's int32 arithmetic does; a double product past 2^53 would
      // lose the low bits first, so take them exactly.
      if (out instanceof Int32Array)
        for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.imul(a[ia]!, b[ib]!);
      else for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! * b[ib]!;
      return;
    case BinOp.Div:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! / b[ib]!;
      return;
    case BinOp.Pow:
      if (out instanceof Int32Array)
        for (; o < end; o++, ia += sa, ib += sb) out[o] = powInt32(a[ia]!, b[ib]!);
      else for (; o < end; o++, ia += sa, ib += sb) out[o] = powFloat(a[ia]!, b[ib]!);
      return;
    case BinOp.Maximum:
      for (; o < end; o++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        out[o] = x !== x || y !== y ? Number.NaN : x > y ? x : y;
      }
      return;
    case BinOp.Minimum:
      for (; o < end; o++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        out[o] = x !== x || y !== y ? Number.NaN : x < y ? x : y;
      }
      return;
    case BinOp.Eq:
    case BinOp.EqNum:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] === b[ib] ? 1 : 0;
      return;
    case BinOp.Ne:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== b[ib] ? 1 : 0;
      return;
    case BinOp.Lt:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! < b[ib]! ? 1 : 0;
      return;
    case BinOp.Le:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! <= b[ib]! ? 1 : 0;
      return;
    case BinOp.Gt:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! > b[ib]! ? 1 : 0;
      return;
    case BinOp.Ge:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! >= b[ib]! ? 1 : 0;
      return;
    case BinOp.AddScaled:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! + alpha * b[ib]!;
      return;
    case BinOp.MaskPositive:
      // PyTorch's threshold_backward zeroes where result <= 0, so a nan result passes the gradient.
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! <= 0 ? 0 : b[ib]!;
      return;
    // `!== 0`, not truthiness: NaN is true here, as in PyTorch's logical ops and bool().
    case BinOp.LogicalAnd:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== 0 && b[ib] !== 0 ? 1 : 0;
      return;
    case BinOp.LogicalOr:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== 0 || b[ib] !== 0 ? 1 : 0;
      return;
    case BinOp.Atan2:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.atan2(a[ia]!, b[ib]!);
      return;
    case BinOp.Fmod:
      // JavaScript's % is C's fmod, for doubles and (the divisor checked non-zero) for int32.
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! % b[ib]!;
      return;
    case BinOp.Remainder:
      // PyTorch's kernel: fmod, then moved by one divisor when the signs differ.
      for (; o < end; o++, ia += sa, ib += sb) {
        const y = b[ib]!;
        const r = a[ia]! % y;
        out[o] = r !== 0 && r < 0 !== y < 0 ? r + y : r;
      }
      return;
    case BinOp.Hypot:
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.hypot(a[ia]!, b[ib]!);
      return;
    case BinOp.Xlogy:
      for (; o < end; o++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        out[o] = y !== y ? y : x === 0 ? 0 : x * Math.log(y);
      }
      return;
    case BinOp.LogAddExp:
      for (; o < end; o++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        // Equal infinities (and equal values) would give inf − inf = nan in the general form.
        if (x === y) out[o] = x + Math.LN2;
        else {
          const m = x > y ? x : y;
          out[o] = m + Math.log1p(Math.exp(-Math.abs(x - y)));
        }
      }
      return;
  }
}

/**
 * out[i] = a[i] op b[i] over `shape`, with `aStrides`/`bStrides` already broadcast to `shape`.
 * `out` is written contiguously from `outOffset`.
 */
export function binaryKernel(
  op: BinOp,
  shape: readonly number[],
  out: TypedArray,
  outOffset: number,
  a: TypedArray,
  aStrides: readonly number[],
  aOffset: number,
  b: TypedArray,
  bStrides: readonly number[],
  bOffset: number,
  alpha = 1,
): void {
  const nd = shape.length;
  if (nd === 0) {
    binaryRow(op, 1, out, outOffset, a, aOffset, 0, b, bOffset, 0, alpha);
    return;
  }
  let total = 1;
  for (let i = 0; i < nd; i++) total *= shape[i]!;
  if (total === 0) return;
  // Collapse to one flat row when both inputs are contiguous or scalar-like over the whole shape.
  const aFlat = flatStride(shape, aStrides);
  const bFlat = flatStride(shape, bStrides);
  if (aFlat >= 0 && bFlat >= 0) {
    binaryRow(op, total, out, outOffset, a, aOffset, aFlat, b, bOffset, bFlat, alpha);
    return;
  }
  const inner = shape[nd - 1]!;
  const sa = aStrides[nd - 1]!;
  const sb = bStrides[nd - 1]!;
  const rows = total / inner;
  const idx = startIndex(nd - 1);
  const da = carryDeltas(shape, aStrides, nd - 1);
  const db = carryDeltas(shape, bStrides, nd - 1);
  let ia = aOffset;
  let ib = bOffset;
  let o = outOffset;
  for (let r = 0; r < rows; r++) {
    binaryRow(op, inner, out, o, a, ia, sa, b, ib, sb, alpha);
    o += inner;
    const d = nextIndex(idx, shape, nd - 1);
    ia += da[d]!;
    ib += db[d]!;
  }
}

/** 1 if the strides are row-major contiguous for `shape`, 0 if all are 0 (a broadcast scalar), else -1. */
function flatStride(shape: readonly number[], strides: readonly number[]): number {
  let allZero = true;
  let expected = 1;
  let contiguous = true;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i]!;
    if (s === 1) continue;
    const st = strides[i]!;
    if (st !== 0) allZero = false;
    if (st !== expected) contiguous = false;
    expected *= s;
  }
  if (allZero) return 0;
  return contiguous ? 1 : -1;
}

export enum UnOp {
  Copy,
  Neg,
  Exp,
  Log,
  Sqrt,
  Rsqrt,
  Abs,
  Relu,
  Tanh,
  Sigmoid,
  Sign,
  /** clamp(x, p1, p2); NaN bounds mean "no bound". */
  Clamp,
  /** x ** p1 with a scalar exponent. */
  PowScalar,
  Square,
  Log1p,
  Sin,
  Cos,
  Floor,
  Ceil,
  Round,
  Reciprocal,
  LogicalNot,
  /** x > 0 ? x : p1 * x */
  LeakyRelu,
  /** 0.5 x (1 + erf(x / sqrt 2)) */
  Gelu,
  /** d gelu / dx */
  GeluGrad,
  IsNan,
  /** 1 where p1 <= x <= p2 (clamp's pass-through mask) */
  InRange,
  /** x * sigmoid(x), as x / (1 + exp(-x)) like PyTorch's kernel */
  Silu,
  /** d silu / dx = s (1 + x (1 - s)), s = sigmoid(x) */
  SiluGrad,
  /** log1p(exp(p1 x)) / p1, or x where p1 x > p2 (beta = p1, threshold = p2) */
  Softplus,
  /** d softplus / dx = sigmoid(p1 x), or 1 where p1 x > p2 */
  SoftplusGrad,
  /** x > 0 ? x : p1 (exp(x) - 1) (alpha = p1) */
  Elu,
  /** d elu / dx = x > 0 ? 1 : p1 exp(x) */
  EluGrad,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Asinh,
  Acosh,
  Atanh,
  Expm1,
  Exp2,
  Log2,
  Log10,
  Erf,
  Trunc,
  /** x − trunc(x) */
  Frac,
  IsInf,
  IsFinite,
  Erfc,
  /** sin(πx) / (πx), 1 at 0 */
  Sinc,
}

/** Abramowitz-Stegun 7.1.26 is too coarse for float64 gradchecks; this is W. J. Cody's rational erf. */
export function erf(x: number): number {
  // Uses the complementary-error-function continued fraction for |x| > 2, series below.
  const ax = Math.abs(x);
  // erfc(6) < 3e-17, below half an ulp of 1: the answer is exactly ±1 (and the fraction fails at inf).
  if (ax > 6) return x < 0 ? -1 : 1;
  const r = ax < 2 ? erfSeries(ax) : 1 - erfcFraction(ax);
  return x < 0 ? -r : r;
}

/**
 * 1 − erf(x), keeping its digits where it is tiny (erfc(10) ≈ 2e-45): the continued fraction for
 * x ≥ 2, the series below (there erfc > 0.004, so 1 − erf loses nothing), and 2 − erfc(−x) for x < 0.
 */
export function erfc(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  const r = ax < 2 ? 1 - erfSeries(ax) : ax > 27 ? 0 : erfcFraction(ax);
  return x < 0 ? 2 - r : r;
}

/** erf(x) for 0 ≤ x < 2: 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)). */
function erfSeries(ax: number): number {
  let term = ax;
  let sum = ax;
  const x2 = ax * ax;
  for (let n = 1; n < 60; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc(x) for x ≥ 2, by Lentz's continued fraction. */
function erfcFraction(ax: number): number {
  const x2 = ax * ax;
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x2) / (f * Math.sqrt(Math.PI));
}

function unaryRow(
  op: UnOp,
  n: number,
  out: TypedArray,
  o: number,
  x: TypedArray,
  ix: number,
  sx: number,
  p1: number,
  p2: number,
): void {
  const end = o + n;
  switch (op) {
    case UnOp.Copy:
      // A long unit-stride copy between arrays of one type is a memcpy (`clone()` of a 16 MB
      // gradient: ~5× faster than the loop); short rows keep the loop (no subarray to allocate).
      if (sx === 1 && n >= 256 && out.constructor === x.constructor) {
        out.set(x.subarray(ix, ix + n), o);
        return;
      }
      for (; o < end; o++, ix += sx) out[o] = x[ix]!;
      return;
    case UnOp.Neg:
      for (; o < end; o++, ix += sx) out[o] = -x[ix]!;
      return;
    case UnOp.Exp:
      for (; o < end; o++, ix += sx) out[o] = Math.exp(x[ix]!);
      return;
    case UnOp.Log:
      for (; o < end; o++, ix += sx) out[o] = Math.log(x[ix]!);
      return;
    case UnOp.Sqrt:
      for (; o < end; o++, ix += sx) out[o] = Math.sqrt(x[ix]!);
      return;
    case UnOp.Rsqrt:
      for (; o < end; o++, ix += sx) out[o] = 1 / Math.sqrt(x[ix]!);
      return;
    case UnOp.Abs:
      for (; o < end; o++, ix += sx) out[o] = Math.abs(x[ix]!);
      return;
    case UnOp.Relu:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v > 0 ? v : v !== v ? v : 0;
      }
      return;
    case UnOp.Tanh:
      for (; o < end; o++, ix += sx) out[o] = Math.tanh(x[ix]!);
      return;
    case UnOp.Sigmoid:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        // Two forms so that exp never overflows.
        if (v >= 0) out[o] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[o] = e / (1 + e);
        }
      }
      return;
    case UnOp.Sign:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        // sign(nan) is 0 in PyTorch (it computes (0 < v) - (v < 0)).
        out[o] = v > 0 ? 1 : v < 0 ? -1 : 0;
      }
      return;
    case UnOp.Clamp:
      for (; o < end; o++, ix += sx) {
        let v = x[ix]!;
        if (v < p1) v = p1;
        if (v > p2) v = p2;
        out[o] = v;
      }
      return;
    case UnOp.PowScalar:
      if (out instanceof Int32Array) for (; o < end; o++, ix += sx) out[o] = powInt32(x[ix]!, p1);
      else if (p1 === 2) for (; o < end; o++, ix += sx) out[o] = x[ix]! * x[ix]!;
      else if (Number.isFinite(p1)) for (; o < end; o++, ix += sx) out[o] = x[ix]! ** p1;
      else for (; o < end; o++, ix += sx) out[o] = powFloat(x[ix]!, p1);
      return;
    case UnOp.Square:
      for (; o < end; o++, ix += sx) out[o] = x[ix]! * x[ix]!;
      return;
    case UnOp.Log1p:
      for (; o < end; o++, ix += sx) out[o] = Math.log1p(x[ix]!);
      return;
    case UnOp.Sin:
      for (; o < end; o++, ix += sx) out[o] = Math.sin(x[ix]!);
      return;
    case UnOp.Cos:
      for (; o < end; o++, ix += sx) out[o] = Math.cos(x[ix]!);
      return;
    case UnOp.Floor:
      for (; o < end; o++, ix += sx) out[o] = Math.floor(x[ix]!);
      return;
    case UnOp.Ceil:
      for (; o < end; o++, ix += sx) out[o] = Math.ceil(x[ix]!);
      return;
    case UnOp.Round:
      // Round half to even, as torch.round does.
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        const r = Math.round(v);
        out[o] = Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    case UnOp.Reciprocal:
      for (; o < end; o++, ix += sx) out[o] = 1 / x[ix]!;
      return;
    case UnOp.LogicalNot:
      for (; o < end; o++, ix += sx) out[o] = x[ix] !== 0 ? 0 : 1; // NaN is true, as in bool()
      return;
    case UnOp.LeakyRelu:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v > 0 ? v : v * p1;
      }
      return;
    case UnOp.Gelu:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = 0.5 * v * (1 + erf(v * Math.SQRT1_2));
      }
      return;
    case UnOp.GeluGrad:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = 0.5 * (1 + erf(v * Math.SQRT1_2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI);
      }
      return;
    case UnOp.IsNan:
      for (; o < end; o++, ix += sx) out[o] = x[ix] !== x[ix] ? 1 : 0;
      return;
    case UnOp.InRange:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v >= p1 && v <= p2 ? 1 : 0;
      }
      return;
    case UnOp.Silu:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v / (1 + Math.exp(-v));
      }
      return;
    case UnOp.SiluGrad:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        const s = 1 / (1 + Math.exp(-v));
        out[o] = s * (1 + v * (1 - s));
      }
      return;
    case UnOp.Softplus:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        const bv = v * p1;
        out[o] = bv > p2 ? v : Math.log1p(Math.exp(bv)) / p1;
      }
      return;
    case UnOp.SoftplusGrad:
      for (; o < end; o++, ix += sx) {
        const bv = x[ix]! * p1;
        // sigmoid(bv); PyTorch's z / (z + 1) with z = exp(bv) is the same number where it is finite.
        out[o] = bv > p2 ? 1 : bv >= 0 ? 1 / (1 + Math.exp(-bv)) : Math.exp(bv) / (1 + Math.exp(bv));
      }
      return;
    case UnOp.Elu:
      // exp(x) - 1 rather than expm1, as PyTorch's kernel computes it (the numbers match for tiny x).
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v > 0 ? v : (Math.exp(v) - 1) * p1;
      }
      return;
    case UnOp.EluGrad:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        // A nan input gives a nan gradient, as PyTorch's vectorized loop does (its scalar tail
        // loop, used for fewer than 16 elements, passes the gradient instead).
        out[o] = v > 0 ? 1 : v !== v ? v : p1 * Math.exp(v);
      }
      return;
    case UnOp.Asin:
      for (; o < end; o++, ix += sx) out[o] = Math.asin(x[ix]!);
      return;
    case UnOp.Acos:
      for (; o < end; o++, ix += sx) out[o] = Math.acos(x[ix]!);
      return;
    case UnOp.Atan:
      for (; o < end; o++, ix += sx) out[o] = Math.atan(x[ix]!);
      return;
    case UnOp.Sinh:
      for (; o < end; o++, ix += sx) out[o] = Math.sinh(x[ix]!);
      return;
    case UnOp.Cosh:
      for (; o < end; o++, ix += sx) out[o] = Math.cosh(x[ix]!);
      return;
    case UnOp.Asinh:
      for (; o < end; o++, ix += sx) out[o] = Math.asinh(x[ix]!);
      return;
    case UnOp.Acosh:
      for (; o < end; o++, ix += sx) out[o] = Math.acosh(x[ix]!);
      return;
    case UnOp.Atanh:
      for (; o < end; o++, ix += sx) out[o] = Math.atanh(x[ix]!);
      return;
    case UnOp.Expm1:
      for (; o < end; o++, ix += sx) out[o] = Math.expm1(x[ix]!);
      return;
    case UnOp.Exp2:
      for (; o < end; o++, ix += sx) out[o] = 2 ** x[ix]!;
      return;
    case UnOp.Log2:
      for (; o < end; o++, ix += sx) out[o] = Math.log2(x[ix]!);
      return;
    case UnOp.Log10:
      for (; o < end; o++, ix += sx) out[o] = Math.log10(x[ix]!);
      return;
    case UnOp.Erf:
      for (; o < end; o++, ix += sx) out[o] = erf(x[ix]!);
      return;
    case UnOp.Trunc:
      for (; o < end; o++, ix += sx) out[o] = Math.trunc(x[ix]!);
      return;
    case UnOp.Frac:
      for (; o < end; o++, ix += sx) out[o] = x[ix]! - Math.trunc(x[ix]!);
      return;
    case UnOp.IsInf:
      for (; o < end; o++, ix += sx)
        out[o] = x[ix] === Number.POSITIVE_INFINITY || x[ix] === Number.NEGATIVE_INFINITY ? 1 : 0;
      return;
    case UnOp.Erfc:
      for (; o < end; o++, ix += sx) out[o] = erfc(x[ix]!);
      return;
    case UnOp.Sinc:
      for (; o < end; o++, ix += sx) {
        const v = x[ix]!;
        out[o] = v === 0 ? 1 : Math.sin(Math.PI * v) / (Math.PI * v);
      }
      return;
    case UnOp.IsFinite:
      for (; o < end; o++, ix += sx) out[o] = Number.isFinite(x[ix]) ? 1 : 0;
      return;
  }
}

/** out = op(x) over `shape`; `x` read through its strides, `out` written contiguously. */
export function unaryKernel(
  op: UnOp,
  shape: readonly number[],
  out: TypedArray,
  outOffset: number,
  x: TypedArray,
  xStrides: readonly number[],
  xOffset: number,
  p1 = 0,
  p2 = 0,
): void {
  const nd = shape.length;
  let total = 1;
  for (let i = 0; i < nd; i++) total *= shape[i]!;
  if (total === 0) return;
  const flat = nd === 0 ? 1 : flatStride(shape, xStrides);
  if (flat >= 0) {
    unaryRow(op, total, out, outOffset, x, xOffset, flat, p1, p2);
    return;
  }
  const inner = shape[nd - 1]!;
  const sx = xStrides[nd - 1]!;
  const rows = total / inner;
  const idx = startIndex(nd - 1);
  const dx = carryDeltas(shape, xStrides, nd - 1);
  let ix = xOffset;
  let o = outOffset;
  for (let r = 0; r < rows; r++) {
    unaryRow(op, inner, out, o, x, ix, sx, p1, p2);
    o += inner;
    ix += dx[nextIndex(idx, shape, nd - 1)]!;
  }
}

/**
 * Writes contiguous `src` (from `srcOffset`) into a strided destination: the inverse of a
 * contiguous copy, used by in-place ops on non-contiguous views.
 */
export function scatterStrided(
  shape: readonly number[],
  dst: TypedArray,
  dstStrides: readonly number[],
  dstOffset: number,
  src: TypedArray,
  srcOffset: number,
): void {
  const nd = shape.length;
  let total = 1;
  for (let i = 0; i < nd; i++) total *= shape[i]!;
  if (total === 0) return;
  if (nd === 0) {
    dst[dstOffset] = src[srcOffset]!;
    return;
  }
  const idx = startIndex(nd - 1);
  const dd = carryDeltas(shape, dstStrides, nd - 1);
  const inner = shape[nd - 1]!;
  const sd = dstStrides[nd - 1]!;
  const rows = total / inner;
  let id = dstOffset;
  let s = srcOffset;
  for (let r = 0; r < rows; r++) {
    for (let j = 0, k = id; j < inner; j++, k += sd) dst[k] = src[s++]!;
    id += dd[nextIndex(idx, shape, nd - 1)]!;
  }
}
