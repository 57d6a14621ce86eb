/**
 * The one closeness rule of tsgrad's tests and the tolerances they use with it.
 *
 *   |actual − expected| ≤ atol + rtol · max(|expected|, floor)
 *
 * NaN must meet NaN and an infinity the same infinity. `floor` (default 0) is the magnitude below
 * which an error is measured absolutely; with atol = 0 and floor = 1 the rule is "relative, but
 * against at least 1". Every tolerance in the suite is a `Tol` below, so each says why it is what it is.
 */
import type { DType, Tensor } from "../../core/src/index.js";
import { expect } from "vitest";
import { decode, type FixtureTensor, type FixtureValue } from "./fixtures.js";

export interface Tol {
  rtol: number;
  atol: number;
  /** Errors are relative to max(|expected|, floor); default 0. */
  floor?: number;
}

/** DESIGN.md's relative tolerance: float64 1e-10, float32 1e-5, exact for int32/bool. */
export function dtypeRtol(dtype: DType): number {
  return dtype === "float64" ? 1e-10 : dtype === "float32" ? 1e-5 : 0;
}

/** DESIGN.md's tolerance as it stands: relative only. */
export function tolFor(dtype: DType): Tol {
  return { rtol: dtypeRtol(dtype), atol: 0 };
}

/**
 * The default for a tensor against PyTorch: `tolFor(dtype)` plus an absolute floor of
 * rtol · max|expected| over the finite entries. Sums, products and gradients accumulate rounding
 * relative to the largest terms, not to a result that cancels to near zero (PyTorch accumulates in
 * the input dtype, tsgrad's kernels in doubles).
 */
export function scaledTol(expected: Pick<FixtureTensor, "values" | "dtype">): Tol {
  let m = 0;
  for (const v of expected.values) {
    const x = Math.abs(decode(v));
    if (Number.isFinite(x) && x > m) m = x;
  }
  const rtol = dtypeRtol(expected.dtype);
  return { rtol, atol: rtol * m };
}

/**
 * `tolFor(dtype)` with an absolute floor of rtol itself (the unit scale of log-probabilities and
 * gradients): for tensors where one huge entry (1e30) must not widen the tolerance of the small
 * ones beside it, as `scaledTol` would.
 */
export function unitTol(dtype: DType): Tol {
  const rtol = dtypeRtol(dtype);
  return { rtol, atol: rtol };
}

/**
 * The rest of the suite's tolerances, each with its reason. They stay as they were when the five
 * helpers were merged into this one rule (issue 12): no test got looser.
 */
export const TOL = {
  /**
   * Losses against PyTorch: DESIGN.md's rtol plus a small atol for terms that cancel (the tsgrad
   * kernels sum in float64, PyTorch in float32).
   */
  losses(dtype: DType): Tol {
    return dtype === "float64" ? { rtol: 1e-10, atol: 1e-13 } : { rtol: 1e-5, atol: 1e-7 };
  },
  /**
   * Optimizer trajectories (tighter than DESIGN.md in rtol). float32's atol: a weight that passes
   * near 0 is the difference of two O(0.1) terms (θ − lr·d), and PyTorch rounds each intermediate
   * (d; Adam's m, v and denominator) to float32 while tsgrad keeps them in double, so the result
   * differs by about one float32 ulp of those terms (~3e-8), not of the small result.
   */
  optim(dtype: DType): Tol {
    return dtype === "float64" ? { rtol: 1e-12, atol: 1e-14 } : { rtol: 1e-6, atol: 1e-7 };
  },
  /**
   * Property tests against the float64 reference: DESIGN.md's rtol plus an atol of the same size
   * for cancellation; callers widen atol by the magnitude of the summed terms (`widen`).
   */
  property(dtype: DType): Tol {
    return dtype === "float64" ? { rtol: 1e-10, atol: 1e-10 } : { rtol: 1e-5, atol: 1e-5 };
  },
  /** nn layers against PyTorch: `rtol` relative to max(|expected|, 1), rtol chosen per test. */
  layers(rtol: number): Tol {
    return { rtol, atol: 0, floor: 1 };
  },
};

/** `tol` with its atol multiplied by max(1, scale): for results that sum many terms of that size. */
export function widen(tol: Tol, scale: number): Tol {
  return { ...tol, atol: tol.atol * Math.max(1, scale) };
}

/** The one rule (see the file comment). */
export function close(actual: number, expected: number, tol: Tol): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.max(Math.abs(expected), tol.floor ?? 0);
}

/** The index of the first element of `actual` not close to `expected`, or -1 (lengths must match). */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<FixtureValue>,
  tol: Tol,
): number {
  for (let i = 0; i < expected.length; i++) if (!close(actual[i]!, decode(expected[i]!), tol)) return i;
  return -1;
}

function describeTol(tol: Tol): string {
  return `rtol ${tol.rtol}, atol ${tol.atol}${tol.floor ? `, floor ${tol.floor}` : ""}`;
}

/**
 * Asserts `actual` has `expected`'s length and each element is `close` to it. The failure names
 * the first bad element, both values and the tolerance.
 */
export function expectClose(
  actual: ArrayLike<number> | Tensor,
  expected: ArrayLike<FixtureValue> | Tensor,
  tol: Tol,
  label = "",
): void {
  const a = "toTypedArray" in actual ? actual.toTypedArray() : actual;
  const e = "toTypedArray" in expected ? expected.toTypedArray() : expected;
  const prefix = label ? `${label}: ` : "";
  expect(a.length, `${prefix}length`).toBe(e.length);
  const i = firstMismatch(a, e, tol);
  if (i >= 0) {
    const x = a[i]!;
    const y = decode(e[i]!);
    expect.fail(
      `${prefix}element ${i}: got ${x}, expected ${y} (|diff| ${Math.abs(x - y)}, ${describeTol(tol)})`,
    );
  }
}

/**
 * Asserts tensor `actual` has the shape and dtype of fixture tensor `expected` and values `close`
 * to its values within `tol` (default: `scaledTol(expected)`).
 */
export function expectTensorClose(
  actual: Tensor,
  expected: FixtureTensor,
  label: string,
  tol: Tol = scaledTol(expected),
): void {
  expect(actual.shape, `${label} shape`).toEqual(expected.shape);
  expect(actual.dtype, `${label} dtype`).toBe(expected.dtype);
  expectClose(actual.toTypedArray(), expected.values, tol, label);
}
