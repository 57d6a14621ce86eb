/**
 * Convolution, by one im2col / col2im path (kernels/conv.ts) feeding the matmul kernel: a
 * convolution is `weight [g, O/g, C/g·kH·kW] @ columns [N, g, C/g·kH·kW, oH·oW]`, and a transposed
 * convolution is the transposed product followed by col2im. So a faster matmul kernel speeds every
 * convolution up, forward and backward (the backward rules are matmuls, im2col and col2im too).
 *
 * 1-D convolutions are 2-D ones over `[N, C, 1, L]` views. `unfold` / `fold` (PyTorch's `F.unfold` /
 * `F.fold`) are the two data movements themselves, each the other's gradient.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { nameGradFn, needsGrad, record } from "../autograd/node.js";
import { allocate, isFloating } from "../dtype.js";
import { type ConvGeometry as Geometry, col2imKernel, im2colKernel } from "../kernels/conv.js";
import {
  checkOptions,
  describeValue,
  isIntegerOrList,
  type OptionsSpec,
  type OptionTest,
} from "../options.js";
import { checkNumel, formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";
import { matmul } from "./matmul.js";
import { sum } from "./reduce.js";

// ---- geometry -----------------------------------------------------------------------------------

/** Sliding positions along one dim: `⌊(size + padding − dilation·(k − 1) − 1) / stride⌋ + 1`. */
function positions(
  size: number,
  padBefore: number,
  padAfter: number,
  k: number,
  d: number,
  s: number,
): number {
  return Math.floor((size + padBefore + padAfter - d * (k - 1) - 1) / s) + 1;
}

/** The columns of images `x` (`[n, c, h, w]` through `strides`) as a new `[n, c·kH·kW, oH·oW]` tensor. */
function im2col(x: Tensor, n: number, strides: readonly number[], g: Geometry, op: string): Tensor {
  const shape = [n, g.c * g.kH * g.kW, g.oH * g.oW];
  const out = allocate(x.dtype, checkNumel(op, shape), op, shape);
  im2colKernel(x.storage.data, x.offset, strides, n, g, out, 0);
  return Tensor.fromArray(out, shape, x.dtype);
}

/** The images `[n, c, h, w]` the columns `col` (`[n, c·kH·kW, oH·oW]` through `strides`) sum into. */
function col2im(col: Tensor, n: number, strides: readonly number[], g: Geometry, op: string): Tensor {
  const shape = [n, g.c, g.h, g.w];
  const out = allocate(col.dtype, checkNumel(op, shape), op, shape);
  col2imKernel(col.storage.data, col.offset, strides, n, g, out, 0);
  return Tensor.fromArray(out, shape, col.dtype);
}

/** `x`'s strides with a leading batch dim of stride 0 when it is unbatched. */
function batchStrides(x: Tensor, batched: boolean): number[] {
  return batched ? x.strides.slice() : [0, ...x.strides];
}

// ---- argument parsing ---------------------------------------------------------------------------

const PADDING: OptionTest = {
  test: (v) => typeof v === "string" || isIntegerOrList(v),
  expected: 'an integer, a list of integers, "same" or "valid"',
};

/** Python's repr of an int list as PyTorch prints it in messages: `[1, 2, 3]`. */
function list(v: readonly number[]): string {
  return `[${v.join(", ")}]`;
}

/** `v` (a number or a list of `nd` numbers) as `nd` numbers, as PyTorch's `_pair` and `expand_param_if_needed`. */
function expandParam(op: string, name: string, v: number | readonly number[], nd: number): number[] {
  if (typeof v === "number") return new Array<number>(nd).fill(v);
  if (v.length === 1) return new Array<number>(nd).fill(v[0]!);
  if (v.length !== nd) {
    throw new Error(
      `${op}(): expected ${name} to be a single integer value or a list of ${nd} values to match the convolution dimensions, but got ${name}=${list(v)}`,
    );
  }
  return v.slice();
}

/** A required int-or-list argument (kernelSize, outputSize): a TypeError unless it is one. */
function checkIntOrList(op: string, name: string, v: unknown): number | readonly number[] {
  if (isIntegerOrList(v)) return v as number | readonly number[];
  throw new TypeError(
    `${op}(): argument '${name}' must be an integer or a list of integers, but got ${describeValue(v)}`,
  );
}

