import { type OptionsSpec, type Tensor, zerosLike } from "@tsgrad/core";
import { checkNonNegative, ElementwiseOptimizer, flat, plainStep } from "./common.js";
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

/** Adadelta's per-parameter state, as PyTorch 1.13's: the step count (a plain number), the averages of g² and of Δ². */
export interface AdadeltaState {
  /** The number of steps taken for this parameter (PyTorch's `step`). */
  step: number;
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
    super(params, options, ADADELTA_OPTIONS, (o) => ({
      lr: o.lr ?? 1.0,
      rho: o.rho ?? 0.9,
      eps: o.eps ?? 1e-6,
      weightDecay: o.weightDecay ?? 0,
      maximize: o.maximize ?? false,
    }));
  }

  protected checkOptions(o: Partial<AdadeltaOptions>, op: string): void {
    checkNonNegative(op, o.lr, "learning rate");
    if (o.rho !== undefined && !(o.rho >= 0 && o.rho <= 1))
      throw new Error(`${op}(): Invalid rho value: ${o.rho}`);
    checkNonNegative(op, o.eps, "epsilon value");
    checkNonNegative(op, o.weightDecay, "weight_decay value");
  }

  protected newState(p: Tensor): AdadeltaState {
    return { step: 0, squareAvg: zerosLike(p), accDelta: zerosLike(p) };
  }

  protected stepParam(group: ParamGroup<AdadeltaOptions>, st: AdadeltaState, w: Tensor, grad: Tensor): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    st.step += 1;
    const n = w.numel();
    const { data: p, offset: po } = flat(w);
    const { data: g, offset: go } = flat(grad);
    const { data: v, offset: vo } = flat(st.squareAvg);
    const { data: u, offset: uo } = flat(st.accDelta);
    const r1 = 1 - rho;
    for (let i = 0; i < n; i++) {
      let d = maximize ? -g[go + i]! : g[go + i]!;
      if (weightDecay !== 0) d = d + weightDecay * p[po + i]!;
      v[vo + i] = v[vo + i]! * rho + r1 * d * d;
      const delta = (Math.sqrt(u[uo + i]! + eps) / Math.sqrt(v[vo + i]! + eps)) * d;
      u[uo + i] = u[uo + i]! * rho + r1 * delta * delta;
      p[po + i] = p[po + i]! - lr * delta;
    }
  }

  /** As {@link Optimizer.loadStateDict}; `step` stays a plain number, as PyTorch 1.13's Adadelta keeps it. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    for (const st of this.state.values()) st.step = plainStep(st.step);
  }
}
