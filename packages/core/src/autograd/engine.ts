import { describeValue } from "../options.js";
import { formatShape, shapesEqual } from "../shape.js";
import { torchTypeName } from "../dtype.js";
import { Tensor } from "../tensor.js";
import { enableGrad, isAnomalyEnabled, noGrad } from "./grad-mode.js";
import type { HookEntry, Node } from "./node.js";

/** `backward()`'s keyword options (PyTorch's `retain_graph=`, `create_graph=`, `inputs=`). */
export interface BackwardOptions {
  /** Keep saved tensors so that backward can run through the graph again (`retain_graph=True`). */
  retainGraph?: boolean;
  /**
   * Record the backward pass itself (`create_graph=True`), so that the gradients have a `gradFn`
   * and can be differentiated again (higher-order gradients). Implies `retainGraph` unless it is
   * given, as in PyTorch.
   */
  createGraph?: boolean;
  /**
   * Accumulate into the `.grad` of these tensors only (`inputs=`), running only the part of the
   * graph that leads to them. A non-leaf among them gets `retainGrad()`, as in PyTorch.
   */
  inputs?: Tensor | readonly Tensor[];
}

/** One backward sweep: where it starts and what it does with the gradients that reach its targets. */
export interface Sweep {
  roots: readonly Tensor[];
  /** One gradient per root, of the root's shape. */
  grads: readonly Tensor[];
  retain: boolean;
  /** null: every leaf accumulates (plain `backward()`); else only these tensors get a gradient. */
  targets: readonly Tensor[] | null;
  /** True: the targets' gradients accumulate into `.grad` (`backward(inputs=)`); false: they are returned (`autograd.grad`). */
  accumulate: boolean;
  /** Record the backward computations (`create_graph=True`): the sweep runs with grad mode on. */
  createGraph?: boolean;
}

/**
 * Runs reverse-mode differentiation from `root` (`torch.autograd.backward`). The graph is sorted
 * once by counting each node's consumers, then swept iteratively (no recursion, so chains of any
 * length work); each node runs once with the sum of the gradients that reached it.
 */
export function runBackward(root: Tensor, gradient: Tensor, options: BackwardOptions = {}): void {
  const createGraph = options.createGraph ?? false;
  sweep({
    roots: [root],
    grads: [gradient],
    retain: options.retainGraph ?? createGraph,
    targets: null,
    accumulate: true,
    createGraph,
  });
}

/**
 * The engine behind `backward` and `autograd.grad`. Returns, for each target when `accumulate` is
 * false, the sum of the gradients that reached it (null if none did); an empty array otherwise.
 *
 * With targets, only the nodes on a path to a target run (PyTorch's `exec_info`): in
 * `autograd.grad` a target's own node does not run (its gradient is read as it arrives, before its
 * hooks), in `backward(inputs=)` it does (so its hooks and its `retainGrad` see the gradient).
 */
export function sweep(s: Sweep): (Tensor | null)[] {
  const run = new SweepRun(s);
  // With createGraph the backward rules run with grad mode on, so that the ops they are written
  // in are recorded like any forward (rules that use raw kernels switch to a recorded form then).
  if (s.createGraph === true) enableGrad(() => run.run());
  else noGrad(() => run.run());
  return run.captured;
}

/**
 * The state of one sweep. A class rather than closures inside `sweep`, so that the hot loop is
 * one set of methods V8 optimizes once, not fresh closures on every backward call.
 */
class SweepRun {
  readonly captured: (Tensor | null)[];
  private readonly leafTargets = new Map<Tensor, number[]>();
  private readonly nodeTargets = new Map<Node, { nr: number; idx: number }[]>();
  /**
   * A leaf's gradients are summed over the sweep and its hooks see the sum once, at the end (as
   * PyTorch's AccumulateGrad node, which runs once all its inputs have arrived).
   */
  private readonly leafGrads = new Map<Tensor, Tensor>();
  /** Sums this sweep allocated, which later contributions may add into in place. */
  private readonly ownedSums = new Set<Tensor>();
  private needed: Set<Node> | null = null;

