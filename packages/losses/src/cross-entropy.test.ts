import { Generator, gradcheck, oneHot, randint, randn, type Tensor, tensor, where } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { CrossEntropyLoss, crossEntropy } from "./cross-entropy.js";

const f64 = { dtype: "float64" } as const;
const gen = new Generator().manualSeed(42);

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** −log p[n, c] for a (N, C) float64 tensor of logits, computed by hand (no fused op). */
function negLogProbs(x: Tensor): number[][] {
  return (x.logSoftmax(1).tolist() as number[][]).map((row) => row.map((v) => -v));
}

describe("crossEntropy: PyTorch's invariants (SEMANTICS.md)", () => {
  const x = randn([4, 5], { ...f64, generator: gen });
  const w = tensor([0.5, 2, 1, 0.25, 3], f64);
  const t = tensor([1, -100, 4, 0]);

  it("2 samples with 1 ignored equal the 1 remaining (PyTorch PR 69511)", () => {
    const two = x.narrow(0, 0, 2);
    const one = x.narrow(0, 0, 1);
    for (const opts of [{}, { weight: w }, { labelSmoothing: 0.2 }, { weight: w, labelSmoothing: 0.2 }]) {
      for (const reduction of ["mean", "sum"] as const) {
        const a = crossEntropy(two, tensor([1, -100]), { ...opts, reduction }).item();
        const b = crossEntropy(one, tensor([1]), { ...opts, reduction }).item();
        expect(rel(a, b), `${JSON.stringify(Object.keys(opts))} ${reduction}`).toBeLessThan(1e-14);
      }
    }
  });

  it("the smoothing term skips ignored rows and divides by the non-ignored count (PyTorch 73205)", () => {
    const beta = 0.3;
    const nlp = negLogProbs(x);
    const kept = [0, 2, 3];
    let nll = 0;
    let smooth = 0;
    for (const n of kept) {
      const y = t.tolist()[n] as number;
      nll += nlp[n]![y]!;
      smooth += nlp[n]!.reduce((a, v) => a + v, 0);
    }
    const byHand = ((1 - beta) * nll + (beta / 5) * smooth) / kept.length;
    expect(rel(crossEntropy(x, t, { labelSmoothing: beta }).item(), byHand)).toBeLessThan(1e-13);
    const none = crossEntropy(x, t, { labelSmoothing: beta, reduction: "none" }).tolist() as number[];
    expect(none[1]).toBe(0);
  });

  it("class weights weight the smoothing term, per class (PyTorch 104776)", () => {
    const beta = 0.3;
    const wv = w.tolist() as number[];
    const nlp = negLogProbs(x);
    let num = 0;
    let den = 0;
    let numUnweightedSmooth = 0;
    for (const n of [0, 2, 3]) {
      const y = t.tolist()[n] as number;
      const s = nlp[n]!.reduce((a, v, c) => a + wv[c]! * v, 0);
      const sPlain = nlp[n]!.reduce((a, v) => a + v, 0);
      num += (1 - beta) * wv[y]! * nlp[n]![y]! + (beta / 5) * s;
      numUnweightedSmooth += (1 - beta) * wv[y]! * nlp[n]![y]! + (beta / 5) * sPlain;
      den += wv[y]!;
    }
    const got = crossEntropy(x, t, { weight: w, labelSmoothing: beta }).item();
    expect(rel(got, num / den)).toBeLessThan(1e-13);
    expect(rel(got, numUnweightedSmooth / den)).toBeGreaterThan(1e-3);
  });

  it("reduction 'none' then the weighted mean by hand equals 'mean' (PyTorch 50528)", () => {
    for (const beta of [0, 0.25]) {
      const none = crossEntropy(x, t, {
        weight: w,
        labelSmoothing: beta,
        reduction: "none",
      }).tolist() as number[];
      const wv = w.tolist() as number[];
      const tv = t.tolist() as number[];
      let den = 0;
      for (const y of tv) if (y !== -100) den += wv[y]!;
      const byHand = none.reduce((a, v) => a + v, 0) / den;
      expect(rel(crossEntropy(x, t, { weight: w, labelSmoothing: beta }).item(), byHand)).toBeLessThan(1e-14);
    }
  });

  it("index targets and one-hot probability targets differ under weights with 'mean', agree otherwise", () => {
    const idx = tensor([1, 3, 4, 0]);
    const probs = oneHot(idx, 5).double();
    const a = crossEntropy(x, idx, { weight: w }).item();
    const b = crossEntropy(x, probs, { weight: w }).item();
    // 'mean' divides by Σ w_y for indices but by N for probabilities (PyTorch 107680).
    const sumW = 2 + 0.25 + 3 + 0.5;
    expect(rel(a * sumW, b * 4)).toBeLessThan(1e-13);
    expect(rel(a, b)).toBeGreaterThan(0.1);
    expect(
      rel(
        crossEntropy(x, idx, { weight: w, reduction: "sum" }).item(),
        crossEntropy(x, probs, { weight: w, reduction: "sum" }).item(),
      ),
    ).toBeLessThan(1e-13);
    expect(
      rel(
        crossEntropy(x, idx, { labelSmoothing: 0.1 }).item(),
        crossEntropy(x, probs, { labelSmoothing: 0.1 }).item(),
      ),
    ).toBeLessThan(1e-13);
  });

  it("an all-ignored batch gives NaN with 'mean' and an all-zero gradient; 0 with 'sum'", () => {
    for (const labelSmoothing of [0, 0.1]) {
      const p = x.detach().clone().requiresGrad_(true);
      const loss = crossEntropy(p, tensor([-100, -100, -100, -100]), { weight: w, labelSmoothing });
      expect(Number.isNaN(loss.item())).toBe(true);
      loss.backward();
      expect(Array.from(p.grad!.toTypedArray()).every((g) => g === 0)).toBe(true);
      expect(
        crossEntropy(p, tensor([-100, -100, -100, -100]), { labelSmoothing, reduction: "sum" }).item(),
      ).toBe(0);
    }
  });

  it("a custom ignoreIndex inside [0, C) ignores that class", () => {
    const a = crossEntropy(x, tensor([1, 2, 4, 2]), { ignoreIndex: 2, labelSmoothing: 0.1 }).item();
    const b = crossEntropy(x.indexSelect(0, tensor([0, 2])), tensor([1, 4]), { labelSmoothing: 0.1 }).item();
    expect(rel(a, b)).toBeLessThan(1e-14);
  });

  it("treats (N, C, d1, d2) like the (N·d1·d2, C) rows it holds", () => {
    const x4 = randn([2, 3, 2, 2], { ...f64, generator: gen });
    const t4 = randint(0, 3, [2, 2, 2], { generator: gen });
    const flat = x4.permute(0, 2, 3, 1).reshape(-1, 3);
    const w3 = tensor([1, 0.5, 2], f64);
    const a = crossEntropy(x4, t4, { weight: w3, labelSmoothing: 0.2 }).item();
    const b = crossEntropy(flat, t4.reshape(-1), { weight: w3, labelSmoothing: 0.2 }).item();
    expect(rel(a, b)).toBeLessThan(1e-13);
    expect(crossEntropy(x4, t4, { reduction: "none" }).shape).toEqual([2, 2, 2]);
  });

  it("reads non-contiguous inputs correctly", () => {
    const xt = randn([5, 4], { ...f64, generator: gen }).t(); // (4, 5) view
    const tt = tensor([0, 4, 2, 1]);
    expect(rel(crossEntropy(xt, tt).item(), crossEntropy(xt.contiguous(), tt).item())).toBeLessThan(1e-15);
  });
});

