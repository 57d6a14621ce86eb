import {
  batchNorm,
  checkOptions,
  type DType,
  getDefaultDtype,
  groupNorm,
  instanceNorm,
  isFloating,
  layerNorm,
  noGrad,
  type OptionsSpec,
  type OptionTest,
  ones,
  type Tensor,
  zeros,
} from "@tsgrad/core";
import { ones_, zeros_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { checkInput, checkSizes } from "./check.js";
import { pyBool, pyFloat, pyTuple } from "../repr.js";

/**
 * What every normalization layer has: `eps`, and the learnable affine `weight` (ones) and `bias`
 * (zeros), or two absent parameters without `affine`.
 */
abstract class AffineNorm extends Module {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "AffineNorm";
  /** Added to the variance for numerical stability (PyTorch's `eps`). */
  readonly eps: number;
  /** The learnable scale γ (PyTorch's `weight`), or null without `affine`. */
  weight: Parameter | null;
  /** The learnable shift β (PyTorch's `bias`), or null without `affine`. */
  bias: Parameter | null;

  /** `eps` (default 1e-5); with `affine`, `weight` and `bias` of `shape` and `dtype` (default: the default). */
  protected constructor(
    eps: number | undefined,
    affine: boolean,
    shape: readonly number[],
    dtype: DType | undefined,
  ) {
    super();
    this.eps = eps ?? 1e-5;
    const d = dtype ?? getDefaultDtype();
    this.weight = this.registerParameter("weight", affine ? new Parameter(ones(shape, { dtype: d })) : null);
    this.bias = this.registerParameter("bias", affine ? new Parameter(zeros(shape, { dtype: d })) : null);
  }

  /** Scale to ones, shift to zeros. */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }
}

/** `LayerNorm`'s keyword arguments (`nn.LayerNorm(shape, eps=, elementwise_affine=, dtype=)`). */
export interface LayerNormOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale (init 1) and shift (init 0) (default true). */
  elementwiseAffine?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const LAYER_NORM_OPTIONS: OptionsSpec<LayerNormOptions> = {
  eps: "nonneg",
  elementwiseAffine: "boolean",
  dtype: "dtype",
};

/**
 * Layer normalization over the last dims (`torch.nn.LayerNorm`):
 * `y = (x − E[x]) / √(Var[x] + eps) · γ + β`, with the biased variance, over the trailing
 * `normalizedShape` dims: core's `layerNorm` (`F.layer_norm`), one `NativeLayerNormBackward0` node.
 *
 * Shape: input `[*, ...normalizedShape]`, output the same.
 *
 * @example
 * const ln = new LayerNorm(10);
 * String(ln); // "LayerNorm((10,), eps=1e-05, elementwise_affine=True)"
 */
export class LayerNorm extends AffineNorm {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "LayerNorm";
  /** The trailing shape normalised over (PyTorch's `normalized_shape`). */
  readonly normalizedShape: readonly number[];
  /** Whether the layer has a learnable elementwise scale and shift (PyTorch's `elementwise_affine`). */
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    checkOptions("LayerNorm", options, LAYER_NORM_OPTIONS, 2);
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0) {
      throw new Error(
        `LayerNorm(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${JSON.stringify(shape)}`,
      );
    }
    if (!shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new Error(
        `LayerNorm(): normalized_shape must hold non-negative integers, but got [${shape.join(", ")}]`,
      );
    }
    const elementwiseAffine = options.elementwiseAffine ?? true;
    super(options.eps, elementwiseAffine, shape, options.dtype);
    this.normalizedShape = shape.slice();
    this.elementwiseAffine = elementwiseAffine;
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!isFloating(input.dtype)) {
      throw new Error(`LayerNorm: expected a floating point input, got ${input.dtype}`);
    }
    const k = this.normalizedShape.length;
    const tail = input._shape.slice(input.dim() - k);
    if (input.dim() < k || tail.some((s, i) => s !== this.normalizedShape[i])) {
      throw new Error(
        `LayerNorm: Given normalized_shape=[${this.normalizedShape.join(", ")}], expected input with shape [*, ${this.normalizedShape.join(", ")}], but got input of size[${input._shape.join(", ")}]`,
      );
    }
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

