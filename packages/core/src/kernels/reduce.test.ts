import { describe, expect, it } from "vitest";
import { Generator, randint, tensor } from "../index.js";
import { sumInt32Exact } from "./reduce.js";

/** Exact sums over the middle dim of `[outer, n, inner]` with BigInt, to compare with. */
function bigSums(x: Int32Array, outer: number, n: number, inner: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0n;
      for (let k = 0; k < n; k++) s += BigInt(x[(o * n + k) * inner + i]!);
      out.push(Number(s));
    }
  }
  return out;
}

describe("sumInt32Exact", () => {
  it("equals the exact (BigInt) sums of arbitrary int32 values, in every layout", () => {
    const g = new Generator().manualSeed(3);
    const x = randint(-(2 ** 31), 2 ** 31, [6 * 50 * 4], { generator: g }).toTypedArray() as Int32Array;
    x[0] = -(2 ** 31);
    x[1] = 2 ** 31 - 1;
    for (const [outer, n, inner] of [
      [1, 1200, 1],
      [6, 200, 1],
      [6, 50, 4],
      [1, 1, 1200],
    ] as const) {
      const out = new Float64Array(outer * inner).fill(123);
      sumInt32Exact(x, 0, outer, n, inner, out);
      expect(Array.from(out)).toEqual(bigSums(x, outer, n, inner));
    }
    const out = new Float64Array(1);
    sumInt32Exact(x, 5, 1, 7, 1, out);
    expect(out[0]).toBe(bigSums(x.subarray(5, 12), 1, 7, 1)[0]);
  });
  it("is what sum() uses past 2^22 values, where running sums in doubles could round", () => {
    const n = 2 ** 22 + 3;
    const x = new Int32Array(n);
    for (let i = 0; i < n; i++) x[i] = i % 2 === 0 ? 2 ** 31 - 1 : -(2 ** 31) + 1;
    const want = bigSums(x, 1, n, 1)[0]!;
    expect(tensor(x).sum().item()).toBe(want);
    expect(tensor(x).reshape([-1, 1]).sum(0).item()).toBe(want);
  });
});
