import {
  checkOptions,
  className,
  getDefaultDtype,
  type OptionsSpec,
  scalarTensor,
  type Tensor,
  type TypedArray,
  zerosLike,
} from "@tsgrad/core";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.js";

/** Adam's and AdamW's options; each can also be set per parameter group. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay: number;
  /** Use the AMSGrad variant: divide by the running maximum of the second moment (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const ADAM_OPTIONS: OptionsSpec<AdamOptions> = {
  lr: "number",
  betas: {
    test: (v) => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "number"),
    expected: "a pair of numbers [beta1, beta2]",
  },
  eps: "number",
  weightDecay: "number",
  amsgrad: "boolean",
  maximize: "boolean",
};

/**
 * Adam's per-parameter state, as PyTorch's: the step count (a 0-d tensor of the default dtype), the moment
 * estimates and, with amsgrad, the running maximum of the second moment.
 */
export interface AdamState {
  step: Tensor;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor;
}

/** The code Adam and AdamW share; only where weight decay enters differs. */
abstract class AdamBase extends Optimizer<AdamOptions, AdamState> {
  protected abstract readonly decoupled: boolean;

  protected constructor(params: Params<AdamOptions>, options: Partial<AdamOptions>, weightDecay: number) {
    const betas = options.betas ?? [0.9, 0.999];
    super(
      params,
      {
        lr: options.lr ?? 1e-3,
        // A copy, so the caller's array can change later; anything but a pair reaches checkOptions as is.
        betas: Array.isArray(betas) && betas.length === 2 ? [betas[0], betas[1]] : betas,
        eps: options.eps ?? 1e-8,
        weightDecay: options.weightDecay ?? weightDecay,
        amsgrad: options.amsgrad ?? false,
        maximize: options.maximize ?? false,
      },
      [],
      ADAM_OPTIONS,
    );
  }

  protected checkOptions(o: Partial<AdamOptions>, op: string): void {
    if (o.lr !== undefined && !(o.lr >= 0)) throw new Error(`${op}(): Invalid learning rate: ${o.lr}`);
    if (o.eps !== undefined && !(o.eps >= 0)) throw new Error(`${op}(): Invalid epsilon value: ${o.eps}`);
    if (o.betas !== undefined) {
      if (!Array.isArray(o.betas) || o.betas.length !== 2) {
        throw new Error(`${op}(): betas must be a pair [beta1, beta2], but got ${JSON.stringify(o.betas)}`);
      }
      for (let k = 0; k < 2; k++) {
        const b = o.betas[k]!;
        if (!(b >= 0 && b < 1)) throw new Error(`${op}(): Invalid beta parameter at index ${k}: ${b}`);
      }
    }
    if (o.weightDecay !== undefined && !(o.weightDecay >= 0)) {
      throw new Error(`${op}(): Invalid weight_decay value: ${o.weightDecay}`);
    }
  }

  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = group.betas;
    const name = className(this.constructor);
    const params = group.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p.grad === null) continue;
      const g = this.flatGrad(p, name, i);
      let st = this.state.get(p);
      if (st === undefined) {
        // PyTorch's torch.tensor(0.): the default dtype when the state is created.
        st = {
          step: scalarTensor(0, { dtype: getDefaultDtype() }),
          expAvg: zerosLike(p),
          expAvgSq: zerosLike(p),
        };
        this.state.set(p, st);
      }
      if (amsgrad && st.maxExpAvgSq === undefined) st.maxExpAvgSq = zerosLike(p);
      const stepData = st.step.storage.data;
      stepData[st.step.offset] += 1;
      const step = stepData[st.step.offset]!;
      // The scalar factors, computed as PyTorch computes them in Python (doubles).
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
      const stepSize = lr / biasCorrection1;
      const max = amsgrad ? st.maxExpAvgSq! : null;
      const w = this.flatParam(p);
      adamKernel(
        p.numel(),
        w.storage.data,
        w.offset,
        g.storage.data,
        g.offset,
        st.expAvg.storage.data,
        st.expAvg.offset,
        st.expAvgSq.storage.data,
        st.expAvgSq.offset,
        max === null ? null : max.storage.data,
        max === null ? 0 : max.offset,
        beta1,
        beta2,
        eps,
        stepSize,
        biasCorrection2Sqrt,
        this.decoupled ? 0 : weightDecay,
        this.decoupled ? 1 - lr * weightDecay : 1,
        maximize,
      );
      st.step.storage.version++;
      st.expAvg.storage.version++;
      st.expAvgSq.storage.version++;
      if (max !== null) max.storage.version++;
      this.commitParam(p, w);
    }
  }
}

/**
 * One Adam step over flat arrays, in PyTorch's operation order. `l2` is Adam's weight decay
 * (added to the gradient); `shrink` is AdamW's decoupled decay factor `1 − lr·wd` (1 for Adam).
 */
function adamKernel(
  n: number,
  w: TypedArray,
  wo: number,
  g: TypedArray,
  go: number,
  m: TypedArray,
  mo: number,
  v: TypedArray,
  vo: number,
  vmax: TypedArray | null,
  xo: number,
  beta1: number,
  beta2: number,
  eps: number,
  stepSize: number,
  biasCorrection2Sqrt: number,
  l2: number,
  shrink: number,
  maximize: boolean,
): void {
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  const negStep = -stepSize;
  for (let i = 0; i < n; i++) {
    let p = w[wo + i]!;
    let d = maximize ? -g[go + i]! : g[go + i]!;
    if (l2 !== 0) d = d + l2 * p;
    if (shrink !== 1) {
      // Stored and read back so that a float32 parameter is rounded here, as PyTorch's mul_ does.
      w[wo + i] = p * shrink;
      p = w[wo + i]!;
    }
    m[mo + i] = m[mo + i]! * beta1 + a1 * d;
    v[vo + i] = v[vo + i]! * beta2 + a2 * d * d;
    let second = v[vo + i]!;
    if (vmax !== null) {
      vmax[xo + i] = Math.max(vmax[xo + i]!, second); // NaN propagates, as in torch.maximum
      second = vmax[xo + i]!;
    }
    const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
    w[wo + i] = p + (negStep * m[mo + i]!) / denom;
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
 * const opt = new Adam(model.parameters(), { lr: 1e-2, betas: [0.9, 0.99] });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class Adam extends AdamBase {
  static override readonly typeName: string = "Adam";
  protected readonly decoupled = false;
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, checkOptions("Adam", options, ADAM_OPTIONS, 2), 0);
  }
}

/**
 * AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay. Before the Adam step (which then
 * uses no L2 term), every parameter is shrunk: `θ ← θ·(1 − lr·weightDecay)`.
 *
 * Params: as {@link Adam}, but `weightDecay` defaults to 1e-2.
 *
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends AdamBase {
  static override readonly typeName: string = "AdamW";
  protected readonly decoupled = true;
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, checkOptions("AdamW", options, ADAM_OPTIONS, 2), 1e-2);
  }
}
