import type { Tensor } from "@tsgrad/core";
import {
  type AdamLikeOptions,
  AdamLikeOptimizer,
  advance,
  decayedGrad,
  elementsOf,
  type MomentsState,
  newMoments,
  updateMoments,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** RAdam's options; each can also be set per parameter group. */
export interface RAdamOptions extends AdamLikeOptions {}

/** RAdam's per-parameter state, as PyTorch's: the step count (a 0-d tensor of the default dtype) and the moment estimates. */
export type RAdamState = MomentsState;

/**
 * RAdam (`torch.optim.RAdam`): Adam with a rectified adaptive learning rate.
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← g + λθ if weightDecay λ ≠ 0;   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   m̂ = m/(1 − β₁ᵗ)
 * ρ∞ = 2/(1 − β₂) − 1;   ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
 * ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ));   θ ← θ − lr·m̂·r·√(1 − β₂ᵗ)/(√v + ε)
 * else:    θ ← θ − lr·m̂
 * ```
 * PyTorch 1.13's RAdam has no `maximize`, and neither has this one.
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link RAdamOptions}: lr = 1e-3,
 * betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0.
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: torch.optim.RAdam(model.parameters(), lr=1e-3)
 * const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends AdamLikeOptimizer<RAdamOptions, RAdamState> {
  static override readonly typeName: string = "RAdam";
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    super(params, options, 1e-3, {});
  }

  protected newState(p: Tensor): RAdamState {
    return newMoments(p);
  }

  protected stepParam(group: ParamGroup<RAdamOptions>, st: RAdamState, w: Tensor, grad: Tensor): void {
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    const step = advance(st.step);
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
    const rect =
      rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const sqrtBc2 = Math.sqrt(biasCorrection2);
    const [p, g, m, v] = elementsOf(w, grad, st.expAvg, st.expAvgSq);
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, false);
      updateMoments(m, v, i, d, beta1, beta2);
      const corrected = m[i]! / biasCorrection1;
      const update =
        rect !== 0 ? corrected * lr * (sqrtBc2 / (Math.sqrt(v[i]!) + eps)) * rect : corrected * lr;
      p[i] = p[i]! - update;
    }
  }
}
