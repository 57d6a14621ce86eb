import { describe, expect, it } from "vitest";
import {
  broadcastReductionDims,
  broadcastShapes,
  broadcastStrides,
  checkInt,
  checkIntList,
  checkNumel,
  checkShapeArg,
  MAX_NUMEL,
  MAX_VIEW_NUMEL,
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
      "zeros(): Trying to create tensor with negative dimension -3: [2, -3]",
    );
    expect(() => checkShapeArg("ones", [Number.NaN])).toThrow(
      new TypeError("ones(): argument 'size' must be a list of integers, but got [NaN]"),
    );
    expect(() => checkShapeArg("zeros", [2 ** 31])).toThrow(
      "zeros(): a tensor of shape [2147483648] would have 2147483648 elements, more than tsgrad's limit of 2147483647",
    );
  });
  it("checkInt and checkIntList accept safe integers only, naming the argument", () => {
    expect(checkInt("narrow", "start", -3)).toBe(-3);
    for (const [v, got] of [
      [0.5, "0.5"],
      [Number.NaN, "NaN"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      ["1", "string"],
      [null, "null"],
      [undefined, "undefined"],
      [[1], "array"],
      [1e300, "1e+300, beyond Number.MAX_SAFE_INTEGER"],
    ] as const) {
      expect(() => checkInt("narrow", "start", v)).toThrow(
        new TypeError(`narrow(): argument 'start' must be an integer, but got ${got}`),
      );
    }
    expect(checkIntList("view", "size", [2, -1])).toEqual([2, -1]);
    expect(() => checkIntList("view", "size", [2, 1.5])).toThrow(
      new TypeError("view(): argument 'size' must be a list of integers, but got [2, 1.5]"),
    );
    expect(() => checkIntList("view", "size", 3)).toThrow(
      new TypeError("view(): argument 'size' must be a list of integers, but got 3"),
    );
    const long = new Array<number>(100).fill(1);
    long[42] = Number.NaN;
    expect(() => checkIntList("view", "size", long)).toThrow(
      new TypeError(
        "view(): argument 'size' must be a list of integers, but got a list of 100 with NaN at index 42",
      ),
    );
  });
  it("checkNumel names the op, the shape and the limit", () => {
    expect(checkNumel("expand", [1e5, 1e5], MAX_VIEW_NUMEL)).toBe(1e10);
    expect(() => checkNumel("expand", [2 ** 30, 2 ** 30], MAX_VIEW_NUMEL)).toThrow(
      "expand(): a tensor of shape [1073741824, 1073741824] would have 1152921504606847000 elements, more than tsgrad's limit of 9007199254740991 for a view",
    );
    expect(() => checkNumel("matmul", [1e5, 1e5])).toThrow(
      `matmul(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of ${MAX_NUMEL}`,
    );
  });
});
