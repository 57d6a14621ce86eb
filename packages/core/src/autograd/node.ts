import type { Tensor } from "../tensor.js";
import { isAnomalyEnabled, isGradEnabled } from "./grad-mode.js";

/**
 * A backward rule: given the gradient of the op's output and the tensors it saved, returns one
 * gradient per input (null where none is needed). `needs[i]` says whether input i wants one.
 * Rules must capture only metadata (shapes, dims) in their closure: tensors go through `saved`, so
 * that the engine can free them after backward and check their versions.
 */
export type BackwardFn = (grad: Tensor, saved: Tensor[], needs: boolean[]) => (Tensor | null | undefined)[];

/**
 * A gradient hook (`Tensor.register_hook`): sees the gradient of its tensor and may return a
 * replacement (or nothing to keep it).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only looks returns nothing, as a Python hook returns None.
export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;

/**
 * One entry of a tensor's hook list, run in registration order: a user hook, or the point where
 * `retainGrad()` was called, which stores the gradient as it is there (PyTorch 1.13 registers
 * `retain_grad` as an ordinary hook, so hooks registered after it do not change `.grad`).
 */
export type HookEntry = { readonly id: number; readonly fn: TensorHook } | { readonly retain: Tensor };

/** What `registerHook` returns: `remove()` unregisters the hook (PyTorch's `RemovableHandle`). */
export interface RemovableHandle {
  /** Unregisters the hook; calling it again does nothing. */
  remove(): void;
}

/** One recorded op in the autograd graph (PyTorch's `grad_fn`). */
export class Node {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "Node";
  /** Tensors saved for backward; null once freed by a backward without `retainGraph`. */
  saved: Tensor[] | null;
  /** The storage versions of `saved` when saved, checked at backward (the in-place modification error). */
  readonly savedVersions: number[];
  /**
   * Which saved tensors are this node's own output, for the version error: it names this node for
   * them and, for the others, the tensor's grad_fn at that time (as PyTorch's SavedVariable does).
   */
  readonly savedIsOutput: boolean[];
  /** Set by `retainGrad()` on the output tensor, so the engine can write its `.grad`. */
  retained: Tensor | null = null;
  /** The forward call's stack, kept only when anomaly detection is on. */
  readonly stack: string | undefined;
  /**
   * Each input's `gradFn` when this op ran (null for leaves and untracked inputs): the edges of
   * the graph. Captured now, not read from the inputs later, because an in-place op gives its
   * tensor a new `gradFn` (`a.mul_(3)` after `y = a.mul(2)` must not change y's backward, and
   * `a.add_(a)` must not point at itself).
   */
  readonly next: (Node | null)[];
  /** Which output of `next[i]` input i is (`next_functions[i][1]`): 0 except for multi-output nodes. */
  readonly nextOutputNr: number[];
  /**
   * Shapes and dtypes of the outputs when there is more than one (custom Functions): a missing
   * output gradient is materialized as zeros of that shape. Empty for the one-output nodes of ops.
   */
  outputs: { shape: readonly number[]; dtype: Tensor["dtype"] }[] = [];
  /**
   * The backward of a node with several outputs (custom Functions): one gradient per output,
   * zeros for those no gradient reached. Null for ops, which use `backwardFn`.
   */
  multiBackward:
    | ((grads: Tensor[], saved: Tensor[], needs: boolean[]) => (Tensor | null | undefined)[])
    | null = null;
  /**
   * True when the backward reads its saved tensors through raw kernels, so that it cannot be
   * recorded: under createGraph it is an error once anything requires grad. See
   * {@link markOnceDifferentiable}.
   */
  onceDifferentiable = false;
  /** Tensor hooks of each output (by output number), see `HookEntry`; null until one is added. */
  hooks: (HookEntry[] | undefined)[] | null = null;

