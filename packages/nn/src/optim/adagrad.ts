import { fullLike, type OptionsSpec, type Tensor } from "@tsgrad/core";
import {
  advance,
  checkNonNegatives,
  type Defaults,
  decayedGrad,
  ElementwiseOptimizer,
  elementsOf,
  stepCounter,
  type StepState,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** Adagrad's options; each can also be set per parameter group. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const ADAGRAD_OPTIONS: OptionsSpec<AdagradOptions> = {
  lr: "number",
  lrDecay: "number",
  weightDecay: "number",
  initialAccumulatorValue: "number",
  eps: "number",
  maximize: "boolean",
};
const ADAGRAD_DEFAULTS: Defaults<AdagradOptions> = {
  lr: 1e-2,
  lrDecay: 0,
  eps: 1e-10,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  maximize: false,
};

/** Adagrad's per-parameter state, as PyTorch's: the step count (a 0-d tensor of the default dtype) and the sum of g². */
export interface AdagradState extends StepState {
  /** The sum of the squared gradients (PyTorch's `sum`). */
  sum: Tensor;
}

/**
 * Adagrad (`torch.optim.Adagrad`).
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * s ← s + g²;   θ ← θ − lr/(1 + (t − 1)·lrDecay) · g / (√s + ε)
 * ```
 * As in PyTorch, the state of every parameter is created by the constructor (`sum` filled with
 * `initialAccumulatorValue`), so `stateDict()` holds it before the first step. For a group added
 * later with `addParamGroup` the state is created on its first step (PyTorch raises a KeyError).
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link AdagradOptions}: lr = 1e-2,
 * lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: torch.optim.Adagrad(model.parameters(), lr=0.1, lr_decay=1e-3)
 * const opt = new Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-3 });
 */
export class Adagrad extends ElementwiseOptimizer<AdagradOptions, AdagradState> {
  static override readonly typeName: string = "Adagrad";
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, options, ADAGRAD_OPTIONS, ADAGRAD_DEFAULTS);
    for (const group of this.paramGroups) {
      for (const p of group.params) this.state.set(p, this.newState(p, group));
    }
  }

  protected checkOptions(o: Partial<AdagradOptions>, op: string): void {
    checkNonNegatives(op, o, ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps"]);
  }

  protected newState(p: Tensor, group: ParamGroup<AdagradOptions>): AdagradState {
    return { step: stepCounter(), sum: fullLike(p, group.initialAccumulatorValue) };
  }

  protected stepParam(group: ParamGroup<AdagradOptions>, st: AdagradState, w: Tensor, grad: Tensor): void {
    const { lr, lrDecay, eps, weightDecay, maximize } = group;
    const step = advance(st.step);
    const clr = lr / (1 + (step - 1) * lrDecay);
    const [p, g, s] = elementsOf(w, grad, st.sum);
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, maximize);
      s[i] = s[i]! + d * d;
      p[i] = p[i]! + (-clr * d) / (Math.sqrt(s[i]!) + eps);
    }
  }
}
