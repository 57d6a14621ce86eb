/**
 * The optimizer base class, as PyTorch's `torch.optim.Optimizer`: parameter groups with
 * per-group options, `zeroGrad`, `step`, `addParamGroup`, and `stateDict` / `loadStateDict` in
 * PyTorch's layout.
 */
import {
  checkOptions,
  className,
  describeValue,
  enableGrad,
  formatShape,
  getDefaultDtype,
  noGrad,
  type OptionsSpec,
  scalarTensor,
  Tensor,
  typeNameOf,
} from "@tsgrad/core";
import { ZERO_GRAD_OPTIONS, type ZeroGradOptions, zeroGrads } from "../module.js";

/** One parameter group: its tensors and its options (`lr`, `momentum`, ...), as PyTorch's dicts. */
export type ParamGroup<O extends object = object> = O & {
  /** The parameters of this group. */
  params: Tensor[];
  /** The learning rate of this group. */
  lr: number;
  /** Set by a learning-rate scheduler: the group's `lr` when the scheduler was created. */
  initialLr?: number;
  [option: string]: unknown;
};

/** A parameter group as given by the user: `params` plus any options that override the defaults. */
export type ParamGroupInput<O extends object = object> = Partial<O> & {
  /** The parameters of this group. */
  params: Iterable<Tensor> | Tensor;
  [option: string]: unknown;
};

/** What an optimizer takes: parameters (e.g. `model.parameters()`), or a list of parameter groups. */
export type Params<O extends object = object> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** A value held in an optimizer's per-parameter state. */
export type StateValue = Tensor | number | null;

/**
 * `stateDict()`'s result, in PyTorch's layout and key names: parameters are replaced by their
 * index (counted across groups, in order), state is keyed by that index.
 *
 * @example
 * // (not run: the layout, not a program)
 * { state: { 0: { momentum_buffer: Tensor } }, param_groups: [{ lr: 0.1, momentum: 0.9, ..., params: [0, 1] }] }
 */
export interface OptimizerStateDict {
  /** Per-parameter state (momentum buffers, running averages), keyed by the parameter's position. */
  state: Record<number, Record<string, StateValue>>;
  /** The groups' hyperparameters, each with its parameters as positions. */
  param_groups: Array<{ params: number[]; [key: string]: unknown }>;
}

/** PyTorch's key for every camelCase option or state name tsgrad uses; other keys pass unchanged. */
const TORCH_KEYS: Record<string, string> = {
  weightDecay: "weight_decay",
  initialLr: "initial_lr",
  momentumBuffer: "momentum_buffer",
  expAvg: "exp_avg",
  expAvgSq: "exp_avg_sq",
  maxExpAvgSq: "max_exp_avg_sq",
  lrDecay: "lr_decay",
  initialAccumulatorValue: "initial_accumulator_value",
  momentumDecay: "momentum_decay",
  squareAvg: "square_avg",
  gradAvg: "grad_avg",
  accDelta: "acc_delta",
  expInf: "exp_inf",
  muProduct: "mu_product",
  maxLr: "max_lr",
  minLr: "min_lr",
  maxMomentum: "max_momentum",
  baseMomentum: "base_momentum",
};
const TS_KEYS: Record<string, string> = Object.fromEntries(
  Object.entries(TORCH_KEYS).map(([k, v]) => [v, k]),
);

/** PyTorch's name of an option or state key (`weightDecay` → `weight_decay`). */
export function toTorchKey(key: string): string {
  return TORCH_KEYS[key] ?? key;
}
function toTsKey(key: string): string {
  return TS_KEYS[key] ?? key;
}

/** A copy of an array value (so that the caller's array may change later); anything else as is. */
export function copyValue(v: unknown): unknown {
  return Array.isArray(v) ? v.slice() : v;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return typeNameOf(v);
  return typeof v;
}

