import {
  checkOptions,
  className,
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  type DType,
  getDefaultDtype,
  indexSelect,
  type OptionsSpec,
  type OptionTest,
  positionalOrKeywords,
  type Tensor,
  tensor,
  zeros,
} from "@tsgrad/core";
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { pyTuple } from "../repr.js";
import { checkInput, checkSizes } from "./check.js";

/** How the input is padded before a convolution (`padding_mode`). */
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** `Conv1d` / `Conv2d`'s keyword arguments, PyTorch's names in camelCase. */
export interface ConvNdOptions {
  /** Step of the kernel (default 1). */
  stride?: number | readonly number[];
  /** Padding on both sides of each spatial dim, or `"same"` / `"valid"` (default 0). */
  padding?: number | readonly number[] | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: number | readonly number[];
  /** Independent channel groups; `groups = inChannels` is depthwise (default 1). */
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** What the padding holds: zeros (default), a reflection, the edge value, or the other side. */
  paddingMode?: PaddingMode;
  /** Dtype of weight and bias (default: the default dtype). */
  dtype?: DType;
}

/** `ConvTranspose1d` / `ConvTranspose2d`'s keyword arguments. */
export interface ConvTransposeNdOptions {
  /** The stride of the window (PyTorch's `stride`). */
  stride?: number | readonly number[];
  /** `dilation·(k − 1) − padding` zeros are added to both sides of the input (default 0). */
  padding?: number | readonly number[];
  /** Extra size added to one side of each output dim (default 0). */
  outputPadding?: number | readonly number[];
  /** The number of blocked connections from input to output channels (PyTorch's `groups`). */
  groups?: number;
  /** Whether the layer has a learnable bias (default true), as PyTorch's `bias=`. */
  bias?: boolean;
  /** The spacing between the window's elements (PyTorch's `dilation`). */
  dilation?: number | readonly number[];
  /** Only "zeros", as in PyTorch. */
  paddingMode?: PaddingMode;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const INT_OR_LIST: OptionTest = {
  test: (v) => Number.isSafeInteger(v) || (Array.isArray(v) && v.every((e) => Number.isSafeInteger(e))),
  expected: "an integer or a list of integers",
};
const CONV_OPTIONS: OptionsSpec<ConvNdOptions> = {
  stride: INT_OR_LIST,
  padding: {
    test: (v) => typeof v === "string" || INT_OR_LIST.test(v),
    expected: 'an integer, a list of integers, "same" or "valid"',
  },
  dilation: INT_OR_LIST,
  groups: "integer",
  bias: "boolean",
  paddingMode: "string",
  dtype: "dtype",
};
const CONV_TRANSPOSE_OPTIONS: OptionsSpec<ConvTransposeNdOptions> = {
  stride: INT_OR_LIST,
  padding: INT_OR_LIST,
  outputPadding: INT_OR_LIST,
  groups: "integer",
  bias: "boolean",
  dilation: INT_OR_LIST,
  paddingMode: "string",
  dtype: "dtype",
};

const PADDING_MODES: readonly string[] = ["zeros", "reflect", "replicate", "circular"];

/** `_single` / `_pair`: a number repeated `nd` times, or the list as given. */
function ntuple(op: string, name: string, v: number | readonly number[], nd: number): number[] {
  if (typeof v === "number") return new Array<number>(nd).fill(v);
  if (!Array.isArray(v) || !v.every((e) => Number.isSafeInteger(e))) {
    throw new TypeError(
      `${op}(): ${name} must be an integer or a list of integers, got ${JSON.stringify(v)}`,
    );
  }
  if (v.length !== nd) {
    throw new Error(`${op}(): ${name} must be an integer or a list of ${nd} integers, got [${v.join(", ")}]`);
  }
  return v.slice();
}

/** The constructor arguments every convolution layer takes, after PyTorch's `Conv2d(in, out, k, ...)`. */
type ConvArgs<O> = [
  inChannels: number,
  outChannels: number,
  kernelSize: number | readonly number[],
  options?: O,
];

/** The settings of a convolution layer, as PyTorch's `_ConvNd` holds them. */
interface ConvSettings {
  nd: 1 | 2;
  /** Whether this is a transposed convolution (PyTorch's `transposed`). */
  transposed: boolean;
  /** The size of the window (PyTorch's `kernel_size`). */
  kernelSize: number | readonly number[];
  /** The stride of the window (PyTorch's `stride`). */
  stride: number | readonly number[];
  padding: number | readonly number[] | string;
  /** The spacing between the window's elements (PyTorch's `dilation`). */
  dilation: number | readonly number[];
  /**
   * Extra size added to one side of each output dim of a transposed convolution (PyTorch's `output_padding`).
   */
  outputPadding: number | readonly number[];
  /** The number of blocked connections from input to output channels (PyTorch's `groups`). */
  groups: number;
  /** The learnable bias `[outChannels]` (PyTorch's `bias`), or null with `{ bias: false }`. */
  bias: boolean;
  /** `"zeros"`, `"reflect"`, `"replicate"` or `"circular"` (PyTorch's `padding_mode`; transposed: only `"zeros"`). */
  paddingMode: string;
  /** The dtype of the parameters (the default dtype unless the `dtype` option said otherwise). */
  dtype: DType;
}

/**
 * What `Conv1d`, `Conv2d`, `ConvTranspose1d` and `ConvTranspose2d` share (PyTorch's `_ConvNd`):
 * the argument checks, `weight` and `bias`, the init and the repr.
 */
abstract class ConvNd extends Module {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "_ConvNd";
  /** Channels of the input (PyTorch's `in_channels`). */
  readonly inChannels: number;
  /** Channels of the output (PyTorch's `out_channels`). */
  readonly outChannels: number;
  /** The size of the window (PyTorch's `kernel_size`). */
  readonly kernelSize: readonly number[];
  /** The stride of the window (PyTorch's `stride`). */
  readonly stride: readonly number[];
  /** Per spatial dim, or the string "same" / "valid". */
  readonly padding: readonly number[] | "same" | "valid";
  /** The spacing between the window's elements (PyTorch's `dilation`). */
  readonly dilation: readonly number[];
  /** Whether this is a transposed convolution (PyTorch's `transposed`). */
  readonly transposed: boolean;
  /**
   * Extra size added to one side of each output dim of a transposed convolution (PyTorch's `output_padding`).
   */
  readonly outputPadding: readonly number[];
  /** The number of blocked connections from input to output channels (PyTorch's `groups`). */
  readonly groups: number;
  /** `"zeros"`, `"reflect"`, `"replicate"` or `"circular"` (PyTorch's `padding_mode`; transposed: only `"zeros"`). */
  readonly paddingMode: PaddingMode;
  /** `F.pad`'s amounts for a non-"zeros" padding mode: per spatial dim, [before, after]. */
  protected readonly padAmounts: readonly (readonly [number, number])[];
  /**
   * The learnable filters `[outChannels, inChannels / groups, ...kernelSize]` (transposed: `[inChannels,
   * outChannels / groups, ...]`).
   */
  weight: Parameter;
  /** The learnable bias `[outChannels]` (PyTorch's `bias`), or null with `{ bias: false }`. */
  bias: Parameter | null;

