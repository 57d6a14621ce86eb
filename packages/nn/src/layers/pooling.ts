/**
 * Pooling, unpooling, upsampling and `Unflatten` (`torch.nn.MaxPool2d`, `AvgPool2d`,
 * `AdaptiveAvgPool2d`, `MaxUnpool2d`, `Upsample`, ...): thin modules over the functional ops of
 * @tsgrad/core (ops/pool.ts), with PyTorch's constructor arguments, defaults and reprs. None has
 * parameters or buffers.
 *
 * A size argument is a number or an array; the repr prints an array as a Python tuple (`(2, 3)`),
 * which is what PyTorch prints for the tuple a Python user would write.
 */
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  type AdaptiveSize,
  avgPool1d,
  avgPool2d,
  checkOptions,
  type IntOrTuple,
  type InterpolateMode,
  interpolate,
  maxPool1d,
  maxPool2d,
  maxUnpool2d,
  type OptionsSpec,
  type OptionTest,
  type Tensor,
  unflatten,
  type ValuesIndices,
} from "@tsgrad/core";
import { Module } from "../module.js";
import { pyBool, pyFloat, pyTuple } from "../repr.js";
import { checkInput } from "./check.js";

const isInt = (v: unknown): boolean => Number.isSafeInteger(v);
const isIntOrList = (v: unknown): boolean => isInt(v) || (Array.isArray(v) && v.every(isInt));
const INT_OR_LIST: OptionTest = { test: isIntOrList, expected: "an integer or a list of integers" };
const INT_OR_LIST_OR_NULL: OptionTest = {
  test: (v) => v === null || isIntOrList(v),
  expected: "an integer, a list of integers or null",
};
/** The `stride` and `padding` options every windowed layer takes, in PyTorch's order. */
const WINDOW_OPTIONS: OptionsSpec<{ stride?: IntOrTuple | null; padding?: IntOrTuple }> = {
  stride: INT_OR_LIST_OR_NULL,
  padding: INT_OR_LIST,
};

/** A size argument as Python prints it: `2`, `(2, 3)`, `(None, 4)`. */
function pySize(v: number | null | readonly (number | null)[]): string {
  if (v === null) return "None";
  if (typeof v === "number") return String(v);
  return v.length === 1 ? `(${pySize(v[0]!)},)` : `(${v.map((e) => pySize(e)).join(", ")})`;
}

/** A TypeError naming the layer unless `v` (its argument `name`) is an integer or a list of them. */
function checkSize(layer: string, name: string, v: unknown): void {
  if (!isIntOrList(v))
    throw new TypeError(
      `${layer}(): argument '${name}' must be an integer or a list of integers, but got ${describe(v)}`,
    );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v))
    return `[${v.map((e) => (typeof e === "number" || e === null ? String(e) : typeof e)).join(", ")}]`;
  return typeof v === "number" ? `a number (${v})` : typeof v;
}

/** The name of the Python type a JS value would be, as PyTorch's type errors print it. */
function pyTypeName(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (v === null || v === undefined) return "NoneType";
  return Array.isArray(v) ? "list" : typeof v;
}

/** Python's `_single` / `_pair`: a number repeated `n` times, a list as it is. */
function ntuple(v: IntOrTuple, n: number): number[] {
  return typeof v === "number" ? new Array<number>(n).fill(v) : v.slice();
}

// ---- max pooling ----------------------------------------------------------------------------------

/** The options of `MaxPool1d` and `MaxPool2d`, PyTorch's keyword arguments. */
export interface MaxPoolLayerOptions<R extends boolean = boolean> {
  /** The window's step; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** Implicit -inf padding on both sides (default 0). */
  padding?: IntOrTuple;
  /** The spacing of the window's elements (default 1). */
  dilation?: IntOrTuple;
  /** `forward` returns `{ values, indices }` (for `MaxUnpool2d`) instead of a tensor (default false). */
  returnIndices?: R;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}
const MAX_POOL_LAYER_OPTIONS: OptionsSpec<MaxPoolLayerOptions> = {
  ...WINDOW_OPTIONS,
  dilation: INT_OR_LIST,
  returnIndices: "boolean",
  ceilMode: "boolean",
};

