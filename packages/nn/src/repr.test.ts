import { describe, expect, it } from "vitest";
import { pyBool, pyFloat, pyTuple } from "./repr.js";

describe("Python reprs", () => {
  it("pyFloat matches Python's repr(float)", () => {
    // Python: repr(x) for each x
    const cases: [number, string][] = [
      [1e-5, "1e-05"],
      [1e-6, "1e-06"],
      [0.0001, "0.0001"],
      [0.01, "0.01"],
      [0.5, "0.5"],
      [1, "1.0"],
      [-2, "-2.0"],
      [1e15, "1000000000000000.0"],
      [1e16, "1e+16"],
      [1.5e-7, "1.5e-07"],
      [1.2345e100, "1.2345e+100"],
      [0.1 + 0.2, "0.30000000000000004"],
      [Number.POSITIVE_INFINITY, "inf"],
      [Number.NaN, "nan"],
      [0, "0.0"],
    ];
    for (const [x, s] of cases) expect(pyFloat(x), String(x)).toBe(s);
  });
  it("pyTuple and pyBool", () => {
    expect(pyTuple([10])).toBe("(10,)");
    expect(pyTuple([2, 3])).toBe("(2, 3)");
    expect(pyBool(true)).toBe("True");
  });
});
