import { describe, expect, it } from "vitest";
import { itChecksCases, itGradchecksCases } from "@tsgrad/testing";
import { opCases, OPS } from "../../test/op-table.js";
import { gradcheck, manualSeed, randn, type Tensor, tensor, zeros } from "../index.js";
import { cat, stack } from "./join.js";

const cases = opCases("join");

describe("cat, stack, hstack and vstack match PyTorch (core_ops.json)", () => {
  it("covers every joining op", () => {
    const ops = new Set(cases.map((c) => c.op));
    expect([...ops].sort()).toEqual(["cat", "hstack", "stack", "vstack"]);
  });
  itChecksCases(cases, OPS);
});

describe("cat/stack/hstack/vstack gradcheck at the fixture inputs (float64)", () => {
  itGradchecksCases(cases, OPS);
});

describe("cat/stack gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const fns: [string, number[][], (...t: Tensor[]) => Tensor][] = [
    [
      "cat dim 1 of three",
      [
        [2, 1, 3],
        [2, 2, 3],
        [2, 3, 3],
      ],
      (...t) => cat(t, 1),
    ],
    [
      "cat dim -1 of strided inputs",
      [
        [3, 2],
        [2, 3],
      ],
      (a, b) => cat([a!.t(), b!.narrow(1, 0, 2)], -1),
    ],
    ["cat the same tensor twice", [[2, 2]], (a) => cat([a!, a!.mul(2)], 0)],
    [
      "stack dim 0",
      [
        [2, 3],
        [2, 3],
      ],
      (...t) => stack(t, 0),
    ],
    [
      "stack dim -1",
      [
        [2, 3],
        [2, 3],
        [2, 3],
      ],
      (...t) => stack(t, -1),
    ],
  ];
  for (const [name, shapes, fn] of fns) {
    it(name, () => {
      manualSeed(61);
      expect(
        gradcheck(
          fn,
          shapes.map((s) => randn(s, f64)),
        ),
      ).toBe(true);
    });
  }
});

describe("cat/stack errors", () => {
  it("mismatched sizes name the dim and the tensor", () => {
    expect(() => cat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow(
      "cat(): Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list",
    );
    expect(() => cat([zeros([2, 3]), zeros([3])], 0)).toThrow(
      "cat(): Tensors must have same number of dimensions: got 2 and 1",
    );
    expect(() => stack([zeros([2, 3]), zeros([3, 2])])).toThrow(
      "stack(): stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at entry 1",
    );
  });
  it("dim out of range", () => {
    expect(() => cat([zeros([2, 3])], 2)).toThrow(
      "cat(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    expect(() => stack([zeros([2, 3])], 3)).toThrow(
      "stack(): Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    );
  });
  it("empty lists and 0-d tensors", () => {
    expect(() => cat([])).toThrow("cat(): expected a non-empty list of Tensors");
    expect(() => stack([])).toThrow("stack(): expects a non-empty TensorList");
    expect(() => cat([tensor(1), tensor(2)])).toThrow(
      "zero-dimensional tensor (at position 0) cannot be concatenated",
    );
  });
  it("cat copies: the result does not share the inputs' storage", () => {
    const a = zeros([2]);
    const r = cat([a, a]);
    r.fill_(3);
    expect(a.tolist()).toEqual([0, 0]);
  });
});

describe("cat/stack of very many tensors (no argument spread that overflows the stack)", () => {
  const N = 150_000;
  it(`cat of ${N} tensors, forward and backward`, () => {
    const parts = Array.from({ length: N }, (_, i) =>
      tensor([i, -i], { dtype: "float64", requiresGrad: true }),
    );
    const out = cat(parts);
    expect(out.shape).toEqual([2 * N]);
    expect(out.storage.data[2 * 1234]).toBe(1234);
    expect(out.storage.data[2 * 1234 + 1]).toBe(-1234);
    out
      .mul(tensor([1, 2], { dtype: "float64" }).repeat(N))
      .sum()
      .backward();
    expect(parts[0]!.grad!.tolist()).toEqual([1, 2]);
    expect(parts[N - 1]!.grad!.tolist()).toEqual([1, 2]);
  });
  it(`stack of ${N} tensors, forward and backward`, () => {
    const parts = Array.from({ length: N }, (_, i) => tensor([i], { dtype: "float64", requiresGrad: true }));
    const out = stack(parts, 1);
    expect(out.shape).toEqual([1, N]);
    expect(out.storage.data[N - 1]).toBe(N - 1);
    out.mul(out).sum().backward();
    expect(parts[7]!.grad!.tolist()).toEqual([14]);
    expect(parts[N - 1]!.grad!.tolist()).toEqual([2 * (N - 1)]);
  });
});
