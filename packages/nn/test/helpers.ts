import { readFileSync } from "node:fs";
import { gradcheck, type Tensor } from "@tsgrad/core";
import { expect } from "vitest";
import type { Module } from "../src/module.js";

/** The fixture file written by tools/fixtures/gen_nn.py. */
export const NN_FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/nn.json", import.meta.url), "utf8"));

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

function decode(v: number | string): number {
  if (v === "nan") return Number.NaN;
  if (v === "inf") return Number.POSITIVE_INFINITY;
  if (v === "-inf") return Number.NEGATIVE_INFINITY;
  return v as number;
}

/** Asserts `t` has `shape` and values within `rtol` (relative, with the same absolute floor). */
export function expectClose(
  t: Tensor,
  expected: readonly (number | string)[],
  rtol: number,
  shape?: number[],
): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = t.toTypedArray();
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < got.length; i++) {
    const e = decode(expected[i]!);
    const g = got[i]!;
    if (Number.isNaN(e)) {
      expect(Number.isNaN(g), `element ${i}`).toBe(true);
      continue;
    }
    if (!(Math.abs(g - e) <= rtol * Math.max(1, Math.abs(e)))) {
      throw new Error(`element ${i}: got ${g}, expected ${e} (rtol ${rtol})`);
    }
  }
}

/**
 * Float64 gradcheck of a module over its input and all its parameters: converts the module with
 * `double()`, then checks d(output)/d(input) and d(output)/d(each parameter).
 */
export function gradcheckModule(module: Module, input: Tensor, options = {}): boolean {
  module.double();
  const params = [...module.parameters()];
  return gradcheck((x) => module.call(x), [input, ...params], options);
}
