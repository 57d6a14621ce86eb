/**
 * The functional entry points of the engine: `autograd.grad` (gradients returned, `.grad`
 * untouched) and the checks `Tensor.backward` shares with it (the seed gradient of each output,
 * the `inputs` list, `createGraph`).
 */
import { otherCopyNote } from "../copies.js";
import { zerosLike } from "../creation.js";
import { checkOptions, describeValue, type OptionsSpec } from "../options.js";
import { formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { sweep } from "./engine.js";

/** `autograd.grad`'s keyword options (`torch.autograd.grad`'s). */
export interface GradOptions {
  /**
   * The gradient of each output ("vector" of the vector-Jacobian product), `grad_outputs`: one
   * Tensor (or null for a one-element output, which then gets 1) per output.
   */
  gradOutputs?: Tensor | null | readonly (Tensor | null)[];
  /** Keep saved tensors so that backward can run through the graph again (`retain_graph`, default false). */
  retainGraph?: boolean;
  /**
   * Record the backward computations so that the returned gradients have a `gradFn` and can be
   * differentiated again (`create_graph`, default false). `retainGraph` then defaults to true.
   */
  createGraph?: boolean;
  /** Return null for an input the outputs do not depend on instead of throwing (`allow_unused`). */
  allowUnused?: boolean;
  /**
   * Return zeros instead of null for unused inputs (`materialize_grads`, PyTorch 2.1; not in 1.13).
   * Implies `allowUnused`; `allowUnused: false` with it is an error, as in PyTorch 2.1. The zeros
   * do not require grad (2.1's do under `create_graph`).
   */
  materializeGrads?: boolean;
}

const GRAD_OPTIONS: OptionsSpec<GradOptions> = {
  gradOutputs: "any",
  retainGraph: "boolean",
  createGraph: "boolean",
  allowUnused: "boolean",
  materializeGrads: "boolean",
};

/** A Tensor or a list of them, as a list; `what` names the argument in the TypeError. */
export function tensorList(op: string, what: string, value: unknown): Tensor[] {
  if (value instanceof Tensor) return [value];
  if (Array.isArray(value)) {
    value.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new TypeError(
          `${op}(): ${what}[${i}] must be a Tensor, but got ${describeValue(t)}${otherCopyNote(t)}`,
        );
      }
    });
    return value.slice();
  }
  throw new TypeError(
    `${op}(): ${what} must be a Tensor or an array of Tensors, but got ${describeValue(value)}${otherCopyNote(value)}`,
  );
}

/**
 * The gradient output `i` starts from (PyTorch's `_make_grads`): the given one, reshaped to the
 * output's shape (and detached, unless `createGraph`: the double-vjp trick differentiates with
 * respect to it), or 1 for a one-element output; PyTorch's messages otherwise.
 */
export function seedGrad(op: string, out: Tensor, given: unknown, i: number, createGraph = false): Tensor {
  if (!out.requiresGrad) {
    throw new Error(`${op}(): element ${i} of tensors does not require grad and does not have a grad_fn`);
  }
  if (given === undefined || given === null) {
    if (out.numel() !== 1) {
      throw new Error(
        `${op}(): grad can be implicitly created only for scalar outputs (got shape ${formatShape(out._shape)})`,
      );
    }
    const g = Tensor.alloc(out._shape, out.dtype);
    g.storage.data[0] = 1;
    return g;
  }
  if (!(given instanceof Tensor)) {
    throw new TypeError(`${op}(): gradients can be either Tensors or None, but got ${describeValue(given)}`);
  }
  if (given.numel() !== out.numel() || (given.dim() > 0 && !shapesEqual(given._shape, out._shape))) {
    throw new Error(
      `${op}(): Mismatch in shape: grad_output[${i}] has a shape of ${formatShape(given._shape)} and output[${i}] has a shape of ${formatShape(out._shape)}.`,
    );
  }
  return createGraph ? given.reshape(out._shape) : given.reshape(out._shape).detach();
}

/**
 * The targets of a sweep: each must require grad. PyTorch's message differs: `backward(inputs=)`
 * calls `retain_grad()` on each input first, which is what fails there.
 */
export function checkTargets(op: string, inputs: readonly Tensor[]): void {
  inputs.forEach((t, i) => {
    if (t.requiresGrad) return;
    throw new Error(
      op === "backward"
        ? `backward(): can't retain_grad on Tensor that has requires_grad=False (inputs[${i}] does not require grad)`
        : `${op}(): One of the differentiated Tensors does not require grad`,
    );
  });
}

