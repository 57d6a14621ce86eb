import { type OptionsSpec, type Tensor, zerosLike } from "@tsgrad/core";
import {
  checkNonNegatives,
  type Defaults,
  decayedGrad,
  ElementwiseOptimizer,
  elementsOf,
  plainStep,
  type StepState,
} from "./common.js";
import type { OptimizerStateDict, ParamGroup, Params } from "./optimizer.js";

/** Adadelta's options; each can also be set per parameter group. */
export interface AdadeltaOptions {
  /** Factor applied to the delta before it is added to the weights (default 1.0). */
  lr: number;
  /** Decay rate of the running averages of g² and of the squared updates (default 0.9). */
  rho: number;
  /** Added inside the square roots for numerical stability (default 1e-6). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const ADADELTA_OPTIONS: OptionsSpec<AdadeltaOptions> = {
  lr: "number",
  rho: "number",
  eps: "number",
  weightDecay: "number",
  maximize: "boolean",
};
const ADADELTA_DEFAULTS: Defaults<AdadeltaOptions> = {
  lr: 1.0,
  rho: 0.9,
  eps: 1e-6,
  weightDecay: 0,
  maximize: false,
};

/** Adadelta's per-parameter state, as PyTorch 1.13's: the step count (a plain number), the averages of g² and of Δ². */
export interface AdadeltaState extends StepState<number> {
  /** The running average of the squared gradient (PyTorch's `square_avg`). */
  squareAvg: Tensor;
  /** The running average of the squared updates (PyTorch's `acc_delta`). */
  accDelta: Tensor;
}

/**
 * Adadelta (`torch.optim.Adadelta`).
 *
 * For each parameter θ with gradient g:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * v ← ρv + (1 − ρ)g²;   Δ ← √(u + ε) / √(v + ε) · g;   u ← ρu + (1 − ρ)Δ²;   θ ← θ − lr·Δ
 * ```
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link AdadeltaOptions}: lr = 1.0,
 * rho = 0.9, eps = 1e-6, weightDecay = 0, maximize = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: torch.optim.Adadelta(model.parameters(), rho=0.95)
 * const opt = new Adadelta(model.parameters(), { rho: 0.95 });
 */
export class Adadelta extends ElementwiseOptimizer<AdadeltaOptions, AdadeltaState> {
  static override readonly typeName: string = "Adadelta";
  constructor(params: Params<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(params, options, ADADELTA_OPTIONS, ADADELTA_DEFAULTS);
  }

  protected checkOptions(o: Partial<AdadeltaOptions>, op: string): void {
    checkNonNegatives(op, o, ["lr"]);
    if (o.rho !== undefined && !(o.rho >= 0 && o.rho <= 1))
      throw new Error(`${op}(): Invalid rho value: ${o.rho}`);
    checkNonNegatives(op, o, ["eps", "weightDecay"]);
  }

  protected newState(p: Tensor): AdadeltaState {
    return { step: 0, squareAvg: zerosLike(p), accDelta: zerosLike(p) };
  }

  protected stepParam(group: ParamGroup<AdadeltaOptions>, st: AdadeltaState, w: Tensor, grad: Tensor): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    st.step += 1;
    const [p, g, v, u] = elementsOf(w, grad, st.squareAvg, st.accDelta);
    const r1 = 1 - rho;
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, maximize);
      v[i] = v[i]! * rho + r1 * d * d;
      const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * d;
      u[i] = u[i]! * rho + r1 * delta * delta;
      p[i] = p[i]! - lr * delta;
    }
  }

  /** As {@link Optimizer.loadStateDict}; `step` stays a plain number, as PyTorch 1.13's Adadelta keeps it. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    for (const st of this.state.values()) st.step = plainStep(st.step);
  }
}
