import { Generator, gradcheck, ones, randint, randn, type Tensor, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { POST_LOG_SOFTMAX } from "@tsgrad/testing";
import { crossEntropy } from "./cross-entropy.js";
import { LabelSmoothingLoss, labelSmoothingLoss, labelSmoothingLossReference } from "./label-smoothing.js";

const f64 = { dtype: "float64" } as const;

function maxRelDiff(a: Tensor, b: Tensor): number {
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let m = 0;
  for (let i = 0; i < x.length; i++)
    m = Math.max(m, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1e-300));
  return m;
}

function valueAndGrad(fn: (x: Tensor) => Tensor, x0: Tensor): [number, Tensor] {
  const x = x0.detach().clone().requiresGrad_(true);
  const loss = fn(x);
  loss.backward();
  return [loss.item(), x.grad!];
}

// The blog post's example: n = 5, K = 3.
const postPred = tensor([
  [0.1796, -0.044, 0.4484],
  [-0.2746, 0.1361, 0.3606],
  [-0.1053, 0.0179, 0.4667],
  [-0.0686, -0.2447, 0.4115],
  [-0.0467, 0.3776, 0.0937],
]);
const postTarget = tensor([0, 1, 2, 1, 0]);

describe("LabelSmoothingLoss: the seed's class", () => {
  it("keeps the seed's constructor, defaults and fields", () => {
    const l = new LabelSmoothingLoss(3, 0.01);
    expect(l.confidence).toBe(0.99);
    expect(l.smoothing).toBe(0.01);
    expect(l.cls).toBe(3);
    expect(l.dim).toBe(-1);
    expect(l.weight.dtype).toBe("float32");
    expect(Array.from(l.weight.toTypedArray())).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    const d = new LabelSmoothingLoss(4);
    expect(d.smoothing).toBe(0);
    expect(d.confidence).toBe(1);
  });

  it("keeps weight a plain attribute, as the seed does (not in stateDict, not a buffer)", () => {
    const l = new LabelSmoothingLoss(3, 0.1, -1, ones([3]));
    expect([...l.stateDict().keys()]).toEqual([]);
    expect([...l.buffers()]).toEqual([]);
    expect(l.toString()).toBe("LabelSmoothingLoss()");
  });

  it("reproduces the post's intermediate values (log_softmax; true_dist 0.0050 off-target, not the post's 0.5000)", () => {
    // The post prints pred rounded to 4 decimals, so its log_softmax agrees to ~1e-4, not digit for digit.
    const printed = POST_LOG_SOFTMAX;
    const logp = postPred.logSoftmax(-1);
    const got = logp.tolist() as number[][];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 3; j++) expect(Math.abs(got[i]![j]! - printed[i]![j]!)).toBeLessThan(1.5e-4);
    const trueDist = logp
      .detach()
      .mul(0)
      .add(0.01 / 2)
      .scatter(1, postTarget.unsqueeze(1), 0.99);
    expect(trueDist.select(0, 0).toString()).toBe("tensor([0.9900, 0.0050, 0.0050])");
  });

  it("default weight ones(K)/K: the default loss is the textbook loss divided by K", () => {
    for (const K of [2, 3, 7]) {
      const pred = randn([6, K], { ...f64, generator: new Generator().manualSeed(K) });
      const target = randint(0, K, [6], { generator: new Generator().manualSeed(K + 1) });
      const scaled = new LabelSmoothingLoss(K, 0.2).call(pred, target).item();
      const unscaled = new LabelSmoothingLoss(K, 0.2, -1, ones([K], f64)).call(pred, target).item();
      // The default weight is float32(1/K), as in the seed: K·fround(1/K) is 1 to float32 precision.
      expect(scaled * K).toBeCloseTo(unscaled * K * Math.fround(1 / K), 12);
      expect(Math.abs(scaled * K - unscaled) / unscaled).toBeLessThan(1e-7);
    }
  });

  it("equals CrossEntropyLoss with labelSmoothing α·K/(K − 1) when weight = ones (values and gradients)", () => {
    const gen = new Generator().manualSeed(7);
    for (const [K, alpha] of [
      [2, 0.3],
      [3, 0.01],
      [5, 0.5],
      [10, 0.85],
    ] as const) {
      const x = randn([8, K], { ...f64, generator: gen });
      const t = randint(0, K, [8], { generator: gen });
      const [a, ga] = valueAndGrad((p) => new LabelSmoothingLoss(K, alpha, -1, ones([K], f64)).call(p, t), x);
      const beta = (alpha * K) / (K - 1);
      const [b, gb] = valueAndGrad((p) => crossEntropy(p, t, { labelSmoothing: beta }), x);
      expect(Math.abs(a - b) / b).toBeLessThan(1e-12);
      expect(maxRelDiff(ga, gb)).toBeLessThan(1e-9);
    }
  });

  it("fast path and reference agree to 1e-12 in float64, values and gradients, over random shapes", () => {
    const gen = new Generator().manualSeed(2024);
    for (let trial = 0; trial < 25; trial++) {
      const ndim = 1 + (trial % 4);
      const shape = Array.from({ length: ndim }, () => 1 + Math.floor(gen.random() * 4));
      const dim = Math.floor(gen.random() * ndim) - (trial % 2 === 0 ? ndim : 0);
      const d = dim < 0 ? dim + ndim : dim;
      const K = Math.max(2, shape[d]!);
      shape[d] = K;
      const smoothing = [0, 0.1, 0.5, 0.9, 1][trial % 5]!;
      const weight =
        trial % 3 === 0
          ? null
          : randn([K], { ...f64, generator: gen })
              .abs()
              .add(0.1);
      const pred = randn(shape, { ...f64, generator: gen }).mul(trial % 7 === 0 ? 300 : 2);
      const target = randint(
        0,
        K,
        shape.filter((_, i) => i !== d),
        { generator: gen },
      );
      const opts = { smoothing, dim, weight };
      const [a, ga] = valueAndGrad((p) => labelSmoothingLoss(p, target, opts), pred);
      const [b, gb] = valueAndGrad((p) => labelSmoothingLossReference(p, target, opts), pred);
      expect(Math.abs(a - b), `trial ${trial} shape [${shape}] dim ${dim}`).toBeLessThanOrEqual(
        1e-12 * Math.abs(b),
      );
      const gx = ga.toTypedArray();
      const gy = gb.toTypedArray();
      // Gradient entries are O(1/positions); saturated softmaxes can make all of them far smaller.
      let scale = K / pred.numel(); // 1 / positions
      for (const v of gy) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < gx.length; i++) {
        expect(Math.abs(gx[i]! - gy[i]!), `trial ${trial} grad[${i}]`).toBeLessThanOrEqual(1e-12 * scale);
      }
    }
  });

  it("smooths and weights along the class dim for (N, C, d) input with dim 1 (the seed weights the last dim)", () => {
    const gen = new Generator().manualSeed(3);
    const pred = randn([2, 3, 3], { ...f64, generator: gen });
    const target = randint(0, 3, [2, 3], { generator: gen });
    const weight = tensor([0.2, 1, 3], f64);
    const ours = new LabelSmoothingLoss(3, 0.2, 1, weight).call(pred, target).item();
    // The same positions as a 2-D problem, classes last: the definition of the right answer.
    const flat = pred.permute(0, 2, 1).reshape(-1, 3);
    const right = new LabelSmoothingLoss(3, 0.2, -1, weight).call(flat, target.reshape(-1)).item();
    expect(Math.abs(ours - right)).toBeLessThan(1e-14);
    // The seed's broadcast: weight along the LAST dim (here it is the d dim), class dim 1.
    const logp = pred.logSoftmax(1);
    const q = logp.detach().mul(0).add(0.1).scatter(1, target.unsqueeze(1), 0.8);
    const seedWay = q.neg().mul(logp).mul(weight).sum(1).mean().item();
    expect(Math.abs(ours - seedWay)).toBeGreaterThan(1e-3);
  });

  it("passes gradcheck in float64 (2-D, 3-D with dim 1, custom weights, smoothing 0 and 1)", () => {
    const gen = new Generator().manualSeed(11);
    const w = tensor([0.5, 2, 1, 0.25], f64);
    const cases: [number[], number, number, Tensor | null][] = [
      [[4, 4], -1, 0.1, null],
      [[3, 4, 2], 1, 0.3, w],
      [[4, 4], 1, 0, w],
      [[2, 4], -1, 1, null],
    ];
    for (const [shape, dim, smoothing, weight] of cases) {
      const d = dim < 0 ? dim + shape.length : dim;
      const x = randn(shape, { ...f64, generator: gen }).requiresGrad_(true);
      const t = randint(
        0,
        4,
        shape.filter((_, i) => i !== d),
        { generator: gen },
      );
      expect(gradcheck((p) => labelSmoothingLoss(p, t, { smoothing, dim, weight }), [x])).toBe(true);
      expect(gradcheck((p) => labelSmoothingLossReference(p, t, { smoothing, dim, weight }), [x])).toBe(true);
    }
  });

  it("stays finite for logits of ±1e4", () => {
    const pred = tensor(
      [
        [1e4, -1e4, 0],
        [-1e4, 1e4, 5e3],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    const loss = new LabelSmoothingLoss(3, 0.1).call(pred, tensor([0, 2]));
    loss.backward();
    expect(Number.isFinite(loss.item())).toBe(true);
    for (const g of pred.grad!.toTypedArray()) expect(Number.isFinite(g)).toBe(true);
  });
});

