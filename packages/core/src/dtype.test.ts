import { describe, expect, it } from "vitest";
import { fitsInt32, firstOutsideInt32, toStorageValue, writeValues } from "./dtype.js";
import { tensor, zeros } from "./index.js";

const i32 = { dtype: "int32" } as const;
const f64 = { dtype: "float64" } as const;
const OVERFLOW = "value cannot be converted to type int32 without overflow";

describe("the one conversion of JS numbers into tensors", () => {
  it("fitsInt32: what truncates into int32", () => {
    for (const v of [0, -0, 1.5, 2 ** 31 - 1, 2147483647.9, -(2 ** 31), -2147483648.9]) {
      expect(fitsInt32(v), String(v)).toBe(true);
    }
    for (const v of [2 ** 31, -(2 ** 31) - 1, Number.NaN, Number.POSITIVE_INFINITY, -1e300]) {
      expect(fitsInt32(v), String(v)).toBe(false);
    }
    expect(firstOutsideInt32(new Float64Array([1, 2, 3e9, Number.NaN]))).toBe(2);
    expect(firstOutsideInt32(new Float64Array([Number.NaN, 3e9]), 1)).toBe(1);
    expect(firstOutsideInt32(new Float32Array([1, 2]))).toBe(-1);
  });
  it("toStorageValue: truncation toward zero for int32, nonzero for bool, as is for floats", () => {
    expect(toStorageValue("op", "int32", 2.7)).toBe(2);
    expect(toStorageValue("op", "int32", -2.7)).toBe(-2);
    expect(Object.is(toStorageValue("op", "int32", -0.5), 0)).toBe(true);
    expect(toStorageValue("op", "int32", true)).toBe(1);
    expect(toStorageValue("op", "bool", Number.NaN)).toBe(1);
    expect(toStorageValue("op", "bool", -0)).toBe(0);
    expect(toStorageValue("op", "bool", false)).toBe(0);
    expect(toStorageValue("op", "float32", 0.1)).toBe(0.1);
    expect(() => toStorageValue("op", "int32", 2 ** 31, "why")).toThrow(
      `op(): ${OVERFLOW} (got 2147483648; why)`,
    );
  });
  it("writeValues checks the whole range before writing anything", () => {
    const out = new Int32Array([7, 7, 7]);
    expect(() => writeValues("op", "int32", out, [1, 2, 3e9])).toThrow(`op(): ${OVERFLOW} (got 3000000000)`);
    expect(Array.from(out)).toEqual([7, 7, 7]);
    writeValues("op", "int32", out, [true, -2.7, 2147483647.5]);
    expect(Array.from(out)).toEqual([1, -2, 2147483647]);
    const b = new Uint8Array(3);
    writeValues("op", "bool", b, [Number.NaN, 0, 5]);
    expect(Array.from(b)).toEqual([1, 0, 1]);
  });
});

