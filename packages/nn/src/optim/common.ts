/**
 * What the optimizers share: PyTorch's range checks and messages, defaults, the betas option, the
 * step counter, the pieces of their step loops, and a base class that runs a per-parameter kernel
 * over flat typed arrays.
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
import { copyValue, Optimizer, type ParamGroup, type Params, toTorchKey } from "./optimizer.js";

/** The options-spec entry of `betas`: a pair of numbers. */
export const BETAS_SPEC = {
  test: (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "number"),
  expected: "a pair of numbers [beta1, beta2]",
};

/** PyTorch's `if not 0.0 <= value: raise ValueError("Invalid <label>: <value>")`, after `op(): `. */
export function checkNonNegative(op: string, value: number | undefined, label: string): void {
  if (value !== undefined && !(value >= 0)) throw new Error(`${op}(): Invalid ${label}: ${value}`);
}

/** The labels of PyTorch's "Invalid <label>" messages that are not `<python name> value`. */
const LABELS: Record<string, string> = { lr: "learning rate", eps: "epsilon value" };

/**
 * {@link checkNonNegative} of each of `keys` of `o`, in that order (PyTorch's order of its checks),
 * each labelled as PyTorch labels it: "learning rate", "epsilon value", else the option's Python
 * name and "value" ("weight_decay value").
 */