// ---- batch and instance norm --------------------------------------------------------------------

/** `momentum` of the batch and instance norms: a number, or null (a cumulative average). */
const MOMENTUM: OptionTest = {
  test: (v) => v === null || Number.isFinite(v),
  expected: "a finite number or null",
};

/**
 * `BatchNorm1d` / `BatchNorm2d`'s keyword arguments (`eps=`, `momentum=`, `affine=`, `track_running_stats=`, `dtype=`).
 */
export interface BatchNormOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /**
   * Weight of each batch's statistics in the running ones (default 0.1); null keeps a cumulative
   * average instead (each batch weighted `1 / numBatchesTracked`).
   */
  momentum?: number | null;
  /** Learn a per-channel scale (init 1) and shift (init 0) (default true). */
  affine?: boolean;
  /**
   * Keep `running_mean`, `running_var` and `num_batches_tracked` buffers, updated in training and
   * used in eval mode (default true). Without them, eval mode uses the batch's statistics too.
   */
  trackRunningStats?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const NORM_OPTIONS: OptionsSpec<BatchNormOptions> = {
  eps: "nonneg",
  momentum: MOMENTUM,
  affine: "boolean",
  trackRunningStats: "boolean",
  dtype: "dtype",
};

/**
 * What the batch and instance norms share (PyTorch's `_NormBase`): the `weight` / `bias`
 * parameters and the `running_mean` / `running_var` / `num_batches_tracked` buffers (absent,
 * hence not in `stateDict()`, when not tracked). `num_batches_tracked` is int64 in PyTorch and
 * int32 here; `saveSafetensors` writes it as I64, so the file loads in PyTorch.
 */
class NormBase extends AffineNorm {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "NormBase";
  /** The number of channels C (PyTorch's `num_features`). */
  readonly numFeatures: number;
  /**
   * The weight of the new batch in the running averages (PyTorch's `momentum`), or null for a cumulative
   * average.
   */
  readonly momentum: number | null;
  /** Whether the layer has a learnable per-channel scale and shift (PyTorch's `affine`). */
  readonly affine: boolean;
  /** Whether running mean and variance are kept and used in eval mode (PyTorch's `track_running_stats`). */
  readonly trackRunningStats: boolean;
  /** The running mean buffer `[C]` (PyTorch's `running_mean`), or null. */
  running_mean: Tensor | null;
  /** The running (unbiased) variance buffer `[C]` (PyTorch's `running_var`), or null. */
  running_var: Tensor | null;
  /** The number of batches seen in training (PyTorch's `num_batches_tracked`), or null. */
  num_batches_tracked: Tensor | null;

  constructor(
    op: string,
    numFeatures: number,
    options: BatchNormOptions,
    defaults: { affine: boolean; trackRunningStats: boolean },
  ) {
    checkOptions(op, options, NORM_OPTIONS, 2);
    checkSizes(op, { num_features: numFeatures });
    const affine = options.affine ?? defaults.affine;
    const shape = [numFeatures];
    super(options.eps, affine, shape, options.dtype);
    this.numFeatures = numFeatures;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = affine;
    this.trackRunningStats = options.trackRunningStats ?? defaults.trackRunningStats;
    const dtype = options.dtype ?? getDefaultDtype();
    const track = this.trackRunningStats;
    this.running_mean = this.registerBuffer("running_mean", track ? zeros(shape, { dtype }) : null);
    this.running_var = this.registerBuffer("running_var", track ? ones(shape, { dtype }) : null);
    this.num_batches_tracked = this.registerBuffer(
      "num_batches_tracked",
      track ? zeros([], { dtype: "int32" }) : null,
    );
  }

