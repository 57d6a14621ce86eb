import { record, type Tensor, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { gradientErrors } from "./gradcheck-report.js";

/** x² summed, with a deliberately wrong backward (3x instead of 2x) to show the check can fail. */
function badSquareSum(x: Tensor): Tensor {
  const out = x.detach().mul(x.detach());
  return record(out, "BadSquareBackward", [x], [x], (g, [xs]) => [g.mul(xs!).mul(3)]).sum();
}

describe("gradientErrors", () => {
  it("reports tiny errors for a correct backward, per named tensor", () => {
    const a = tensor(
      [
        [0.5, -1.25],
        [2, 0.1],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const b = tensor([0.3, -0.7], { dtype: "float64", requiresGrad: true });
    const errs = gradientErrors(
      () => a.matmul(b).tanh().sum().add(b.square().sum()),
      [
        ["a", a],
        ["b", b],
      ],
    );
    expect(errs.map((e) => [e.name, e.shape])).toEqual([
      ["a", [2, 2]],
      ["b", [2]],
    ]);
    for (const e of errs) {
      expect(e.maxAbsError).toBeLessThan(1e-8);
      expect(e.maxAbsGrad).toBeGreaterThan(0.1);
    }
    expect(a.grad).toBeNull();
  });

  it("reports the size of a wrong backward", () => {
    const x = tensor([1, -2, 0.5], { dtype: "float64", requiresGrad: true });
    const [e] = gradientErrors(() => badSquareSum(x), [["x", x]]);
    // analytic 3x vs numeric 2x: the largest gap is |x| = 2 at x = -2.
    expect(e!.maxAbsError).toBeCloseTo(2, 6);
  });

  it("refuses float32 inputs", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => gradientErrors(() => x.sum(), [["x", x]])).toThrow("gradientErrors(): x is float32");
  });
});
