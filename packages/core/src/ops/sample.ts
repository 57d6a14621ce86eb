/**
 * Sampling ops that return a new tensor (`bernoulli`, `multinomial`, `normal`), drawn from
 * tsgrad's seeded Generator (the global one, or `{ generator }`). The streams differ from
 * PyTorch's, so the same seed gives other numbers, from the same distributions.
 */
import { record } from "../autograd/node.js";
import { allocate, isFloating } from "../dtype.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { type Generator, getDefaultGenerator } from "../random.js";
import { broadcastShapes, formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";
import { checkProbabilities } from "./inplace.js";
import { sumTo } from "./reduce.js";

/** The keyword options of the sampling ops. */
export interface SampleOptions {
  /** Generator to draw from; the global one (`manualSeed`) by default. */
  generator?: Generator;
}
const SAMPLE_OPTIONS: OptionsSpec<SampleOptions> = { generator: "generator" };

/**
 * 1 with probability `p[i]`, else 0, for each element of the probability tensor `p`
 * (`torch.bernoulli`), in `p`'s float dtype. Its gradient is zero, as in PyTorch.
 *
 * PyTorch: `torch.bernoulli(probs)`.
 * @example bernoulli(full([3], 0.25))
 */
export function bernoulli(p: Tensor, options?: SampleOptions): Tensor {
  const { generator } = checkOptions("bernoulli", options, SAMPLE_OPTIONS, 2);
  checkTensor("bernoulli", p);
  if (!isFloating(p.dtype))
    throw new Error(`bernoulli(): expected a floating point tensor of probabilities, but got ${p.dtype}`);
  const probs = p.contiguous().toTypedArray();
  checkProbabilities("bernoulli", probs);
  const g = generator ?? getDefaultGenerator();
  const out = allocate(p.dtype, probs.length);
  for (let i = 0; i < out.length; i++) out[i] = g.random() < probs[i]! ? 1 : 0;
  const shape = p._shape;
  return record(Tensor.fromArray(out, shape.slice(), p.dtype), "BernoulliBackward0", [p], [], (gr) => [
    gr.requiresGrad ? gr.mul(0) : Tensor.alloc(shape, gr.dtype),
  ]);
}

/**
 * `numSamples` category indices drawn from the non-negative weights of each row of `input` (1-D,
 * or 2-D: one draw per row) (`torch.multinomial`), int32. Without `replacement` every index
 * appears at most once (weighted sampling without replacement, by PyTorch's method: the largest
 * `w / E` for exponential `E`; once the nonzero weights are used up, zero-weight categories
 * follow, as PyTorch's do).
 *
 * PyTorch: `torch.multinomial(weights, 2, replacement=True)`.
 * @example multinomial(tensor([0.1, 0.7, 0.2]), 5, true)
 */
export function multinomial(
  input: Tensor,
  numSamples: number,
  replacement = false,
  options?: SampleOptions,
): Tensor {
  const { generator } = checkOptions("multinomial", options, SAMPLE_OPTIONS, 4);
  checkTensor("multinomial", input);
  if (!isFloating(input.dtype)) {
    throw new Error(
      `multinomial(): multinomial only supports floating-point dtypes for input, got: ${input.dtype}`,
    );
  }
  if (input.dim() < 1 || input.dim() > 2)
    throw new Error(`multinomial(): prob_dist must be 1 or 2 dim (got shape ${formatShape(input._shape)})`);
  if (!Number.isSafeInteger(numSamples))
    throw new TypeError(`multinomial(): argument 'num_samples' must be an integer, but got ${numSamples}`);
  if (numSamples <= 0)
    throw new Error(`multinomial(): cannot sample n_sample <= 0 samples (got ${numSamples})`);
  if (typeof replacement !== "boolean")
    throw new TypeError(
      `multinomial(): argument 'replacement' must be a boolean, but got ${typeof replacement}`,
    );
  const n = input._shape.at(-1)!;
  if (!replacement && numSamples > n) {
    throw new Error(
      `multinomial(): cannot sample n_sample > prob_dist.size(-1) samples without replacement (${numSamples} > ${n})`,
    );
  }
  const rows = input.dim() === 1 ? 1 : input._shape[0]!;
  const w = input.contiguous().toTypedArray();
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const v = w[r * n + j]!;
      if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
        throw new Error("multinomial(): probability tensor contains either `inf`, `nan` or element < 0");
      }
      sum += v;
    }
    if (!(sum > 0))
      throw new Error(
        `multinomial(): invalid multinomial distribution (sum of probabilities <= 0) (row ${r})`,
      );
  }
  const g = generator ?? getDefaultGenerator();
  const out = new Int32Array(rows * numSamples);
  const cdf = new Float64Array(n);
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    if (replacement) {
      let acc = 0;
      for (let j = 0; j < n; j++) cdf[j] = acc += w[base + j]!;
      for (let s = 0; s < numSamples; s++) {
        const u = g.random() * acc;
        // The first category whose cumulative weight exceeds u (zero weights are never chosen).
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cdf[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        out[r * numSamples + s] = lo;
      }
    } else {
      for (let j = 0; j < n; j++) {
        // An exponential sample; 1 − u is in (0, 1], and a zero sample (u = 0) is kept positive.
        keys[j] = w[base + j]! / (-Math.log(1 - g.random()) || Number.MIN_VALUE);
        order[j] = j;
      }
      // The numSamples largest keys; ties (zero weights) in index order.
      const sorted = Array.from(order).sort((a, b) => keys[b]! - keys[a]! || a - b);
      for (let s = 0; s < numSamples; s++) out[r * numSamples + s] = sorted[s]!;
    }
  }
  return Tensor.fromArray(out, input.dim() === 1 ? [numSamples] : [rows, numSamples], "int32");
}

