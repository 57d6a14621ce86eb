import { getDefaultDtype, scalarTensor, type Tensor } from "@tsgrad/core";
import {
  type AdamLikeOptions,
  AdamLikeOptimizer,
  advance,
  checkNonNegative,
  decayedGrad,
  elementsOf,
  type MomentsState,
  newMoments,
  updateMoments,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** NAdam's options; each can also be set per parameter group. */
export interface NAdamOptions extends AdamLikeOptions {
  /** Momentum decay ψ of the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)) (default 4e-3). */
  momentumDecay: number;
}

/**
 * NAdam's per-parameter state, as PyTorch's: the step count and the product of the μₜ so far, both
 * 0-d tensors of the default dtype (`torch.tensor(1.)`: under float32 the product is rounded to
 * float32 at every step, as in PyTorch, whatever the parameter's dtype), and the moment estimates.
 */
export interface NAdamState extends MomentsState {
  /** The product of the momentum schedule so far (PyTorch's `mu_product`). */
  muProduct: Tensor;
}

/**
 * NAdam (`torch.optim.NAdam`): Adam with Nesterov momentum.
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← g + λθ if weightDecay λ ≠ 0;   μₜ = β₁(1 − ½·0.96^(tψ));   Π ← Π·μₜ
 * m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   d = √(v/(1 − β₂ᵗ)) + ε
 * θ ← θ − lr(1 − μₜ)/(1 − Π) · g/d − lr·μₜ₊₁/(1 − Π·μₜ₊₁) · m/d
 * ```
 * (PyTorch 1.13's `mu_product_next` is Π·μₜ·μₜ₊₁ with Π already including μₜ, and tsgrad does the
 * same.) PyTorch 1.13's NAdam has no `maximize`, and neither has this one.
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link NAdamOptions}: lr = 2e-3,
 * betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3.
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: torch.optim.NAdam(model.parameters(), lr=2e-3)
 * const opt = new NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends AdamLikeOptimizer<NAdamOptions, NAdamState> {
  static override readonly typeName: string = "NAdam";
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    super(params, options, 2e-3, { momentumDecay: "number" }, { momentumDecay: 4e-3 });
  }

  protected override checkOptions(o: Partial<NAdamOptions>, op: string): void {
    super.checkOptions(o, op);
    checkNonNegative(op, o.momentumDecay, "momentum_decay value");
  }

  protected newState(p: Tensor): NAdamState {
    return { ...newMoments(p), muProduct: scalarTensor(1, { dtype: getDefaultDtype() }) };
  }

  protected stepParam(group: ParamGroup<NAdamOptions>, st: NAdamState, w: Tensor, grad: Tensor): void {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const step = advance(st.step);
    const biasCorrection2 = 1 - beta2 ** step;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
    // float32 tensor × Python float in PyTorch: the float is cast to float32, the product rounded.
    const r = st.muProduct.dtype === "float32" ? Math.fround : exact;
    const prod = st.muProduct.storage.data;
    const at = st.muProduct.offset;
    prod[at] = r(prod[at]! * r(mu));
    const muProduct = prod[at]!;
    const muProductNext = r(r(muProduct * r(mu)) * r(muNext));
    const cg = (-lr * (1 - mu)) / (1 - muProduct);
    const cm = (-lr * muNext) / (1 - muProductNext);
    const [p, g, m, v] = elementsOf(w, grad, st.expAvg, st.expAvgSq);
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, false);
      updateMoments(m, v, i, d, beta1, beta2);
      const denom = Math.sqrt(v[i]! / biasCorrection2) + eps;
      // Two separate updates, each stored (rounded in a float32 parameter), as PyTorch's two addcdiv_.
      p[i] = p[i]! + (cg * d) / denom;
      p[i] = p[i]! + (cm * m[i]!) / denom;
    }
  }
}

/** A float64 mu_product's rounding: none. */
function exact(v: number): number {
  return v;
}
