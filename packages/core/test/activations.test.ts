/**
 * silu, softplus and elu (appended to ops/elementwise.ts): PyTorch fixtures, gradchecks, errors; and
 * the keyword forms of the activations' parameters (`{ beta }`, `{ alpha }`, `{ negativeSlope }`,
 * gelu's `{ approximate }`).
 */
import { describe, expect, it } from "vitest";
import { describeGroup } from "./more-cases.js";
import {
  elu,
  elu_,
  gelu,
  leakyRelu,
  leakyRelu_,
  manualSeed,
  randn,
  type Tensor,
  tensor,
  where,
  rand,
} from "../src/index.js";
import { softplus, silu } from "../src/ops/elementwise.js";
import { expectClose, itGradchecksFns, type NamedFn } from "@tsgrad/testing";

describeGroup("core_more", "activation", "silu, softplus and elu", "activation");

describe("activation gradcheck on random inputs (float64)", () => {
  // |x| >= 0.1 keeps elu's kink at 0 (when alpha != 1) out of the finite differences.
  const away = (shape: number[]): Tensor => {
    const r = rand(shape, { dtype: "float64" }).mul(2.9).add(0.1);
    return where(rand(shape).lt(0.5), r, r.neg()).detach().requiresGrad_();
  };
  const fns: NamedFn[] = [
    ["silu", (x) => silu(x)],
    ["softplus", (x) => softplus(x)],
    ["softplus beta 3 threshold 4 (both regions)", (x) => softplus(x, 3, 4)],
    ["softplus beta -0.5", (x) => softplus(x, -0.5)],
    ["elu", (x) => elu(x)],
    ["elu alpha 0.3", (x) => elu(x, 0.3)],
    ["elu alpha 2", (x) => elu(x, 2)],
    ["elu { alpha: 0.3 }", (x) => elu(x, { alpha: 0.3 })],
    ["softplus { beta: 3, threshold: 4 }", (x) => softplus(x, { beta: 3, threshold: 4 })],
    ["leakyRelu { negativeSlope: 0.2 }", (x) => leakyRelu(x, { negativeSlope: 0.2 })],
    ["gelu { approximate: 'tanh' }", (x) => gelu(x, { approximate: "tanh" })],
  ];
  itGradchecksFns(fns, 61, () => away([3, 5]));
});

describe("activations equal their compositions", () => {
  manualSeed(62);
  const x = randn([4, 6], { dtype: "float64" }).mul(3);
  it("silu(x) = x * sigmoid(x)", () => {
    expectClose(silu(x).toTypedArray(), Array.from(x.mul(x.sigmoid()).toTypedArray()), {
      rtol: 1e-12,
      atol: 1e-15,
    });
  });
  it("softplus(x, beta) = log1p(exp(beta x)) / beta below the threshold", () => {
    const ref = x.mul(2).exp().log1p().div(2);
    expectClose(softplus(x, 2, 100).toTypedArray(), Array.from(ref.toTypedArray()), {
      rtol: 1e-12,
      atol: 1e-15,
    });
  });
  it("elu(x) = where(x > 0, x, alpha (exp(x) - 1))", () => {
    const ref = where(x.gt(0), x, x.exp().sub(1).mul(0.7));
    expectClose(elu(x, 0.7).toTypedArray(), Array.from(ref.toTypedArray()), { rtol: 1e-12, atol: 1e-15 });
  });
  it("float32 results keep float32 and print their grad_fn", () => {
    const y = tensor([-1, 0.5], { requiresGrad: true });
    expect(silu(y).dtype).toBe("float32");
    expect(softplus(y).toString()).toContain("grad_fn=<SoftplusBackward0>");
    expect(elu(y).toString()).toContain("grad_fn=<EluBackward0>");
  });
});

describe("activation parameters by keyword", () => {
  manualSeed(63);
  const x = randn([3, 4], { dtype: "float64" }).mul(3);
  const same = (a: Tensor, b: Tensor): void =>
    expect(Array.from(a.toTypedArray())).toEqual(Array.from(b.toTypedArray()));
  it("the options form gives the positional form's values", () => {
    same(softplus(x, { beta: 2, threshold: 3 }), softplus(x, 2, 3));
    same(softplus(x, { threshold: 3 }), softplus(x, 1, 3));
    same(elu(x, { alpha: 0.4 }), elu(x, 0.4));
    same(leakyRelu(x, { negativeSlope: 0.3 }), leakyRelu(x, 0.3));
    same(leakyRelu(x, {}), leakyRelu(x));
    same(leakyRelu_(x.clone(), { negativeSlope: 0.3 }), leakyRelu(x, 0.3));
    same(elu_(x.clone(), { alpha: 0.4 }), elu(x, 0.4));
  });
  it("gelu's tanh approximation is 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) and differs from the exact one", () => {
    const ref = x.mul(0.5).mul(
      x
        .add(x.pow(3).mul(0.044715))
        .mul(Math.sqrt(2 / Math.PI))
        .tanh()
        .add(1),
    );
    expectClose(gelu(x, { approximate: "tanh" }).toTypedArray(), Array.from(ref.toTypedArray()), {
      rtol: 1e-15,
      atol: 0,
    });
    same(gelu(x, { approximate: "none" }), gelu(x));
    expect(gelu(x, { approximate: "tanh" }).sub(gelu(x)).abs().max().item()).toBeGreaterThan(1e-5);
  });
});

describe("activation errors", () => {
  it("integer input is refused, as in PyTorch", () => {
    expect(() => silu(tensor([1, 2]))).toThrow("silu(): expected a floating point input, but got int32");
    expect(() => softplus(tensor([1, 2]))).toThrow(
      "softplus(): expected a floating point input, but got int32",
    );
    expect(() => elu(tensor([true]))).toThrow("elu(): expected a floating point input, but got bool");
  });
  it("parameters must be numbers, or their keywords in an options object", () => {
    const x = tensor([1, 2], { dtype: "float64" });
    expect(() => softplus(x, "2" as never)).toThrow(
      "softplus(): argument 'beta' must be a number, but got a string (\"2\")",
    );
    expect(() => softplus(x, 1, "20" as never)).toThrow(
      "softplus(): argument 'threshold' must be a number, but got a string (\"20\")",
    );
    expect(() => softplus(x, { beta: 2 }, 3)).toThrow(
      "softplus(): got an options object as argument 2, so there can be no argument 3",
    );
    expect(() => elu(x, null as never)).toThrow("elu(): argument 'alpha' must be a number, but got null");
    expect(() => elu(x, { alpha: "1" } as never)).toThrow(
      "elu(): option 'alpha' must be a number, but got a string (\"1\")",
    );
    expect(() => leakyRelu(x, { negative_slope: 0.2 } as never)).toThrow(
      "leakyRelu(): got an unexpected option 'negative_slope' (did you mean 'negativeSlope'?)",
    );
    expect(() => gelu(x, { approximate: "tan" } as never)).toThrow(
      "gelu(): approximate argument must be either none or tanh, got 'tan'",
    );
    expect(() => gelu(x, "tanh" as never)).toThrow(
      'gelu(): expected an options object as argument 2, but got a string ("tanh") (did you mean { approximate: "tanh" }?)',
    );
  });
  it("a non-tensor input", () => {
    expect(() => silu([1, 2] as never)).toThrow("silu(): argument 'input' must be a Tensor, but got object");
  });
});