export function checkNonNegatives<K extends string>(
  op: string,
  o: Partial<Record<K, number>>,
  keys: readonly K[],
): void {
  for (const k of keys) checkNonNegative(op, o[k], LABELS[k] ?? `${toTorchKey(k)} value`);
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

/**
 * PyTorch's default of each option of `O` (undefined for one without, as SGD's `lr`), in the order
 * the groups keep them.
 */
export type Defaults<O> = { [K in keyof O]-?: O[K] | undefined };

/** `o` with each option it does not set taken from `defaults` (an array as a copy), in `defaults`' order. */
export function withDefaults<O extends object>(o: Partial<O>, defaults: Defaults<O>): Partial<O> {
  const out: Partial<O> = {};
  for (const k of Object.keys(defaults) as (keyof O)[]) out[k] = copyValue(o[k] ?? defaults[k]) as O[keyof O];
  return out;
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
const ADAM_LIKE_OPTIONS: OptionsSpec<AdamLikeOptions> = {
  lr: "number",
  betas: BETAS_SPEC,
  eps: "number",
  weightDecay: "number",
};

/** {@link AdamLikeOptions} with PyTorch's defaults for what `o` does not set; `lr` differs by optimizer. */
export function adamLikeDefaults(o: Partial<AdamLikeOptions>, lr: number): AdamLikeOptions {
  return withDefaults(o, { lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }) as AdamLikeOptions;
}

/** PyTorch's range checks of {@link AdamLikeOptions}, in its order. */
export function checkAdamLike(op: string, o: Partial<AdamLikeOptions>): void {
  checkNonNegatives(op, o, ["lr", "eps"]);
  checkBetas(op, o.betas);
  checkNonNegatives(op, o, ["weightDecay"]);
}

/**
 * The step count in a parameter's state: a 0-d tensor of the default dtype ({@link stepCounter}), as
 * PyTorch keeps it, or a plain number (`StepState<number>`) where PyTorch 1.13 keeps one (Adadelta, RMSprop).
 */
export interface StepState<T extends Tensor | number = Tensor> {
  /** The number of steps taken for this parameter (PyTorch's `step`). */
  step: T;
}

/** The moment estimates Adam, NAdam and RAdam keep, with their step counter. */
export interface MomentsState extends StepState {
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

/**
 * The elements of a contiguous tensor as a typed array indexed from 0: a view of its storage, not a
 * copy, that a step's loop reads and writes. The weights and gradient `stepParam` is handed are
 * contiguous, and so are state tensors (created by zerosLike or copied on load).
 */
export function elements(t: Tensor): TypedArray {
  return view(t, t.numel());
}

/**
 * {@link elements} of a weight, its gradient and up to two state tensors, all of the weight's shape.
 * (Fixed arities and array literals, so that V8 allocates no array: a rest parameter would.)
 */
export function elementsOf(w: Tensor, g: Tensor): [TypedArray, TypedArray];
export function elementsOf(w: Tensor, g: Tensor, a: Tensor): [TypedArray, TypedArray, TypedArray];
export function elementsOf(
  w: Tensor,
  g: Tensor,
  a: Tensor,
  b: Tensor,
): [TypedArray, TypedArray, TypedArray, TypedArray];
export function elementsOf(w: Tensor, g: Tensor, a?: Tensor, b?: Tensor): TypedArray[] {
  const n = w.numel();
  if (b !== undefined) return [view(w, n), view(g, n), view(a!, n), view(b, n)];
  if (a !== undefined) return [view(w, n), view(g, n), view(a, n)];
  return [view(w, n), view(g, n)];
}

/** The `n` elements of `t` from its offset; a tensor that is its whole storage (most are) needs no view object. */
function view(t: Tensor, n: number): TypedArray {
  const data = t.storage.data;
  return t.offset === 0 && data.length === n ? data : data.subarray(t.offset, t.offset + n);
}

/**
 * The gradient a step uses for weight `x` with gradient `g`: `g`, negated with `maximize`, plus the
 * L2 term `weightDecay·x` (PyTorch's `grad.add(param, alpha=weight_decay)`). A function of numbers
 * only, which V8 inlines into the step loops.
 */
export function decayedGrad(g: number, x: number, weightDecay: number, maximize: boolean): number {
  const d = maximize ? -g : g;
  return weightDecay !== 0 ? d + weightDecay * x : d;
}

/**
 * The moment updates of Adam, NAdam and RAdam at element `i` for gradient `d`, each stored (so
 * rounded to the state's dtype): `m ← β₁m + (1 − β₁)d`, `v ← β₂v + (1 − β₂)d²`.
 */
export function updateMoments(
  m: TypedArray,
  v: TypedArray,
  i: number,
  d: number,
  beta1: number,
  beta2: number,
): void {
  m[i] = m[i]! * beta1 + (1 - beta1) * d;
  v[i] = v[i]! * beta2 + (1 - beta2) * d * d;
}

/**
 * An optimizer whose step is one elementwise kernel per parameter: the base class finds the
 * parameters with a gradient, creates their state on the first step, hands the kernel contiguous
 * weights and gradient, then bumps the version of the parameter and of its state tensors.
 */
export abstract class ElementwiseOptimizer<O extends object, S extends object> extends Optimizer<O, S> {
  /**
   * Checks `options` against `spec` (naming the optimizer, as argument 2 of its constructor) and
   * fills in what they do not set from `defaults` (or takes `defaults(checked)`), as the defaults of
   * every group; `required` as in {@link Optimizer}.
   */
  protected constructor(
    params: Params<O>,
    options: Partial<O>,
    spec: OptionsSpec<O>,
    defaults: Defaults<O> | ((o: Partial<O>) => Partial<O>),
    required: readonly string[] = [],
  ) {
    const checked = checkOptions(className(new.target), options, spec, 2);
    const filled = typeof defaults === "function" ? defaults(checked) : withDefaults(checked, defaults);
    super(params, filled, required, spec);
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
 * The base of the optimizers with Adam's options (Adam, AdamW, Adamax, NAdam, RAdam): the
 * options-spec entries and PyTorch's defaults of those, with `lr` as the default learning rate, then
 * the subclass's own from `spec` and `extra`, and PyTorch's range checks of {@link AdamLikeOptions}.
 */
export abstract class AdamLikeOptimizer<
  O extends AdamLikeOptions,
  S extends object,
> extends ElementwiseOptimizer<O, S> {
  protected constructor(
    params: Params<O>,
    options: Partial<O>,
    lr: number,
    spec: OptionsSpec<Omit<O, keyof AdamLikeOptions>>,
    extra: Partial<Defaults<O>> = {},
  ) {
    super(params, options, { ...ADAM_LIKE_OPTIONS, ...spec } as OptionsSpec<O>, (o) => ({
      ...adamLikeDefaults(o, lr),
      ...withDefaults(o, extra as Defaults<O>),
    }));
  }

  protected checkOptions(o: Partial<O>, op: string): void {
    checkAdamLike(op, o);
  }
}
