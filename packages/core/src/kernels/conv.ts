/**
 * im2col and col2im, the two data movements convolution is built from (ops/conv.ts): im2col lays
 * every receptive field of an image batch out as a column, so a convolution is one matrix product
 * with the weight (the `matmul` kernel does the arithmetic); col2im sums columns back into images
 * (its adjoint: the gradient of im2col, and the forward of a transposed convolution).
 *
 * Layout, as PyTorch's `F.unfold`: images `[n, c, h, w]`, columns `[n, c·kH·kW, oH·oW]` with the
 * row index `(ch·kH + ki)·kW + kj` and the column index `oy·oW + ox`. Image position of column
 * (oy, ox) under kernel tap (ki, kj): `iy = oy·sH − pH + ki·dH`, `ix = ox·sW − pW + kj·dW`; taps
 * outside the image read as 0 (zero padding). The padding after the image is implied by the column
 * grid `oH × oW` the caller passes, so asymmetric padding ("same" with an even kernel) needs no
 * copy of the input.
 *
 * The range of `ox` whose taps land inside the image is computed once per (ki, kj), so the inner
 * loops are branch-free runs of zeros, strided copies and zeros.
 */
import type { TypedArray } from "../dtype.js";

/**
 * One im2col / col2im: images `[n, c, h, w]`, kernel `kH × kW`, stride, dilation, the padding
 * before the image (top, left) and the column grid `oH × oW` (which implies the padding after it).
 */
export interface ConvGeometry {
  c: number;
  h: number;
  w: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  pH: number;
  pW: number;
  dH: number;
  dW: number;
  oH: number;
  oW: number;
}

/** The first `ox` in `[0, oW]` whose tap `ox·s + shift` is ≥ 0. */
function firstInside(shift: number, s: number, oW: number): number {
  return shift >= 0 ? 0 : Math.min(oW, Math.ceil(-shift / s));
}

/** One past the last `ox` in `[lo, oW]` whose tap `ox·s + shift` is < `w`. */
function endInside(shift: number, s: number, w: number, oW: number, lo: number): number {
  const last = w - 1 - shift;
  return last < 0 ? lo : Math.max(lo, Math.min(oW, Math.floor(last / s) + 1));
}

/**
 * Writes the columns of `x` (an `[n, c, h, w]` view: data, offset, its four strides) into `col` from
 * `colOff`, contiguous `[n, c·kH·kW, oH·oW]`; every element of that range is written.
 */
export function im2colKernel(
  x: TypedArray,
  xOff: number,
  xs: readonly number[],
  n: number,
  g: ConvGeometry,
  col: TypedArray,
  colOff: number,
): void {
  const [xsN, xsC, xsH, xsW] = [xs[0]!, xs[1]!, xs[2]!, xs[3]!];
  const { c, h, w, kH, kW, sH, sW, pH, pW, dH, dW, oH, oW } = g;
  let r = colOff;
  const step = sW * xsW;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = xOff + b * xsN + ch * xsC;
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          const shift = kj * dW - pW;
          const lo = firstInside(shift, sW, oW);
          const hi = endInside(shift, sW, w, oW, lo);
          for (let oy = 0; oy < oH; oy++) {
            const iy = oy * sH - pH + ki * dH;
            if (iy < 0 || iy >= h) {
              for (let ox = 0; ox < oW; ox++) col[r++] = 0;
              continue;
            }
            let ox = 0;
            for (; ox < lo; ox++) col[r++] = 0;
            let p = base + iy * xsH + (lo * sW + shift) * xsW;
            for (; ox < hi; ox++) {
              col[r++] = x[p]!;
              p += step;
            }
            for (; ox < oW; ox++) col[r++] = 0;
          }
        }
      }
    }
  }
}

/** Per-image sums in doubles, grown on demand and reused (JS runs one kernel at a time). */
let acc = new Float64Array(0);

/**
 * Sums the columns `col` (an `[n, c·kH·kW, oH·oW]` view: data, offset, its three strides) into images:
 * `out` from `outOff`, contiguous `[n, c, h, w]`, overwritten. Each image is accumulated in
 * doubles and rounded once on store.
 */
export function col2imKernel(
  col: TypedArray,
  colOff: number,
  cs: readonly number[],
  n: number,
  g: ConvGeometry,
  out: TypedArray,
  outOff: number,
): void {
  const [csN, csR, csL] = [cs[0]!, cs[1]!, cs[2]!];
  const { c, h, w, kH, kW, sH, sW, pH, pW, dH, dW, oH, oW } = g;
  const image = c * h * w;
  if (acc.length < image) acc = new Float64Array(image);
  const a = acc;
  const step = sW;
  for (let b = 0; b < n; b++) {
    a.fill(0, 0, image);
    let row = colOff + b * csN;
    for (let ch = 0; ch < c; ch++) {
      const base = ch * h * w;
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          const shift = kj * dW - pW;
          const lo = firstInside(shift, sW, oW);
          const hi = endInside(shift, sW, w, oW, lo);
          for (let oy = 0; oy < oH; oy++) {
            const iy = oy * sH - pH + ki * dH;
            if (iy < 0 || iy >= h || hi <= lo) continue;
            let p = base + iy * w + lo * sW + shift;
            let q = row + (oy * oW + lo) * csL;
            for (let ox = lo; ox < hi; ox++) {
              a[p] = a[p]! + col[q]!;
              p += step;
              q += csL;
            }
          }
          row += csR;
        }
      }
    }
    const o = outOff + b * image;
    for (let i = 0; i < image; i++) out[o + i] = a[i]!;
  }
}