  protected constructor(op: string, inChannels: number, outChannels: number, s: ConvSettings) {
    super();
    checkSizes(op, { inChannels, outChannels }, (v) =>
      typeof v === "number" ? `${v}` : `${JSON.stringify(v)} (${typeof v})`,
    );
    const nd = s.nd;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = ntuple(op, "kernel_size", s.kernelSize, nd);
    this.stride = ntuple(op, "stride", s.stride, nd);
    this.dilation = ntuple(op, "dilation", s.dilation, nd);
    this.outputPadding = ntuple(op, "output_padding", s.outputPadding, nd);
    if (!Number.isSafeInteger(s.groups) || s.groups <= 0)
      throw new Error(`${op}(): groups must be a positive integer`);
    if (inChannels % s.groups !== 0) throw new Error(`${op}(): in_channels must be divisible by groups`);
    if (outChannels % s.groups !== 0) throw new Error(`${op}(): out_channels must be divisible by groups`);
    let padding: readonly number[] | "same" | "valid";
    if (typeof s.padding === "string") {
      if (s.padding !== "same" && s.padding !== "valid") {
        throw new Error(`${op}(): Invalid padding string '${s.padding}', should be one of {'same', 'valid'}`);
      }
      if (s.padding === "same" && this.stride.some((v) => v !== 1)) {
        throw new Error(`${op}(): padding='same' is not supported for strided convolutions`);
      }
      padding = s.padding;
    } else {
      padding = ntuple(op, "padding", s.padding, nd);
    }
    if (!PADDING_MODES.includes(s.paddingMode)) {
      throw new Error(
        `${op}(): padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='${s.paddingMode}'`,
      );
    }
    this.padding = padding;
    this.transposed = s.transposed;
    this.groups = s.groups;
    this.paddingMode = s.paddingMode as PaddingMode;
    this.padAmounts = this.kernelSize.map((k, i): [number, number] => {
      if (padding === "valid") return [0, 0];
      if (padding === "same") {
        const total = this.dilation[i]! * (k - 1);
        return [Math.floor(total / 2), total - Math.floor(total / 2)];
      }
      return [padding[i]!, padding[i]!];
    });
    const shape = s.transposed
      ? [inChannels, outChannels / s.groups, ...this.kernelSize]
      : [outChannels, inChannels / s.groups, ...this.kernelSize];
    this.weight = this.registerParameter("weight", new Parameter(zeros(shape, { dtype: s.dtype })));
    this.bias = this.registerParameter(
      "bias",
      s.bias ? new Parameter(zeros([outChannels], { dtype: s.dtype })) : null,
    );
    this.resetParameters();
  }

