/**
 * `Module` and `Parameter`: PyTorch's `torch.nn.Module` semantics (torch/nn/modules/module.py) in
 * TypeScript form.
 *
 * Conventions (see packages/nn/README.md):
 * - Registration is explicit. A subclass registers each parameter, buffer and submodule by name
 *   in its constructor and keeps the returned value in a class field:
 *   `this.weight = this.registerParameter("weight", new Parameter(...))`. The registry (not the
 *   field) is what `parameters()`, `stateDict()` and `toString()` read; to replace a parameter,
 *   register it again under the same name and update the field.
 * - Subclasses implement `forward(...)`; users call `module.call(...)`, which runs forward
 *   pre-hooks, `forward`, then forward hooks (PyTorch's `module(x)`).
 * - Dtype conversion (`double()`, `float()`, `to()`) and `loadStateDict()` change tensors in
 *   place, so references kept in fields stay valid (PyTorch: `param.data = fn(param.data)`).
 */
import {
  checkOptions,
  DEVICE_OPTION,
  describeValue,
  isOptionsInPlace,
  className,
  formatShape,
  isFloating,
  isGradEnabled,
  noGrad,
  autograd,
  type FunctionCtx,
  type OptionsSpec,
  resolveTo,
  Tensor,
  type ToOptions,
  type ToTarget,
  type DType,
  typeNameOf,
} from "@tsgrad/core";

/** `registerBuffer`'s options. */
export interface RegisterBufferOptions {
  /** Whether the buffer is part of `stateDict()` (default true). */
  persistent?: boolean;
}
/** `zeroGrad`'s options (of modules and optimizers). */
export interface ZeroGradOptions {
  /** Set `.grad` to null instead of zeroing it (default true). */
  setToNone?: boolean;
}
/** `stateDict`'s options. */
export interface StateDictOptions {
  /** Prepended to every key (default `""`). */
  prefix?: string;
  /** Keep the tensors themselves instead of detached views (default false). */
  keepVars?: boolean;
}
/** `loadStateDict`'s options. */
export interface LoadStateDictOptions {
  /** Any missing or unexpected key is an error (default true). */
  strict?: boolean;
}
const REGISTER_BUFFER_OPTIONS: OptionsSpec<RegisterBufferOptions> = { persistent: "boolean" };
export const ZERO_GRAD_OPTIONS: OptionsSpec<ZeroGradOptions> = { setToNone: "boolean" };

/**
 * `zeroGrad` of modules and optimizers (options already checked): sets each `.grad` to null or
 * zeroes it in place (detached first if it carries a graph, so the zeros do not).
 */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  noGrad(() => {
    for (const p of params) {
      let g = p.grad;
      if (g === null) continue;
      if (setToNone) {
        p.grad = null;
        continue;
      }
      if (g.gradFn !== null) p.grad = g = g.detach();
      g.requiresGrad = false;
      g.zero_();
    }
  });
}
const STATE_DICT_OPTIONS: OptionsSpec<StateDictOptions> = { prefix: "string", keepVars: "boolean" };
const LOAD_STATE_DICT_OPTIONS: OptionsSpec<LoadStateDictOptions> = { strict: "boolean" };
/** `namedParameters`' and `namedBuffers`' keywords (`named_parameters(prefix=, recurse=)`). */
export interface NamedMembersOptions {
  /** Prepended to every name (default `""`). */
  prefix?: string;
  /** Include the descendants' tensors (default true). */
  recurse?: boolean;
}
/** `parameters`' and `buffers`' keyword (`parameters(recurse=False)`). */
export interface MembersOptions {
  /** Include the descendants' tensors (default true). */
  recurse?: boolean;
}
const NAMED_MEMBERS_OPTIONS: OptionsSpec<NamedMembersOptions> = {
  prefix: "string",
  recurse: "boolean",
};
const MEMBERS_OPTIONS: OptionsSpec<MembersOptions> = { recurse: "boolean" };

/**
 * The checked arguments of the member listings: `(prefix, recurse)` positionally, or PyTorch's
 * keywords as one object. For `parameters`/`buffers` (no prefix) the keywords come as `recurse`.
 */
function memberArgs(op: string, prefix: unknown, recurse: unknown): Required<NamedMembersOptions> {
  let o: NamedMembersOptions;
  if (isOptionsInPlace(op, prefix, recurse)) o = checkOptions(op, prefix, NAMED_MEMBERS_OPTIONS, 1);
  else if (prefix === "" && isOptionsInPlace(op, recurse, undefined)) {
    o = checkOptions(op, recurse, MEMBERS_OPTIONS, 1);
  } else {
    if (typeof prefix !== "string") {
      throw new TypeError(`${op}(): argument 'prefix' must be a string, but got ${describeValue(prefix)}`);
    }
    if (recurse !== undefined && typeof recurse !== "boolean") {
      const at = op === "parameters" || op === "buffers" ? 1 : 2;
      throw new TypeError(
        `${op}(): argument 'recurse' (position ${at}) must be a boolean, but got ${describeValue(recurse)}`,
      );
    }
    o = { prefix, recurse };
  }
  return { prefix: o.prefix ?? "", recurse: o.recurse ?? true };
}

/** The values of a generator of `[name, value]` pairs. */
function* values<T>(named: Iterable<[string, T]>): Generator<T> {
  for (const [, v] of named) yield v;
}

