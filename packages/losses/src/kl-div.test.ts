import { Generator, gradcheck, randn, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { KLDivLoss, klDiv } from "./kl-div.js";

const f64 = { dtype: "float64" } as const;
const gen = new Generator().manualSeed(9);

describe("klDiv", () => {
  it("'batchmean' is the KL divergence Σ p log(p/q) / N; 'mean' also divides by C", () => {
    const logq = randn([3, 4], { ...f64, generator: gen }).logSoftmax(1);
    const p = randn([3, 4], { ...f64, generator: gen }).softmax(1);
    const pv = p.tolist() as number[][];
    const qv = logq.tolist() as number[][];
    let kl = 0;
    for (let n = 0; n < 3; n++)
      for (let c = 0; c < 4; c++) kl += pv[n]![c]! * (Math.log(pv[n]![c]!) - qv[n]![c]!);
    expect(klDiv(logq, p, { reduction: "batchmean" }).item()).toBeCloseTo(kl / 3, 14);
    expect(klDiv(logq, p).item()).toBeCloseTo(kl / 12, 14);
    expect(klDiv(logq, p.log(), { reduction: "sum", logTarget: true }).item()).toBeCloseTo(kl, 13);
  });

  it("a zero target contributes 0 (xlogy), not NaN, and the input's gradient stays finite", () => {
    const x = tensor([-1, -2], { ...f64, requiresGrad: true });
    const loss = klDiv(x, tensor([0, 0.5], f64), { reduction: "none" });
    expect(loss.tolist()).toEqual([0, 0.5 * (Math.log(0.5) + 2)]);
    loss.sum().backward();
    expect(x.grad!.tolist()).toEqual([-0, -0.5]);
  });

  it("passes gradcheck in float64 (input and target, both target conventions, every reduction)", () => {
    for (const reduction of ["none", "mean", "sum", "batchmean"] as const) {
      for (const logTarget of [false, true]) {
        const x = randn([2, 3], { ...f64, generator: gen })
          .logSoftmax(1)
          .detach()
          .requiresGrad_(true);
        const p = randn([2, 3], { ...f64, generator: gen }).softmax(1);
        const y = (logTarget ? p.log() : p).detach().requiresGrad_(true);
        expect(gradcheck((a, b) => klDiv(a, b!, { reduction, logTarget }), [x, y])).toBe(true);
      }
    }
  });

  it("rejects an unknown reduction and integer inputs", () => {
    expect(() => klDiv(randn([2]), randn([2]), { reduction: "avg" as never })).toThrow(
      "kl_div(): avg is not a valid value for reduction (expected 'none', 'mean', 'sum' or 'batchmean')",
    );
    expect(() => new KLDivLoss({ reduction: "avg" as never })).toThrow(
      "KLDivLoss(): avg is not a valid value",
    );
    expect(() => klDiv(randn([2]), tensor([0, 1]))).toThrow(
      "kl_div(): expected 'target' to be a floating point tensor, but got dtype int32",
    );
  });
});
