/**
 * The tiled matmul kernel against a plain triple loop in float64, over the shapes that exercise
 * each path: whole packed 4×8 tiles, 4×4 column blocks, ragged edges, k longer than one k-block,
 * more columns than one packed panel, transposed operands
 * (strides swapped, never copied), offsets, and each array type.
 */
import { describe, expect, it } from "vitest";
import type { TypedArray } from "../dtype.js";
import { matmulKernel } from "./matmul.js";

/** A small deterministic stream (no dependency on the library's RNG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

type Make = (n: number) => TypedArray;
const KINDS: [string, Make, boolean][] = [
  ["float32", (n) => new Float32Array(n), true],
  ["float64", (n) => new Float64Array(n), true],
  ["int32", (n) => new Int32Array(n), false],
];

/** Stores a logical [rows, cols] matrix at `off`, row-major or transposed; returns its strides. */
function place(make: Make, vals: number[], rows: number, cols: number, transposed: boolean, off: number) {
  const data = make(off + rows * cols + 3);
  const [rs, cs] = transposed ? [1, rows] : [cols, 1];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) data[off + i * rs + j * cs] = vals[i * cols + j]!;
  return { data, rs, cs };
}

describe("matmulKernel", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 4, 4],
    [5, 3, 7],
    [8, 130, 12],
    [13, 257, 9],
    [3, 2, 64],
    [2, 0, 3],
    // 4×8 packed tiles plus a 4-column block and a 1-column tail (n = 8·2 + 4 + 1).
    [9, 131, 21],
    // Two column blocks of the packed B panel (NC = 1024) and three k-blocks.
    [4, 300, 1032],
  ];
  for (const [kind, make, floating] of KINDS) {
    for (const [m, k, n] of shapes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          it(`${kind} [${m},${k}]@[${k},${n}] A${ta ? "ᵀ" : ""} B${tb ? "ᵀ" : ""}`, () => {
            const rnd = lcg(m * 1000 + k * 10 + n);
            const val = () => (floating ? rnd() * 2 - 1 : Math.floor(rnd() * 7) - 3);
            const av = Array.from({ length: m * k }, val);
            const bv = Array.from({ length: k * n }, val);
            // Round the inputs to the array type first, so the reference sees the same numbers.
            const A = place(make, av, m, k, ta, 2);
            const B = place(make, bv, k, n, tb, 1);
            const c = make(m * n + 5).fill(99);
            matmulKernel(m, k, n, A.data, 2, A.rs, A.cs, B.data, 1, B.rs, B.cs, c, 5);
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let s = 0;
                for (let p = 0; p < k; p++)
                  s += A.data[2 + i * A.rs + p * A.cs]! * B.data[1 + p * B.rs + j * B.cs]!;
                const got = c[5 + i * n + j]!;
                if (kind === "int32") expect(got).toBe(s);
                else {
                  // float32 stores round to 2^-24 relative; float64 only differs by summation order.
                  const tol = kind === "float32" ? 1e-6 : 1e-12;
                  expect(Math.abs(got - s)).toBeLessThanOrEqual(tol * (1 + Math.abs(s)));
                }
              }
            }
            // Nothing before the output's offset is touched.
            expect(Array.from(c.subarray(0, 5))).toEqual([99, 99, 99, 99, 99]);
          });
        }
      }
    }
  }
});
