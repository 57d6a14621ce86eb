import { randn, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { expectClose, gradcheckModule, TOL } from "@tsgrad/testing";
import { NN_FIXTURE } from "../../test/helpers.js";
import type { Module } from "../module.js";
import { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from "./activation.js";

const L = NN_FIXTURE.layers;
const X = () => tensor(L.x, { dtype: "float64" }).reshape([3, 4]).requiresGrad_();
const G = () => tensor(L.upstream, { dtype: "float64" }).reshape([3, 4]);

const CASES: [string, () => Module][] = [
  ["relu", () => new ReLU()],
  ["leaky_relu_0.2", () => new LeakyReLU(0.2)],
  ["tanh", () => new Tanh()],
  ["sigmoid", () => new Sigmoid()],
  ["gelu", () => new GELU()],
  ["gelu_tanh", () => new GELU({ approximate: "tanh" })],
  ["softmax_-1", () => new Softmax(-1)],
  ["log_softmax_0", () => new LogSoftmax(0)],
];

describe("activations", () => {
  for (const [name, make] of CASES) {
    it(`${name}: forward and input gradient match PyTorch (float64)`, () => {
      const x = X();
      const y = make().call(x);
      expect(y.shape).toEqual([3, 4]);
      expectClose(y, L.cases[name].y, TOL.layers(1e-10));
      y.backward(G());
      expect(x.grad!.shape).toEqual([3, 4]);
      expectClose(x.grad!, L.cases[name].grad_x, TOL.layers(1e-10));
    });
    it(`${name}: gradchecks`, () => {
      // Shift away from 0 so relu-like kinks are not straddled by the finite difference.
      const x = randn([2, 5], { dtype: "float64" }).add(0.05).requiresGrad_();
      expect(gradcheckModule(make(), x)).toBe(true);
    });
  }

  it("float32 forward agrees with float64 within float32 precision", () => {
    const x32 = tensor(L.x, { dtype: "float32" }).reshape([3, 4]);
    expectClose(new GELU({ approximate: "tanh" }).call(x32), L.cases.gelu_tanh.y, TOL.layers(1e-5));
  });

  it("reprs and argument errors", () => {
    expect(String(new LeakyReLU(0.2))).toBe("LeakyReLU(negative_slope=0.2)");
    expect(String(new Softmax(1))).toBe("Softmax(dim=1)");
    expect(() => new GELU({ approximate: "fast" as "tanh" })).toThrow(
      "GELU(): approximate argument must be either none or tanh, got 'fast'",
    );
    expect(() => new Softmax(0.5)).toThrow("Softmax(): dim must be an integer, got 0.5");
  });
});
