/**
 * Matrix multiply kernel: C[m, n] = A[m, k] @ B[k, n], with A and B read through arbitrary
 * strides, so transposed operands are never copied by the op. C is contiguous (row stride n)
 * and is overwritten.
 *
 * Speed (see docs/performance.md): the bulk of C is computed in 4×8 tiles whose 32 partial sums
 * live in local variables, so each step over k does 12 loads for 32 multiply-adds. k is cut into
 * blocks of KC and, per block, B's slice (KC rows × up to NC columns) is packed once into a
 * contiguous float64 scratch panel laid out tile by tile ([column tile][k][8]), and A's 4 rows ×
 * KC into another ([k][4]). The tile loop then walks two unit-stride Float64Arrays: no strided
 * address arithmetic, no float32→float64 conversion per load, no cache-set conflicts from a
 * power-of-two row stride, and the same code serves every stride pattern (B transposed or not).
 * Packing costs O(k·n + m·k) against the O(m·n·k) multiply. Ragged edges (m mod 4 rows,
 * n mod 8 columns) are register-blocked dot products on the unpacked operands. Sums are
 * accumulated in double precision (rounded to C's type once per k-block).
 */
import type { TypedArray } from "../dtype.js";

/** k-block length: a packed 8-column panel of B (KC × 8 doubles, 8 KB) and A's 4 × KC stay in L1. */
const KC = 128;
/** Column-block width: bounds the packed B scratch at KC × NC doubles (1 MB) for any n. */
const NC = 1024;

/** Packed panels, grown on demand and reused by every call (JS runs one kernel at a time). */
let packedB = new Float64Array(0);
const packedA = new Float64Array(4 * KC);

function scratchB(size: number): Float64Array {
  if (packedB.length < size) packedB = new Float64Array(size);
  return packedB;
}

