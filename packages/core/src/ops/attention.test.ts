import { describeOpTable, expectClose, type OpCase, type OpTable, tolFor } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/op-table.js";
import {
  eye,
  gradcheck,
  manualSeed,
  randn,
  scaledDotProductAttention as sdpa,
  type Tensor,
  tensor,
  tril,
  ones,
  zeros,
} from "../index.js";

// ---- PyTorch cases (tools/fixtures/gen_attention.py) ------------------------------------------
//
// PyTorch 1.13 has no F.scaled_dot_product_attention: the generator runs the reference formula
// of PyTorch 2.x's documentation in 1.13 (bool mask True = attend, float mask added, is_causal a
// top-left-aligned lower triangle, dropout 0).

const OPS: OpTable = {
  sdpa: ([q, k, v, mask], p) =>
    sdpa(q as Tensor, k as Tensor, v as Tensor, {
      attnMask: (mask as Tensor | undefined) ?? null,
      isCausal: p.is_causal ?? false,
      scale: p.scale ?? null,
    }),
};

const FIX = loadFixture<{ sdpa: OpCase[] }>("attention");

describeOpTable({
  title: "scaledDotProductAttention against PyTorch 2.x's reference formula (attention.json)",
  cases: FIX.sdpa,
  covers: ["sdpa"],
  check: OPS,
  gradcheck: { title: "scaledDotProductAttention: float64 gradcheck at the fixture inputs", ops: OPS },
});

describe("scaledDotProductAttention: semantics", () => {
  const f64 = { dtype: "float64" } as const;

  it("covers bool, float and causal masks, 2-D to 4-D inputs, in both float dtypes", () => {
    const names = FIX.sdpa.map((c) => c.name);
    for (const part of ["bool mask", "float mask", "causal", "2-D", "4-D", "float32", "float64"]) {
      expect(
        names.some((n) => n.includes(part)),
        part,
      ).toBe(true);
    }
  });

  it("isCausal is the bool mask tril(ones(L, S)), top-left aligned", () => {
    manualSeed(3);
    const [q, k, v] = [randn([2, 3, 4], f64), randn([2, 5, 4], f64), randn([2, 5, 2], f64)];
    const mask = tril(ones([3, 5], { dtype: "bool" }));
    expectClose(sdpa(q, k, v, { isCausal: true }), sdpa(q, k, v, { attnMask: mask }), tolFor("float64"));
  });

  it("a bool mask (true = attend) equals the float mask 0 / -inf", () => {
    manualSeed(4);
    const [q, k, v] = [randn([3, 4], f64), randn([5, 4], f64), randn([5, 2], f64)];
    const keep = tensor([
      [1, 0, 1, 1, 0],
      [0, 1, 1, 0, 0],
      [1, 1, 1, 1, 1],
    ]).eq(1);
    const additive = zeros([3, 5], f64).maskedFill(keep.logicalNot(), Number.NEGATIVE_INFINITY);
    expectClose(sdpa(q, k, v, { attnMask: keep }), sdpa(q, k, v, { attnMask: additive }), tolFor("float64"));
  });

  it("a row with every position masked gives NaN, as the reference formula does", () => {
    const q = ones([2, 2]);
    const mask = tensor([
      [true, true],
      [false, false],
    ]);
    const out = sdpa(q, q, q, { attnMask: mask }).tolist() as number[][];
    expect(out[0]!.every(Number.isFinite)).toBe(true);
    expect(out[1]!.every(Number.isNaN)).toBe(true);
  });

  it("dropout zeroes weights with probability p and scales the rest by 1/(1 − p)", () => {
    // With value = I the output is the weights themselves, after dropout.
    manualSeed(5);
    const [q, k] = [randn([64, 8], f64), randn([16, 8], f64)];
    const v = eye(16, undefined, f64);
    const plain = sdpa(q, k, v).toTypedArray();
    manualSeed(6);
    const dropped = sdpa(q, k, v, { dropoutP: 0.25 }).toTypedArray();
    let zeroed = 0;
    for (let i = 0; i < plain.length; i++) {
      if (dropped[i] === 0) zeroed++;
      else expect(dropped[i]).toBeCloseTo(plain[i]! / 0.75, 12);
    }
    // 1024 Bernoulli(0.25) draws: 256 expected, ±5 standard deviations (≈ 14 each).
    expect(Math.abs(zeroed - 256)).toBeLessThan(70);
    manualSeed(6);
    expect(Array.from(sdpa(q, k, v, { dropoutP: 0.25 }).toTypedArray())).toEqual(Array.from(dropped));
  });

  it("dropoutP = 1 drops everything (zeros, as PyTorch's dropout)", () => {
    const q = randn([3, 4]);
    expect(sdpa(q, q, q, { dropoutP: 1 }).tolist()).toEqual(zeros([3, 4]).tolist());
  });

  it("dropout's gradient flows through the kept weights only (float64 gradcheck, fixed draw)", () => {
    const q = randn([3, 4], { ...f64, requiresGrad: true });
    const k = randn([5, 4], { ...f64, requiresGrad: true });
    const v = randn([5, 2], { ...f64, requiresGrad: true });
    // The same draw at every evaluation: the seed is reset inside the function.
    const f = (a: Tensor, b: Tensor, c: Tensor) => {
      manualSeed(7);
      return sdpa(a, b, c, { dropoutP: 0.4 });
    };
    expect(gradcheck(f, [q, k, v])).toBe(true);
  });

  it("a float mask's dtype follows the query's, and scale overrides 1/√E", () => {
    manualSeed(8);
    const [q, k, v] = [randn([3, 4], f64), randn([5, 4], f64), randn([5, 2], f64)];
    const m32 = randn([3, 5]);
    expectClose(
      sdpa(q, k, v, { attnMask: m32 }),
      sdpa(q, k, v, { attnMask: m32.double() }),
      tolFor("float64"),
    );
    expectClose(
      sdpa(q, k, v, { scale: 1 }),
      sdpa(q.mul(2), k, v), // 1/√4 = 0.5 undone
      tolFor("float64"),
    );
  });
});
