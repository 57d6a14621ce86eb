import { Generator, gradcheck, randn, tensor } from "@tsgrad/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HuberLoss, huberLoss, l1Loss, MSELoss, mseLoss, SmoothL1Loss, smoothL1Loss } from "./regression.js";

const f64 = { dtype: "float64" } as const;
const gen = new Generator().manualSeed(13);

describe("regression losses", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("compute the docs' examples", () => {
    expect(mseLoss(tensor([1.5, 2]), tensor([1, 2]).float()).item()).toBe(0.125);
    expect(l1Loss(tensor([1.5, 2]), tensor([1, 2]).float()).item()).toBe(0.25);
    expect(huberLoss(tensor([0, 3]).float(), tensor([0.5, 0]), { delta: 1 }).item()).toBe(1.3125);
    expect(smoothL1Loss(tensor([0, 3]).float(), tensor([0.5, 0])).item()).toBe(1.3125);
  });

  it("Huber with δ equals δ·SmoothL1 with β = δ; SmoothL1 with β = 0 is L1", () => {
    const x = randn([10], { ...f64, generator: gen }).mul(2);
    const y = randn([10], { ...f64, generator: gen });
    for (const d of [0.3, 1, 2.5]) {
      const a = huberLoss(x, y, { delta: d, reduction: "sum" }).item();
      const b = smoothL1Loss(x, y, { beta: d, reduction: "sum" }).item() * d;
      expect(Math.abs(a - b)).toBeLessThan(1e-12);
    }
    expect(smoothL1Loss(x, y, { beta: 0 }).item()).toBe(l1Loss(x, y).item());
  });

  it("pass gradcheck in float64 (input and target, every reduction)", () => {
    for (const reduction of ["none", "mean", "sum"] as const) {
      const x = randn([3, 4], { ...f64, generator: gen })
        .mul(2)
        .requiresGrad_(true);
      const y = randn([3, 4], { ...f64, generator: gen }).requiresGrad_(true);
      expect(gradcheck((a, b) => mseLoss(a, b!, { reduction }), [x, y])).toBe(true);
      expect(gradcheck((a, b) => l1Loss(a, b!, { reduction }), [x, y])).toBe(true);
      expect(gradcheck((a, b) => huberLoss(a, b!, { reduction, delta: 0.7 }), [x, y])).toBe(true);
      expect(gradcheck((a, b) => smoothL1Loss(a, b!, { reduction, beta: 0.7 }), [x, y])).toBe(true);
      expect(gradcheck((a, b) => smoothL1Loss(a, b!, { reduction, beta: 0 }), [x, y])).toBe(true);
    }
  });

  it("give the L1 gradient 0 where input equals target, as PyTorch", () => {
    const x = tensor([1, 2], { ...f64, requiresGrad: true });
    l1Loss(x, tensor([1, 3], f64), { reduction: "sum" }).backward();
    expect(x.grad!.tolist()).toEqual([0, -1]);
  });

  it("warn, as PyTorch does, when target and input shapes differ (and broadcast)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const out = mseLoss(randn([3, 1]), randn([3]), { reduction: "none" });
    expect(out.shape).toEqual([3, 3]);
    expect(warn).toHaveBeenCalledWith(
      "mse_loss(): Using a target size ([3]) that is different to the input size ([3, 1]). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  });

  it("reject bad delta, beta and reduction", () => {
    expect(() => huberLoss(randn([2]), randn([2]), { delta: 0 })).toThrow(
      "huber_loss(): huber_loss does not support non-positive values for delta. Got: 0",
    );
    expect(() => smoothL1Loss(randn([2]), randn([2]), { beta: -1 })).toThrow(
      "smooth_l1_loss(): smooth_l1_loss does not support negative values for beta. Got: -1",
    );
    expect(() => new MSELoss({ reduction: "avg" as never })).toThrow(
      "MSELoss(): avg is not a valid value for reduction",
    );
    expect(() => mseLoss(randn([2]), tensor([1, 2]))).toThrow(
      "mse_loss(): expected 'target' to be a floating point tensor, but got dtype int32",
    );
  });

  it("modules hold their options", () => {
    expect(new HuberLoss({ delta: 2 }).delta).toBe(2);
    expect(new SmoothL1Loss({ beta: 0.5, reduction: "sum" }).reduction).toBe("sum");
  });
});