// biome-ignore format: the operands one per line (sizes; A, B and C with their offsets and strides).
export function matmulKernel(
  m: number, k: number, n: number,
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  c: TypedArray, cOff: number,
): void {
  if (k === 0) {
    // An empty sum: the tiles below would never store, so write the zeros here.
    for (let i = 0; i < m * n; i++) c[cOff + i] = 0;
    return;
  }
  // Each array type gets its own copy of the loops, so every load and store site sees one
  // typed-array class (V8 then emits a single fast path instead of a polymorphic dispatch).
  // Measured (issue 12, node 20, both dtypes used in one process): one shared copy fed Float32Array
  // and Float64Array ran thin products (256×256×3, 1024×2×16, 3×256×256) 1.3–1.8× slower and W1's
  // square f32 ones (N = 128–512) up to 1.4× slower at best-of-11; so the copies stay, written out
  // by hand rather than generated: a generator plus its regenerate-and-diff test is more to read,
  // and the generated module would hold the same copies (issue 12: this twin is kept on purpose).
  if (c instanceof Float32Array) {
    const nT = tiles32(
      m,
      k,
      n,
      a as Float32Array,
      aOff,
      aRs,
      aCs,
      b as Float32Array,
      bOff,
      bRs,
      bCs,
      c,
      cOff,
    );
    edges32(m, k, n, nT, a as Float32Array, aOff, aRs, aCs, b as Float32Array, bOff, bRs, bCs, c, cOff);
  } else if (c instanceof Float64Array) {
    const nT = tiles64(
      m,
      k,
      n,
      a as Float64Array,
      aOff,
      aRs,
      aCs,
      b as Float64Array,
      bOff,
      bRs,
      bCs,
      c,
      cOff,
    );
    edges64(m, k, n, nT, a as Float64Array, aOff, aRs, aCs, b as Float64Array, bOff, bRs, bCs, c, cOff);
  } else {
    tilesAny(m, k, n, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    edgesAny(m, k, n, n - (n & 3), a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
  }
}

/**
 * The 4×8-tiled part of C: rows [0, m − m mod 4) × cols [0, n − n mod 8), through packed
 * panels (see the file comment). Returns the first column it did not cover.
 */
// biome-ignore format: the 4×8 tile reads best laid out as a grid.
function tiles32(
  m: number, k: number, n: number,
  a: Float32Array, aOff: number, aRs: number, aCs: number,
  b: Float32Array, bOff: number, bRs: number, bCs: number,
  c: Float32Array, cOff: number,
): number {
  const m4 = m - (m & 3);
  const n8 = n - (n & 7);
  if (m4 === 0 || n8 === 0) return 0;
  const ap = packedA;
  const bp = scratchB(KC * Math.min(NC, n8));
  for (let j0 = 0; j0 < n8; j0 += NC) {
    const jEnd = Math.min(j0 + NC, n8);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const len = Math.min(KC, k - p0);
      const first = p0 === 0;
      // B[p0 : p0 + len, j0 : jEnd] as [column tile][p][8].
      for (let j = j0, q = 0; j < jEnd; j += 8) {
        for (let p = 0, src = bOff + p0 * bRs + j * bCs; p < len; p++, src += bRs, q += 8) {
          bp[q] = b[src]!; bp[q + 1] = b[src + bCs]!; bp[q + 2] = b[src + 2 * bCs]!; bp[q + 3] = b[src + 3 * bCs]!;
          bp[q + 4] = b[src + 4 * bCs]!; bp[q + 5] = b[src + 5 * bCs]!; bp[q + 6] = b[src + 6 * bCs]!; bp[q + 7] = b[src + 7 * bCs]!;
        }
      }
      for (let i = 0; i < m4; i += 4) {
        // A[i : i + 4, p0 : p0 + len] as [p][4].
        for (let p = 0, src = aOff + i * aRs + p0 * aCs, q = 0; p < len; p++, src += aCs, q += 4) {
          ap[q] = a[src]!; ap[q + 1] = a[src + aRs]!; ap[q + 2] = a[src + 2 * aRs]!; ap[q + 3] = a[src + 3 * aRs]!;
        }
        for (let j = j0; j < jEnd; j += 8) {
          const o0 = cOff + i * n + j, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
          let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
          let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
          if (!first) {
            c00 = c[o0]!; c01 = c[o0 + 1]!; c02 = c[o0 + 2]!; c03 = c[o0 + 3]!; c04 = c[o0 + 4]!; c05 = c[o0 + 5]!; c06 = c[o0 + 6]!; c07 = c[o0 + 7]!;
            c10 = c[o1]!; c11 = c[o1 + 1]!; c12 = c[o1 + 2]!; c13 = c[o1 + 3]!; c14 = c[o1 + 4]!; c15 = c[o1 + 5]!; c16 = c[o1 + 6]!; c17 = c[o1 + 7]!;
            c20 = c[o2]!; c21 = c[o2 + 1]!; c22 = c[o2 + 2]!; c23 = c[o2 + 3]!; c24 = c[o2 + 4]!; c25 = c[o2 + 5]!; c26 = c[o2 + 6]!; c27 = c[o2 + 7]!;
            c30 = c[o3]!; c31 = c[o3 + 1]!; c32 = c[o3 + 2]!; c33 = c[o3 + 3]!; c34 = c[o3 + 4]!; c35 = c[o3 + 5]!; c36 = c[o3 + 6]!; c37 = c[o3 + 7]!;
          }
          for (let qa = 0, q = (j - j0) * len, end = q + 8 * len; q < end; qa += 4, q += 8) {
            const x0 = ap[qa]!, x1 = ap[qa + 1]!, x2 = ap[qa + 2]!, x3 = ap[qa + 3]!;
            const y0 = bp[q]!, y1 = bp[q + 1]!, y2 = bp[q + 2]!, y3 = bp[q + 3]!;
            const y4 = bp[q + 4]!, y5 = bp[q + 5]!, y6 = bp[q + 6]!, y7 = bp[q + 7]!;
            c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3; c04 += x0 * y4; c05 += x0 * y5; c06 += x0 * y6; c07 += x0 * y7;
            c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3; c14 += x1 * y4; c15 += x1 * y5; c16 += x1 * y6; c17 += x1 * y7;
            c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3; c24 += x2 * y4; c25 += x2 * y5; c26 += x2 * y6; c27 += x2 * y7;
            c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3; c34 += x3 * y4; c35 += x3 * y5; c36 += x3 * y6; c37 += x3 * y7;
          }
          c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03; c[o0 + 4] = c04; c[o0 + 5] = c05; c[o0 + 6] = c06; c[o0 + 7] = c07;
          c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13; c[o1 + 4] = c14; c[o1 + 5] = c15; c[o1 + 6] = c16; c[o1 + 7] = c17;
          c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23; c[o2 + 4] = c24; c[o2 + 5] = c25; c[o2 + 6] = c26; c[o2 + 7] = c27;
          c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33; c[o3 + 4] = c34; c[o3 + 5] = c35; c[o3 + 6] = c36; c[o3 + 7] = c37;
        }
      }
    }
  }
  return n8;
}

/**
 * What the tiles leave, still register-blocked: the columns from `nT` on of the tiled rows in
 * 4×4 blocks (unpacked, whole k) and then four rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edges32(
  m: number, k: number, n: number, nT: number,
  a: Float32Array, aOff: number, aRs: number, aCs: number,
  b: Float32Array, bOff: number, bRs: number, bCs: number,
  c: Float32Array, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  let jt = nT;
  for (; jt < n4; jt += 4) {
    const b0 = bOff + jt * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
        const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const o0 = cOff + i * n + jt, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
      c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
      c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
      c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
    }
  }
  for (let j = jt; j < n; j++) {
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

/**
 * The 4×8-tiled part of C: rows [0, m − m mod 4) × cols [0, n − n mod 8), through packed
 * panels (see the file comment). Returns the first column it did not cover.
 */
// biome-ignore format: the 4×8 tile reads best laid out as a grid.
function tiles64(
  m: number, k: number, n: number,
  a: Float64Array, aOff: number, aRs: number, aCs: number,
  b: Float64Array, bOff: number, bRs: number, bCs: number,
  c: Float64Array, cOff: number,
): number {
  const m4 = m - (m & 3);
  const n8 = n - (n & 7);
  if (m4 === 0 || n8 === 0) return 0;
  const ap = packedA;
  const bp = scratchB(KC * Math.min(NC, n8));
  for (let j0 = 0; j0 < n8; j0 += NC) {
    const jEnd = Math.min(j0 + NC, n8);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const len = Math.min(KC, k - p0);
      const first = p0 === 0;
      // B[p0 : p0 + len, j0 : jEnd] as [column tile][p][8].
      for (let j = j0, q = 0; j < jEnd; j += 8) {
        for (let p = 0, src = bOff + p0 * bRs + j * bCs; p < len; p++, src += bRs, q += 8) {
          bp[q] = b[src]!; bp[q + 1] = b[src + bCs]!; bp[q + 2] = b[src + 2 * bCs]!; bp[q + 3] = b[src + 3 * bCs]!;
          bp[q + 4] = b[src + 4 * bCs]!; bp[q + 5] = b[src + 5 * bCs]!; bp[q + 6] = b[src + 6 * bCs]!; bp[q + 7] = b[src + 7 * bCs]!;
        }
      }
      for (let i = 0; i < m4; i += 4) {
        // A[i : i + 4, p0 : p0 + len] as [p][4].
        for (let p = 0, src = aOff + i * aRs + p0 * aCs, q = 0; p < len; p++, src += aCs, q += 4) {
          ap[q] = a[src]!; ap[q + 1] = a[src + aRs]!; ap[q + 2] = a[src + 2 * aRs]!; ap[q + 3] = a[src + 3 * aRs]!;
        }
        for (let j = j0; j < jEnd; j += 8) {
          const o0 = cOff + i * n + j, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
          let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
          let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
          if (!first) {
            c00 = c[o0]!; c01 = c[o0 + 1]!; c02 = c[o0 + 2]!; c03 = c[o0 + 3]!; c04 = c[o0 + 4]!; c05 = c[o0 + 5]!; c06 = c[o0 + 6]!; c07 = c[o0 + 7]!;
            c10 = c[o1]!; c11 = c[o1 + 1]!; c12 = c[o1 + 2]!; c13 = c[o1 + 3]!; c14 = c[o1 + 4]!; c15 = c[o1 + 5]!; c16 = c[o1 + 6]!; c17 = c[o1 + 7]!;
            c20 = c[o2]!; c21 = c[o2 + 1]!; c22 = c[o2 + 2]!; c23 = c[o2 + 3]!; c24 = c[o2 + 4]!; c25 = c[o2 + 5]!; c26 = c[o2 + 6]!; c27 = c[o2 + 7]!;
            c30 = c[o3]!; c31 = c[o3 + 1]!; c32 = c[o3 + 2]!; c33 = c[o3 + 3]!; c34 = c[o3 + 4]!; c35 = c[o3 + 5]!; c36 = c[o3 + 6]!; c37 = c[o3 + 7]!;
          }
          for (let qa = 0, q = (j - j0) * len, end = q + 8 * len; q < end; qa += 4, q += 8) {
            const x0 = ap[qa]!, x1 = ap[qa + 1]!, x2 = ap[qa + 2]!, x3 = ap[qa + 3]!;
            const y0 = bp[q]!, y1 = bp[q + 1]!, y2 = bp[q + 2]!, y3 = bp[q + 3]!;
            const y4 = bp[q + 4]!, y5 = bp[q + 5]!, y6 = bp[q + 6]!, y7 = bp[q + 7]!;
            c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3; c04 += x0 * y4; c05 += x0 * y5; c06 += x0 * y6; c07 += x0 * y7;
            c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3; c14 += x1 * y4; c15 += x1 * y5; c16 += x1 * y6; c17 += x1 * y7;
            c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3; c24 += x2 * y4; c25 += x2 * y5; c26 += x2 * y6; c27 += x2 * y7;
            c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3; c34 += x3 * y4; c35 += x3 * y5; c36 += x3 * y6; c37 += x3 * y7;
          }
          c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03; c[o0 + 4] = c04; c[o0 + 5] = c05; c[o0 + 6] = c06; c[o0 + 7] = c07;
          c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13; c[o1 + 4] = c14; c[o1 + 5] = c15; c[o1 + 6] = c16; c[o1 + 7] = c17;
          c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23; c[o2 + 4] = c24; c[o2 + 5] = c25; c[o2 + 6] = c26; c[o2 + 7] = c27;
          c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33; c[o3 + 4] = c34; c[o3 + 5] = c35; c[o3 + 6] = c36; c[o3 + 7] = c37;
        }
      }
    }
  }
  return n8;
}

