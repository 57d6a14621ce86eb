import { checkOptions, needsGrad, type OptionsSpec, record, Tensor } from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  bufferOf,
  checkIndexTarget,
  classLayout,
  classLossPrologue,
  classLossSettings,
  gradScale,
  gradScaleTensor,
  LEGACY_REDUCTION_OPTIONS,
  type LegacyReductionOptions,
  nllNodeName,
  type Reduction,
  reduceLosses,
  savedBuffer,
} from "./common.js";

/** Options of {@link nllLoss} and {@link NLLLoss}, PyTorch's keyword arguments. */
export interface NLLLossOptions extends LegacyReductionOptions {
  /** Manual rescaling weight of each class, a 1-D tensor of size C (default: none, all 1). */
  weight?: Tensor | null;
  /** A target value that is skipped: no loss, no gradient, not counted (default −100). */
  ignoreIndex?: number;
  /** `'none' | 'mean' | 'sum'` (default `'mean'`). */
  reduction?: Reduction;
}

export const NLL_OPTIONS: OptionsSpec<NLLLossOptions> = {
  weight: "tensorOrNull",
  ignoreIndex: "integer",
  reduction: "string",
  ...LEGACY_REDUCTION_OPTIONS,
};

/**
 * The negative log-likelihood loss (`torch.nn.functional.nll_loss`), for log-probabilities such as
 * the output of `logSoftmax`:
 *
 *     l_n = −w_{y_n} · input[n, y_n]     (0 where y_n = ignoreIndex)
 *
 * `'mean'` divides Σ l_n by Σ w_{y_n} over the targets not ignored (NaN with a zero gradient if
 * all are ignored, as in PyTorch).
 *
 * @param input log-probabilities (C), (N, C) or (N, C, d1, …, dk); the class dim is 1 (0 for 1-D)
 * @param target int32 class indices (), (N) or (N, d1, …, dk), in [0, C) or `ignoreIndex`
 * @param options `{ weight = null, ignoreIndex = -100, reduction = 'mean' }`
 *
 * @example
 * nllLoss(randn([3, 5]).logSoftmax(1), tensor([1, 0, 4]))
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  const op = "nll_loss";
  const {
    classDim,
    classes: C,
    outShape,
    ignoreIndex,
    reduction,
    w,
  } = classLossPrologue(op, input, target, options, NLL_OPTIONS);
  const t = checkIndexTarget(op, input, target, classDim, ignoreIndex);
  const { data, offset, outer, inner } = classLayout(input, classDim);
  const losses = new Float64Array(outer * inner);
  const tData = t.storage.data;
  let denom = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = tData[t.offset + n]!;
      if (y === ignoreIndex) continue;
      losses[n] = -w[y]! * data[offset + (o * C + y) * inner + i]!;
      denom += w[y]!;
    }
  }
  const out = reduceLosses(losses, reduction, denom, outShape, input.dtype);
  const shape = input._shape;
  const dtype = input.dtype;
  return record(out, nllNodeName(input.dim(), reduction), [input], [t, savedBuffer(w)], (g, [ts, ws]) => {
    const grad = Tensor.alloc(shape, dtype);
    const gd = grad.storage.data;
    // Under createGraph the rule is linear in g: −w_y at the targets, scaled by g recorded.
    const recorded = needsGrad(g);
    const { scalar, per, off } = recorded ? { scalar: 1, per: null, off: 0 } : gradScale(g, reduction, denom);
    const td = ts!.storage.data;
    const wv = bufferOf(ws!);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const n = o * inner + i;
        const y = td[ts!.offset + n]!;
        if (y === ignoreIndex) continue;
        gd[(o * C + y) * inner + i] = -wv[y]! * (per === null ? scalar : per[off + n]! * scalar);
      }
    }
    if (recorded) return [gradScaleTensor(g, reduction, denom, classDim).mul(grad).to(dtype)];
    return [grad];
  });
}

/**
 * The module form of nll_loss and cross_entropy: the options are checked where they are written
 * (not at the first call), and `weight` is a registered buffer, as in PyTorch.
 */
export abstract class ClassLossModule extends Module {
  /** The learnable weight (PyTorch's `weight`). */
  weight: Tensor | null;
  /** The target value that is ignored and adds nothing to the loss (PyTorch's `ignore_index`). */
  readonly ignoreIndex: number;
  /** How the per-element losses are reduced: `"mean"`, `"sum"` or `"none"` (PyTorch's `reduction`). */
  readonly reduction: Reduction;

  constructor(op: string, options: NLLLossOptions, spec: OptionsSpec<NLLLossOptions>) {
    super();
    checkOptions(op, options, spec, 1);
    const s = classLossSettings(op, options, null);
    this.weight = this.registerBuffer("weight", s.weight);
    this.ignoreIndex = s.ignoreIndex;
    this.reduction = s.reduction;
  }
}

/**
 * The negative log-likelihood loss (`torch.nn.NLLLoss`); holds the options and calls
 * {@link nllLoss}. `weight` is a registered buffer, as in PyTorch.
 *
 *     l_n = −w_{y_n} · x_{n, y_n};   'mean': Σ l_n / Σ w_{y_n}
 *
 * @param options `{ weight = null, ignoreIndex = -100, reduction = 'mean' }`
 *
 * Shape: input (C), (N, C) or (N, C, d1, …, dk) log-probabilities; target (), (N) or
 * (N, d1, …, dk) int32; output a scalar, or the target's shape for `'none'`.
 *
 * @example
 * const logits = randn([3, 5]);
 * const loss = new NLLLoss().call(logits.logSoftmax(1), tensor([1, 0, 4]));
 * loss.shape; // []
 */
export class NLLLoss extends ClassLossModule {
  static override readonly typeName: string = "NLLLoss";

  constructor(options: NLLLossOptions = {}) {
    super("NLLLoss", options, NLL_OPTIONS);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}
