/**
 * The normalizations: batch, group, instance and layer norm (`torch.nn.functional`). Each is one
 * graph node with PyTorch's name and PyTorch's closed-form backward (one pass for the sums, one
 * for the input gradient), through the `normStats` / `normApply` / `normBackward` kernels, which
 * see every input as a contiguous `[outer, c, inner]` with statistics per middle index.
 * Statistics are computed and kept in doubles; saved means and inverse standard deviations are
 * float64 tensors whatever the input's dtype.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { grad } from "../autograd/grad.js";
import { needsGrad, record } from "../autograd/node.js";
import { allocate, type DType } from "../dtype.js";
import { kernels } from "../kernels/index.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { checkInt, formatShape, numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkFloating, checkTensor } from "./check.js";

// ---- shared pieces ------------------------------------------------------------------------------

/** A float64 tensor over `data` (the saved statistics: tensors, so the engine frees them). */
const f64 = (data: Float64Array): Tensor => Tensor.fromArray(data, [data.length], "float64");

/**
 * What the three norms save: the contiguous input, its statistics, and (for their createGraph
 * forms) the input itself with the weight and bias that were given.
 */
function normSaved(
  xc: Tensor,
  mean: Float64Array,
  invstd: Float64Array,
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
): Tensor[] {
  const saved = [xc, f64(mean), f64(invstd), input];
  if (weight !== null) saved.push(weight);
  if (bias !== null) saved.push(bias);
  return saved;
}

/**
 * The parts of what {@link normSaved} saved, as a backward gets them: the weight and bias
 * (`ws`, `bs`) are undefined where none was given.
 */
function savedParts(s: readonly Tensor[], hasWeight: boolean, hasBias: boolean) {
  const [xs, ms, is, xin] = s as [Tensor, Tensor, Tensor, Tensor];
  const ws = hasWeight ? s[4] : undefined;
  const bs = hasBias ? s[hasWeight ? 5 : 4] : undefined;
  return { xs, ms, is, xin, ws, bs };
}

