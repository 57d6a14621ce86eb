import { Generator, gradcheck, randn, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { crossEntropy } from "./cross-entropy.js";
import { NLLLoss, nllLoss } from "./nll.js";

const f64 = { dtype: "float64" } as const;
const gen = new Generator().manualSeed(5);

describe("nllLoss", () => {
  it("equals crossEntropy on log-softmax outputs (weights, ignored targets, every reduction)", () => {
    const x = randn([5, 4], { ...f64, generator: gen });
    const t = tensor([1, -100, 3, 0, 3]);
    const weight = tensor([0.5, 2, 1, 3], f64);
    for (const reduction of ["mean", "sum", "none"] as const) {
      const a = nllLoss(x.logSoftmax(1), t, { weight, reduction }).toTypedArray();
      const b = crossEntropy(x, t, { weight, reduction }).toTypedArray();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-14);
    }
  });

  it("2 samples with 1 ignored equal the 1 remaining; all ignored gives NaN with a zero gradient", () => {
    const x = randn([2, 3], { ...f64, generator: gen });
    const w = tensor([1, 2, 3], f64);
    expect(nllLoss(x, tensor([2, -100]), { weight: w }).item()).toBe(
      nllLoss(x.narrow(0, 0, 1), tensor([2]), { weight: w }).item(),
    );
    const p = x.clone().detach().requiresGrad_(true);
    const loss = nllLoss(p, tensor([-100, -100]));
    expect(Number.isNaN(loss.item())).toBe(true);
    loss.backward();
    expect(Array.from(p.grad!.toTypedArray())).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("passes gradcheck in float64 for (N, C), (C) and (N, C, d) inputs", () => {
    const w = tensor([0.5, 2, 1], f64);
    for (const reduction of ["mean", "sum", "none"] as const) {
      const x = randn([4, 3], { ...f64, generator: gen }).requiresGrad_(true);
      expect(
        gradcheck((p) => nllLoss(p, tensor([0, 2, 1, 1]), { weight: w, ignoreIndex: 1, reduction }), [x]),
      ).toBe(true);
      const x1 = randn([3], { ...f64, generator: gen }).requiresGrad_(true);
      expect(gradcheck((p) => nllLoss(p, tensor(2), { reduction }), [x1])).toBe(true);
      const x3 = randn([2, 3, 2], { ...f64, generator: gen }).requiresGrad_(true);
      expect(
        gradcheck(
          (p) =>
            nllLoss(
              p,
              tensor([
                [0, -100],
                [2, 1],
              ]),
              { weight: w, reduction },
            ),
          [x3],
        ),
      ).toBe(true);
    }
  });

  it("errors name the op, the bad target and the shapes", () => {
    const x = randn([3, 4]);
    expect(() => nllLoss(x, tensor([0, 1, 9]))).toThrow(
      "nll_loss(): Target 9 is out of bounds. (expected a class index in [0, 4) or ignore_index -100; found at target[2])",
    );
    expect(() => nllLoss(x, tensor([0, 1]))).toThrow(
      "nll_loss(): Expected input batch_size (3) to match target batch_size (2).",
    );
    expect(() => nllLoss(x, tensor([0, 1, 2]), { weight: tensor([1, 1]).float() })).toThrow(
      "nll_loss(): weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [2]",
    );
    expect(() => nllLoss(x, tensor([0, 1, 2]).float())).toThrow(
      "nll_loss(): expected a class-index target of dtype int32",
    );
    expect(() => nllLoss(x, tensor([0, 1, 2]), { reduction: "max" as never })).toThrow(
      "nll_loss(): max is not a valid value for reduction",
    );
  });

  it("NLLLoss registers weight as a buffer", () => {
    const m = new NLLLoss({ weight: tensor([1, 2]).float(), ignoreIndex: 0 });
    expect([...m.stateDict().keys()]).toEqual(["weight"]);
    expect(m.ignoreIndex).toBe(0);
  });
});
