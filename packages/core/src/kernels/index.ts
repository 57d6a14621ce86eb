/**
 * The kernel seam: every hot loop the ops run goes through the `kernels` object below, so that a
 * faster backend (WebAssembly SIMD, worker threads) can replace some or all of them without
 * touching ops, autograd or modules. See docs/architecture.md for the contract each kernel keeps
 * (typed arrays through strides and offsets in, a contiguous typed array out, no tensors).
 *
 * Ops call `kernels.matmul(...)`: one property load per op call, nothing per element.
 */
import { binaryKernel, unaryKernel } from "./elementwise.js";
import { matmulKernel } from "./matmul.js";
import { normApplyKernel, normBackwardKernel, normStatsKernel } from "./normalization.js";
import { argReduceKernel, argReduceStridedKernel, reduceKernel, reduceStridedKernel } from "./reduce.js";
import { logsumexpKernel, softmaxBackwardKernel, softmaxKernel } from "./softmax.js";

export { BinOp, UnOp } from "./elementwise.js";
export { RedOp } from "./reduce.js";
export { SoftmaxKind } from "./softmax.js";

/** The replaceable kernels; each entry has the signature of the TypeScript kernel it names. */
export interface Kernels {
  /** `C[m, n] = A[m, k] @ B[k, n]`, A and B through (row, col) strides, C contiguous. */
  matmul: typeof matmulKernel;
  /** `out = a op b` over a broadcast shape (`BinOp`). */
  binary: typeof binaryKernel;
  /** `out = f(x)` (`UnOp`, including the strided copy behind `contiguous()`). */
  unary: typeof unaryKernel;
  /** sum / prod / max / min over the middle dim of a contiguous `[outer, n, inner]` view. */
  reduce: typeof reduceKernel;
  /** sum / prod / max / min over some dims of a strided view (expanded, transposed), not copied first. */
  reduceStrided: typeof reduceStridedKernel;
  /** max / min values and their indices over the middle dim of `[outer, n, inner]`. */
  argReduce: typeof argReduceKernel;
  /** the same along one dim of a strided view, read through the strides. */
  argReduceStrided: typeof argReduceStridedKernel;
  /** softmax or log-softmax over the middle dim of `[outer, n, inner]`, max-shifted. */
  softmax: typeof softmaxKernel;
  /** The gradient of softmax / log-softmax from the output and the incoming gradient. */
  softmaxBackward: typeof softmaxBackwardKernel;
  /** log Σ exp over the middle dim of `[outer, n, inner]`, max-shifted. */
  logsumexp: typeof logsumexpKernel;
  /** Per-channel mean and biased variance over the outer and inner dims of `[outer, c, inner]`. */
  normStats: typeof normStatsKernel;
  /** `x · scale[k] + shift[k]` per channel k of `[outer, c, inner]` (normalize, then affine). */
  normApply: typeof normApplyKernel;
  /** The normalizations' backward: per-channel Σg and Σg·x̂, and the input gradient. */
  normBackward: typeof normBackwardKernel;
}

/** The default pure-TypeScript kernels (a backend calls these for the cases it does not handle). */
export const cpuKernels: Readonly<Kernels> = Object.freeze({
  matmul: matmulKernel,
  binary: binaryKernel,
  unary: unaryKernel,
  reduce: reduceKernel,
  reduceStrided: reduceStridedKernel,
  argReduce: argReduceKernel,
  argReduceStrided: argReduceStridedKernel,
  softmax: softmaxKernel,
  softmaxBackward: softmaxBackwardKernel,
  logsumexp: logsumexpKernel,
  normStats: normStatsKernel,
  normApply: normApplyKernel,
  normBackward: normBackwardKernel,
});

/** The kernels the ops call (internal: changed only through {@link setKernels}). */
export const kernels: Kernels = { ...cpuKernels };

const NAMES = Object.keys(cpuKernels) as (keyof Kernels)[];

/** A copy of the kernels in use. */
export function getKernels(): Kernels {
  return { ...kernels };
}

/**
 * Replaces some or all kernels and returns the previous set, so that `setKernels(previous)`
 * restores it. Entries left out are kept.
 *
 * @param replacement kernels by name (`matmul`, `binary`, `unary`, `reduce`, `reduceStrided`, `argReduce`, `argReduceStrided`,
 *   `softmax`, `softmaxBackward`, `logsumexp`, `normStats`, `normApply`, `normBackward`), each with the TypeScript kernel's signature
 * @returns the kernels in use before the call
 *
 * @example
 * // (not run: setKernels is internal, not exported)
 * const previous = setKernels({ matmul: (...args) => { calls++; cpuKernels.matmul(...args); } });
 * // ... every matmul now goes through the wrapper ...
 * setKernels(previous);
 */
export function setKernels(replacement: Partial<Kernels>): Kernels {
  for (const [name, fn] of Object.entries(replacement)) {
    if (!NAMES.includes(name as keyof Kernels)) {
      throw new Error(`setKernels(): unknown kernel '${name}' (expected one of ${NAMES.join(", ")})`);
    }
    if (typeof fn !== "function") {
      throw new Error(
        `setKernels(): kernel '${name}' must be a function, but got ${fn === null ? "null" : typeof fn}`,
      );
    }
  }
  const previous = getKernels();
  Object.assign(kernels, replacement);
  return previous;
}
