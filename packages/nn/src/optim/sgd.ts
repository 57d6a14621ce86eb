import { type OptionsSpec, type Tensor, zerosLike } from "@tsgrad/core";
import { ElementwiseOptimizer, flat } from "./common.js";
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
    super(
      params,
      options,
      SGD_OPTIONS,
      (o) => ({
        lr: o.lr,
        momentum: o.momentum ?? 0,
        dampening: o.dampening ?? 0,
        weightDecay: o.weightDecay ?? 0,
        nesterov: o.nesterov ?? false,
        maximize: o.maximize ?? false,
      }),
      ["lr"],
    );
  }

  protected checkOptions(o: Partial<SGDOptions>, op: string): void {
    if (o.lr !== undefined && !(o.lr >= 0)) throw new Error(`${op}(): Invalid learning rate: ${o.lr}`);
    if (o.momentum !== undefined && !(o.momentum >= 0))
      throw new Error(`${op}(): Invalid momentum value: ${o.momentum}`);
    if (o.weightDecay !== undefined && !(o.weightDecay >= 0)) {
      throw new Error(`${op}(): Invalid weight_decay value: ${o.weightDecay}`);
    }
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
    const buf = momentum !== 0 ? flat(st.momentumBuffer!) : null;
    const n = w.numel();
    const { data: p, offset: po } = flat(w);
    const { data: g, offset: go } = flat(grad);
    const damp = 1 - dampening;
    for (let i = 0; i < n; i++) {
      const x = p[po + i]!;
      let d = maximize ? -g[go + i]! : g[go + i]!;
      if (weightDecay !== 0) d = d + weightDecay * x;
      if (buf !== null) {
        buf.data[buf.offset + i] = first ? d : buf.data[buf.offset + i]! * momentum + damp * d;
        // Read back: in float32 the buffer holds the rounded value, as PyTorch's float32 buffer does.
        const b = buf.data[buf.offset + i]!;
        d = nesterov ? d + momentum * b : b;
      }
      p[po + i] = x + -lr * d;
    }
  }
}
