/**
 * Pooling and resampling over the trailing spatial dims (`torch.nn.functional.max_pool2d`,
 * `avg_pool2d`, `adaptive_avg_pool2d`, `adaptive_max_pool2d`, `max_unpool2d`, `interpolate`, and
 * the 1-D forms). Inputs are batched `[N, C, H, W]` or unbatched `[C, H, W]` (`[N, C, L]` /
 * `[C, L]` in 1-D), as PyTorch 1.13 takes them; the loops are in kernels/pool.ts.
 *
 * Argument checks run in PyTorch's order with PyTorch's messages; the 1-D ops are the 2-D ones on
 * `x.unsqueeze(-2)`, as in PyTorch, so they share those messages and end in a `SqueezeBackward1`.
 *
 * With `returnIndices: true` the max pools return `{ values, indices }`, as `max(dim)` does, for
 * PyTorch's `(output, indices)` tuple; indices are int32 (tsgrad's index dtype) positions
 * `h·W + w` within each input plane, the ones `maxUnpool2d` takes.
 *
 * Deliberate differences from PyTorch 1.13 (each tested in pool.test.ts):
 * - indices are int32, not int64, and `maxUnpool2d` asks for int32 indices in its message;
 * - an integer input is refused with "expected a floating point input" (PyTorch: "not
 *   implemented for 'Long'");
 * - `avgPool2d` of a 1-D or 2-D input gets pool2d's shape message, where PyTorch fails indexing
 *   dim -3 ("Dimension out of range");
 * - `interpolate` has no `bicubic` or `trilinear` mode, no 5-D input and no `antialias: true`:
 *   each is refused by name; a non-finite scale factor is refused in tsgrad's words.
 */
import { isGradEnabled } from "../autograd/grad-mode.js";
import { nameGradFn, needsGrad, record } from "../autograd/node.js";
import { allocate, type DType, type TypedArray } from "../dtype.js";
import {
  adaptiveAvgPool2dBackwardKernel,
  adaptiveBounds,
  adaptivePool2dKernel,
  avgPool2dBackwardKernel,
  avgPool2dKernel,
  bilinear2dBackwardKernel,
  bilinear2dKernel,
  indexGatherKernel,
  indexScatterAddKernel,
  type LinearAxis,
  maxPool2dKernel,
  maxUnpoolKernel,
  nearest2dBackwardKernel,
  nearest2dKernel,
  type Planes4d,
  type Window2d,
} from "../kernels/pool.js";
import { checkOptions, type OptionsSpec, type OptionTest } from "../options.js";
import { checkInt, checkIntList, formatShape } from "../shape.js";
import { returnTypes, Tensor, type ValuesIndices } from "../tensor.js";
import { checkFloating, checkTensor } from "./check.js";
import { mean } from "./reduce.js";

/** A size per spatial dim: one integer for all of them, or a list (PyTorch's int or tuple). */
export type IntOrTuple = number | readonly number[];

const isInt = (v: unknown): boolean => Number.isSafeInteger(v);
const BOOL_OR_NULL: OptionTest = {
  test: (v) => v === null || typeof v === "boolean",
  expected: "a boolean or null",
};

/** `v` as a list of integers (a TypeError naming `op` and `name` unless it is one). */
function intList(op: string, name: string, v: unknown): number[] {
  if (typeof v === "number") return [checkInt(op, name, v)];
  return checkIntList(op, name, v).slice();
}

/** A 3-D `[C, H, W]` or 4-D `[N, C, H, W]` tensor as the kernels read it (no copy). */
function planesOf(x: Tensor): Planes4d {
  const s = x._shape;
  const st = x.strides;
  const b = s.length === 4;
  return {
    offset: x.offset,
    sN: b ? st[0]! : 0,
    sC: st[s.length - 3]!,
    sH: st[s.length - 2]!,
    sW: st[s.length - 1]!,
    n: b ? s[0]! : 1,
    c: s[s.length - 3]!,
    h: s[s.length - 2]!,
    w: s[s.length - 1]!,
  };
}

/** `[...x.shape[:-2], oh, ow]`. */
function spatialShape(x: Tensor, oh: number, ow: number): number[] {
  return [...x._shape.slice(0, -2), oh, ow];
}

/** An incoming gradient as the backward kernels read it: contiguous, with its offset. */
function contiguousData(g: Tensor): { data: TypedArray; offset: number } {
  const c = g.contiguous();
  return { data: c.storage.data, offset: c.offset };
}

/** A zeroed gradient of `shape` in `dtype`, as a tensor over `data`. */
function gradTensor(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return Tensor.fromArray(data, shape.slice(), dtype);
}

/**
 * The gradient `res` = Lᵀ·g of a linear op L (average pooling, interpolation), recorded under
 * createGraph (when `g` requires grad) with L itself as its backward: `forward` re-runs the op,
 * recorded, so any order of derivative works. Otherwise `res` as it is.
 */
function linearAdjoint(res: Tensor, g: Tensor, name: string, forward: (t: Tensor) => Tensor): Tensor {
  if (!needsGrad(g)) return res;
  return record(res, name.replace(/Backward(\d)$/, "BackwardBackward$1"), [g], [], (gg) => [forward(gg)]);
}

// ---- the window arithmetic shared by the fixed-window pools ---------------------------------------

/**
 * PyTorch's `pooling_output_shape`, with its checks of the stride and the padding:
 * `⌊(in + 2·pad − dil·(k − 1) − 1 [+ stride − 1]) / stride⌋ + 1`, and in ceil mode one less when
 * the last window would start in the right padding.
 */
