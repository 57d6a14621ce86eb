import { type Tensor, zerosLike } from "@tsgrad/core";
import {
  type AdamLikeOptions,
  AdamLikeOptimizer,
  advance,
  decayedGrad,
  elements,
  elementsOf,
  type MomentsState,
  newMoments,
  updateMoments,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** Adam's and AdamW's options; each can also be set per parameter group. */
export interface AdamOptions extends AdamLikeOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay: number;
  /** Use the AMSGrad variant: divide by the running maximum of the second moment (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Adam's per-parameter state, as PyTorch's: the step count (a 0-d tensor of the default dtype), the moment
 * estimates and, with amsgrad, the running maximum of the second moment.
 */
export interface AdamState extends MomentsState {
  /** The maximum of `expAvgSq` so far, with `amsgrad` (PyTorch's `max_exp_avg_sq`). */
  maxExpAvgSq?: Tensor;
}

/** The code Adam and AdamW share; only where weight decay enters differs. */
abstract class AdamBase extends AdamLikeOptimizer<AdamOptions, AdamState> {
  protected abstract readonly decoupled: boolean;

  protected constructor(params: Params<AdamOptions>, options: Partial<AdamOptions>, weightDecay: number) {
    super(
      params,
      options,
      1e-3,
      { amsgrad: "boolean", maximize: "boolean" },
      { weightDecay, amsgrad: false, maximize: false },
    );
  }

  protected newState(p: Tensor): AdamState {
    return newMoments(p);
  }

  /**
   * One Adam step, in PyTorch's operation order. Adam's weight decay is added to the gradient
   * (`l2`); AdamW's shrinks the weights by `1 − lr·wd` first.
   */
  protected stepParam(group: ParamGroup<AdamOptions>, st: AdamState, w: Tensor, grad: Tensor): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = group.betas;
    if (amsgrad && st.maxExpAvgSq === undefined) st.maxExpAvgSq = zerosLike(w);
    const step = advance(st.step);
    // The scalar factors, computed as PyTorch computes them in Python (doubles).
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const negStep = -(lr / biasCorrection1);
    const l2 = this.decoupled ? 0 : weightDecay;
    const shrink = this.decoupled ? 1 - lr * weightDecay : 1;
    const [p, g, m, v] = elementsOf(w, grad, st.expAvg, st.expAvgSq);
    const vmax = amsgrad ? elements(st.maxExpAvgSq!) : null;
    for (let i = 0; i < p.length; i++) {
      let x = p[i]!;
      const d = decayedGrad(g[i]!, x, l2, maximize);
      if (shrink !== 1) {
        // Stored and read back so that a float32 parameter is rounded here, as PyTorch's mul_ does.
        p[i] = x * shrink;
        x = p[i]!;
      }
      updateMoments(m, v, i, d, beta1, beta2);
      let second = v[i]!;
      if (vmax !== null) {
        // NaN propagates, as in torch.maximum.
        vmax[i] = Math.max(vmax[i]!, second);
        second = vmax[i]!;
      }
      const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      p[i] = x + (negStep * m[i]!) / denom;
    }
  }
}

/**
 * Adam (`torch.optim.Adam`), with optional L2 weight decay and the AMSGrad variant.
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   v̂max ← max(v̂max, v) if amsgrad
 * θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)        (√v̂max with amsgrad)
 * ```
 * ε is added after bias-correcting √v, as in PyTorch. Parameters whose `.grad` is null are skipped
 * (their step count does not advance).
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link AdamOptions}: lr = 1e-3,
 * betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * const opt = new Adam(model.parameters(), { lr: 1e-2, betas: [0.9, 0.99] });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class Adam extends AdamBase {
  static override readonly typeName: string = "Adam";
  protected readonly decoupled = false;
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options, 0);
  }
}

/**
 * AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay. Before the Adam step (which then
 * uses no L2 term), every parameter is shrunk: `θ ← θ·(1 − lr·weightDecay)`.
 *
 * Params: as {@link Adam}, but `weightDecay` defaults to 1e-2.
 *
 * @example
 * const model = new Linear(4, 2);
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends AdamBase {
  static override readonly typeName: string = "AdamW";
  protected readonly decoupled = true;
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options, 1e-2);
  }
}