/** PyTorch's formula composed from core ops (no fused kernel): the fused op must equal it. */
function composedCE(x: Tensor, t: Tensor, w: Tensor, beta: number, ignoreIndex: number): Tensor {
  const C = x.shape[1]!;
  const logp = x.logSoftmax(1);
  const mask = t.ne(ignoreIndex);
  const safe = where(mask, t, 0);
  const keep = mask.double();
  const wy = w.indexSelect(0, safe).mul(keep);
  const nll = logp.gather(1, safe.unsqueeze(1)).squeeze(1).neg().mul(wy);
  const smooth = logp.mul(w).sum(1).neg().mul(keep);
  return nll
    .mul(1 - beta)
    .add(smooth.mul(beta / C))
    .sum()
    .div(wy.sum());
}

describe("crossEntropy: the fused op equals the composed formula", () => {
  it("values and gradients agree to 1e-12 (weights, ignored targets, smoothing)", () => {
    for (const beta of [0, 0.1, 0.6, 1]) {
      const x0 = randn([6, 5], { ...f64, generator: gen }).mul(3);
      const t = tensor([4, -100, 0, 2, 2, -100]);
      const w = randn([5], { ...f64, generator: gen })
        .abs()
        .add(0.1);
      const a = x0.clone().requiresGrad_(true);
      const b = x0.clone().requiresGrad_(true);
      const la = crossEntropy(a, t, { weight: w, labelSmoothing: beta });
      const lb = composedCE(b, t, w, beta, -100);
      expect(rel(la.item(), lb.item())).toBeLessThan(1e-12);
      la.backward();
      lb.backward();
      const ga = a.grad!.toTypedArray();
      const gb = b.grad!.toTypedArray();
      for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i]! - gb[i]!)).toBeLessThan(1e-12);
    }
  });
});