/** `v` as a pair (`_pair`): unfold and fold take exactly two values per argument. */
function pair(op: string, name: string, v: number | readonly number[]): [number, number] {
  if (typeof v === "number") return [v, v];
  if (v.length !== 2)
    throw new Error(`${op}(): It is expected ${name} equals to 2, but got size ${v.length}`);
  return [v[0]!, v[1]!];
}

// ---- unfold and fold ------------------------------------------------------------------------------

/** `unfold` / `fold`'s keyword options (`F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`). */
export interface UnfoldOptions {
  /** Spacing between kernel taps (default 1). */
  dilation?: number | readonly number[];
  /** Implicit zero padding on both sides of each spatial dim (default 0). */
  padding?: number | readonly number[];
  /** Step between sliding blocks (default 1). */
  stride?: number | readonly number[];
}
const UNFOLD_OPTIONS: OptionsSpec<UnfoldOptions> = {
  dilation: "integerOrList",
  padding: "integerOrList",
  stride: "integerOrList",
};

/** The kernel, dilation, padding and stride pairs of unfold / fold, range-checked in PyTorch's words. */
function blockParams(
  op: string,
  kernelSize: unknown,
  opts: UnfoldOptions,
): { k: [number, number]; d: [number, number]; p: [number, number]; s: [number, number] } {
  const k = pair(op, "kernel_size", checkIntOrList(op, "kernelSize", kernelSize));
  const d = pair(op, "dilation", opts.dilation ?? 1);
  const p = pair(op, "padding", opts.padding ?? 0);
  const s = pair(op, "stride", opts.stride ?? 1);
  if (k[0] <= 0 || k[1] <= 0)
    throw new Error(
      `${op}(): kernel size should be greater than zero, but got kernel_height: ${k[0]} kernel_width: ${k[1]}`,
    );
  if (s[0] <= 0 || s[1] <= 0)
    throw new Error(
      `${op}(): stride should be greater than zero, but got stride_height: ${s[0]} stride_width: ${s[1]}`,
    );
  if (d[0] <= 0 || d[1] <= 0)
    throw new Error(
      `${op}(): dilation should be greater than zero, but got dilation_height: ${d[0]} dilation_width: ${d[1]}`,
    );
  if (p[0] < 0 || p[1] < 0)
    throw new Error(
      `${op}(): padding should be non-negative, but got pad_height: ${p[0]} pad_width: ${p[1]}`,
    );
  return { k, d, p, s };
}

function unfoldGeometry(c: number, h: number, w: number, b: ReturnType<typeof blockParams>): Geometry {
  const { k, d, p, s } = b;
  return {
    c,
    h,
    w,
    kH: k[0],
    kW: k[1],
    sH: s[0],
    sW: s[1],
    pH: p[0],
    pW: p[1],
    dH: d[0],
    dW: d[1],
    oH: positions(h, p[0], p[0], k[0], d[0], s[0]),
    oW: positions(w, p[1], p[1], k[1], d[1], s[1]),
  };
}

/**
 * `unfold` (im2col, recorded as `Im2ColBackward0`) or `fold` (col2im, `Col2ImBackward0`) of `x`,
 * batched or not: each is the other's gradient.
 */
function blockNode(op: "unfold" | "fold", x: Tensor, batched: boolean, g: Geometry): Tensor {
  const [forward, backward] = op === "unfold" ? [im2col, col2im] : [col2im, im2col];
  const n = batched ? x._shape[0]! : 1;
  const out = forward(x, n, batchStrides(x, batched), g, op);
  const y = batched ? out : Tensor.withShape(out, out._shape.slice(1));
  return record(y, op === "unfold" ? "Im2ColBackward0" : "Col2ImBackward0", [x], [], (grad) => {
    const gb = batched ? grad : grad.unsqueeze(0);
    // Under createGraph the adjoint is itself recorded (each is the other's gradient).
    const gx = needsGrad(gb)
      ? blockNode(op === "unfold" ? "fold" : "unfold", gb, true, g)
      : backward(gb, n, gb.strides, g, op);
    return [batched ? gx : gx.reshape(x._shape)];
  });
}

/**
 * Extracts sliding local blocks (`F.unfold`, im2col): input `[N, C, H, W]` (or unbatched
 * `[C, H, W]`) to `[N, C·kH·kW, L]`, L the number of block positions; column `l` holds the block at
 * position `l` (row-major over the output grid), flattened channel-major. Its gradient is {@link fold}.
 *
 * PyTorch: `F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`.
 *
 * @example
 * unfold(randn([1, 3, 10, 12]), [2, 3]).shape; // [1, 18, 90]
 */
