/**
 * Parameter initialisation (`torch.nn.init`). Every function fills its tensor in place under
 * `noGrad` and returns it. The formulas (bounds, standard deviations, gains, fans) are PyTorch's;
 * the random stream is tsgrad's own (see `Generator`), so the same seed gives different numbers
 * than PyTorch. Each function takes an optional `generator`; the global one (`manualSeed`) is used
 * otherwise.
 */
import {
  checkOptions,
  empty,
  erf,
  eye,
  fromTypedArray,
  type Generator,
  noGrad,
  type OptionsSpec,
  otherCopyNote,
  positionalOrKeywords,
  scalarTensor,
  Tensor,
  where,
  zeros,
} from "@tsgrad/core";

/** Nonlinearities known to `calculateGain`, as in PyTorch. */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

/**
 * Which fan a Kaiming init preserves the variance of: `"fan_in"` (the forward pass) or `"fan_out"` (the backward one).
 */
export type FanMode = "fan_in" | "fan_out";

/**
 * The recommended gain for a nonlinearity (`calculate_gain`): linear, conv and sigmoid 1,
 * tanh 5/3, relu √2, leaky_relu √(2 / (1 + slope²)) (slope `param`, default 0.01), selu 3/4.
 *
 * @example
 * init.calculateGain("leaky_relu", 0.2); // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.sqrt(2);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || !Number.isFinite(slope)) {
        throw new Error(`calculateGain(): negative_slope ${String(param)} not a valid number`);
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      // SELU's gain is an empirical value chosen for self-normalising networks (PyTorch uses 3/4).
      return 3 / 4;
    default:
      throw new Error(`calculateGain(): Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/**
 * `[fanIn, fanOut]` of a weight (`_calculate_fan_in_and_fan_out`): for shape `[out, in, ...k]`,
 * fanIn = in·∏k and fanOut = out·∏k.
 *
 * @example
 * init.calculateFanInAndFanOut(empty([8, 4, 3, 3])); // [36, 72]
 */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  return fans("calculateFanInAndFanOut", tensor);
}

/** The init functions' first argument must be a Tensor (PyTorch: "argument 'tensor' must be Tensor"). */
function checkTensorArg(op: string, tensor: unknown): void {
  if (!(tensor instanceof Tensor)) {
    const got = tensor === null ? "null" : Array.isArray(tensor) ? "an array" : typeof tensor;
    throw new TypeError(
      `${op}(): argument 'tensor' must be a Tensor, but got ${got}${otherCopyNote(tensor)}`,
    );
  }
}

/** `calculateFanInAndFanOut` whose error names `op`, the init function the user called. */
function fans(op: string, tensor: Tensor): [number, number] {
  checkTensorArg(op, tensor);
  if (tensor.dim() < 2) {
    throw new Error(
      `${op}(): Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape [${tensor._shape.join(", ")}])`,
    );
  }
  let receptive = 1;
  for (let d = 2; d < tensor.dim(); d++) receptive *= tensor._shape[d]!;
  return [tensor._shape[1]! * receptive, tensor._shape[0]! * receptive];
}

