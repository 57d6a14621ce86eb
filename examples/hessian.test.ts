/** The Hessian example (hessian.ts): the three methods agree with the closed form in float64. */
import { describe, expect, it } from "vitest";
import { closedForm, hessianAt } from "./hessian.js";

describe("hessian example", () => {
  for (const [x, y] of [
    [0.7, -0.3],
    [-1.2, 0.5],
    [0, 0],
  ] as const) {
    it(`at (${x}, ${y})`, () => {
      const r = hessianAt(x, y);
      expect(r.maxDiff).toBeLessThan(1e-12);
      expect(r.closed).toEqual(closedForm(x, y));
      expect(r.functional[0]![1]).toBeCloseTo(r.functional[1]![0]!, 14); // symmetric
    });
  }
});