describe("LabelSmoothingLoss: errors where the seed crashed or was silently wrong", () => {
  const pred = randn([2, 3]);
  it("rejects classes < 2 and non-integers at construction", () => {
    expect(() => new LabelSmoothingLoss(1)).toThrow(
      "LabelSmoothingLoss(): classes must be an integer >= 2 (the off-target value is smoothing / (classes - 1)), but got 1",
    );
    expect(() => new LabelSmoothingLoss(0, 0.1)).toThrow("classes must be an integer >= 2");
    expect(() => new LabelSmoothingLoss(2.5)).toThrow("but got 2.5");
  });

  it("rejects smoothing outside [0, 1] or not finite", () => {
    for (const s of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new LabelSmoothingLoss(3, s)).toThrow(
        `LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got ${s}`,
      );
    }
    expect(() => labelSmoothingLoss(pred, tensor([0, 1]), { smoothing: 2 })).toThrow("but got 2");
  });

  it("rejects a weight of the wrong length, naming both lengths, or of an integer dtype", () => {
    expect(() => new LabelSmoothingLoss(3, 0.1, -1, ones([4]))).toThrow(
      "LabelSmoothingLoss(): weight must be 1-D with classes = 3 entries, but it has 4 entries",
    );
    expect(() => new LabelSmoothingLoss(3, 0.1, -1, ones([3, 1]))).toThrow("but it has shape [3, 1]");
    expect(() => new LabelSmoothingLoss(3, 0.1, -1, tensor([1, 1, 1]))).toThrow(
      "LabelSmoothingLoss(): weight must be a floating point tensor, but got dtype int32",
    );
  });

  it("checks the target's dtype, range (value and position) and shape", () => {
    const l = new LabelSmoothingLoss(3, 0.1);
    expect(() => l.call(pred, tensor([0, 1]).float())).toThrow(
      "LabelSmoothingLoss(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got float32 with shape [2]",
    );
    expect(() => l.call(pred, tensor([0, 3]))).toThrow(
      "LabelSmoothingLoss(): Target 3 is out of bounds. (expected a class index in [0, 3); found at target[1])",
    );
    expect(() => l.call(pred, tensor([-1, 0]))).toThrow("Target -1 is out of bounds.");
    expect(() => l.call(pred, tensor([0, 1, 2]))).toThrow(
      "LabelSmoothingLoss(): Expected input batch_size (2) to match target batch_size (3).",
    );
    expect(() => new LabelSmoothingLoss(3, 0.1, 1).call(randn([2, 3, 4]), tensor([0, 1]))).toThrow(
      "LabelSmoothingLoss(): Expected target size [2, 4], got [2] (input shape [2, 3, 4], class dim 1)",
    );
    expect(() =>
      new LabelSmoothingLoss(3, 0.1, 1).call(
        randn([2, 3, 2]),
        tensor([
          [0, 1],
          [2, 5],
        ]),
      ),
    ).toThrow("Target 5 is out of bounds. (expected a class index in [0, 3); found at target[1, 1])");
  });

  it("rejects a pred whose class dim is not `classes`", () => {
    expect(() => new LabelSmoothingLoss(4, 0.1).call(pred, tensor([0, 1]))).toThrow(
      "LabelSmoothingLoss(): pred has 3 classes along dim 1 (shape [2, 3]), but the loss is for classes = 4",
    );
    expect(() => new LabelSmoothingLoss(3, 0.1, 2).call(pred, tensor([0, 1]))).toThrow(
      "LabelSmoothingLoss(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    expect(() => new LabelSmoothingLoss(3, 0.1).call(tensor([0, 1, 2]), tensor([0]))).toThrow(
      "LabelSmoothingLoss(): expected 'pred' to be a floating point tensor, but got dtype int32",
    );
  });
});