  /**
   * PyTorch's init: `kaimingUniform_(weight, a = √5)`, i.e. U(±1/√fanIn), and the bias from
   * U(±1/√fanIn), fanIn = weight.shape[1]·∏kernelSize (for a transposed layer that is
   * outChannels/groups·∏k, as in PyTorch).
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }

  /** The input padded by `paddingMode` (not "zeros") over its last spatial dims, as `F.pad`. */
  protected padInput(input: Tensor): Tensor {
    let x = input;
    const nd = this.kernelSize.length;
    for (let i = 0; i < nd; i++) {
      const [before, after] = this.padAmounts[i]!;
      if (before === 0 && after === 0) continue;
      const dim = x.dim() - nd + i;
      const size = x._shape[dim]!;
      const mode = this.paddingMode;
      if (mode === "reflect" && (before >= size || after >= size)) {
        throw new Error(
          `${this.getName()}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input [${x._shape.join(", ")}]`,
        );
      }
      if (mode === "circular" && (before > size || after > size)) {
        throw new Error(`${this.getName()}: Padding value causes wrapping around more than once.`);
      }
      const index: number[] = [];
      for (let j = -before; j < size + after; j++) {
        if (mode === "reflect") index.push(j < 0 ? -j : j >= size ? 2 * (size - 1) - j : j);
        else if (mode === "replicate") index.push(Math.min(size - 1, Math.max(0, j)));
        else index.push(((j % size) + size) % size);
      }
      x = indexSelect(x, dim, tensor(index, { dtype: "int32" }));
    }
    return x;
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === "string") s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

function convSettings(
  op: string,
  nd: 1 | 2,
  kernelSize: number | readonly number[],
  options: ConvNdOptions | undefined,
): ConvSettings {
  const o = checkOptions(op, options, CONV_OPTIONS, 4);
  return settings(nd, false, kernelSize, o, o.paddingMode ?? "zeros");
}

function transposeSettings(
  op: string,
  nd: 1 | 2,
  kernelSize: number | readonly number[],
  options: ConvTransposeNdOptions | undefined,
): ConvSettings {
  const o = checkOptions(op, options, CONV_TRANSPOSE_OPTIONS, 4);
  const paddingMode = o.paddingMode ?? "zeros";
  if (paddingMode !== "zeros") throw new Error(`${op}(): Only "zeros" padding mode is supported for ${op}`);
  return settings(nd, true, kernelSize, o, paddingMode);
}

/** The settings from checked options, PyTorch's defaults for those not given. */
function settings(
  nd: 1 | 2,
  transposed: boolean,
  kernelSize: number | readonly number[],
  o: ConvNdOptions & Pick<ConvTransposeNdOptions, "outputPadding">,
  paddingMode: string,
): ConvSettings {
  return {
    nd,
    transposed,
    kernelSize,
    stride: o.stride ?? 1,
    padding: o.padding ?? 0,
    dilation: o.dilation ?? 1,
    outputPadding: o.outputPadding ?? 0,
    groups: o.groups ?? 1,
    bias: o.bias ?? true,
    paddingMode,
    dtype: o.dtype ?? getDefaultDtype(),
  };
}

/** The options of the functional call a non-transposed layer makes (padding 0 after `padInput`). */
function forwardOptions(layer: ConvNd) {
  return {
    stride: layer.stride,
    padding: layer.paddingMode === "zeros" ? layer.padding : 0,
    dilation: layer.dilation,
    groups: layer.groups,
  };
}

/** `Conv1d` and `Conv2d`: the padding mode, then conv1d or conv2d (1-D as 2-D in core). */
abstract class ConvLayer extends ConvNd {
  /** The number of spatial dims of the input: 1 for Conv1d (`[N, C, L]`), 2 for Conv2d. */
  static readonly spatialDims: 1 | 2;

