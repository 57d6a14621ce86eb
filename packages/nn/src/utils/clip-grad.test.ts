import { type DType, gradcheck, type Tensor, tensor, zeros } from "@tsgrad/core";
import { expectClose, readJson, TOL } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { Linear } from "../layers/linear.js";
import { clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters } from "./clip-grad.js";

// From PyTorch 1.13 (tools/fixtures/gen_optim_more.py): three params of shapes [3, 2], [4], [1]
// with fixed gradients, the last one set to None.
const fx = readJson(new URL("../../test/fixtures/optim-more.json", import.meta.url)).clip;

function withGrads(dtype: DType, count = 3): Tensor[] {
  return fx.shapes.slice(0, count).map((shape: number[], k: number) => {
    const p = zeros(shape, { dtype, requiresGrad: true });
    p.grad = tensor(fx.grads[k], { dtype }).reshape(shape);
    return p;
  });
}

describe("clipGradNorm_ matches torch.nn.utils.clip_grad_norm_", () => {
  it("has the fixture cases", () => expect(fx.norm.length).toBe(12));
  for (const c of fx.norm) {
    const normType = c.normType === "inf" ? Infinity : c.normType;
    it(`maxNorm ${c.maxNorm}, normType ${c.normType} (${c.dtype})`, () => {
      const ps = withGrads(c.dtype);
      ps[2]!.grad = null;
      const total = clipGradNorm_(ps, c.maxNorm, { normType });
      expect(total.shape).toEqual(c.totalShape);
      expect(total.dtype).toBe(c.totalDtype);
      expectClose([total.item()], [c.totalNorm], TOL.optim(c.dtype), "total norm");
      ps.forEach((p, k) => {
        if (c.grads[k] === null) expect(p.grad).toBeNull();
        else expectClose(p.grad!.storage.data, c.grads[k], TOL.optim(c.dtype), `grad ${k}`);
      });
    });
  }

  it("returns a float32 0 when no parameter has a gradient, as PyTorch", () => {
    const total = clipGradNorm_([zeros([2], { requiresGrad: true })], 1);
    expect([total.item(), total.dtype, total.shape]).toEqual([
      fx.empty.value,
      fx.empty.dtype,
      fx.empty.shape,
    ]);
  });

  it("takes a single tensor and non-contiguous gradients", () => {
    const p = zeros([2, 3], { dtype: "float64", requiresGrad: true });
    p.grad = tensor(
      [
        [3, 0],
        [0, 0],
        [0, 4],
      ],
      { dtype: "float64" },
    ).t();
    const total = clipGradNorm_(p, 1);
    expect(total.item()).toBe(5);
    expectClose(
      p.grad.contiguous().storage.data,
      [3 / (5 + 1e-6), 0, 0, 0, 0, 4 / (5 + 1e-6)],
      TOL.optim("float64"),
    );
  });

  it("errorIfNonfinite: PyTorch's error for a non-finite total norm; without it the grads are scaled by it", () => {
    const p = zeros([2], { requiresGrad: true });
    p.grad = tensor([1, Infinity], { dtype: "float32" });
    expect(() => clipGradNorm_([p], 1, { errorIfNonfinite: true })).toThrow(
      `clipGradNorm_(): ${fx.nonfinite}`,
    );
    p.grad = tensor([1, Number.NaN], { dtype: "float32" });
    expect(() => clipGradNorm_([p], 1, { normType: Infinity, errorIfNonfinite: true })).toThrow(
      `clipGradNorm_(): ${fx.nonfiniteInf}`,
    );
    expect(clipGradNorm_([p], 1).item()).toBeNaN();
    expect(p.grad!.tolist()).toEqual([Number.NaN, Number.NaN]);
  });

  it("rejects bad arguments, naming the function", () => {
    expect(() => clipGradNorm_([zeros([1])], "1" as any)).toThrow(
      "clipGradNorm_(): maxNorm must be a number, but got string",
    );
    expect(() => clipGradNorm_([zeros([1])], 1, { norm_type: 2 } as any)).toThrow(
      /clipGradNorm_\(\).*norm_type/,
    );
    expect(() => clipGradNorm_(5 as any, 1)).toThrow(
      "clipGradNorm_(): parameters must be a Tensor or an iterable of Tensors, but got number",
    );
  });
});

describe("clipGradValue_ matches torch.nn.utils.clip_grad_value_", () => {
  for (const c of fx.value) {
    it(`clipValue ${c.clipValue}`, () => {
      const ps = withGrads("float64", 2);
      clipGradValue_(ps, c.clipValue);
      ps.forEach((p, k) => {
        expect(Array.from(p.grad!.storage.data)).toEqual(c.grads[k]);
      });
    });
  }
  it("leaves parameters without a gradient alone", () => {
    const p = zeros([2], { requiresGrad: true });
    clipGradValue_(p, 1);
    expect(p.grad).toBeNull();
  });
});

describe("parametersToVector and vectorToParameters", () => {
  it("flatten in order, as PyTorch", () => {
    const a = tensor(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      { dtype: "float32" },
    );
    const b = tensor([7, 8], { dtype: "float32" });
    expect(parametersToVector([a, b]).tolist()).toEqual(fx.vector);
  });

  it("round-trip a model's parameters", () => {
    const lin = new Linear(3, 2);
    const vec = parametersToVector(lin.parameters());
    expect(vec.shape).toEqual([8]);
    const other = new Linear(3, 2);
    vectorToParameters(vec.detach(), other.parameters());
    expect(other.weight.tolist()).toEqual(lin.weight.tolist());
    expect(other.bias!.tolist()).toEqual(lin.bias!.tolist());
  });

  it("parametersToVector is differentiable (float64 gradcheck)", () => {
    const a = tensor(
      [
        [0.5, -1],
        [2, 3],
      ],
      { dtype: "float64" },
    ).requiresGrad_();
    const b = tensor([0.25, 4], { dtype: "float64" }).requiresGrad_();
    expect(
      gradcheck(
        (x, y) => parametersToVector([x!, y!]).mul(tensor([1, 2, 3, 4, 5, 6], { dtype: "float64" })),
        [a, b],
      ),
    ).toBe(true);
  });

  it("vectorToParameters checks the vector", () => {
    const p = zeros([2, 2], { requiresGrad: true });
    expect(() => vectorToParameters(zeros([3]), [p])).toThrow(
      "vectorToParameters(): vec has 3 elements, but the parameters have 4 in all",
    );
    expect(() => vectorToParameters(zeros([2, 2]), [p])).toThrow(
      "vectorToParameters(): expected a 1-D vector, but got shape [2, 2]",
    );
    expect(() => vectorToParameters([1, 2, 3, 4] as any, [p])).toThrow(
      "vectorToParameters(): expected a Tensor, but got: Array",
    );
  });
});