function pooledSize(
  op: string,
  size: number,
  k: number,
  pad: number,
  stride: number,
  dil: number,
  ceil: boolean,
): number {
  if (stride === 0) throw new Error(`${op}(): stride should not be zero`);
  if (pad < 0) throw new Error(`${op}(): pad must be non-negative, but got pad: ${pad}`);
  // C++'s k / 2, which truncates toward zero.
  if (pad > Math.trunc(k / 2))
    throw new Error(
      `${op}(): pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${k}`,
    );
  let out = Math.floor((size + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

/** One or two integers per spatial dim, with PyTorch's check of how many there are. */
function pairOf(op: string, name: string, v: unknown, what: string, allowEmpty = false): number[] {
  const l = intList(op, name, v);
  if (!(l.length === 1 || l.length === 2 || (allowEmpty && l.length === 0)))
    throw new Error(`${op}(): ${name} must ${what}`);
  return l;
}

interface PoolArgs {
  p: Planes4d;
  g: Window2d;
  shape: number[];
}

/**
 * The checks of PyTorch's `max_pool2d_with_indices` / `avg_pool2d` meta functions and
 * `pool2d_shape_check`, in their order, and the geometry they compute.
 */
function pool2dArgs(
  op: "max_pool2d" | "avg_pool2d",
  x: Tensor,
  kernelSize: unknown,
  stride: unknown,
  padding: unknown,
  dilation: unknown,
  ceilMode: boolean,
  divisor: number | null,
): PoolArgs {
  const K = pairOf(op, "kernel_size", kernelSize, "either be a single int, or a tuple of two ints");
  const kh = K[0]!;
  const kw = K.length === 1 ? kh : K[1]!;
  const S =
    stride === null || stride === undefined
      ? []
      : pairOf(op, "stride", stride, "either be omitted, a single int, or a tuple of two ints", true);
  const sh = S.length === 0 ? kh : S[0]!;
  const sw = S.length === 0 ? kw : S.length === 1 ? sh : S[1]!;
  // "must be either be": PyTorch's max_pool2d message, typo included (avg_pool2d's has none).
  const P = pairOf(
    op,
    "padding",
    padding,
    op === "max_pool2d"
      ? "be either be a single int, or a tuple of two ints"
      : "either be a single int, or a tuple of two ints",
  );
  const ph = P[0]!;
  const pw = P.length === 1 ? ph : P[1]!;
  let dh = 1;
  let dw = 1;
  if (op === "max_pool2d") {
    const D = pairOf(op, "dilation", dilation, "be either a single int, or a tuple of two ints");
    dh = D[0]!;
    dw = D.length === 1 ? dh : D[1]!;
  }
  const nd = x.dim();
  if (op === "max_pool2d" && nd !== 3 && nd !== 4)
    throw new Error(`${op}(): non-empty 3D or 4D (batch mode) tensor expected for input`);
  if (divisor === 0) throw new Error(`${op}(): divisor must be not zero`);
  const s = x._shape;
  const shapeError = (): Error =>
    new Error(
      `${op}(): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(s)}`,
    );
  if (nd !== 3 && nd !== 4) throw shapeError();
  const H = s[nd - 2]!;
  const W = s[nd - 1]!;
  const C = s[nd - 3]!;
  const oh = pooledSize(op, H, kh, ph, sh, dh, ceilMode);
  const ow = pooledSize(op, W, kw, pw, sw, dw, ceilMode);
  if (!(kw > 0 && kh > 0))
    throw new Error(`${op}(): kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if (!(sw > 0 && sh > 0))
    throw new Error(`${op}(): stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  if (!(dh > 0 && dw > 0))
    throw new Error(
      `${op}(): dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`,
    );
  if (C === 0 || H === 0 || W === 0) throw shapeError();
  if (!(ow >= 1 && oh >= 1))
    throw new Error(
      `${op}(): Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${oh}x${ow}). Output size is too small`,
    );
  return {
    p: planesOf(x),
    g: { oh, ow, kh, kw, sh, sw, ph, pw, dh, dw },
    shape: spatialShape(x, oh, ow),
  };
}

// ---- max pooling ----------------------------------------------------------------------------------

/** The options of {@link maxPool2d} and {@link maxPool1d}, PyTorch's keyword arguments. */
export interface MaxPoolOptions {
  /** The window's step; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** Implicit -inf padding on both sides (default 0; at most half the kernel). */
  padding?: IntOrTuple;
  /** The spacing of the window's elements (default 1). */
  dilation?: IntOrTuple;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Also return the argmax positions: `{ values, indices }` (default false). */
  returnIndices?: boolean;
}
const MAX_POOL_OPTIONS: OptionsSpec<MaxPoolOptions> = {
  stride: "integerOrListOrNull",
  padding: "integerOrList",
  dilation: "integerOrList",
  ceilMode: "boolean",
  returnIndices: "boolean",
};

function maxPool2dWithIndices(x: Tensor, kernelSize: unknown, o: MaxPoolOptions): ValuesIndices {
  const { stride = null, padding = 0, dilation = 1, ceilMode = false } = o;
  const { p, g, shape } = pool2dArgs("max_pool2d", x, kernelSize, stride, padding, dilation, ceilMode, null);
  checkFloating("max_pool2d", x);
  const n = p.n * p.c * g.oh * g.ow;
  const out = allocate(x.dtype, n, "max_pool2d", shape);
  const idx = new Int32Array(n);
  maxPool2dKernel(x.storage.data, p, g, out, idx);
  return maxPoolNode("MaxPool2DWithIndicesBackward0", x, p, g.oh * g.ow, shape, out, idx);
}

/**
 * A max pool's output `out` (`shape`, planes of `outPlane`) and argmax `idx` as tensors, recorded
 * as `name`: each output's gradient goes to the input at its index.
 */
function maxPoolNode(
  name: string,
  x: Tensor,
  p: Planes4d,
  outPlane: number,
  shape: number[],
  out: TypedArray,
  idx: Int32Array,
): ValuesIndices {
  const values = Tensor.fromArray(out, shape, x.dtype);
  const indices = Tensor.fromArray(idx, shape.slice(), "int32");
  const inShape = x._shape;
  const planes = p.n * p.c;
  const inPlane = p.h * p.w;
  record(values, name, [x], [x, indices], (gr, [, ind]) => {
    if (needsGrad(gr)) {
      // Recorded for createGraph: the same scatter-add of g at the argmax of each window.
      const rows = [planes, outPlane];
      const gi = Tensor.alloc([planes, inPlane], gr.dtype).scatterAdd(
        1,
        ind!.reshape(rows),
        gr.reshape(rows),
      );
      return [gi.reshape(inShape)];
    }
    const gd = contiguousData(gr);
    const res = allocate(gr.dtype, planes * inPlane);
    indexScatterAddKernel(planes, inPlane, outPlane, gd.data, gd.offset, idx, res);
    return [gradTensor(res, inShape, gr.dtype)];
  });
  return returnTypes(null, values, indices);
}

/**
 * 2-D max pooling over `[N, C, H, W]` or `[C, H, W]` (`torch.nn.functional.max_pool2d`). The
 * gradient goes to the first maximum of each window in scan order, as PyTorch routes it at ties.
 *
 * PyTorch: `F.max_pool2d(x, 2)`, `F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)`.
 *
 * @param kernelSize the window: one size for both dims, or `[kH, kW]`
 * @returns the pooled tensor; with `returnIndices: true`, `{ values, indices }` (PyTorch's tuple)
 *
 * @example
 * maxPool2d(randn([1, 3, 8, 8]), 2).shape; // [1, 3, 4, 4]
 * const { values, indices } = maxPool2d(randn([1, 3, 8, 8]), 2, { returnIndices: true });
 * indices.dtype; // "int32"
 */
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options: MaxPoolOptions & { returnIndices: true },
): ValuesIndices;
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions,
): Tensor | ValuesIndices;
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions,
): Tensor | ValuesIndices {
  const o = checkOptions("max_pool2d", options, MAX_POOL_OPTIONS, 3);
  checkTensor("max_pool2d", input);
  const r = maxPool2dWithIndices(input, kernelSize, o);
  return o.returnIndices === true ? r : r.values;
}

/** `x.unsqueeze(-2)`, run through a 2-D op `f`, squeezed back, as PyTorch's 1-D pools are. */
function via2d(x: Tensor, f: (x2: Tensor) => Tensor): Tensor {
  return nameGradFn(f(x.unsqueeze(-2)).squeeze(-2), "SqueezeBackward1");
}

/** The dim check of PyTorch's `checkDimRange(op, self, 2, 4)`. */
function checkDim2or3(op: string, x: Tensor): void {
  if (x.dim() < 2 || x.dim() > 3)
    throw new Error(
      `${op}(): Expected 2 to 3 dimensions, but got ${x.dim()}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`,
    );
}

/** PyTorch's `check1d(op, name, v)`: exactly one integer. */
function one(op: string, name: string, v: number[]): number {
  if (v.length !== 1) throw new Error(`${op}(): argument '${name}' should contain one int (got ${v.length})`);
  return v[0]!;
}

/**
 * 1-D max pooling over `[N, C, L]` or `[C, L]` (`torch.nn.functional.max_pool1d`); see
 * {@link maxPool2d} for the options and the gradient at ties.
 *
 * PyTorch: `F.max_pool1d(x, 3, stride=2)`.
 *
 * @example
 * maxPool1d(randn([2, 4, 10]), 2).shape; // [2, 4, 5]
 */
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options: MaxPoolOptions & { returnIndices: true },
): ValuesIndices;
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions,
): Tensor | ValuesIndices;
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxPoolOptions,
): Tensor | ValuesIndices {
  const op = "max_pool1d";
  const o = checkOptions(op, options, MAX_POOL_OPTIONS, 3);
  checkTensor(op, input);
  const k = intList(op, "kernel_size", kernelSize);
  const s = o.stride === null || o.stride === undefined ? [] : intList(op, "stride", o.stride);
  const p = intList(op, "padding", o.padding ?? 0);
  const d = intList(op, "dilation", o.dilation ?? 1);
  const ceilMode = o.ceilMode ?? false;
  if (o.returnIndices === true) {
    // max_pool1d_with_indices: PyTorch's checkDimRange and check1d, then the 2-D op's checks.
    checkDim2or3(op, input);
    const k0 = one(op, "kernel_size", k);
    const s0 = s.length === 0 ? k0 : one(op, "stride", s);
    const p0 = one(op, "padding", p);
    const d0 = one(op, "dilation", d);
    let indices: Tensor | null = null;
    const values = via2d(input, (x2) => {
      const r = maxPool2dWithIndices(x2, [1, k0], {
        stride: [1, s0],
        padding: [0, p0],
        dilation: [1, d0],
        ceilMode,
      });
      indices = r.indices;
      return r.values;
    });
    return returnTypes(null, values, (indices as unknown as Tensor).squeeze(-2));
  }
  // max_pool1d: its own dim check and check_max_pool1d, then the 2-D op.
  const sz = input._shape;
  if (!((sz.length === 2 && sz[0] !== 0 && sz[1] !== 0) || (sz.length === 3 && sz[1] !== 0 && sz[2] !== 0)))
    throw new Error(
      `${op}(): Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(sz)}`,
    );
  if (k.length !== 1)
    throw new Error(
      `${op}(): kernel_size must be an int, list of ints or tuple of ints of size 1 but got size ${k.length}`,
    );
  if (s.length > 1)
    throw new Error(
      `${op}(): stride must be None, an int, list of ints, or tuple of ints of size 1 but got size ${s.length}`,
    );
  if (p.length !== 1)
    throw new Error(
      `${op}(): padding must be an int, list of ints, or tuple of ints of size 1 but got size ${p.length}`,
    );
  if (d.length !== 1)
    throw new Error(
      `${op}(): dilation must be an int, list of ints or tuple of ints of size 1 but got size ${d.length}`,
    );
  const k0 = k[0]!;
  const s0 = s.length === 0 ? k0 : s[0]!;
  const p0 = p[0]!;
  const d0 = d[0]!;
  if (!(k0 > 0)) throw new Error(`${op}(): kernel_size must be greater than zero, but got ${k0}`);
  if (!(s0 > 0)) throw new Error(`${op}(): stride must be greater than zero, but got ${s0}`);
  if (!(p0 >= 0)) throw new Error(`${op}(): padding must be non-negative, but got ${p0}`);
  if (!(p0 <= Math.floor(k0 / 2)))
    throw new Error(
      `${op}(): padding should be at most half of kernel size, but got padding=${p0} and kernel_size=${k0}`,
    );
  if (!(d0 > 0)) throw new Error(`${op}(): dilation must be greater than zero, but got ${d0}`);
  const ow = pooledSize(op, sz[sz.length - 1]!, k0, p0, s0, d0, ceilMode);
  if (ow < 0) throw new Error(`${op}(): Invalid computed output size: ${ow}`);
  checkFloating(op, input);
  // Without a gradient to compute PyTorch runs its own 1-D kernel, which returns an empty output
  // where the 2-D one (run when a gradient is needed) says the output is too small.
  if (ow === 0 && !(input.requiresGrad && isGradEnabled()))
    return Tensor.fromArray(allocate(input.dtype, 0), [...sz.slice(0, -1), 0], input.dtype);
  return via2d(
    input,
    (x2) =>
      maxPool2dWithIndices(x2, [1, k0], { stride: [1, s0], padding: [0, p0], dilation: [1, d0], ceilMode })
        .values,
  );
}