/**
 * Samples of N(mean, std²) (`torch.normal`): with tensors (or a tensor and a number), one sample
 * per element of their broadcast shape, in their float dtype; with two numbers, a tensor of
 * `size` (float32). As in PyTorch, the gradients w.r.t. mean and std are zero.
 *
 * PyTorch: `torch.normal(mean, std)`, `torch.normal(0.0, 1.0, (2, 3))`.
 * @example
 * normal(zeros([3]), tensor([1, 2, 3], { dtype: "float32" })).shape; // [3]
 */
export function normal(
  mean: Tensor | number,
  std: Tensor | number,
  size?: readonly number[],
  options?: SampleOptions,
): Tensor {
  const { generator } = checkOptions("normal", options, SAMPLE_OPTIONS, 4);
  const g = generator ?? getDefaultGenerator();
  const mt = mean instanceof Tensor ? mean : null;
  const st = std instanceof Tensor ? std : null;
  for (const [name, v] of [
    ["mean", mean],
    ["std", std],
  ] as const) {
    if (!(v instanceof Tensor) && typeof v !== "number") {
      throw new TypeError(`normal(): argument '${name}' must be a Tensor or a number, but got ${typeof v}`);
    }
    if (v instanceof Tensor && !isFloating(v.dtype))
      throw new Error(`normal(): expected a floating point ${name}, but got ${v.dtype}`);
  }
  if (mt === null && st === null && size === undefined) {
    throw new Error(
      "normal(): with a number mean and std, give the size of the result (normal(0, 1, [2, 3]))",
    );
  }
  if ((mt !== null || st !== null) && size !== undefined) {
    throw new Error("normal(): size is only taken with a number mean and std");
  }
  const shape =
    mt !== null && st !== null
      ? broadcastShapes("normal", mt._shape, st._shape)
      : mt !== null
        ? mt._shape.slice()
        : st !== null
          ? st._shape.slice()
          : size!.slice();
  const dtype = mt?.dtype === "float64" || st?.dtype === "float64" ? "float64" : "float32";
  const ms = mt === null ? null : mt.detach().expand(shape).contiguous().toTypedArray();
  const ss = st === null ? null : st.detach().expand(shape).contiguous().toTypedArray();
  const count = shape.reduce((a, b) => a * b, 1);
  const out = allocate(dtype, count, "normal", shape);
  for (let i = 0; i < count; i++) {
    const sd = ss === null ? (std as number) : ss[i]!;
    if (!(sd >= 0)) throw new Error(`normal(): normal expects std >= 0.0, but found std ${sd}`);
  }
  for (let i = 0; i < count; i++) {
    out[i] =
      (ms === null ? (mean as number) : ms[i]!) + (ss === null ? (std as number) : ss[i]!) * g.normal();
  }
  const result = Tensor.fromArray(out, shape, dtype);
  const [mShape, sShape] = [mt?._shape, st?._shape];
  return record(result, "NormalBackward3", [mt, st], [], (gr, _s, needs) => [
    // Zeros, recorded under createGraph (where gr requires grad).
    needs[0] ? (gr.requiresGrad ? sumTo(gr.mul(0), mShape!) : Tensor.alloc(mShape!, gr.dtype)) : null,
    needs[1] ? (gr.requiresGrad ? sumTo(gr.mul(0), sShape!) : Tensor.alloc(sShape!, gr.dtype)) : null,
  ]);
}