  /**
   * A checkpoint without `num_batches_tracked` (saved before PyTorch 0.4.1, or written by hand)
   * loads with the count 0, as PyTorch's `_NormBase._load_from_state_dict` fills it in.
   */
  protected override upgradeStateDict(
    sd: ReadonlyMap<string, unknown>,
    prefix: string,
  ): ReadonlyMap<string, unknown> {
    const key = `${prefix}num_batches_tracked`;
    if (this.num_batches_tracked === null || sd.has(key)) return sd;
    return new Map([...sd, [key, zeros([], { dtype: "int32" })]]);
  }

  /** Running mean to 0, running variance to 1, batch count to 0 (`reset_running_stats`). */
  resetRunningStats(): void {
    noGrad(() => {
      this.running_mean?.zero_();
      this.running_var?.fill_(1);
      this.num_batches_tracked?.zero_();
    });
  }

  /** The running statistics, then scale to ones and shift to zeros (`reset_parameters`). */
  override resetParameters(): void {
    this.resetRunningStats();
    super.resetParameters();
  }

  /** Throws PyTorch's `expected 2D or 3D input (got 4D input)` unless `input.dim()` is in `dims`. */
  protected checkDims(input: Tensor, dims: readonly number[]): void {
    checkInput(this, input);
    if (!dims.includes(input.dim())) {
      throw new Error(
        `${this.getName()}: expected ${dims.map((d) => `${d}D`).join(" or ")} input (got ${input.dim()}D input)`,
      );
    }
  }

  override extraRepr(): string {
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/** PyTorch's `_BatchNorm.forward`: the module's half of the split with `F.batch_norm`. */
class BatchNormBase extends NormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "BatchNormBase";

  /** `dims`: the input ranks the layer takes (`BatchNorm1d`: 2 or 3). */
  constructor(
    op: string,
    private readonly dims: readonly number[],
    numFeatures: number,
    options: BatchNormOptions,
  ) {
    super(op, numFeatures, options, { affine: true, trackRunningStats: true });
  }

  override forward(input: Tensor): Tensor {
    this.checkDims(input, this.dims);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      const count = this.num_batches_tracked;
      noGrad(() => count.add_(1));
      // momentum null: a cumulative moving average, the n-th batch weighted 1/n.
      if (this.momentum === null) factor = 1 / count.item();
    }
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    // Untracked statistics are not passed in training, so that they are not updated.
    const passStats = !this.training || this.trackRunningStats;
    return batchNorm(input, passStats ? this.running_mean : null, passStats ? this.running_var : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
  }
}

/**
 * Batch normalization over a `[N, C]` or `[N, C, L]` input (`torch.nn.BatchNorm1d`): each channel
 * is normalized with the batch's mean and (biased) variance in training mode, which also update
 * `running_mean` / `running_var` (unbiased) with `momentum`, and with the running ones in eval mode.
 *
 * @param numFeatures C, the number of channels
 *
 * @example
 * const bn = new BatchNorm1d(8);
 * bn.call(randn([16, 8]));   // training: batch statistics, running stats updated
 * bn.eval().call(randn([4, 8])); // running statistics
 * String(bn); // "BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
 */
export class BatchNorm1d extends BatchNormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "BatchNorm1d";

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super("BatchNorm1d", [2, 3], numFeatures, options);
  }
}

/**
 * Batch normalization over a `[N, C, H, W]` input, per channel (`torch.nn.BatchNorm2d`); see
 * {@link BatchNorm1d} for training and eval mode.
 *
 * @example
 * const bn = new BatchNorm2d(3, { momentum: null }); // cumulative running averages
 * bn.call(randn([4, 3, 8, 8]));
 */
export class BatchNorm2d extends BatchNormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "BatchNorm2d";

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super("BatchNorm2d", [4], numFeatures, options);
  }
}

/** `momentum` of the instance norms: a number (`F.instance_norm` takes no null). */
export interface InstanceNormOptions extends Omit<BatchNormOptions, "momentum"> {
  /** Weight of each batch's statistics in the running ones (default 0.1). */
  momentum?: number;
}

const INSTANCE_NORM_OPTIONS: OptionsSpec<InstanceNormOptions> = { ...NORM_OPTIONS, momentum: "finite" };

