/**
 * The random ops of issue 13. tsgrad's streams differ from PyTorch's, so these tests check the
 * distributions: seeded, with bounds of 5 standard errors (each check fails by chance with
 * probability below 1e-6, and the seeds fix the outcome), and the exact properties (ranges,
 * distinct draws without replacement, zero weights never drawn with replacement).
 */
import { describe, expect, it } from "vitest";
import {
  bernoulli,
  Generator,
  manualSeed,
  multinomial,
  normal,
  ones,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";

const N = 20000;
const f32 = { dtype: "float32" } as const;
/** `|freq − p| ≤ 5·sqrt(p(1 − p)/n)`. */
function expectFrequency(count: number, n: number, p: number): void {
  expect(Math.abs(count / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}
const values = (t: Tensor): number[] => Array.from(t.toTypedArray());
const countOf = (xs: number[], v: number): number => xs.filter((x) => x === v).length;
function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))];
}

describe("random_", () => {
  it("random_(1, 7) on int32: dice, each face with probability 1/6", () => {
    manualSeed(13);
    const xs = values(zeros([N], { dtype: "int32" }).random_(1, 7));
    for (const x of xs) expect(x >= 1 && x <= 6 && Number.isInteger(x)).toBe(true);
    for (let f = 1; f <= 6; f++) expectFrequency(countOf(xs, f), N, 1 / 6);
  });
  it("random_(to) is [0, to); no bounds is [0, 2^24] for float32", () => {
    manualSeed(14);
    const xs = values(zeros([N]).random_(3));
    for (let f = 0; f < 3; f++) expectFrequency(countOf(xs, f), N, 1 / 3);
    const big = values(zeros([1000]).random_());
    for (const x of big) expect(Number.isInteger(x) && x >= 0 && x <= 2 ** 24).toBe(true);
    expect(big.some((x) => x > 2 ** 23)).toBe(true);
  });
  it("refuses from >= to, as PyTorch", () => {
    expect(() => zeros([3]).random_(5, 2)).toThrow(
      "random_(): random_ expects 'from' to be less than 'to', but got from=5 >= to=2",
    );
  });
});

describe("bernoulli and bernoulli_", () => {
  it("bernoulli_(0.3): ones with probability 0.3", () => {
    manualSeed(15);
    const xs = values(zeros([N]).bernoulli_(0.3));
    for (const x of xs) expect(x === 0 || x === 1).toBe(true);
    expectFrequency(countOf(xs, 1), N, 0.3);
  });
  it("bernoulli_ with a tensor of probabilities broadcast to self; 0 and 1 are exact", () => {
    manualSeed(16);
    const x = zeros([N, 3]).bernoulli_(tensor([0, 1, 0.75]));
    const cols = [0, 1, 2].map((j) => values(x.select(1, j)));
    expect(countOf(cols[0]!, 1)).toBe(0);
    expect(countOf(cols[1]!, 1)).toBe(N);
    expectFrequency(countOf(cols[2]!, 1), N, 0.75);
  });
  it("bernoulli(p): p's dtype, a zero gradient (BernoulliBackward0, as PyTorch)", () => {
    manualSeed(17);
    const p = tensor([0.2, 0.9], { dtype: "float64", requiresGrad: true });
    const draws = bernoulli(p.expand([N, 2]).contiguous());
    expect(draws.dtype).toBe("float64");
    expect(draws.gradFn!.name).toBe("BernoulliBackward0");
    expectFrequency(countOf(values(draws.select(1, 0)), 1), N, 0.2);
    expectFrequency(countOf(values(draws.select(1, 1)), 1), N, 0.9);
    bernoulli(p).sum().backward();
    expect(p.grad!.tolist()).toEqual([0, 0]);
  });
  it("a generator gives a reproducible stream", () => {
    const a = values(zeros([50]).bernoulli_(0.5, new Generator(7)));
    const b = values(bernoulli(ones([50]).mul(0.5), { generator: new Generator(7) }));
    expect(a).toEqual(values(zeros([50]).bernoulli_(0.5, new Generator(7))));
    expect(b).toEqual(values(bernoulli(ones([50]).mul(0.5), { generator: new Generator(7) })));
  });
  it("probabilities outside [0, 1] are refused", () => {
    expect(() => zeros([2]).bernoulli_(1.5)).toThrow(
      "bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=1.5",
    );
    expect(() => bernoulli(tensor([0.5, Number.NaN]))).toThrow(
      "bernoulli(): Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = NaN at flat position 1)",
    );
  });
});

