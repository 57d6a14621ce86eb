/**
 * `torch.nn.utils` in TypeScript: gradient clipping (`clipGradNorm_`, `clipGradValue_`) and the
 * conversions between a model's parameters and one flat vector.
 */
import {
  cat,
  checkOptions,
  formatShape,
  noGrad,
  type OptionsSpec,
  promoteTypes,
  scalarTensor,
  Tensor,
  typeNameOf,
} from "@tsgrad/core";

/** {@link clipGradNorm_}'s options. */
export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2); `Infinity` for the largest absolute value. */
  normType?: number;
  /** Throw if the total norm is NaN or ±Infinity, rather than scaling the gradients by it (default false). */
  errorIfNonfinite?: boolean;
}

const CLIP_GRAD_NORM_OPTIONS: OptionsSpec<ClipGradNormOptions> = {
  normType: "number",
  errorIfNonfinite: "boolean",
};

/** The tensors of `parameters` (a tensor or an iterable of them), checked. */
function tensorList(op: string, parameters: Iterable<Tensor> | Tensor): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (
    parameters === null ||
    typeof (parameters as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(
      `${op}(): parameters must be a Tensor or an iterable of Tensors, but got ${describe(parameters)}`,
    );
  }
  const list = Array.from(parameters as Iterable<unknown>);
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) {
      throw new TypeError(`${op}(): parameters must be Tensors, but parameter ${i} is ${describe(p)}`);
    }
  });
  return list as Tensor[];
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  return typeof v === "object" ? typeNameOf(v) : typeof v;
}

function checkNumber(op: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number") throw new TypeError(`${op}(): ${name} must be a number, but got ${describe(v)}`);
}

/** A float as Python's str() writes it, as PyTorch's messages show `norm_type`: 2.0, inf. */
function pyFloat(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** The p-norm of the values of `t` (any layout), in double; the same formulas PyTorch's norm uses. */
function pNorm(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (p === Infinity || p === -Infinity) {
    let m = p === Infinity ? 0 : Infinity;
    if (n === 0) return p === Infinity ? 0 : Infinity;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(values[i]!);
      if (a !== a) return Number.NaN;
      m = p === Infinity ? Math.max(m, a) : Math.min(m, a);
    }
    return m;
  }
  let s = 0;
  if (p === 0) {
    for (let i = 0; i < n; i++) if (values[i] !== 0) s += 1;
    return s;
  }
  for (let i = 0; i < n; i++) s += Math.abs(values[i]!) ** p;
  return p === 1 ? s : s ** (1 / p);
}

/** The values of `t` in row-major order: its storage when contiguous, a contiguous copy otherwise. */
function values(t: Tensor): ArrayLike<number> {
  const c = t.isContiguous() ? t : t.contiguous();
  return c.storage.data.subarray(c.offset, c.offset + c.numel()) as ArrayLike<number>;
}

