import { type OptionsSpec, type Tensor, zerosLike } from "@tsgrad/core";
import {
  checkNonNegatives,
  type Defaults,
  decayedGrad,
  ElementwiseOptimizer,
  elements,
  elementsOf,
} from "./common.js";
import type { ParamGroup, Params } from "./optimizer.js";

/** SGD's options; each can also be set per parameter group. */
export interface SGDOptions {
  /** Learning rate. Required (in the options or in every group), as in PyTorch 1.13. */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening for momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false); needs `momentum > 0` and `dampening = 0`. */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const SGD_OPTIONS: OptionsSpec<SGDOptions> = {
  lr: "number",
  momentum: "number",
  dampening: "finite",
  weightDecay: "number",
  nesterov: "boolean",
  maximize: "boolean",
};
const SGD_DEFAULTS: Defaults<SGDOptions> = {
  lr: undefined,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
};

/** SGD's per-parameter state: the momentum buffer (null while `momentum` is 0), as PyTorch's. */
export interface SGDState {
  /** The momentum buffer (PyTorch's `momentum_buffer`). */
  momentumBuffer: Tensor | null;
}

/**
 * Stochastic gradient descent, optionally with momentum (`torch.optim.SGD`).
 *
 * For each parameter θ with gradient g, step t:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay λ ≠ 0
 * if momentum μ ≠ 0:  b ← g on the first step, else b ← μb + (1 − τ)g   (τ = dampening)
 *                     g ← g + μb if nesterov, else g ← b
 * θ ← θ − lr·g
 * ```
 * The buffer starts as the raw (decayed) gradient, with no dampening on the first step, as in
 * PyTorch. Parameters whose `.grad` is null are skipped.
 *
 * Params: `params` — tensors or parameter groups; `options` — {@link SGDOptions} (`lr` required).
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class SGD extends ElementwiseOptimizer<SGDOptions, SGDState> {
  static override readonly typeName: string = "SGD";
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, options, SGD_OPTIONS, SGD_DEFAULTS, ["lr"]);
  }

  protected checkOptions(o: Partial<SGDOptions>, op: string): void {
    checkNonNegatives(op, o, ["lr", "momentum", "weightDecay"]);
    if (o.nesterov && ((o.momentum ?? 0) <= 0 || (o.dampening ?? 0) !== 0)) {
      throw new Error(
        `${op}(): Nesterov momentum requires a momentum and zero dampening (got momentum=${o.momentum ?? 0}, dampening=${o.dampening ?? 0})`,
      );
    }
  }

  protected newState(): SGDState {
    return { momentumBuffer: null };
  }

  /** One SGD step, in PyTorch's operation order (so float64 results agree to the bit). */
  protected stepParam(group: ParamGroup<SGDOptions>, st: SGDState, w: Tensor, grad: Tensor): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let first = false;
    if (momentum !== 0 && st.momentumBuffer === null) {
      st.momentumBuffer = zerosLike(w);
      first = true;
    }
    const buf = momentum !== 0 ? elements(st.momentumBuffer!) : null;
    const [p, g] = elementsOf(w, grad);
    const damp = 1 - dampening;
    for (let i = 0; i < p.length; i++) {
      const x = p[i]!;
      let d = decayedGrad(g[i]!, x, weightDecay, maximize);
      if (buf !== null) {
        buf[i] = first ? d : buf[i]! * momentum + damp * d;
        // Read back: in float32 the buffer holds the rounded value, as PyTorch's float32 buffer does.
        const b = buf[i]!;
        d = nesterov ? d + momentum * b : b;
      }
      p[i] = x + -lr * d;
    }
  }
}