describe("multinomial", () => {
  it("with replacement: frequencies follow the weights; a zero weight is never drawn", () => {
    manualSeed(18);
    const xs = values(multinomial(tensor([1, 0, 2, 7], f32), N, true));
    expect(countOf(xs, 1)).toBe(0);
    expectFrequency(countOf(xs, 0), N, 0.1);
    expectFrequency(countOf(xs, 2), N, 0.2);
    expectFrequency(countOf(xs, 3), N, 0.7);
  });
  it("without replacement: distinct indices; first draw ∝ weights, second from the rest", () => {
    manualSeed(19);
    const rows = multinomial(tensor([1, 1, 2], f32).expand([N, 3]).contiguous(), 2).tolist() as number[][];
    for (const [a, b] of rows) expect(a).not.toBe(b);
    const firsts = rows.map((r) => r[0]!);
    expectFrequency(countOf(firsts, 2), N, 0.5);
    expectFrequency(countOf(firsts, 0), N, 0.25);
    // P(second = 2 | first = 0) = 2/3.
    const afterZero = rows.filter((r) => r[0] === 0);
    expectFrequency(afterZero.filter((r) => r[1] === 2).length, afterZero.length, 2 / 3);
  });
  it("without replacement, zero-weight categories come after the others (as PyTorch's)", () => {
    manualSeed(20);
    for (let t = 0; t < 50; t++) {
      const [a, b, c] = values(multinomial(tensor([1, 0, 1], f32), 3));
      expect(new Set([a, b]).size === 2 && a !== 1 && b !== 1 && c === 1).toBe(true);
    }
  });
  it("int32 results of shape [numSamples] or [rows, numSamples]", () => {
    const r = multinomial(ones([4, 5]), 3, false, { generator: new Generator(1) });
    expect([r.dtype, r.shape]).toEqual(["int32", [4, 3]]);
  });
});

describe("normal and exponential_", () => {
  it("normal(mean, std) tensors: per-element mean and std; zero gradients (NormalBackward3)", () => {
    manualSeed(21);
    const mean = tensor([-3, 10], { dtype: "float64", requiresGrad: true });
    const std = tensor([0.5, 2], { dtype: "float64", requiresGrad: true });
    const y = normal(mean.expand([N, 2]), std.expand([N, 2]));
    expect(y.gradFn!.name).toBe("NormalBackward3");
    for (const [j, m, s] of [
      [0, -3, 0.5],
      [1, 10, 2],
    ] as const) {
      const [gm, gs] = meanStd(values(y.select(1, j)));
      expect(Math.abs(gm - m)).toBeLessThanOrEqual((5 * s) / Math.sqrt(N));
      // The sample std's standard error is about s/sqrt(2N).
      expect(Math.abs(gs - s)).toBeLessThanOrEqual((5 * s) / Math.sqrt(2 * N));
    }
    y.sum().backward();
    expect([mean.grad!.tolist(), std.grad!.tolist()]).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
  it("normal(0, 1, size) and a number std with a tensor mean", () => {
    manualSeed(22);
    const z = normal(0, 1, [N]);
    expect(z.dtype).toBe("float32");
    const [m, s] = meanStd(values(z));
    expect(Math.abs(m)).toBeLessThanOrEqual(5 / Math.sqrt(N));
    expect(Math.abs(s - 1)).toBeLessThanOrEqual(5 / Math.sqrt(2 * N));
    expect(normal(zeros([2, 3]), 2).shape).toEqual([2, 3]);
    expect(() => normal(0, -1, [2])).toThrow("normal(): normal expects std >= 0.0, but found std -1");
  });
  it("exponential_(2): non-negative with mean 1/2 and std 1/2", () => {
    manualSeed(23);
    const xs = values(zeros([N], { dtype: "float64" }).exponential_(2));
    for (const x of xs) expect(x >= 0 && Number.isFinite(x)).toBe(true);
    const [m, s] = meanStd(xs);
    expect(Math.abs(m - 0.5)).toBeLessThanOrEqual((5 * 0.5) / Math.sqrt(N));
    // Median ln(2)/2: the fraction below it is 1/2.
    expectFrequency(xs.filter((x) => x < Math.LN2 / 2).length, N, 0.5);
    expect(s).toBeGreaterThan(0.45);
    expect(s).toBeLessThan(0.55);
  });
});
