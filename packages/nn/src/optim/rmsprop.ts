import { type OptionsSpec, type Tensor, zerosLike } from "@tsgrad/core";
import {
  checkNonNegatives,
  type Defaults,
  decayedGrad,
  ElementwiseOptimizer,
  elements,
  elementsOf,
  plainStep,
  type StepState,
} from "./common.js";
import type { OptimizerStateDict, ParamGroup, Params } from "./optimizer.js";

/** RMSprop's options; each can also be set per parameter group. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the running average of the squared gradient (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const RMSPROP_OPTIONS: OptionsSpec<RMSpropOptions> = {
  lr: "number",
  alpha: "number",
  eps: "number",
  weightDecay: "number",
  momentum: "number",
  centered: "boolean",
  maximize: "boolean",
};
const RMSPROP_DEFAULTS: Defaults<RMSpropOptions> = {
  lr: 1e-2,
  momentum: 0,
  alpha: 0.99,
  eps: 1e-8,
  centered: false,
  weightDecay: 0,
  maximize: false,
};

/**
 * RMSprop's per-parameter state, as PyTorch 1.13's: the step count (a plain number, not a tensor,
 * in this optimizer), the average of g², the momentum buffer (with momentum) and the average of g
 * (when centered).
 */
export interface RMSpropState extends StepState<number> {
  /** The running average of the squared gradient (PyTorch's `square_avg`). */
  squareAvg: Tensor;
  /** The momentum buffer (PyTorch's `momentum_buffer`). */
  momentumBuffer?: Tensor;
  /** The running average of the gradient, with `centered` (PyTorch's `grad_avg`). */
  gradAvg?: Tensor;
}

/**
 * RMSprop (`torch.optim.RMSprop`).
 *
 * For each parameter θ with gradient g:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * v ← αv + (1 − α)g²;   avg ← √v, or √(v − ḡ²) with ḡ ← αḡ + (1 − α)g if centered;   avg ← avg + ε
 * b ← μb + g/avg; θ ← θ − lr·b   if momentum μ > 0,   else θ ← θ − lr·g/avg
 * ```
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link RMSpropOptions}: lr = 1e-2,
 * alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * // PyTorch: torch.optim.RMSprop(model.parameters(), lr=1e-3, momentum=0.9, centered=True)
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9, centered: true });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class RMSprop extends ElementwiseOptimizer<RMSpropOptions, RMSpropState> {
  static override readonly typeName: string = "RMSprop";
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, options, RMSPROP_OPTIONS, RMSPROP_DEFAULTS);
  }

  protected checkOptions(o: Partial<RMSpropOptions>, op: string): void {
    checkNonNegatives(op, o, ["lr", "eps", "momentum", "weightDecay", "alpha"]);
  }

  protected newState(p: Tensor): RMSpropState {
    return { step: 0, squareAvg: zerosLike(p) };
  }

  protected stepParam(group: ParamGroup<RMSpropOptions>, st: RMSpropState, w: Tensor, grad: Tensor): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    st.step += 1;
    if (momentum > 0 && st.momentumBuffer === undefined) st.momentumBuffer = zerosLike(w);
    if (centered && st.gradAvg === undefined) st.gradAvg = zerosLike(w);
    const [p, g, v] = elementsOf(w, grad, st.squareAvg);
    const ga = centered ? elements(st.gradAvg!) : null;
    const buf = momentum > 0 ? elements(st.momentumBuffer!) : null;
    const a1 = 1 - alpha;
    for (let i = 0; i < p.length; i++) {
      const d = decayedGrad(g[i]!, p[i]!, weightDecay, maximize);
      v[i] = v[i]! * alpha + a1 * d * d;
      let avg: number;
      if (ga !== null) {
        ga[i] = ga[i]! * alpha + a1 * d;
        const m = ga[i]!;
        avg = Math.sqrt(v[i]! - m * m) + eps;
      } else avg = Math.sqrt(v[i]!) + eps;
      if (buf !== null) {
        buf[i] = buf[i]! * momentum + d / avg;
        p[i] = p[i]! - lr * buf[i]!;
      } else p[i] = p[i]! + (-lr * d) / avg;
    }
  }

  /** As {@link Optimizer.loadStateDict}; `step` stays a plain number, as PyTorch 1.13's RMSprop keeps it. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    for (const st of this.state.values()) st.step = plainStep(st.step);
  }
}