/** The logical values of `t` as doubles. */
function valuesOf(t: Tensor): Float64Array {
  const v = t.toTypedArray();
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/** `x` itself when contiguous, else a contiguous copy made outside the graph. */
const dense = (x: Tensor): Tensor => (x.isContiguous() ? x : noGrad(() => x.contiguous()));

/** The PyTorch Python spelling of a size in a message: `torch.Size([2, 3])`. */
const torchSize = (shape: readonly number[]): string => `torch.Size(${formatShape(shape)})`;

/** `t` (a weight, bias or running statistic) must be a tensor of `dtype` with `n` elements. */
function checkPerChannel(op: string, name: string, t: Tensor | null, n: number, dtype: DType): void {
  if (t === null) return;
  checkTensor(op, t, name);
  if (t.numel() !== n) throw new Error(`${op}(): ${name} should contain ${n} elements not ${t.numel()}`);
  if (t.dtype !== dtype) {
    throw new Error(`${op}(): expected ${name} to have dtype ${dtype} (the input's), but got ${t.dtype}`);
  }
}

/** Mean, biased variance and 1/√(var + eps) per channel of `xc` seen as `[outer, c, inner]`. */
function stats(xc: Tensor, outer: number, c: number, inner: number, eps: number) {
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  kernels.normStats(xc.storage.data, xc.offset, outer, c, inner, mean, variance);
  const invstd = new Float64Array(c);
  for (let k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(variance[k]! + eps);
  return { mean, variance, invstd };
}

/** `x · scale[k] + shift[k]` per channel k of `x` seen as `[outer, c, inner]`, into a new tensor. */
function apply(
  x: Tensor,
  outer: number,
  c: number,
  inner: number,
  scale: Float64Array,
  shift: Float64Array,
  shape: readonly number[],
): Tensor {
  const out = allocate(x.dtype, x.numel());
  kernels.normApply(x.storage.data, x.offset, outer, c, inner, scale, shift, out);
  return Tensor.fromArray(out, shape.slice(), x.dtype);
}

/** Runs `normBackward`: per-channel Σg and Σg·x̂, and the input gradient when `wantDx`. */
function backward(
  g: Tensor,
  xc: Tensor,
  outer: number,
  c: number,
  inner: number,
  mean: Float64Array,
  invstd: Float64Array,
  gscale: Float64Array | null,
  batchStats: boolean,
  wantDx: boolean,
) {
  const gc = dense(g);
  const sumG = new Float64Array(c);
  const sumGX = new Float64Array(c);
  const dx = wantDx ? allocate(xc.dtype, xc.numel()) : null;
  kernels.normBackward(
    gc.storage.data,
    gc.offset,
    xc.storage.data,
    xc.offset,
    outer,
    c,
    inner,
    mean,
    invstd,
    gscale,
    batchStats,
    sumG,
    sumGX,
    dx,
  );
  return { sumG, sumGX, dx: dx === null ? null : Tensor.fromArray(dx, xc._shape.slice(), xc.dtype) };
}

/** A per-channel gradient (doubles) as a tensor shaped and typed like the parameter `p`. */
function paramGrad(values: Float64Array, p: Tensor): Tensor {
  const out = allocate(p.dtype, values.length);
  out.set(values);
  return Tensor.fromArray(out, p._shape.slice(), p.dtype);
}

/** The input of a normalization: a floating tensor with at least `minDim` dims. */
function checkInput(op: string, input: Tensor, minDim: number, layout: string): void {
  checkTensor(op, input);
  checkFloating(op, input);
  if (input.dim() < minDim) {
    throw new Error(
      `${op}(): expected an input with at least ${minDim} dims ${layout}, but got shape ${formatShape(input._shape)}`,
    );
  }
}

// ---- batch norm ---------------------------------------------------------------------------------

/** `batchNorm`'s keyword options (`F.batch_norm`'s `weight=`, `bias=`, `training=`, `momentum=`, `eps=`). */
export interface BatchNormFnOptions {
  /** Per-channel scale γ, `[C]` (default none: 1). */
  weight?: Tensor | null;
  /** Per-channel shift β, `[C]` (default none: 0). */
  bias?: Tensor | null;
  /** Normalize with the batch's statistics and update the running ones (default false). */
  training?: boolean;
  /**
   * Weight of the new batch statistics in the running ones, `running = (1 − m)·running + m·batch`
   * (default 0.1). A cumulative average (`momentum: null` of the BatchNorm modules) is the module's
   * business: it passes `1 / numBatchesTracked` here, as PyTorch's modules do.
   */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

const BATCH_NORM_OPTIONS: OptionsSpec<BatchNormFnOptions> = {
  weight: "tensorOrNull",
  bias: "tensorOrNull",
  training: "boolean",
  momentum: "finite",
  eps: "nonneg",
};

/**
 * Batch normalization of an `[N, C, *]` input per channel (`torch.nn.functional.batch_norm`):
 * `y = (x − mean) / √(var + eps) · weight + bias`. In training mode mean and var are the batch's
 * (biased variance) over N and the trailing dims, and `runningMean` / `runningVar`, when given,
 * are updated in place with `momentum` (the variance unbiased, n/(n − 1), as in PyTorch); in eval
 * mode the running statistics are used. The backward is PyTorch's single `NativeBatchNormBackward0`;
 * the running statistics get no gradient.
 *
 * @param input `[N, C]` or `[N, C, L]`, `[N, C, H, W]`, ...
 * @param runningMean `[C]`, or null (then training mode must be used)
 * @param runningVar `[C]`, or null
 *
 * @example
 * const rm = zeros([3]), rv = ones([3]);
 * const y = batchNorm(randn([8, 3, 4, 4]), rm, rv, { training: true }); // rm, rv updated
 * // eval mode: normalizes with rm, rv
 * batchNorm(randn([8, 3]), rm, rv).shape; // [8, 3]
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormFnOptions = {},
): Tensor {
  const op = "batch_norm";
  checkInput(op, input, 2, "(N, C, *)");
  const o = checkOptions(op, options, BATCH_NORM_OPTIONS, 4);
  const { training = false, momentum = 0.1, eps = 1e-5, weight = null, bias = null } = o;
  const shape = input._shape;
  const n = shape[0]!;
  const c = shape[1]!;
  const inner = numelOf(shape.slice(2));
  if (training && n * inner === 1) {
    throw new Error(
      `${op}(): Expected more than 1 value per channel when training, got input size ${torchSize(shape)}`,
    );
  }
  for (const [name, t] of [
    ["running_mean", runningMean],
    ["running_var", runningVar],
  ] as const) {
    if (t === undefined || (t !== null && !(t instanceof Tensor))) checkTensor(op, t, name);
    if (t === null && !training) throw new Error(`${op}(): ${name} must be defined in evaluation mode`);
    checkPerChannel(op, name, t, c, input.dtype);
  }
  checkPerChannel(op, "weight", weight, c, input.dtype);
  checkPerChannel(op, "bias", bias, c, input.dtype);

  const xc = dense(input);
  let mean: Float64Array;
  let invstd: Float64Array;
  if (training) {
    const s = stats(xc, n, c, inner, eps);
    mean = s.mean;
    invstd = s.invstd;
    const m = n * inner;
    // An empty batch has no statistics: PyTorch leaves the running ones alone.
    if (m > 0 && c > 0)
      noGrad(() => {
        if (runningMean !== null) {
          const rm = valuesOf(runningMean);
          for (let k = 0; k < c; k++) rm[k] = momentum * mean[k]! + (1 - momentum) * rm[k]!;
          runningMean.copy_(Tensor.fromArray(rm, runningMean._shape.slice(), "float64"));
        }
        if (runningVar !== null) {
          const rv = valuesOf(runningVar);
          for (let k = 0; k < c; k++) {
            rv[k] = momentum * ((s.variance[k]! * m) / (m - 1)) + (1 - momentum) * rv[k]!;
          }
          runningVar.copy_(Tensor.fromArray(rv, runningVar._shape.slice(), "float64"));
        }
      });
  } else {
    mean = valuesOf(runningMean!);
    invstd = valuesOf(runningVar!);
    for (let k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(invstd[k]! + eps);
  }
  // y = x·α + β per channel, α = γ·invstd, β = b − mean·α (PyTorch's CPU kernel does the same).
  const w = weight === null ? null : valuesOf(weight);
  const b = bias === null ? null : valuesOf(bias);
  const alpha = new Float64Array(c);
  const beta = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    alpha[k] = (w === null ? 1 : w[k]!) * invstd[k]!;
    beta[k] = (b === null ? 0 : b[k]!) - mean[k]! * alpha[k]!;
  }
  const y = apply(xc, n, c, inner, alpha, beta, shape);
  // The input and bias are saved too (as PyTorch's native_batch_norm saves the input), for the
  // createGraph form below.
  const saved = normSaved(xc, mean, invstd, input, weight, bias);
  return record(y, "NativeBatchNormBackward0", [input, weight, bias], saved, (g, s, needs) => {
    const { xs, ms, is, xin, ws, bs } = savedParts(s, weight !== null, bias !== null);
    if (needsGrad(g, xin, ws, bs)) {
      // Under createGraph: the forward again in recorded ops (batch statistics in training,
      // the running ones as constants otherwise), differentiated with g.
      const perChannel = [1, c, ...shape.slice(2).map(() => 1)];
      const dims = shape.map((_, i) => i).filter((i) => i !== 1);
      let y2: Tensor;
      if (training) {
        const centered = xin!.sub(xin!.mean(dims, true));
        y2 = centered.mul(centered.square().mean(dims, true).add(eps).rsqrt());
      } else {
        const [m, inv] = [ms, is].map((t) => t.to(xin!.dtype).reshape(perChannel));
        y2 = xin!.sub(m!).mul(inv!);
      }
      if (ws !== undefined) y2 = y2.mul(ws.reshape(perChannel));
      if (bs !== undefined) y2 = y2.add(bs.reshape(perChannel));
      return recomputedGrads(y2, g, [xin!, ws ?? null, bs ?? null], needs);
    }
    const gscale = ws === undefined ? null : valuesOf(ws);
    const r = backward(
      g,
      xs,
      n,
      c,
      inner,
      ms.storage.data as Float64Array,
      is.storage.data as Float64Array,
      gscale,
      training,
      needs[0]!,
    );
    return [r.dx, needs[1] ? paramGrad(r.sumGX, weight!) : null, needs[2] ? paramGrad(r.sumG, bias!) : null];
  });
}

// ---- group norm ---------------------------------------------------------------------------------

/** `groupNorm`'s keyword options (`F.group_norm`'s `weight=`, `bias=`, `eps=`). */
export interface GroupNormFnOptions {
  /** Per-channel scale, `[C]` (default none: 1). */
  weight?: Tensor | null;
  /** Per-channel shift, `[C]` (default none: 0). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

const GROUP_NORM_OPTIONS: OptionsSpec<GroupNormFnOptions> = {
  weight: "tensorOrNull",
  bias: "tensorOrNull",
  eps: "nonneg",
};

/**
 * Group normalization (`torch.nn.functional.group_norm`): the C channels of an `[N, C, *]` input
 * are split into `numGroups` groups, each normalized over its channels and trailing dims per
 * sample (biased variance), then scaled and shifted per channel. One `NativeGroupNormBackward0`.
 *
 * @example
 * groupNorm(randn([2, 6, 5]), 3); // groups of 2 channels
 * groupNorm(randn([2, 6, 5]), 2, { weight: ones([6]), bias: zeros([6]), eps: 1e-6 }).shape; // [2, 6, 5]
 */
export function groupNorm(input: Tensor, numGroups: number, options: GroupNormFnOptions = {}): Tensor {
  const op = "group_norm";
  checkInput(op, input, 2, "(N, C, *)");
  checkInt(op, "num_groups", numGroups);
  const { eps = 1e-5, weight = null, bias = null } = checkOptions(op, options, GROUP_NORM_OPTIONS, 3);
  const shape = input._shape;
  const n = shape[0]!;
  const c = shape[1]!;
  const hw = numelOf(shape.slice(2));
  if (numGroups <= 0 || c % numGroups !== 0) {
    throw new Error(
      `${op}(): Expected number of channels in input to be divisible by num_groups, but got input of shape ${formatShape(shape)} and num_groups=${numGroups}`,
    );
  }
  for (const [name, t] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (t !== null && (t.dim() !== 1 || t.numel() !== c)) {
      throw new Error(
        `${op}(): Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${formatShape(t._shape)} and input of shape ${formatShape(shape)}`,
      );
    }
    checkPerChannel(op, name, t, c, input.dtype);
  }
  if (((n * c) / numGroups) * hw === 1) {
    throw new Error(
      `${op}(): Expected more than 1 value per channel when training, got input size ${formatShape([(n * c) / numGroups, numGroups, ...shape.slice(2)])}`,
    );
  }
  const groups = n * numGroups;
  const per = (c / numGroups) * hw;
  const xc = dense(input);
  const { mean, invstd } = stats(xc, 1, groups, per, eps);
  const w = weight === null ? null : valuesOf(weight);
  const b = bias === null ? null : valuesOf(bias);
  // Per (sample, channel): the group's statistics and the channel's affine, in one pass.
  const { scale, shift } = perChannel(n, c, numGroups, mean, invstd, w, b);
  const y = apply(xc, 1, n * c, hw, scale, shift, shape);
  // The input and bias are saved too, for the createGraph form below.
  const saved = normSaved(xc, mean, invstd, input, weight, bias);
  return record(y, "NativeGroupNormBackward0", [input, weight, bias], saved, (g, s, needs) => {
    const { xs, ms, is, xin, ws, bs } = savedParts(s, weight !== null, bias !== null);
    if (needsGrad(g, xin, ws, bs)) {
      // Under createGraph: the forward again in recorded ops, differentiated with g.
      const xg = xin!.reshape([n, numGroups, per]);
      const centered = xg.sub(xg.mean(-1, true));
      let y2 = centered.mul(centered.square().mean(-1, true).add(eps).rsqrt()).reshape(shape);
      const perCh = [1, c, ...shape.slice(2).map(() => 1)];
      if (ws !== undefined) y2 = y2.mul(ws.reshape(perCh));
      if (bs !== undefined) y2 = y2.add(bs.reshape(perCh));
      return recomputedGrads(y2, g, [xin!, ws ?? null, bs ?? null], needs);
    }
    const gm = ms.storage.data as Float64Array;
    const gi = is.storage.data as Float64Array;
    let dx: Tensor | null = null;
    if (needs[0]) {
      // The gradient w.r.t. x̂ is g·γ (γ per channel, not per group): scale g first.
      const gw =
        ws === undefined
          ? g
          : apply(
              dense(g),
              1,
              n * c,
              hw,
              perChannel(n, c, numGroups, null, null, valuesOf(ws), null).scale,
              new Float64Array(n * c),
              shape,
            );
      dx = backward(gw, xs, 1, groups, per, gm, gi, null, true, true).dx;
    }
    let gWeight: Tensor | null = null;
    let gBias: Tensor | null = null;
    if (needs[1] || needs[2]) {
      // Σ g and Σ g·x̂ per (sample, channel), with each channel's group statistics, then over samples.
      const ch = perChannel(n, c, numGroups, gm, gi, null, null);
      const r = backward(g, xs, 1, n * c, hw, ch.mean, ch.invstd, null, true, false);
      const sw = new Float64Array(c);
      const sb = new Float64Array(c);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < c; k++) {
          sw[k] += r.sumGX[i * c + k]!;
          sb[k] += r.sumG[i * c + k]!;
        }
      }
      if (needs[1]) gWeight = paramGrad(sw, weight!);
      if (needs[2]) gBias = paramGrad(sb, bias!);
    }
    return [dx, gWeight, gBias];
  });
}

/**
 * Group statistics spread over each (sample, channel), and the per-(sample, channel) scale and
 * shift of `γ·(x − mean)·invstd + β` (mean/invstd null: scale γ, shift 0).
 */
function perChannel(
  n: number,
  c: number,
  groups: number,
  gMean: Float64Array | null,
  gInvstd: Float64Array | null,
  w: Float64Array | null,
  b: Float64Array | null,
) {
  const size = c / groups;
  const mean = new Float64Array(n * c);
  const invstd = new Float64Array(n * c);
  const scale = new Float64Array(n * c);
  const shift = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      const j = i * c + k;
      const grp = i * groups + Math.floor(k / size);
      const mu = gMean === null ? 0 : gMean[grp]!;
      const r = gInvstd === null ? 1 : gInvstd[grp]!;
      mean[j] = mu;
      invstd[j] = r;
      scale[j] = (w === null ? 1 : w[k]!) * r;
      shift[j] = (b === null ? 0 : b[k]!) - mu * scale[j]!;
    }
  }
  return { mean, invstd, scale, shift };
}

