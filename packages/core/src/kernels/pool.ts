/**
 * The loops of pooling and resampling (ops/pool.ts): max / average / adaptive pooling over the
 * last two dims of `[N, C, H, W]`, their backward scatters, max-unpooling, and the separable
 * nearest / bilinear resampling behind `interpolate`.
 *
 * Forward kernels read their input through its four strides and an offset (an unbatched
 * `[C, H, W]` input is `N = 1` with `sN = 0`), so a transposed or sliced view is not copied first;
 * outputs, incoming gradients and indices are contiguous `[N·C, ·, ·]` planes. Window bounds and
 * tie-breaking follow PyTorch 1.13's CPU kernels (aten/src/ATen/native/cpu/MaxPoolKernel.cpp,
 * AvgPoolKernel.cpp, AdaptiveAvgPoolKernel.cpp, AdaptiveMaxPoolKernel.cpp, UpSampleKernel.cpp).
 */
import type { TypedArray } from "../dtype.js";

/** Where a `[N, C, H, W]` input lives: its offset, strides and sizes. */
export interface Planes4d {
  offset: number;
  sN: number;
  sC: number;
  sH: number;
  sW: number;
  n: number;
  c: number;
  h: number;
  w: number;
}

/** A pooling window's geometry: output size, kernel, stride, padding and dilation per axis. */
export interface Window2d {
  oh: number;
  ow: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
}

/**
 * The largest input of the window rows `[h0, h1)` step `dh` × columns `[w0, w1)` step `dw` of the
 * plane at `base` (row stride `sH`, column stride `sW`, width `W`), written to `out[o]` with its
 * position `h·W + w` in `indices[o]`. The first maximum in scan order wins a tie and a NaN wins
 * over everything (a later NaN over an earlier one), as in PyTorch; an empty window gives -inf at
 * its first position.
 */
function windowMax(
  x: TypedArray,
  base: number,
  sH: number,
  sW: number,
  W: number,
  h0: number,
  h1: number,
  dh: number,
  w0: number,
  w1: number,
  dw: number,
  out: TypedArray,
  indices: Int32Array,
  o: number,
): void {
  let best = Number.NEGATIVE_INFINITY;
  let at = h0 * W + w0;
  for (let h = h0; h < h1; h += dh) {
    const row = base + h * sH;
    for (let w = w0; w < w1; w += dw) {
      const v = x[row + w * sW]!;
      // `v !== v`: NaN propagates, as PyTorch's `val > maxval || isnan(val)`.
      if (v > best || v !== v) {
        best = v;
        at = h * W + w;
      }
    }
  }
  out[o] = best;
  indices[o] = at;
}

/** The sum of the window `[h0, h1) × [w0, w1)` of the plane at `base` (strides `sH`, `sW`). */
function windowSum(
  x: TypedArray,
  base: number,
  sH: number,
  sW: number,
  h0: number,
  h1: number,
  w0: number,
  w1: number,
): number {
  let sum = 0;
  for (let h = h0; h < h1; h++) {
    const row = base + h * sH;
    for (let w = w0; w < w1; w++) sum += x[row + w * sW]!;
  }
  return sum;
}

/** `gradIn[h, w] += delta` over the window `[h0, h1) × [w0, w1)` of the contiguous plane at `base`. */
function addToWindow(
  gradIn: TypedArray,
  base: number,
  W: number,
  h0: number,
  h1: number,
  w0: number,
  w1: number,
  delta: number,
): void {
  for (let h = h0; h < h1; h++) {
    const row = base + h * W;
    for (let w = w0; w < w1; w++) gradIn[row + w]! += delta;
  }
}

/**
 * Max pooling: each output is the largest input in its (dilated, padded) window and `indices`
 * its position `h·W + w` in the input plane, ties and NaN as {@link windowMax}.
 */
export function maxPool2dKernel(
  x: TypedArray,
  p: Planes4d,
  g: Window2d,
  out: TypedArray,
  indices: Int32Array,
): void {
  const { offset, sN, sC, sH, sW, n: N, c: C, h: H, w: W } = p;
  const { oh: OH, ow: OW, kh, kw, sh, sw, ph, pw, dh, dw } = g;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sN + c * sC;
      for (let oh = 0; oh < OH; oh++) {
        let h0 = oh * sh - ph;
        const h1 = Math.min(h0 + (kh - 1) * dh + 1, H);
        while (h0 < 0) h0 += dh;
        for (let ow = 0; ow < OW; ow++) {
          let w0 = ow * sw - pw;
          const w1 = Math.min(w0 + (kw - 1) * dw + 1, W);
          while (w0 < 0) w0 += dw;
          windowMax(x, base, sH, sW, W, h0, h1, dh, w0, w1, dw, out, indices, o++);
        }
      }
    }
  }
}

