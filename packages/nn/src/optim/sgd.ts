import { checkOptions, type OptionsSpec, type Tensor, type TypedArray, zerosLike } from "@tsgrad/core";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.js";

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
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  static override readonly typeName: string = "SGD";
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    checkOptions("SGD", options, SGD_OPTIONS, 2);
    super(
      params,
      {
        lr: options.lr,
        momentum: options.momentum ?? 0,
        dampening: options.dampening ?? 0,
        weightDecay: options.weightDecay ?? 0,
        nesterov: options.nesterov ?? false,
        maximize: options.maximize ?? false,
      },
      ["lr"],
      SGD_OPTIONS,
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

  protected updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const params = group.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p.grad === null) continue;
      const g = this.flatGrad(p, "SGD", i);
      let st = this.state.get(p);
      if (st === undefined) {
        st = { momentumBuffer: null };
        this.state.set(p, st);
      }
      let first = false;
      if (momentum !== 0 && st.momentumBuffer === null) {
        st.momentumBuffer = zerosLike(p);
        first = true;
      }
      const buf = momentum !== 0 ? st.momentumBuffer : null;
      const w = this.flatParam(p);
      sgdKernel(
        p.numel(),
        w.storage.data,
        w.offset,
        g.storage.data,
        g.offset,
        buf === null ? null : buf.storage.data,
        buf === null ? 0 : buf.offset,
        first,
        lr,
        momentum,
        dampening,
        weightDecay,
        nesterov,
        maximize,
      );
      if (buf !== null) buf.storage.version++;
      this.commitParam(p, w);
    }
  }
}

/** One SGD step over flat arrays, in PyTorch's operation order (so float64 results agree to the bit). */
function sgdKernel(
  n: number,
  w: TypedArray,
  wo: number,
  g: TypedArray,
  go: number,
  buf: TypedArray | null,
  bo: number,
  first: boolean,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  maximize: boolean,
): void {
  const damp = 1 - dampening;
  for (let i = 0; i < n; i++) {
    const p = w[wo + i]!;
    let d = maximize ? -g[go + i]! : g[go + i]!;
    if (weightDecay !== 0) d = d + weightDecay * p;
    if (buf !== null) {
      buf[bo + i] = first ? d : buf[bo + i]! * momentum + damp * d;
      // Read back: in float32 the buffer holds the rounded value, as PyTorch's float32 buffer does.
      const b = buf[bo + i]!;
      d = nesterov ? d + momentum * b : b;
    }
    w[wo + i] = p + -lr * d;
  }
}