/** PyTorch's `_InstanceNorm`: an unbatched input gets a batch dim of 1 for the call. */
class InstanceNormBase extends NormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "InstanceNormBase";

  /** `unbatchedDim`: the rank of an unbatched input (`InstanceNorm1d`: 2, of `[C, L]`; batched 3). */
  constructor(
    op: string,
    private readonly unbatchedDim: number,
    numFeatures: number,
    options: InstanceNormOptions,
  ) {
    checkOptions(op, options, INSTANCE_NORM_OPTIONS, 2);
    super(op, numFeatures, options, { affine: false, trackRunningStats: false });
  }

  override forward(input: Tensor): Tensor {
    this.checkDims(input, [this.unbatchedDim, this.unbatchedDim + 1]);
    if (input.dim() === this.unbatchedDim) return this.normalize(input.unsqueeze(0)).squeeze(0);
    return this.normalize(input);
  }

  private normalize(input: Tensor): Tensor {
    return instanceNorm(input, {
      runningMean: this.running_mean,
      runningVar: this.running_var,
      weight: this.weight,
      bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum ?? 0.1,
      eps: this.eps,
    });
  }
}

/**
 * Instance normalization of `[N, C, L]` (or unbatched `[C, L]`) input (`torch.nn.InstanceNorm1d`):
 * each channel of each sample normalized over L. No affine and no running statistics by default.
 *
 * @example
 * const inorm = new InstanceNorm1d(4);
 * inorm.call(randn([2, 4, 10])).shape; // [2, 4, 10]
 * String(inorm); // "InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)"
 */
export class InstanceNorm1d extends InstanceNormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "InstanceNorm1d";

  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super("InstanceNorm1d", 2, numFeatures, options);
  }
}

/**
 * Instance normalization of `[N, C, H, W]` (or unbatched `[C, H, W]`) input
 * (`torch.nn.InstanceNorm2d`); see {@link InstanceNorm1d}.
 *
 * @example
 * new InstanceNorm2d(3, { affine: true }).call(randn([2, 3, 8, 8]));
 */
export class InstanceNorm2d extends InstanceNormBase {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "InstanceNorm2d";

  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super("InstanceNorm2d", 3, numFeatures, options);
  }
}

// ---- group norm ---------------------------------------------------------------------------------

/** `GroupNorm`'s keyword arguments (`nn.GroupNorm(groups, channels, eps=, affine=, dtype=)`). */
export interface GroupNormOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /** Learn a per-channel scale (init 1) and shift (init 0) (default true). */
  affine?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const GROUP_NORM_OPTIONS: OptionsSpec<GroupNormOptions> = {
  eps: "nonneg",
  affine: "boolean",
  dtype: "dtype",
};

/**
 * Group normalization (`torch.nn.GroupNorm`): the channels of an `[N, C, *]` input are split into
 * `numGroups` groups, each normalized per sample over its channels and trailing dims, then scaled
 * and shifted per channel. The same in training and eval mode.
 *
 * @example
 * const gn = new GroupNorm(2, 6);
 * gn.call(randn([4, 6, 10]));
 * String(gn); // "GroupNorm(2, 6, eps=1e-05, affine=True)"
 */
export class GroupNorm extends AffineNorm {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "GroupNorm";
  /** The number of groups the channels are divided into (PyTorch's `num_groups`). */
  readonly numGroups: number;
  /** The number of channels (PyTorch's `num_channels`). */
  readonly numChannels: number;
  /** Whether the layer has a learnable per-channel scale and shift (PyTorch's `affine`). */
  readonly affine: boolean;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    checkOptions("GroupNorm", options, GROUP_NORM_OPTIONS, 3);
    checkSizes("GroupNorm", { num_groups: numGroups, num_channels: numChannels });
    if (numGroups === 0 || numChannels % numGroups !== 0) {
      throw new Error("GroupNorm(): num_channels must be divisible by num_groups");
    }
    const affine = options.affine ?? true;
    super(options.eps, affine, [numChannels], options.dtype);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.affine = affine;
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