export function unfold(
  input: Tensor,
  kernelSize: number | readonly number[],
  options?: UnfoldOptions,
): Tensor {
  const opts = checkOptions("unfold", options, UNFOLD_OPTIONS, 3);
  checkTensor("unfold", input);
  const b = blockParams("unfold", kernelSize, opts);
  const nd = input.dim();
  const spatialOk =
    nd >= 3 && input._shape[nd - 1]! > 0 && input._shape[nd - 2]! > 0 && input._shape[nd - 3]! > 0;
  if ((nd !== 3 && nd !== 4) || !spatialOk) {
    throw new Error(
      `unfold(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(input._shape)}`,
    );
  }
  const [c, h, w] = input._shape.slice(-3) as [number, number, number];
  const g = unfoldGeometry(c, h, w, b);
  if (g.oH < 1 || g.oW < 1) {
    throw new Error(
      `unfold(): Given input with spatial size (${h}, ${w}), kernel_size=(${b.k.join(", ")}), dilation=(${b.d.join(", ")}), padding=(${b.p.join(", ")}), calculated shape of the array of sliding blocks as (${g.oH}, ${g.oW}), but its components must be at least one.`,
    );
  }
  return blockNode("unfold", input, nd === 4, g);
}

/**
 * Combines sliding local blocks into a tensor (`F.fold`, col2im): input `[N, C·kH·kW, L]` (or
 * unbatched `[C·kH·kW, L]`) to `[N, C, ...outputSize]`, overlapping values summed. The adjoint of
 * {@link unfold} (and its gradient); `fold(unfold(x))` is x times the number of blocks covering each
 * element.
 *
 * PyTorch: `F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1)`.
 *
 * @example
 * fold(randn([1, 3 * 2 * 2, 12]), [4, 5], [2, 2]).shape // [1, 3, 4, 5]
 */
export function fold(
  input: Tensor,
  outputSize: number | readonly number[],
  kernelSize: number | readonly number[],
  options?: UnfoldOptions,
): Tensor {
  const opts = checkOptions("fold", options, UNFOLD_OPTIONS, 4);
  checkTensor("fold", input);
  const out = pair("fold", "output_size", checkIntOrList("fold", "outputSize", outputSize));
  const b = blockParams("fold", kernelSize, opts);
  const nd = input.dim();
  if ((nd !== 2 && nd !== 3) || input._shape[nd - 1] === 0 || input._shape[nd - 2] === 0) {
    throw new Error(
      `fold(): Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${formatShape(input._shape)}`,
    );
  }
  const rows = input._shape[nd - 2]!;
  const kk = b.k[0] * b.k[1];
  if (rows % kk !== 0) {
    throw new Error(
      `fold(): Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${rows} and kernel_size=(${b.k.join(", ")}).`,
    );
  }
  const g = unfoldGeometry(rows / kk, out[0], out[1], b);
  const blocks = input._shape[nd - 1]!;
  const given = `Given output_size=(${out.join(", ")}), kernel_size=(${b.k.join(", ")}), dilation=(${b.d.join(", ")}), padding=(${b.p.join(", ")}), stride=(${b.s.join(", ")})`;
  if (g.oH * g.oW !== blocks) {
    throw new Error(
      `fold(): ${given}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${g.oH} * ${g.oW} = ${g.oH * g.oW}, but got input.size(2)=${blocks}.`,
    );
  }
  if (g.oH < 1 || g.oW < 1) {
    throw new Error(
      `fold(): ${given}, calculated shape of the array of sliding blocks as (${g.oH}, ${g.oW}), which is too small (non-positive)`,
    );
  }
  if (out[0] < 1 || out[1] < 1) {
    throw new Error(
      `fold(): Expected output spatial size to be positive, but got: output_size=(${out.join(", ")}).`,
    );
  }
  return blockNode("fold", input, nd === 3, g);
}

// ---- convolution ----------------------------------------------------------------------------------

