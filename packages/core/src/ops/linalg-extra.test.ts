import { type OpTable, tagged } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { describeTensorOps, tensoropsCases } from "../../test/op-table.js";
import { arange, cdist, einsum, meshgrid, outer, type Tensor, tensor, zeros } from "../index.js";

const T = (x: unknown): Tensor => x as Tensor;

/** The ops of core_tensorops.json's "linalg" and "rearrange" cases; each mirrors gen_core_tensorops.py. */
const OPS: OpTable = {
  outer: ([a, b]) => outer(T(a), T(b)),
  addmm: ([i, a, b], p) => T(i).addmm(T(a), T(b), { beta: p.beta ?? 1, alpha: p.alpha ?? 1 }),
  baddbmm: ([i, a, b], p) => T(i).baddbmm(T(a), T(b), { beta: p.beta ?? 1, alpha: p.alpha ?? 1 }),
  // PyTorch's keyword as the options object; the positional form is checked against it below.
  cdist: ([a, b], p) => cdist(T(a), T(b), p),
  einsum: (i, p) => einsum(p.equation, ...(i as Tensor[])),
  diag: ([x], p) => T(x).diag(p.diagonal ?? 0),
  trace: ([x]) => T(x).trace(),
  roll: ([x], p) => T(x).roll(p.shifts, p.dims),
  diff: (i, p) =>
    T(i[0]).diff(p.n ?? 1, p.dim ?? -1, {
      prepend: p.prepend ? T(i[1]) : undefined,
      append: p.append ? T(i.at(-1)) : undefined,
    }),
  meshgrid: (i, p) => meshgrid(i as Tensor[], { indexing: p.indexing }),
};

const CASES = tensoropsCases("linalg", "rearrange");

describeTensorOps(
  "outer, addmm, baddbmm, cdist, einsum, diag, trace, roll, diff, meshgrid match PyTorch",
  CASES,
  OPS,
);

describe("linear algebra and rearranging beyond the fixtures", () => {
  it("einsum of a lone operand is a view, never the input object", () => {
    const x = zeros([2, 3]);
    expect(einsum("ij->ij", x)).not.toBe(x);
    expect(einsum("ij", x).shape).toEqual([2, 3]);
  });
  it("meshgrid xy: the first two outputs have the first two dims swapped", () => {
    const [gx, gy] = meshgrid([arange(3), arange(2)], { indexing: "xy" });
    expect(gx!.shape).toEqual([2, 3]);
    expect(gx!.tolist()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(gy!.tolist()).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
  });
  it("cdist's p positionally equals { p }; a wrong kind is a TypeError", () => {
    const a = tensor(
      [
        [0, 0],
        [3, 4],
      ],
      { dtype: "float64" },
    );
    const b = tensor([[1, 1]], { dtype: "float64" });
    expect(cdist(a, b, 1).tolist()).toEqual(cdist(a, b, { p: 1 }).tolist());
    expect(cdist(a, b).tolist()).toEqual(cdist(a, b, {}).tolist());
    expect(() => cdist(a, b, "1" as never)).toThrow(
      "cdist(): argument 'p' must be a number, but got a string (\"1\")",
    );
    expect(() => cdist(a, b, { p: 3 })).toThrow("cdist(): tsgrad supports p = 1 and p = 2 only (got 3)");
  });
  it("cdist p=2 is exact for close points (differences, not the matmul form)", () => {
    // |a|² + |b|² − 2a·b would round at 2e8's precision (~3e-8); the differences are exact.
    const a = tensor([[1e4, 1e4 + 0.5]], { dtype: "float64" });
    const b = tensor([[1e4, 1e4]], { dtype: "float64" });
    expect(cdist(a, b).item()).toBe(0.5);
  });
  it("tagged groups are all run", () => {
    expect(tagged(CASES, "linalg").length + tagged(CASES, "rearrange").length).toBe(CASES.length);
  });
});