function correctFan(op: string, tensor: Tensor, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new Error(`${op}(): Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  }
  const [fanIn, fanOut] = fans(op, tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** `init.uniform_`'s arguments by PyTorch's keywords (`nn.init.uniform_(w, a=-0.1, b=0.1)`). */
export interface UniformInitOptions {
  /** The lower bound, default 0. */
  a?: number;
  /** The upper bound, default 1. */
  b?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const UNIFORM_SPEC: OptionsSpec<UniformInitOptions> = { a: "number", b: "number", generator: "generator" };

/**
 * Fills `tensor` with U(a, b) (`uniform_`). Defaults a = 0, b = 1; the arguments positionally or
 * as `{ a, b, generator }`.
 *
 * @example
 * init.uniform_(empty([100]), -0.1, 0.1).abs().max().item() <= 0.1; // true
 * init.uniform_(empty([100]), { a: -0.1, b: 0.1 }); // the same
 */
export function uniform_<T extends Tensor>(
  tensor: T,
  a?: number | UniformInitOptions,
  b?: number,
  generator?: Generator,
): T {
  checkTensorArg("uniform_", tensor);
  const o = positionalOrKeywords("uniform_", UNIFORM_SPEC, [a, b, generator], 2);
  return noGrad(() => tensor.uniform_(o.a ?? 0, o.b ?? 1, o.generator));
}

/** `init.normal_`'s arguments by PyTorch's keywords (`nn.init.normal_(w, std=0.02)`). */
export interface NormalInitOptions {
  /** The mean, default 0. */
  mean?: number;
  /** The standard deviation, default 1. */
  std?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const NORMAL_SPEC: OptionsSpec<NormalInitOptions> = { mean: "number", std: "number", generator: "generator" };

/**
 * Fills `tensor` with N(mean, std²) (`normal_`). Defaults mean = 0, std = 1; the arguments
 * positionally or as `{ mean, std, generator }`.
 *
 * @example
 * init.normal_(empty([2, 3]), 0, 0.02).shape; // [2, 3]
 * init.normal_(empty([2, 3]), { std: 0.02 }).shape; // [2, 3]
 */
export function normal_<T extends Tensor>(
  tensor: T,
  mean?: number | NormalInitOptions,
  std?: number,
  generator?: Generator,
): T {
  checkTensorArg("normal_", tensor);
  const o = positionalOrKeywords("normal_", NORMAL_SPEC, [mean, std, generator], 2);
  return noGrad(() => tensor.normal_(o.mean ?? 0, o.std ?? 1, o.generator));
}

/**
 * Fills `tensor` with `val` (`constant_`).
 *
 * @example
 * init.constant_(empty([2]), 0.5); // tensor([0.5000, 0.5000])
 */
export function constant_<T extends Tensor>(tensor: T, val: number): T {
  checkTensorArg("constant_", tensor);
  return noGrad(() => tensor.fill_(val));
}

/**
 * Fills `tensor` with zeros (`zeros_`).
 *
 * @example
 * init.zeros_(ones([2])); // tensor([0., 0.])
 */
export function zeros_<T extends Tensor>(tensor: T): T {
  checkTensorArg("zeros_", tensor);
  return constant_(tensor, 0);
}

/**
 * Fills `tensor` with ones (`ones_`).
 *
 * @example
 * init.ones_(zeros([2])); // tensor([1., 1.])
 */
export function ones_<T extends Tensor>(tensor: T): T {
  checkTensorArg("ones_", tensor);
  return constant_(tensor, 1);
}

/** `xavierUniform_` / `xavierNormal_`'s options (PyTorch's `gain=`, `generator=`). */
export interface XavierOptions {
  /** Scaling factor (default 1), e.g. `calculateGain("tanh")`. */
  gain?: number;
  /** The generator to draw from (default: the global one, `manualSeed`), as PyTorch's `generator=`. */
  generator?: Generator;
}

const XAVIER_OPTIONS: OptionsSpec<XavierOptions> = { gain: "finite", generator: "generator" };

/**
 * Glorot uniform (`xavier_uniform_`): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * const w = init.xavierUniform_(empty([4, 6]));
 * // the bound is √(6 / (4 + 6)) ≈ 0.77
 * w.abs().max().item() <= 0.775; // true
 */
export function xavierUniform_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  checkOptions("xavierUniform_", options, XAVIER_OPTIONS, 2);
  const [fanIn, fanOut] = fans("xavierUniform_", tensor);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  const a = Math.sqrt(3) * std; // a uniform on [-a, a] has standard deviation a/√3
  return uniform_(tensor, -a, a, options.generator);
}

/**
 * Glorot normal (`xavier_normal_`): N(0, std²) with std = gain·√(2 / (fanIn + fanOut)).
 *
 * @example
 * init.xavierNormal_(empty([4, 6]), { gain: init.calculateGain("tanh") }).shape; // [4, 6]
 */
export function xavierNormal_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  checkOptions("xavierNormal_", options, XAVIER_OPTIONS, 2);
  const [fanIn, fanOut] = fans("xavierNormal_", tensor);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal_(tensor, 0, std, options.generator);
}

/**
 * `kaimingUniform_` / `kaimingNormal_`'s options (PyTorch's `a=`, `mode=`, `nonlinearity=`, `generator=`).
 */
export interface KaimingOptions {
  /** Negative slope of the leaky_relu that follows (default 0; only used by "leaky_relu"). */
  a?: number;
  /** "fan_in" (default) keeps the forward variance, "fan_out" the backward one. */
  mode?: FanMode;
  /** Default "leaky_relu" (with a = 0 that is relu's gain √2). */
  nonlinearity?: Nonlinearity;
  /** The generator to draw from (default: the global one, `manualSeed`), as PyTorch's `generator=`. */
  generator?: Generator;
}

const KAIMING_OPTIONS: OptionsSpec<KaimingOptions> = {
  a: "number",
  mode: "string",
  nonlinearity: "string",
  generator: "generator",
};

function kaimingStd(op: string, tensor: Tensor, options: KaimingOptions): number {
  const fan = correctFan(op, tensor, options.mode ?? "fan_in");
  const gain = calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He uniform (`kaiming_uniform_`): U(−bound, bound) with bound = gain·√(3 / fan). A tensor with a
 * zero-size dim is left as is (PyTorch warns and does the same).
 *
 * @example
 * const w = empty([3, 4]);
 * init.kaimingUniform_(w, { a: Math.sqrt(5) }); // Linear's default weight init
 * w.abs().max().item() <= 0.5; // true
 */
export function kaimingUniform_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  checkTensorArg("kaimingUniform_", tensor);
  checkOptions("kaimingUniform_", options, KAIMING_OPTIONS, 2);
  if (tensor._shape.includes(0)) return tensor;
  const bound = Math.sqrt(3) * kaimingStd("kaimingUniform_", tensor, options);
  return uniform_(tensor, -bound, bound, options.generator);
}

/**
 * He normal (`kaiming_normal_`): N(0, std²) with std = gain / √fan.
 *
 * @example
 * init.kaimingNormal_(empty([16, 8]), { mode: "fan_out", nonlinearity: "relu" }).shape; // [16, 8]
 */
export function kaimingNormal_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  checkTensorArg("kaimingNormal_", tensor);
  checkOptions("kaimingNormal_", options, KAIMING_OPTIONS, 2);
  if (tensor._shape.includes(0)) return tensor;
  return normal_(tensor, 0, kaimingStd("kaimingNormal_", tensor, options), options.generator);
}

/**
 * The identity matrix, in place (`eye_`): a 2-D `tensor` gets ones on its diagonal, zeros elsewhere
 * (an `[n, m]` tensor, as `eye(n, m)`), e.g. to make a Linear layer start as the identity.
 *
 * @example
 * init.eye_(empty([2, 3])); // tensor([[1., 0., 0.], [0., 1., 0.]])
 */
export function eye_<T extends Tensor>(tensor: T): T {
  checkTensorArg("eye_", tensor);
  if (tensor.dim() !== 2) throw new Error("eye_(): Only tensors with 2 dimensions are supported");
  const [n, m] = tensor._shape as [number, number];
  return noGrad(() => tensor.copy_(eye(n, m, { dtype: tensor.dtype })));
}

/**
 * The Dirac delta, in place (`dirac_`): a 3-, 4- or 5-D convolution weight that passes its input
 * through, each of the first `min(out/groups, in)` channels of every group to itself (a 1 at the
 * kernel's centre, zeros elsewhere).
 *
 * @example
 * init.dirac_(empty([2, 2, 3])); // tensor([[[0., 1., 0.], [0., 0., 0.]], [[0., 0., 0.], [0., 1., 0.]]])
 */
export function dirac_<T extends Tensor>(tensor: T, groups = 1): T {
  checkTensorArg("dirac_", tensor);
  const nd = tensor.dim();
  if (nd < 3 || nd > 5) throw new Error("dirac_(): Only tensors with 3, 4, or 5 dimensions are supported");
  const shape = tensor._shape;
  if (!Number.isSafeInteger(groups) || groups < 1) {
    throw new TypeError(`dirac_(): groups must be a positive integer, but got ${String(groups)}`);
  }
  if (shape[0]! % groups !== 0) throw new Error("dirac_(): dim 0 must be divisible by groups");
  const perGroup = shape[0]! / groups;
  const channels = Math.min(perGroup, shape[1]!);
  // A fresh contiguous tensor's own strides: the kernel's centre, then where channel d of group g
  // meets input channel d.
  const delta = zeros(shape, { dtype: "float64" });
  const { strides } = delta;
  let centre = 0;
  for (let i = 2; i < nd; i++) centre += Math.floor(shape[i]! / 2) * strides[i]!;
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < channels; d++)
      delta.storage.data[(g * perGroup + d) * strides[0]! + d * strides[1]! + centre] = 1;
  }
  return noGrad(() => tensor.copy_(delta));
}

/** `truncNormal_`'s arguments by PyTorch's keywords (`trunc_normal_(w, std=0.02)`). */
export interface TruncNormalOptions {
  /** The mean, default 0. */
  mean?: number;
  /** The standard deviation, default 1. */
  std?: number;
  /** The lower cut-off, default -2 (in the tensor's units, not standard deviations). */
  a?: number;
  /** The upper cut-off, default 2. */
  b?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const TRUNC_NORMAL_SPEC: OptionsSpec<TruncNormalOptions> = {
  mean: "number",
  std: "number",
  a: "number",
  b: "number",
  generator: "generator",
};

/**
 * Fills `tensor` with N(mean, std²) truncated to [a, b] (`trunc_normal_`, the ViT / timm init),
 * by PyTorch's method: uniform in the normal CDF's image of [a, b], mapped back with the inverse
 * CDF, then clamped to [a, b]. Defaults mean 0, std 1, a -2, b 2; positionally or as the keywords.
 *
 * @example
 * const w = init.truncNormal_(empty([1000]), { std: 0.02 });
 * w.abs().max().item() <= 2; // true
 * // PyTorch: nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04)
 * init.truncNormal_(empty([1000]), 0, 0.02, -0.04, 0.04).abs().max().item() <= 0.04; // true
 */
export function truncNormal_<T extends Tensor>(
  tensor: T,
  mean?: number | TruncNormalOptions,
  std?: number,
  a?: number,
  b?: number,
  generator?: Generator,
): T {
  checkTensorArg("truncNormal_", tensor);
  const o = positionalOrKeywords("truncNormal_", TRUNC_NORMAL_SPEC, [mean, std, a, b, generator], 2);
  const [mu, sigma, lo, hi] = [o.mean ?? 0, o.std ?? 1, o.a ?? -2, o.b ?? 2];
  if (!(sigma > 0) || !(lo < hi)) {
    throw new Error(`truncNormal_(): needs std > 0 and a < b, but got std=${sigma}, a=${lo}, b=${hi}`);
  }
  const cdf = (x: number): number =>
    (1 + erf(scalarTensor((x - mu) / sigma / Math.SQRT2, { dtype: "float64" })).item()) / 2;
  const [l, u] = [cdf(lo), cdf(hi)];
  return noGrad(() => {
    const y = tensor
      .uniform_(2 * l - 1, 2 * u - 1, o.generator)
      .to("float64")
      .contiguous();
    const approx = new Float64Array(y.numel());
    for (let i = 0; i < approx.length; i++) approx[i] = erfinvApprox(y.storage.data[y.offset + i]!);
    // Two Newton steps on erf(x) = y (core's erf, to double precision): erfinv to the last bits.
    // An infinite bound can draw y = ±1, whose erfinv ±Infinity is exact: left as it is.
    let x = fromTypedArray(approx, y._shape);
    const slope = (t: Tensor): Tensor =>
      t
        .square()
        .neg()
        .exp()
        .mul(2 / Math.sqrt(Math.PI));
    for (let i = 0; i < 2; i++) x = where(x.isfinite(), x.sub(erf(x).sub(y).div(slope(x))), x);
    return tensor.copy_(
      x
        .mul(sigma * Math.SQRT2)
        .add(mu)
        .clamp(lo, hi),
    );
  });
}

/** `orthogonal_`'s options (PyTorch's `gain=`, `generator=`). */
export interface OrthogonalOptions {
  /** The factor the orthogonal matrix is scaled by (default 1). */
  gain?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const ORTHOGONAL_OPTIONS: OptionsSpec<OrthogonalOptions> = { gain: "finite", generator: "generator" };

/**
 * A (semi-)orthogonal matrix, in place (`orthogonal_`, Saxe et al. 2013): `tensor` viewed as
 * `[rows, numel / rows]` gets the Q of the QR decomposition of a standard normal matrix, with R's
 * diagonal made positive (so Q is uniformly distributed), times `gain`: rows or columns orthonormal,
 * whichever are fewer. The QR is modified Gram–Schmidt in doubles, twice, for the init's sizes.
 *
 * @example
 * const w = init.orthogonal_(empty([3, 5]));
 * w.matmul(w.t()).sub(eye(3)).abs().max().item() < 1e-5; // true
 */
export function orthogonal_<T extends Tensor>(tensor: T, options: OrthogonalOptions = {}): T {
  checkTensorArg("orthogonal_", tensor);
  checkOptions("orthogonal_", options, ORTHOGONAL_OPTIONS, 2);
  if (tensor.dim() < 2)
    throw new Error("orthogonal_(): Only tensors with 2 or more dimensions are supported");
  if (tensor.numel() === 0) return tensor; // nothing to fill, as PyTorch
  const rows = tensor._shape[0]!;
  const cols = tensor.numel() / rows;
  // Orthonormal columns of a tall [m, n] matrix (m ≥ n), column-major in `q`.
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
  const g = empty([m * n], { dtype: "float64" }).normal_(0, 1, options.generator).storage.data;
  const q = Float64Array.from(g);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const ck = k * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[ck + i]! * q[cj + i]!;
        for (let i = 0; i < m; i++) q[cj + i]! -= dot * q[ck + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i]! * q[cj + i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[cj + i]! /= norm;
  }
  // Row-major [rows, cols]: Q itself when tall (q's column j is column j), its transpose when wide.
  const gain = options.gain ?? 1;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows < cols ? q[r * m + c]! : q[c * m + r]!);
  }
  return noGrad(() => tensor.copy_(fromTypedArray(out, tensor._shape)));
}

/** erf⁻¹(y) for y in (−1, 1): Giles' single-precision approximation (polished by the caller). */
function erfinvApprox(y: number): number {
  if (y <= -1) return Number.NEGATIVE_INFINITY;
  if (y >= 1) return Number.POSITIVE_INFINITY;
  let w = -Math.log((1 - y) * (1 + y));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    for (const c of [
      3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
      0.246640727, 1.50140941,
    ])
      p = c + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    for (const c of [
      0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
      2.83297682,
    ])
      p = c + p * w;
  }
  return p * y;
}