// ---- average pooling ------------------------------------------------------------------------------

/** The options of {@link avgPool1d}, PyTorch's keyword arguments. */
export interface AvgPool1dOptions {
  /** The window's step; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** Implicit zero padding on both sides (default 0; at most half the kernel). */
  padding?: IntOrTuple;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Count the padding in each window's divisor (default true). */
  countIncludePad?: boolean;
}
/** The options of {@link avgPool2d}: those of {@link AvgPool1dOptions} and `divisorOverride`. */
export interface AvgPool2dOptions extends AvgPool1dOptions {
  /** Divide every window's sum by this instead of its size (default null: the size). */
  divisorOverride?: number | null;
}
const AVG_POOL1D_OPTIONS: OptionsSpec<AvgPool1dOptions> = {
  stride: "integerOrListOrNull",
  padding: "integerOrList",
  ceilMode: "boolean",
  countIncludePad: "boolean",
};
const AVG_POOL2D_OPTIONS: OptionsSpec<AvgPool2dOptions> = {
  ...AVG_POOL1D_OPTIONS,
  divisorOverride: "integerOrNull",
};

function avgPool2dImpl(x: Tensor, kernelSize: unknown, o: AvgPool2dOptions): Tensor {
  const op = "avg_pool2d";
  const { stride = null, padding = 0, ceilMode = false, countIncludePad = true } = o;
  const divisor = o.divisorOverride ?? null;
  const { p, g, shape } = pool2dArgs(op, x, kernelSize, stride, padding, 1, ceilMode, divisor);
  checkFloating(op, x);
  const out = allocate(x.dtype, p.n * p.c * g.oh * g.ow, op, shape);
  const div = divisor ?? 0;
  avgPool2dKernel(x.storage.data, p, g, countIncludePad, div, out);
  const inShape = x._shape;
  return record(Tensor.fromArray(out, shape, x.dtype), "AvgPool2DBackward0", [x], [x], (gr) => {
    const gd = contiguousData(gr);
    const res = allocate(gr.dtype, p.n * p.c * p.h * p.w);
    avgPool2dBackwardKernel(gd.data, gd.offset, p, g, countIncludePad, div, res);
    const gx = gradTensor(res, inShape, gr.dtype);
    return [linearAdjoint(gx, gr, "AvgPool2DBackward0", (t) => avgPool2dImpl(t, kernelSize, o))];
  });
}