describe("crossEntropy: float64 gradcheck", () => {
  const w = tensor([0.5, 2, 1, 0.25], f64);
  it("class-index targets: weights, ignore_index, smoothing, every reduction, 1-D and K-dim input", () => {
    for (const reduction of ["mean", "sum", "none"] as const) {
      for (const opts of [{}, { weight: w, labelSmoothing: 0.2 }, { labelSmoothing: 0.4, ignoreIndex: 1 }]) {
        const ig = opts.ignoreIndex ?? -100;
        const x = randn([4, 4], { ...f64, generator: gen }).requiresGrad_(true);
        const t = tensor([0, ig, 3, 2]);
        expect(gradcheck((p) => crossEntropy(p, t, { ...opts, reduction }), [x])).toBe(true);
        const x4 = randn([2, 4, 3], { ...f64, generator: gen }).requiresGrad_(true);
        const t4 = tensor([
          [0, 3, ig],
          [2, 2, 1],
        ]);
        expect(gradcheck((p) => crossEntropy(p, t4, { ...opts, reduction }), [x4])).toBe(true);
      }
      const x1 = randn([4], { ...f64, generator: gen }).requiresGrad_(true);
      expect(gradcheck((p) => crossEntropy(p, tensor(2), { labelSmoothing: 0.1, reduction }), [x1])).toBe(
        true,
      );
    }
  });

  it("probability targets: gradients w.r.t. input and target", () => {
    for (const reduction of ["mean", "sum", "none"] as const) {
      const x = randn([3, 4], { ...f64, generator: gen }).requiresGrad_(true);
      const y = randn([3, 4], { ...f64, generator: gen })
        .softmax(1)
        .detach()
        .requiresGrad_(true);
      expect(
        gradcheck((p, q) => crossEntropy(p, q!, { weight: w, labelSmoothing: 0.3, reduction }), [x, y]),
      ).toBe(true);
      const x4 = randn([2, 4, 2], { ...f64, generator: gen }).requiresGrad_(true);
      const y4 = randn([2, 4, 2], { ...f64, generator: gen })
        .softmax(1)
        .detach()
        .requiresGrad_(true);
      expect(gradcheck((p, q) => crossEntropy(p, q!, { reduction }), [x4, y4])).toBe(true);
    }
  });
});