/**
 * The backward of max pooling (and the forward of nothing else): `gradIn[plane, idx] += g[plane, o]`
 * for each output `o` of each of `planes` planes, `idx = indices[plane, o]`. `gradIn` must be zeroed.
 */
export function indexScatterAddKernel(
  planes: number,
  inPlane: number,
  outPlane: number,
  g: TypedArray,
  gOff: number,
  indices: Int32Array,
  gradIn: TypedArray,
): void {
  for (let pl = 0; pl < planes; pl++) {
    const ib = pl * inPlane;
    const ob = pl * outPlane;
    for (let o = 0; o < outPlane; o++) gradIn[ib + indices[ob + o]!]! += g[gOff + ob + o];
  }
}

/**
 * Max-unpooling: a zeroed `out` of `planes` planes of `outPlane` elements gets
 * `out[plane, indices[plane, i]] = x[plane, i]`. Returns -1, or the first position `i` (over all
 * planes) whose index is outside `[0, outPlane)`, where it stopped.
 */
export function maxUnpoolKernel(
  planes: number,
  inPlane: number,
  outPlane: number,
  x: TypedArray,
  xOff: number,
  indices: Int32Array,
  iOff: number,
  out: TypedArray,
): number {
  for (let pl = 0; pl < planes; pl++) {
    const ib = pl * inPlane;
    const ob = pl * outPlane;
    for (let i = 0; i < inPlane; i++) {
      const idx = indices[iOff + ib + i]!;
      if (idx < 0 || idx >= outPlane) return ib + i;
      out[ob + idx] = x[xOff + ib + i]!;
    }
  }
  return -1;
}

/** The backward of max-unpooling: `gradIn[plane, i] = g[plane, indices[plane, i]]`. */
export function indexGatherKernel(
  planes: number,
  inPlane: number,
  outPlane: number,
  g: TypedArray,
  gOff: number,
  indices: Int32Array,
  iOff: number,
  gradIn: TypedArray,
): void {
  for (let pl = 0; pl < planes; pl++) {
    const ib = pl * inPlane;
    const ob = gOff + pl * outPlane;
    for (let i = 0; i < inPlane; i++) gradIn[ib + i] = g[ob + indices[iOff + ib + i]!]!;
  }
}

/**
 * Average pooling's windows along one axis (dilation 1): for output `i`, the window clipped to
 * the input, `[start[i], end[i])`, and the size of the window clipped to the padded input.
 */
interface AvgAxis {
  start: Int32Array;
  end: Int32Array;
  padded: Int32Array;
}

function avgAxis(outSize: number, size: number, k: number, s: number, pad: number): AvgAxis {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  const padded = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const a = i * s - pad;
    const b = Math.min(a + k, size + pad);
    start[i] = Math.max(a, 0);
    end[i] = Math.min(b, size);
    padded[i] = b - a;
  }
  return { start, end, padded };
}

/**
 * The divisor of output `(i, j)`: `divisor` when it is not 0 (`divisor_override`), else the
 * window's size clipped to the padded input (`countIncludePad`) or to the input itself.
 */
function avgDivisor(
  divisor: number,
  countIncludePad: boolean,
  ah: AvgAxis,
  aw: AvgAxis,
  i: number,
  j: number,
): number {
  if (divisor !== 0) return divisor;
  if (countIncludePad) return ah.padded[i]! * aw.padded[j]!;
  return (ah.end[i]! - ah.start[i]!) * (aw.end[j]! - aw.start[j]!);
}

/**
 * Average pooling (dilation 1), each window's sum over {@link avgDivisor}. A window that holds
 * only padding gives 0.
 */
