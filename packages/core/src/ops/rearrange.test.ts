import { describe, expect, it } from "vitest";
import { describeGroup } from "../../test/more-cases.js";
import { itGradchecksFns, type NamedFn } from "@tsgrad/testing";
import { arange, gradcheck, manualSeed, ones, randn, tensor, zeros } from "../index.js";
import { flip, repeat, tile, tril, triu } from "./rearrange.js";

describeGroup("core_more", "rearrange", "repeat, tile, tril, triu and flip", "rearrange");

describe("rearrange gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const fns: NamedFn[] = [
    ["repeat(2, 1, 3)", (x) => x.repeat(2, 1, 3)],
    ["repeat([3, 1, 1, 2]) adds a dim", (x) => repeat(x, [3, 1, 1, 2])],
    ["tile([2])", (x) => tile(x, [2])],
    ["flip(0, 2)", (x) => x.flip(0, 2)],
    ["flip([-2])", (x) => flip(x, [-2])],
    ["tril()", (x) => x.tril()],
    ["tril(-1)", (x) => tril(x, -1)],
    ["triu(1)", (x) => triu(x, 1)],
    [
      "repeat then a nonlinear use",
      (x) =>
        x
          .repeat(1, 2, 1)
          .mul(x.repeat(1, 2, 1))
          .flip(1)
          .tril(),
    ],
  ];
  itGradchecksFns(fns, 41, () => randn([2, 3, 3], f64));
  it("a reused input through repeat and flip accumulates its gradient", () => {
    manualSeed(42);
    expect(
      gradcheck(
        (t) =>
          t
            .repeat(2, 1)
            .square()
            .flip(0)
            .add(t.tile([2, 1])),
        [randn([2, 3], f64)],
      ),
    ).toBe(true);
  });
});

describe("rearrange behaviour", () => {
  it("repeat and flip return new storage, not views", () => {
    const x = arange(6).reshape(2, 3);
    const r = x.repeat(1, 2);
    const f = x.flip(1);
    expect(r.isContiguous() && f.isContiguous()).toBe(true);
    r.fill_(0);
    f.fill_(0);
    expect(x.tolist()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
  it("a causal mask from triu hides the future in attention scores", () => {
    const n = 4;
    const mask = triu(ones([n, n], { dtype: "bool" }), 1);
    const scores = zeros([n, n]).maskedFill(mask, Number.NEGATIVE_INFINITY).softmax(-1);
    const rows = scores.tolist() as number[][];
    rows.forEach((r, i) => {
      for (let j = 0; j < n; j++) expect(r[j]).toBeCloseTo(j <= i ? 1 / (i + 1) : 0, 6);
    });
    expect(
      tril(ones([n, n], { dtype: "bool" }))
        .logicalNot()
        .eq(mask)
        .all()
        .item(),
    ).toBe(1);
  });
  it("grad_fn names print as PyTorch's", () => {
    const x = randn([2, 2], { requiresGrad: true });
    expect(x.repeat(1, 2).toString()).toContain("grad_fn=<RepeatBackward0>");
    expect(x.tile([2]).toString()).toContain("grad_fn=<RepeatBackward0>");
    expect(x.flip(0).toString()).toContain("grad_fn=<FlipBackward0>");
    expect(x.tril().toString()).toContain("grad_fn=<TrilBackward0>");
  });
  it("accepts both f(2, 3) and f([2, 3]) as PyTorch's size arguments do", () => {
    const x = tensor([[1, 2]]);
    expect(x.repeat(2, 2).tolist()).toEqual(x.repeat([2, 2]).tolist());
    expect(x.flip(0, 1).tolist()).toEqual([[2, 1]]);
    expect(x.tile(3).tolist()).toEqual([[1, 2, 1, 2, 1, 2]]);
  });
});

describe("rearrange errors", () => {
  it("repeat needs at least as many sizes as dims", () => {
    expect(() => zeros([2, 3]).repeat(2)).toThrow(
      "repeat(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (repeat dims [2], tensor shape [2, 3])",
    );
  });
  it("repeat and tile refuse negative sizes", () => {
    expect(() => zeros([2, 3]).repeat(2, -1)).toThrow(
      "repeat(): Trying to create tensor with negative dimension -1: [4, -3]",
    );
    expect(() => zeros([2, 3]).tile(-1)).toThrow(
      "tile(): Trying to create tensor with negative dimension -1: [2, -3]",
    );
  });
  it("repeat sizes must be integers", () => {
    expect(() => repeat(zeros([2]), [1.5])).toThrow(
      "repeat(): argument 'repeats' must be a list of integers, but got [1.5]",
    );
  });
  it("tril and triu need a matrix", () => {
    expect(() => zeros([3]).tril()).toThrow(
      "tril(): input tensor must have at least 2 dimensions, but got shape [3]",
    );
    expect(() => zeros([]).triu()).toThrow(
      "triu(): input tensor must have at least 2 dimensions, but got shape []",
    );
    expect(() => zeros([2, 2]).tril(0.5)).toThrow(
      "tril(): argument 'diagonal' must be an integer, but got 0.5",
    );
  });
  it("flip rejects repeated and out-of-range dims, like PyTorch", () => {
    expect(() => zeros([2, 3]).flip(0, 0)).toThrow(
      "flip(): dim 0 appears multiple times in the list of dims",
    );
    expect(() => zeros([2, 3]).flip(2)).toThrow(
      "flip(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
  });
});

describe("roll", () => {
  it("returns a new tensor when the shifts are whole turns, as PyTorch does (it was the input's view)", () => {
    const x = tensor([1, 2, 3]);
    const r = x.roll(3, 0);
    r.fill_(0);
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(x.roll(0).storage).not.toBe(x.storage);
  });
  it("pairs each shift with the dim in its place and rolls a repeated dim again (fixtures: core_tensorops.json)", () => {
    const x = arange(6).reshape([2, 3]);
    // PyTorch: torch.roll(x, (1, 2), (1, 0)) is tensor([[2, 0, 1], [5, 3, 4]]); it was read as dims (0, 1)
    expect(x.roll([1, 2], [1, 0]).tolist()).toEqual([
      [2, 0, 1],
      [5, 3, 4],
    ]);
    expect(x.roll([1, 1], [1, -1]).tolist()).toEqual(x.roll(2, 1).tolist());
  });
});