describe("crossEntropy: errors", () => {
  const x = randn([3, 4]);
  it("out-of-range targets: PyTorch's 'Target 3 is out of bounds.' (negative ones never wrap)", () => {
    expect(() => crossEntropy(randn([2, 3]), tensor([0, 3]))).toThrow(
      "cross_entropy(): Target 3 is out of bounds. (expected a class index in [0, 3) or ignore_index -100; found at target[1])",
    );
    expect(() => crossEntropy(x, tensor([0, -1, 2]))).toThrow("cross_entropy(): Target -1 is out of bounds.");
    expect(() => crossEntropy(x, tensor([0, -100, 2]), { ignoreIndex: 1 })).toThrow(
      "Target -100 is out of bounds.",
    );
  });

  it("probability targets with a non-negative ignoreIndex, as PyTorch", () => {
    const y = randn([3, 4]).softmax(1);
    expect(() => crossEntropy(x, y, { ignoreIndex: 0 })).toThrow(
      "cross_entropy(): ignore_index is not supported for floating point target (got 0)",
    );
    expect(crossEntropy(x, y, { ignoreIndex: -5 }).item()).toBeCloseTo(crossEntropy(x, y).item(), 6);
  });

  it("label smoothing outside [0, 1]", () => {
    expect(() => crossEntropy(x, tensor([0, 1, 2]), { labelSmoothing: 1.5 })).toThrow(
      "cross_entropy(): label_smoothing must be between 0.0 and 1.0. Got: 1.5",
    );
    expect(() => crossEntropy(x, tensor([0, 1, 2]), { labelSmoothing: -0.1 })).toThrow("Got: -0.1");
  });

  it("weights of the wrong size or dtype", () => {
    expect(() => crossEntropy(x, tensor([0, 1, 2]), { weight: tensor([1, 1, 1]).float() })).toThrow(
      "cross_entropy(): weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]",
    );
    expect(() => crossEntropy(x, tensor([0, 1, 2]), { weight: tensor([1, 1, 1, 1], f64) })).toThrow(
      "cross_entropy(): expected weight to have the input's dtype float32, but got float64",
    );
  });

  it("targets of the wrong shape or dtype", () => {
    expect(() => crossEntropy(x, tensor([0, 1]))).toThrow(
      "cross_entropy(): Expected input batch_size (3) to match target batch_size (2).",
    );
    expect(() =>
      crossEntropy(
        randn([2, 4, 5]),
        tensor([
          [0, 1, 1, 1],
          [0, 0, 0, 0],
        ]),
      ),
    ).toThrow(
      "cross_entropy(): Expected target size [2, 5], got [2, 4] (input shape [2, 4, 5], class dim 1)",
    );
    expect(() => crossEntropy(x, randn([3, 5]))).toThrow(
      "cross_entropy(): a floating point target holds class probabilities and must have the input's shape [3, 4], but got [3, 5] (class-index targets must be int32)",
    );
    expect(() => crossEntropy(x, tensor([true, false, true]))).toThrow(
      "cross_entropy(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got bool with shape [3]",
    );
  });

  it("bad input and reduction", () => {
    expect(() => crossEntropy(randn([]), tensor(0))).toThrow(
      "cross_entropy(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor",
    );
    expect(() => crossEntropy(tensor([[1, 2]]), tensor([0]))).toThrow(
      "cross_entropy(): expected 'input' to be a floating point tensor, but got dtype int32",
    );
    expect(() => crossEntropy(x, tensor([0, 1, 2]), { reduction: "avg" as never })).toThrow(
      "cross_entropy(): avg is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
    );
    expect(() => new CrossEntropyLoss({ reduction: "avg" as never })).toThrow(
      "CrossEntropyLoss(): avg is not a valid",
    );
  });
});

describe("CrossEntropyLoss module", () => {
  it("registers weight as a buffer (in stateDict, converted by double()), as _WeightedLoss does", () => {
    const loss = new CrossEntropyLoss({ weight: tensor([1, 2, 3]).float(), labelSmoothing: 0.1 });
    expect([...loss.stateDict().keys()]).toEqual(["weight"]);
    loss.double();
    expect(loss.weight!.dtype).toBe("float64");
    const x = randn([2, 3], f64);
    expect(loss.call(x, tensor([0, 2])).item()).toBe(
      crossEntropy(x, tensor([0, 2]), { weight: tensor([1, 2, 3], f64), labelSmoothing: 0.1 }).item(),
    );
    expect([...new CrossEntropyLoss().stateDict().keys()]).toEqual([]);
  });
});