export function avgPool2dKernel(
  x: TypedArray,
  p: Planes4d,
  g: Window2d,
  countIncludePad: boolean,
  divisor: number,
  out: TypedArray,
): void {
  const { offset, sN, sC, sH, sW, n: N, c: C, h: H, w: W } = p;
  const ah = avgAxis(g.oh, H, g.kh, g.sh, g.ph);
  const aw = avgAxis(g.ow, W, g.kw, g.sw, g.pw);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sN + c * sC;
      for (let oh = 0; oh < g.oh; oh++) {
        const h0 = ah.start[oh]!;
        const h1 = ah.end[oh]!;
        for (let ow = 0; ow < g.ow; ow++) {
          const w0 = aw.start[ow]!;
          const w1 = aw.end[ow]!;
          if (h0 >= h1 || w0 >= w1) {
            out[o++] = 0;
            continue;
          }
          const d = avgDivisor(divisor, countIncludePad, ah, aw, oh, ow);
          out[o++] = windowSum(x, base, sH, sW, h0, h1, w0, w1) / d;
        }
      }
    }
  }
}

/** The backward of {@link avgPool2dKernel}: each output's gradient / divisor, added over its window. */
export function avgPool2dBackwardKernel(
  gr: TypedArray,
  gOff: number,
  p: Planes4d,
  g: Window2d,
  countIncludePad: boolean,
  divisor: number,
  gradIn: TypedArray,
): void {
  const { n: N, c: C, h: H, w: W } = p;
  const ah = avgAxis(g.oh, H, g.kh, g.sh, g.ph);
  const aw = avgAxis(g.ow, W, g.kw, g.sw, g.pw);
  const planes = N * C;
  let o = gOff;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * H * W;
    for (let oh = 0; oh < g.oh; oh++) {
      const h0 = ah.start[oh]!;
      const h1 = ah.end[oh]!;
      for (let ow = 0; ow < g.ow; ow++) {
        const w0 = aw.start[ow]!;
        const w1 = aw.end[ow]!;
        const v = gr[o++]!;
        if (h0 >= h1 || w0 >= w1) continue;
        addToWindow(
          gradIn,
          base,
          W,
          h0,
          h1,
          w0,
          w1,
          v / avgDivisor(divisor, countIncludePad, ah, aw, oh, ow),
        );
      }
    }
  }
}

/**
 * The adaptive windows along one axis, PyTorch's `start_index` / `end_index`:
 * `[⌊i·in/out⌋, ⌈(i+1)·in/out⌉)` for output `i`, written into `starts` and `ends` (length `out`).
 */
export function adaptiveBounds(inSize: number, outSize: number, starts: Int32Array, ends: Int32Array): void {
  for (let i = 0; i < outSize; i++) {
    starts[i] = Math.floor((i * inSize) / outSize);
    ends[i] = Math.floor(((i + 1) * inSize + outSize - 1) / outSize);
  }
}

/**
 * Adaptive pooling over the windows `[hs[i], he[i]) × [ws[j], we[j])` ({@link adaptiveBounds}):
 * the mean (`indices` null; `sum / kh / kw` as PyTorch divides) or the max with its plane index
 * (ties and NaN as {@link windowMax}).
 */
export function adaptivePool2dKernel(
  x: TypedArray,
  p: Planes4d,
  hs: Int32Array,
  he: Int32Array,
  ws: Int32Array,
  we: Int32Array,
  out: TypedArray,
  indices: Int32Array | null,
): void {
  const { offset, sN, sC, sH, sW, n: N, c: C, w: W } = p;
  const OH = hs.length;
  const OW = ws.length;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sN + c * sC;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = hs[oh]!;
        const h1 = he[oh]!;
        for (let ow = 0; ow < OW; ow++) {
          const w0 = ws[ow]!;
          const w1 = we[ow]!;
          if (indices === null) out[o++] = windowSum(x, base, sH, sW, h0, h1, w0, w1) / (h1 - h0) / (w1 - w0);
          else windowMax(x, base, sH, sW, W, h0, h1, 1, w0, w1, 1, out, indices, o++);
        }
      }
    }
  }
}

/** The backward of adaptive average pooling: `g / kh / kw` added over each output's window. */
export function adaptiveAvgPool2dBackwardKernel(
  gr: TypedArray,
  gOff: number,
  planes: number,
  H: number,
  W: number,
  hs: Int32Array,
  he: Int32Array,
  ws: Int32Array,
  we: Int32Array,
  gradIn: TypedArray,
): void {
  const OH = hs.length;
  const OW = ws.length;
  let o = gOff;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = hs[oh]!;
      const h1 = he[oh]!;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ws[ow]!;
        const w1 = we[ow]!;
        addToWindow(gradIn, base, W, h0, h1, w0, w1, gr[o++]! / (h1 - h0) / (w1 - w0));
      }
    }
  }
}

