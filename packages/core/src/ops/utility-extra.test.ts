import type { OpTable } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { describeTensorOps, tensoropsCases } from "../../test/op-table.js";
import { bincount, clampMax, clampMin, histc, searchsorted, type Tensor, tensor, unique } from "../index.js";

const T = (x: unknown): Tensor => x as Tensor;

/** The ops of core_tensorops.json's "utility" cases; each mirrors gen_core_tensorops.py. */
const OPS: OpTable = {
  clamp_min: ([x], p) => clampMin(T(x), p.min),
  clamp_max: ([x], p) => clampMax(T(x), p.max),
  long: ([x]) => T(x).long(),
  int: ([x]) => T(x).int(),
  searchsorted: ([s, v], p) => searchsorted(T(s), T(v), { right: p.right ?? false }),
  bincount: (i, p) =>
    bincount(T(i[0]), { weights: i.length > 1 ? T(i[1]) : null, minlength: p.minlength ?? 0 }),
  unique: ([x], p) =>
    unique(T(x), { returnInverse: p.returnInverse ?? false, returnCounts: p.returnCounts ?? false }),
  // PyTorch's keywords as the options object (the positional form is checked against it below).
  histc: ([x], p) => histc(T(x), p),
};

const CASES = tensoropsCases("utility");

describeTensorOps(
  "clampMin, clampMax, long, int, searchsorted, bincount, unique, histc match PyTorch",
  CASES,
  OPS,
);

describe("small utilities beyond the fixtures", () => {
  it("long() and int() are the same int32 conversion", () => {
    const x = tensor([1.9, -2.5]);
    expect(x.long().dtype).toBe("int32");
    expect(x.long().tolist()).toEqual(x.int().tolist());
  });
  it("unique without flags returns a tensor, with flags an array in PyTorch's tuple order", () => {
    const x = tensor([2, 0, 2]);
    expect(unique(x).tolist()).toEqual([0, 2]);
    const [values, inverse, counts] = unique(x, { returnInverse: true, returnCounts: true });
    expect([values!.tolist(), inverse!.tolist(), counts!.tolist()]).toEqual([
      [0, 2],
      [1, 0, 1],
      [1, 2],
    ]);
    expect(x.unique({ returnCounts: true })[1]!.tolist()).toEqual([1, 2]);
  });
  it("unique: each NaN is a distinct value, sorted last (PyTorch 1.13's order depends on the input)", () => {
    expect(unique(tensor([3, Number.NaN, Number.NaN, 1])).toTypedArray()).toEqual(
      new Float32Array([1, 3, Number.NaN, Number.NaN]),
    );
  });
  it("histc over the data's range counts the maximum in the last bin (PyTorch 1.13 float64 can drop it)", () => {
    const c = CASES.find((k) => k.name === "histc data range")!;
    const values = (c.inputs[0] as { values: number[] }).values;
    const h = histc(tensor(values, { dtype: "float64" }), 7);
    expect(h.sum().item()).toBe(values.length);
    expect(h.tolist()).toEqual([4, 6, 17, 12, 9, 1, 1]);
  });
  it("histc: positional arguments equal the keywords; wrong kinds are TypeErrors", () => {
    const x = tensor([0.1, 0.7, 2.5, 2.9, 1.2], { dtype: "float64" });
    expect(histc(x, 5, 0, 3).tolist()).toEqual(histc(x, { bins: 5, min: 0, max: 3 }).tolist());
    expect(histc(x, 5).tolist()).toEqual(histc(x, { bins: 5 }).tolist());
    expect(() => histc(x, 4, "0" as never, 3)).toThrow(
      "histc(): argument 'min' must be a number, but got a string (\"0\")",
    );
    expect(() => histc(x, { bins: 4, maximum: 3 } as never)).toThrow(
      "histc(): got an unexpected option 'maximum' (valid options: bins, min, max)",
    );
  });
  it("method forms", () => {
    expect(tensor([1, 1, 3]).bincount().tolist()).toEqual([0, 2, 0, 1]);
    expect(tensor([0.5, 1.5]).histc(2, 0, 2).tolist()).toEqual([1, 1]);
    expect(tensor([0.5, 1.5]).histc({ bins: 2, max: 2 }).tolist()).toEqual([1, 1]);
    expect(tensor([-1, 2]).clampMin(0).tolist()).toEqual([0, 2]);
    expect(tensor([-1, 2]).clampMax(0).tolist()).toEqual([-1, 0]);
  });
});