// ---- instance norm ------------------------------------------------------------------------------

/**
 * `instanceNorm`'s keyword options (`F.instance_norm`'s running stats, `weight=`, `bias=`, `use_input_stats=`, `momentum=`, `eps=`).
 */
export interface InstanceNormFnOptions {
  /** `[C]` running mean, updated in place when `useInputStats` (default none). */
  runningMean?: Tensor | null;
  /** `[C]` running variance (unbiased), updated in place when `useInputStats` (default none). */
  runningVar?: Tensor | null;
  /** Per-channel scale, `[C]` (default none). */
  weight?: Tensor | null;
  /** Per-channel shift, `[C]` (default none). */
  bias?: Tensor | null;
  /** Normalize with each instance's statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  /** Weight of the new statistics in the running ones (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

const INSTANCE_NORM_OPTIONS: OptionsSpec<InstanceNormFnOptions> = {
  runningMean: "tensorOrNull",
  runningVar: "tensorOrNull",
  weight: "tensorOrNull",
  bias: "tensorOrNull",
  useInputStats: "boolean",
  momentum: "finite",
  eps: "nonneg",
};

/**
 * Instance normalization (`torch.nn.functional.instance_norm`): each channel of each sample of an
 * `[N, C, *]` input is normalized over its trailing dims. Computed as PyTorch does: a batch norm
 * of the input viewed as `[1, N·C, *]` with the weight, bias and running statistics repeated N
 * times; the running statistics then get the mean over the batch of the N updated copies. So the
 * output's `grad_fn` is PyTorch's `ViewBackward0`, over a `NativeBatchNormBackward0`.
 *
 * @example
 * instanceNorm(randn([2, 3, 8])); // each of the 6 rows: mean 0, variance 1
 */
export function instanceNorm(input: Tensor, options: InstanceNormFnOptions = {}): Tensor {
  const op = "instance_norm";
  checkInput(op, input, 2, "(N, C, *)");
  const o = checkOptions(op, options, INSTANCE_NORM_OPTIONS, 2);
  const { useInputStats = true, runningMean = null, runningVar = null, weight = null, bias = null } = o;
  const shape = input._shape;
  const n = shape[0]!;
  const c = shape[1]!;
  if (useInputStats && numelOf(shape.slice(2)) === 1) {
    throw new Error(
      `${op}(): Expected more than 1 spatial element when training, got input size ${torchSize(shape)}`,
    );
  }
  if (!useInputStats && (runningMean === null || runningVar === null)) {
    throw new Error(
      `${op}(): Expected running_mean and running_var to be defined when use_input_stats is false`,
    );
  }
  for (const [name, t] of [
    ["running_mean", runningMean],
    ["running_var", runningVar],
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    checkPerChannel(op, name, t, c, input.dtype);
  }
  const rep = (t: Tensor | null): Tensor | null => (t === null ? null : t.repeat([n]));
  const rm = noGrad(() => rep(runningMean));
  const rv = noGrad(() => rep(runningVar));
  const flat = input.contiguous().view([1, n * c, ...shape.slice(2)]);
  const out = batchNorm(flat, rm, rv, {
    weight: rep(weight),
    bias: rep(bias),
    training: useInputStats,
    momentum: o.momentum ?? 0.1,
    eps: o.eps ?? 1e-5,
  });
  noGrad(() => {
    if (runningMean !== null) runningMean.copy_(rm!.view([n, c]).mean(0));
    if (runningVar !== null) runningVar.copy_(rv!.view([n, c]).mean(0));
  });
  return out.view(shape.slice());
}

// ---- layer norm ---------------------------------------------------------------------------------

/** `layerNorm`'s keyword options (`F.layer_norm`'s `weight=`, `bias=`, `eps=`). */
export interface LayerNormFnOptions {
  /** Elementwise scale, shaped `normalizedShape` (default none: 1). */
  weight?: Tensor | null;
  /** Elementwise shift, shaped `normalizedShape` (default none: 0). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

const LAYER_NORM_OPTIONS: OptionsSpec<LayerNormFnOptions> = {
  weight: "tensorOrNull",
  bias: "tensorOrNull",
  eps: "nonneg",
};

/**
 * Layer normalization over the trailing `normalizedShape` dims (`torch.nn.functional.layer_norm`):
 * `y = (x − E[x]) / √(Var[x] + eps) · weight + bias` with the biased variance, weight and bias
 * shaped `normalizedShape`. One `NativeLayerNormBackward0`. `nn.LayerNorm` calls this.
 *
 * @example
 * layerNorm(randn([4, 10]), [10]);
 * layerNorm(randn([2, 3, 4]), [3, 4], { weight: ones([3, 4]), bias: zeros([3, 4]) }).shape; // [2, 3, 4]
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  options: LayerNormFnOptions = {},
): Tensor {
  const op = "layer_norm";
  checkTensor(op, input);
  const norm = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(norm) || !norm.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw new TypeError(
      `${op}(): argument 'normalized_shape' must be a list of non-negative integers, but got ${JSON.stringify(normalizedShape)}`,
    );
  }
  const { eps = 1e-5, weight = null, bias = null } = checkOptions(op, options, LAYER_NORM_OPTIONS, 3);
  checkFloating(op, input);
  if (norm.length === 0) {
    throw new Error(
      `${op}(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []`,
    );
  }
  for (const [name, t] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (t === null) continue;
    checkTensor(op, t, name);
    if (t.dim() !== norm.length || t._shape.some((s, i) => s !== norm[i])) {
      throw new Error(
        `${op}(): Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${formatShape(t._shape)} and normalized_shape = ${formatShape(norm)}`,
      );
    }
    checkPerChannel(op, name, t, t.numel(), input.dtype);
  }
  const k = norm.length;
  const shape = input._shape;
  if (input.dim() < k || shape.slice(input.dim() - k).some((s, i) => s !== norm[i])) {
    throw new Error(
      `${op}(): Given normalized_shape=${formatShape(norm)}, expected input with shape [*, ${norm.join(", ")}], but got input of size${formatShape(shape)}`,
    );
  }
  const d = numelOf(norm);
  const rows = d === 0 ? 0 : input.numel() / d;
  const xc = dense(input);
  const { mean, invstd } = stats(xc, 1, rows, d, eps);
  const shift = new Float64Array(rows);
  for (let r = 0; r < rows; r++) shift[r] = -mean[r]! * invstd[r]!;
  let y = apply(xc, 1, rows, d, invstd, shift, shape);
  if (weight !== null || bias !== null) {
    // The affine is per element of the normalized shape: channel k of `[rows, d, 1]`.
    const w = weight === null ? new Float64Array(d).fill(1) : valuesOf(weight);
    const b = bias === null ? new Float64Array(d) : valuesOf(bias);
    y = apply(y, rows, d, 1, w, b, shape);
  }
  // The input itself is saved too (as PyTorch's native_layer_norm saves it), with the bias, for
  // the createGraph form below.
  const saved = normSaved(xc, mean, invstd, input, weight, bias);
  return record(y, "NativeLayerNormBackward0", [input, weight, bias], saved, (g, s, needs) => {
    const { xs, ms, is, xin, ws, bs } = savedParts(s, weight !== null, bias !== null);
    if (needsGrad(g, xin, ws, bs)) {
      // Under createGraph: the forward again in recorded ops, differentiated with g (so the
      // gradients are recorded and can be differentiated again).
      const dims = norm.map((_, i) => i - k);
      const centered = xin!.sub(xin!.mean(dims, true));
      let y2 = centered.mul(centered.square().mean(dims, true).add(eps).rsqrt());
      if (ws !== undefined) y2 = y2.mul(ws);
      if (bs !== undefined) y2 = y2.add(bs);
      return recomputedGrads(y2, g, [xin!, ws ?? null, bs ?? null], needs);
    }
    const rm = ms.storage.data as Float64Array;
    const ri = is.storage.data as Float64Array;
    const gc = dense(g);
    let dx: Tensor | null = null;
    if (needs[0]) {
      const gw = ws === undefined ? gc : apply(gc, rows, d, 1, valuesOf(ws), new Float64Array(d), shape);
      dx = backward(gw, xs, 1, rows, d, rm, ri, null, true, true).dx;
    }
    let gWeight: Tensor | null = null;
    let gBias: Tensor | null = null;
    if (needs[1] || needs[2]) {
      // Σ over rows of g and g·x̂, per element of the normalized shape: channels of `[rows, d, 1]`.
      const sh = new Float64Array(rows);
      for (let r = 0; r < rows; r++) sh[r] = -rm[r]! * ri[r]!;
      const xhat = apply(xs, 1, rows, d, ri, sh, shape);
      const r = backward(
        gc,
        xhat,
        rows,
        d,
        1,
        new Float64Array(d),
        new Float64Array(d).fill(1),
        null,
        true,
        false,
      );
      if (needs[1]) gWeight = paramGrad(r.sumGX, weight!);
      if (needs[2]) gBias = paramGrad(r.sumG, bias!);
    }
    return [dx, gWeight, gBias];
  });
}

/**
 * The gradients of `y` (recomputed in recorded ops from the saved inputs) with respect to the
 * inputs that need one, seeded with `g`, recorded: the createGraph form of a fused backward.
 */
function recomputedGrads(
  y: Tensor,
  g: Tensor,
  inputs: readonly (Tensor | null)[],
  needs: readonly boolean[],
): (Tensor | null)[] {
  const targets = inputs.filter((t, i): t is Tensor => t !== null && needs[i] === true);
  const gs = grad(y, targets, { gradOutputs: g, createGraph: true, allowUnused: true });
  let k = 0;
  return inputs.map((t, i) => {
    if (t === null || !needs[i]) return null;
    return gs[k++] ?? t.detach().mul(0);
  });
}