/** `conv1d` / `conv2d`'s keyword options (`F.conv2d(input, weight, bias, stride, padding, dilation, groups)`). */
export interface ConvOptions {
  /** Step of the kernel over the input, per spatial dim (default 1). */
  stride?: number | readonly number[];
  /**
   * Zero padding on both sides of each spatial dim (default 0); `"valid"` is none, `"same"` pads so
   * that the output has the input's size (stride 1 only; an odd total puts the extra zero after).
   */
  padding?: number | readonly number[] | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: number | readonly number[];
  /** Split input and output channels into this many independent groups (default 1). */
  groups?: number;
}
const CONV_OPTIONS: OptionsSpec<ConvOptions> = {
  stride: "integerOrList",
  padding: PADDING,
  dilation: "integerOrList",
  groups: "integer",
};

/** `convTranspose1d` / `convTranspose2d`'s keyword options. */
export interface ConvTransposeOptions {
  /** Step of the kernel over the output (default 1). */
  stride?: number | readonly number[];
  /** `dilation·(k − 1) − padding` zeros are added to both sides of the input (default 0). */
  padding?: number | readonly number[];
  /** Extra size added to one side of each output dim, below stride or dilation (default 0). */
  outputPadding?: number | readonly number[];
  /** Split input and output channels into this many independent groups (default 1). */
  groups?: number;
  /** Spacing between kernel taps (default 1). */
  dilation?: number | readonly number[];
}
const CONV_TRANSPOSE_OPTIONS: OptionsSpec<ConvTransposeOptions> = {
  stride: "integerOrList",
  padding: "integerOrList",
  outputPadding: "integerOrList",
  groups: "integer",
  dilation: "integerOrList",
};

/** A convolution's arguments after parsing: per spatial dim, padding split into before and after. */
interface ConvParams {
  stride: number[];
  padBefore: number[];
  padAfter: number[];
  dilation: number[];
  outputPadding: number[];
  groups: number;
  transposed: boolean;
}

/** Splits `conv2d(x, w, options)` from `conv2d(x, w, bias, options)`. */
function biasAndOptions<O>(
  op: string,
  biasOrOptions: unknown,
  options: O | undefined,
): [Tensor | null, O | undefined] {
  if (biasOrOptions === undefined || biasOrOptions === null) return [null, options];
  if (biasOrOptions instanceof Tensor) return [biasOrOptions, options];
  if (
    typeof biasOrOptions === "object" &&
    !Array.isArray(biasOrOptions) &&
    !ArrayBuffer.isView(biasOrOptions)
  ) {
    if (options !== undefined) {
      throw new TypeError(
        `${op}(): argument 'bias' must be a Tensor or null, but got ${describeValue(biasOrOptions)}`,
      );
    }
    return [null, biasOrOptions as O];
  }
  throw new TypeError(
    `${op}(): argument 'bias' must be a Tensor or null, but got ${describeValue(biasOrOptions)}`,
  );
}

/** The checks of PyTorch's `_convolution` (`check_shape_forward`) on a batched input, in its words. */
function checkConv(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, p: ConvParams): void {
  const nd = p.stride.length;
  const ws = weight._shape;
  if (p.padBefore.some((v) => v < 0)) throw new Error(`${op}(): negative padding is not supported`);
  if (p.outputPadding.some((v) => v < 0))
    throw new Error(`${op}(): negative output_padding is not supported`);
  if (p.stride.some((v) => v <= 0)) throw new Error(`${op}(): non-positive stride is not supported`);
  if (p.dilation.some((v) => v <= 0)) throw new Error(`${op}(): non-positive dilation is not supported`);
  if (ws.length !== x.dim()) {
    throw new Error(
      `${op}(): Expected ${ws.length}-dimensional input for ${ws.length}-dimensional weight ${list(ws)}, but got ${x.dim()}-dimensional input of size ${list(x._shape)} instead`,
    );
  }
  const g = p.groups;
  if (ws[0]! < g) {
    throw new Error(
      `${op}(): Given groups=${g}, expected weight to be at least ${g} at dimension 0, but got weight of size ${list(ws)} instead`,
    );
  }
  if (ws[0]! % g !== 0) {
    throw new Error(
      `${op}(): Given groups=${g}, expected weight to be divisible by ${g} at dimension 0, but got weight of size [${list(ws)}] instead`,
    );
  }
  if (!p.transposed) {
    if (x._shape[1] !== ws[1]! * g) {
      throw new Error(
        `${op}(): Given groups=${g}, weight of size ${list(ws)}, expected input${list(x._shape)} to have ${ws[1]! * g} channels, but got ${x._shape[1]} channels instead`,
      );
    }
    if (bias !== null && (bias.dim() !== 1 || bias._shape[0] !== ws[0])) {
      throw new Error(
        `${op}(): Given weight of size ${list(ws)}, expected bias to be 1-dimensional with ${ws[0]} elements, but got bias of size ${list(bias._shape)} instead`,
      );
    }
    const padded: number[] = [];
    const kernel: number[] = [];
    for (let i = 0; i < nd; i++) {
      padded.push(x._shape[i + 2]! + p.padBefore[i]! + p.padAfter[i]!);
      kernel.push(p.dilation[i]! * (ws[i + 2]! - 1) + 1);
    }
    if (padded.some((v, i) => v < kernel[i]!)) {
      throw new Error(
        `${op}(): Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${kernel.join(" x ")}). Kernel size can't be greater than actual input size`,
      );
    }
  } else {
    if (x._shape[1] !== ws[0]) {
      throw new Error(
        `${op}(): Given transposed=1, weight of size ${list(ws)}, expected input${list(x._shape)} to have ${ws[0]} channels, but got ${x._shape[1]} channels instead`,
      );
    }
    if (bias !== null && (bias.dim() !== 1 || bias._shape[0] !== ws[1]! * g)) {
      throw new Error(
        `${op}(): Given transposed=1, weight of size ${list(ws)}, expected bias to be 1-dimensional with ${ws[1]! * g} elements, but got bias of size ${list(bias._shape)} instead`,
      );
    }
  }
}

