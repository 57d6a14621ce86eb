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
import { checkOptions, type OptionsSpec, positionalOrKeywords } from "../options.js";
import { checkInt, formatShape, normalizeDim } from "../shape.js";
import { returnTypes, Tensor, type ValuesIndices } from "../tensor.js";
import { checkTensor } from "./check.js";
import { alongDim } from "./reduce.js";

/**
 * `sort` and `argsort`'s keywords: PyTorch's keyword-only `stable` as the trailing options object,
 * or all three in `dim`'s place (`x.sort({ descending: true })` for `x.sort(descending=True)`).
 */
export interface SortOptions {
  /** The dim to sort along (default -1). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
  /** Accepted for PyTorch compatibility; tsgrad's sort is always stable. */
  stable?: boolean;
}

// Key order is positional order: sort(x, dim, descending).
const SORT_OPTIONS: OptionsSpec<SortOptions> = { dim: "integer", descending: "boolean", stable: "boolean" };
/** `sort`'s trailing options: PyTorch's keyword-only `stable`. */
export type StableOption = Pick<SortOptions, "stable">;
const STABLE_OPTION: OptionsSpec<StableOption> = { stable: "boolean" };

/** `topk`'s keywords, given in `dim`'s place (`x.topk(2, { largest: false })`). */
export interface TopkOptions {
  /** The dim to select along (default -1). */
  dim?: number;
  /** The largest (default true) or the smallest. */
  largest?: boolean;
  /** Accepted for PyTorch compatibility: the result is always in sorted order. */
  sorted?: boolean;
}

const TOPK_OPTIONS: OptionsSpec<TopkOptions> = { dim: "integer", largest: "boolean", sorted: "boolean" };