describe("every path that writes numbers into an int32 tensor uses it", () => {
  it("fill_ and zero_", () => {
    expect(zeros([2], i32).fill_(-2.7).tolist()).toEqual([-2, -2]);
    expect(
      zeros([2], i32)
        .fill_(2 ** 31 - 1)
        .tolist(),
    ).toEqual([2147483647, 2147483647]);
    expect(
      zeros([4], i32)
        .narrow(0, 1, 2)
        .fill_(-(2 ** 31))
        .tolist(),
    ).toEqual([-2147483648, -2147483648]);
    expect(() => zeros([2], i32).fill_(Number.NaN)).toThrow(`fill_(): ${OVERFLOW} (got NaN)`);
    expect(() => zeros([2], i32).fill_(Number.NEGATIVE_INFINITY)).toThrow(
      `fill_(): ${OVERFLOW} (got -Infinity)`,
    );
    expect(Array.from(zeros([2], { dtype: "bool" }).fill_(Number.NaN).toTypedArray())).toEqual([1, 1]);
    expect(Array.from(zeros([2], { dtype: "bool" }).fill_(2).toTypedArray())).toEqual([1, 1]);
  });
  it("numbers next to int32 tensors: operands, in place, where, clamp", () => {
    expect(
      zeros([1], i32)
        .add(2 ** 31 - 1)
        .tolist(),
    ).toEqual([2147483647]);
    expect(
      zeros([1], i32)
        .add_(-(2 ** 31))
        .tolist(),
    ).toEqual([-2147483648]);
    expect(
      tensor([2 ** 31 - 1])
        .lt(-(2 ** 31))
        .tolist(),
    ).toEqual([false]);
    expect(
      tensor([true])
        .add(2 ** 31 - 2)
        .tolist(),
    ).toEqual([2147483647]);
    expect(() => tensor([true]).add(2 ** 31)).toThrow(`add(): ${OVERFLOW} (got 2147483648`);
    expect(() => zeros([1], i32).sub_(2 ** 31)).toThrow(`sub_(): ${OVERFLOW}`);
    expect(() => zeros([1], i32).maximum(-(2 ** 31) - 1)).toThrow(`maximum(): ${OVERFLOW}`);
    expect(() => zeros([1], i32).copy_(2 ** 31)).toThrow(`copy_(): ${OVERFLOW}`);
    expect(zeros([1], i32).copy_(-2.7).tolist()).toEqual([-2]);
    expect(
      tensor([1, 5])
        .clamp(-(2 ** 31), 2 ** 31 - 1)
        .tolist(),
    ).toEqual([1, 5]);
    expect(tensor([1, 5]).clamp(null, Number.POSITIVE_INFINITY).tolist()).toEqual([1, 5]);
    expect(() => tensor([1, 5]).clamp(null, -(2 ** 31) - 1)).toThrow(
      `clamp(): ${OVERFLOW} (got -2147483649; argument 'max')`,
    );
  });
  it("maskedFill and scatter with a number truncate and check", () => {
    const mask = tensor([true, false]);
    expect(zeros([2], i32).maskedFill(mask, -2.7).tolist()).toEqual([-2, 0]);
    expect(
      zeros([2], i32)
        .maskedFill(mask, -(2 ** 31))
        .tolist(),
    ).toEqual([-2147483648, 0]);
    expect(() => zeros([2], i32).maskedFill(mask, Number.NaN)).toThrow(
      `masked_fill(): ${OVERFLOW} (got NaN)`,
    );
    expect(Array.from(zeros([2], { dtype: "bool" }).maskedFill(mask, 2).toTypedArray())).toEqual([1, 0]);
    expect(
      zeros([2], i32)
        .scatter(0, tensor([1]), 2.7)
        .tolist(),
    ).toEqual([0, 2]);
    expect(
      zeros([2], i32)
        .scatter_(0, tensor([0]), 2 ** 31 - 1)
        .tolist(),
    ).toEqual([2147483647, 0]);
    expect(() => zeros([2], i32).scatter_(0, tensor([0]), 2 ** 31)).toThrow(`scatter(): ${OVERFLOW}`);
  });
  it(".to('int32') and copy_ from floats: truncation, both ends, strided inputs", () => {
    expect(tensor([2.7, -2.7, -0.5]).to("int32").tolist()).toEqual([2, -2, 0]);
    expect(tensor([2147483647.9, -2147483648.9], f64).int().tolist()).toEqual([2147483647, -2147483648]);
    const m = tensor(
      [
        [1, Number.NaN],
        [2, 3],
      ],
      f64,
    );
    expect(m.narrow(1, 0, 1).int().tolist()).toEqual([[1], [2]]);
    expect(() => m.t().int()).toThrow(`to(): ${OVERFLOW} (got NaN)`);
    expect(() => tensor([Number.POSITIVE_INFINITY]).to("int32")).toThrow(`to(): ${OVERFLOW} (got Infinity)`);
    expect(
      zeros([2], i32)
        .copy_(tensor([2.7, -2.7]))
        .tolist(),
    ).toEqual([2, -2]);
    expect(() => zeros([2], i32).copy_(tensor([1e10], f64).expand(2))).toThrow(
      `copy_(): ${OVERFLOW} (got 10000000000)`,
    );
    expect(tensor([Number.NaN, 0]).to("bool").tolist()).toEqual([true, false]);
  });
  it("integer pow: exponents as int32, negative ones refused as in PyTorch", () => {
    expect(tensor([2, -3]).pow(3).tolist()).toEqual([8, -27]);
    expect(
      tensor([1, -1])
        .pow(2 ** 31 - 1)
        .tolist(),
    ).toEqual([1, -1]);
    const b = tensor([true, false]).pow(2);
    expect([b.dtype, b.tolist()]).toEqual(["int32", [1, 0]]);
    expect(() => tensor([true]).pow(-1)).toThrow(
      "pow(): Integers to negative integer powers are not allowed.",
    );
    expect(tensor([2]).pow(-0.5).dtype).toBe("float32");
    expect(tensor([2]).float().pow(-1).tolist()).toEqual([0.5]);
  });
  it("division by a number is in floats, so any number divides an int32 tensor", () => {
    const q = tensor([3, -6]).div(2 ** 40);
    expect([q.dtype, q.tolist()]).toEqual(["float32", [3 / 2 ** 40, -6 / 2 ** 40]]);
    expect(tensor([3]).div(2).tolist()).toEqual([1.5]);
  });
});