/** The checks that come before the shapes: tensors, dtypes, dims, groups. */
function checkConvArgs(op: string, nd: number, input: unknown, weight: unknown, bias: Tensor | null): void {
  checkTensor(op, input);
  checkTensor(op, weight, "weight");
  if (!isFloating(input.dtype))
    throw new Error(`${op}(): expected a floating point input, but got ${input.dtype}`);
  if (weight.dtype !== input.dtype) {
    throw new Error(
      `${op}(): Input type (${input.dtype}) and weight type (${weight.dtype}) should be the same`,
    );
  }
  if (bias !== null && bias.dtype !== input.dtype) {
    throw new Error(`${op}(): Input type (${input.dtype}) and bias type (${bias.dtype}) should be the same`);
  }
  if (input.dim() !== nd + 1 && input.dim() !== nd + 2) {
    throw new Error(
      `${op}(): Expected ${nd + 1}D (unbatched) or ${nd + 2}D (batched) input to ${op}, but got input of size: ${list(input._shape)}`,
    );
  }
}

/** `[N, C, L]` → `[N, C, 1, L]` (a view of any strides), so 1-D runs as 2-D; 4-D as is. */
function as4d(x: Tensor): { shape: number[]; strides: number[] } {
  if (x.dim() === 4) return { shape: x._shape.slice(), strides: x.strides.slice() };
  return {
    shape: [x._shape[0]!, x._shape[1]!, 1, x._shape[2]!],
    strides: [x.strides[0]!, x.strides[1]!, 0, x.strides[2]!],
  };
}

/** The geometry of a convolution of batched `x` by `weight` (1-D as 2-D with a height of 1). */
function convGeometry(x: Tensor, weight: Tensor, p: ConvParams): Geometry {
  const two = p.stride.length === 2;
  const at = (v: number[], i: number, one: number) => (two ? v[i]! : i === 0 ? one : v[0]!);
  const ks = weight._shape.slice(2);
  const kH = two ? ks[0]! : 1;
  const kW = ks[ks.length - 1]!;
  const { shape } = as4d(x);
  const [h, w] = [shape[2]!, shape[3]!];
  const pH = at(p.padBefore, 0, 0);
  const pW = at(p.padBefore, 1, 0);
  const [sH, sW, dH, dW] = [
    at(p.stride, 0, 1),
    at(p.stride, 1, 1),
    at(p.dilation, 0, 1),
    at(p.dilation, 1, 1),
  ];
  const kernel = { kH, kW, sH, sW, pH, pW, dH, dW };
  if (!p.transposed) {
    const oH = positions(h, pH, at(p.padAfter, 0, 0), kH, dH, sH);
    const oW = positions(w, pW, at(p.padAfter, 1, 0), kW, dW, sW);
    return { c: shape[1]!, h, w, ...kernel, oH, oW };
  }
  // Transposed: the images are the output, the column grid is the input's spatial size.
  return {
    c: weight._shape[1]! * p.groups,
    h: (h - 1) * sH - 2 * pH + dH * (kH - 1) + at(p.outputPadding, 0, 0) + 1,
    w: (w - 1) * sW - 2 * pW + dW * (kW - 1) + at(p.outputPadding, 1, 0) + 1,
    ...kernel,
    oH: h,
    oW: w,
  };
}