/** Nearest resampling: `out[n, c, i, j] = x[n, c, hIdx[i], wIdx[j]]`. */
export function nearest2dKernel(
  x: TypedArray,
  p: Planes4d,
  hIdx: Int32Array,
  wIdx: Int32Array,
  out: TypedArray,
): void {
  const { offset, sN, sC, sH, sW, n: N, c: C } = p;
  const OH = hIdx.length;
  const OW = wIdx.length;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sN + c * sC;
      for (let i = 0; i < OH; i++) {
        const row = base + hIdx[i]! * sH;
        for (let j = 0; j < OW; j++) out[o++] = x[row + wIdx[j]! * sW]!;
      }
    }
  }
}

/** The backward of {@link nearest2dKernel}: `gradIn[plane, hIdx[i], wIdx[j]] += g[plane, i, j]`. */
export function nearest2dBackwardKernel(
  gr: TypedArray,
  gOff: number,
  planes: number,
  H: number,
  W: number,
  hIdx: Int32Array,
  wIdx: Int32Array,
  gradIn: TypedArray,
): void {
  const OH = hIdx.length;
  const OW = wIdx.length;
  let o = gOff;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * H * W;
    for (let i = 0; i < OH; i++) {
      const row = base + hIdx[i]! * W;
      for (let j = 0; j < OW; j++) gradIn[row + wIdx[j]!]! += gr[o++];
    }
  }
}

/**
 * The two source indices and weights of linear resampling along one axis, for each output
 * position: `out = l0·x[i0] + l1·x[i1]`.
 */
export interface LinearAxis {
  i0: Int32Array;
  i1: Int32Array;
  l0: Float64Array;
  l1: Float64Array;
}

/**
 * Bilinear resampling, separable as PyTorch computes it: `lh0·(lw0·x00 + lw1·x01) +
 * lh1·(lw0·x10 + lw1·x11)` (so an infinite input gives NaN where a weight is 0, as there).
 */
export function bilinear2dKernel(
  x: TypedArray,
  p: Planes4d,
  ah: LinearAxis,
  aw: LinearAxis,
  out: TypedArray,
): void {
  const { offset, sN, sC, sH, sW, n: N, c: C } = p;
  const { i0: hi0, i1: hi1, l0: hl0, l1: hl1 } = ah;
  const { i0: wi0, i1: wi1, l0: wl0, l1: wl1 } = aw;
  const OH = hi0.length;
  const OW = wi0.length;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sN + c * sC;
      for (let i = 0; i < OH; i++) {
        const r0 = base + hi0[i]! * sH;
        const r1 = base + hi1[i]! * sH;
        const a = hl0[i]!;
        const b = hl1[i]!;
        for (let j = 0; j < OW; j++) {
          const c0 = wi0[j]! * sW;
          const c1 = wi1[j]! * sW;
          const u = wl0[j]!;
          const v = wl1[j]!;
          out[o++] = a * (u * x[r0 + c0]! + v * x[r0 + c1]!) + b * (u * x[r1 + c0]! + v * x[r1 + c1]!);
        }
      }
    }
  }
}

/** The backward of {@link bilinear2dKernel}: each output's gradient spread over its four sources. */
export function bilinear2dBackwardKernel(
  gr: TypedArray,
  gOff: number,
  planes: number,
  H: number,
  W: number,
  ah: LinearAxis,
  aw: LinearAxis,
  gradIn: TypedArray,
): void {
  const { i0: hi0, i1: hi1, l0: hl0, l1: hl1 } = ah;
  const { i0: wi0, i1: wi1, l0: wl0, l1: wl1 } = aw;
  const OH = hi0.length;
  const OW = wi0.length;
  let o = gOff;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * H * W;
    for (let i = 0; i < OH; i++) {
      const r0 = base + hi0[i]! * W;
      const r1 = base + hi1[i]! * W;
      const a = hl0[i]!;
      const b = hl1[i]!;
      for (let j = 0; j < OW; j++) {
        const c0 = wi0[j]!;
        const c1 = wi1[j]!;
        const u = wl0[j]!;
        const v = wl1[j]!;
        const gv = gr[o++]!;
        gradIn[r0 + c0]! += a * u * gv;
        gradIn[r0 + c1]! += a * v * gv;
        gradIn[r1 + c0]! += b * u * gv;
        gradIn[r1 + c1]! += b * v * gv;
      }
    }
  }
}
