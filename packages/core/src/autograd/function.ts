/**
 * Custom autograd Functions (`torch.autograd.Function`): a user's `forward` runs untracked, and
 * one graph node named `<Class>Backward` calls the user's `backward`. Built on the engine's
 * node (`record` stays the primitive of tsgrad's own ops; this is the user-facing form).
 */
import { isFloating } from "../dtype.js";
import { className } from "../names.js";
import { describeValue } from "../options.js";
import { Tensor } from "../tensor.js";
import { checkSaved } from "./engine.js";
import { isGradEnabled, noGrad } from "./grad-mode.js";
import { Node, record } from "./node.js";

/**
 * The context a custom Function's `forward` and `backward` share (`ctx`): tensors saved for
 * backward, which inputs need a gradient, and which tensors were modified in place or are not
 * differentiable. Like Python's ctx it also takes any other attribute (`ctx.constant = 3`).
 *
 * PyTorch: `torch.autograd.function.FunctionCtx`
 */
export class FunctionCtx {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "FunctionCtx";
  /** For each argument of `apply`, whether backward must return a gradient for it (`needs_input_grad`). */
  needsInputGrad: boolean[] = [];
  /** @internal */ _inForward = true;
  /** @internal */ _toSave: Tensor[] = [];
  /** @internal */ _node: Node | null = null;
  /** @internal The saved tensors during a backward call (the engine has released them from the node). */
  _current: Tensor[] | null = null;
  /** @internal */ _dirty: Tensor[] = [];
  /** @internal */ _nonDifferentiable: Tensor[] = [];
  [attribute: string]: any;

  /**
   * Saves tensors for backward (`ctx.save_for_backward(*tensors)`): read them back with
   * `savedTensors`, which checks, as for tsgrad's own ops, that none was modified in place since.
   * Call it in `forward` only.
   */
  saveForBackward(...tensors: Tensor[]): void {
    if (!this._inForward) throw new Error("saveForBackward(): can only be called from forward");
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new TypeError(
          `saveForBackward(): save_for_backward can only save tensors, but argument ${i} is ${describeValue(t)}`,
        );
      }
    });
    this._toSave = tensors.slice();
  }

  /** The tensors given to `saveForBackward` (`ctx.saved_tensors`), version-checked; in backward only. */
  get savedTensors(): Tensor[] {
    if (this._current !== null) return this._current.slice();
    if (this._node === null)
      throw new Error("savedTensors: only available in backward (after forward has returned)");
    return checkSaved(this._node).slice();
  }

  /**
   * Declares inputs that `forward` modified in place (`ctx.mark_dirty(*tensors)`); they must be
   * returned as outputs, and their graph history moves to this Function's node.
   */
  markDirty(...tensors: Tensor[]): void {
    if (!this._inForward) throw new Error("markDirty(): can only be called from forward");
    for (const t of tensors) this._dirty.push(t);
  }

  /**
   * Declares outputs that have no gradient (`ctx.mark_non_differentiable(*tensors)`), such as
   * indices: they do not require grad, and backward receives zeros for them.
   */
  markNonDifferentiable(...tensors: Tensor[]): void {
    if (!this._inForward) throw new Error("markNonDifferentiable(): can only be called from forward");
    for (const t of tensors) this._nonDifferentiable.push(t);
  }
}

/** A custom Function's class, as `apply` sees it (its static side). */
interface FunctionClass {
  typeName?: string;
  name: string;
  forward(ctx: FunctionCtx, ...args: any[]): unknown;
  backward(ctx: FunctionCtx, ...grads: any[]): unknown;
}