/** `y [N, O, ...]` plus `bias [O]` along dim 1. */
function addBias(y: Tensor, bias: Tensor): Tensor {
  return y.add(bias.reshape([bias._shape[0]!, ...new Array<number>(y.dim() - 2).fill(1)]));
}

/** Sums a gradient `[N, O, ...spatial]` over all but dim 1: the bias gradient. */
function biasGrad(g: Tensor): Tensor {
  const dims = [0];
  for (let d = 2; d < g.dim(); d++) dims.push(d);
  return sum(g, dims);
}

/** A convolution of a batched input, recorded as one `ConvolutionBackward0` node. */
function convolution(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, p: ConvParams): Tensor {
  checkConv(op, x, weight, bias, p);
  const geo = convGeometry(x, weight, p);
  const n = x._shape[0]!;
  if (p.transposed) return convTransposed(op, x, weight, bias, p, geo);
  const groups = p.groups;
  const spatial = x.dim() === 4 ? [geo.oH, geo.oW] : [geo.oW];
  const out = weight._shape[0]!;
  const kk = weight._shape[1]! * geo.kH * geo.kW;
  const L = geo.oH * geo.oW;
  const x4 = as4d(x);
  const cols = im2col(x, n, x4.strides, geo, op);
  const y = noGrad(() => {
    const prod = matmul(weight.reshape([groups, out / groups, kk]), cols.view([n, groups, kk, L]));
    const y0 = prod.view([n, out, ...spatial]);
    return bias === null ? y0 : addBias(y0, bias);
  });
  return record(
    y,
    "ConvolutionBackward0",
    [x, weight, bias],
    [x, weight, cols],
    (grad, [xs, ws, cs0], needs) => {
      // Under createGraph, im2col and col2im are recorded too (the columns again from x), so that
      // the products below carry the dependence on x.
      const recorded = needsGrad(grad, xs, ws);
      const cs = recorded ? blockNode("unfold", xs!.dim() === 4 ? xs! : xs!.unsqueeze(2), true, geo) : cs0!;
      const g4 = grad.reshape([n, groups, out / groups, L]);
      const w3 = ws!.reshape([groups, out / groups, kk]);
      let gx: Tensor | null = null;
      if (needs[0]) {
        const gcols = matmul(w3.transpose(-1, -2), g4).view([n, groups * kk, L]);
        gx = recorded
          ? blockNode("fold", gcols, true, geo).reshape(x._shape)
          : col2im(gcols, n, gcols.strides, geo, op).view(x._shape);
      }
      const gw = needs[1]
        ? sum(matmul(g4, cs!.view([n, groups, kk, L]).transpose(-1, -2)), 0).view(ws!._shape)
        : null;
      return [gx, gw, needs[2] ? biasGrad(grad) : null];
    },
  );
}

/** A transposed convolution of a batched input: the transposed product, then col2im. */
function convTransposed(
  op: string,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  p: ConvParams,
  geo: Geometry,
): Tensor {
  const n = x._shape[0]!;
  const groups = p.groups;
  const cin = x._shape[1]!;
  const kk = weight._shape[1]! * geo.kH * geo.kW;
  const L = geo.oH * geo.oW;
  const spatial = x.dim() === 4 ? [geo.h, geo.w] : [geo.w];
  if (geo.h < 1 || geo.w < 1) {
    // As PyTorch, a 1-D input is reported as 2-D with a height of 1.
    throw new Error(
      `${op}(): Given input size per channel: (${geo.oH} x ${geo.oW}). Calculated output size per channel: (${geo.h} x ${geo.w}). Output size is too small`,
    );
  }
  const y = noGrad(() => {
    const x3 = x.reshape([n, groups, cin / groups, L]);
    const cols = matmul(weight.reshape([groups, cin / groups, kk]).transpose(-1, -2), x3).view([
      n,
      groups * kk,
      L,
    ]);
    const img = col2im(cols, n, cols.strides, geo, op).view([n, geo.c, ...spatial]);
    return bias === null ? img : addBias(img, bias);
  });
  return record(y, "ConvolutionBackward0", [x, weight, bias], [x, weight], (grad, [xs, ws], needs) => {
    const g4 = grad.dim() === 4 ? grad : grad.unsqueeze(2);
    const gcols = (
      needsGrad(g4) ? blockNode("unfold", g4, true, geo) : im2col(g4, n, g4.strides, geo, op)
    ).view([n, groups, kk, L]);
    const gx = needs[0] ? matmul(ws!.reshape([groups, cin / groups, kk]), gcols).view(xs!._shape) : null;
    const gw = needs[1]
      ? sum(matmul(xs!.reshape([n, groups, cin / groups, L]), gcols.transpose(-1, -2)), 0).view(ws!._shape)
      : null;
    return [gx, gw, needs[2] ? biasGrad(grad) : null];
  });
}