/**
 * Scales the gradients of `parameters` in place so that their total norm (the norm of all of them
 * concatenated) is at most `maxNorm`, and returns that total norm as a 0-d tensor, as PyTorch's
 * `torch.nn.utils.clip_grad_norm_`. Parameters whose `.grad` is null are left out.
 *
 * As in PyTorch 1.13, every gradient is multiplied by min(1, maxNorm / (total + 1e-6)) (so a norm
 * below `maxNorm` still multiplies by 1), the norm is computed in the gradients' dtype, and with no
 * gradient at all the result is a float32 0.
 *
 * Params: `parameters` — a tensor or tensors (e.g. `model.parameters()`); `maxNorm` — the largest
 * norm allowed; `options` — {@link ClipGradNormOptions}: normType = 2, errorIfNonfinite = false.
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * // PyTorch: torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
 * loss.backward();
 * const total = clipGradNorm_(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm_(
  parameters: Iterable<Tensor> | Tensor,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): Tensor {
  const op = "clipGradNorm_";
  const params = tensorList(op, parameters);
  checkNumber(op, "maxNorm", maxNorm);
  const { normType = 2, errorIfNonfinite = false } = checkOptions(op, options, CLIP_GRAD_NORM_OPTIONS, 3);
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return scalarTensor(0, { dtype: "float32" });
  const dtype = grads.map((g) => g.dtype).reduce((a, b) => promoteTypes(a, b));
  // Each gradient's norm, rounded to the dtype as PyTorch's per-tensor norm is, then the norm of those.
  const norms = new Float64Array(grads.length);
  grads.forEach((g, i) => {
    const n = pNorm(values(g), normType);
    norms[i] = g.dtype === "float32" ? Math.fround(n) : n;
  });
  const total = scalarTensor(pNorm(norms, normType), { dtype });
  const t = total.item();
  if (errorIfNonfinite && !Number.isFinite(t)) {
    throw new Error(
      `${op}(): The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\` (in tsgrad: \`{ errorIfNonfinite: false }\`)`,
    );
  }
  noGrad(() => {
    // PyTorch's steps, each a tensor op in the norm's dtype: max_norm / (total + 1e-6) is
    // reciprocal() * max_norm there, clamped at 1, and every gradient multiplied by it.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1);
    for (const g of grads) g.mul_(coef);
  });
  return total;
}

/**
 * Clamps the gradients of `parameters` in place to [−clipValue, clipValue], as PyTorch's
 * `torch.nn.utils.clip_grad_value_`. Parameters whose `.grad` is null are left out.
 *
 * @example
 * const model = new Linear(4, 2);
 * const loss = model.call(randn([8, 4])).square().mean();
 * loss.backward();
 * // PyTorch: torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
 * clipGradValue_(model.parameters(), 0.5);
 */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  const op = "clipGradValue_";
  const params = tensorList(op, parameters);
  checkNumber(op, "clipValue", clipValue);
  noGrad(() => {
    for (const p of params) p.grad?.clamp_(-clipValue, clipValue);
  });
}

/**
 * All of `parameters` flattened and concatenated into one 1-D tensor, as PyTorch's
 * `torch.nn.utils.parameters_to_vector` (differentiable: it is a `cat` of reshapes).
 *
 * @example
 * const model = new Linear(4, 2);
 * // PyTorch: vec = torch.nn.utils.parameters_to_vector(model.parameters())
 * const vec = parametersToVector(model.parameters());
 * vec.shape; // [10]
 */
export function parametersToVector(parameters: Iterable<Tensor> | Tensor): Tensor {
  const params = tensorList("parametersToVector", parameters);
  if (params.length === 0)
    throw new Error("parametersToVector(): expected at least one parameter, but got none");
  return cat(params.map((p) => p.reshape(-1)));
}

/**
 * Copies consecutive slices of the 1-D tensor `vec` into `parameters`, in order, as PyTorch's
 * `torch.nn.utils.vector_to_parameters` (which assigns `param.data`; no gradient flows either way).
 * `vec` must hold exactly as many elements as the parameters together (PyTorch fails with a view
 * error when it has too few, and ignores the rest when it has too many).
 *
 * @example
 * const model = new Linear(4, 2);
 * const vec = zeros([10]);
 * // PyTorch: torch.nn.utils.vector_to_parameters(vec, model.parameters())
 * vectorToParameters(vec, model.parameters());
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor> | Tensor): void {
  const op = "vectorToParameters";
  if (!(vec instanceof Tensor)) throw new TypeError(`${op}(): expected a Tensor, but got: ${describe(vec)}`);
  if (vec.dim() !== 1)
    throw new Error(`${op}(): expected a 1-D vector, but got shape ${formatShape(vec._shape)}`);
  const params = tensorList(op, parameters);
  const total = params.reduce((s, p) => s + p.numel(), 0);
  if (vec.numel() !== total) {
    throw new Error(`${op}(): vec has ${vec.numel()} elements, but the parameters have ${total} in all`);
  }
  noGrad(() => {
    let at = 0;
    for (const p of params) {
      const n = p.numel();
      p.copy_(vec.narrow(0, at, n).reshape(p._shape));
      at += n;
    }
  });
}
