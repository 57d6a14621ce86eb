import { Generator, manualSeed, ones, type Tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import {
  calculateFanInAndFanOut,
  calculateGain,
  constant_,
  dirac_,
  eye_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  orthogonal_,
  truncNormal_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from "./init.js";
import { Parameter } from "./module.js";

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = Array.from(t.toTypedArray());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const x of v) [min, max] = [Math.min(min, x), Math.max(max, x)]; // no spread: 1e5+ samples
  return { min, max, mean, std };
}

describe("calculateGain and fans", () => {
  it("gives PyTorch's values", () => {
    // printed by torch.nn.init.calculate_gain in PyTorch 1.13
    expect(calculateGain("leaky_relu", 0.2)).toBe(1.3867504905630728);
    expect(calculateGain("tanh")).toBe(1.6666666666666667);
    expect(calculateGain("relu")).toBe(Math.SQRT2); // 1.4142135623730951
    expect(calculateGain("selu")).toBe(0.75);
    expect(calculateGain("leaky_relu")).toBe(1.4141428569978354);
    expect(calculateGain("sigmoid")).toBe(1);
    expect(calculateGain("conv2d")).toBe(1);
    expect(() => calculateGain("foo" as "relu")).toThrow("Unsupported nonlinearity foo");
  });
  it("computes fans with the receptive field", () => {
    expect(calculateFanInAndFanOut(zeros([4, 3, 5, 2]))).toEqual([30, 40]);
    expect(() => calculateFanInAndFanOut(zeros([3]))).toThrow(
      "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
    );
  });
});

describe("init functions", () => {
  const big = () => new Parameter(zeros([200, 100]));

  it("work in place on parameters that require grad, without recording a graph", () => {
    const p = big();
    expect(uniform_(p, -2, 3)).toBe(p);
    expect(p.gradFn).toBeNull();
    expect(p.requiresGrad).toBe(true);
    const s = stats(p);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(3);
    expect(s.mean).toBeCloseTo(0.5, 1);
  });

  it("normal_, constant_, zeros_, ones_", () => {
    const p = big();
    const s = stats(normal_(p, 1, 2));
    expect(Math.abs(s.mean - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.std - 2)).toBeLessThan(0.05);
    expect(constant_(p, 0.5).tolist()[3][4]).toBe(0.5);
    expect(stats(zeros_(p)).max).toBe(0);
    expect(stats(ones_(p)).min).toBe(1);
  });

  it("uniform_ and normal_ take PyTorch's keywords ({ a, b }, { mean, std }) as one options object", () => {
    const g = (): Generator => new Generator(5);
    const z = (): Tensor => zeros([4, 5]);
    expect(uniform_(z(), { a: -0.1, b: 0.1, generator: g() }).tolist()).toEqual(
      uniform_(z(), -0.1, 0.1, g()).tolist(),
    );
    expect(normal_(z(), { std: 0.02, generator: g() }).tolist()).toEqual(normal_(z(), 0, 0.02, g()).tolist());
    expect(stats(normal_(z(), { mean: 3, std: 0 })).min).toBe(3);
    // PyTorch's init.uniform_ says a and b, where Tensor.uniform_ says from and to.
    expect(() => uniform_(z(), { from: 0, to: 1 } as never)).toThrow(
      "uniform_(): got an unexpected option 'from' (valid options: a, b, generator)",
    );
    expect(() => normal_(z(), "0" as never)).toThrow(
      "normal_(): argument 'mean' must be a number, but got a string (\"0\")",
    );
  });

  it("xavier bounds and std follow the Glorot formulas", () => {
    const p = big(); // fan_in 100, fan_out 200
    const a = 2 * Math.sqrt(6 / 300);
    const s = stats(xavierUniform_(p, { gain: 2 }));
    expect(s.max).toBeLessThanOrEqual(a);
    expect(s.min).toBeGreaterThanOrEqual(-a);
    expect(s.max).toBeGreaterThan(0.99 * a);
    const n = stats(xavierNormal_(p));
    expect(Math.abs(n.std / Math.sqrt(2 / 300) - 1)).toBeLessThan(0.03);
  });

  it("kaiming follows the He formulas (a, mode, nonlinearity)", () => {
    const p = big(); // fan_in 100, fan_out 200
    const bound = Math.sqrt(3) * (Math.sqrt(2) / Math.sqrt(100));
    const s = stats(kaimingUniform_(p));
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.99 * bound);
    // a = √5 gives Linear's bound 1/√fan_in
    expect(stats(kaimingUniform_(p, { a: Math.sqrt(5) })).max).toBeLessThanOrEqual(0.1);
    const n = stats(kaimingNormal_(p, { mode: "fan_out", nonlinearity: "tanh" }));
    expect(Math.abs(n.std / (5 / 3 / Math.sqrt(200)) - 1)).toBeLessThan(0.03);
    expect(() => kaimingUniform_(p, { mode: "fan_avg" as "fan_in" })).toThrow(
      "Mode fan_avg not supported, please use one of fan_in, fan_out",
    );
    // a zero-size tensor is left alone, as in PyTorch
    expect(kaimingUniform_(zeros([0, 3])).shape).toEqual([0, 3]);
  });

  it("is repeatable with a seed or a generator", () => {
    manualSeed(5);
    const a = uniform_(ones([5])).tolist();
    manualSeed(5);
    expect(uniform_(ones([5])).tolist()).toEqual(a);
    const g = kaimingNormal_(ones([3, 3]), { generator: new Generator(1) }).tolist();
    expect(kaimingNormal_(ones([3, 3]), { generator: new Generator(1) }).tolist()).toEqual(g);
  });
});