/** The shared body of the four convolutions: bias and options, unbatched inputs, "same" / "valid". */
function convEntry<O extends ConvOptions | ConvTransposeOptions>(
  op: string,
  nd: 1 | 2,
  transposed: boolean,
  spec: OptionsSpec<O>,
  input: Tensor,
  weight: Tensor,
  biasOrOptions: Tensor | null | O | undefined,
  options: O | undefined,
): Tensor {
  const [bias, o] = biasAndOptions(op, biasOrOptions, options);
  // The options are argument 3 when they take the bias's place.
  const opts: ConvOptions & Pick<ConvTransposeOptions, "outputPadding"> = checkOptions(
    op,
    o,
    spec,
    bias === null && o !== options ? 3 : 4,
  );
  checkConvArgs(op, nd, input, weight, bias);
  if (weight.dim() < 3) throw new Error(`${op}(): weight should have at least three dimensions`);
  const groups = opts.groups ?? 1;
  if (groups <= 0) throw new Error(`${op}(): non-positive groups is not supported`);
  const stride = expandParam(op, "stride", opts.stride ?? 1, nd);
  const dilation = expandParam(op, "dilation", opts.dilation ?? 1, nd);
  const outputPadding = expandParam(op, "output_padding", opts.outputPadding ?? 0, nd);
  const pad = opts.padding ?? 0;
  let padBefore: number[];
  let padAfter: number[];
  if (typeof pad === "string") {
    if (pad === "valid") {
      padBefore = new Array<number>(nd).fill(0);
      padAfter = padBefore.slice();
    } else if (pad === "same") {
      if (stride.some((s) => s !== 1))
        throw new Error(`${op}(): padding='same' is not supported for strided convolutions`);
      const ks = weight._shape.slice(2);
      padBefore = [];
      padAfter = [];
      for (let i = 0; i < nd; i++) {
        const total = dilation[i]! * ((ks[i] ?? 1) - 1);
        padBefore.push(Math.floor(total / 2));
        padAfter.push(total - Math.floor(total / 2));
      }
    } else {
      throw new Error(`${op}(): Invalid padding string: '${pad}'`);
    }
  } else {
    padBefore = expandParam(op, "padding", pad, nd);
    padAfter = padBefore.slice();
  }
  const wd = weight.dim() - 2;
  if (wd !== nd) {
    // PyTorch takes the number of spatial dims from the weight, and so reports the stride.
    throw new Error(
      `${op}(): expected stride to be a single integer value or a list of ${wd} values to match the convolution dimensions, but got stride=${list(stride)}`,
    );
  }
  const p: ConvParams = { stride, padBefore, padAfter, dilation, outputPadding, groups, transposed };
  if (transposed && outputPadding.some((v, i) => v >= stride[i]! && v >= dilation[i]!)) {
    // PyTorch runs 1-D as 2-D with a height of 1 and reports both dims.
    const [opH, opW, sH, sW, dH, dW] =
      nd === 2
        ? [outputPadding[0], outputPadding[1], stride[0], stride[1], dilation[0], dilation[1]]
        : [0, outputPadding[0], 1, stride[0], 1, dilation[0]];
    throw new Error(
      `${op}(): output padding must be smaller than either stride or dilation, but got output_padding_height: ${opH} output_padding_width: ${opW} stride_height: ${sH} stride_width: ${sW} dilation_height: ${dH} dilation_width: ${dW}`,
    );
  }
  const batched = input.dim() === nd + 2;
  if (batched) return convolution(op, input, weight, bias, p);
  // PyTorch adds the batch dim and removes it again with squeeze(0): SqueezeBackward1 (tsgrad's
  // squeeze records SqueezeBackward0 whether or not a dim is given, so the name is set here).
  return nameGradFn(convolution(op, input.unsqueeze(0), weight, bias, p).squeeze(0), "SqueezeBackward1");
}