/**
 * Base class for all optimizers (`torch.optim.Optimizer`).
 *
 * Subclasses give their defaults, check their options in `checkOptions`, and update one group in
 * `updateGroup`. Updates are written straight into the parameters' typed arrays (no tensor ops, no
 * allocation per step once the state exists) and bump each updated parameter's version counter,
 * as an in-place op does.
 *
 * Params: `params` — an iterable of tensors (leaves, or tensors that called `retainGrad()`), or of
 * parameter groups `{ params, ...options }` whose options override `defaults`.
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export abstract class Optimizer<O extends object = object, S extends object = Record<string, StateValue>> {
  /** The name `toString()` and errors use; a subclass that does not declare one uses its class name. */
  static readonly typeName: string = "Optimizer";
  /** Options used for every group that does not set its own. */
  readonly defaults: Partial<O>;
  /** The parameter groups, each with its options filled in (`param_groups`). */
  paramGroups: ParamGroup<O>[] = [];
  /**
   * Steps taken since a learning-rate scheduler was attached (PyTorch's `_step_count`, which the
   * scheduler resets): how a scheduler sees that it was stepped before the optimizer.
   */
  stepCount = 0;
  /** Per-parameter state (momentum buffers, moment estimates), created on a parameter's first step. */
  state = new Map<Tensor, S>();
  /** Options a group must end up with; `lr` is one for SGD (PyTorch's `required`). */
  protected readonly requiredOptions: readonly string[];
  /** Contiguous stand-ins for non-contiguous parameters, kept so that a step allocates nothing. */
  private readonly scratch = new WeakMap<Tensor, Tensor>();
  /** The keys a parameter group may have: the options, `params` and `initialLr`. */
  private readonly groupSpec: OptionsSpec;

  /**
   * @param optionSpec the kind of value of each option, for checking parameter groups (the
   *   subclass checks its own options object); by default the keys of `defaults`, any value
   */
  protected constructor(
    params: Params<O>,
    defaults: Partial<O>,
    requiredOptions: readonly string[] = [],
    optionSpec?: OptionsSpec<O>,
  ) {
    this.defaults = defaults;
    this.requiredOptions = requiredOptions;
    const spec: OptionsSpec = optionSpec ?? Object.fromEntries(Object.keys(defaults).map((k) => [k, "any"]));
    this.groupSpec = { ...spec, params: "any", initialLr: "number" };
    // Errors name the optimizer (`SGD(): ...`): PyTorch's messages alone do not say which one.
    const op = className(this.constructor);
    this.checkOptions(defaults, op);
    if (params instanceof Tensor) {
      throw new TypeError(
        `${op}(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor`,
      );
    }
    if (params === null || typeof (params as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function") {
      throw new TypeError(
        `${op}(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`,
      );
    }
    const list = Array.from(params as Iterable<unknown>);
    if (list.length === 0) throw new Error(`${op}(): optimizer got an empty parameter list`);
    const groups =
      list[0] instanceof Tensor
        ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>]
        : (list as ParamGroupInput<O>[]);
    groups.forEach((g, i) => {
      this.addGroup(g, op, i);
    });
  }

  /**
   * Throws PyTorch's message for an invalid option value, after `${op}(): `
   * (`SGD(): Invalid learning rate: -1`).
   */
  protected abstract checkOptions(options: Partial<O>, op: string): void;

  /** Updates the parameters of one group that have a gradient. Runs under `noGrad`. */
  protected abstract updateGroup(group: ParamGroup<O>): void;

  /**
   * Adds a parameter group (`add_param_group`), e.g. to unfreeze layers while training. Options
   * it does not set are taken from `defaults`.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    this.addGroup(group, `${className(this.constructor)}.addParamGroup`, this.paramGroups.length);
  }

  private addGroup(group: ParamGroupInput<O>, op: string, index: number): void {
    if (group === null || typeof group !== "object" || !("params" in group)) {
      throw new TypeError(
        `${op}(): param group ${index} must be a dict with a 'params' entry, but got ${typeName(group)}`,
      );
    }
    checkOptions(op, group, this.groupSpec, `param group ${index}`);
    const given = group.params;
    if (
      !(given instanceof Tensor) &&
      (given === null || typeof (given as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function")
    ) {
      throw new TypeError(
        `${op}(): 'params' of param group ${index} must be a Tensor or an iterable of Tensors, but got ${typeName(given)}`,
      );
    }
    const params = given instanceof Tensor ? [given] : Array.from(given as Iterable<unknown>);
    params.forEach((p, j) => {
      if (!(p instanceof Tensor)) {
        throw new TypeError(
          `${op}(): optimizer can only optimize Tensors, but one of the params is ${typeName(p)} (param ${j} of group ${index})`,
        );
      }
      if (!(p.isLeaf || p.gradFn?.retained === p)) {
        throw new Error(
          `${op}(): can't optimize a non-leaf Tensor (param ${j} of group ${index} was computed by ${p.gradFn!.name}; pass the leaf tensors it was computed from)`,
        );
      }
    });
    const full: Record<string, unknown> = { ...group, params };
    for (const [name, value] of Object.entries(this.defaults)) {
      if (!(name in full) || full[name] === undefined) full[name] = copyValue(value);
    }
    for (const name of this.requiredOptions) {
      if (full[name] === undefined) {
        throw new Error(
          `${op}(): parameter group didn't specify a value of required optimization parameter ${name} (group ${index})`,
        );
      }
    }
    this.checkOptions(full as Partial<O>, op);
    const tensors = params as Tensor[];
    // A parameter listed twice would be stepped twice (PyTorch only warns, and plans an error).
    const first = tensors.findIndex((p, j) => tensors.indexOf(p) !== j);
    if (first !== -1) {
      throw new Error(
        `${op}(): optimizer contains a parameter group with duplicate parameters (param ${first} of group ${index} is param ${tensors.indexOf(tensors[first]!)} again)`,
      );
    }
    this.paramGroups.forEach((g, k) => {
      const j = tensors.findIndex((p) => g.params.includes(p));
      if (j !== -1) {
        throw new Error(
          `${op}(): some parameters appear in more than one parameter group (param ${j} of group ${index} is already in group ${k})`,
        );
      }
    });
    this.paramGroups.push(full as ParamGroup<O>);
  }

  /**
   * Resets the gradients of all optimized tensors (`zero_grad`).
   *
   * Params: `setToNone` (default true, PyTorch 2's default) — set `.grad` to null rather than
   * filling it with zeros. Optimizers skip parameters whose `.grad` is null, while a zero gradient
   * still moves the weights when there is momentum or weight decay.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const { setToNone = true } = checkOptions("zeroGrad", options, ZERO_GRAD_OPTIONS, 1);
    zeroGrads(
      this.paramGroups.flatMap((group) => group.params),
      setToNone,
    );
  }

  /**
   * Performs one optimization step (parameter update) on every parameter with a gradient.
   *
   * Params: `closure` (optional) — re-evaluates the model and returns the loss; it runs with grad
   * mode on, before the update, and its result is returned.
   */
  step<L = undefined>(closure?: () => L): L | undefined {
    this.stepCount++;
    // `step(0)` or `step(loss)` must not pass for "no closure".
    if (closure !== undefined && typeof closure !== "function") {
      throw new TypeError(
        `${className(this.constructor)}.step(): closure must be a function that returns the loss, but got ${describeValue(closure)}`,
      );
    }
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /**
   * The state of the optimizer (`state_dict()`), in PyTorch's layout and key names (`param_groups`,
   * `weight_decay`, `momentum_buffer`, `exp_avg`, ...). State tensors are shared, not copied.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const groups: OptimizerStateDict["param_groups"] = [];
    for (const group of this.paramGroups) {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== "params") packed[toTorchKey(k)] = copyValue(v);
      packed.params = group.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      groups.push(packed as OptimizerStateDict["param_groups"][number]);
    }
    const state: OptimizerStateDict["state"] = {};
    for (const [p, s] of this.state) {
      const entry: Record<string, StateValue> = {};
      for (const [k, v] of Object.entries(s)) entry[toTorchKey(k)] = v as StateValue;
      state[index.get(p)!] = entry;
    }
    return { state, param_groups: groups };
  }

  /**
   * Loads a state from `stateDict()` (`load_state_dict`), ours or PyTorch's (same layout and keys).
   * The groups must match in number and sizes. State tensors are copied and cast to their
   * parameter's dtype (except `step`); group options are replaced by the saved ones.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const op = `${className(this.constructor)}.loadStateDict`;
    const groups = this.paramGroups;
    if (
      stateDict === null ||
      typeof stateDict !== "object" ||
      !Array.isArray(stateDict.param_groups) ||
      stateDict.state === null ||
      typeof stateDict.state !== "object"
    ) {
      throw new TypeError(
        `${op}(): expected a state dict with 'state' and 'param_groups' (from stateDict()), but got ${typeName(stateDict)}`,
      );
    }
    const saved = stateDict.param_groups;
    if (groups.length !== saved.length) {
      throw new Error(
        `${op}(): loaded state dict has a different number of parameter groups (${saved.length} saved, ${groups.length} in the optimizer)`,
      );
    }
    for (let i = 0; i < groups.length; i++) {
      if (groups[i]!.params.length !== saved[i]!.params.length) {
        throw new Error(
          `${op}(): loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${i}: ${saved[i]!.params.length} saved, ${groups[i]!.params.length} in the optimizer)`,
        );
      }
    }
    const idMap = new Map<number, Tensor>();
    for (let i = 0; i < groups.length; i++) {
      saved[i]!.params.forEach((id, j) => {
        idMap.set(Number(id), groups[i]!.params[j]!);
      });
    }
    const state = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(stateDict.state)) {
      const p = idMap.get(Number(key));
      if (p === undefined) {
        throw new Error(
          `${op}(): loaded state dict has state for parameter ${key}, which is in none of its param_groups`,
        );
      }
      const s: Record<string, StateValue> = {};
      for (const [name, value] of Object.entries(entry)) {
        s[toTsKey(name)] = castState(op, p, name, value, key);
      }
      state.set(p, s as S);
    }
    this.paramGroups = groups.map((g, i) => {
      const options: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(saved[i]!)) if (k !== "params") options[toTsKey(k)] = copyValue(v);
      return { ...this.defaults, ...options, params: g.params } as ParamGroup<O>;
    });
    this.state = state;
  }

  /**
   * `p` itself when contiguous, else a contiguous copy kept for `p` (so steps allocate nothing);
   * the update writes into it and `commitParam` copies it back.
   */
  protected flatParam(p: Tensor): Tensor {
    if (p.isContiguous()) return p;
    let s = this.scratch.get(p);
    if (s === undefined) {
      s = p.clone();
      this.scratch.set(p, s);
    } else s.copy_(p);
    return s;
  }

  /** Writes back a non-contiguous parameter's copy and bumps the version counter, as `add_` would. */
  protected commitParam(p: Tensor, flat: Tensor): void {
    if (flat !== p) p.copy_(flat);
    else p.storage.version++;
  }

  /** The gradient of `p` as a contiguous tensor of `p`'s shape; the name is used in errors. */
  protected flatGrad(p: Tensor, name: string, index: number): Tensor {
    const g = p.grad!;
    let same = g._shape.length === p._shape.length;
    for (let d = 0; same && d < p._shape.length; d++) same = g._shape[d] === p._shape[d];
    if (!same) {
      throw new Error(
        `${name}.step(): parameter ${index} has shape ${formatShape(p._shape)} but its .grad has shape ${formatShape(g._shape)}`,
      );
    }
    return g.isContiguous() ? g : g.contiguous();
  }

  /** `Adam (Parameter Group 0 ...)`, like PyTorch's `repr(optimizer)`. */
  toString(): string {
    let out = `${className(this.constructor)} (`;
    this.paramGroups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      const keys = Object.keys(group)
        .filter((k) => k !== "params")
        .map(toTorchKey)
        .sort();
      for (const k of keys) out += `    ${k}: ${formatOption(group[toTsKey(k)])}\n`;
    });
    return `${out})`;
  }
}

