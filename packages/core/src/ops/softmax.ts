/**
 * The softmax family. These are fused: one pass for the forward with the max shift, and a
 * hand-written backward that needs only the output (cheaper and more stable than the composed
 * `exp(x) / sum(exp(x))`; a test checks the two agree).
 */
import { noGrad } from "../autograd/grad-mode.js";
import { needsGrad, record } from "../autograd/node.js";
import { allocate, checkDtype, type DType, getDefaultDtype, isFloating } from "../dtype.js";
import { kernels, SoftmaxKind } from "../kernels/index.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { checkIntOrList, normalizeDim, normalizeDims } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkFloating, checkKeepdim, checkTensor, type Keepdim } from "./check.js";
import { where } from "./elementwise.js";
import { alongDim, amax, sum } from "./reduce.js";

/** softmax's and logSoftmax's keyword argument, PyTorch's `dtype=`. */
export interface SoftmaxOptions {
  /** Cast the input to this dtype first, e.g. `"float64"` to compute a float32 input in double. */
  dtype?: DType | null;
}
const SOFTMAX_OPTIONS: OptionsSpec<SoftmaxOptions> = { dtype: "any" };

/** The input cast to PyTorch's `dtype` argument, given positionally (`x.softmax(1, "float64")`) or as an option. */
function castTo(op: string, x: Tensor, dtype: DType | SoftmaxOptions | null | undefined): Tensor {
  const d =
    typeof dtype === "object" && dtype !== null ? checkOptions(op, dtype, SOFTMAX_OPTIONS, 3).dtype : dtype;
  return d === undefined || d === null ? x : x.to(checkDtype(op, d));
}

function softmaxLike(kind: SoftmaxKind, op: string, name: string, x: Tensor, dim: number): Tensor {
  checkFloating(op, x);
  const d = normalizeDim(op, dim, x.dim());
  const { x: c, outer, n, inner } = alongDim(x, d);
  const out = allocate(x.dtype, x.numel());
  kernels.softmax(kind, c.storage.data, c.offset, outer, n, inner, out);
  const y = Tensor.fromArray(out, x._shape, x.dtype);
  return record(y, name, [x], [y], (g, [ys]) => {
    // Under createGraph, the same rule in recorded ops, so that it can be differentiated again.
    if (needsGrad(g, ys)) {
      return kind === SoftmaxKind.Softmax
        ? [ys!.mul(g.sub(g.mul(ys!).sum(d, true)))] // y·(g − Σ g·y)
        : [g.sub(ys!.exp().mul(g.sum(d, true)))]; // g − exp(y)·Σ g
    }
    const gc = alongDim(g, d).x;
    const res = allocate(g.dtype, g.numel());
    kernels.softmaxBackward(
      kind,
      ys!.storage.data,
      ys!.offset,
      gc.storage.data,
      gc.offset,
      outer,
      n,
      inner,
      res,
    );
    return [Tensor.fromArray(res, ys!._shape, g.dtype)];
  });
}

/**
 * `exp(x) / Σ exp(x)` along `dim`, computed with the max subtracted (`torch.softmax`).
 *
 * @param dtype PyTorch's `dtype`: the input is cast to it first; positional as in
 *   `x.softmax(1, torch.float64)`, or `{ dtype }` as in `F.softmax(x, 1, dtype=torch.float64)`
 *
 * @example
 * tensor([1, 2, 3]).float().softmax(0) // tensor([0.0900, 0.2447, 0.6652])
 * tensor([1, 2, 3]).softmax(0, "float64").dtype // "float64"
 */
export function softmax(x: Tensor, dim: number, dtype?: DType | SoftmaxOptions | null): Tensor {
  checkTensor("softmax", x);
  return softmaxLike(SoftmaxKind.Softmax, "softmax", "SoftmaxBackward0", castTo("softmax", x, dtype), dim);
}

/**
 * `x − logsumexp(x)` along `dim` (`torch.log_softmax`), computed as `(x − max) − log Σ exp(x − max)`:
 * exact to rounding at any scale (float32 `[1e15, 1e15, 0]` gives `[-0.6931, -0.6931, -1e15]`, as
 * PyTorch), and a `-inf` logit gives `-inf` with a finite gradient.
 *
 * @param dtype PyTorch's `dtype`: the input is cast to it first (see {@link softmax})
 *
 * @example
 * logSoftmax(tensor([0, 0], { dtype: "float32" }), 0); // tensor([-0.6931, -0.6931])
 * logSoftmax(tensor([0, 0], { dtype: "float32" }), 0, { dtype: "float64" }).dtype; // "float64"
 */
