import { formatShape, shapesEqual } from "../shape.js";
import { torchTypeName } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { isAnomalyEnabled, noGrad } from "./grad-mode.js";
import type { Node } from "./node.js";

export interface BackwardOptions {
  /** Keep saved tensors so that backward can run through the graph again (`retain_graph=True`). */
  retainGraph?: boolean;
}

/**
 * Runs reverse-mode differentiation from `root` (`torch.autograd.backward`). The graph is sorted
 * once by counting each node's consumers, then swept iteratively (no recursion, so chains of any
 * length work); each node runs once with the sum of the gradients that reached it.
 */
export function runBackward(root: Tensor, gradient: Tensor, options: BackwardOptions = {}): void {
  const retain = options.retainGraph ?? false;
  noGrad(() => {
    if (root.gradFn === null) {
      accumulateLeaf(root, gradient);
      return;
    }
    // Count, for every node reachable from the root, how many edges lead into it.
    const deps = new Map<Node, number>();
    const stack: Node[] = [root.gradFn];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of node.next) {
        if (!next) continue;
        const count = deps.get(next);
        deps.set(next, (count ?? 0) + 1);
        // First edge into `next`: walk it (no edge leads into the root, so it is never revisited).
        if (count === undefined) stack.push(next);
      }
    }

    const pending = new Map<Node, Tensor>([[root.gradFn, gradient]]);
    const ready: Node[] = [root.gradFn];
    while (ready.length > 0) {
      const node = ready.pop()!;
      const grad = pending.get(node)!;
      pending.delete(node);
      if (node.retained) node.retained.grad = accumulate(node.retained.grad, grad);

      const saved = takeSaved(node, retain);
      const needs = node.inputs.map((t) => t !== null);
      const grads = node.backwardFn(grad, saved, needs);
      if (isAnomalyEnabled()) checkFinite(node, grads, needs);

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
          if (g !== null) accumulateLeaf(input, g);
          continue;
        }
        if (g !== null) pending.set(next, accumulate(pending.get(next) ?? null, g));
        const left = deps.get(next)! - 1;
        deps.set(next, left);
        if (left === 0) {
          if (pending.has(next)) ready.push(next);
          else releaseUnreached(next, deps, ready, pending, retain);
        }
      }
    }
  });
}

/** A node every one of whose consumers sent no gradient: pass the "no gradient" on to its inputs. */
function releaseUnreached(
  start: Node,
  deps: Map<Node, number>,
  ready: Node[],
  pending: Map<Node, Tensor>,
  retain: boolean,
): void {
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!retain) node.saved = null;
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

function takeSaved(node: Node, retain: boolean): Tensor[] {
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
      const origin = node.savedOrigins[i];
      throw new Error(
        "one of the variables needed for gradient computation has been modified by an inplace operation: " +
          `[${torchTypeName(t.dtype)} ${formatShape(t._shape)}]${origin ? `, which is output 0 of ${origin},` : ""} is at version ` +
          `${t.storage.version}; expected version ${node.savedVersions[i]} instead (needed by ${node.name}).`,
      );
    }
  }
  // A node that saved nothing can run again: only saved tensors are freed (as in PyTorch).
  if (!retain && saved.length > 0) node.saved = null;
  return saved;
}

function accumulate(prev: Tensor | null, g: Tensor): Tensor {
  return prev === null ? g : prev.add(g);
}

/** Leaf gradients are owned copies (never aliases of another tensor) and accumulate in place. */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (g.dtype !== leaf.dtype) g = g.to(leaf.dtype);
  if (leaf.grad === null) leaf.grad = g.clone();
  else leaf.grad.add_(g);
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
