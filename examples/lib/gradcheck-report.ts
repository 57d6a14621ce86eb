/**
 * Per-parameter gradient errors for a scalar loss: backward() against central finite differences,
 * reported as the largest absolute difference per named tensor. `gradcheck` from @tsgrad/core says
 * pass or fail; this says by how much, which is what a person wants to see printed.
 */
import { noGrad, type Tensor } from "@tsgrad/core";

export interface GradError {
  name: string;
  shape: readonly number[];
  /** max_j |analytic_j − numeric_j| over the tensor's elements. */
  maxAbsError: number;
  /** max_j |numeric_j|, for scale. */
  maxAbsGrad: number;
}

/**
 * For each `[name, tensor]` (float64 leaves that require grad and feed `loss()`), the largest
 * absolute difference between `backward()`'s gradient and `(f(x + eps) − f(x − eps)) / 2eps`.
 */
export function gradientErrors(
  loss: () => Tensor,
  inputs: readonly [string, Tensor][],
  eps = 1e-6,
): GradError[] {
  for (const [name, t] of inputs) {
    if (t.dtype !== "float64")
      throw new Error(`gradientErrors(): ${name} is ${t.dtype}; finite differences need float64`);
    if (!t.isContiguous()) throw new Error(`gradientErrors(): ${name} must be contiguous`);
    t.grad = null;
  }
  loss().backward();
  return inputs.map(([name, t]) => {
    const analytic = t.grad ? t.grad.toTypedArray() : new Float64Array(t.numel());
    const data = t.storage.data;
    let maxAbsError = 0;
    let maxAbsGrad = 0;
    for (let j = 0; j < t.numel(); j++) {
      const pos = t.offset + j;
      const orig = data[pos]!;
      data[pos] = orig + eps;
      const plus = noGrad(() => loss().item());
      data[pos] = orig - eps;
      const minus = noGrad(() => loss().item());
      data[pos] = orig;
      const numeric = (plus - minus) / (2 * eps);
      maxAbsError = Math.max(maxAbsError, Math.abs(analytic[j]! - numeric));
      maxAbsGrad = Math.max(maxAbsGrad, Math.abs(numeric));
    }
    t.grad = null;
    return { name, shape: t.shape, maxAbsError, maxAbsGrad };
  });
}
