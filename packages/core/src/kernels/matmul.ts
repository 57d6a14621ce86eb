/**
 * Matrix multiply kernel: C[m, n] = A[m, k] @ B[k, n], with A and B read through arbitrary
 * strides, so transposed operands are never copied. C is contiguous (row stride n) and is
 * overwritten.
 *
 * Speed (see docs/performance.md): the bulk of C is computed in 4×4 tiles whose 16 partial sums
 * live in local variables (registers), so each step over k does 8 loads for 16 multiply-adds
 * instead of 2 loads per multiply-add. k is cut into blocks of KC so that the slice of B one
 * row-tile sweeps over stays in L1 cache even when B's row stride is a power of two (which
 * otherwise maps every row to the same few cache sets). The same code serves B row-major and B
 * transposed: only the strides differ. Ragged edges (m or n not a multiple of 4) are plain dot
 * products. Sums are accumulated in double precision (rounded to C's type once per k-block).
 */
import type { TypedArray } from "../dtype.js";

/** k-block length: 128 rows of B (and 4×128 of A) fit L1 together on the CPUs we measured. */
const KC = 128;

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
  if (k === 0) {
    // An empty sum: the tiles below would never store, so write the zeros here.
    for (let i = 0; i < m * n; i++) c[cOff + i] = 0;
    return;
  }
  // Each array type gets its own copy of the loops, so every load and store site sees one
  // typed-array class (V8 then emits a single fast path instead of a polymorphic dispatch).
  if (c instanceof Float32Array) {
    tiles32(m, k, n, a as Float32Array, aOff, aRs, aCs, b as Float32Array, bOff, bRs, bCs, c, cOff);
    edges32(m, k, n, a as Float32Array, aOff, aRs, aCs, b as Float32Array, bOff, bRs, bCs, c, cOff);
  } else if (c instanceof Float64Array) {
    tiles64(m, k, n, a as Float64Array, aOff, aRs, aCs, b as Float64Array, bOff, bRs, bCs, c, cOff);
    edges64(m, k, n, a as Float64Array, aOff, aRs, aCs, b as Float64Array, bOff, bRs, bCs, c, cOff);
  } else {
    tilesAny(m, k, n, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    edgesAny(m, k, n, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
  }
}

/** The 4×4-tiled part of C: rows [0, m − m mod 4) × cols [0, n − n mod 4). */
// biome-ignore format: the 4×4 tile reads best laid out as a 4×4 grid.
function tiles32(
  m: number,
  k: number,
  n: number,
  a: Float32Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float32Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float32Array,
  cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const len = Math.min(KC, k - p0);
    const first = p0 === 0;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs + p0 * aCs;
      const a1 = a0 + aRs;
      const a2 = a1 + aRs;
      const a3 = a2 + aRs;
      for (let j = 0; j < n4; j += 4) {
        const b0 = bOff + j * bCs + p0 * bRs;
        const b1 = b0 + bCs;
        const b2 = b1 + bCs;
        const b3 = b2 + bCs;
        const o0 = cOff + i * n + j;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        if (!first) {
          c00 = c[o0]!; c01 = c[o0 + 1]!; c02 = c[o0 + 2]!; c03 = c[o0 + 3]!;
          c10 = c[o1]!; c11 = c[o1 + 1]!; c12 = c[o1 + 2]!; c13 = c[o1 + 3]!;
          c20 = c[o2]!; c21 = c[o2 + 1]!; c22 = c[o2 + 2]!; c23 = c[o2 + 3]!;
          c30 = c[o3]!; c31 = c[o3 + 1]!; c32 = c[o3 + 2]!; c33 = c[o3 + 3]!;
        }
        for (let p = 0, pa = 0, pb = 0; p < len; p++, pa += aCs, pb += bRs) {
          const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
          const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
        c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
        c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
        c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
      }
    }
  }
}

/**
 * What the tiles leave, still register-blocked: the last n mod 4 columns of the tiled rows four
 * rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edges32(
  m: number, k: number, n: number,
  a: Float32Array, aOff: number, aRs: number, aCs: number,
  b: Float32Array, bOff: number, bRs: number, bCs: number,
  c: Float32Array, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let j = n4; j < n; j++) {
    const bCol = bOff + j * bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = 0, pb = bCol; p < k; p++, pa += aCs, pb += bRs) {
        const y = b[pb]!;
        s0 += a[a0 + pa]! * y; s1 += a[a1 + pa]! * y; s2 += a[a2 + pa]! * y; s3 += a[a3 + pa]! * y;
      }
      const o = cOff + i * n + j;
      c[o] = s0; c[o + n] = s1; c[o + 2 * n] = s2; c[o + 3 * n] = s3;
    }
  }
  for (let i = m4; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = bOff + j * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = aRow, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x = a[pa]!;
        s0 += x * b[b0 + pb]!; s1 += x * b[b1 + pb]!; s2 += x * b[b2 + pb]!; s3 += x * b[b3 + pb]!;
      }
      c[cRow + j] = s0; c[cRow + j + 1] = s1; c[cRow + j + 2] = s2; c[cRow + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bCol = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * aCs]! * b[bCol + p * bRs]!;
      c[cRow + j] = s;
    }
  }
}

/** The 4×4-tiled part of C: rows [0, m − m mod 4) × cols [0, n − n mod 4). */
// biome-ignore format: the 4×4 tile reads best laid out as a 4×4 grid.
function tiles64(
  m: number,
  k: number,
  n: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const len = Math.min(KC, k - p0);
    const first = p0 === 0;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs + p0 * aCs;
      const a1 = a0 + aRs;
      const a2 = a1 + aRs;
      const a3 = a2 + aRs;
      for (let j = 0; j < n4; j += 4) {
        const b0 = bOff + j * bCs + p0 * bRs;
        const b1 = b0 + bCs;
        const b2 = b1 + bCs;
        const b3 = b2 + bCs;
        const o0 = cOff + i * n + j;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        if (!first) {
          c00 = c[o0]!; c01 = c[o0 + 1]!; c02 = c[o0 + 2]!; c03 = c[o0 + 3]!;
          c10 = c[o1]!; c11 = c[o1 + 1]!; c12 = c[o1 + 2]!; c13 = c[o1 + 3]!;
          c20 = c[o2]!; c21 = c[o2 + 1]!; c22 = c[o2 + 2]!; c23 = c[o2 + 3]!;
          c30 = c[o3]!; c31 = c[o3 + 1]!; c32 = c[o3 + 2]!; c33 = c[o3 + 3]!;
        }
        for (let p = 0, pa = 0, pb = 0; p < len; p++, pa += aCs, pb += bRs) {
          const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
          const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
        c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
        c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
        c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
      }
    }
  }
}

