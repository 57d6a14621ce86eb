import { describe, expect, it } from "vitest";
import { checkOpCase, gradcheckOpCase, opCases } from "../../test/helpers.js";
import { gradcheck, manualSeed, randn, type Tensor, tensor, zeros } from "../index.js";
import { sumTo } from "./reduce.js";

const cases = opCases("reduce");

describe("reductions match PyTorch (core_ops.json)", () => {
  it("covers every reduction", () => {
    const ops = new Set(cases.map((c) => c.op));
    for (const op of [
      "sum",
      "mean",
      "prod",
      "max",
      "min",
      "maxDim",
      "minDim",
      "amax",
      "amin",
      "argmax",
      "argmin",
      "var",
      "std",
      "norm",
      "cumsum",
    ]) {
      expect(ops.has(op), op).toBe(true);
    }
  });
  for (const c of cases) it(c.name, () => checkOpCase(c));
});

describe("reduction gradcheck at the fixture inputs (float64)", () => {
  for (const c of cases.filter((k) => k.gradcheck)) it(c.name, () => expect(gradcheckOpCase(c)).toBe(true));
});

describe("reduction gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const fns: [string, (x: Tensor) => Tensor | Tensor[]][] = [
    ["sum all", (x) => x.sum()],
    ["sum dims [0,-1] keepdim", (x) => x.sum([0, -1], true)],
    ["mean dim 1", (x) => x.mean(1)],
    ["mean dims [-1,-3]", (x) => x.mean([-1, -3])],
    ["prod dim 2", (x) => x.prod(2)],
    ["prod all", (x) => x.prod()],
    ["max all", (x) => x.max()],
    ["min all", (x) => x.min()],
    ["max dim 1 (values)", (x) => x.max(1).values],
    ["min dim -1 keepdim (values)", (x) => x.min(-1, true).values],
    ["amax dims [0,2]", (x) => x.amax([0, 2])],
    ["amin dim 1 keepdim", (x) => x.amin(1, true)],
    ["var all", (x) => x.var()],
    ["var dim 1 correction 0", (x) => x.var(1, { correction: 0 })],
    ["std dims [0,2] keepdim", (x) => x.std([0, 2], { keepdim: true })],
    ["std all correction 0", (x) => x.std(null, { correction: 0 })],
    ["norm all", (x) => x.norm()],
    ["norm dim -1", (x) => x.norm(2, -1)],
    ["norm p=1 dim 0", (x) => x.norm(1, 0)],
    ["norm p=3", (x) => x.norm(3)],
    ["norm p=1.5 dim 1", (x) => x.norm(1.5, 1)],
    ["norm p=0.5 dims [0,2]", (x) => x.norm(0.5, [0, 2])],
    ["norm p=-1 dim -1 keepdim", (x) => x.norm(-1, -1, true)],
    ["norm p=inf dim 1", (x) => x.norm(Number.POSITIVE_INFINITY, 1)],
    ["norm p=-inf", (x) => x.norm(Number.NEGATIVE_INFINITY)],
    ["cumsum dim 1", (x) => x.cumsum(1)],
    ["cumsum dim -1 of a transposed view", (x) => x.transpose(0, 2).cumsum(-1)],
    ["sum of a permuted view over dim 0", (x) => x.permute(2, 0, 1).sum(0)],
  ];
  for (const [name, fn] of fns) {
    it(name, () => {
      manualSeed(21);
      // Random normals: no ties (max/min) and no zeros (norm p=1) with probability 1.
      expect(gradcheck(fn, [randn([2, 3, 4], f64)])).toBe(true);
    });
  }
});

describe("reduction semantics", () => {
  it("max over all elements splits the gradient evenly among ties", () => {
    const x = tensor(
      [
        [1, 3],
        [3, 3],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    x.max().backward();
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 1 / 3, 1 / 3, 1 / 3]);
  });
  it("max(dim) sends the gradient to the returned index only", () => {
    const x = tensor(
      [
        [3, 1, 3],
        [0, 2, 2],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const { values, indices } = x.max(1);
    values.sum().backward();
    expect(Array.from(indices.toTypedArray())).toEqual([0, 1]);
    expect(Array.from(x.grad!.toTypedArray())).toEqual([1, 0, 0, 0, 1, 0]);
  });
  it("amax splits evenly among ties per slice", () => {
    const x = tensor(
      [
        [3, 1, 3],
        [2, 2, 2],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    x.amax(1).sum().backward();
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0.5, 0, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  });
  it("norm(0) counts the non-zeros and, as in PyTorch (x.grad stays None), sends no gradient", () => {
    const x = tensor([0, 3, -4, Number.NaN], { dtype: "float64", requiresGrad: true });
    const n = x.norm(0);
    expect(n.requiresGrad).toBe(true);
    n.backward();
    expect(x.grad).toBeNull();
    // Only the other path reaches x.
    const y = tensor([0, 2], { dtype: "float64", requiresGrad: true });
    y.norm(0).add(y.sum()).backward();
    expect(Array.from(y.grad!.toTypedArray())).toEqual([1, 1]);
  });
  it("std, var and norm are one node each, named as in PyTorch", () => {
    const x = tensor([1, 2, 4], { requiresGrad: true });
    expect(x.std().gradFn!.name).toBe("StdBackward0");
    expect(x.var(0).gradFn!.name).toBe("VarBackward0");
    for (const p of [0, 1, 2, 3, 0.5, Number.POSITIVE_INFINITY])
      expect(x.norm(p).gradFn!.name).toBe("NormBackward1");
  });
  it("sumTo undoes broadcasting", () => {
    const g = tensor(
      [
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ],
      { dtype: "float64" },
    );
    expect(sumTo(g, [3, 1]).tolist()).toEqual([[3], [7], [11]]);
    expect(sumTo(g, [2]).tolist()).toEqual([9, 12]);
    expect(sumTo(g, []).tolist()).toEqual(21);
    expect(sumTo(g, [1, 3, 2])).toBe(g);
  });
});

describe("reduction errors", () => {
  it("dim out of range, like PyTorch", () => {
    const x = zeros([2, 3]);
    const msg = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
    for (const [op, f] of [
      ["sum", () => x.sum(2)],
      ["mean", () => x.mean(2)],
      ["prod", () => x.prod(2)],
      ["max", () => x.max(2)],
      ["amax", () => x.amax(2)],
      ["argmin", () => x.argmin(2)],
      ["var", () => x.var(2)],
      ["norm", () => x.norm(2, 2)],
      ["cumsum", () => x.cumsum(2)],
    ] as const) {
      expect(f, op).toThrow(msg);
      expect(f, op).toThrow(`${op}()`);
    }
    expect(() => x.sum(-3)).toThrow(
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    );
  });
  it("a repeated dim is refused", () => {
    expect(() => zeros([2, 3]).sum([1, -1])).toThrow(
      "sum(): dim 1 appears multiple times in the list of dims",
    );
  });
  it("mean and var of an int tensor need a float dtype", () => {
    expect(() => tensor([1, 2], { dtype: "int32" }).mean()).toThrow(
      "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: int32",
    );
    expect(() => tensor([1, 2]).var()).toThrow("var(): input dtype should be floating point, but got int32");
  });
  it("max of an empty tensor", () => {
    expect(() => zeros([0]).max()).toThrow("max(): Expected reduction dim 0 to have non-zero size");
    expect(() => zeros([2, 0]).max(1)).toThrow("max(): Expected reduction dim 1 to have non-zero size");
  });
});