function formatOption(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(formatOption).join(", ")})`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return pyNumber(v);
  return v === undefined || v === null ? "None" : String(v);
}

/** A number as Python's repr writes it: exponent form below 1e-4 and from 1e16, two exponent digits. */
function pyNumber(x: number): string {
  const a = Math.abs(x);
  if (!Number.isFinite(x)) return x !== x ? "nan" : x > 0 ? "inf" : "-inf";
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    return x.toExponential().replace(/e([+-])(\d)$/, (_, sign: string, d: string) => `e${sign}0${d}`);
  }
  return String(x);
}

function castState(op: string, p: Tensor, name: string, value: StateValue, key: string): StateValue {
  if (value === null) return null;
  // PyTorch keeps `step` (and NAdam's `mu_product`) as a 0-d tensor; older state dicts hold a plain
  // number, which __setstate__ makes `torch.tensor(number)`, of the default dtype. A saved `step`
  // tensor keeps its dtype; every other state tensor, `mu_product` too, is cast to the parameter's.
  if (name === "step" || name === "mu_product") {
    if (typeof value === "number") return scalarTensor(value, { dtype: getDefaultDtype() });
    if (name === "step" || !p.isFloatingPoint()) return noGrad(() => value.clone());
    return noGrad(() => value.to(p.dtype).clone());
  }
  if (typeof value === "number") return value;
  if (
    value.numel() !== p.numel() ||
    value.dim() !== p.dim() ||
    value._shape.some((s, d) => s !== p._shape[d])
  ) {
    throw new Error(
      `${op}(): state '${name}' of parameter ${key} has shape ${formatShape(value._shape)}, but the parameter has shape ${formatShape(p._shape)}`,
    );
  }
  // A fresh contiguous copy in the parameter's dtype: updates write its typed array directly.
  return noGrad(() => (p.isFloatingPoint() ? value.to(p.dtype) : value).clone());
}
