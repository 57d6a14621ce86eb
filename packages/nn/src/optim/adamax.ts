import { type Tensor, zerosLike } from "@tsgrad/core";
import {
  type AdamLikeOptions,
  AdamLikeOptimizer,
  advance,
  decayedGrad,
  elementsOf,
  stepCounter,
  type StepState,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** Adamax's options; each can also be set per parameter group. */
export interface AdamaxOptions extends AdamLikeOptions {
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** Adamax's per-parameter state, as PyTorch's: the step count (a 0-d tensor of the default dtype), m and the infinity norm u. */
export interface AdamaxState extends StepState {
  /** The running average of the gradient (PyTorch's `exp_avg`). */
  expAvg: Tensor;
  /** The exponentially weighted infinity norm (PyTorch's `exp_inf`). */
  expInf: Tensor;
}

/**
 * Adamax (`torch.optim.Adamax`), Adam with the infinity norm.
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * m ← β₁m + (1 − β₁)g;   u ← max(β₂u, |g| + ε);   θ ← θ − lr/(1 − β₁ᵗ) · m/u
 * ```
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link AdamaxOptions}: lr = 2e-3,
 * betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, maximize = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: torch.optim.Adamax(model.parameters(), lr=2e-3)
 * const opt = new Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends AdamLikeOptimizer<AdamaxOptions, AdamaxState> {
  static override readonly typeName: string = "Adamax";
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(params, options, 2e-3, { maximize: "boolean" }, { maximize: false });
  }

  protected newState(p: Tensor): AdamaxState {
    return { step: stepCounter(), expAvg: zerosLike(p), expInf: zerosLike(p) };
  }

  protected stepParam(group: ParamGroup<AdamaxOptions>, st: AdamaxState, w: Tensor, grad: Tensor): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    const step = advance(st.step);
    const negClr = -(lr / (1 - beta1 ** step));
    const [p, g, m, u] = elementsOf(w, grad, st.expAvg, st.expInf);
    const a1 = 1 - beta1;
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, maximize);
      m[i] = m[i]! * beta1 + a1 * d;
      u[i] = u[i]! * beta2;
      // NaN propagates, as in torch.amax.
      u[i] = Math.max(u[i]!, Math.abs(d) + eps);
      p[i] = p[i]! + (negClr * m[i]!) / u[i]!;
    }
  }
}
