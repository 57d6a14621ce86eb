import { checkOptions, type OptionsSpec, type Tensor, where } from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  checkPairLoss,
  LEGACY_REDUCTION_OPTIONS,
  type LegacyReductionOptions,
  legacyReduction,
  usesLegacyReduction,
} from "./common.js";

/** KLDivLoss's reductions: PyTorch's three plus `'batchmean'` (sum / batch size). */
export type KLDivReduction = "none" | "mean" | "sum" | "batchmean";

/** Options of {@link klDiv} and {@link KLDivLoss}. */
export interface KLDivOptions extends LegacyReductionOptions {
  /**
   * `'none' | 'mean' | 'sum' | 'batchmean'` (default `'mean'`, as in PyTorch, which averages over
   * every element; `'batchmean'` divides by the batch size and is the true KL divergence).
   */
  reduction?: KLDivReduction;
  /** Whether `target` holds log-probabilities (default false). */
  logTarget?: boolean;
}

const KL_DIV_OPTIONS: OptionsSpec<KLDivOptions> = {
  reduction: "string",
  logTarget: "boolean",
  ...LEGACY_REDUCTION_OPTIONS,
};

function checkKLReduction(op: string, r: unknown): KLDivReduction {
  if (r === "none" || r === "mean" || r === "sum" || r === "batchmean") return r;
  throw new Error(
    `${op}(): ${String(r)} is not a valid value for reduction (expected 'none', 'mean', 'sum' or 'batchmean')`,
  );
}

/**
 * The Kullback–Leibler divergence loss (`torch.nn.functional.kl_div`), with `input` holding
 * log-probabilities:
 *
 *     l = y·(log y − input)          (0 where y = 0, PyTorch's xlogy)
 *     l = e^y·(y − input)            with logTarget
 *
 * Reduction `'batchmean'` is Σ l / N (N = input.size(0)); `'mean'` is Σ l / numel.
 * NOTE: at y = 0 (without logTarget) the target's gradient is −input here; PyTorch returns NaN.
 *
 * @param input log-probabilities, any shape, (N, *) for `'batchmean'`
 * @param target probabilities (or log-probabilities), broadcastable to input
 * @param options `{ reduction = 'mean', logTarget = false }`
 *
 * @example
 * const q = randn([2, 5]);
 * const p = randn([2, 5]);
 * klDiv(q.logSoftmax(1), p.softmax(1), { reduction: "batchmean" }).item() >= 0; // true
 */
export function klDiv(input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
  const op = "kl_div";
  checkPairLoss(op, options, KL_DIV_OPTIONS, input, target);
  // With the deprecated keywords PyTorch reduces as they say, and still divides by the batch
  // size afterwards when `reduction` is 'batchmean' (F.kl_div's own order of steps).
  const legacy = usesLegacyReduction(options);
  const reduction = legacy
    ? legacyReduction(options.sizeAverage, options.reduce)
    : checkKLReduction(op, options.reduction ?? "mean");
  let loss: Tensor;
  if (options.logTarget) loss = target.exp().mul(target.sub(input));
  else {
    // xlogy(y, y) without NaN gradients: log is taken of 1 where y = 0, and that branch is dropped.
    const positive = target.gt(0);
    const safe = where(positive, target, 1);
    loss = where(positive, target.mul(safe.log()), 0).sub(target.mul(input));
  }
  if (legacy) {
    const reduced = reduction === "none" ? loss : reduction === "sum" ? loss.sum() : loss.mean();
    return options.reduction === "batchmean" && input.dim() !== 0 ? reduced.div(input._shape[0]!) : reduced;
  }
  if (reduction === "none") return loss;
  if (reduction === "sum") return loss.sum();
  if (reduction === "mean") return loss.mean();
  return input.dim() === 0 ? loss.sum() : loss.sum().div(input._shape[0]!);
}

/**
 * The Kullback–Leibler divergence loss (`torch.nn.KLDivLoss`); `input` holds log-probabilities.
 *
 *     l = y·(log y − input),  or e^y·(y − input) with logTarget
 *
 * @param options `{ reduction = 'mean', logTarget = false }`; use `'batchmean'` for the KL
 *   divergence itself (`'mean'` also divides by the number of classes)
 *
 * Shape: input (N, *); target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * const logits = randn([2, 5]);
 * const targetProbs = full([2, 5], 0.2);
 * new KLDivLoss({ reduction: "batchmean" }).call(logits.logSoftmax(1), targetProbs).shape; // []
 */
export class KLDivLoss extends Module {
  static override readonly typeName: string = "KLDivLoss";
  /** How the per-element losses are reduced: `"mean"`, `"sum"` or `"none"` (PyTorch's `reduction`). */
  readonly reduction: KLDivReduction;
  /** Whether the target is given as log-probabilities (PyTorch's `log_target`). */
  readonly logTarget: boolean;
  constructor(options: KLDivOptions = {}) {
    super();
    checkOptions("KLDivLoss", options, KL_DIV_OPTIONS, 1);
    this.reduction = usesLegacyReduction(options)
      ? legacyReduction(options.sizeAverage, options.reduce)
      : checkKLReduction("KLDivLoss", options.reduction ?? "mean");
    this.logTarget = options.logTarget ?? false;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
