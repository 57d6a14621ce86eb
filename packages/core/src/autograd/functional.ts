/**
 * `autograd.functional` (`torch.autograd.functional`, PyTorch 1.13 semantics): Jacobians,
 * Hessians and their products with vectors, for a function of one tensor or of several. Built
 * only on `autograd.grad`; `jvp` and `hvp` use PyTorch's double-backward trick (a vjp of a vjp,
 * differentiated with respect to its vector) in place of forward-mode AD.
 *
 * As in PyTorch, `func` is called with the inputs spread (`func(...inputs)`); an input given as
 * one Tensor (not an array) gives results that are Tensors too, arrays give arrays. The results
 * are detached unless `createGraph: true`.
 */
import { zerosLike } from "../creation.js";
import { stack } from "../ops/join.js";
import { checkOptions, describeValue, type OptionsSpec } from "../options.js";
import { formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { grad } from "./grad.js";
import { enableGrad } from "./grad-mode.js";

/** The options of every `autograd.functional` function (`create_graph`, `strict`). */
export interface FunctionalOptions {
  /** Record the computation so that the result can be differentiated again (default false). */
  createGraph?: boolean;
  /**
   * Throw when an output does not depend on an input, instead of returning zeros there (as
   * PyTorch's `strict=True`; default false).
   */
  strict?: boolean;
}

const FUNCTIONAL_OPTIONS: OptionsSpec<FunctionalOptions> = { createGraph: "boolean", strict: "boolean" };

/** A function of tensors, as `autograd.functional` calls it: `func(...inputs)`. */
export type TensorFunction = (...inputs: Tensor[]) => Tensor | readonly Tensor[];
type Tensors = Tensor | readonly Tensor[];
type Stage = "back" | "back_trick" | "double_back" | "double_back_trick";

/** PyTorch's `_as_tuple`: [the tensors, whether they were given as an array]. */
function asTuple(fn: string, arg: string, value: unknown): [Tensor[], boolean] {
  const isTuple = Array.isArray(value);
  const list: unknown[] = isTuple ? (value as unknown[]).slice() : [value];
  list.forEach((el, i) => {
    if (el instanceof Tensor) return;
    const where = isTuple ? `the value at index ${i}` : `the given ${arg}`;
    throw new TypeError(
      `${fn}(): The ${arg} given to ${fn} must be either a Tensor or a tuple of Tensors but ${where} has type ${describeValue(el)}.`,
    );
  });
  return [list as Tensor[], isTuple];
}

/** PyTorch's `_grad_preprocess`: fresh leaves (or, with createGraph, views that keep the graph). */
function preprocess(fn: string, ts: readonly Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  if (needGraph) checkFloatInputs(fn, ts);
  return ts.map((t) =>
    createGraph && t.requiresGrad ? t.view(t._shape) : t.detach().requiresGrad_(needGraph),
  );
}

/** `inputs` as a list of fresh differentiable leaves (or graph-keeping views), and whether it was a tuple. */
function prepareInputs(fn: string, inputs: Tensors, createGraph: boolean): [Tensor[], boolean] {
  const [ins0, inTuple] = asTuple(fn, "inputs", inputs);
  return [enableGrad(() => preprocess(fn, ins0, createGraph, true)), inTuple];
}

/** `func(...ins)` with grad mode on, as a list (and whether it was a tuple), checked in strict mode. */
function callFunc(
  fn: string,
  func: TensorFunction,
  ins: readonly Tensor[],
  strict: boolean,
): [Tensor[], boolean] {
  const [outs, outTuple] = enableGrad(() =>
    asTuple(fn, "outputs of the user-provided function", func(...ins)),
  );
  checkRequiresGrad(fn, outs, "outputs", strict);
  return [outs, outTuple];
}

/** An integer input cannot be differentiated: PyTorch's requires_grad_ error, not a zero Jacobian. */
function checkFloatInputs(fn: string, ts: readonly Tensor[]): void {
  ts.forEach((t, i) => {
    if (!t.isFloatingPoint()) {
      throw new Error(
        `${fn}(): only Tensors of floating point dtype can require gradients (input ${i} is ${t.dtype})`,
      );
    }
  });
}

function postprocess<T extends Tensor | null>(ts: readonly T[], createGraph: boolean): T[] {
  return createGraph ? ts.slice() : ts.map((t) => (t === null ? t : (t.detach() as T)));
}

/** PyTorch's `_check_requires_grad` (strict mode only). */
function checkRequiresGrad(
  fn: string,
  ts: readonly (Tensor | null)[],
  kind: "outputs" | "grad_inputs" | "jacobian" | "hessian",
  strict: boolean,
): void {
  if (!strict) return;
  ts.forEach((t, i) => {
    if (t === null) {
      throw new Error(
        `${fn}(): The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    if (t.requiresGrad) return;
    const msg = {
      hessian: `The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`,
      jacobian: `While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`,
      grad_inputs: `The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`,
      outputs: `Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`,
    }[kind];
    throw new Error(`${fn}(): ${msg}`);
  });
}

/** PyTorch's `_validate_v`: one vector per tensor of `other`, of its shape. */
function validateV(fn: string, v: readonly Tensor[], other: readonly Tensor[], otherIsTuple: boolean): void {
  if (v.length !== other.length) {
    throw new Error(
      otherIsTuple
        ? `${fn}(): v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`
        : `${fn}(): The given v should contain a single Tensor.`,
    );
  }
  v.forEach((el, i) => {
    if (shapesEqual(el._shape, other[i]!._shape)) return;
    const prepend = other.length > 1 ? `Entry ${i} in ` : "";
    throw new Error(
      `${fn}(): ${prepend}v has invalid size: should be ${formatShape(other[i]!._shape)} but got ${formatShape(el._shape)}.`,
    );
  });
}

/** PyTorch's `_autograd_grad`: `autograd.grad` over the outputs that require grad, unused inputs null. */
function autogradGrad(
  outputs: readonly (Tensor | null)[],
  inputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[] | null,
  createGraph: boolean,
  retainGraph: boolean = createGraph,
): (Tensor | null)[] {
  const outs: Tensor[] = [];
  const gos: (Tensor | null)[] = [];
  outputs.forEach((o, i) => {
    if (o === null || !o.requiresGrad) return;
    outs.push(o);
    gos.push(gradOutputs === null ? null : gradOutputs[i]!);
  });
  if (outs.length === 0) return inputs.map(() => null);
  return grad(outs, inputs, { gradOutputs: gos, allowUnused: true, createGraph, retainGraph });
}

/** PyTorch's `_fill_in_zeros`: null gradients as zeros, or strict mode's error for `stage`. */
function fillInZeros(
  fn: string,
  grads: readonly (Tensor | null)[],
  refs: readonly Tensor[],
  strict: boolean,
  createGraph: boolean,
  stage: Stage,
): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) {
        const msg = {
          back: `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          back_trick: `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`,
          double_back: `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          double_back_trick: `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as this prevents from using the double backward trick to replace forward mode AD.`,
        }[stage];
        throw new Error(`${fn}(): ${msg}`);
      }
      return zerosLike(refs[i]!);
    }
    if (strict && createGraph && !g.requiresGrad) {
      const what = stage.includes("double") ? "hessian" : "jacobian";
      throw new Error(
        `${fn}(): The ${what} of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
      );
    }
    return g;
  });
}

function one<T>(list: readonly T[], isTuple: boolean): T | T[] {
  return isTuple ? list.slice() : list[0]!;
}

/**
 * The vectors `v` (PyTorch's `_as_tuple` + `_grad_preprocess` + `_validate_v`), one per tensor of
 * `other` and of its shape; or null where `v` is omitted, which only a single one-element
 * `other` (the function's output for vjp, its input otherwise) allows.
 */
function vectors(
  fn: string,
  v: Tensors | null | undefined,
  createGraph: boolean,
  other: readonly Tensor[],
  otherIsTuple: boolean,
  of: "returns" | "input",
): Tensor[] | null {
  if (v === undefined || v === null) {
    if (other.length === 1 && other[0]!.numel() === 1) return null;
    throw new Error(
      of === "returns"
        ? `${fn}(): The vector v can only be None if the user-provided function returns a single Tensor with a single element.`
        : `${fn}(): The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.`,
    );
  }
  const vs = preprocess(fn, asTuple(fn, "v", v)[0], createGraph, false);
  validateV(fn, vs, other, otherIsTuple);
  return vs;
}

/**
 * The vector-Jacobian product vᵀ·J of `func` at `inputs` (`torch.autograd.functional.vjp`).
 * Returns `[func(inputs), vjp]`; `v` (one tensor per output) may be omitted for a one-element output.
 *
 * PyTorch: `torch.autograd.functional.vjp(func, inputs, v=None, create_graph=False, strict=False)`
 *
 * @example
 * const [, g] = autograd.functional.vjp((x) => x.square(), tensor([1, 2]).float(), tensor([1, 1]).float());
 * g; // tensor([2., 4.])
 */
export function vjp(
  func: TensorFunction,
  inputs: Tensors,
  v?: Tensors | null,
  options: FunctionalOptions = {},
): [Tensors, Tensors] {
  const fn = "vjp";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 4);
  const [ins, inTuple] = prepareInputs(fn, inputs, createGraph);
  const [outs, outTuple] = callFunc(fn, func, ins, strict);
  const vs = vectors(fn, v, createGraph, outs, outTuple, "returns");
  const res = fillInZeros(fn, autogradGrad(outs, ins, vs, createGraph), ins, strict, createGraph, "back");
  return [one(postprocess(outs, createGraph), outTuple), one(postprocess(res, createGraph), inTuple)];
}

