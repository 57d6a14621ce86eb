import { checkOptions, type OptionsSpec } from "../options.js";
import { formatShape } from "../shape.js";
import { fillNormal, Generator } from "../random.js";
import { Tensor } from "../tensor.js";
import { grad } from "./grad.js";
import { enableGrad, noGrad } from "./grad-mode.js";

/** `gradcheck`'s options (PyTorch's `eps=`, `atol=`, `rtol=` keywords of `torch.autograd.gradcheck`). */
export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance (relative to the numerical value). */
  rtol?: number;
}

const GRADCHECK_OPTIONS: OptionsSpec<GradcheckOptions> = { eps: "positive", atol: "nonneg", rtol: "nonneg" };

type Output = Tensor | readonly Tensor[];

function outputsOf(out: Output): Tensor[] {
  return out instanceof Tensor ? [out] : Array.from(out);
}

function flatValues(outs: Tensor[]): Float64Array {
  const n = outs.reduce((a, t) => a + t.numel(), 0);
  const res = new Float64Array(n);
  let p = 0;
  for (const t of outs) {
    const v = t.toTypedArray();
    for (let i = 0; i < v.length; i++) res[p++] = v[i]!;
  }
  return res;
}

/** Storage position of the j-th element (row-major order) of a possibly strided tensor. */
function storageIndex(t: Tensor, j: number): number {
  let pos = t.offset;
  for (let d = t.dim() - 1; d >= 0; d--) {
    const s = t._shape[d]!;
    pos += (j % s) * t.strides[d]!;
    j = Math.floor(j / s);
  }
  return pos;
}

/**
 * gradcheck's and gradgradcheck's arguments: a function, an array of tensors `ins` and the options
 * `given` (their third argument), returned checked.
 */
function checkArgs<O extends object>(op: string, fn: unknown, ins: unknown, given: O, spec: OptionsSpec<O>) {
  if (typeof fn !== "function") {
    throw new TypeError(`${op}(): argument 'func' must be a function, but got ${typeof fn}`);
  }
  if (!Array.isArray(ins)) {
    const got = ins instanceof Tensor ? "a Tensor (pass [x])" : typeof ins;
    throw new TypeError(`${op}(): argument 'inputs' must be an array of Tensors, but got ${got}`);
  }
  return checkOptions(op, given, spec, 3);
}

/**
 * Checks the analytical gradients of `fn` at `inputs` against central finite differences, like
 * `torch.autograd.gradcheck`. Every input that requires grad must be float64. Returns true, or
 * throws an error naming the output, the input, the element and both values.
 *
 * @example
 * const x = randn([3, 4], { dtype: "float64", requiresGrad: true });
 * gradcheck((t) => t.logSoftmax(-1), [x]); // true
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Output,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const {
    eps = 1e-6,
    atol = 1e-5,
    rtol = 1e-3,
  } = checkArgs("gradcheck", fn, inputs, options, GRADCHECK_OPTIONS);
  const diff = inputs.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck(): input ${i} is not a Tensor`);
    if (t.requiresGrad && t.dtype !== "float64") {
      throw new Error(
        `gradcheck(): input ${i} requires grad but is ${t.dtype}; gradcheck needs float64 inputs for precision`,
      );
    }
    return t.requiresGrad;
  });
  if (!diff.some(Boolean)) throw new Error("gradcheck(): at least one input tensor must require grad");

  const outs = enableGrad(() => outputsOf(fn(...inputs)));
  const nOut = outs.reduce((a, t) => a + t.numel(), 0);

  for (let i = 0; i < inputs.length; i++) {
    if (!diff[i]) continue;
    const x = inputs[i]!;
    const n = x.numel();
    // Numerical Jacobian, column by column: J[k][j] = d out_k / d x_j.
    const numerical = new Float64Array(nOut * n);
    for (let j = 0; j < n; j++) {
      const pos = storageIndex(x, j);
      const data = x.storage.data;
      const orig = data[pos]!;
      data[pos] = orig + eps;
      const plus = noGrad(() => flatValues(outputsOf(fn(...inputs))));
      data[pos] = orig - eps;
      const minus = noGrad(() => flatValues(outputsOf(fn(...inputs))));
      data[pos] = orig;
      for (let k = 0; k < nOut; k++) numerical[k * n + j] = (plus[k]! - minus[k]!) / (2 * eps);
    }
    // Analytical Jacobian, row by row: one backward per output element.
    let k = 0;
    for (let o = 0; o < outs.length; o++) {
      const out = outs[o]!;
      for (let e = 0; e < out.numel(); e++, k++) {
        let analytic: Float64Array;
        if (!out.requiresGrad) analytic = new Float64Array(n);
        else {
          const saved = inputs.map((t) => t.grad);
          inputs.forEach((t) => {
            t.grad = null;
          });
          const g = Tensor.alloc(out._shape, out.dtype);
          g.storage.data[e] = 1;
          out.backward(g, { retainGraph: true });
          analytic = x.grad ? Float64Array.from(x.grad.toTypedArray()) : new Float64Array(n);
          inputs.forEach((t, idx) => {
            t.grad = saved[idx]!;
          });
        }
        for (let j = 0; j < n; j++) {
          const a = analytic[j]!;
          const num = numerical[k * n + j]!;
          if (!(Math.abs(a - num) <= atol + rtol * Math.abs(num))) {
            throw new Error(
              `gradcheck(): Jacobian mismatch for output ${o} with respect to input ${i} (shape ${formatShape(x._shape)}), ` +
                `output element ${e}, input element ${j}:\nnumerical: ${num}\nanalytical: ${a}`,
            );
          }
        }
      }
    }
  }
  return true;
}

/** `gradgradcheck`'s options: `gradcheck`'s, and the vectors the first backward starts from. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /**
   * One tensor per output of `fn` (`grad_outputs`), float64; default random normal ones (from a
   * generator of its own, so the global random stream is untouched). They are differentiated
   * with respect to as well, as in PyTorch.
   */
  gradOutputs?: Tensor | readonly Tensor[] | null;
}