/** What a max pool's `forward` returns: a tensor, or `{ values, indices }` with `returnIndices`. */
export type MaxPoolOutput<R extends boolean> = R extends true ? ValuesIndices : Tensor;

/** PyTorch's `_MaxPoolNd`: the settings, the forward and the repr of `MaxPool1d` and `MaxPool2d`. */
abstract class MaxPoolNd<R extends boolean> extends Module {
  /** The size of the window (PyTorch's `kernel_size`). */
  readonly kernelSize: IntOrTuple;
  /** The stride of the window (PyTorch's `stride`). */
  readonly stride: IntOrTuple;
  /** The implicit padding on each side (PyTorch's `padding`). */
  readonly padding: IntOrTuple;
  /** The spacing between the window's elements (PyTorch's `dilation`). */
  readonly dilation: IntOrTuple;
  /**
   * Whether `call` also returns the argmax indices, as `{ values, indices }` (PyTorch's `return_indices`).
   */
  readonly returnIndices: R;
  /** Whether the output size rounds up rather than down (PyTorch's `ceil_mode`). */
  readonly ceilMode: boolean;

  /** `pool`: the functional the layer calls (`maxPool1d` or `maxPool2d`). */
  constructor(
    layer: string,
    private readonly pool: typeof maxPool2d,
    kernelSize: IntOrTuple,
    options: MaxPoolLayerOptions<R>,
  ) {
    super();
    const o = checkOptions(layer, options, MAX_POOL_LAYER_OPTIONS, 2);
    checkSize(layer, "kernel_size", kernelSize);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = (o.returnIndices ?? false) as R;
    this.ceilMode = o.ceilMode ?? false;
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    checkInput(this, input);
    return this.pool(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      returnIndices: this.returnIndices,
    }) as MaxPoolOutput<R>;
  }

  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}, dilation=${pySize(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 2-D max pooling over `[N, C, H, W]` or `[C, H, W]` (`torch.nn.MaxPool2d`); see `maxPool2d`.
 * With `returnIndices: true` its output is `{ values, indices }` (PyTorch's tuple), typed so.
 *
 * PyTorch: `nn.MaxPool2d(2)`, `nn.MaxPool2d(3, stride=2, padding=1)`.
 *
 * @example
 * const pool = new MaxPool2d(2);
 * pool.call(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 * String(pool); // "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  static override readonly typeName: string = "MaxPool2d";
  constructor(kernelSize: IntOrTuple, options: MaxPoolLayerOptions<R> = {}) {
    super("MaxPool2d", maxPool2d, kernelSize, options);
  }
}

/**
 * 1-D max pooling over `[N, C, L]` or `[C, L]` (`torch.nn.MaxPool1d`); see `maxPool1d`.
 *
 * PyTorch: `nn.MaxPool1d(3, stride=2)`.
 *
 * @example
 * new MaxPool1d(2).call(randn([2, 4, 10])).shape; // [2, 4, 5]
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  static override readonly typeName: string = "MaxPool1d";
  constructor(kernelSize: IntOrTuple, options: MaxPoolLayerOptions<R> = {}) {
    super("MaxPool1d", maxPool1d, kernelSize, options);
  }
}

// ---- average pooling ------------------------------------------------------------------------------

/** The options of `AvgPool1d`, PyTorch's keyword arguments. */
export interface AvgPool1dLayerOptions {
  /** The window's step; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** Implicit zero padding on both sides (default 0). */
  padding?: IntOrTuple;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Count the padding in each window's divisor (default true). */
  countIncludePad?: boolean;
}
/** The options of `AvgPool2d`: those of `AvgPool1d` and `divisorOverride`. */
export interface AvgPool2dLayerOptions extends AvgPool1dLayerOptions {
  /** Divide every window's sum by this instead of its size (default null). */
  divisorOverride?: number | null;
}
const AVG_POOL1D_LAYER_OPTIONS: OptionsSpec<AvgPool1dLayerOptions> = {
  ...WINDOW_OPTIONS,
  ceilMode: "boolean",
  countIncludePad: "boolean",
};
const AVG_POOL2D_LAYER_OPTIONS: OptionsSpec<AvgPool2dLayerOptions> = {
  ...AVG_POOL1D_LAYER_OPTIONS,
  divisorOverride: "integerOrNull",
};

/** An average pool's settings, from the options its constructor has checked (as `ConvSettings`). */
type AvgPoolSettings = AvgPool1dLayerOptions;

/**
 * PyTorch's `_AvgPoolNd`: the settings `AvgPool1d` and `AvgPool2d` share (from options their
 * constructor has checked), the options of their functional call, and their repr.
 */
abstract class AvgPoolNd<S extends IntOrTuple> extends Module {
  /** The size of the window (PyTorch's `kernel_size`). */
  readonly kernelSize: S;
  /** The stride of the window (PyTorch's `stride`). */
  readonly stride: S;
  /** The implicit padding on each side (PyTorch's `padding`). */
  readonly padding: S;
  /** Whether the output size rounds up rather than down (PyTorch's `ceil_mode`). */
  readonly ceilMode: boolean;
  /** Whether the zero padding counts in the average's divisor (PyTorch's `count_include_pad`). */
  readonly countIncludePad: boolean;

  /** `size`: how a size argument is kept (`AvgPool1d`: as a 1-tuple; `AvgPool2d`: as given). */
  constructor(layer: string, kernelSize: IntOrTuple, o: AvgPoolSettings, size: (v: IntOrTuple) => S) {
    super();
    checkSize(layer, "kernel_size", kernelSize);
    this.kernelSize = size(kernelSize);
    this.stride = size(o.stride ?? kernelSize);
    this.padding = size(o.padding ?? 0);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }

  protected poolOptions() {
    return {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    };
  }

  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}`;
  }
}

/**
 * 2-D average pooling over `[N, C, H, W]` or `[C, H, W]` (`torch.nn.AvgPool2d`); see `avgPool2d`.
 *
 * PyTorch: `nn.AvgPool2d(2)`, `nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)`.
 *
 * @example
 * String(new AvgPool2d(2)); // "AvgPool2d(kernel_size=2, stride=2, padding=0)"
 */
export class AvgPool2d extends AvgPoolNd<IntOrTuple> {
  static override readonly typeName: string = "AvgPool2d";
  /** If set, the divisor of the average instead of the window size (PyTorch's `divisor_override`). */
  readonly divisorOverride: number | null;

  constructor(kernelSize: IntOrTuple, options: AvgPool2dLayerOptions = {}) {
    const o = checkOptions("AvgPool2d", options, AVG_POOL2D_LAYER_OPTIONS, 2);
    super("AvgPool2d", kernelSize, o, (v) => v);
    this.divisorOverride = o.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return avgPool2d(input, this.kernelSize, {
      ...this.poolOptions(),
      divisorOverride: this.divisorOverride,
    });
  }
}

/**
 * 1-D average pooling over `[N, C, L]` or `[C, L]` (`torch.nn.AvgPool1d`); see `avgPool1d`. As in
 * PyTorch, its sizes are kept (and printed) as 1-tuples.
 *
 * PyTorch: `nn.AvgPool1d(3, stride=2)`.
 *
 * @example
 * String(new AvgPool1d(3)); // "AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))"
 */
export class AvgPool1d extends AvgPoolNd<number[]> {
  static override readonly typeName: string = "AvgPool1d";

  constructor(kernelSize: IntOrTuple, options: AvgPool1dLayerOptions = {}) {
    const o = checkOptions("AvgPool1d", options, AVG_POOL1D_LAYER_OPTIONS, 2);
    super("AvgPool1d", kernelSize, o, (v) => ntuple(v, 1));
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return avgPool1d(input, this.kernelSize, this.poolOptions());
  }
}

// ---- adaptive pooling -----------------------------------------------------------------------------

function checkAdaptiveSize(layer: string, v: unknown): void {
  const ok = (e: unknown) => e === null || isInt(e);
  if (!(ok(v) || (Array.isArray(v) && v.every(ok))))
    throw new TypeError(
      `${layer}(): argument 'output_size' must be an integer, null or a list of them, but got ${describe(v)}`,
    );
}

/** What the adaptive pools share: the target size, given checked, and its repr. */
abstract class AdaptivePoolNd<S extends AdaptiveSize> extends Module {
  /** The target output size (PyTorch's `output_size`). */
  readonly outputSize: S;
  constructor(outputSize: S) {
    super();
    this.outputSize = outputSize;
  }
  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive average pooling to `outputSize` (`torch.nn.AdaptiveAvgPool2d`); see
 * `adaptiveAvgPool2d`. A `null` entry keeps the input's size along that dim.
 *
 * PyTorch: `nn.AdaptiveAvgPool2d((5, 7))`, `nn.AdaptiveAvgPool2d((None, 7))`.
 *
 * @example
 * new AdaptiveAvgPool2d(1).call(randn([8, 64, 7, 7])).shape; // [8, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends AdaptivePoolNd<AdaptiveSize> {
  static override readonly typeName: string = "AdaptiveAvgPool2d";
  constructor(outputSize: AdaptiveSize) {
    checkAdaptiveSize("AdaptiveAvgPool2d", outputSize);
    super(outputSize);
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return adaptiveAvgPool2d(input, this.outputSize);
  }
}

/**
 * 1-D adaptive average pooling to `outputSize` (`torch.nn.AdaptiveAvgPool1d`); see
 * `adaptiveAvgPool1d`.
 *
 * PyTorch: `nn.AdaptiveAvgPool1d(5)`.
 *
 * @example
 * new AdaptiveAvgPool1d(4).call(randn([2, 3, 10])).shape; // [2, 3, 4]
 */
export class AdaptiveAvgPool1d extends AdaptivePoolNd<IntOrTuple> {
  static override readonly typeName: string = "AdaptiveAvgPool1d";
  constructor(outputSize: IntOrTuple) {
    checkSize("AdaptiveAvgPool1d", "output_size", outputSize);
    super(outputSize);
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return adaptiveAvgPool1d(input, this.outputSize);
  }
}

/** The options of `AdaptiveMaxPool2d`. */
export interface AdaptiveMaxPoolLayerOptions<R extends boolean = boolean> {
  /** `forward` returns `{ values, indices }` instead of a tensor (default false). */
  returnIndices?: R;
}
const ADAPTIVE_MAX_LAYER_OPTIONS: OptionsSpec<AdaptiveMaxPoolLayerOptions> = { returnIndices: "boolean" };

/**
 * 2-D adaptive max pooling to `outputSize` (`torch.nn.AdaptiveMaxPool2d`); see
 * `adaptiveMaxPool2d`. With `returnIndices: true` its output is `{ values, indices }`.
 *
 * PyTorch: `nn.AdaptiveMaxPool2d((5, 7))`.
 *
 * @example
 * new AdaptiveMaxPool2d(3).call(randn([1, 2, 7, 7])).shape; // [1, 2, 3, 3]
 */
export class AdaptiveMaxPool2d<R extends boolean = false> extends AdaptivePoolNd<AdaptiveSize> {
  static override readonly typeName: string = "AdaptiveMaxPool2d";
  /**
   * Whether `call` also returns the argmax indices, as `{ values, indices }` (PyTorch's `return_indices`).
   */
  readonly returnIndices: R;
  constructor(outputSize: AdaptiveSize, options: AdaptiveMaxPoolLayerOptions<R> = {}) {
    const o = checkOptions("AdaptiveMaxPool2d", options, ADAPTIVE_MAX_LAYER_OPTIONS, 2);
    checkAdaptiveSize("AdaptiveMaxPool2d", outputSize);
    super(outputSize);
    this.returnIndices = (o.returnIndices ?? false) as R;
  }
  override forward(input: Tensor): MaxPoolOutput<R> {
    checkInput(this, input);
    return adaptiveMaxPool2d(input, this.outputSize, {
      returnIndices: this.returnIndices,
    }) as MaxPoolOutput<R>;
  }
}

// ---- max-unpooling --------------------------------------------------------------------------------

/** The options of `MaxUnpool2d`, PyTorch's keyword arguments. */
export interface MaxUnpool2dLayerOptions {
  /** The pooling's stride; the kernel size by default (`null` too). */
  stride?: IntOrTuple | null;
  /** The pooling's padding (default 0). */
  padding?: IntOrTuple;
}
const MAX_UNPOOL_LAYER_OPTIONS: OptionsSpec<MaxUnpool2dLayerOptions> = WINDOW_OPTIONS;

/**
 * The partial inverse of `MaxPool2d` (`torch.nn.MaxUnpool2d`): `call(values, indices)` puts each
 * value back at its index in a zero tensor; `outputSize` (`[H, W]` or a whole shape) picks the size
 * when the pool rounded down. See `maxUnpool2d`.
 *
 * PyTorch: `nn.MaxUnpool2d(2)`; `unpool(output, indices, output_size=x.size())`.
 *
 * @example
 * const x = randn([1, 2, 4, 4]);
 * const pool = new MaxPool2d(2, { returnIndices: true });
 * const { values, indices } = pool.call(x);
 * new MaxUnpool2d(2).call(values, indices, x.shape).shape; // [1, 2, 4, 4]
 */
export class MaxUnpool2d extends Module {
  static override readonly typeName: string = "MaxUnpool2d";
  /** The size of the window (PyTorch's `kernel_size`). */
  readonly kernelSize: number[];
  /** The stride of the window (PyTorch's `stride`). */
  readonly stride: number[];
  /** The implicit padding on each side (PyTorch's `padding`). */
  readonly padding: number[];
  constructor(kernelSize: IntOrTuple, options: MaxUnpool2dLayerOptions = {}) {
    super();
    const o = checkOptions("MaxUnpool2d", options, MAX_UNPOOL_LAYER_OPTIONS, 2);
    checkSize("MaxUnpool2d", "kernel_size", kernelSize);
    this.kernelSize = ntuple(kernelSize, 2);
    this.stride = ntuple(o.stride ?? kernelSize, 2);
    this.padding = ntuple(o.padding ?? 0, 2);
  }
  override forward(input: Tensor, indices: Tensor, outputSize: readonly number[] | null = null): Tensor {
    checkInput(this, input);
    checkInput(this, indices, "indices");
    return maxUnpool2d(input, indices, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      outputSize,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

// ---- upsampling -----------------------------------------------------------------------------------

/** The options of `Upsample`, PyTorch's keyword arguments; give `size` or `scaleFactor`. */
export interface UpsampleOptions {
  /** The output's spatial size: one for every spatial dim, or one each. */
  size?: IntOrTuple | null;
  /** The multiplier of the spatial size: one for every spatial dim, or one each. */
  scaleFactor?: number | readonly number[] | null;
  /** `"nearest"` (default), `"linear"` (3-D input) or `"bilinear"` (4-D input). */
  mode?: InterpolateMode;
  /** Linear modes: map the corner pixels' centres onto each other (default null: false). */
  alignCorners?: boolean | null;
  /** Compute the output size from `scaleFactor`, then resample as if that size were given. */
  recomputeScaleFactor?: boolean | null;
}
const UPSAMPLE_OPTIONS: OptionsSpec<UpsampleOptions> = {
  size: INT_OR_LIST_OR_NULL,
  scaleFactor: {
    test: (v) =>
      v === null || typeof v === "number" || (Array.isArray(v) && v.every((e) => typeof e === "number")),
    expected: "a number, a list of numbers or null",
  },
  mode: "string",
  alignCorners: { test: (v) => v === null || typeof v === "boolean", expected: "a boolean or null" },
  recomputeScaleFactor: { test: (v) => v === null || typeof v === "boolean", expected: "a boolean or null" },
};

/**
 * Upsamples `[N, C, L]` or `[N, C, H, W]` input (`torch.nn.Upsample`) by `interpolate`, with its
 * options. As in PyTorch, a scale factor is kept as a float (a scale factor of 0 as none).
 *
 * PyTorch: `nn.Upsample(scale_factor=2)`, `nn.Upsample(size=(8, 8), mode="bilinear", align_corners=True)`.
 *
 * @example
 * const up = new Upsample({ scaleFactor: 2, mode: "bilinear" });
 * up.call(randn([1, 3, 4, 4])).shape; // [1, 3, 8, 8]
 * String(up); // "Upsample(scale_factor=2.0, mode=bilinear)"
 */
export class Upsample extends Module {
  static override readonly typeName: string = "Upsample";
  /** The output size, if given (PyTorch's `size`). */
  readonly size: IntOrTuple | null;
  /** The multiplier of the spatial size, if given (PyTorch's `scale_factor`). */
  readonly scaleFactor: number | readonly number[] | null;
  /** The interpolation: `"nearest"`, `"linear"`, `"bilinear"`, ... (PyTorch's `mode`). */
  readonly mode: InterpolateMode;
  /** Whether corner pixels are aligned, for the linear modes (PyTorch's `align_corners`). */
  readonly alignCorners: boolean | null;
  /** Whether the scale factor is recomputed from the output size (PyTorch's `recompute_scale_factor`). */
  readonly recomputeScaleFactor: boolean | null;
  constructor(options: UpsampleOptions = {}) {
    super();
    const o = checkOptions("Upsample", options, UPSAMPLE_OPTIONS, 1);
    this.size = o.size ?? null;
    const sf = o.scaleFactor ?? null;
    // Python's `float(scale_factor) if scale_factor else None`: an empty list or 0 is no factor.
    this.scaleFactor = sf === null || sf === 0 || (Array.isArray(sf) && sf.length === 0) ? null : sf;
    this.mode = o.mode ?? "nearest";
    this.alignCorners = o.alignCorners ?? null;
    this.recomputeScaleFactor = o.recomputeScaleFactor ?? null;
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return interpolate(input, {
      size: this.size,
      scaleFactor: this.scaleFactor,
      mode: this.mode,
      alignCorners: this.alignCorners,
      recomputeScaleFactor: this.recomputeScaleFactor,
    });
  }
  override extraRepr(): string {
    const sf = this.scaleFactor;
    const info =
      sf !== null
        ? `scale_factor=${typeof sf === "number" ? pyFloat(sf) : sf.length === 1 ? `(${pyFloat(sf[0]!)},)` : `(${sf.map(pyFloat).join(", ")})`}`
        : `size=${this.size === null ? "None" : pySize(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

// ---- unflatten ------------------------------------------------------------------------------------

const UNFLATTEN_KEYWORDS: OptionsSpec<{ dim: number; unflattenedSize: readonly number[] }> = {
  dim: "any",
  unflattenedSize: "any",
};

/**
 * Splits dim `dim` into `unflattenedSize` (`torch.nn.Unflatten`): `[N, 50]` → `[N, 2, 5, 5]`
 * with `new Unflatten(1, [2, 5, 5])`; one size may be -1 (inferred). The inverse of `Flatten`.
 *
 * PyTorch: `nn.Unflatten(1, (2, 5, 5))`.
 *
 * @example
 * new Unflatten(1, [2, 5]).call(randn([3, 10])).shape; // [3, 2, 5]
 */
export class Unflatten extends Module {
  static override readonly typeName: string = "Unflatten";
  /** The dim unflattened (PyTorch's `dim`). */
  readonly dim: number;
  /** The shape the dim is unflattened into (PyTorch's `unflattened_size`). */
  readonly unflattenedSize: readonly number[];
  /** `new Unflatten(1, [2, 3])`, or by PyTorch's keywords `new Unflatten({ dim: 1, unflattenedSize: [2, 3] })`. */
  constructor(
    dim: number | { dim: number; unflattenedSize: readonly number[] },
    unflattenedSize?: readonly number[],
  ) {
    super();
    if (typeof dim === "object" && dim !== null && !Array.isArray(dim)) {
      if (unflattenedSize !== undefined) {
        throw new TypeError(
          "Unflatten(): got an options object as argument 1, so there can be no argument 2",
        );
      }
      ({ dim, unflattenedSize } = checkOptions("Unflatten", dim, UNFLATTEN_KEYWORDS, 1));
    }
    if (!isInt(dim)) throw new TypeError("Unflatten(): invalid argument type for dim parameter");
    if (!Array.isArray(unflattenedSize))
      throw new TypeError(
        `Unflatten(): unflattened_size must be a tuple of ints, but found type ${pyTypeName(unflattenedSize)}`,
      );
    const bad = unflattenedSize.findIndex((v) => !isInt(v));
    if (bad >= 0)
      throw new TypeError(
        `Unflatten(): unflattened_size must be tuple of ints, but found element of type ${pyTypeName(unflattenedSize[bad])} at pos ${bad}`,
      );
    this.dim = dim as number;
    this.unflattenedSize = unflattenedSize.slice();
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return unflatten(input, this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