  constructor(private readonly s: Sweep) {
    const { targets, accumulate } = s;
    this.captured = targets && !accumulate ? targets.map(() => null) : [];
    if (targets) {
      for (let idx = 0; idx < targets.length; idx++) {
        const t = targets[idx]!;
        if (t.gradFn === null) pushTo(this.leafTargets, t, idx);
        else pushTo(this.nodeTargets, t.gradFn, { nr: t._outputNr, idx });
      }
    }
  }

  run(): void {
    this.sweepNodes();
    const createGraph = this.s.createGraph === true;
    for (const [leaf, g] of this.leafGrads) accumulateLeaf(leaf, runHooks(leaf._hooks, g), createGraph);
  }

  private runs(node: Node): boolean {
    return this.needed === null || this.needed.has(node);
  }

  private reachLeaf(leaf: Tensor, g: Tensor): void {
    const { targets, accumulate } = this.s;
    const idxs = targets === null ? undefined : this.leafTargets.get(leaf);
    if (targets !== null && idxs === undefined) return;
    if (!accumulate) {
      for (const i of idxs!) this.captured[i] = accumulate2(this.captured[i]!, g);
      return;
    }
    const prev = this.leafGrads.get(leaf);
    if (prev === undefined) this.leafGrads.set(leaf, g);
    // In place only when nothing is recorded: with createGraph the sum is part of the new graph.
    else if (this.ownedSums.has(prev) && prev.dtype === g.dtype && this.s.createGraph !== true) prev.add_(g);
    else {
      const sum = prev.add(g);
      this.ownedSums.add(sum);
      this.leafGrads.set(leaf, sum);
    }
  }

  private sweepNodes(): void {
    const s = this.s;
    const { retain, targets, accumulate } = s;
    const pending = new Map<Node, (Tensor | null)[]>();
    const rootNodes: Node[] = [];
    for (let r = 0; r < s.roots.length; r++) {
      const root = s.roots[r]!;
      const g = s.grads[r]!;
      const node = root.gradFn;
      if (node === null) {
        this.reachLeaf(root, g);
        continue;
      }
      if (!pending.has(node)) rootNodes.push(node);
      addPending(pending, node, root._outputNr, g);
    }
    if (rootNodes.length === 0) return;

    // Count, for every node reachable from the roots, how many edges lead into it.
    const deps = new Map<Node, number>();
    const stack: Node[] = rootNodes.slice();
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of node.next) {
        if (!next) continue;
        const count = deps.get(next);
        deps.set(next, (count ?? 0) + 1);
        // First edge into `next`: walk it. The roots are on the stack from the start, so one that
        // another root leads to is not pushed again.
        if (count === undefined && !rootNodes.includes(next)) stack.push(next);
      }
    }
    this.needed =
      targets === null ? null : neededNodes(rootNodes, deps, this.leafTargets, this.nodeTargets, accumulate);

    // A root that another root leads to waits for its consumers like any other node.
    const ready: Node[] = rootNodes.filter((n) => !deps.has(n));
    while (ready.length > 0) {
      const node = ready.pop()!;
      const outGrads = pending.get(node)!;
      pending.delete(node);
      if (!accumulate) {
        const list = this.nodeTargets.get(node);
        if (list !== undefined) {
          for (const t of list) {
            const g = outGrads[t.nr] ?? null;
            if (g !== null) this.captured[t.idx] = accumulate2(this.captured[t.idx]!, g);
          }
        }
      }
      let grads: (Tensor | null | undefined)[];
      const needs = node.inputs.map((t) => t !== null);
      if (this.runs(node)) {
        if (node.hooks !== null) {
          for (let nr = 0; nr < outGrads.length; nr++) {
            const g = outGrads[nr];
            if (g) outGrads[nr] = runHooks(node.hooks[nr], g);
          }
        }
        const saved = takeSaved(node, retain);
        if (node.multiBackward !== null) {
          const full = node.outputs.map((o, nr) => outGrads[nr] ?? Tensor.alloc(o.shape, o.dtype));
          grads = node.multiBackward(full, saved, needs);
        } else {
          grads = node.backwardFn(outGrads[0]!, saved, needs);
          if (s.createGraph === true) checkRecorded(node, outGrads[0]!, saved, grads, needs);
        }
        if (isAnomalyEnabled()) checkFinite(node, grads, needs);
      } else grads = [];

      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i];
        if (!input) continue;
        const g = grads[i] ?? null;
        if (g !== null && !shapesEqual(g._shape, input._shape)) {
          throw new Error(
            `backward(): ${node.name} returned a gradient of shape ${formatShape(g._shape)} for input ${i} of shape ${formatShape(input._shape)}`,
          );
        }
        const next = node.next[i] ?? null;
        if (next === null) {
          if (g !== null) this.reachLeaf(input, g);
          continue;
        }
        if (g !== null) addPending(pending, next, node.nextOutputNr[i]!, g);
        const left = deps.get(next)! - 1;
        deps.set(next, left);
        if (left === 0) {
          if (pending.has(next)) ready.push(next);
          else this.releaseUnreached(next, deps, ready, pending);
        }
      }
    }
  }

  /** A node every one of whose consumers sent no gradient: pass the "no gradient" on to its inputs. */
  private releaseUnreached(
    start: Node,
    deps: Map<Node, number>,
    ready: Node[],
    pending: Map<Node, (Tensor | null)[]>,
  ): void {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!this.s.retain && this.runs(node)) node.saved = null;
      for (const next of node.next) {
        if (!next) continue;
        const left = deps.get(next)! - 1;
        deps.set(next, left);
        if (left === 0) {
          if (pending.has(next)) ready.push(next);
          else stack.push(next);
        }
      }
    }
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addPending(pending: Map<Node, (Tensor | null)[]>, node: Node, nr: number, g: Tensor): void {
  let list = pending.get(node);
  if (!list) {
    list = [];
    pending.set(node, list);
  }
  list[nr] = accumulate2(list[nr] ?? null, g);
}