/** `Module.to`'s keywords: PyTorch's `to(device=, dtype=)`; no `copy` (a module converts in place). */
const MODULE_TO_OPTIONS: OptionsSpec<Omit<ToOptions, "copy">> = { dtype: "dtype", device: DEVICE_OPTION };

/**
 * A tensor that is a module parameter (`torch.nn.Parameter`): a leaf that requires grad by
 * default, sharing the storage of the tensor it is made from.
 *
 * @param data the values (its storage is shared, not copied; its graph history is dropped)
 * @param requiresGrad default `true`
 *
 * @example
 * const w = new Parameter(zeros([2, 3]));
 * w.requiresGrad; // true
 * String(w); // "Parameter containing:\ntensor([[0., 0., 0.],\n        [0., 0., 0.]], requires_grad=True)"
 */
export class Parameter extends Tensor {
  static override readonly typeName: string = "Parameter";
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) {
      throw new TypeError(`Parameter(): expected a Tensor as data, got ${describe(data)}`);
    }
    super(data.storage, data._shape.slice(), data.strides.slice(), data.offset, data.dtype);
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** PyTorch's `repr(param)`: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** What `loadStateDict` returns (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  /** Keys the module expected that the state dict did not have (PyTorch's `missing_keys`). */
  missingKeys: string[];
  /** Keys of the state dict the module has no place for (PyTorch's `unexpected_keys`). */
  unexpectedKeys: string[];
}

/**
 * The keys as an {@link IncompatibleKeys} that prints as PyTorch's does: `<All keys matched
 * successfully>`, or `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])`. Only the two
 * lists are enumerable, so it compares as `{ missingKeys, unexpectedKeys }`.
 */
function incompatibleKeys(missingKeys: string[], unexpectedKeys: string[]): IncompatibleKeys {
  const list = (keys: string[]) => `[${keys.map((k) => `'${k}'`).join(", ")}]`;
  const text = () =>
    missingKeys.length === 0 && unexpectedKeys.length === 0
      ? "<All keys matched successfully>"
      : `_IncompatibleKeys(missing_keys=${list(missingKeys)}, unexpected_keys=${list(unexpectedKeys)})`;
  return Object.defineProperties(
    { missingKeys, unexpectedKeys },
    { toString: { value: text }, [Symbol.for("nodejs.util.inspect.custom")]: { value: text } },
  );
}

/** A state dict: names to tensors, in registration order (PyTorch's `OrderedDict`). */
export type StateDict = Map<string, Tensor>;

/** Anything `loadStateDict` accepts: a `Map` or a plain object of tensors. */
export type StateDictLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/**
 * What the module hook registrations return: `remove()` unregisters the hook (PyTorch's `RemovableHandle`).
 */
export interface RemovableHandle {
  /** Unregisters the hook. */
  remove(): void;
}

/** `hook(module, inputs)`; may return replacement inputs (an array, or one value), or `undefined` / `null` for none. */
export type ForwardPreHook = (module: Module, inputs: unknown[]) => unknown;
/** `hook(module, inputs, output)`; may return a replacement output, or `undefined` / `null` (PyTorch's `None`) for none. */
export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => unknown;

/**
 * `hook(module, gradInput, gradOutput)` (`register_full_backward_hook`): the gradients with respect
 * to the module's positional inputs (null for those that are not tensors requiring grad) and its
 * outputs; may return replacement input gradients (one per input) or `undefined`.
 */
export type FullBackwardHook = (
  module: Module,
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only looks returns nothing, as a Python hook returns None.
) => (Tensor | null)[] | undefined | void;
/**
 * `hook(module, gradOutput)` (`register_full_backward_pre_hook`, PyTorch 2.0): sees the gradients
 * with respect to the module's outputs before they flow into it; may return replacements.
 */
export type FullBackwardPreHook = (
  module: Module,
  gradOutput: (Tensor | null)[],
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only looks returns nothing, as a Python hook returns None.
) => (Tensor | null)[] | undefined | void;

/**
 * The identity on the tensors it is given, whose backward hands the gradients to a callback (and
 * passes on what it returns): how module backward hooks see the gradients at the module's
 * boundary, as PyTorch's `torch.utils.hooks.BackwardHookFunction` (`grad_fn` `BackwardHookFunctionBackward`).
 */
class BackwardHookFunction extends autograd.Function {
  static override readonly typeName: string = "BackwardHookFunction";
  static override forward(
    ctx: FunctionCtx,
    onBackward: (grads: Tensor[]) => (Tensor | null)[],
    ...tensors: Tensor[]
  ) {
    ctx.onBackward = onBackward;
    for (const t of tensors) if (!t.requiresGrad) ctx.markNonDifferentiable(t);
    return tensors;
  }
  static override backward(ctx: FunctionCtx, ...grads: Tensor[]): (Tensor | null)[] {
    const out = (ctx.onBackward as (grads: Tensor[]) => (Tensor | null)[])(grads);
    const res: (Tensor | null)[] = [null];
    for (const g of out) res.push(g);
    return res;
  }
}