/**
 * What the tiles leave, still register-blocked: the last n mod 4 columns of the tiled rows four
 * rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edges64(
  m: number, k: number, n: number,
  a: Float64Array, aOff: number, aRs: number, aCs: number,
  b: Float64Array, bOff: number, bRs: number, bCs: number,
  c: Float64Array, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let j = n4; j < n; j++) {
    const bCol = bOff + j * bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = 0, pb = bCol; p < k; p++, pa += aCs, pb += bRs) {
        const y = b[pb]!;
        s0 += a[a0 + pa]! * y; s1 += a[a1 + pa]! * y; s2 += a[a2 + pa]! * y; s3 += a[a3 + pa]! * y;
      }
      const o = cOff + i * n + j;
      c[o] = s0; c[o + n] = s1; c[o + 2 * n] = s2; c[o + 3 * n] = s3;
    }
  }
  for (let i = m4; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = bOff + j * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = aRow, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x = a[pa]!;
        s0 += x * b[b0 + pb]!; s1 += x * b[b1 + pb]!; s2 += x * b[b2 + pb]!; s3 += x * b[b3 + pb]!;
      }
      c[cRow + j] = s0; c[cRow + j + 1] = s1; c[cRow + j + 2] = s2; c[cRow + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bCol = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * aCs]! * b[bCol + p * bRs]!;
      c[cRow + j] = s;
    }
  }
}

/** The 4×4-tiled part of C: rows [0, m − m mod 4) × cols [0, n − n mod 4). */
// biome-ignore format: the 4×4 tile reads best laid out as a 4×4 grid.
function tilesAny(
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
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const len = Math.min(KC, k - p0);
    const first = p0 === 0;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs + p0 * aCs;
      const a1 = a0 + aRs;
      const a2 = a1 + aRs;
      const a3 = a2 + aRs;
      for (let j = 0; j < n4; j += 4) {
        const b0 = bOff + j * bCs + p0 * bRs;
        const b1 = b0 + bCs;
        const b2 = b1 + bCs;
        const b3 = b2 + bCs;
        const o0 = cOff + i * n + j;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        if (!first) {
          c00 = c[o0]!; c01 = c[o0 + 1]!; c02 = c[o0 + 2]!; c03 = c[o0 + 3]!;
          c10 = c[o1]!; c11 = c[o1 + 1]!; c12 = c[o1 + 2]!; c13 = c[o1 + 3]!;
          c20 = c[o2]!; c21 = c[o2 + 1]!; c22 = c[o2 + 2]!; c23 = c[o2 + 3]!;
          c30 = c[o3]!; c31 = c[o3 + 1]!; c32 = c[o3 + 2]!; c33 = c[o3 + 3]!;
        }
        for (let p = 0, pa = 0, pb = 0; p < len; p++, pa += aCs, pb += bRs) {
          const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
          const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
        c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
        c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
        c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
      }
    }
  }
}

/**
 * What the tiles leave, still register-blocked: the last n mod 4 columns of the tiled rows four
 * rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edgesAny(
  m: number, k: number, n: number,
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  c: TypedArray, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  for (let j = n4; j < n; j++) {
    const bCol = bOff + j * bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = 0, pb = bCol; p < k; p++, pa += aCs, pb += bRs) {
        const y = b[pb]!;
        s0 += a[a0 + pa]! * y; s1 += a[a1 + pa]! * y; s2 += a[a2 + pa]! * y; s3 += a[a3 + pa]! * y;
      }
      const o = cOff + i * n + j;
      c[o] = s0; c[o + n] = s1; c[o + 2 * n] = s2; c[o + 3 * n] = s3;
    }
  }
  for (let i = m4; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = bOff + j * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, pa = aRow, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x = a[pa]!;
        s0 += x * b[b0 + pb]!; s1 += x * b[b1 + pb]!; s2 += x * b[b2 + pb]!; s3 += x * b[b3 + pb]!;
      }
      c[cRow + j] = s0; c[cRow + j + 1] = s1; c[cRow + j + 2] = s2; c[cRow + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bCol = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * aCs]! * b[bCol + p * bRs]!;
      c[cRow + j] = s;
    }
  }
}