/**
 * The Jacobian-vector product J·v of `func` at `inputs` (`torch.autograd.functional.jvp`), by
 * the double-backward trick (a vjp with a dummy vector u, differentiated with respect to u).
 * Returns `[func(inputs), jvp]`; `v` (one tensor per input) may be omitted for a one-element input.
 *
 * PyTorch: `torch.autograd.functional.jvp(func, inputs, v=None, create_graph=False, strict=False)`
 *
 * @example
 * const [y, jv] = autograd.functional.jvp((x) => x.square(), tensor([1, 2]).float(), tensor([1, 0]).float());
 * jv; // tensor([2., 0.])
 */
export function jvp(
  func: TensorFunction,
  inputs: Tensors,
  v?: Tensors | null,
  options: FunctionalOptions = {},
): [Tensors, Tensors] {
  const fn = "jvp";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 4);
  const [ins, inTuple] = prepareInputs(fn, inputs, createGraph);
  const vs = vectors(fn, v, createGraph, ins, inTuple, "input");
  const [outs, outTuple] = callFunc(fn, func, ins, strict);
  // The backward is linear in u, so its value does not matter (zeros: no inf or nan).
  const us = outs.map((o) => zerosLike(o).requiresGrad_(true));
  const gradInputs = autogradGrad(outs, ins, us, true);
  checkRequiresGrad(fn, gradInputs, "grad_inputs", strict);
  const res = fillInZeros(
    fn,
    autogradGrad(gradInputs, us, vs, createGraph),
    outs,
    strict,
    createGraph,
    "back_trick",
  );
  return [one(postprocess(outs, createGraph), outTuple), one(postprocess(res, createGraph), outTuple)];
}

