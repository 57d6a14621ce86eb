/**
 * Comparison of a tsgrad tensor with a reference array, with a failure message that shows what a
 * person needs to reproduce it: the label, both shapes, the first differing element (flat and
 * multi-index) and, for small tensors, all values.
 */
import { close, TOL, type Tol, widen } from "@tsgrad/testing";
import fc from "fast-check";
import type { DType, Tensor } from "../../src/index.js";
import { type Built, type InputSpec, leafGrad } from "./arbitraries.js";
import { type Nd, unravel } from "./reference.js";

export type Tolerance = Tol;

/** @tsgrad/testing's `TOL.property`: DESIGN.md's rtol plus an atol of the same size for cancellation. */
export function tolFor(dtype: DType): Tolerance {
  return TOL.property(dtype);
}

function show(xs: ArrayLike<number>): string {
  const arr = Array.from(xs);
  return arr.length <= 64
    ? `[${arr.join(", ")}]`
    : `[${arr.slice(0, 64).join(", ")}, ... (${arr.length} values)]`;
}

/**
 * Throws a readable Error unless `actual` has `expected`'s shape and values within `tol` (NaN
 * matches NaN, infinities must match exactly). `scale` widens atol for results that are sums of
 * many terms of that size (rounding grows with the magnitude of the terms, not of the result).
 */
export function expectNd(
  label: string,
  actual: Tensor | null | undefined,
  expected: Nd,
  tol: Tolerance,
  scale = 1,
): void {
  if (!actual)
    throw new Error(`${label}: expected a tensor of shape [${expected.shape.join(", ")}], got ${actual}`);
  const shape = actual.shape;
  if (shape.length !== expected.shape.length || shape.some((s, i) => s !== expected.shape[i])) {
    throw new Error(`${label}: shape [${shape.join(", ")}], expected [${expected.shape.join(", ")}]`);
  }
  const got = actual.toTypedArray();
  const t = widen(tol, scale);
  for (let k = 0; k < got.length; k++) {
    if (!close(got[k]!, expected.data[k]!, t)) {
      throw new Error(
        `${label}: element ${k} (index [${unravel(k, expected.shape).join(", ")}]) is ${got[k]}, expected ${expected.data[k]} ` +
          `(rtol ${t.rtol}, atol ${t.atol}); shape [${shape.join(", ")}]\n  got      ${show(got)}\n  expected ${show(expected.data)}`,
      );
    }
  }
}

/**
 * Checks the float64 gradient `g` that reached a (possibly viewed) input: on the view itself and,
 * scattered back to base positions, on its base leaf. `scale` widens atol as in `expectNd`;
 * `leafScale` (default `scale`) is the leaf's, where several view elements add up at one place.
 */
export function expectInputGrad(
  label: string,
  spec: InputSpec,
  built: Built,
  g: Nd,
  scale = 1,
  leafScale = scale,
): void {
  const tol = tolFor("float64");
  expectNd(`${label} (view)`, built.view.grad, g, tol, scale);
  expectNd(`${label} (base leaf)`, built.leaf.grad, leafGrad(spec, g), tol, leafScale);
}

/** Largest |value| of the inputs, used as `scale` for sums/products of them. */
export function magnitude(...xs: Nd[]): number {
  let m = 0;
  for (const x of xs) for (const v of x.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Runs `fn`, which must throw a plain Error (not a TypeError/RangeError from a typed array or a
 * kernel) whose message starts with `op(): `. `what` describes the call for the failure message.
 */
export function expectOpError(what: string, op: string, fn: () => unknown): Error {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (err === null) throw new Error(`${what}: expected an error from ${op}(), but it returned normally`);
  if (!(err instanceof Error) || err instanceof TypeError || err instanceof RangeError) {
    throw new Error(`${what}: expected a plain Error from ${op}(), got ${String(err)}`);
  }
  if (!err.message.startsWith(`${op}(): `)) {
    throw new Error(`${what}: the message should start with "${op}(): ", got: ${err.message}`);
  }
  return err;
}

/** Gives a table entry (an op under test) a readable form in fast-check counterexamples. */
export function named<T extends { name: string }>(entry: T): T {
  Object.defineProperty(entry, fc.toStringMethod, { value: () => entry.name, enumerable: false });
  return entry;
}
