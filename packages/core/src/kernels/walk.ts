/**
 * The strided index walk ("odometer") and the `[outer, n, inner]` layout, shared by every kernel.
 *
 * A loop keeps one row-major index `idx` over the first `nd` dims of `shape` and any number of
 * offsets into strided arrays: `nextIndex` advances the index and returns the dim that moved (the
 * later ones wrapped to 0), and each offset moves by that dim's entry of its `carryDeltas` table.
 * No closure, no allocation per element or per row.
 */

/**
 * How an offset moves when the index carries into dim `d`: one step along `d`, minus the full
 * runs of the later dims that wrapped back to 0.
 */
export function carryDeltas(shape: readonly number[], strides: readonly number[], nd: number): number[] {
  const deltas = startIndex(nd);
  let back = 0;
  for (let d = nd - 1; d >= 0; d--) {
    deltas[d] = strides[d]! - back;
    back += strides[d]! * (shape[d]! - 1);
  }
  return deltas;
}

/**
 * Advances the row-major index `idx` over the first `nd` dims of `shape` and returns the dim that
 * moved. Past the last index it wraps to all zeros and returns 0; callers loop a known count and
 * do not read their offsets after the last step.
 */
export function nextIndex(idx: number[], shape: readonly number[], nd: number): number {
  for (let d = nd - 1; d >= 0; d--) {
    if (++idx[d]! < shape[d]!) return d;
    idx[d] = 0;
  }
  return 0;
}

/**
 * A zeroed index for {@link nextIndex}. Built by push, not `new Array(nd)`: a holey array makes
 * the walk about three times slower.
 */
export function startIndex(nd: number): number[] {
  const idx: number[] = [];
  for (let d = 0; d < nd; d++) idx.push(0);
  return idx;
}

/** The sizes of a contiguous `shape` seen as `[outer, n, inner]`. */
export interface Layout {
  outer: number;
  n: number;
  inner: number;
}

/**
 * A contiguous `shape` seen as `[outer, n, inner]`, with dims `from` to `to` (exclusive) merged
 * into the middle one, as the reductions, softmax and cat read it. A 0-d shape is `[1, 1, 1]`.
 */
export function splitLayout(shape: readonly number[], from: number, to: number): Layout {
  let outer = 1;
  let n = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < from) outer *= shape[i]!;
    else if (i < to) n *= shape[i]!;
    else inner *= shape[i]!;
  }
  return { outer, n, inner };
}