export function logSoftmax(x: Tensor, dim: number, dtype?: DType | SoftmaxOptions | null): Tensor {
  checkTensor("log_softmax", x);
  const xc = castTo("log_softmax", x, dtype);
  return softmaxLike(SoftmaxKind.LogSoftmax, "log_softmax", "LogSoftmaxBackward0", xc, dim);
}

/**
 * `log Σ exp(x)` over `dim` (one or several; `[]` means all), stable; an all `-inf` slice gives
 * `-inf`, not NaN (`torch.logsumexp`). Its gradient is `softmax(x)` along the reduced dims (NaN
 * for an all `-inf` slice, as in PyTorch), accurate for huge logits too, where PyTorch's is not
 * (see the backward). Integer inputs are computed in float32.
 *
 * @param x input tensor
 * @param dim the dim or dims to reduce (negative dims count from the end)
 * @param keepdimArg keep the reduced dims with size 1 (default false)
 *
 * @example
 * tensor([[0, 0], [1, 1]]).logsumexp(1) // tensor([0.6931, 1.6931])
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdimArg: Keepdim = false): Tensor {
  const keepdim = checkKeepdim("logsumexp", keepdimArg);
  checkTensor("logsumexp", x);
  // PyTorch computes integer and bool inputs in the default float dtype.
  if (!isFloating(x.dtype)) return logsumexp(x.to(getDefaultDtype()), dim, keepdim);
  const given = checkIntOrList("logsumexp", "dim", dim);
  // An empty list reduces every dim, as `sum(x, [])` does.
  const dims = given.length === 0 ? x._shape.map((_, i) => i) : normalizeDims("logsumexp", given, x.dim());
  const keptShape = x._shape.map((s, i) => (dims.includes(i) ? 1 : s));
  let y: Tensor;
  if (dims.length === 1) {
    const { x: c, outer, n, inner } = alongDim(x, dims[0]!);
    const out = allocate(x.dtype, outer * inner);
    kernels.logsumexp(c.storage.data, c.offset, outer, n, inner, out);
    y = Tensor.fromArray(out, keptShape, x.dtype);
  } else {
    // Several dims: move them last and flatten them into one; the node below is still one
    // LogsumexpBackward0, as in PyTorch.
    y = noGrad(() => {
      const kept = x._shape.map((_, i) => i).filter((i) => !dims.includes(i));
      // The reduced size is given explicitly: a -1 cannot be inferred when the tensor is empty.
      const n = dims.reduce((p, i) => p * x._shape[i]!, 1);
      const flat = x.permute([...kept, ...dims]).reshape([...kept.map((i) => x._shape[i]!), n]);
      return Tensor.withShape(logsumexp(flat, -1, false), keptShape);
    });
  }
  const result = keepdim
    ? y
    : Tensor.withShape(
        y,
        x._shape.filter((_, i) => !dims.includes(i)),
      );
  const shape = x._shape;
  // y is saved, though the backward does not read it, so that modifying the output in place is
  // caught as in PyTorch (which saves the result).
  return record(result, "LogsumexpBackward0", [x], [x, y], (g, [xs]) => {
    const gk = keepdim ? g : g.reshape(keptShape);
    if (xs!.numel() === 0) return [gk.expand(shape).mul(0)]; // nothing to differentiate (amax would throw)
    // ∂/∂x = exp((x − m) − log Σ exp(x − m)), m the kernel's shift (the max, 0 where infinite).
    // PyTorch's exp(x − y) is the same in exact arithmetic, but y = m + log s drops log s once
    // |m| ≫ log s: it gives [1, 1, 0] for float32 logits [1e15, 1e15, 0] instead of [0.5, 0.5, 0].
    const m = amax(xs!, dims, true);
    const d = xs!.sub(where(m.abs().eq(Number.POSITIVE_INFINITY), 0, m));
    const logS = sum(d.exp(), dims, true).log();
    return [d.sub(logS).exp().mul(gk.expand(shape))];
  });
}
