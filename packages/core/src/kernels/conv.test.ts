import { describe, expect, it } from "vitest";
import { type ConvGeometry, col2imKernel, im2colKernel } from "./conv.js";

// The kernels against the definition, one tap at a time, over geometries the op tests do not all
// reach: strides past the kernel, dilations, asymmetric padding (a column grid longer than the
// symmetric one), strided and offset inputs.

interface Geo extends ConvGeometry {
  n: number;
}

/** The image position of column (oy, ox) under tap (ki, kj), or -1 outside the image. */
function tap(g: Geo, ki: number, kj: number, oy: number, ox: number): number {
  const iy = oy * g.sH - g.pH + ki * g.dH;
  const ix = ox * g.sW - g.pW + kj * g.dW;
  return iy < 0 || iy >= g.h || ix < 0 || ix >= g.w ? -1 : iy * g.w + ix;
}

/**
 * Calls `f` for every entry of `g`'s column matrix, in order: image `b`, channel `ch`, column row
 * `r` (channel and tap) and column `l` (output position), with `p` the image position the entry
 * reads (`tap`; -1 outside the image).
 */
function eachTap(g: Geo, f: (b: number, ch: number, r: number, l: number, p: number) => void): void {
  for (let b = 0; b < g.n; b++)
    for (let ch = 0; ch < g.c; ch++)
      for (let ki = 0; ki < g.kH; ki++)
        for (let kj = 0; kj < g.kW; kj++)
          for (let oy = 0; oy < g.oH; oy++)
            for (let ox = 0; ox < g.oW; ox++)
              f(b, ch, (ch * g.kH + ki) * g.kW + kj, oy * g.oW + ox, tap(g, ki, kj, oy, ox));
}

function geometries(): Geo[] {
  const out: Geo[] = [];
  let seed = 7;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  for (let t = 0; t < 60; t++) {
    const g = {
      n: 1 + rnd(2),
      c: 1 + rnd(3),
      h: 1 + rnd(6),
      w: 1 + rnd(7),
      kH: 1 + rnd(3),
      kW: 1 + rnd(4),
      sH: 1 + rnd(3),
      sW: 1 + rnd(4),
      pH: rnd(3),
      pW: rnd(3),
      dH: 1 + rnd(2),
      dW: 1 + rnd(3),
      oH: 0,
      oW: 0,
    };
    const extraH = rnd(2);
    const extraW = rnd(2);
    g.oH = Math.floor((g.h + 2 * g.pH + extraH - g.dH * (g.kH - 1) - 1) / g.sH) + 1;
    g.oW = Math.floor((g.w + 2 * g.pW + extraW - g.dW * (g.kW - 1) - 1) / g.sW) + 1;
    if (g.oH >= 1 && g.oW >= 1) out.push(g);
  }
  return out;
}

describe("im2col and col2im kernels against the definition", () => {
  const cases = geometries();
  it("has enough geometries", () => expect(cases.length).toBeGreaterThan(30));

  it("im2col reads each tap (strided, offset input) and writes zeros outside the image", () => {
    for (const g of cases) {
      // Input stored with a gap between images and channels and an offset of 3.
      const sC = g.h * g.w + 2;
      const sN = g.c * sC + 5;
      const x = new Float64Array(3 + g.n * sN);
      for (let i = 0; i < x.length; i++) x[i] = i * 0.5 - 7;
      const rows = g.c * g.kH * g.kW;
      const L = g.oH * g.oW;
      const col = new Float64Array(1 + g.n * rows * L).fill(Number.NaN);
      im2colKernel(x, 3, [sN, sC, g.w, 1], g.n, g, col, 1);
      expect(Number.isNaN(col[0]!)).toBe(true);
      eachTap(g, (b, ch, r, l, p) => {
        const want = p < 0 ? 0 : x[3 + b * sN + ch * sC + p]!;
        expect(col[1 + (b * rows + r) * L + l]).toBe(want);
      });
    }
  });

  it("col2im sums each column into its tap, reading strided columns", () => {
    for (const g of cases) {
      const rows = g.c * g.kH * g.kW;
      const L = g.oH * g.oW;
      // Columns stored transposed ([n, L, rows]): strides (rows·L, 1, rows).
      const col = new Float32Array(g.n * rows * L);
      for (let i = 0; i < col.length; i++) col[i] = ((i * 37) % 11) - 5;
      const out = new Float32Array(2 + g.n * g.c * g.h * g.w).fill(Number.NaN);
      col2imKernel(col, 0, [rows * L, 1, rows], g.n, g, out, 2);
      const want = new Float64Array(g.n * g.c * g.h * g.w);
      eachTap(g, (b, ch, r, l, p) => {
        if (p < 0) return;
        const k = (b * g.c + ch) * g.h * g.w + p;
        want[k] = want[k]! + col[b * rows * L + l * rows + r]!;
      });
      expect(Number.isNaN(out[1]!)).toBe(true);
      expect(Array.from(out.subarray(2))).toEqual(Array.from(want));
    }
  });
});