/**
 * The nodes that lead to a target, by one pass over a topological order (consumers first, built
 * from the edge counts), read backwards so that each node's inputs are decided before it.
 */
function neededNodes(
  rootNodes: readonly Node[],
  deps: ReadonlyMap<Node, number>,
  leafTargets: ReadonlyMap<Tensor, number[]>,
  nodeTargets: ReadonlyMap<Node, unknown>,
  accumulate: boolean,
): Set<Node> {
  const left = new Map(deps);
  const order: Node[] = [];
  const queue = rootNodes.filter((n) => !deps.has(n));
  while (queue.length > 0) {
    const node = queue.pop()!;
    order.push(node);
    for (const next of node.next) {
      if (!next) continue;
      const l = left.get(next)! - 1;
      left.set(next, l);
      if (l === 0) queue.push(next);
    }
  }
  const needed = new Set<Node>();
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    let need = accumulate && nodeTargets.has(node);
    for (let i = 0; i < node.next.length && !need; i++) {
      const next = node.next[i];
      if (next) need = needed.has(next) || (!accumulate && nodeTargets.has(next));
      else {
        const input = node.inputs[i];
        need = input !== null && input !== undefined && leafTargets.has(input);
      }
    }
    if (need) needed.add(node);
  }
  return needed;
}

/**
 * Runs a tensor's hooks in registration order on the gradient that reached it; a hook's return
 * value (if any) replaces the gradient for the hooks after it and for the graph.
 */
function runHooks(hooks: readonly HookEntry[] | null | undefined, g: Tensor): Tensor {
  if (!hooks) return g;
  for (const entry of hooks.slice()) {
    if ("retain" in entry) {
      entry.retain.grad = entry.retain.grad === null ? g.clone() : entry.retain.grad.add(g);
      continue;
    }
    const r = entry.fn(g);
    if (r === undefined || r === null) continue;
    if (!(r instanceof Tensor)) {
      throw new TypeError(
        `registerHook(): a hook must return a Tensor or nothing, but it returned ${describeValue(r)}`,
      );
    }
    if (!shapesEqual(r._shape, g._shape)) {
      throw new Error(
        `registerHook(): hook has changed the size of value (the gradient has shape ${formatShape(g._shape)}, the hook returned shape ${formatShape(r._shape)})`,
      );
    }
    if (r.dtype !== g.dtype) {
      throw new Error(
        `registerHook(): hook has changed the type of value (was ${torchTypeName(g.dtype)} got ${torchTypeName(r.dtype)})`,
      );
    }
    g = r;
  }
  return g;
}

function takeSaved(node: Node, retain: boolean): Tensor[] {
  const saved = checkSaved(node);
  // A node that saved nothing can run again: only saved tensors are freed (as in PyTorch).
  if (!retain && saved.length > 0) node.saved = null;
  return saved;
}