/**
 * The gradients of `outputs` with respect to `inputs` — the vector-Jacobian product with
 * `gradOutputs` — returned as an array (one per input), without touching the leaves' `.grad` (a
 * non-leaf that called `retainGrad()` and lies on the way still gets its `.grad`, as in PyTorch 1.13).
 * Only the part of the graph that leads to `inputs` runs. An input the outputs do not depend on is
 * an error unless `allowUnused` (then null) or `materializeGrads` (then zeros).
 *
 * PyTorch: `torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False)`
 *
 * @example
 * const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
 * const [dx] = autograd.grad(x.pow(2).sum(), x);
 * dx; // tensor([2., 4., 6.])
 * x.grad; // null
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const op = "autograd.grad";
  const o = checkOptions(op, options, GRAD_OPTIONS, 3);
  if (o.materializeGrads === true && o.allowUnused === false) {
    throw new Error(
      `${op}(): Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.`,
    );
  }
  const outs = tensorList(op, "outputs", outputs);
  const ins = tensorList(op, "inputs", inputs);
  if (ins.length === 0) throw new Error(`${op}(): grad requires non-empty inputs.`);
  const given = gradientList(op, outs, o.gradOutputs);
  const createGraph = o.createGraph ?? false;
  const seeds = outs.map((out, i) => seedGrad(op, out, given[i], i, createGraph));
  checkTargets(op, ins);
  const result = sweep({
    roots: outs,
    grads: seeds,
    retain: o.retainGraph ?? createGraph,
    targets: ins,
    accumulate: false,
    createGraph,
  });
  const allowUnused = o.allowUnused ?? o.materializeGrads ?? false;
  return result.map((g, i) => {
    if (g !== null) return g;
    if (!allowUnused) {
      throw new Error(
        `${op}(): One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
      );
    }
    return o.materializeGrads ? zerosLike(ins[i]!) : null;
  });
}

/** The gradients given for `outs` (none, one tensor, or a list), one per output (null: not given). */
function gradientList(op: string, outs: readonly Tensor[], given: unknown): unknown[] {
  const list =
    given === undefined || given === null
      ? outs.map(() => null)
      : given instanceof Tensor
        ? [given]
        : Array.isArray(given)
          ? (given as unknown[])
          : [given];
  if (list.length !== outs.length) {
    throw new Error(`${op}(): got ${outs.length} tensors and ${list.length} gradients`);
  }
  return list;
}

/** {@link backward}'s keyword options (`torch.autograd.backward`'s). */
export interface AutogradBackwardOptions {
  /** Keep saved tensors so that backward can run through the graph again (`retain_graph`). */
  retainGraph?: boolean;
  /** Record the backward computations (`create_graph`); `retainGraph` then defaults to true. */
  createGraph?: boolean;
  /** Accumulate into these tensors' `.grad` only (`inputs`); a non-leaf among them retains its grad. */
  inputs?: Tensor | readonly Tensor[];
}
const BACKWARD_OPTIONS: OptionsSpec<AutogradBackwardOptions> = {
  retainGraph: "boolean",
  createGraph: "boolean",
  inputs: "any",
};

/**
 * Accumulates into the leaves' `.grad` the gradients of the sum of `tensors` (each weighted by its
 * entry of `gradTensors`; null for a one-element tensor, which gets 1), in one pass over the graph
 * (`torch.autograd.backward`): `backward([a, b])` is `a.backward(); b.backward()` without running
 * the shared part of the graph twice.
 *
 * @example
 * const x = tensor([1, 2], { requiresGrad: true });
 * autograd.backward([x.sum(), x.mul(x).sum()]);
 * x.grad; // tensor([3., 5.])
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  gradTensors?: Tensor | null | readonly (Tensor | null)[],
  options: AutogradBackwardOptions = {},
): void {
  const op = "autograd.backward";
  const o = checkOptions(op, options, BACKWARD_OPTIONS, 3);
  const roots = tensorList(op, "tensors", tensors);
  if (roots.length === 0) throw new Error(`${op}(): no tensors to differentiate`);
  const given = gradientList(op, roots, gradTensors);
  roots.forEach((r, i) => {
    if (!r.requiresGrad) {
      throw new Error(`${op}(): element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
  });
  const createGraph = o.createGraph ?? false;
  const seeds = roots.map((r, i) => seedGrad(op, r, given[i], i, createGraph));
  let targets: Tensor[] | null = null;
  if (o.inputs !== undefined) {
    targets = tensorList(op, "inputs", o.inputs);
    if (targets.length === 0) throw new Error(`${op}(): 'inputs' argument to backward() cannot be empty.`);
    checkTargets(op, targets);
    for (const t of targets) if (!t.isLeaf) t.retainGrad();
  }
  sweep({
    roots,
    grads: seeds,
    retain: o.retainGraph ?? createGraph,
    targets,
    accumulate: true,
    createGraph,
  });
}