/**
 * The Jacobian of `func` at `inputs` (`torch.autograd.functional.jacobian`, reverse mode, one
 * backward per output element): for output i and input j a tensor of shape
 * `[...out_i._shape, ...in_j._shape]`. One input and one output give a Tensor; arrays give arrays
 * (of arrays when both are arrays: `[output][input]`).
 *
 * PyTorch: `torch.autograd.functional.jacobian(func, inputs, create_graph=False, strict=False)`
 *
 * @example
 * autograd.functional.jacobian((x) => x.square(), tensor([1, 2]).float()); // tensor([[2., 0.], [0., 4.]])
 */
export function jacobian(
  func: TensorFunction,
  inputs: Tensors,
  options: FunctionalOptions = {},
): Tensor | Tensor[] | Tensor[][] {
  const fn = "jacobian";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 3);
  const [ins, inTuple] = prepareInputs(fn, inputs, createGraph);
  const [outs, outTuple] = callFunc(fn, func, ins, strict);
  const jac = outs.map((out, i) => {
    const rows: Tensor[][] = ins.map(() => []);
    const flat = enableGrad(() => out.reshape([-1]));
    for (let e = 0; e < out.numel(); e++) {
      const el = enableGrad(() => flat.select(0, e));
      const vj = autogradGrad([el], ins, null, createGraph, true);
      vj.forEach((g, j) => {
        if (g !== null) {
          if (strict && createGraph && !g.requiresGrad) {
            throw new Error(
              `${fn}(): The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
            );
          }
          rows[j]!.push(g);
        } else {
          if (strict) {
            throw new Error(
              `${fn}(): Output ${i} of the user-provided function is independent of input ${j}. This is not allowed in strict mode.`,
            );
          }
          rows[j]!.push(zerosLike(ins[j]!));
        }
      });
    }
    return rows.map((r, j) => {
      const shape = [...out._shape, ...ins[j]!._shape];
      if (r.length === 0) return Tensor.alloc(shape, ins[j]!.dtype); // an empty output
      return createGraph ? enableGrad(() => stack(r).reshape(shape)) : stack(r).reshape(shape);
    });
  });
  const post = jac.map((row) => postprocess(row, createGraph));
  if (!outTuple && !inTuple) return post[0]![0]!;
  if (!outTuple) return post[0]!;
  if (!inTuple) return post.map((row) => row[0]!);
  return post;
}

/**
 * The Hessian of a scalar `func` at `inputs` (`torch.autograd.functional.hessian`): the Jacobian
 * of its gradient, of shape `[...in.shape, ...in.shape]` (for several inputs `[i][j]`).
 *
 * PyTorch: `torch.autograd.functional.hessian(func, inputs, create_graph=False, strict=False)`
 *
 * @example
 * autograd.functional.hessian((x) => x.pow(3).sum(), tensor([1, 2]).float()); // tensor([[ 6.,  0.], [ 0., 12.]])
 */
export function hessian(
  func: TensorFunction,
  inputs: Tensors,
  options: FunctionalOptions = {},
): Tensor | Tensor[][] {
  const fn = "hessian";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 3);
  const [ins0, inTuple] = asTuple(fn, "inputs", inputs);
  checkFloatInputs(fn, ins0);
  const single = (...inp: Tensor[]): Tensor => {
    const out = func(...inp);
    const [outs, outTuple] = asTuple(fn, "outputs of the user-provided function", out);
    checkRequiresGrad(fn, outs, "outputs", strict);
    if (outTuple) throw new Error(`${fn}(): The function given to hessian should return a single Tensor`);
    if (outs[0]!.numel() !== 1) {
      throw new Error(
        `${fn}(): The Tensor returned by the function given to hessian should contain a single element`,
      );
    }
    return outs[0]!.squeeze();
  };
  const jacFunc = (...inp: Tensor[]): Tensor[] => {
    const jac = jacobian(single, inp, { createGraph: true }) as Tensor[];
    checkRequiresGrad(fn, jac, "jacobian", strict);
    return jac;
  };
  const res = jacobian(jacFunc, inTuple ? (inputs as readonly Tensor[]) : [inputs as Tensor], {
    createGraph,
    strict,
  }) as Tensor[][];
  return inTuple ? res : res[0]![0]!;
}

/** The shared start of vhp and hvp: inputs, vectors, the single-element output and its gradient. */
function hessianProductStart(
  fn: "vhp" | "hvp",
  func: TensorFunction,
  inputs: Tensors,
  v: Tensors | null | undefined,
  createGraph: boolean,
  strict: boolean,
) {
  const [ins, inTuple] = prepareInputs(fn, inputs, createGraph);
  const vs = vectors(fn, v, createGraph, ins, inTuple, "input");
  const [outs, outTuple] = callFunc(fn, func, ins, strict);
  if (outTuple) throw new Error(`${fn}(): The function given to ${fn} should return a single Tensor`);
  if (outs[0]!.numel() !== 1) {
    throw new Error(
      `${fn}(): The Tensor returned by the function given to ${fn} should contain a single element`,
    );
  }
  const jac = autogradGrad(outs, ins, null, true);
  checkRequiresGrad(fn, jac, "jacobian", strict);
  return { ins, inTuple, vs, outs, jac };
}

/**
 * The vector-Hessian product vᵀ·H of a scalar `func` at `inputs`
 * (`torch.autograd.functional.vhp`). Returns `[func(inputs), vhp]`.
 *
 * PyTorch: `torch.autograd.functional.vhp(func, inputs, v=None, create_graph=False, strict=False)`
 *
 * @example
 * const [, vh] = autograd.functional.vhp((x) => x.pow(3).sum(), tensor([1, 2]).float(), tensor([1, 1]).float());
 * vh; // tensor([ 6., 12.])
 */
export function vhp(
  func: TensorFunction,
  inputs: Tensors,
  v?: Tensors | null,
  options: FunctionalOptions = {},
): [Tensor, Tensors] {
  const fn = "vhp";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 4);
  const { ins, inTuple, vs, outs, jac } = hessianProductStart(fn, func, inputs, v, createGraph, strict);
  const res = fillInZeros(
    fn,
    autogradGrad(jac, ins, vs, createGraph),
    ins,
    strict,
    createGraph,
    "double_back",
  );
  return [postprocess(outs, createGraph)[0]!, one(postprocess(res, createGraph), inTuple)];
}

/**
 * The Hessian-vector product H·v of a scalar `func` at `inputs` (`torch.autograd.functional.hvp`),
 * by the double-backward trick. Returns `[func(inputs), hvp]`.
 *
 * PyTorch: `torch.autograd.functional.hvp(func, inputs, v=None, create_graph=False, strict=False)`
 *
 * @example
 * const [y, hv] = autograd.functional.hvp((x) => x.pow(3).sum(), tensor([1, 2]).float(), tensor([1, 0]).float());
 * hv; // tensor([6., 0.])
 */
export function hvp(
  func: TensorFunction,
  inputs: Tensors,
  v?: Tensors | null,
  options: FunctionalOptions = {},
): [Tensor, Tensors] {
  const fn = "hvp";
  const { createGraph = false, strict = false } = checkOptions(fn, options, FUNCTIONAL_OPTIONS, 4);
  const { ins, inTuple, vs, outs, jac } = hessianProductStart(fn, func, inputs, v, createGraph, strict);
  const gradJac = ins.map((t) => zerosLike(t).requiresGrad_(true));
  const doubleBack = autogradGrad(jac, ins, gradJac, true);
  checkRequiresGrad(fn, jac, "hessian", strict);
  const res = fillInZeros(
    fn,
    autogradGrad(doubleBack, gradJac, vs, createGraph),
    ins,
    strict,
    createGraph,
    "double_back_trick",
  );
  return [postprocess(outs, createGraph)[0]!, one(postprocess(res, createGraph), inTuple)];
}