/** Sorts lines along `d` (normalized) and keeps the first `k`: the shared forward of all three ops. */
function sortForward(
  x: Tensor,
  d: number,
  k: number,
  descending: boolean,
): { values: Tensor; indices: Tensor } {
  const { x: c, outer, n, inner } = alongDim(x, d);
  const shape = x._shape.slice();
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
function recordSelect(
  op: "sort" | "topk",
  name: string,
  x: Tensor,
  d: number,
  r: { values: Tensor; indices: Tensor },
): ValuesIndices {
  const shape = x._shape;
  record(r.values, name, [x], [r.indices], (g, [ind]) => [
    shape.length === 0 ? g : Tensor.alloc(shape, g.dtype).scatter(d, ind!, g),
  ]);
  return returnTypes(op, r.values, r.indices);
}

/** The checks of sort and argsort, positional or keywords: the dim (normalized), its size, the order and whether `stable` was given. */
function sortArgs(
  op: string,
  x: Tensor,
  dimArg: number | SortOptions | undefined,
  descendingArg: boolean | undefined,
  trailing: StableOption | undefined,
): { d: number; n: number; descending: boolean; stable: boolean | undefined } {
  checkTensor(op, x);
  const o = positionalOrKeywords(op, SORT_OPTIONS, [dimArg, descendingArg], 2);
  const t = checkOptions(op, trailing ?? {}, STABLE_OPTION, 4);
  const d = normalizeDim(op, o.dim ?? -1, x.dim());
  const n = x.dim() === 0 ? 1 : x._shape[d]!;
  return { d, n, descending: o.descending ?? false, stable: o.stable ?? t.stable };
}

/**
 * Sorts the elements along `dim` (`torch.sort`). NaN counts as the largest value; equal values
 * keep their order (stable).
 *
 * @param dim the dim to sort along, default -1; or the keywords `{ dim, descending, stable }`
 *   (`x.sort({ descending: true })` for PyTorch's `x.sort(descending=True)`)
 * @param descending largest first, default false
 * @param options `{ stable }`, accepted for PyTorch compatibility (the sort is always stable)
 * @returns `{ values, indices }`: the sorted values (same shape and dtype as the input) and the
 *   int32 positions they came from, so `x.gather(dim, indices)` equals `values`
 *
 * @example
 * const { values, indices } = sort(tensor([3, 1, 2]));
 * // values tensor([1, 2, 3]), indices tensor([1, 2, 0])
 */
export function sort(
  x: Tensor,
  dim?: number | SortOptions,
  descending?: boolean,
  options?: StableOption,
): ValuesIndices {
  const a = sortArgs("sort", x, dim, descending, options);
  // PyTorch's overload with `stable=` names its node SortBackward1; printed grad_fns match.
  const name = a.stable === undefined ? "SortBackward0" : "SortBackward1";
  return recordSelect("sort", name, x, a.d, sortForward(x, a.d, a.n, a.descending));
}

/**
 * The int32 indices that sort `x` along `dim` (`torch.argsort`): `sort(x, dim, descending).indices`.
 *
 * @param dim default -1; or the keywords `{ dim, descending, stable }`
 * @param descending default false
 * @param options `{ stable }`, accepted for PyTorch compatibility (the sort is always stable)
 *
 * @example
 * argsort(tensor([3, 1, 2]), -1, true); // tensor([0, 2, 1])
 */
export function argsort(
  x: Tensor,
  dim?: number | SortOptions,
  descending?: boolean,
  options?: StableOption,
): Tensor {
  const a = sortArgs("argsort", x, dim, descending, options);
  return sortForward(x, a.d, a.n, a.descending).indices;
}

/**
 * The `k` largest (or smallest) elements along `dim` (`torch.topk`), e.g. for top-k accuracy.
 * NaN counts as the largest value.
 *
 * @param k how many to keep, `0 <= k <= size of dim`
 * @param dimArg default -1; or the keywords `{ dim, largest, sorted }` (`x.topk(2, { largest: false })`)
 * @param largestArg the largest (default true) or the smallest
 * @param sortedArg accepted for PyTorch compatibility: the result is always in sorted order
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
export function topk(
  x: Tensor,
  k: number,
  dimArg?: number | TopkOptions,
  largestArg?: boolean,
  sortedArg?: boolean,
): ValuesIndices {
  checkTensor("topk", x);
  checkInt("topk", "k", k);
  const { dim = -1, largest = true } = positionalOrKeywords(
    "topk",
    TOPK_OPTIONS,
    [dimArg, largestArg, sortedArg],
    3,
  );
  const d = normalizeDim("topk", dim, x.dim());
  const size = x.dim() === 0 ? 1 : x._shape[d]!;
  if (k < 0 || k > size) {
    throw new Error(
      `topk(): selected index k out of range (k = ${k}, but dim ${d} of the input of shape ${formatShape(x._shape)} has size ${size})`,
    );
  }
  // A full sort of each line: O(n log n), simple, and it gives the stable order at ties.
  return recordSelect("topk", "TopkBackward0", x, d, sortForward(x, d, x.dim() === 0 ? 1 : k, largest));
}

// ---- searchsorted, unique -----------------------------------------------------------------------

/** `searchsorted`'s keyword options. */
export interface SearchsortedOptions {
  /** Return the last suitable position instead of the first (`right=True`; default false). */
  right?: boolean;
  /** `"left"` or `"right"`, the same as `right` (PyTorch's `side`); it must agree with `right`. */
  side?: "left" | "right";
}
const SEARCHSORTED_OPTIONS: OptionsSpec<SearchsortedOptions> = { right: "boolean", side: "string" };

/**
 * Where `values` would be inserted into `sortedSequence` to keep it sorted
 * (`torch.searchsorted`): int32 positions `i` with `seq[i-1] < v <= seq[i]` (with `right`:
 * `seq[i-1] <= v < seq[i]`). The sequence is 1-D, or `[..., M]` with the values `[..., K]` sharing
 * its leading dims. The search is PyTorch's binary search, so NaN compares as PyTorch's does.
 *
 * PyTorch: `torch.searchsorted(edges, x, right=True)`.
 * @example searchsorted(tensor([1, 3, 5]), tensor([3, 6])) // [1, 3]
 */
export function searchsorted(sortedSequence: Tensor, values: Tensor, options?: SearchsortedOptions): Tensor {
  const { right = false, side } = checkOptions("searchsorted", options, SEARCHSORTED_OPTIONS, 3);
  checkTensor("searchsorted", sortedSequence, "sorted_sequence");
  checkTensor("searchsorted", values, "input");
  if (side !== undefined && side !== "left" && side !== "right") {
    throw new Error(`searchsorted(): side can only be 'left' or 'right' but got ${side}`);
  }
  if (side === "left" && right) {
    throw new Error(
      "searchsorted(): side and right can't be set to opposites, got side of left while right was True",
    );
  }
  const upper = right || side === "right";
  const seqShape = sortedSequence._shape;
  const nd = seqShape.length;
  const lead = seqShape.slice(0, -1);
  if (nd === 0 || (nd > 1 && (values.dim() !== nd || lead.some((s, i) => s !== values._shape[i])))) {
    throw new Error(
      `searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor ${formatShape(seqShape)} and input value tensor ${formatShape(values._shape)}`,
    );
  }
  const seq = sortedSequence.contiguous().toTypedArray();
  const vals = values.contiguous().toTypedArray();
  const m = seqShape[nd - 1]!;
  const perRow = nd === 1 ? vals.length : (values._shape[nd - 1] ?? 1);
  const out = new Int32Array(vals.length);
  for (let i = 0; i < vals.length; i++) {
    const base = nd === 1 ? 0 : Math.floor(i / perRow) * m;
    const v = vals[i]!;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = seq[base + mid]!;
      // PyTorch's cus_lower_bound / cus_upper_bound, NaN included.
      if (upper ? !(s > v) : !(s >= v)) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return Tensor.fromArray(out, values._shape.slice(), "int32");
}

/** `unique`'s keyword options. */
export interface UniqueOptions {
  /** Sorted ascending (default true; tsgrad always sorts, which PyTorch's CPU unique does too). */
  sorted?: boolean;
  /** Also return, for each input element, the position of its value in the output. */
  returnInverse?: boolean;
  /** Also return how often each unique value occurs. */
  returnCounts?: boolean;
}
const UNIQUE_OPTIONS: OptionsSpec<UniqueOptions> = {
  sorted: "boolean",
  returnInverse: "boolean",
  returnCounts: "boolean",
};

/**
 * The distinct values of `x` (flattened), sorted (`torch.unique`); NaNs are each distinct and
 * last, as in PyTorch. With `returnInverse` and/or `returnCounts` the result is an array
 * `[values, inverse?, counts?]` in PyTorch's tuple order; `inverse` has `x`'s shape, both are int32.
 *
 * PyTorch: `values, inverse, counts = torch.unique(x, return_inverse=True, return_counts=True)`.
 * @example
 * const [values, inverse] = unique(tensor([3, 1, 3]), { returnInverse: true });
 * values; // [1, 3]
 * inverse; // [1, 0, 1]
 */
export function unique(
  x: Tensor,
  options?: UniqueOptions & { returnInverse?: false; returnCounts?: false },
): Tensor;
export function unique(x: Tensor, options: UniqueOptions): Tensor[];
export function unique(x: Tensor, options?: UniqueOptions): Tensor | Tensor[] {
  const { returnInverse = false, returnCounts = false } = checkOptions("unique", options, UNIQUE_OPTIONS, 2);
  checkTensor("unique", x);
  const { values, indices } = sort(x.detach().reshape([-1]), 0, false);
  const v = values.toTypedArray();
  const order = indices.toTypedArray();
  const n = v.length;
  const out = allocate(x.dtype, n);
  const counts = new Int32Array(n);
  const inverse = new Int32Array(n);
  let k = -1;
  for (let i = 0; i < n; i++) {
    // NaN !== NaN: each NaN is its own value, as in PyTorch.
    if (k < 0 || v[i] !== out[k]) out[++k] = v[i]!;
    counts[k]!++;
    inverse[order[i]!] = k;
  }
  const u = k + 1;
  const result = Tensor.fromArray(out.slice(0, u), [u], x.dtype);
  if (!returnInverse && !returnCounts) return result;
  const r = [result];
  if (returnInverse) r.push(Tensor.fromArray(inverse, x._shape.slice(), "int32"));
  if (returnCounts) r.push(Tensor.fromArray(counts.slice(0, u), [u], "int32"));
  return r;
}