/**
 * 2-D average pooling over `[N, C, H, W]` or `[C, H, W]` (`torch.nn.functional.avg_pool2d`).
 *
 * PyTorch: `F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)`.
 *
 * @example
 * avgPool2d(ones([1, 1, 4, 4]), 2).tolist(); // [[[[1, 1], [1, 1]]]]
 */
export function avgPool2d(input: Tensor, kernelSize: IntOrTuple, options?: AvgPool2dOptions): Tensor {
  const o = checkOptions("avg_pool2d", options, AVG_POOL2D_OPTIONS, 3);
  checkTensor("avg_pool2d", input);
  return avgPool2dImpl(input, kernelSize, o);
}

/**
 * 1-D average pooling over `[N, C, L]` or `[C, L]` (`torch.nn.functional.avg_pool1d`).
 *
 * PyTorch: `F.avg_pool1d(x, 3, stride=2)`.
 *
 * @example
 * avgPool1d(tensor([[1, 2, 3, 4]]).float(), 2).tolist(); // [[1.5, 3.5]]
 */
export function avgPool1d(input: Tensor, kernelSize: IntOrTuple, options?: AvgPool1dOptions): Tensor {
  const op = "avg_pool1d";
  const o = checkOptions(op, options, AVG_POOL1D_OPTIONS, 3);
  checkTensor(op, input);
  checkDim2or3(op, input);
  const k0 = one(op, "kernel_size", intList(op, "kernel_size", kernelSize));
  const s0 =
    o.stride === null || o.stride === undefined ? k0 : one(op, "stride", intList(op, "stride", o.stride));
  const p0 = one(op, "padding", intList(op, "padding", o.padding ?? 0));
  return via2d(input, (x2) => avgPool2dImpl(x2, [1, k0], { ...o, stride: [1, s0], padding: [0, p0] }));
}

// ---- adaptive pooling -----------------------------------------------------------------------------

/** An adaptive pool's output size: one for both dims, or `[oH, oW]` (`null` keeps the input's). */
export type AdaptiveSize = number | null | readonly (number | null)[];

/** PyTorch's `_list_with_default`: `null` entries take the input's size; a number stays one. */
function adaptiveSizes(op: string, x: Tensor, outputSize: unknown): number[] {
  if (typeof outputSize === "number") {
    const v = checkInt(op, "output_size", outputSize);
    return [v, v];
  }
  if (!Array.isArray(outputSize))
    throw new TypeError(
      `${op}(): argument 'output_size' must be an integer or a list of integers (or null), but got ${outputSize === null ? "null" : typeof outputSize}`,
    );
  if (x.dim() <= outputSize.length)
    throw new Error(`${op}(): Input dimension should be at least ${outputSize.length + 1}`);
  const tail = x._shape.slice(x.dim() - outputSize.length);
  return outputSize.map((v, i) => (v === null ? tail[i]! : checkInt(op, "output_size", v)));
}

/** The `[start, end)` windows of an adaptive pool along both spatial dims. */
function adaptiveWindows(H: number, W: number, oh: number, ow: number) {
  const hs = new Int32Array(oh);
  const he = new Int32Array(oh);
  const ws = new Int32Array(ow);
  const we = new Int32Array(ow);
  adaptiveBounds(H, oh, hs, he);
  adaptiveBounds(W, ow, ws, we);
  return { hs, he, ws, we };
}