  /** Checks the arguments, naming the subclass that `new.target` builds, with its `spatialDims`. */
  constructor(...args: ConvArgs<ConvNdOptions>) {
    const [inChannels, outChannels, kernelSize, options] = args;
    const op = className(new.target);
    super(op, inChannels, outChannels, convSettings(op, new.target.spatialDims, kernelSize, options));
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    const x = this.paddingMode === "zeros" ? input : this.padInput(input);
    const conv = this.kernelSize.length === 1 ? conv1d : conv2d;
    return conv(x, this.weight, this.bias, forwardOptions(this));
  }
}

/**
 * A 1-D convolution layer (`torch.nn.Conv1d`): weight `[outChannels, inChannels/groups, k]`,
 * bias `[outChannels]`. Input `[N, C, L]` or unbatched `[C, L]`.
 *
 * @example
 * const conv = new Conv1d(4, 8, 3, { padding: "same" });
 * conv.call(randn([2, 4, 10])).shape; // [2, 8, 10]
 * String(conv); // "Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=same)"
 */
export class Conv1d extends ConvLayer {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "Conv1d";
  static override readonly spatialDims = 1;
}

/**
 * A 2-D convolution layer (`torch.nn.Conv2d`): weight `[outChannels, inChannels/groups, kH, kW]`,
 * bias `[outChannels]`. Input `[N, C, H, W]` or unbatched `[C, H, W]`.
 *
 * @example
 * const conv = new Conv2d(1, 8, 5);
 * conv.call(randn([64, 1, 28, 28])).shape; // [64, 8, 24, 24]
 * String(conv); // "Conv2d(1, 8, kernel_size=(5, 5), stride=(1, 1))"
 */
export class Conv2d extends ConvLayer {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "Conv2d";
  static override readonly spatialDims = 2;
}

/**
 * `outputPadding` for a requested output size (PyTorch's `_ConvTransposeNd._output_padding`):
 * the layer's own when `outputSize` is not given.
 */
function outputPaddingFor(layer: ConvNd, input: Tensor, outputSize: readonly number[] | undefined): number[] {
  const nd = layer.kernelSize.length;
  if (outputSize === undefined) return layer.outputPadding.slice();
  const batched = input.dim() === nd + 2;
  const nonSpatial = batched ? 2 : 1;
  let size = outputSize.slice();
  if (size.length === nonSpatial + nd) size = size.slice(nonSpatial);
  if (size.length !== nd) {
    throw new Error(
      `${layer.getName()}: ConvTranspose${nd}D: for ${input.dim()}D input, output_size must have ${nd} or ${nonSpatial + nd} elements (got ${outputSize.length})`,
    );
  }
  const pad = layer.padding as readonly number[];
  const min: number[] = [];
  const max: number[] = [];
  for (let d = 0; d < nd; d++) {
    const m =
      (input._shape[d + nonSpatial]! - 1) * layer.stride[d]! -
      2 * pad[d]! +
      layer.dilation[d]! * (layer.kernelSize[d]! - 1) +
      1;
    min.push(m);
    max.push(m + layer.stride[d]! - 1);
  }
  size.forEach((s, i) => {
    if (s < min[i]! || s > max[i]!) {
      const spatial = input._shape.slice(nonSpatial);
      throw new Error(
        `${layer.getName()}: requested an output size of [${size.join(", ")}], but valid sizes range from [${min.join(", ")}] to [${max.join(", ")}] (for an input of torch.Size([${spatial.join(", ")}]))`,
      );
    }
  });
  return size.map((s, d) => s - min[d]!);
}

/** The keyword form of a transposed convolution's `forward(input, output_size)`. */
export interface ConvTransposeForwardOptions {
  /** The output's spatial size, or its whole shape (PyTorch's `output_size`). */
  outputSize?: readonly number[];
}
const FORWARD_OPTIONS: OptionsSpec<ConvTransposeForwardOptions> = {
  outputSize: {
    test: (v) => Array.isArray(v) && v.every((e) => Number.isSafeInteger(e)),
    expected: "a list of integers",
  },
};

function transposeForwardOptions(layer: ConvNd, outputPadding: number[]) {
  return {
    stride: layer.stride,
    padding: layer.padding as readonly number[],
    outputPadding,
    groups: layer.groups,
    dilation: layer.dilation,
  };
}

/**
 * `ConvTranspose1d` and `ConvTranspose2d` (PyTorch's `_ConvTransposeNd`): `call(x, outputSize?)`
 * with the output padding that gives `outputSize`, then convTranspose1d or convTranspose2d.
 */
abstract class ConvTransposeNd extends ConvNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "_ConvTransposeNd";
  /** The number of spatial dims of the input: 1 for ConvTranspose1d (`[N, C, L]`), 2 for ConvTranspose2d. */
  static readonly spatialDims: 1 | 2;