describe("eye_, dirac_, truncNormal_, orthogonal_ (PyTorch's nn.init)", () => {
  it("eye_ and dirac_ give PyTorch's tensors exactly, and its errors", () => {
    expect(eye_(zeros([2, 3])).tolist()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    // PyTorch: w = torch.zeros(4, 2, 3); nn.init.dirac_(w, groups=2); w.flatten().tolist()
    expect(
      dirac_(zeros([4, 2, 3]), 2)
        .reshape([-1])
        .tolist(),
    ).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    // torch.zeros(2, 3, 3, 3) after dirac_: nonzero() is [[0, 0, 1, 1], [1, 1, 1, 1]]
    expect(
      dirac_(zeros([2, 3, 3, 3]))
        .nonzero()
        .tolist(),
    ).toEqual([
      [0, 0, 1, 1],
      [1, 1, 1, 1],
    ]);
    expect(() => eye_(zeros([3]))).toThrow("eye_(): Only tensors with 2 dimensions are supported");
    expect(() => dirac_(zeros([3, 3]))).toThrow(
      "dirac_(): Only tensors with 3, 4, or 5 dimensions are supported",
    );
    expect(() => dirac_(zeros([3, 3, 3]), 2)).toThrow("dirac_(): dim 0 must be divisible by groups");
    const p = new Parameter(zeros([2, 2]));
    expect(eye_(p).requiresGrad && p.isLeaf).toBe(true);
  });
  it("truncNormal_ stays in [a, b] with the truncated normal's moments (PyTorch, 1e6 samples: std 0.8792)", () => {
    manualSeed(3);
    const s = stats(truncNormal_(zeros([200000], { dtype: "float64" })));
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThanOrEqual(2);
    expect(Math.abs(s.mean)).toBeLessThan(0.01);
    // The truncated N(0, 1) on [-2, 2] has std √(1 − 4φ(2) / (2Φ(2) − 1)) = 0.87962
    expect(Math.abs(s.std - 0.87962)).toBeLessThan(0.005);
    // PyTorch: trunc_normal_(w, mean=1, std=0.5, a=0.5, b=3) has mean 1.1434, std 0.3966
    const k = stats(truncNormal_(zeros([200000], { dtype: "float64" }), { mean: 1, std: 0.5, a: 0.5, b: 3 }));
    expect([k.min >= 0.5, k.max <= 3]).toEqual([true, true]);
    expect(Math.abs(k.mean - 1.1434)).toBeLessThan(0.005);
    expect(Math.abs(k.std - 0.3966)).toBeLessThan(0.005);
    const g1 = truncNormal_(zeros([5]), 0, 1, -2, 2, new Generator().manualSeed(7));
    const g2 = truncNormal_(zeros([5]), { generator: new Generator().manualSeed(7) });
    expect(g1.tolist()).toEqual(g2.tolist());
    expect(() => truncNormal_(zeros([2]), { std: 0 })).toThrow("truncNormal_(): needs std > 0 and a < b");
  });
  it("orthogonal_ gives orthonormal rows or columns, times gain, for tall, wide and conv shapes", () => {
    manualSeed(5);
    for (const [shape, gain] of [
      [[5, 3], 1],
      [[3, 5], 2],
      [[4, 2, 3], 1],
    ] as const) {
      const w = orthogonal_(zeros(shape.slice(), { dtype: "float64" }), { gain }).reshape([shape[0], -1]);
      const [r, c] = w.shape as [number, number];
      const gram = r < c ? w.matmul(w.t()) : w.t().matmul(w);
      const target = eye_(zeros([Math.min(r, c), Math.min(r, c)], { dtype: "float64" })).mul(gain * gain);
      expect(gram.sub(target).abs().max().item()).toBeLessThan(1e-12);
    }
    expect(() => orthogonal_(zeros([3]))).toThrow(
      "orthogonal_(): Only tensors with 2 or more dimensions are supported",
    );
    expect(orthogonal_(zeros([0, 3])).shape).toEqual([0, 3]);
  });
});
