import { describe, expect, it } from "vitest";
import { expectClose, gradcheckOpCase, itChecksCases } from "@tsgrad/testing";
import { opCases, OPS } from "../../test/op-table.js";
import { gradcheck, manualSeed, randn, type Tensor, tensor, zeros } from "../index.js";
import { bmm, dot, matmul, mm } from "./matmul.js";

const cases = opCases("matmul");

describe("matmul family matches PyTorch (core_ops.json)", () => {
  it("covers every case kind", () => {
    const ops = new Set(cases.map((c) => c.op));
    for (const op of ["matmul", "mm", "bmm", "dot", "t"]) expect(ops.has(op), op).toBe(true);
    // Strided operands are what a faster kernel is most likely to get wrong: keep them covered.
    const views = new Set(cases.flatMap((c) => c.inputs.flatMap((i) => (i.view ?? []).map((v) => v[0]))));
    for (const v of ["t", "transpose", "permute", "slice", "expand", "select"])
      expect(views.has(v), v).toBe(true);
  });
  itChecksCases(cases, OPS);
});

describe("matmul gradcheck at the fixture inputs (float64)", () => {
  // The two large cases (9x11, 21x10) are left to the forward/backward comparison: a dense
  // Jacobian of that size would take seconds.
  const small = cases.filter(
    (k) => k.tags.includes("gradcheck") && k.inputs.every((i) => (i.values?.length ?? 0) <= 64),
  );
  for (const c of small) {
    it(c.name, () => expect(gradcheckOpCase(c, OPS)).toBe(true));
  }
});

/** matmul by the definition, on plain arrays, for any strides: the oracle for random shapes. */
function naiveMatmul(a: Tensor, b: Tensor): number[] {
  const A = a.tolist() as number[][][];
  const B = b.tolist() as number[][][];
  const out: number[] = [];
  for (let p = 0; p < A.length; p++) {
    const [m, k, n] = [A[p]!.length, B[p]!.length, B[p]![0]!.length];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += A[p]![i]![q]! * B[p]![q]![j]!;
        out.push(s);
      }
  }
  return out;
}

describe("matmul on strided layouts (random shapes vs. a naive product)", () => {
  // Every combination of transposed / sliced / expanded operands at odd sizes, so that a blocked or
  // vectorised kernel cannot pass by only handling contiguous rows.
  const sizes: [number, number, number, number][] = [
    [1, 1, 1, 1],
    [2, 5, 7, 3],
    [3, 13, 1, 9],
    [1, 31, 17, 33],
    [2, 1, 8, 1],
  ];
  for (const [bsz, m, k, n] of sizes) {
    it(`[${bsz},${m},${k}] @ [${bsz},${k},${n}] for all layout pairs, float64 and float32`, () => {
      manualSeed(31 + m);
      for (const dtype of ["float64", "float32"] as const) {
        const a0 = randn([bsz, m, k], { dtype });
        const b0 = randn([bsz, k, n], { dtype });
        const variantsA = stridedVariants(a0);
        const variantsB = stridedVariants(b0);
        const expected = naiveMatmul(a0, b0);
        for (const [na, a] of variantsA) {
          for (const [nb, b] of variantsB) {
            const rtol = dtype === "float64" ? 1e-10 : 1e-5;
            // atol: entries that cancel to ~0 keep the rounding of the k products they sum.
            const scale = Math.sqrt(k) * 4;
            expectClose(
              matmul(a, b).toTypedArray(),
              expected,
              { rtol, atol: rtol * scale },
              `${dtype} ${na} @ ${nb}`,
            );
            expectClose(
              bmm(a, b).toTypedArray(),
              expected,
              { rtol, atol: rtol * scale },
              `bmm ${dtype} ${na} @ ${nb}`,
            );
          }
        }
      }
    });
  }
});

