import { checkOptions, type OptionsSpec, record, Tensor } from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  checkClassWeight,
  checkFloating,
  checkIgnoreIndex,
  checkIndexTarget,
  checkReduction,
  checkTensor,
  classLayout,
  type Reduction,
  weightValues,
} from "./common.js";
import { fromValues } from "./cross-entropy.js";

/** Options of {@link nllLoss} and {@link NLLLoss}. */
export interface NLLLossOptions {
  /** Per-class weights, 1-D of size C (default: none, all 1). */
  weight?: Tensor | null;
  /** A target value that is skipped: no loss, no gradient, not counted (default −100). */
  ignoreIndex?: number;
  /** `'none' | 'mean' | 'sum'` (default `'mean'`). */
  reduction?: Reduction;
}

const NLL_OPTIONS: OptionsSpec<NLLLossOptions> = {
  weight: "tensorOrNull",
  ignoreIndex: "integer",
  reduction: "string",
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
  checkOptions(op, options, NLL_OPTIONS, 3);
  checkTensor(op, "input", input);
  checkTensor(op, "target", target);
  checkFloating(op, "input", input);
  const reduction = checkReduction(op, options.reduction ?? "mean");
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex ?? -100);
  if (input.dim() === 0) {
    throw new Error(`${op}(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor`);
  }
  const classDim = input.dim() === 1 ? 0 : 1;
  const C = input.shape[classDim]!;
  const w =
    options.weight === undefined || options.weight === null
      ? new Float64Array(C).fill(1)
      : weightValues(op, options.weight, C);
  const t = checkIndexTarget(op, input, target, classDim, ignoreIndex);
  const { data, offset, outer, inner } = classLayout(input, classDim);
  const positions = outer * inner;
  const losses = new Float64Array(positions);
  const tData = t.storage.data;
  let denom = 0;
  let total = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = tData[t.offset + n]!;
      if (y === ignoreIndex) continue;
      losses[n] = -w[y]! * data[offset + (o * C + y) * inner + i]!;
      total += losses[n]!;
      denom += w[y]!;
    }
  }
  const outShape = input.shape.filter((_, i) => i !== classDim);
  const out =
    reduction === "none"
      ? fromValues(losses, outShape, input.dtype)
      : fromValues(Float64Array.of(reduction === "mean" ? total / denom : total), [], input.dtype);
  const shape = input.shape;
  const dtype = input.dtype;
  return record(out, "NllLossBackward0", [input], [t], (g, [ts]) => {
    const grad = Tensor.alloc(shape, dtype);
    const gd = grad.storage.data;
    const gc = reduction === "none" ? classLayout(g, 0) : null;
    const scale = gc === null ? g.item() / (reduction === "mean" ? denom : 1) : 1;
    const td = ts!.storage.data;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const n = o * inner + i;
        const y = td[ts!.offset + n]!;
        if (y === ignoreIndex) continue;
        const s = gc === null ? scale : gc.data[gc.offset + n]!;
        gd[(o * C + y) * inner + i] = -w[y]! * s;
      }
    }
    return [grad];
  });
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
 * const loss = new NLLLoss().call(logits.logSoftmax(1), tensor([1, 0, 4]));
 */
export class NLLLoss extends Module {
  static override readonly typeName: string = "NLLLoss";
  weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;

  constructor(options: NLLLossOptions = {}) {
    super();
    checkOptions("NLLLoss", options, NLL_OPTIONS, 1);
    this.weight = this.registerBuffer("weight", checkClassWeight("NLLLoss", options.weight));
    this.ignoreIndex = checkIgnoreIndex("NLLLoss", options.ignoreIndex ?? -100);
    this.reduction = checkReduction("NLLLoss", options.reduction ?? "mean");
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}
