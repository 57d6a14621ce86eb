/**
 * What the optimizers share: PyTorch's range checks and messages, the betas option, the step
 * counter, and a base class that runs a per-parameter kernel over flat typed arrays.
 */
import {
  checkOptions,
  className,
  getDefaultDtype,
  type OptionsSpec,
  scalarTensor,
  Tensor,
  type TypedArray,
  zerosLike,
} from "@tsgrad/core";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.js";

/** The options-spec entry of `betas`: a pair of numbers. */
export const BETAS_SPEC = {
  test: (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "number"),
  expected: "a pair of numbers [beta1, beta2]",
};

/** A copy of a betas pair (so the caller's array may change later); anything else as is, for the checks. */
export function copyBetas(betas: unknown): [number, number] {
  return (Array.isArray(betas) && betas.length === 2 ? [betas[0], betas[1]] : betas) as [number, number];
}

/** PyTorch's `if not 0.0 <= value: raise ValueError("Invalid <label>: <value>")`, after `op(): `. */
export function checkNonNegative(op: string, value: number | undefined, label: string): void {
  if (value !== undefined && !(value >= 0)) throw new Error(`${op}(): Invalid ${label}: ${value}`);
}

/** PyTorch's checks of `betas`: each in [0, 1). */
export function checkBetas(op: string, betas: unknown): void {
  if (betas === undefined) return;
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new Error(`${op}(): betas must be a pair [beta1, beta2], but got ${JSON.stringify(betas)}`);
  }
  for (let k = 0; k < 2; k++) {
    const b = betas[k] as number;
    if (!(b >= 0 && b < 1)) throw new Error(`${op}(): Invalid beta parameter at index ${k}: ${b}`);
  }
}

/** The options Adam, AdamW, Adamax, NAdam and RAdam share. */
export interface AdamLikeOptions {
  /** Learning rate. */
  lr: number;
  /** Decay rates of the running averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
}

/** The options-spec entries of {@link AdamLikeOptions}. */
export const ADAM_LIKE_OPTIONS: OptionsSpec<AdamLikeOptions> = {
  lr: "number",
  betas: BETAS_SPEC,
  eps: "number",
  weightDecay: "number",
};

/** {@link AdamLikeOptions} with PyTorch's defaults for what `o` does not set; `lr` differs by optimizer. */
export function adamLikeDefaults(o: Partial<AdamLikeOptions>, lr: number): AdamLikeOptions {
  return {
    lr: o.lr ?? lr,
    betas: copyBetas(o.betas ?? [0.9, 0.999]),
    eps: o.eps ?? 1e-8,
    weightDecay: o.weightDecay ?? 0,
  };
}

/** PyTorch's range checks of {@link AdamLikeOptions}, in its order. */
export function checkAdamLike(op: string, o: Partial<AdamLikeOptions>): void {
  checkNonNegative(op, o.lr, "learning rate");
  checkNonNegative(op, o.eps, "epsilon value");
  checkBetas(op, o.betas);
  checkNonNegative(op, o.weightDecay, "weight_decay value");
}

/** The moment estimates Adam, NAdam and RAdam keep, with their step counter. */
export interface MomentsState {
  /** The number of steps taken for this parameter (PyTorch's `step`). */
  step: Tensor;
  /** The running average of the gradient (PyTorch's `exp_avg`). */
  expAvg: Tensor;
  /** The running average of the squared gradient (PyTorch's `exp_avg_sq`). */
  expAvgSq: Tensor;
}

/** A fresh {@link MomentsState} for `p`. */
export function newMoments(p: Tensor): MomentsState {
  return { step: stepCounter(), expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
}

/**
 * A new step counter as PyTorch keeps it: `torch.tensor(0.)`, a 0-d tensor of the default dtype
 * (float32 unless `setDefaultDtype` changed it) holding 0, whatever the parameter's dtype.
 */
export function stepCounter(): Tensor {
  return scalarTensor(0, { dtype: getDefaultDtype() });
}

/** Adds 1 to a step counter tensor and returns the new count. */
export function advance(step: Tensor): number {
  const data = step.storage.data;
  data[step.offset] += 1;
  return data[step.offset]!;
}

/** A tensor's typed array and offset, as a kernel takes them. */
export interface Flat {
  data: TypedArray;
  offset: number;
}

/** `t`'s storage and offset (state tensors are contiguous: created by zerosLike or copied on load). */
export function flat(t: Tensor): Flat {
  return { data: t.storage.data, offset: t.offset };
}

/**
 * An optimizer whose step is one elementwise kernel per parameter: the base class finds the
 * parameters with a gradient, creates their state on the first step, hands the kernel contiguous
 * weights and gradient, then bumps the version of the parameter and of its state tensors.
 */
export abstract class ElementwiseOptimizer<O extends object, S extends object> extends Optimizer<O, S> {
  /**
   * Checks `options` against `spec` (naming the optimizer, as argument 2 of its constructor) and
   * takes `defaults(checked)` as the defaults of every group; `required` as in {@link Optimizer}.
   */
  protected constructor(
    params: Params<O>,
    options: Partial<O>,
    spec: OptionsSpec<O>,
    defaults: (o: Partial<O>) => Partial<O>,
    required: readonly string[] = [],
  ) {
    super(params, defaults(checkOptions(className(new.target), options, spec, 2)), required, spec);
  }

  /** The state of a parameter on its first step. */
  protected abstract newState(p: Tensor, group: ParamGroup<O>): S;

  /** Updates contiguous weights `w` (of `p`'s shape) with gradient `g` and the state `st`. */
  protected abstract stepParam(group: ParamGroup<O>, st: S, w: Tensor, g: Tensor): void;

  protected updateGroup(group: ParamGroup<O>): void {
    const name = className(this.constructor);
    const params = group.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p.grad === null) continue;
      const g = this.flatGrad(p, name, i);
      let st = this.state.get(p);
      if (st === undefined) {
        st = this.newState(p, group);
        this.state.set(p, st);
      }
      const w = this.flatParam(p);
      this.stepParam(group, st, w, g);
      for (const v of Object.values(st)) if (v instanceof Tensor) v.storage.version++;
      this.commitParam(p, w);
    }
  }
}

/** A step count loaded as a tensor (`castState` makes every `step` one) as the plain number PyTorch 1.13 keeps for some optimizers. */
export function plainStep(step: unknown): number {
  return typeof step === "number" ? step : (step as Tensor).item();
}

/**
 * The base of the optimizers with Adam's options (Adam, AdamW, Adamax, NAdam, RAdam): PyTorch's
 * defaults of those with `lr` as the default learning rate, then the subclass's own from `extra`,
 * and PyTorch's range checks of {@link AdamLikeOptions}.
 */
export abstract class AdamLikeOptimizer<
  O extends AdamLikeOptions,
  S extends object,
> extends ElementwiseOptimizer<O, S> {
  protected constructor(
    params: Params<O>,
    options: Partial<O>,
    spec: OptionsSpec<O>,
    lr: number,
    extra: (o: Partial<O>) => Partial<O> = () => ({}),
  ) {
    super(params, options, spec, (o) => ({ ...adamLikeDefaults(o, lr), ...extra(o) }) as Partial<O>);
  }

  protected checkOptions(o: Partial<O>, op: string): void {
    checkAdamLike(op, o);
  }
}
