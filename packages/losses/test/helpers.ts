/** Shared by the loss tests: fixture decoding and PyTorch-style closeness checks. */
import { readFileSync } from "node:fs";
import { type DType, type Tensor, tensor } from "@tsgrad/core";
import { expect } from "vitest";

export interface FixtureTensor {
  shape: number[];
  dtype: DType;
  /** Row-major values; nan/inf/-inf as strings. */
  values: (number | string)[];
}

export interface FixtureCase {
  name: string;
  fn: string;
  args: Record<string, FixtureTensor>;
  options: Record<string, number | string | boolean>;
  grad_wrt: string[];
  grad_output: FixtureTensor | null;
  expected: Record<string, FixtureTensor>;
  seed_loss?: number;
  alpha?: number;
}

export function loadCases(): FixtureCase[] {
  const raw = readFileSync(new URL("./fixtures/losses.json", import.meta.url), "utf8");
  return (JSON.parse(raw) as { cases: FixtureCase[] }).cases;
}

export function decode(v: number | string): number {
  if (typeof v === "number") return v;
  return { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, "-inf": Number.NEGATIVE_INFINITY }[v as "nan"];
}

export function toTensor(f: FixtureTensor, requiresGrad = false): Tensor {
  const t = tensor(f.values.map(decode), { dtype: f.dtype }).reshape(f.shape);
  return requiresGrad ? t.requiresGrad_(true) : t;
}

/** float64: 1e-10 relative; float32: 1e-5 relative (the tsgrad kernels sum in float64, PyTorch in float32). */
export function tolerance(dtype: DType): { rtol: number; atol: number } {
  return dtype === "float64" ? { rtol: 1e-10, atol: 1e-13 } : { rtol: 1e-5, atol: 1e-7 };
}

/**
 * Asserts `actual` equals `expected` elementwise: same shape, NaN where NaN, equal infinities,
 * else |a − e| ≤ atol + rtol·|e|.
 */
export function expectClose(
  actual: Tensor,
  expected: FixtureTensor | Tensor,
  label: string,
  dtype?: DType,
): void {
  const exp =
    "values" in expected
      ? { shape: expected.shape, values: expected.values.map(decode) }
      : { shape: expected.shape.slice(), values: Array.from(expected.toTypedArray()) };
  expect(actual.shape, `${label}: shape`).toEqual(exp.shape);
  const { rtol, atol } = tolerance(dtype ?? actual.dtype);
  const got = actual.toTypedArray();
  for (let i = 0; i < exp.values.length; i++) {
    const a = got[i]!;
    const e = exp.values[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label}[${i}]: ${a} vs ${e}`).toBe(
        true,
      );
      continue;
    }
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`${label}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)}, rtol ${rtol})`);
  }
}
