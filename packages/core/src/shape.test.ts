import { describe, expect, it } from "vitest";
import {
  broadcastReductionDims,
  broadcastShapes,
  broadcastStrides,
  checkShapeArg,
  contiguousStrides,
  formatShape,
  isContiguous,
  normalizeDim,
  normalizeDims,
  numelOf,
  shapesEqual,
} from "./shape.js";

describe("shape helpers", () => {
  it("numelOf and contiguousStrides", () => {
    expect(numelOf([])).toBe(1);
    expect(numelOf([2, 0, 3])).toBe(0);
    expect(numelOf([2, 3, 4])).toBe(24);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
    expect(contiguousStrides([5])).toEqual([1]);
  });
  it("shapesEqual and formatShape", () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([1], [])).toBe(false);
    expect(formatShape([2, 3])).toBe("[2, 3]");
    expect(formatShape([])).toBe("[]");
  });
  it("isContiguous ignores the strides of size-1 dims", () => {
    expect(isContiguous([2, 3], [3, 1])).toBe(true);
    expect(isContiguous([3, 2], [1, 3])).toBe(false);
    expect(isContiguous([2, 1, 3], [3, 99, 1])).toBe(true);
    expect(isContiguous([2, 3], [6, 2])).toBe(false);
    expect(isContiguous([], [])).toBe(true);
  });
});

describe("broadcasting", () => {
  it("broadcastShapes follows PyTorch's right-aligned rule", () => {
    expect(broadcastShapes("add", [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes("add", [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes("add", [], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes("add", [1], [])).toEqual([1]);
    expect(broadcastShapes("add", [0, 1], [3])).toEqual([0, 3]);
    expect(broadcastShapes("add", [1, 1], [1])).toEqual([1, 1]);
  });
  it("a mismatch names the op, both sizes, the dim and the shapes", () => {
    expect(() => broadcastShapes("mul", [2, 3], [2, 4])).toThrow(
      "mul(): The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [2, 4])",
    );
    expect(() => broadcastShapes("add", [3], [2, 4])).toThrow(
      "add(): The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
    );
    expect(() => broadcastShapes("where", [2, 3, 4], [5, 1, 1])).toThrow(
      "The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 0",
    );
  });
  it("broadcastStrides puts stride 0 on new and size-1 dims", () => {
    expect(broadcastStrides([3], [1], [2, 3])).toEqual([0, 1]);
    expect(broadcastStrides([2, 1], [1, 1], [2, 4])).toEqual([1, 0]);
    expect(broadcastStrides([], [], [2, 2])).toEqual([0, 0]);
    expect(broadcastStrides([3, 2], [1, 3], [4, 3, 2])).toEqual([0, 1, 3]);
  });
  it("broadcastReductionDims lists the dims to sum a gradient over", () => {
    expect(broadcastReductionDims([2, 3], [3])).toEqual([0]);
    expect(broadcastReductionDims([2, 3, 4], [3, 1])).toEqual([0, 2]);
    expect(broadcastReductionDims([2, 3], [])).toEqual([0, 1]);
    expect(broadcastReductionDims([2, 3], [2, 3])).toEqual([]);
    expect(broadcastReductionDims([2, 1], [1, 1])).toEqual([0]);
  });
});

describe("dims", () => {
  it("normalizeDim wraps negative dims", () => {
    expect(normalizeDim("sum", -1, 3)).toBe(2);
    expect(normalizeDim("sum", -3, 3)).toBe(0);
    expect(normalizeDim("sum", 2, 3)).toBe(2);
  });
  it("a 0-d tensor accepts dims 0 and -1, as in PyTorch", () => {
    expect(normalizeDim("sum", 0, 0)).toBe(0);
    expect(normalizeDim("sum", -1, 0)).toBe(0);
    expect(() => normalizeDim("sum", 1, 0)).toThrow(
      "sum(): Dimension out of range (expected to be in range of [-1, 0], but got 1)",
    );
  });
  it("out of range is PyTorch's message, with the op", () => {
    expect(() => normalizeDim("softmax", 2, 2)).toThrow(
      "softmax(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    expect(() => normalizeDim("sum", -3, 2)).toThrow("(expected to be in range of [-2, 1], but got -3)");
    expect(() => normalizeDim("sum", 0.5, 2)).toThrow("but got 0.5");
  });
  it("normalizeDims sorts and rejects repeats", () => {
    expect(normalizeDims("sum", [-1, 0], 3)).toEqual([0, 2]);
    expect(() => normalizeDims("sum", [1, -2], 3)).toThrow(
      "sum(): dim 1 appears multiple times in the list of dims",
    );
  });
  it("checkShapeArg refuses negative and fractional sizes", () => {
    expect(() => checkShapeArg("zeros", [2, 3])).not.toThrow();
    expect(() => checkShapeArg("zeros", [2, -3])).toThrow(
      "zeros(): Trying to create tensor with negative or non-integer dimension -3: [2, -3]",
    );
    expect(() => checkShapeArg("ones", [Number.NaN])).toThrow("non-integer dimension NaN");
  });
});
