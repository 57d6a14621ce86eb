import { describe, expect, it } from "vitest";
import { describeGroup } from "../../test/more-cases.js";
import { floorDivide, manualSeed, randn, tensor, zeros } from "../index.js";
import { allclose, equal, isclose, nonzero } from "./compare.js";

describeGroup("core_more", "compare", "nonzero, isclose and allclose");

describe("compare behaviour", () => {
  it("nonzero rows index the nonzero elements, in row-major order", () => {
    manualSeed(51);
    const x = randn([3, 4, 2]).gt(0.3);
    const idx = x.nonzero();
    expect(idx.dtype).toBe("int32");
    const flat = x.tolist().flat(2) as boolean[];
    expect(idx.shape).toEqual([flat.filter(Boolean).length, 3]);
    for (const [i, j, k] of idx.tolist() as number[][]) expect(x.tolist()[i!][j!][k!]).toBe(true);
  });
  it("allclose returns a JS boolean, isclose a bool tensor", () => {
    const a = tensor([1, 2], { dtype: "float64" });
    expect(allclose(a, a.add(1e-7))).toBe(true);
    expect(a.allclose(a.add(1e-3))).toBe(false);
    expect(a.allclose(a.add(1e-3), { atol: 1e-2 })).toBe(true);
    expect(isclose(a, a).dtype).toBe("bool");
  });
  it("isclose is not symmetric: the tolerance scales with other", () => {
    const a = tensor([1], { dtype: "float64" });
    const b = tensor([1.1], { dtype: "float64" });
    expect(a.isclose(b, { rtol: 0.095 }).item()).toBe(1);
    expect(b.isclose(a, { rtol: 0.095 }).item()).toBe(0);
  });
  it("inputs that require grad are fine (results are not differentiable)", () => {
    const x = randn([3], { requiresGrad: true });
    expect(x.isclose(x).requiresGrad).toBe(false);
    expect(nonzero(x).requiresGrad).toBe(false);
  });
});

describe("compare errors", () => {
  it("isclose needs equal dtypes", () => {
    expect(() => isclose(zeros([2]), tensor([0, 0]))).toThrow(
      "isclose(): input and other must have the same dtype, but got float32 and int32",
    );
    expect(() => allclose(zeros([2]), zeros([2], { dtype: "float64" }))).toThrow(
      "allclose(): input and other must have the same dtype, but got float32 and float64",
    );
  });
  it("negative tolerances are refused, like PyTorch", () => {
    expect(() => zeros([2]).isclose(zeros([2]), { rtol: -1 })).toThrow(
      "isclose(): rtol must be greater than or equal to zero, but got -1",
    );
    expect(() => zeros([2]).isclose(zeros([2]), { atol: -1e-3 })).toThrow(
      "isclose(): atol must be greater than or equal to zero, but got -0.001",
    );
  });
  it("shapes must broadcast", () => {
    expect(() => zeros([2]).allclose(zeros([3]))).toThrow(
      "allclose(): The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
    );
  });
  it("other must be a tensor", () => {
    expect(() => zeros([2]).isclose(1 as never)).toThrow(
      "isclose(): argument 'other' must be a Tensor, but got number",
    );
    expect(() => nonzero(null as never)).toThrow(
      "nonzero(): argument 'input' must be a Tensor, but got null",
    );
  });
});

describe("equal and floorDivide (torch.equal, torch.floor_divide)", () => {
  it("equal: same shape and elements, dtypes may differ, NaN equals nothing (PyTorch 1.13's answers)", () => {
    expect(equal(tensor([1]), tensor([1], { dtype: "float32" }))).toBe(true); // torch: True
    const withNan = () => tensor([1, Number.NaN], { dtype: "float32" });
    expect(equal(withNan(), withNan())).toBe(false); // torch: False
    expect(equal(tensor([1], { dtype: "float32" }), tensor([[1]], { dtype: "float32" }))).toBe(false); // torch: False
    expect(tensor([1, 2]).equal(tensor([1, 3]))).toBe(false);
    expect(
      zeros([2, 3])
        .t()
        .equal(zeros([3, 2])),
    ).toBe(true);
    expect(() => equal(tensor([1]), [1] as never)).toThrow("equal(): argument 'other' must be a Tensor");
  });
  it("floorDivide rounds toward -inf, as Python's // (PyTorch 1.13: tensor([-4,  3]), tensor([-4.,  3.]))", () => {
    expect(floorDivide(tensor([-7, 7]), 2).tolist()).toEqual([-4, 3]);
    expect(tensor([-7.5, 7.5], { dtype: "float32" }).floorDivide(2).tolist()).toEqual([-4, 3]);
    expect(floorDivide(tensor([-7, 7]), 2).dtype).toBe("int32");
  });
});
