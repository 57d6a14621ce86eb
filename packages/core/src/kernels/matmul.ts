/**
 * Matrix multiply kernel: C[m, n] (+)= A[m, k] @ B[k, n], with A and B read through arbitrary
 * strides, so transposed operands are never copied. C is contiguous.
 */
import type { TypedArray } from "../dtype.js";

export function matmulKernel(
  m: number,
  k: number,
  n: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
): void {
  if (bCs === 1) {
    // i-k-j order: the inner loop streams a row of B and a row of C.
    for (let i = 0; i < m; i++) {
      const cRow = cOff + i * n;
      for (let j = 0; j < n; j++) c[cRow + j] = 0;
      const aRow = aOff + i * aRs;
      for (let p = 0; p < k; p++) {
        const av = a[aRow + p * aCs]!;
        const bRow = bOff + p * bRs;
        for (let j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j]!;
      }
    }
    return;
  }
  // B is column-major-ish (e.g. a transposed weight): i-j-k dot products read both operands in order.
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    for (let j = 0; j < n; j++) {
      const bCol = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * aCs]! * b[bCol + p * bRs]!;
      c[cRow + j] = s;
    }
  }
}
