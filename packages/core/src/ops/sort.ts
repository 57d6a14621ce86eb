/**
 * Sorting ops: `sort`, `argsort` and `topk` along one dim. Indices are int32; the gradient of the
 * values goes back to the position each value came from (a scatter of the upstream gradient).
 *
 * Ties: tsgrad always sorts stably, so equal values keep their original order — the order
 * PyTorch gives with `stable=True`. PyTorch's default CPU sort (`stable=False`) may order equal
 * values differently in rows longer than 16, and its `topk` picks and orders tied values in an
 * unspecified way; the values are the same either way.
 */
import { record } from "../autograd/node.js";
import { allocate } from "../dtype.js";
import { sortLines } from "../kernels/sort.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { checkInt, formatShape, normalizeDim } from "../shape.js";
import { Tensor, type ValuesIndices } from "../tensor.js";
import { checkTensor, checkType } from "./check.js";
import { alongDim } from "./reduce.js";

/** Options of `sort` and `argsort` that PyTorch takes as keywords. */
export interface SortOptions {
  /** Accepted for PyTorch compatibility; tsgrad's sort is always stable. */
  stable?: boolean;
}

const SORT_OPTIONS: OptionsSpec<SortOptions> = { stable: "boolean" };

/** Sorts lines along `d` (normalized) and keeps the first `k`: the shared forward of all three ops. */
function sortForward(x: Tensor, d: number, k: number, descending: boolean): ValuesIndices {
  const { x: c, outer, n, inner } = alongDim(x, d);
  const shape = x.shape.slice();
  if (shape.length > 0) shape[d] = k;
  const count = outer * k * inner;
  const values = allocate(x.dtype, count);
  const indices = new Int32Array(count);
  if (count > 0) sortLines(c.storage.data, c.offset, outer, n, inner, k, descending, values, indices);
  return {
    values: Tensor.fromArray(values, shape, x.dtype),
    indices: Tensor.fromArray(indices, shape, "int32"),
  };
}

/** Records the values' backward: the gradient returns to the index each value came from. */
function recordSelect(name: string, x: Tensor, d: number, r: ValuesIndices): ValuesIndices {
  const shape = x.shape;
  record(r.values, name, [x], [r.indices], (g, [ind]) => [
    shape.length === 0 ? g : Tensor.alloc(shape, g.dtype).scatter(d, ind!, g),
  ]);
  return r;
}

/**
 * Sorts the elements along `dim` (`torch.sort`). NaN counts as the largest value; equal values
 * keep their order (stable).
 *
 * @param dim the dim to sort along, default -1
 * @param descending largest first, default false
 * @param options `{ stable }`, accepted for PyTorch compatibility (the sort is always stable)
 * @returns `{ values, indices }`: the sorted values (same shape and dtype as the input) and the
 *   int32 positions they came from, so `x.gather(dim, indices)` equals `values`
 *
 * @example
 * const { values, indices } = sort(tensor([3, 1, 2]));
 * // values tensor([1, 2, 3]), indices tensor([1, 2, 0])
 */
export function sort(x: Tensor, dim = -1, descending = false, options: SortOptions = {}): ValuesIndices {
  checkTensor("sort", x);
  checkType("sort", "descending", descending, "boolean");
  checkOptions("sort", options, SORT_OPTIONS);
  const d = normalizeDim("sort", dim, x.dim());
  const n = x.dim() === 0 ? 1 : x.shape[d]!;
  // PyTorch's overload with `stable=` names its node SortBackward1; printed grad_fns match.
  const name = options.stable === undefined ? "SortBackward0" : "SortBackward1";
  return recordSelect(name, x, d, sortForward(x, d, n, descending));
}

/**
 * The int32 indices that sort `x` along `dim` (`torch.argsort`): `sort(x, dim, descending).indices`.
 *
 * @param dim default -1
 * @param descending default false
 * @param options `{ stable }`, accepted for PyTorch compatibility (the sort is always stable)
 *
 * @example
 * argsort(tensor([3, 1, 2]), -1, true); // tensor([0, 2, 1])
 */
export function argsort(x: Tensor, dim = -1, descending = false, options: SortOptions = {}): Tensor {
  checkTensor("argsort", x);
  checkType("argsort", "descending", descending, "boolean");
  checkOptions("argsort", options, SORT_OPTIONS);
  const d = normalizeDim("argsort", dim, x.dim());
  const n = x.dim() === 0 ? 1 : x.shape[d]!;
  return sortForward(x, d, n, descending).indices;
}

/**
 * The `k` largest (or smallest) elements along `dim` (`torch.topk`), e.g. for top-k accuracy.
 * NaN counts as the largest value.
 *
 * @param k how many to keep, `0 <= k <= size of dim`
 * @param dim default -1
 * @param largest the largest (default true) or the smallest
 * @param sorted accepted for PyTorch compatibility: the result is always in sorted order
 *   (PyTorch leaves the order unspecified when `sorted=false`)
 * @returns `{ values, indices }` with `dim` of size `k`; indices are int32
 *
 * Among equal values at the cut, the earliest positions are kept (PyTorch's choice there is
 * unspecified).
 *
 * @example
 * const logits = tensor([[0.1, 2.0, 0.3], [1.5, 0.2, 0.9]]);
 * topk(logits, 2).indices; // tensor([[1, 2], [0, 2]])
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  checkTensor("topk", x);
  checkInt("topk", "k", k);
  checkType("topk", "largest", largest, "boolean");
  checkType("topk", "sorted", sorted, "boolean");
  const d = normalizeDim("topk", dim, x.dim());
  const size = x.dim() === 0 ? 1 : x.shape[d]!;
  if (k < 0 || k > size) {
    throw new Error(
      `topk(): selected index k out of range (k = ${k}, but dim ${d} of the input of shape ${formatShape(x.shape)} has size ${size})`,
    );
  }
  // A full sort of each line: O(n log n), simple, and it gives the stable order at ties.
  return recordSelect("TopkBackward0", x, d, sortForward(x, d, x.dim() === 0 ? 1 : k, largest));
}