const GRADGRADCHECK_OPTIONS: OptionsSpec<GradgradcheckOptions> = { ...GRADCHECK_OPTIONS, gradOutputs: "any" };

/**
 * Checks second derivatives (`torch.autograd.gradgradcheck`): gradchecks the function
 * `(inputs, v) ↦ autograd.grad(fn(inputs), inputs, { gradOutputs: v, createGraph: true })` by
 * finite differences, so both the backward of `fn` and the backward of that backward are checked.
 * Inputs that require grad and the gradient outputs must be float64. Returns true or throws
 * gradcheck's error.
 *
 * PyTorch: `torch.autograd.gradgradcheck(func, inputs, grad_outputs=None, eps=1e-06, atol=1e-05, rtol=0.001)`
 *
 * @example
 * const x = randn([3, 4], { dtype: "float64", requiresGrad: true });
 * gradgradcheck((t) => t.logSoftmax(-1), [x]); // true
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Output,
  inputs: readonly Tensor[],
  options: GradgradcheckOptions = {},
): boolean {
  const o = checkArgs("gradgradcheck", fn, inputs, options, GRADGRADCHECK_OPTIONS);
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradgradcheck(): input ${i} is not a Tensor`);
  });
  const outs = enableGrad(() => outputsOf(fn(...inputs)));
  let vs: Tensor[];
  if (o.gradOutputs === undefined || o.gradOutputs === null) {
    const gen = new Generator(0);
    vs = outs.map((out) => {
      const data = new Float64Array(out.numel());
      fillNormal(gen, data, 0, 1);
      return Tensor.fromArray(data, out._shape, "float64").requiresGrad_(true);
    });
  } else {
    vs = o.gradOutputs instanceof Tensor ? [o.gradOutputs] : Array.from(o.gradOutputs);
    if (vs.length !== outs.length) {
      throw new Error(`gradgradcheck(): got ${outs.length} outputs and ${vs.length} gradOutputs`);
    }
  }
  const nIn = inputs.length;
  const diff = inputs.filter((t) => t.requiresGrad);
  // PyTorch's new_func: the first-order gradients, as a function of the inputs and the vectors.
  // Grad mode on even when gradcheck evaluates it for finite differences (under noGrad).
  const firstOrder = (...args: Tensor[]): Tensor[] =>
    enableGrad(() => {
      const ins = args.slice(0, nIn);
      const ys = outputsOf(fn(...ins));
      const pairs = ys.map((y, k) => [y, args[nIn + k]!] as const).filter(([y]) => y.requiresGrad);
      if (pairs.length === 0) return [];
      const gs = grad(
        pairs.map((p) => p[0]),
        ins.filter((t) => t.requiresGrad),
        { gradOutputs: pairs.map((p) => p[1]), createGraph: true, allowUnused: true },
      );
      return gs.filter((g): g is Tensor => g !== null);
    });
  if (diff.length === 0) throw new Error("gradgradcheck(): at least one input tensor must require grad");
  const { gradOutputs: _, ...gcOptions } = o;
  return gradcheck(firstOrder, [...inputs, ...vs], gcOptions);
}
