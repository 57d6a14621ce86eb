import { noGrad, randn, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { expectClose, gradcheckModule, TOL } from "@tsgrad/testing";
import { NN_FIXTURE } from "../../test/helpers.js";
import { LayerNorm } from "./normalization.js";

const L = NN_FIXTURE.layers;

describe("LayerNorm", () => {
  it("matches PyTorch with an affine transform (float64, forward and all grads)", () => {
    const ln = new LayerNorm(4, { dtype: "float64" });
    ln.loadStateDict({
      weight: tensor([1.5, -0.5, 2.0, 0.25], { dtype: "float64" }),
      bias: tensor([0.1, 0.2, -0.3, 0.0], { dtype: "float64" }),
    });
    const x = tensor(L.x, { dtype: "float64" }).reshape([3, 4]).requiresGrad_();
    const y = ln.call(x);
    const c = L.cases.layer_norm;
    expect(y.shape).toEqual([3, 4]);
    expectClose(y, c.y, TOL.layers(1e-10));
    y.backward(tensor(L.upstream, { dtype: "float64" }).reshape([3, 4]));
    expectClose(x.grad!, c.grad_x, TOL.layers(1e-10));
    expectClose(ln.weight!.grad!, c.grad_weight, TOL.layers(1e-10));
    expectClose(ln.bias!.grad!, c.grad_bias, TOL.layers(1e-10));
  });

  it("matches PyTorch over two dims without affine, custom eps", () => {
    const ln = new LayerNorm([3, 4], { eps: 1e-3, elementwiseAffine: false });
    expect([...ln.parameters()]).toEqual([]);
    const x = tensor(L.x, { dtype: "float64" }).reshape([3, 4]).requiresGrad_();
    const y = ln.call(x);
    expectClose(y, L.cases.layer_norm_2d.y, TOL.layers(1e-10));
    y.backward(tensor(L.upstream, { dtype: "float64" }).reshape([3, 4]));
    expectClose(x.grad!, L.cases.layer_norm_2d.grad_x, TOL.layers(1e-10));
  });

  it("gradchecks over input, weight and bias", () => {
    const ln = new LayerNorm(3);
    ln.double();
    noGrad(() => ln.weight!.copy_(randn([3], { dtype: "float64" })));
    expect(gradcheckModule(ln, randn([2, 2, 3], { dtype: "float64", requiresGrad: true }))).toBe(true);
  });

  it("rejects an input whose trailing dims differ, with PyTorch's message", () => {
    expect(() => new LayerNorm(10).call(zeros([3, 5]))).toThrow(
      "LayerNorm: Given normalized_shape=[10], expected input with shape [*, 10], but got input of size[3, 5]",
    );
  });
});