/** The same values as `x` ([B, R, C]) in several memory layouts: contiguous, column-major, gapped. */
function stridedVariants(x: Tensor): [string, Tensor][] {
  const [bsz, r, c] = x.shape as [number, number, number];
  const colMajor = x.transpose(1, 2).contiguous().transpose(1, 2);
  // A gapped view: every other column of a tensor twice as wide.
  const wide = zeros([bsz, r, 2 * c], { dtype: x.dtype });
  wide.slice(2, 0, 2 * c, 2).copy_(x);
  const gapped = wide.slice(2, 0, 2 * c, 2);
  // A batch-major permutation: the batch dim is not the outermost in memory.
  const batchInner = x.permute(1, 2, 0).contiguous().permute(2, 0, 1);
  const variants: [string, Tensor][] = [
    ["contiguous", x],
    ["column-major", colMajor],
    ["gapped", gapped],
    ["batch-inner", batchInner],
  ];
  if (bsz === 1) variants.push(["expanded", x.select(0, 0).expand(1, r, c)]);
  return variants;
}

describe("matmul gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const pairs: [string, number[], number[], (a: Tensor, b: Tensor) => Tensor][] = [
    ["1D.1D", [4], [4], matmul],
    ["2D.2D", [3, 4], [4, 2], matmul],
    ["1D.2D", [4], [4, 2], matmul],
    ["2D.1D", [3, 4], [4], matmul],
    ["batched broadcast [2,1,3,4].[3,4,2]", [2, 1, 3, 4], [3, 4, 2], matmul],
    ["1D.3D", [4], [2, 4, 3], matmul],
    ["3D.1D", [2, 3, 4], [4], matmul],
    ["A.t() @ B.t()", [4, 3], [2, 4], (a, b) => matmul(a.t(), b.t())],
    ["transpose(-1,-2) batched", [2, 4, 3], [2, 4, 2], (a, b) => matmul(a.transpose(-1, -2), b)],
    ["mm", [3, 4], [4, 2], mm],
    ["bmm", [2, 3, 4], [2, 4, 2], bmm],
    ["dot", [5], [5], dot],
    ["reused operand a @ a", [3, 3], [3, 3], (a, b) => matmul(a, a).add(b)],
  ];
  for (const [name, sa, sb, fn] of pairs) {
    it(name, () => {
      manualSeed(41);
      expect(gradcheck(fn, [randn(sa, f64), randn(sb, f64)])).toBe(true);
    });
  }
});

describe("matmul errors", () => {
  it("inner-dim mismatch names both shapes", () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(
      "matmul(): mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
    );
    expect(() => mm(zeros([2, 3]), zeros([4, 5]))).toThrow(
      "mm(): mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
    );
    expect(() => matmul(zeros([2, 2, 3]), zeros([2, 4, 5]))).toThrow(
      "matmul(): mat1 and mat2 shapes cannot be multiplied ([2, 2, 3] and [2, 4, 5])",
    );
    expect(() => matmul(zeros([3]), zeros([4, 5]))).toThrow("1x3 and 4x5");
  });
  it("batch dims that do not broadcast", () => {
    // PyTorch: "The size of tensor a (2) must match the size of tensor b (3) at non-singleton
    // dimension 0"; the wording may differ, but the op and both sizes must be named.
    expect(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(/^matmul\(\): .*\b2\b.*\b3\b/);
    expect(() => bmm(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(
      "bmm(): batch1 and batch2 must have same number of batches, got 2 and 3",
    );
  });
  it("dims, dtypes and 0-d operands", () => {
    expect(() => matmul(zeros([]), zeros([2]))).toThrow("both arguments to matmul need to be at least 1D");
    expect(() => mm(zeros([2]), zeros([2, 2]))).toThrow("mm(): self must be a matrix, but got a 1-D tensor");
    expect(() => bmm(zeros([2, 2]), zeros([2, 2, 2]))).toThrow("bmm(): batch1 must be a 3D tensor");
    expect(() => dot(zeros([2]), zeros([3]))).toThrow("dot(): inconsistent tensor size");
    expect(() => dot(zeros([2, 1]), zeros([2]))).toThrow(
      "dot(): 1D tensors expected, but got 2D and 1D tensors",
    );
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: "float64" }))).toThrow(
      "matmul(): expected both operands to have the same dtype, but got float32 and float64",
    );
    expect(() => zeros([2, 2, 2]).t()).toThrow("t(): expects a tensor with <= 2 dimensions, but self is 3D");
  });
  it("int32 matmul stays int32", () => {
    const r = matmul(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[5], [6]]),
    );
    expect(r.dtype).toBe("int32");
    expect(r.tolist()).toEqual([[17], [39]]);
  });
});
