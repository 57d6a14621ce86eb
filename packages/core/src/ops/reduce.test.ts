import { describe, expect, it } from "vitest";
import { expectClose, expectEachThrows, itGradchecksFns, type NamedFn } from "@tsgrad/testing";
import { describeGroup } from "../../test/more-cases.js";
import {
  arange,
  manualSeed,
  randint,
  randn,
  std,
  type Tensor,
  tensor,
  var as variance,
  zeros,
} from "../index.js";
import { sumTo } from "./reduce.js";
import * as fns from "../index.js";

describeGroup("core_ops", "reduce", "reductions", "reduction");

describe("reduction gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const fns: NamedFn[] = [
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
  // Random normals: no ties (max/min) and no zeros (norm p=1) with probability 1.
  itGradchecksFns(fns, 21, () => randn([2, 3, 4], f64));
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

describe("max and min with a tensor are PyTorch's elementwise maximum and minimum", () => {
  it("x.max(other) is maximum(x, other), broadcasting, with its gradient", () => {
    const a = tensor(
      [
        [1, 5],
        [4, 2],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const b = tensor([3, 3], { dtype: "float64" });
    expect(a.max(b).tolist()).toEqual([
      [3, 5],
      [4, 3],
    ]);
    expect(a.min(b).tolist()).toEqual([
      [1, 3],
      [3, 2],
    ]);
    a.max(b).sum().backward();
    expect(a.grad!.tolist()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it("no keepdim after a tensor", () => {
    expect(() => Reflect.apply(tensor([1]).max, tensor([1]), [tensor([2]), true])).toThrow(
      "max(): with a tensor as argument 1 (elementwise maximum) there can be no argument 2",
    );
  });
});

describe("reduction errors", () => {
  it("dim out of range, like PyTorch", () => {
    const x = zeros([2, 3]);
    const msg = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
    expectEachThrows(
      [
        ["sum", () => x.sum(2)],
        ["mean", () => x.mean(2)],
        ["prod", () => x.prod(2)],
        ["max", () => x.max(2)],
        ["amax", () => x.amax(2)],
        ["argmin", () => x.argmin(2)],
        ["var", () => x.var(2)],
        ["norm", () => x.norm(2, 2)],
        ["cumsum", () => x.cumsum(2)],
      ],
      msg,
    );
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

describe("integer reductions are exact, and an int32 overflow is an error", () => {
  const overflow = "result of integer reduction overflows int32";
  /** Exact sum of int32 values (BigInt), to compare with. */
  const exactSum = (xs: number[]): number => Number(xs.reduce((a, v) => a + BigInt(v), 0n));
  const sumOf = (xs: number[]) => tensor(xs).sum().item();
  const prodOf = (xs: number[]) => tensor(xs).prod().item();

  it("sums up to both ends of int32, over every layout", () => {
    expect(sumOf([2 ** 30, 2 ** 30 - 1])).toBe(2147483647);
    expect(sumOf([-(2 ** 30), -(2 ** 30)])).toBe(-2147483648);
    // a running sum past int32 that comes back in range is fine: only the result must fit
    expect(sumOf([2 ** 31 - 1, 1, -1])).toBe(2147483647);
    const m = tensor([
      [2 ** 30, -5],
      [2 ** 30 - 1, 5],
    ]);
    expect(m.sum(0).tolist()).toEqual([2147483647, 0]); // strided (inner > 1)
    expect(m.t().sum(1).tolist()).toEqual([2147483647, 0]); // permuted copy
    expect(() => m.add(tensor([[1, 0]])).sum(0)).toThrow(`sum(): ${overflow} (got 2147483649)`);
    expect(() => tensor([2 ** 31 - 1, 1]).sum()).toThrow(`sum(): ${overflow} (got 2147483648)`);
    expect(() => tensor([-(2 ** 31), -1]).sum()).toThrow(`sum(): ${overflow} (got -2147483649)`);
  });
  it("sums arbitrary int32 values exactly (high and low halves summed apart)", () => {
    manualSeed(11);
    const big = randint(-(2 ** 31), 2 ** 31, [500]).tolist() as number[];
    // each value and its negation, shuffled by a fixed stride, plus a small remainder
    const xs = [...big, ...big.map((v) => (v === -(2 ** 31) ? 0 : -v)), 12345, -(2 ** 31) + 7];
    const order = xs.map((_, i) => (i * 7919) % xs.length);
    const shuffled = order.map((i) => xs[i]!);
    expect(new Set(order).size).toBe(xs.length);
    const want = exactSum(shuffled);
    expect(tensor(shuffled).sum().item()).toBe(want);
    expect(tensor(shuffled).reshape([-1, 1]).sum(0).item()).toBe(want);
  });
  it("bool sums count the trues, as int32", () => {
    const s = tensor([true, true, false]).sum();
    expect([s.dtype, s.item()]).toEqual(["int32", 2]);
  });
  it("prod: exact up to int32, an error past it, 0 whenever a factor is 0", () => {
    expect(prodOf([2 ** 16, 2 ** 15 - 1])).toBe(2147418112);
    expect(prodOf([-(2 ** 16), 2 ** 15])).toBe(-2147483648);
    expect(() => tensor([2 ** 16, 2 ** 15]).prod()).toThrow(`prod(): ${overflow} (got 2147483648)`);
    // the running product overflows (even to Infinity) before it meets the zero
    expect(prodOf([2 ** 31 - 1, 2 ** 31 - 1, 0])).toBe(0);
    expect(prodOf([...new Array<number>(40).fill(2 ** 31 - 1), 0])).toBe(0);
    // the same down a strided dim (inner > 1): column 0 reaches Infinity before its zero
    const rows = [...new Array<number[]>(40).fill([2 ** 31 - 1, 1]), [0, 5]];
    expect(tensor(rows).prod(0).tolist()).toEqual([0, 5]);
    expect(() =>
      tensor([
        [2 ** 16, 1],
        [-(2 ** 15) - 1, 1],
      ]).prod(0),
    ).toThrow(`prod(): ${overflow} (got -2147549184)`);
  });
  it("cumsum: every running sum is an output, so each must fit", () => {
    expect(
      tensor([2 ** 30, 2 ** 30 - 1, -5])
        .cumsum(0)
        .tolist(),
    ).toEqual([1073741824, 2147483647, 2147483642]);
    expect(() => tensor([2 ** 31 - 1, 1, -1]).cumsum(0)).toThrow(`cumsum(): ${overflow} (got 2147483648)`);
    expect(() => tensor([[-(2 ** 31)], [-1]]).cumsum(0)).toThrow(`cumsum(): ${overflow} (got -2147483649)`);
    expect(tensor([true, true, false]).cumsum(0).tolist()).toEqual([1, 2, 2]);
  });
  it("norm of an integer tensor is an error, as in PyTorch", () => {
    expect(() => tensor([3, 4]).norm()).toThrow(
      "norm(): input dtype should be either floating point or complex. Got int32 instead.",
    );
    expect(tensor([3, 4]).float().norm().item()).toBe(5);
  });
});

describe("reductions of strided views read through the strides", () => {
  /** The old way: permute the reduced dims last, copy, and reduce the trailing run in place. */
  function viaCopy(x: Tensor, op: "sum" | "prod" | "amax" | "amin", dims: number[]): Tensor {
    const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
    const n = dims.reduce((a, d) => a * x.shape[d]!, 1);
    const flat = x
      .permute([...kept, ...dims])
      .contiguous()
      .reshape([...kept.map((i) => x.shape[i]!), n]);
    return flat[op](-1);
  }
  const bits = (t: Tensor): number[] => Array.from(t.toTypedArray());

  // float64 and odd sizes, so that a different order of additions shows in the last bits.
  manualSeed(11);
  const f64 = { dtype: "float64" } as const;
  const base = randn([5, 3, 7], f64);
  const withNaN = randn([5, 3, 7], f64);
  withNaN.storage.data[17] = Number.NaN; // max/min must still find it
  const views: [string, Tensor][] = [
    ["permuted", base.permute([2, 0, 1])],
    ["permuted, with a NaN", withNaN.permute([2, 0, 1])],
    ["transposed slice with a step", base.transpose(0, 2).slice(1, 0, 5, 2)],
    ["expanded", randn([5, 1, 7], f64).expand(5, 3, 7)],
    ["expanded leading dims", randn([7], f64).expand(3, 5, 7)],
    ["narrowed", base.narrow(2, 1, 5)],
    ["float32 permuted", randn([5, 3, 7]).permute([1, 2, 0])],
  ];
  const dimSets = [[0], [1], [2], [0, 2], [0, 1], [0, 1, 2]];
  for (const [name, x] of views) {
    it(`${name}: sum, prod, amax, amin equal reducing a contiguous copy, to the last bit`, () => {
      for (const dims of dimSets) {
        for (const op of ["sum", "prod", "amax", "amin"] as const) {
          // prod takes one dim or none (all of them).
          if (op === "prod" && dims.length > 1 && dims.length < x.dim()) continue;
          const r = op === "prod" ? (dims.length === 1 ? x.prod(dims[0]) : x.prod()) : x[op](dims);
          const got = bits(r.reshape([-1]));
          const want = bits(viaCopy(x, op, dims).reshape([-1]));
          expect(got, `${op}(${dims})`).toEqual(want);
        }
      }
      for (let d = 0; d < x.dim(); d++) {
        for (const op of ["max", "min"] as const) {
          const got = x[op](d);
          const want = x.contiguous()[op](d);
          expect(bits(got.values), `${op}(${d})`).toEqual(bits(want.values));
          expect(bits(got.indices), `${op}(${d}) indices`).toEqual(bits(want.indices));
        }
        expect(bits(x.argmin(d, true))).toEqual(bits(x.contiguous().argmin(d, true)));
      }
      expect(bits(x.prod())).toEqual(bits(x.contiguous().prod()));
      expect(bits(x.mean([0, 2]))).toEqual(bits(x.contiguous().mean([0, 2])));
    });
  }

  it("sum of an expanded view allocates nothing of the expansion's size", () => {
    const x = tensor([[0.1]]).expand(3000, 3000);
    const before = process.memoryUsage().arrayBuffers;
    const s = x.sum();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1e6);
    expect(s.item()).toBe(
      tensor([[0.1]])
        .repeat(3000, 3000)
        .sum()
        .item(),
    );
    expect(x.amax().item()).toBeCloseTo(0.1, 7);
    expect(x.max(1).indices.sum().item()).toBe(0); // the first of equal values, in every row
    expect(x.all().item()).toBe(1);
  });

  it("all/any count NaN as non-zero (as PyTorch) and read views", () => {
    expect(tensor([Number.NaN, 1]).all().item()).toBe(1);
    expect(tensor([Number.NaN]).any().item()).toBe(1);
    expect(tensor([Number.NaN, 0]).all().item()).toBe(0);
    expect(zeros([0]).all().item()).toBe(1);
    expect(zeros([0]).any().item()).toBe(0);
    expect(
      tensor([[0, 1, 2]])
        .expand(4, 3)
        .all()
        .item(),
    ).toBe(0);
    expect(
      tensor([[0, 1, 2]])
        .expand(4, 3)
        .narrow(1, 1, 2)
        .all()
        .item(),
    ).toBe(1);
    expect(
      tensor([[0, 0, 2]])
        .t()
        .expand(3, 5)
        .any()
        .item(),
    ).toBe(1);
    expect(
      tensor([[0, 0, 2]])
        .t()
        .narrow(0, 0, 2)
        .expand(2, 5)
        .any()
        .item(),
    ).toBe(0);
  });

  it("prod() over all elements records ProdBackward0 and keeps its exact gradient", () => {
    const x = tensor(
      [
        [2, 0],
        [3, 4],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const p = x.t().prod();
    expect(p.gradFn!.name).toBe("ProdBackward0");
    p.backward();
    expect(x.grad!.tolist()).toEqual([
      [0, 24],
      [0, 0],
    ]);
  });
});

describe("sum and mean take PyTorch's dtype keyword (was silently ignored)", () => {
  it("casts the input first, as torch.mean(x, 0, False, dtype=...) does", () => {
    const f = tensor([1, 2], { dtype: "float32" });
    // PyTorch: tensor(1.5000, dtype=torch.float64), tensor(3., dtype=torch.float64)
    const m = f.mean(0, false, { dtype: "float64" });
    expect(m.dtype).toBe("float64");
    expect(m.item()).toBe(1.5);
    const s = f.sum(0, false, { dtype: "float64" });
    expect(s.dtype).toBe("float64");
    expect(s.item()).toBe(3);
    // torch.tensor([1, 2]).mean(0, False, dtype=torch.float32) is tensor(1.5000)
    const mi = tensor([1, 2]).mean(0, false, { dtype: "float32" });
    expect(mi.dtype).toBe("float32");
    expect(mi.item()).toBe(1.5);
  });
  it("takes the keywords together in keepdim's place, as x.sum(1, dtype=torch.float64) is written", () => {
    const x = tensor([
      [1.5, -2.5, 0.5],
      [3, 1, -1],
    ]);
    // PyTorch: x.sum(1, dtype=torch.float64) is tensor([-0.5, 3.], dtype=torch.float64), shape [2]
    const s = x.sum(1, { dtype: "float64" });
    expect([s.dtype, s.shape, s.tolist()]).toEqual(["float64", [2], [-0.5, 3]]);
    const k = x.mean(1, { keepdim: true, dtype: "float64" });
    expect([k.dtype, k.shape]).toEqual(["float64", [2, 1]]);
    expect(x.sum(1, { keepdim: false }).shape).toEqual([2]);
    // torch.tensor([1, 2, 3]).prod(0, dtype=torch.float32) is tensor(6.)
    const p = tensor([1, 2, 3]).prod(0, { dtype: "float32" });
    expect([p.dtype, p.item()]).toEqual(["float32", 6]);
    expect(tensor([1, 2, 3]).prod(0, false, { dtype: "float64" }).dtype).toBe("float64");
    expect(() => x.sum(1, { dtype: "float64" }, { dtype: "float64" })).toThrow(
      "sum(): got an options object as argument 1, so there can be no argument 2",
    );
  });
  it("checks the option keys", () => {
    expect(() => tensor([1, 2], { dtype: "float32" }).mean(0, false, { dtyp: "float64" } as never)).toThrow(
      /mean\(\): got an unexpected option 'dtyp'/,
    );
  });
});

describe("var and std take PyTorch's keywords in correction's place (an object was a NaN result)", () => {
  const x = tensor(
    [
      [1, 2, 4],
      [3, 3, 9],
    ],
    { dtype: "float64" },
  );
  it("var(x, dim, { correction, keepdim }) is var(x, dim, correction, keepdim), as torch.var(x, 1, correction=0, keepdim=True)", () => {
    // PyTorch: torch.var(x, 1, correction=0, keepdim=True) is tensor([[1.5556], [8.0000]])
    const k = variance(x, 1, { correction: 0, keepdim: true });
    expect(k.shape).toEqual([2, 1]);
    expect(k.tolist()).toEqual(variance(x, 1, 0, true).tolist());
    expectClose(k.reshape([-1]), [14 / 9, 8], { rtol: 1e-12, atol: 0 });
    expect(std(x, 1, { correction: 0 }).tolist()).toEqual(std(x, 1, 0).tolist());
    expect(std(x, null, {}).item()).toBe(std(x, null).item());
  });
  it("takes PyTorch's unbiased: positionally (x.var(1, False), torch.var(x, 1, False, True), x.var(False)) or as a keyword", () => {
    const a = arange(8, { dtype: "float64" }).reshape([2, 4]);
    // PyTorch: x.var(1, False) is tensor([1.2500, 1.2500]); x.var(False) is tensor(5.2500)
    expect(a.var(1, false).tolist()).toEqual([1.25, 1.25]);
    expect(a.var(false).item()).toBe(5.25);
    expect(variance(a, 1, false, true).shape).toEqual([2, 1]);
    expect(a.std(1, true, true).tolist()).toEqual(a.std(1, { keepdim: true }).tolist());
    expect(a.var(1, { unbiased: false }).tolist()).toEqual([1.25, 1.25]);
    expect(std(a, null, { unbiased: true }).item()).toBe(std(a, null).item());
    expect(() => a.var(1, { unbiased: false, correction: 0 })).toThrow(
      "var(): give either unbiased or correction, not both",
    );
    expect(() => (a.var as (...args: unknown[]) => unknown).call(a, false, true)).toThrow(TypeError);
  });
  it("refuses a wrong kind, an unknown key and a second argument after the object", () => {
    expect(() => variance(x, 1, { corection: 0 } as never)).toThrow(
      /var\(\): .*corection.*did you mean 'correction'/,
    );
    expect(() => std(x, 1, { keepdim: 1 } as never)).toThrow(TypeError);
    expect(() => std(x, 1, { correction: 0 }, true)).toThrow(
      "std(): got an options object as argument 3, so there can be no argument 4",
    );
  });
});

describe("torch.max / torch.min / torch.flatten as functions", () => {
  it("are the methods, overloads included", () => {
    const x = tensor([
      [1, 5],
      [7, 2],
    ]);
    expect(fns.max(x).item()).toBe(7);
    const m = fns.max(x, 1);
    expect([m.values.tolist(), m.indices.tolist()]).toEqual([
      [5, 7],
      [1, 0],
    ]);
    expect(fns.max(x, 1, true).values.shape).toEqual([2, 1]);
    expect(fns.max(x, tensor([9, 0])).tolist()).toEqual([
      [9, 5],
      [9, 2],
    ]);
    expect(fns.min(x, 0).values.tolist()).toEqual([1, 2]);
    expect(fns.min(x).item()).toBe(1);
    expect(fns.flatten(fns.zeros([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(() => fns.max([1, 2] as never)).toThrow("max(): argument 'input' must be a Tensor");
  });
});