/**
 * 2-D adaptive average pooling to `outputSize` (`torch.nn.functional.adaptive_avg_pool2d`):
 * output `(i, j)` averages rows `⌊i·H/oH⌋` to `⌈(i+1)·H/oH⌉` (exclusive) and likewise columns,
 * so windows overlap when the size does not divide. An output of `[1, 1]` is `mean([-1, -2])`,
 * as in PyTorch (so it takes any input of at least 2 dims, and reports `MeanBackward1`).
 *
 * PyTorch: `F.adaptive_avg_pool2d(x, (5, 7))`, `F.adaptive_avg_pool2d(x, (None, 7))`.
 *
 * @example
 * adaptiveAvgPool2d(randn([2, 3, 9, 9]), [4, 5]).shape; // [2, 3, 4, 5]
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = "adaptive_avg_pool2d";
  checkTensor(op, input);
  const size = adaptiveSizes(op, input, outputSize);
  if (size.length !== 2) throw new Error(`${op}(): output_size must be 2`);
  const [oh, ow] = size as [number, number];
  if (oh < 0 || ow < 0)
    throw new Error(
      `${op}(): elements of output_size must be greater than or equal to 0 but received {${oh}, ${ow}}`,
    );
  if (oh === 1 && ow === 1) return mean(input, [-1, -2], true);
  const nd = input.dim();
  if (nd !== 3 && nd !== 4)
    throw new Error(`${op}(): Expected 3D or 4D tensor, but got ${formatShape(input._shape)}`);
  for (const i of [-2, -1]) {
    if (!(input._shape[nd + i]! > 0))
      throw new Error(
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input._shape)} with dimension ${nd + i} being empty`,
      );
  }
  checkFloating(op, input);
  const p = planesOf(input);
  const shape = spatialShape(input, oh, ow);
  const out = allocate(input.dtype, p.n * p.c * oh * ow, op, shape);
  const win = adaptiveWindows(p.h, p.w, oh, ow);
  adaptivePool2dKernel(input.storage.data, p, win.hs, win.he, win.ws, win.we, out, null);
  const inShape = input._shape;
  return record(
    Tensor.fromArray(out, shape, input.dtype),
    "AdaptiveAvgPool2DBackward0",
    [input],
    [input],
    (gr) => {
      const gd = contiguousData(gr);
      const res = allocate(gr.dtype, p.n * p.c * p.h * p.w);
      adaptiveAvgPool2dBackwardKernel(
        gd.data,
        gd.offset,
        p.n * p.c,
        p.h,
        p.w,
        win.hs,
        win.he,
        win.ws,
        win.we,
        res,
      );
      const gx = gradTensor(res, inShape, gr.dtype);
      return [linearAdjoint(gx, gr, "AdaptiveAvgPool2DBackward0", (t) => adaptiveAvgPool2d(t, outputSize))];
    },
  );
}

/**
 * 1-D adaptive average pooling of `[N, C, L]` or `[C, L]` to `outputSize`
 * (`torch.nn.functional.adaptive_avg_pool1d`), with the windows of {@link adaptiveAvgPool2d}.
 *
 * PyTorch: `F.adaptive_avg_pool1d(x, 5)`.
 *
 * @example
 * adaptiveAvgPool1d(randn([2, 3, 10]), 4).shape; // [2, 3, 4]
 */
export function adaptiveAvgPool1d(input: Tensor, outputSize: IntOrTuple): Tensor {
  const op = "adaptive_avg_pool1d";
  checkTensor(op, input);
  checkDim2or3(op, input);
  const o = one(op, "output_size", intList(op, "output_size", outputSize));
  return via2d(input, (x2) => adaptiveAvgPool2d(x2, [1, o]));
}

/** The options of {@link adaptiveMaxPool2d}. */
export interface AdaptiveMaxPoolOptions {
  /** Also return the argmax positions: `{ values, indices }` (default false). */
  returnIndices?: boolean;
}
const ADAPTIVE_MAX_OPTIONS: OptionsSpec<AdaptiveMaxPoolOptions> = { returnIndices: "boolean" };