  constructor(
    /** PyTorch's node name, e.g. `MulBackward0`, shown as `grad_fn=<MulBackward0>`. */
    readonly name: string,
    /** The op's tensor inputs; null for those that do not require grad. */
    readonly inputs: (Tensor | null)[],
    /** The gradients of the inputs from the output's gradient and the saved tensors. */
    readonly backwardFn: BackwardFn,
    saved: Tensor[],
    /** The op's output: saved by some ops (softmax, exp), which then name themselves as its origin. */
    output: Tensor,
  ) {
    this.next = inputs.map((t) => t?.gradFn ?? null);
    this.nextOutputNr = inputs.map((t) => (t?.gradFn ? t._outputNr : 0));
    this.saved = saved;
    this.savedVersions = saved.map((t) => t.storage.version);
    this.savedIsOutput = saved.map((t) => t === output);
    this.stack = isAnomalyEnabled() ? forwardStack() : undefined;
  }

  /** Input nodes (`grad_fn.next_functions`, without the AccumulateGrad nodes). */
  get nextFunctions(): (Node | null)[] {
    return this.next.slice();
  }

  /**
   * What printing a grad_fn shows, PyTorch's `<MulBackward0 object at 0x...>` without the address
   * (so `${z.gradFn}` in a template string is readable).
   *
   * @example
   * String(tensor([1], { requiresGrad: true }).mul(2).gradFn); // "<MulBackward0 object>"
   */
  toString(): string {
    return `<${this.name} object>`;
  }

  /** `console.log(z.gradFn)` in Node prints what `toString()` does. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * The stack of the forward call, without the error header line. V8 keeps 10 frames by default,
 * too few to reach user code through layers and composite ops, so anomaly mode asks for more.
 */
function forwardStack(): string | undefined {
  const E = Error as { stackTraceLimit?: number };
  const prev = E.stackTraceLimit;
  E.stackTraceLimit = 64;
  const stack = new Error().stack;
  E.stackTraceLimit = prev;
  return stack?.split("\n").slice(1).join("\n");
}

/**
 * True when an op on these inputs should be recorded.
 *
 * @example
 * needsGrad(ones([1], { requiresGrad: true }), null); // true
 * needsGrad(ones([1])); // false
 */
export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  return anyNeedsGrad(inputs);
}

/**
 * `needsGrad` for a list of inputs of any length (`cat` of 150k tensors): spreading the list into
 * `needsGrad(...inputs)` would overflow the call stack past ~125k arguments.
 */
function anyNeedsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t?.requiresGrad) return true;
  return false;
}

/**
 * Gives `out`'s graph node the name PyTorch shows for the op that made it (`grad_fn`), for a
 * composite or fused op whose last step tsgrad names otherwise: `mseLoss` ends in a `mean` here,
 * PyTorch's in one `MseLossBackward0`. Names are data users print and compare, so they follow
 * PyTorch 1.13 whatever the implementation. No-op when `out` has no node. Returns `out`.
 *
 * @example
 * const input = ones([2], { requiresGrad: true });
 * const target = zeros([2]);
 * nameGradFn(input.sub(target).square().mean(), "MseLossBackward0").gradFn?.name; // "MseLossBackward0"
 */
export function nameGradFn(out: Tensor, name: string): Tensor {
  if (out.gradFn !== null) (out.gradFn as { name: string }).name = name;
  return out;
}

/**
 * Records `out` as the result of an op on `inputs` if grad mode is on and an input requires grad.
 * Returns `out` for chaining. This is the only place graph nodes are made.
 */
export function record(
  out: Tensor,
  name: string,
  inputs: (Tensor | null | undefined)[],
  saved: Tensor[],
  backwardFn: BackwardFn,
): Tensor {
  if (!anyNeedsGrad(inputs)) return out;
  const tracked = inputs.map((t) => (t?.requiresGrad ? t : null));
  out.gradFn = new Node(name, tracked, backwardFn, saved, out);
  out._requiresGrad = true;
  return out;
}

/**
 * Marks `out`'s node as one whose backward computes from its saved tensors with raw kernels (the
 * fused normalizations), so that `createGraph: true` through it is an error rather than a second
 * derivative that silently misses those terms. No-op when `out` has no node. Returns `out`.
 */
export function markOnceDifferentiable(out: Tensor): Tensor {
  if (out.gradFn !== null) out.gradFn.onceDifferentiable = true;
  return out;
}
