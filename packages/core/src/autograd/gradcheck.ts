import { checkOptions, type OptionsSpec } from "../options.js";
import { formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
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
  if (typeof fn !== "function") {
    throw new TypeError(`gradcheck(): argument 'func' must be a function, but got ${typeof fn}`);
  }
  if (!Array.isArray(inputs)) {
    const got = inputs instanceof Tensor ? "a Tensor (pass [x])" : typeof inputs;
    throw new TypeError(`gradcheck(): argument 'inputs' must be an array of Tensors, but got ${got}`);
  }
  checkOptions("gradcheck", options, GRADCHECK_OPTIONS, 3);
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
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