/**
 * A custom differentiable operation (`torch.autograd.Function`): subclass it with a static
 * `forward(ctx, ...args)` and a static `backward(ctx, ...grads)` — one gradient per output in,
 * one gradient (or null) per argument of `forward` out — and call it with `MyFn.apply(...args)`.
 * `forward` runs with grad mode off; its outputs get one node named `MyFnBackward`, as PyTorch
 * names it. Arguments that are not tensors are passed through (their gradient must be null);
 * `forward` may return one tensor or an array of them.
 *
 * PyTorch: `class MyExp(torch.autograd.Function): @staticmethod def forward(ctx, x): ...`
 *
 * @example
 * class MyExp extends autograd.Function {
 *   static override forward(ctx: FunctionCtx, x: Tensor) {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   }
 *   static override backward(ctx: FunctionCtx, g: Tensor) {
 *     const [y] = ctx.savedTensors;
 *     return g.mul(y!);
 *   }
 * }
 * const x = tensor([0, 1], { dtype: "float32", requiresGrad: true });
 * const y = MyExp.apply(x);
 * y.gradFn!.name; // "MyExpBackward"
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name, used as `autograd.Function`.
export class Function {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "Function";

  /** The computation; override it (`@staticmethod def forward(ctx, *args)`). */
  static forward(_ctx: FunctionCtx, ..._args: any[]): unknown {
    throw new Error("forward(): You must implement the forward function for custom autograd.Function.");
  }

  /** The gradient rule; override it (`@staticmethod def backward(ctx, *grad_outputs)`). */
  static backward(_ctx: FunctionCtx, ..._grads: any[]): unknown {
    throw new Error(
      "backward(): You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Runs the Function on `args` and records its node when grad mode is on and a tensor argument
   * requires grad (`MyFn.apply(*args)`).
   */
  static apply<A extends unknown[], R>(this: { forward(ctx: FunctionCtx, ...args: A): R }, ...args: A): R {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the user's subclass, not Function.
    const cls = this as unknown as FunctionClass;
    if ((cls as unknown) === Function) {
      throw new Error(
        "apply(): call apply on a subclass of autograd.Function that defines forward and backward",
      );
    }
    const name = `${className(cls)}Backward`;
    const ctx = new FunctionCtx();
    const tensorArgs = args.map((a) => (a instanceof Tensor ? a : null));
    const recording = isGradEnabled() && tensorArgs.some((t) => t?.requiresGrad === true);
    ctx.needsInputGrad = tensorArgs.map((t) => recording && t?.requiresGrad === true);
    let raw: unknown;
    try {
      raw = noGrad(() => cls.forward(ctx, ...args));
    } finally {
      ctx._inForward = false;
    }
    if (!recording) return raw as R;

    const isTuple = Array.isArray(raw);
    const outs: unknown[] = isTuple ? (raw as unknown[]).slice() : [raw];
    for (const t of ctx._dirty) {
      if (!tensorArgs.includes(t)) {
        throw new Error(`${name}: markDirty() was given a tensor that is not an input of the Function`);
      }
      if (!outs.includes(t)) {
        throw new Error(
          `${name}: Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.`,
        );
      }
      if (t.isLeaf && t.requiresGrad) {
        throw new Error(
          `${name}: a leaf Variable that requires grad has been used in an in-place operation.`,
        );
      }
    }
    // An input returned as it is becomes a new tensor over the same data (PyTorch's view_as), so
    // that the input keeps its own history.
    for (let k = 0; k < outs.length; k++) {
      const o = outs[k];
      if (o instanceof Tensor && tensorArgs.includes(o) && !ctx._dirty.includes(o)) {
        const alias = new Tensor(o.storage, o._shape, o.strides, o.offset, o.dtype, o.base ?? o);
        alias._viewHistory = (o.base ?? o).gradFn;
        outs[k] = alias;
      }
    }

    const tracked = tensorArgs.map((t) => (t?.requiresGrad ? t : null));
    const firstOut = outs.find((o): o is Tensor => o instanceof Tensor);
    if (firstOut === undefined) return raw as R;
    const node = new Node(name, tracked, () => [], ctx._toSave, firstOut);
    ctx._node = node;
    ctx._toSave.forEach((t, i) => {
      if (outs.includes(t)) node.savedIsOutput[i] = true;
    });
    node.outputs = outs.map((o) =>
      o instanceof Tensor ? { shape: o._shape, dtype: o.dtype } : { shape: [], dtype: "float32" as const },
    );
    const nOut = outs.length;
    node.multiBackward = (grads, saved) => {
      const gs = outs.map((o, k) => (o instanceof Tensor ? grads[k]! : null));
      ctx._current = saved;
      let r: unknown;
      try {
        r = cls.backward(ctx, ...gs);
      } finally {
        ctx._current = null;
      }
      return gradsOfBackward(name, r, args, tracked);
    };
    for (let k = 0; k < nOut; k++) {
      const o = outs[k];
      if (!(o instanceof Tensor)) continue;
      if (ctx._nonDifferentiable.includes(o) || !isFloating(o.dtype)) continue;
      o.gradFn = node;
      o._outputNr = k;
      o._requiresGrad = true;
    }
    return (isTuple ? outs : outs[0]) as R;
  }
}

/** The gradients a user's backward returned, checked against `forward`'s arguments. */
function gradsOfBackward(
  name: string,
  r: unknown,
  args: readonly unknown[],
  tracked: readonly (Tensor | null)[],
): (Tensor | null)[] {
  const list: unknown[] = Array.isArray(r) ? r : [r];
  if (list.length !== args.length) {
    throw new Error(
      `function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${list.length})`,
    );
  }
  return list.map((g, i) => {
    if (g === null || g === undefined) return null;
    if (!(g instanceof Tensor)) {
      throw new TypeError(
        `function ${name} returned a gradient that is not a Tensor or null at position ${i}: ${describeValue(g)}`,
      );
    }
    if (!(args[i] instanceof Tensor)) {
      throw new Error(
        `function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
      );
    }
    const input = tracked[i];
    if (!input) return null;
    return g.dtype === input.dtype ? g : g.to(input.dtype);
  });
}

/**
 * Marks a custom Function's `backward` as differentiable once only (PyTorch's
 * `@once_differentiable`): it runs with grad mode off, and when it runs under `createGraph: true`
 * with gradients that require grad, its results get a node that throws if a gradient ever
 * reaches it ("trying to differentiate twice ..."), instead of a second derivative that would
 * silently miss the backward's own terms.
 *
 * PyTorch: `@staticmethod @once_differentiable def backward(ctx, grad): ...`
 *
 * @example
 * class MyExp extends autograd.Function {
 *   static override forward(ctx: FunctionCtx, x: Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
 *   static override backward = autograd.onceDifferentiable((ctx: FunctionCtx, g: Tensor) => g.mul(ctx.savedTensors[0]!));
 * }
 */
export function onceDifferentiable<G extends unknown[], R>(
  backward: (ctx: FunctionCtx, ...grads: G) => R,
): (ctx: FunctionCtx, ...grads: G) => R {
  if (typeof backward !== "function") {
    throw new TypeError(
      `onceDifferentiable(): expected a backward function, but got ${describeValue(backward)}`,
    );
  }
  return (ctx: FunctionCtx, ...grads: G): R => {
    const result = noGrad(() => backward(ctx, ...grads));
    if (!isGradEnabled()) return result;
    const tracked = grads.filter((g): g is Tensor => g instanceof Tensor && g.requiresGrad);
    if (tracked.length === 0) return result;
    // PyTorch's DelayedError node: the error is raised only if the second backward gets here.
    const delay = (r: unknown): unknown =>
      r instanceof Tensor
        ? record(r.detach(), "DelayedError", tracked, [], () => {
            throw new Error(
              "trying to differentiate twice a function that was marked with @once_differentiable (onceDifferentiable)",
            );
          })
        : r;
    return (Array.isArray(result) ? result.map(delay) : delay(result)) as R;
  };
}