/**
 * 2-D adaptive max pooling to `outputSize` (`torch.nn.functional.adaptive_max_pool2d`), over the
 * windows of {@link adaptiveAvgPool2d}; ties and indices as {@link maxPool2d}.
 *
 * PyTorch: `F.adaptive_max_pool2d(x, (3, 4), return_indices=True)`.
 *
 * @example
 * adaptiveMaxPool2d(randn([1, 2, 7, 7]), 3).shape; // [1, 2, 3, 3]
 */
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  options?: AdaptiveMaxPoolOptions & { returnIndices?: false },
): Tensor;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  options: AdaptiveMaxPoolOptions & { returnIndices: true },
): ValuesIndices;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  options?: AdaptiveMaxPoolOptions,
): Tensor | ValuesIndices;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  options?: AdaptiveMaxPoolOptions,
): Tensor | ValuesIndices {
  const op = "adaptive_max_pool2d";
  const o = checkOptions(op, options, ADAPTIVE_MAX_OPTIONS, 3);
  checkTensor(op, input);
  const size = adaptiveSizes(op, input, outputSize);
  const nd = input.dim();
  if (nd !== 3 && nd !== 4)
    throw new Error(`${op}(): Expected 3D or 4D tensor, but got: ${formatShape(input._shape)}`);
  for (let i = 1; i < nd; i++) {
    if (!(input._shape[i]! > 0))
      throw new Error(
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input._shape)} with dimension ${i} being empty`,
      );
  }
  if (size.length !== 2) throw new Error(`${op}(): internal error: output_size.size() must be 2`);
  const [oh, ow] = size as [number, number];
  const shape = spatialShape(input, oh, ow);
  if (oh < 0 || ow < 0)
    throw new Error(
      `${op}(): Trying to create tensor with negative dimension ${Math.min(oh, ow)}: ${formatShape(shape)}`,
    );
  checkFloating(op, input);
  const p = planesOf(input);
  const n = p.n * p.c * oh * ow;
  const out = allocate(input.dtype, n, op, shape);
  const idx = new Int32Array(n);
  const win = adaptiveWindows(p.h, p.w, oh, ow);
  adaptivePool2dKernel(input.storage.data, p, win.hs, win.he, win.ws, win.we, out, idx);
  const r = maxPoolNode("AdaptiveMaxPool2DBackward0", input, p, oh * ow, shape, out, idx);
  return o.returnIndices === true ? r : r.values;
}

// ---- max-unpooling --------------------------------------------------------------------------------

/** The options of {@link maxUnpool2d}, PyTorch's keyword arguments. */
export interface MaxUnpool2dOptions {
  /** The pooling's stride; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** The pooling's padding (default 0). */
  padding?: IntOrTuple;
  /** The output's `[H, W]` (or its whole shape), to undo a pool whose size rounded down. */
  outputSize?: readonly number[] | null;
}
const MAX_UNPOOL_OPTIONS: OptionsSpec<MaxUnpool2dOptions> = {
  stride: "integerOrListOrNull",
  padding: "integerOrList",
  outputSize: {
    test: (v) => v === null || (Array.isArray(v) && v.every(isInt)),
    expected: "a list of integers or null",
  },
};

/** Python's `_pair`: one integer for both dims, or the first two of a list. */
function pair2(op: string, name: string, v: unknown): [number, number] {
  const l = intList(op, name, v);
  if (l.length === 1) return [l[0]!, l[0]!];
  if (l.length !== 2)
    throw new Error(`${op}(): ${name} must be a single int, or a tuple of two ints (got ${l.length})`);
  return [l[0]!, l[1]!];
}

/**
 * The partial inverse of {@link maxPool2d} (`torch.nn.functional.max_unpool2d`): a zero tensor of
 * the pooled input's size with each value of `input` put back at its `indices` position (as
 * `maxPool2d(..., { returnIndices: true })` returns them). The output's size is
 * `(in − 1)·stride − 2·padding + kernel` per dim unless `outputSize` says otherwise.
 *
 * PyTorch: `F.max_unpool2d(y, indices, 2)`, `F.max_unpool2d(y, i, 2, output_size=x.size())`.
 *
 * @example
 * const x = randn([1, 3, 8, 8]);
 * const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
 * maxUnpool2d(values, indices, 2).shape; // [1, 3, 8, 8]
 */
export function maxUnpool2d(
  input: Tensor,
  indices: Tensor,
  kernelSize: IntOrTuple,
  options?: MaxUnpool2dOptions,
): Tensor {
  const op = "max_unpool2d";
  const o = checkOptions(op, options, MAX_UNPOOL_OPTIONS, 4);
  checkTensor(op, input);
  checkTensor(op, indices, "indices");
  const k = pair2(op, "kernel_size", kernelSize);
  const s = o.stride === null || o.stride === undefined ? k : pair2(op, "stride", o.stride);
  const pad = pair2(op, "padding", o.padding ?? 0);
  // Python's _unpool_output_size, which runs before any check of the input's rank.
  const inSize = input._shape;
  if (inSize.length < 2)
    throw new Error(
      `${op}(): Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ${inSize.length} dimensions.`,
    );
  const dflt = [0, 1].map((d) => (inSize[inSize.length - 2 + d]! - 1) * s[d]! + k[d]! - 2 * pad[d]!);
  let size = dflt;
  if (o.outputSize !== undefined && o.outputSize !== null) {
    let want = o.outputSize.slice();
    if (want.length === 4) want = want.slice(2);
    if (want.length !== 2)
      throw new Error(
        `${op}(): output_size should be a sequence containing 2 or 4 elements, but it has a length of '${want.length}'`,
      );
    for (let d = 0; d < 2; d++) {
      const lo = dflt[d]! - s[d]!;
      const hi = dflt[d]! + s[d]!;
      if (!(lo < want[d]! && want[d]! < hi))
        throw new Error(
          `${op}(): invalid output_size "[${o.outputSize.join(", ")}]" (dim ${d} must be between ${lo} and ${hi})`,
        );
    }
    size = want;
  }
  if (indices.dtype !== "int32")
    throw new Error(
      `${op}(): elements in indices should be type int32 (tsgrad's index dtype) but got: ${indices.dtype}`,
    );
  const nd = input.dim();
  if (nd !== 3 && nd !== 4)
    throw new Error(
      `${op}(): Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ${nd} dimensions.`,
    );
  if (formatShape(input._shape) !== formatShape(indices._shape))
    throw new Error(
      `${op}(): Expected shape of indices to be same as that of the input tensor (${formatShape(input._shape)}) but got indices tensor with shape: ${formatShape(indices._shape)}`,
    );
  for (let i = 1; i < nd; i++) {
    if (!(input._shape[i]! > 0))
      throw new Error(
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but got ${formatShape(input._shape)} with dimension ${i} being empty.`,
      );
  }
  checkFloating(op, input);
  const [oh, ow] = size as [number, number];
  const shape = spatialShape(input, oh, ow);
  const planes = input._shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const inPlane = input._shape[nd - 2]! * input._shape[nd - 1]!;
  const outPlane = oh * ow;
  const out = allocate(input.dtype, planes * outPlane, op, shape);
  const xc = input.contiguous();
  const ic = indices.contiguous();
  const idx = ic.storage.data as Int32Array;
  const bad = maxUnpoolKernel(planes, inPlane, outPlane, xc.storage.data, xc.offset, idx, ic.offset, out);
  if (bad >= 0)
    throw new Error(
      `${op}(): Found an invalid max index: ${idx[ic.offset + bad]} (output volumes are of size ${oh}x${ow}`, // PyTorch's message has no closing parenthesis
    );
  const inShape = input._shape;
  return record(
    Tensor.fromArray(out, shape, input.dtype),
    "MaxUnpool2DBackward0",
    [input],
    [indices],
    (gr, [ind]) => {
      // Recorded for createGraph: the gradient gathered at the indices (unpooling's adjoint).
      if (needsGrad(gr)) {
        const gi = gr.reshape([planes, outPlane]).gather(1, ind!.reshape([planes, inPlane]));
        return [gi.reshape(inShape)];
      }
      const gd = contiguousData(gr);
      const res = allocate(gr.dtype, planes * inPlane);
      indexGatherKernel(planes, inPlane, outPlane, gd.data, gd.offset, idx, ic.offset, res);
      return [gradTensor(res, inShape, gr.dtype)];
    },
  );
}

// ---- interpolate ----------------------------------------------------------------------------------

/** The resampling modes of {@link interpolate} (PyTorch's others are refused by name). */
export type InterpolateMode = "nearest" | "nearest-exact" | "area" | "linear" | "bilinear";

/** The options of {@link interpolate}, PyTorch's keyword arguments; give `size` or `scaleFactor`. */
export interface InterpolateOptions {
  /** The output's spatial size: one for every spatial dim, or one each. */
  size?: IntOrTuple | null;
  /** The multiplier of the spatial size: one for every spatial dim, or one each. */
  scaleFactor?: number | readonly number[] | null;
  /** `"nearest"` (default), `"nearest-exact"`, `"area"`, `"linear"` (3-D input) or `"bilinear"` (4-D input). */
  mode?: InterpolateMode;
  /** Linear modes: map the corner pixels' centres onto each other (default false). */
  alignCorners?: boolean | null;
  /** Compute the output size from `scaleFactor`, then resample as if that size were given. */
  recomputeScaleFactor?: boolean | null;
  /** Anti-aliasing when downsampling; tsgrad has only `false` (the default). */
  antialias?: boolean;
}
const NUMBER_OR_LIST_OR_NULL: OptionTest = {
  test: (v) =>
    v === null || typeof v === "number" || (Array.isArray(v) && v.every((e) => typeof e === "number")),
  expected: "a number, a list of numbers or null",
};
const INTERPOLATE_OPTIONS: OptionsSpec<InterpolateOptions> = {
  size: "integerOrListOrNull",
  scaleFactor: NUMBER_OR_LIST_OR_NULL,
  mode: "string",
  alignCorners: BOOL_OR_NULL,
  recomputeScaleFactor: BOOL_OR_NULL,
  antialias: "boolean",
};
const PYTORCH_MODES = "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact";

/** A list of numbers as interpolate's messages show it (`[4, 4]`, `[2, 1.5]`). */
function pyList(v: readonly number[]): string {
  return `[${v.join(", ")}]`;
}

/**
 * PyTorch's `nearest_idx` / `nearest_exact_idx`: the source index of each output position along
 * one axis, `min(⌊o·scale⌋, in − 1)` / `min(⌊(o + ½)·scale⌋, in − 1)`, computed in float32 as
 * PyTorch does (so rounding picks the same pixel).
 */
function nearestAxis(inSize: number, outSize: number, scale: number | null, exact: boolean): Int32Array {
  const idx = new Int32Array(outSize);
  const f = Math.fround(scale !== null && scale > 0 ? 1 / scale : inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) idx[o] = o;
    else if (exact) idx[o] = Math.min(Math.floor(Math.fround((o + 0.5) * f)), inSize - 1);
    else if (outSize === 2 * inSize) idx[o] = o >> 1;
    else idx[o] = Math.min(Math.floor(Math.fround(o * f)), inSize - 1);
  }
  return idx;
}

/**
 * PyTorch's `area_pixel_compute_scale` and `compute_source_index_and_lambda` along one axis, in
 * the input's precision (float32 rounds each step as PyTorch's opmath does).
 */
function linearAxis(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  scale: number | null,
  f32: boolean,
): LinearAxis {
  const r = f32 ? Math.fround : (v: number) => v;
  const ax: LinearAxis = {
    i0: new Int32Array(outSize),
    i1: new Int32Array(outSize),
    l0: new Float64Array(outSize),
    l1: new Float64Array(outSize),
  };
  const ratio = alignCorners
    ? outSize > 1
      ? r((inSize - 1) / (outSize - 1))
      : 0
    : r(scale !== null && scale > 0 ? 1 / scale : inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) {
      ax.i0[o] = o;
      ax.i1[o] = o;
      ax.l0[o] = 1;
      ax.l1[o] = 0;
      continue;
    }
    let real = alignCorners ? r(ratio * o) : r(r(ratio * r(o + 0.5)) - 0.5);
    if (!alignCorners && real < 0) real = 0;
    const i0 = Math.min(Math.trunc(real), inSize - 1);
    ax.i0[o] = i0;
    ax.i1[o] = i0 < inSize - 1 ? i0 + 1 : i0;
    const l1 = Math.min(Math.max(r(real - i0), 0), 1);
    ax.l1[o] = l1;
    ax.l0[o] = r(1 - l1);
  }
  return ax;
}

/**
 * Resamples the spatial dims of `[N, C, L]` (1-D) or `[N, C, H, W]` (2-D) input
 * (`torch.nn.functional.interpolate`) to `size`, or by `scaleFactor` (the size rounded down; the
 * sampling then uses `1 / scaleFactor` unless `recomputeScaleFactor`), with PyTorch's source-index
 * formulas: `"nearest"` (⌊dst·scale⌋, in float32 as PyTorch computes it), `"nearest-exact"`
 * (⌊(dst + ½)·scale⌋), `"area"` (adaptive average pooling), `"linear"` (3-D) and `"bilinear"`
 * (4-D), with `alignCorners` false (pixel centres, the default) or true (corners). PyTorch's
 * `bicubic` and `trilinear` modes, 5-D input and `antialias: true` are refused by name.
 *
 * PyTorch: `F.interpolate(x, scale_factor=2)`, `F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=True)`.
 *
 * @example
 * interpolate(randn([1, 3, 4, 4]), { scaleFactor: 2 }).shape; // [1, 3, 8, 8]
 * interpolate(randn([1, 3, 4, 4]), { size: [5, 7], mode: "bilinear", alignCorners: true }).shape; // [1, 3, 5, 7]
 */
export function interpolate(input: Tensor, options?: InterpolateOptions): Tensor {
  const op = "interpolate";
  const o = checkOptions(op, options, INTERPOLATE_OPTIONS, 2);
  checkTensor(op, input);
  const mode: string = o.mode ?? "nearest";
  let alignCorners = o.alignCorners ?? null;
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (alignCorners !== null)
      throw new Error(
        `${op}(): align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`,
      );
  } else if (alignCorners === null) alignCorners = false;
  const dim = input.dim() - 2;
  const size = o.size ?? null;
  const scaleFactor = o.scaleFactor ?? null;
  let outSize: number[] | null = null;
  let scales: number[] | null = null;
  if (size !== null && scaleFactor !== null)
    throw new Error(`${op}(): only one of size or scale_factor should be defined`);
  if (size !== null) {
    if (typeof size === "number") outSize = new Array<number>(Math.max(dim, 0)).fill(size);
    else {
      if (size.length !== dim)
        throw new Error(
          `${op}(): Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input._shape.slice(2))} and output size of ${pyList(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
        );
      outSize = size.slice();
    }
  } else if (scaleFactor !== null) {
    if (typeof scaleFactor === "number") scales = new Array<number>(Math.max(dim, 0)).fill(scaleFactor);
    else {
      if (scaleFactor.length !== dim)
        throw new Error(
          `${op}(): Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input._shape.slice(2))} and scale_factor of shape ${pyList(scaleFactor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
        );
      scales = scaleFactor.slice();
    }
  } else throw new Error(`${op}(): either size or scale_factor should be defined`);
  let recompute = o.recomputeScaleFactor ?? null;
  if (recompute === true && size !== null)
    throw new Error(`${op}(): recompute_scale_factor is not meaningful with an explicit size.`);
  // "area" always works from a size: it is adaptive average pooling.
  if (mode === "area" && outSize === null) recompute = true;
  if (recompute === true && scales !== null) {
    outSize = scales.map((sf, i) => Math.floor(input._shape[i + 2]! * sf));
    scales = null;
  }
  const nd = input.dim();
  if (o.antialias === true && !((mode === "bilinear" || mode === "bicubic") && nd === 4))
    throw new Error(`${op}(): Anti-alias option is only supported for bilinear and bicubic modes`);
  const unsupported = (what: string): Error =>
    new Error(
      `${op}(): ${what} is not supported by tsgrad (it has nearest, nearest-exact and area for 3-D and 4-D input, linear for 3-D and bilinear for 4-D)`,
    );
  if (o.antialias === true) throw unsupported(`antialias=True (mode '${mode}')`);
  if (nd === 3 || nd === 4) {
    if (mode === "nearest" || mode === "nearest-exact") return resample(input, outSize, scales, mode, false);
    if (mode === "area")
      return nd === 3 ? adaptiveAvgPool1d(input, outSize!) : adaptiveAvgPool2d(input, outSize!);
    if (nd === 3 && mode === "linear") return resample(input, outSize, scales, "linear", alignCorners!);
    if (nd === 4 && mode === "bilinear") return resample(input, outSize, scales, "bilinear", alignCorners!);
  }
  const needs: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
  const want = needs[mode];
  if (want !== undefined && want !== nd && nd >= 3 && nd <= 5)
    throw new Error(`${op}(): Got ${nd}D input, but ${mode} mode needs ${want}D input`);
  if (nd >= 3 && nd <= 5 && PYTORCH_MODES.split(" | ").includes(mode))
    throw unsupported(`mode '${mode}' with ${nd}-D input`);
  throw new Error(
    `${op}(): Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: ${PYTORCH_MODES} (got ${mode})`,
  );
}

/** The names PyTorch 1.13 gives the upsampling nodes, by mode. */
// (The `.vec` overloads that interpolate calls: hence `Backward1`.)
const UPSAMPLE_NAMES = {
  nearest: ["UpsampleNearest1DBackward1", "UpsampleNearest2DBackward1"],
  "nearest-exact": ["UpsampleNearestExact1DBackward1", "UpsampleNearestExact2DBackward1"],
  linear: ["UpsampleLinear1DBackward1", "UpsampleLinear1DBackward1"],
  bilinear: ["UpsampleBilinear2DBackward1", "UpsampleBilinear2DBackward1"],
} as const;

/** The upsample kernels' shared path: sizes, PyTorch's size checks, the axes, the node. */
function resample(
  x: Tensor,
  outSize: number[] | null,
  scales: number[] | null,
  mode: "nearest" | "nearest-exact" | "linear" | "bilinear",
  alignCorners: boolean,
): Tensor {
  const op = "interpolate";
  const nd = x.dim();
  const spatial = x._shape.slice(2);
  let size: number[];
  if (outSize !== null) size = outSize;
  else {
    size = spatial.map((s, i) => {
      const v = s * scales![i]!;
      if (!Number.isFinite(v))
        throw new Error(
          `${op}(): value cannot be converted to type int64_t without overflow (scale_factor ${scales![i]})`,
        );
      return Math.trunc(v);
    });
  }
  const rest = x._shape.slice(1).reduce((a, b) => a * b, 1);
  const kind = nd === 3 ? "1d" : "2d";
  if (nd === 3) {
    if (!(spatial[0]! > 0 && size[0]! > 0))
      throw new Error(
        `${op}(): Input and output sizes should be greater than 0, but got input (W: ${spatial[0]}) and output (W: ${size[0]})`,
      );
  } else if (!(spatial[0]! > 0 && spatial[1]! > 0 && size[0]! > 0 && size[1]! > 0))
    throw new Error(
      `${op}(): Input and output sizes should be greater than 0, but got input (H: ${spatial[0]}, W: ${spatial[1]}) output (H: ${size[0]}, W: ${size[1]})`,
    );
  if (!(x.numel() !== 0 || rest !== 0))
    throw new Error(
      `${op}(): Non-empty ${nd}D data tensor expected but got a tensor with sizes ${formatShape(x._shape)}`,
    );
  checkFloating(op, x);
  // A 1-D input is a 2-D one of height 1 (in and out), where both modes copy rows exactly.
  const st = x.strides;
  const p: Planes4d = {
    offset: x.offset,
    sN: st[0]!,
    sC: st[1]!,
    sH: nd === 3 ? 0 : st[2]!,
    sW: st[nd - 1]!,
    n: x._shape[0]!,
    c: x._shape[1]!,
    h: nd === 3 ? 1 : spatial[0]!,
    w: spatial[nd - 3]!,
  };
  const oh = nd === 3 ? 1 : size[0]!;
  const ow = size[nd - 3]!;
  const sh = nd === 3 ? null : (scales?.[0] ?? null);
  const sw = scales?.[nd - 3] ?? null;
  const shape = [x._shape[0]!, x._shape[1]!, ...(nd === 3 ? [ow] : [oh, ow])];
  const planes = p.n * p.c;
  const out = allocate(x.dtype, planes * oh * ow, op, shape);
  const inShape = x._shape;
  const name = UPSAMPLE_NAMES[mode][kind === "1d" ? 0 : 1];
  // The mode's forward kernel, and its backward kernel (contiguous gradient → zeroed `res`).
  let backward: (gd: { data: TypedArray; offset: number }, res: TypedArray) => void;
  if (mode === "nearest" || mode === "nearest-exact") {
    const exact = mode === "nearest-exact";
    const hIdx = nearestAxis(p.h, oh, sh, exact);
    const wIdx = nearestAxis(p.w, ow, sw, exact);
    nearest2dKernel(x.storage.data, p, hIdx, wIdx, out);
    backward = (gd, res) => nearest2dBackwardKernel(gd.data, gd.offset, planes, p.h, p.w, hIdx, wIdx, res);
  } else {
    const f32 = x.dtype === "float32";
    const ah = linearAxis(p.h, oh, alignCorners, sh, f32);
    const aw = linearAxis(p.w, ow, alignCorners, sw, f32);
    bilinear2dKernel(x.storage.data, p, ah, aw, out);
    backward = (gd, res) => bilinear2dBackwardKernel(gd.data, gd.offset, planes, p.h, p.w, ah, aw, res);
  }
  return record(Tensor.fromArray(out, shape, x.dtype), name, [x], [], (gr) => {
    const gd = contiguousData(gr);
    const res = allocate(gr.dtype, planes * p.h * p.w);
    backward(gd, res);
    const gx = gradTensor(res, inShape, gr.dtype);
    return [linearAdjoint(gx, gr, name, (t) => resample(t, size, scales, mode, alignCorners))];
  });
}