/**
 * The call forms of conv1d and conv2d, PyTorch's `F.conv2d(input, weight, bias=None, ...)`:
 * the bias (a Tensor, or null for none) may be left out before the options.
 */
export interface ConvFunction {
  (input: Tensor, weight: Tensor, options?: ConvOptions): Tensor;
  (input: Tensor, weight: Tensor, bias?: Tensor | null, options?: ConvOptions): Tensor;
}

/** The call forms of convTranspose1d and convTranspose2d, as those of ConvFunction. */
export interface ConvTransposeFunction {
  (input: Tensor, weight: Tensor, options?: ConvTransposeOptions): Tensor;
  (input: Tensor, weight: Tensor, bias?: Tensor | null, options?: ConvTransposeOptions): Tensor;
}

/** One of the four convolutions: {@link convEntry} with its name, dims and options. */
function convFunction<O extends ConvOptions | ConvTransposeOptions>(
  op: string,
  nd: 1 | 2,
  transposed: boolean,
  spec: OptionsSpec<O>,
): (input: Tensor, weight: Tensor, biasOrOptions?: Tensor | null | O, options?: O) => Tensor {
  return (input, weight, biasOrOptions, options) =>
    convEntry(op, nd, transposed, spec, input, weight, biasOrOptions, options);
}

/**
 * 1-D convolution (cross-correlation, as PyTorch) over `[N, C, L]` or unbatched `[C, L]` input with
 * `weight [O, C/groups, k]` and an optional `bias [O]`.
 *
 * PyTorch: `F.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 *
 * @example
 * conv1d(randn([2, 4, 10]), randn([8, 4, 3]), null, { padding: "same" }).shape // [2, 8, 10]
 */
export const conv1d: ConvFunction = /* @__PURE__ */ convFunction("conv1d", 1, false, CONV_OPTIONS);

/**
 * 2-D convolution (cross-correlation, as PyTorch) over `[N, C, H, W]` or unbatched `[C, H, W]`
 * input with `weight [O, C/groups, kH, kW]` and an optional `bias [O]`; `groups = C = O` is a
 * depthwise convolution.
 *
 * PyTorch: `F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
 *
 * @example
 * conv2d(randn([64, 1, 28, 28]), randn([8, 1, 5, 5]), randn([8])).shape // [64, 8, 24, 24]
 * const x = randn([1, 1, 8, 8]);
 * const w = randn([4, 1, 3, 3]);
 * conv2d(x, w, { stride: 2, padding: 1 }).shape; // [1, 4, 4, 4]
 */
export const conv2d: ConvFunction = /* @__PURE__ */ convFunction("conv2d", 2, false, CONV_OPTIONS);

/**
 * 1-D transposed convolution (the gradient of conv1d w.r.t. its input) over `[N, C, L]` or
 * unbatched `[C, L]` input with `weight [C, O/groups, k]`; output length
 * `(L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1`.
 *
 * PyTorch: `F.conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`.
 *
 * @example
 * convTranspose1d(randn([2, 4, 5]), randn([4, 3, 3]), null, { stride: 2 }).shape // [2, 3, 11]
 */
export const convTranspose1d: ConvTransposeFunction = /* @__PURE__ */ convFunction(
  "conv_transpose1d",
  1,
  true,
  CONV_TRANSPOSE_OPTIONS,
);

/**
 * 2-D transposed convolution (the gradient of conv2d w.r.t. its input, "deconvolution") over
 * `[N, C, H, W]` or unbatched `[C, H, W]` input with `weight [C, O/groups, kH, kW]`.
 *
 * PyTorch: `F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`.
 *
 * @example
 * convTranspose2d(randn([1, 8, 7, 7]), randn([8, 4, 3, 3]), null, { stride: 2, padding: 1, outputPadding: 1 }).shape
 * // [1, 4, 14, 14]
 */
export const convTranspose2d: ConvTransposeFunction = /* @__PURE__ */ convFunction(
  "conv_transpose2d",
  2,
  true,
  CONV_TRANSPOSE_OPTIONS,
);