/**
 * Base class for all neural network modules (`torch.nn.Module`).
 *
 * A subclass registers its parameters, buffers and submodules by name in its constructor and
 * implements `forward`; users run it with `call`.
 *
 * @example
 * class Net extends Module {
 *   fc1: Linear;
 *   fc2: Linear;
 *   constructor() {
 *     super();
 *     this.fc1 = this.registerModule("fc1", new Linear(2, 8));
 *     this.fc2 = this.registerModule("fc2", new Linear(8, 3));
 *   }
 *   override forward(x: Tensor): Tensor {
 *     return this.fc2.call(this.fc1.call(x).relu());
 *   }
 * }
 * const net = new Net();
 * [...net.namedParameters()].map(([n]) => n); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * net.call(randn([4, 2])).shape; // [4, 3]
 */
export class Module {
  /**
   * The name `toString()` and errors use (`getName()`). Bundlers rename classes, so each tsgrad layer
   * declares its own; a subclass that does not is named by its JavaScript class name (see README).
   */
  static readonly typeName: string = "Module";
  /** Whether the module is in training mode (`train()` / `eval()` set it, recursively). */
  training = true;
  // The registries, in registration order; `null` entries are registered-but-absent (as None).
  private readonly _parameters = new Map<string, Parameter | null>();
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistentBuffers = new Set<string>();
  private readonly _modules = new Map<string, Module | null>();
  private readonly _forwardPreHooks = new Map<number, ForwardPreHook>();
  private readonly _forwardHooks = new Map<number, ForwardHook>();
  private readonly _backwardHooks = new Map<number, FullBackwardHook>();
  private readonly _backwardPreHooks = new Map<number, FullBackwardPreHook>();
  private _nextHookId = 0;

  // ---- registration ---------------------------------------------------------------------------

  /**
   * Adds a parameter under `name` (`register_parameter`) and returns it, so a subclass can write
   * `this.weight = this.registerParameter("weight", new Parameter(t))`. `null` registers an absent
   * parameter (PyTorch's `None`, e.g. `bias=False`): it is skipped by `parameters()` and `stateDict()`.
   */
  registerParameter<P extends Parameter | null>(name: string, param: P): P {
    this.checkName("parameter", name);
    if (param !== null) {
      if (!(param instanceof Parameter)) {
        throw new TypeError(
          `registerParameter(): cannot assign '${describe(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
        );
      }
      if (param.gradFn !== null) {
        throw new Error(
          `registerParameter(): Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
        );
      }
    }
    this._parameters.set(name, param);
    this.syncField(name, param);
    return param;
  }

  /**
   * A field named like a registry entry follows it when it is registered again (in PyTorch the
   * attribute *is* the registry entry), so `registerParameter("weight", p)` alone leaves no stale field.
   */
  private syncField(name: string, value: unknown): void {
    if (!Object.hasOwn(this, name)) return;
    const fields = this as Record<string, unknown>;
    const old = fields[name];
    // Only a field that mirrors an entry (not, say, a flag that shares a ModuleDict key's name).
    if (old === undefined || old === null || old instanceof Tensor || old instanceof Module)
      fields[name] = value;
  }

