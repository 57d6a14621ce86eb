import { manualSeed, randn, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { expectClose, gradcheckModule, TOL } from "@tsgrad/testing";
import { NN_FIXTURE } from "../../test/helpers.js";
import { Parameter } from "../module.js";
import { Flatten, Identity, Linear } from "./linear.js";

interface LinearCase {
  dtype: "float32" | "float64";
  in: number;
  out: number;
  bias: boolean;
  weight: number[];
  b: number[] | null;
  x_shape: number[];
  x: number[];
  upstream: number[];
  y: number[];
  grad_x: number[];
  grad_weight: number[];
  grad_bias: number[] | null;
}

describe("Linear", () => {
  for (const c of NN_FIXTURE.linear as LinearCase[]) {
    it(`matches PyTorch forward and backward (${c.dtype}, ${c.in}→${c.out}, x ${JSON.stringify(c.x_shape)}, bias=${c.bias})`, () => {
      const rtol = c.dtype === "float64" ? 1e-10 : 1e-5;
      const lin = new Linear(c.in, c.out, { bias: c.bias, dtype: c.dtype });
      const sd = new Map([["weight", tensor(c.weight, { dtype: c.dtype }).reshape([c.out, c.in])]]);
      if (c.b) sd.set("bias", tensor(c.b, { dtype: c.dtype }));
      lin.loadStateDict(sd);
      const x = tensor(c.x, { dtype: c.dtype }).reshape(c.x_shape).requiresGrad_();
      const y = lin.call(x);
      const outShape = [...c.x_shape.slice(0, -1), c.out];
      expect(y.shape).toEqual(outShape);
      expectClose(y, c.y, TOL.layers(rtol));
      y.backward(tensor(c.upstream, { dtype: c.dtype }).reshape(outShape));
      expect(x.grad!.shape).toEqual(c.x_shape);
      expectClose(x.grad!, c.grad_x, TOL.layers(rtol));
      expect(lin.weight.grad!.shape).toEqual([c.out, c.in]);
      expectClose(lin.weight.grad!, c.grad_weight, TOL.layers(rtol));
      if (c.grad_bias) {
        expect(lin.bias!.grad!.shape).toEqual([c.out]);
        expectClose(lin.bias!.grad!, c.grad_bias, TOL.layers(rtol));
      } else expect(lin.bias).toBeNull();
    });
  }

  it("has PyTorch's shapes, names and repr", () => {
    const lin = new Linear(2, 64);
    expect(lin.weight).toBeInstanceOf(Parameter);
    expect(lin.weight.shape).toEqual([64, 2]);
    expect(lin.bias!.shape).toEqual([64]);
    expect(String(lin)).toBe("Linear(in_features=2, out_features=64, bias=True)");
    expect(String(new Linear(3, 1, { bias: false }))).toBe(
      "Linear(in_features=3, out_features=1, bias=False)",
    );
  });

  it("default init stays within ±1/√in_features and spreads over it", () => {
    manualSeed(0);
    const lin = new Linear(16, 200);
    const bound = 1 / Math.sqrt(16);
    for (const p of [lin.weight, lin.bias!]) {
      const v = Array.from(p.toTypedArray());
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      // U(-b, b) reaches near both ends with 3200 (or 200) samples
      expect(Math.max(...v)).toBeGreaterThan(0.9 * bound);
      expect(Math.min(...v)).toBeLessThan(-0.9 * bound);
    }
    // a fresh resetParameters draws new values
    const before = lin.weight.tolist();
    lin.resetParameters();
    expect(lin.weight.tolist()).not.toEqual(before);
  });

  it("is seeded by manualSeed", () => {
    manualSeed(7);
    const a = new Linear(3, 2).weight.tolist();
    manualSeed(7);
    expect(new Linear(3, 2).weight.tolist()).toEqual(a);
  });

  it("gradchecks in float64 over input, weight and bias", () => {
    const lin = new Linear(3, 2);
    expect(gradcheckModule(lin, randn([4, 3], { dtype: "float64", requiresGrad: true }))).toBe(true);
    const nob = new Linear(3, 2, { bias: false });
    expect(gradcheckModule(nob, randn([2, 2, 3], { dtype: "float64", requiresGrad: true }))).toBe(true);
  });

  it("rejects a wrong input size with PyTorch's message", () => {
    expect(() => new Linear(2, 64).call(zeros([8, 3]))).toThrow(
      "Linear: mat1 and mat2 shapes cannot be multiplied (8x3 and 2x64)",
    );
    expect(() => new Linear(-1, 2)).toThrow("Linear(): inFeatures must be a non-negative integer, got -1");
  });
});

describe("Identity and Flatten", () => {
  it("Identity returns its input", () => {
    const x = randn([2, 3]);
    expect(new Identity(54, { unused: true }).call(x)).toBe(x);
    expect(String(new Identity())).toBe("Identity()");
  });
  it("Flatten keeps the batch dim by default", () => {
    expect(new Flatten().call(zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new Flatten(0, 1).call(zeros([2, 3, 4])).shape).toEqual([6, 4]);
    const x = randn([2, 3, 2], { dtype: "float64", requiresGrad: true });
    expect(gradcheckModule(new Flatten(), x)).toBe(true);
  });
});
