import { Generator, manualSeed, ones, type Tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import {
  calculateFanInAndFanOut,
  calculateGain,
  constant_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
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
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
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