  /**
   * Adds a buffer under `name` (`register_buffer`): a tensor that is part of the module's state
   * but not a parameter (e.g. running statistics, class weights). Persistent buffers (the default)
   * appear in `stateDict()`; `{ persistent: false }` ones do not. Returns the tensor.
   */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, options: RegisterBufferOptions = {}): T {
    checkOptions("registerBuffer", options, REGISTER_BUFFER_OPTIONS, 3);
    this.checkName("buffer", name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(
        `registerBuffer(): cannot assign '${describe(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    this._buffers.set(name, tensor);
    this.syncField(name, tensor);
    if (options.persistent ?? true) this._nonPersistentBuffers.delete(name);
    else this._nonPersistentBuffers.add(name);
    return tensor;
  }

  /** Adds a child module under `name` (`register_module` / `add_module`) and returns it. */
  registerModule<M extends Module | null>(name: string, module: M): M {
    if (module !== null && !(module instanceof Module)) {
      throw new TypeError(`registerModule(): ${describe(module)} is not a Module subclass`);
    }
    this.checkName("module", name);
    this._modules.set(name, module);
    this.syncField(name, module);
    return module;
  }

  /** Removes a registered child (containers use it to reorder; PyTorch: `del self._modules[name]`). */
  protected deleteModule(name: string): boolean {
    return this._modules.delete(name);
  }

  /** The raw child registry in order, `null` entries and repeated modules included (`_modules`). */
  protected moduleEntries(): IterableIterator<[string, Module | null]> {
    return this._modules.entries();
  }

  /** Alias of `registerModule` (`add_module`). */
  addModule<M extends Module | null>(name: string, module: M): M {
    return this.registerModule(name, module);
  }

  private checkName(kind: "parameter" | "buffer" | "module", name: string): void {
    const op = `register${kind[0]!.toUpperCase()}${kind.slice(1)}()`;
    if (typeof name !== "string") {
      throw new TypeError(`${op}: ${kind} name should be a string. Got ${describe(name)}`);
    }
    if (name.includes(".")) {
      throw new Error(
        kind === "module"
          ? `${op}: module name can't contain ".", got: ${name}`
          : `${op}: ${kind} name can't contain ".", got: ${name}`,
      );
    }
    if (name === "") throw new Error(`${op}: ${kind} name can't be empty string ""`);
    // A name may be re-registered in its own registry, but not shadow another kind or a method.
    const taken =
      (kind !== "parameter" && this._parameters.has(name)) ||
      (kind !== "buffer" && this._buffers.has(name)) ||
      (kind !== "module" && this._modules.has(name)) ||
      name in Module.prototype;
    if (taken) throw new Error(`${op}: attribute '${name}' already exists`);
  }

  /** The parameter, buffer or submodule registered under `name` in this module (not recursive). */
  getParameter(name: string): Parameter | null | undefined {
    return this._parameters.get(name);
  }
  /** The buffer registered under `name` here (null if registered as None, undefined if absent). */
  getBuffer(name: string): Tensor | null | undefined {
    return this._buffers.get(name);
  }
  /** The submodule registered under `name` here (not a dotted path: see `getSubmodule`). */
  getModule(name: string): Module | null | undefined {
    return this._modules.get(name);
  }

  /**
   * The submodule at a dotted path (`get_submodule`), e.g. `"encoder.1"`; `""` is this module.
   */
  getSubmodule(target: string): Module {
    if (target === "") return this;
    let mod: Module = this;
    for (const item of target.split(".")) {
      const next = mod._modules.get(item);
      if (next === undefined || next === null) {
        throw new Error(`getSubmodule(): ${mod.getName()} has no attribute \`${item}\``);
      }
      mod = next;
    }
    return mod;
  }

  // ---- the call convention --------------------------------------------------------------------

  /**
   * The computation, implemented by every subclass. Users call `call(...)` instead, which also
   * runs hooks. The base version throws PyTorch's error for a subclass that forgot it.
   */
  forward(..._inputs: any[]): any {
    throw new Error(`Module [${this.getName()}] is missing the required "forward" function`);
  }

  /**
   * Runs the module: forward pre-hooks, then `forward(...inputs)`, then forward hooks — what
   * PyTorch's `module(*inputs)` does. Typed as the subclass's `forward`.
   */
  call(...inputs: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    this.checkRegistered();
    let args: unknown[] = inputs;
    for (const hook of this._forwardPreHooks.values()) {
      const r = hook(this, args);
      // undefined or null (Python's None) leaves the inputs as they are, as in the backward hooks.
      if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
    }
    const hooked = isGradEnabled() && (this._backwardHooks.size > 0 || this._backwardPreHooks.size > 0);
    const bw = hooked
      ? new BackwardHookState(this, [...this._backwardHooks.values()], [...this._backwardPreHooks.values()])
      : null;
    if (bw) args = bw.setupInputs(args);
    let out: unknown = this.forward(...args);
    for (const hook of this._forwardHooks.values()) {
      const r = hook(this, args, out);
      if (r !== undefined && r !== null) out = r;
    }
    if (bw) out = bw.setupOutputs(out);
    return out as ReturnType<this["forward"]>;
  }

  /**
   * Registers `hook(module, gradInput, gradOutput)` to run once the gradients with respect to the
   * module's inputs are computed (`register_full_backward_hook`); a returned array replaces
   * `gradInput`. Outputs and tensor inputs then pass through an identity node whose `grad_fn` is
   * `BackwardHookFunctionBackward`, as in PyTorch.
   *
   * PyTorch: `module.register_full_backward_hook(lambda m, grad_input, grad_output: ...)`
   *
   * @example
   * const linear = new Linear(3, 2);
   * const x = randn([4, 3], { requiresGrad: true });
   * const h = linear.registerFullBackwardHook((m, gIn, gOut) => console.log(gOut[0]!.toString()));
   * linear.call(x).sum().backward();
   * h.remove();
   */
  registerFullBackwardHook(hook: FullBackwardHook): RemovableHandle {
    return this.addHook(this._backwardHooks, hook);
  }

  /**
   * Registers `hook(module, gradOutput)` to run when the gradients with respect to the module's
   * outputs are computed, before they flow into it (`register_full_backward_pre_hook`, PyTorch
   * 2.0; 1.13 has only the full backward hook); a returned array replaces `gradOutput`.
   *
   * PyTorch: `module.register_full_backward_pre_hook(lambda m, grad_output: ...)`
   *
   * @example
   * const linear = new Linear(3, 2);
   * linear.registerFullBackwardPreHook((m, gOut) => gOut.map((g) => g && g.mul(0.5)));
   */
  registerFullBackwardPreHook(hook: FullBackwardPreHook): RemovableHandle {
    return this.addHook(this._backwardPreHooks, hook);
  }

  /** Registers `hook(module, inputs)` to run before `forward` (`register_forward_pre_hook`). */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    return this.addHook(this._forwardPreHooks, hook);
  }

  /** Registers `hook(module, inputs, output)` to run after `forward` (`register_forward_hook`). */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return this.addHook(this._forwardHooks, hook);
  }

  /** Adds `hook` to `hooks` under a fresh id; the handle's `remove()` deletes it again. */
  private addHook<H>(hooks: Map<number, H>, hook: H): RemovableHandle {
    const id = this._nextHookId++;
    hooks.set(id, hook);
    return { remove: () => void hooks.delete(id) };
  }

  // ---- traversal ------------------------------------------------------------------------------

  /** Direct children with their names (`named_children`), skipping `null` and duplicates. */
  *namedChildren(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, m] of this._modules) {
      if (m !== null && !memo.has(m)) {
        memo.add(m);
        yield [name, m];
      }
    }
  }

  /** Direct children (`children`). */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /**
   * This module and all descendants, depth first, each once, with dotted names (`named_modules`);
   * this module's name is `prefix` (default `""`).
   */
  *namedModules(prefix = "", memo: Set<Module> = new Set()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    this.checkRegistered();
    memo.add(this);
    yield [prefix, this];
    for (const [name, m] of this._modules) {
      if (m === null) continue;
      yield* m.namedModules(prefix ? `${prefix}.${name}` : name, memo);
    }
  }

  /** This module and all descendants (`modules`). */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  private *namedMembers<T extends Tensor>(
    get: (m: Module) => Iterable<[string, T | null]>,
    { prefix, recurse }: Required<NamedMembersOptions>,
  ): Generator<[string, T]> {
    const memo = new Set<Tensor>();
    const mods: Iterable<[string, Module]> = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modPrefix, mod] of mods) {
      for (const [k, v] of get(mod)) {
        if (v === null || memo.has(v)) continue;
        memo.add(v);
        yield [modPrefix ? `${modPrefix}.${k}` : k, v];
      }
    }
  }

  /**
   * Parameters with dotted names, as in the equivalent torch.nn model (`named_parameters`):
   * `"0.weight"`, `"encoder.1.bias"`. A parameter shared by two modules is listed once.
   *
   * @param prefix prepended to every name (default `""`), or the keywords `{ prefix, recurse }`
   * @param recurse include descendants' parameters (default `true`)
   *
   * @example
   * const m = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
   * [...m.namedParameters()].map(([name]) => name); // ["0.weight", "0.bias", "2.weight", "2.bias"]
   * [...m.namedParameters({ prefix: "net" })][0][0]; // "net.0.weight"
   * // a Sequential has no parameters of its own:
   * [...m.namedParameters({ recurse: false })].length; // 0
   */
  namedParameters(
    prefix: string | NamedMembersOptions = "",
    recurse?: boolean,
  ): Generator<[string, Parameter]> {
    return this.namedMembers((m) => m._parameters, memberArgs("namedParameters", prefix, recurse));
  }

  /**
   * All parameters (`parameters`), e.g. to give to an optimizer; `recurse` (or `{ recurse }`,
   * default true) includes the descendants'.
   */
  parameters(recurse: boolean | MembersOptions = true): Generator<Parameter> {
    return values(this.namedMembers((m) => m._parameters, memberArgs("parameters", "", recurse)));
  }

  /** Buffers with dotted names (`named_buffers`), persistent or not; the arguments are {@link namedParameters}'. */
  namedBuffers(prefix: string | NamedMembersOptions = "", recurse?: boolean): Generator<[string, Tensor]> {
    return this.namedMembers((m) => m._buffers, memberArgs("namedBuffers", prefix, recurse));
  }

  /** All buffers (`buffers`); `recurse` (or `{ recurse }`, default true) includes the descendants'. */
  buffers(recurse: boolean | MembersOptions = true): Generator<Tensor> {
    return values(this.namedMembers((m) => m._buffers, memberArgs("buffers", "", recurse)));
  }

  // ---- modes and gradients ----------------------------------------------------------------------

  /** Sets training mode on this module and all descendants (`train`); returns this. */
  train(mode = true): this {
    if (typeof mode !== "boolean") {
      throw new Error(`train(): training mode is expected to be boolean, but got ${describe(mode)}`);
    }
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** Evaluation mode, `train(false)` (`eval`): Dropout becomes the identity, etc. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Resets the gradients of all parameters (`zero_grad`). With `setToNone` (the default, as in
   * PyTorch 2.x; PyTorch 1.13 defaulted to false) `.grad` becomes `null`; otherwise it is zeroed in
   * place.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const { setToNone = true } = checkOptions("zeroGrad", options, ZERO_GRAD_OPTIONS, 1);
    zeroGrads(this.parameters(), setToNone);
  }

  /** Sets `requiresGrad` on every parameter (`requires_grad_`), e.g. to freeze a part; returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Calls `fn` on every descendant and then on this module (`apply`), e.g. for custom init;
   * returns this.
   */
  apply(fn: (module: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // ---- dtype ------------------------------------------------------------------------------------

  /**
   * Casts floating-point parameters and buffers to a dtype (`to(dtype)`), in place: the same
   * `Parameter` objects now hold converted data, and gradients are converted too. Integer and
   * bool buffers are left alone, as in PyTorch. Takes PyTorch's forms: a dtype, a device, `(device,
   * dtype)`, a tensor (its dtype) or the keywords `{ dtype, device }`. A device (`"cpu"`,
   * `device("cpu")`) is the no-op it is on the CPU (`model.to(device)`); any other device is an
   * error. Returns this.
   *
   * @example
   * new Linear(2, 3).to("float64").weight.dtype; // "float64"
   * new Linear(2, 3).to({ dtype: "float64" }).weight.dtype; // the same: PyTorch's model.to(dtype=torch.float64)
   */
  to(target?: ToTarget, options?: DType | Omit<ToOptions, "copy">): this {
    const { dtype } = resolveTo("to", target, options, MODULE_TO_OPTIONS);
    if (dtype === undefined) return this;
    if (!isFloating(dtype)) {
      throw new TypeError(
        `to(): nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${dtype}`,
      );
    }
    const convert = (t: Tensor): void => {
      if (!isFloating(t.dtype) || t.dtype === dtype) return;
      setData(
        t,
        noGrad(() => t.to(dtype)),
      );
      if (t.grad !== null && t.grad.dtype !== dtype)
        setData(
          t.grad,
          noGrad(() => t.grad!.to(dtype)),
        );
    };
    for (const m of this.modules()) {
      for (const p of m._parameters.values()) if (p !== null) convert(p);
      for (const b of m._buffers.values()) if (b !== null) convert(b);
    }
    return this;
  }

  /** Casts floating-point parameters and buffers to float64 (`double`); returns this. */
  double(): this {
    return this.to("float64");
  }

  /** Casts floating-point parameters and buffers to float32 (`float`); returns this. */
  float(): this {
    return this.to("float32");
  }

  // ---- state dicts ------------------------------------------------------------------------------

  /**
   * The module's state (`state_dict`): parameters and persistent buffers of this module and its
   * descendants, keyed by dotted name, in registration order. Values are detached tensors that
   * share storage with the module (PyTorch's default `keep_vars=False`).
   *
   * @example
   * const sd = new Sequential(new Linear(2, 8), new ReLU()).stateDict();
   * [...sd.keys()]; // ["0.weight", "0.bias"]
   */
  stateDict(options: StateDictOptions = {}): StateDict {
    checkOptions("stateDict", options, STATE_DICT_OPTIONS, 1);
    const out: StateDict = new Map();
    this.saveToStateDict(out, options.prefix ?? "", options.keepVars ?? false);
    return out;
  }

  private saveToStateDict(out: StateDict, prefix: string, keepVars: boolean): void {
    this.checkRegistered();
    for (const [name, p] of this._parameters) {
      if (p !== null) out.set(prefix + name, keepVars ? p : p.detach());
    }
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._nonPersistentBuffers.has(name))
        out.set(prefix + name, keepVars ? b : b.detach());
    }
    for (const [name, m] of this._modules) {
      if (m !== null) m.saveToStateDict(out, `${prefix}${name}.`, keepVars);
    }
  }

  /**
   * Copies parameters and persistent buffers from `stateDict` into this module and its
   * descendants (`load_state_dict`), converting dtype if needed. Returns the missing and
   * unexpected keys. With `strict` (default true), any missing or unexpected key is an error;
   * a shape mismatch is always an error. Errors use PyTorch's wording:
   *
   * ```
   * Error(s) in loading state_dict for Sequential:
   * 	Missing key(s) in state_dict: "2.weight", "2.bias".
   * ```
   */
  loadStateDict(stateDict: StateDictLike, options: LoadStateDictOptions = {}): IncompatibleKeys {
    checkOptions("loadStateDict", options, LOAD_STATE_DICT_OPTIONS, 2);
    const strict = options.strict ?? true;
    if (stateDict === null || typeof stateDict !== "object") {
      throw new TypeError(
        `loadStateDict(): Expected state_dict to be dict-like, got ${describe(stateDict)}.`,
      );
    }
    const sd: ReadonlyMap<string, unknown> =
      stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict as Record<string, Tensor>));
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errors: string[] = [];

    const load = (mod: Module, local: ReadonlyMap<string, unknown>, prefix: string): void => {
      mod.loadFromStateDict(mod.upgradeStateDict(local, prefix), prefix, missingKeys, unexpectedKeys, errors);
      for (const [name, child] of mod._modules) {
        if (child === null) continue;
        const childPrefix = `${prefix}${name}.`;
        const childSd = new Map<string, unknown>();
        for (const [k, v] of local) if (k.startsWith(childPrefix)) childSd.set(k, v);
        load(child, childSd, childPrefix);
      }
    };
    load(this, sd, "");

    if (strict) {
      const quoted = (keys: string[]): string => keys.map((k) => `"${k}"`).join(", ");
      if (unexpectedKeys.length > 0)
        errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}. `);
      if (missingKeys.length > 0) errors.unshift(`Missing key(s) in state_dict: ${quoted(missingKeys)}. `);
    }
    if (errors.length > 0) {
      throw new Error(`Error(s) in loading state_dict for ${this.getName()}:\n\t${errors.join("\n\t")}`);
    }
    return incompatibleKeys(missingKeys, unexpectedKeys);
  }

  /**
   * The state dict this module loads its own entries from (keys under `prefix`): `sd` itself,
   * unless a layer fills in what older checkpoints lack, as PyTorch's `_load_from_state_dict`
   * overrides do (BatchNorm's `num_batches_tracked`).
   */
  protected upgradeStateDict(
    sd: ReadonlyMap<string, unknown>,
    _prefix: string,
  ): ReadonlyMap<string, unknown> {
    return sd;
  }

  private loadFromStateDict(
    sd: ReadonlyMap<string, unknown>,
    prefix: string,
    missingKeys: string[],
    unexpectedKeys: string[],
    errors: string[],
  ): void {
    const local = new Map<string, Tensor>();
    for (const [k, p] of this._parameters) if (p !== null) local.set(k, p);
    for (const [k, b] of this._buffers) if (b !== null && !this._nonPersistentBuffers.has(k)) local.set(k, b);

    for (const [name, param] of local) {
      const key = prefix + name;
      if (!sd.has(key)) {
        missingKeys.push(key);
        continue;
      }
      const raw = sd.get(key);
      if (!(raw instanceof Tensor)) {
        errors.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${describe(raw)}`,
        );
        continue;
      }
      // PyTorch's backward compatibility: a 1-element 1-d checkpoint value loads into a 0-d tensor.
      const input = param.dim() === 0 && raw.dim() === 1 && raw._shape[0] === 1 ? raw.reshape([]) : raw;
      if (formatShape(input._shape) !== formatShape(param._shape)) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${torchSize(input._shape)} from checkpoint, the shape in current model is ${torchSize(param._shape)}.`,
        );
        continue;
      }
      try {
        noGrad(() => param.copy_(input));
      } catch (e) {
        errors.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ${torchSize(param._shape)} and whose dimensions in the checkpoint are ${torchSize(input._shape)}, an exception occurred : ${(e as Error).message}.`,
        );
      }
    }
    for (const key of sd.keys()) {
      if (!key.startsWith(prefix)) continue;
      const inputName = key.slice(prefix.length).split(".", 1)[0]!;
      if (!this._modules.has(inputName) && !local.has(inputName)) unexpectedKeys.push(key);
    }
  }

  // ---- printing ---------------------------------------------------------------------------------

  /**
   * The class name used in `toString()` and errors (`_get_name`): the class's static `typeName`,
   * or for a subclass that declares none, its JavaScript class name (`className`).
   */
  getName(): string {
    return className(this.constructor);
  }

  /**
   * The layer's own settings for `toString()` (`extra_repr`), e.g.
   * `"in_features=2, out_features=64, bias=True"`. Empty by default; layers override it.
   */
  extraRepr(): string {
    return "";
  }

  /** `console.log(module)` in Node prints what `print(module)` prints in Python. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * PyTorch registers a submodule or parameter when it is assigned to an attribute; tsgrad
   * registers new names only through `registerModule` / `registerParameter`, and takes a Module or
   * Parameter assigned over a registered name as its replacement (kept in its place, as in PyTorch).
   * A field holding an unregistered one would silently be left out of `parameters()`, `stateDict()`
   * and the repr (so part of the model would never train): that is an error, caught on first use. So is a field named like a
   * registered parameter or buffer that holds another tensor (`lin.weight = tensor(...)`):
   * `forward` would use it while `parameters()`, the optimizer and `stateDict()` use the registered one.
   */
  private checkRegistered(): void {
    for (const [field, value] of Object.entries(this)) {
      if (value === null || value instanceof Tensor) this.checkReplaced(field, value);
      const isModule = value instanceof Module;
      if (!isModule && !(value instanceof Parameter)) continue;
      const registry: Map<string, unknown> = isModule ? this._modules : this._parameters;
      // Assigning over a registered name replaces it in place, as PyTorch's __setattr__ does: weight
      // tying (`lmHead.weight = tokEmb.weight`) and swapping a head (`model.fc = new Linear(512, 10)`).
      if (registry.has(field)) {
        if (registry.get(field) !== value) registry.set(field, value);
        continue;
      }
      let found = false;
      for (const v of registry.values()) if (v === value) found = true;
      if (found) continue;
      const kind = isModule ? "Module" : "Parameter";
      const register = isModule ? "registerModule" : "registerParameter";
      const what = isModule ? (value as Module).getName() : "Parameter";
      throw new Error(
        `Module [${this.getName()}]: field '${field}' holds a ${what} that is not registered, so parameters(), stateDict() ` +
          `and toString() would leave it out. PyTorch registers a ${kind} on assignment; tsgrad needs ` +
          `this.${field} = this.${register}("${field}", ...).`,
      );
    }
  }

  /**
   * A tensor or null in a field named like a registered parameter or buffer. Over a buffer, or null
   * over a parameter, it replaces the entry (PyTorch's `__setattr__`: `bn.running_mean = t`,
   * `lin.bias = None`); a plain tensor over a parameter is PyTorch's TypeError, here an error naming
   * the two fixes, since forward() would use it while the optimizer steps the registered one.
   */
  private checkReplaced(field: string, value: Tensor | null): void {
    const isParam = this._parameters.has(field);
    if (!isParam && !this._buffers.has(field)) return;
    const registered = isParam ? this._parameters.get(field) : this._buffers.get(field);
    // A Parameter that is not the registered one is taken by checkRegistered.
    if (value === registered || value instanceof Parameter) return;
    if (!isParam) {
      this._buffers.set(field, value);
      return;
    }
    if (value === null) {
      this._parameters.set(field, null);
      return;
    }
    throw new Error(
      `Module [${this.getName()}]: field '${field}' holds a plain Tensor ${formatShape(value._shape)}, not the parameter registered as '${field}', ` +
        "so forward() would use it while parameters(), optimizers and stateDict() use the registered one. " +
        `To replace the parameter, register the new one: module.${field} = module.registerParameter("${field}", new Parameter(t)); ` +
        `to change its values, copy into it: noGrad(() => module.${field}.copy_(t)).`,
    );
  }

  /**
   * PyTorch's `repr(module)`: the class name, `extraRepr()`, and each child as `(name): ...`,
   * nested and indented by two spaces.
   */
  toString(): string {
    this.checkRegistered();
    const extraLines = this.extraRepr() ? this.extraRepr().split("\n") : [];
    const childLines: string[] = [];
    for (const [key, m] of this._modules) {
      childLines.push(`(${key}): ${addIndent(m === null ? "None" : m.toString(), 2)}`);
    }
    const lines = [...extraLines, ...childLines];
    let main = `${this.getName()}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += `\n  ${lines.join("\n  ")}\n`;
    }
    return `${main})`;
  }
}

/** Indents every line but the first (PyTorch's `_addindent`). */
function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const pad = " ".repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}

/**
 * `torch.Size([64, 2])`, as PyTorch prints shapes in state-dict errors.
 *
 * @example
 * torchSize([64, 2]); // "torch.Size([64, 2])"
 */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Tensor) return `Tensor(${v.dtype}, ${formatShape(v._shape)})`;
  if (typeof v === "object") return typeNameOf(v);
  return typeof v;
}

/**
 * Points `t` at `src`'s data, dtype and layout, keeping `t`'s identity (PyTorch's
 * `t.data = src`). Tensor fields are `readonly` to users; the module needs this one escape hatch
 * so that `double()` keeps the `Parameter` objects held in class fields and optimizers valid.
 */
function setData(t: Tensor, src: Tensor): void {
  const w = t as {
    -readonly [K in "storage" | "_shape" | "strides" | "offset" | "dtype"]: Tensor[K];
  };
  w.storage = src.storage;
  w._shape = src._shape.slice();
  w.strides = src.strides.slice();
  w.offset = src.offset;
  w.dtype = src.dtype;
}

/**
 * One call's backward hooks (PyTorch's `torch.utils.hooks.BackwardHook`): the tensor inputs and
 * outputs are routed through a `BackwardHookFunction` each; the outputs' node records the output
 * gradients (after the pre-hooks), the inputs' node calls the hooks with both.
 */
class BackwardHookState {
  private gradOutputs: (Tensor | null)[] | null = null;
  private nInputs = 0;
  private inputIndex: number[] = [];
  private nOutputs = 0;

  constructor(
    private readonly module: Module,
    private readonly hooks: readonly FullBackwardHook[],
    private readonly preHooks: readonly FullBackwardPreHook[],
  ) {}

  setupInputs(args: unknown[]): unknown[] {
    this.nInputs = args.length;
    args.forEach((a, i) => {
      if (a instanceof Tensor && a.requiresGrad) this.inputIndex.push(i);
    });
    if (this.inputIndex.length === 0) return args;
    const wrapped = hookIdentity(
      (grads) => this.onInputGrads(grads),
      this.inputIndex.map((i) => args[i] as Tensor),
    );
    const out = args.slice();
    this.inputIndex.forEach((i, k) => {
      out[i] = wrapped[k];
    });
    return out;
  }

  setupOutputs(out: unknown): unknown {
    const isTensor = out instanceof Tensor;
    const list: unknown[] = isTensor ? [out] : Array.isArray(out) ? out : [];
    const index: number[] = [];
    list.forEach((o, i) => {
      if (o instanceof Tensor && o.requiresGrad) index.push(i);
    });
    this.nOutputs = list.length;
    if (index.length === 0) return out;
    const wrapped = hookIdentity(
      (grads) => this.onOutputGrads(index, grads),
      index.map((i) => list[i] as Tensor),
    );
    if (isTensor) return wrapped[0];
    const res = list.slice();
    index.forEach((i, k) => {
      res[i] = wrapped[k];
    });
    return res;
  }

  private onOutputGrads(index: readonly number[], grads: Tensor[]): (Tensor | null)[] {
    let full: (Tensor | null)[] = new Array(this.nOutputs).fill(null);
    index.forEach((i, k) => {
      full[i] = grads[k]!;
    });
    for (const hook of this.preHooks) {
      const r = hook(this.module, full);
      if (r !== undefined && r !== null)
        full = checkHookResult("registerFullBackwardPreHook", "grad_output", r, full.length);
    }
    this.gradOutputs = full;
    // No input needs a gradient: the hooks run here, with no input gradients (as PyTorch does).
    if (this.inputIndex.length === 0) {
      const none: (Tensor | null)[] = new Array(this.nInputs).fill(null);
      for (const hook of this.hooks) hook(this.module, none, full);
    }
    return index.map((i) => full[i]!);
  }

  private onInputGrads(grads: Tensor[]): (Tensor | null)[] {
    let full: (Tensor | null)[] = new Array(this.nInputs).fill(null);
    this.inputIndex.forEach((i, k) => {
      full[i] = grads[k]!;
    });
    for (const hook of this.hooks) {
      const r = hook(this.module, full, this.gradOutputs ?? []);
      if (r !== undefined && r !== null)
        full = checkHookResult("registerFullBackwardHook", "grad_input", r, full.length);
    }
    return this.inputIndex.map((i) => full[i] ?? null);
  }
}

/** `tensors` through one BackwardHookFunction node whose backward calls `onBackward`. */
function hookIdentity(onBackward: (grads: Tensor[]) => (Tensor | null)[], tensors: Tensor[]): Tensor[] {
  return BackwardHookFunction.apply(onBackward, ...tensors);
}

function checkHookResult(op: string, what: string, r: unknown, n: number): (Tensor | null)[] {
  if (!Array.isArray(r) || r.some((g) => g !== null && !(g instanceof Tensor))) {
    throw new TypeError(`${op}(): a backward hook must return an array of Tensors (or nulls) or undefined`);
  }
  if (r.length !== n) {
    throw new Error(
      `${op}(): Backward hook returned an invalid number of ${what}, got ${r.length}, but expected ${n}`,
    );
  }
  return r as (Tensor | null)[];
}