/**
 * What the tiles leave, still register-blocked: the columns from `nT` on of the tiled rows in
 * 4×4 blocks (unpacked, whole k) and then four rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edges64(
  m: number, k: number, n: number, nT: number,
  a: Float64Array, aOff: number, aRs: number, aCs: number,
  b: Float64Array, bOff: number, bRs: number, bCs: number,
  c: Float64Array, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  let jt = nT;
  for (; jt < n4; jt += 4) {
    const b0 = bOff + jt * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
        const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const o0 = cOff + i * n + jt, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
      c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
      c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
      c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
    }
  }
  for (let j = jt; j < n; j++) {
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
  m: number, k: number, n: number,
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  c: TypedArray, cOff: number,
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
 * What the tiles leave, still register-blocked: the columns from `nT` on of the tiled rows in
 * 4×4 blocks (unpacked, whole k) and then four rows at a time, then the last m mod 4 rows four columns at a time (the corner as dot products).
 * Thin operands (a layer with 2 inputs or 3 classes) spend most of their time here.
 */
// biome-ignore format: the unrolled sums read best one block per line.
function edgesAny(
  m: number, k: number, n: number, nT: number,
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  c: TypedArray, cOff: number,
): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  let jt = nT;
  for (; jt < n4; jt += 4) {
    const b0 = bOff + jt * bCs, b1 = b0 + bCs, b2 = b1 + bCs, b3 = b2 + bCs;
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * aRs, a1 = a0 + aRs, a2 = a1 + aRs, a3 = a2 + aRs;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
        const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const o0 = cOff + i * n + jt, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
      c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
      c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
      c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
    }
  }
  for (let j = jt; j < n; j++) {
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
