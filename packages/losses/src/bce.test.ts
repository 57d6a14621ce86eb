import { Generator, gradcheck, randn, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { BCELoss, BCEWithLogitsLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits } from "./bce.js";

const f64 = { dtype: "float64" } as const;
const gen = new Generator().manualSeed(17);

describe("binaryCrossEntropy", () => {
  it("computes the doc example and clamps log at −100 (loss 100 at x = 0, y = 1)", () => {
    expect(binaryCrossEntropy(tensor([0.8, 0.3]), tensor([1, 0]).float()).item()).toBeCloseTo(
      0.2899092476,
      6,
    );
    expect(
      binaryCrossEntropy(tensor([0, 1], f64), tensor([1, 0], f64), { reduction: "none" }).tolist(),
    ).toEqual([100, 100]);
  });

  it("equals binaryCrossEntropyWithLogits on sigmoid(x)", () => {
    const x = randn([3, 4], { ...f64, generator: gen });
    const y = randn([3, 4], { ...f64, generator: gen }).sigmoid();
    const w = randn([4], { ...f64, generator: gen }).abs();
    const a = binaryCrossEntropy(x.sigmoid(), y, { weight: w }).item();
    const b = binaryCrossEntropyWithLogits(x, y, { weight: w }).item();
    expect(Math.abs(a - b)).toBeLessThan(1e-14);
  });

  it("passes gradcheck in float64 (input and target, weights, every reduction)", () => {
    for (const reduction of ["none", "mean", "sum"] as const) {
      const x = randn([2, 3], { ...f64, generator: gen })
        .sigmoid()
        .detach()
        .requiresGrad_(true);
      const y = randn([2, 3], { ...f64, generator: gen })
        .sigmoid()
        .detach()
        .requiresGrad_(true);
      const w = tensor([0.5, 2, 1], f64);
      expect(gradcheck((a, b) => binaryCrossEntropy(a, b!, { weight: w, reduction }), [x, y])).toBe(true);
    }
  });

  it("rejects out-of-range inputs and mismatched shapes", () => {
    expect(() => binaryCrossEntropy(tensor([1.5]), tensor([1]).float())).toThrow(
      "binary_cross_entropy(): all elements of input should be between 0 and 1 (got 1.5 at flat index 0)",
    );
    expect(() => binaryCrossEntropy(randn([3, 1]).sigmoid(), randn([3]).sigmoid())).toThrow(
      "binary_cross_entropy(): Using a target size ([3]) that is different to the input size ([3, 1]) is deprecated. Please ensure they have the same size.",
    );
    expect(() =>
      binaryCrossEntropy(randn([2, 3]).sigmoid(), randn([2, 3]).sigmoid(), { weight: randn([2]) }),
    ).toThrow("binary_cross_entropy(): weight of shape [2] cannot be broadcast to the input's shape [2, 3]");
  });

  it("BCELoss registers weight as a buffer", () => {
    expect([...new BCELoss({ weight: tensor([1, 2]).float() }).stateDict().keys()]).toEqual(["weight"]);
  });
});

describe("binaryCrossEntropyWithLogits", () => {
  it("is finite for logits of ±800 and its gradient at x = 0 is sigmoid(0) − y", () => {
    const x = tensor([800, -800, 0], { ...f64, requiresGrad: true });
    const loss = binaryCrossEntropyWithLogits(x, tensor([0, 1, 0.25], f64), { reduction: "sum" });
    expect(loss.item()).toBe(1600 + Math.log(2));
    loss.backward();
    expect(x.grad!.tolist()).toEqual([1, -1, 0.25]);
  });

  it("posWeight p scales the positive term: y = 1 gives p·softplus(−x)", () => {
    const x = tensor([0.3, -1.2], f64);
    const got = binaryCrossEntropyWithLogits(x, tensor([1, 1], f64), {
      posWeight: tensor([3, 0.5], f64),
      reduction: "none",
    });
    const sp = (v: number): number => Math.log1p(Math.exp(-v));
    const want = [3 * sp(0.3), 0.5 * sp(-1.2)];
    const g = got.tolist() as number[];
    for (let i = 0; i < 2; i++) expect(Math.abs(g[i]! - want[i]!)).toBeLessThan(1e-15);
  });

  it("passes gradcheck in float64 (input and target, weight and posWeight, every reduction)", () => {
    for (const reduction of ["none", "mean", "sum"] as const) {
      const x = randn([2, 3], { ...f64, generator: gen })
        .mul(3)
        .requiresGrad_(true);
      const y = randn([2, 3], { ...f64, generator: gen })
        .sigmoid()
        .detach()
        .requiresGrad_(true);
      const options = { weight: tensor([0.5, 2, 1], f64), posWeight: tensor([2, 0.5, 1], f64), reduction };
      expect(gradcheck((a, b) => binaryCrossEntropyWithLogits(a, b!, options), [x, y])).toBe(true);
    }
  });

  it("rejects mismatched shapes, as PyTorch", () => {
    expect(() => binaryCrossEntropyWithLogits(randn([3, 1]), randn([3]))).toThrow(
      "binary_cross_entropy_with_logits(): Target size ([3]) must be the same as input size ([3, 1])",
    );
    expect(() =>
      binaryCrossEntropyWithLogits(randn([2, 3]), randn([2, 3]), { posWeight: randn([2]) }),
    ).toThrow(
      "binary_cross_entropy_with_logits(): posWeight of shape [2] cannot be broadcast to the input's shape [2, 3]",
    );
    expect(() => binaryCrossEntropyWithLogits(randn([3]), randn([3]), { weight: randn([2, 3]) })).toThrow(
      "binary_cross_entropy_with_logits(): weight of shape [2, 3] cannot be broadcast to the input's shape [3]",
    );
  });

  it("BCEWithLogitsLoss registers weight and pos_weight buffers (PyTorch's state-dict names)", () => {
    const m = new BCEWithLogitsLoss({ weight: tensor([1, 2]).float(), posWeight: tensor([3, 3]).float() });
    expect([...m.stateDict().keys()]).toEqual(["weight", "pos_weight"]);
  });
});