/**
 * A node's saved tensors, checked: not yet freed by a backward without `retainGraph`, and not
 * modified in place since they were saved. Custom Functions read `ctx.savedTensors` through it.
 */
export function checkSaved(node: Node): Tensor[] {
  const saved = node.saved;
  if (saved === null) {
    throw new Error(
      "Trying to backward through the graph a second time (or directly access saved tensors after they have already " +
        "been freed). Saved intermediate values of the graph are freed when you call backward(). Specify " +
        `backward({ retainGraph: true }) if you need to backward through the graph a second time (at ${node.name}).`,
    );
  }
  for (let i = 0; i < saved.length; i++) {
    const t = saved[i]!;
    if (t.storage.version !== node.savedVersions[i]) {
      const origin = node.savedIsOutput[i] ? node.name : (t.gradFn?.name ?? null);
      throw new Error(
        "one of the variables needed for gradient computation has been modified by an inplace operation: " +
          `[${torchTypeName(t.dtype)} ${formatShape(t._shape)}]${origin ? `, which is output 0 of ${origin},` : ""} is at version ` +
          `${t.storage.version}; expected version ${node.savedVersions[i]} instead (needed by ${node.name}).`,
      );
    }
  }
  return saved;
}

function accumulate2(prev: Tensor | null, g: Tensor): Tensor {
  return prev === null ? g : prev.add(g);
}

/**
 * Leaf gradients are owned copies (never aliases of another tensor) and accumulate in place; with
 * createGraph out of place (PyTorch's AccumulateGrad: `grad = grad + new_grad` when grad mode is on),
 * so that `.grad` keeps its graph.
 */
function accumulateLeaf(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  if (g.dtype !== leaf.dtype) g = g.to(leaf.dtype);
  // With createGraph, PyTorch's copy into fresh memory (clone_obey_contract) is a recorded
  // `copy_`: `.grad` then shows grad_fn=<CopyBackwards>, as there.
  if (leaf.grad === null) leaf.grad = createGraph ? Tensor.alloc(g._shape, g.dtype).copy_(g) : g.clone();
  else if (createGraph) leaf.grad = leaf.grad.add(g);
  else leaf.grad.add_(g);
}

/**
 * With createGraph, every gradient a rule returns from a gradient that requires grad must itself
 * require grad: one that does not came from a raw kernel, and its derivative would silently be
 * zero. Rules that use raw kernels on their saved tensors mark their node `onceDifferentiable`
 * (their result would lose its dependence on those tensors): they fail as soon as anything
 * requires grad. Either is PyTorch's "derivative for ... is not implemented".
 */
function checkRecorded(
  node: Node,
  g: Tensor,
  saved: readonly Tensor[],
  grads: readonly (Tensor | null | undefined)[],
  needs: readonly boolean[],
): void {
  let bad = false;
  if (node.onceDifferentiable) {
    bad = g.requiresGrad;
    for (const t of saved) if (t.requiresGrad) bad = true;
  } else if (g.requiresGrad) {
    for (let i = 0; i < grads.length; i++) {
      const r = grads[i];
      if (r && needs[i] && !r.requiresGrad && r.numel() > 0) bad = true;
    }
  }
  if (bad) {
    throw new Error(
      `backward(): derivative for ${node.name} is not implemented: its backward is not differentiable yet, ` +
        "so createGraph: true (create_graph=True) cannot give higher-order gradients through it",
    );
  }
}

function checkFinite(node: Node, grads: (Tensor | null | undefined)[], needs: boolean[]): void {
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    // A gradient nobody asked for is dropped, so its values cannot poison anything.
    if (!g || !needs[i]) continue;
    // Only the view's own elements: a gradient may be a view (e.g. cat's narrow) of a larger buffer.
    const data = g.toTypedArray();
    for (let k = 0; k < data.length; k++) {
      const v = data[k]!;
      if (v !== v || v === Infinity || v === -Infinity) {
        throw new Error(
          `Function '${node.name}' returned ${v !== v ? "nan" : "inf"} values in its ${i}th output.\n` +
            `The forward call that created it:\n${node.stack ?? "(stack not recorded)"}`,
        );
      }
    }
  }
}