  /** Checks the arguments, naming the subclass that `new.target` builds, with its `spatialDims`. */
  constructor(...args: ConvArgs<ConvTransposeNdOptions>) {
    const [inChannels, outChannels, kernelSize, options] = args;
    const op = className(new.target);
    super(op, inChannels, outChannels, transposeSettings(op, new.target.spatialDims, kernelSize, options));
  }

  /**
   * The transposed convolution of `input`, with the output padding that gives `outputSize` when it
   * is given (PyTorch's `forward(input, output_size)`).
   *
   * @param outputSize the output's spatial size (or its whole shape), positionally or as PyTorch's
   *   keyword, `call(x, { outputSize: [8, 8] })` for `up(x, output_size=[8, 8])`
   */
  override forward(input: Tensor, outputSize?: readonly number[] | ConvTransposeForwardOptions): Tensor {
    checkInput(this, input);
    const args = positionalOrKeywords(`${this.getName()}.forward`, FORWARD_OPTIONS, [outputSize], 2);
    const options = transposeForwardOptions(this, outputPaddingFor(this, input, args.outputSize));
    const conv = this.kernelSize.length === 1 ? convTranspose1d : convTranspose2d;
    return conv(input, this.weight, this.bias, options);
  }
}

/**
 * A 1-D transposed convolution layer (`torch.nn.ConvTranspose1d`): weight
 * `[inChannels, outChannels/groups, k]`, bias `[outChannels]`. `call(x, outputSize?)` picks the
 * output padding that gives `outputSize`, as PyTorch's `forward(input, output_size)`.
 *
 * @example
 * const up = new ConvTranspose1d(8, 4, 3, { stride: 2 });
 * up.call(randn([2, 8, 5])).shape; // [2, 4, 11]
 */
export class ConvTranspose1d extends ConvTransposeNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "ConvTranspose1d";
  static override readonly spatialDims = 1;
}

/**
 * A 2-D transposed convolution layer (`torch.nn.ConvTranspose2d`): weight
 * `[inChannels, outChannels/groups, kH, kW]`, bias `[outChannels]`.
 *
 * @example
 * const up = new ConvTranspose2d(8, 4, 3, { stride: 2, padding: 1, outputPadding: 1 });
 * up.call(randn([1, 8, 7, 7])).shape; // [1, 4, 14, 14]
 */
export class ConvTranspose2d extends ConvTransposeNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "ConvTranspose2d";
  static override readonly spatialDims = 2;
}
