/**
 * Sorting kernel: a stable bottom-up merge sort of each line of a contiguous `[outer, n, inner]`
 * block, keeping the first `k` of every sorted line. NaN sorts as the largest value (last when
 * ascending, first when descending), as in PyTorch; among equal values the original order is
 * kept (PyTorch's `stable=True` order).
 */
import type { TypedArray } from "../dtype.js";

/** Runs shorter than this are insertion-sorted before merging. */
const RUN = 8;

/**
 * Sorts the lines of `src` (read from `offset`, laid out `[outer, n, inner]`) and writes the first
 * `k` entries of each sorted line to `values` / `indices`, laid out `[outer, k, inner]`.
 */
export function sortLines(
  src: TypedArray,
  offset: number,
  outer: number,
  n: number,
  inner: number,
  k: number,
  descending: boolean,
  values: TypedArray,
  indices: Int32Array,
): void {
  // Work buffers allocated once for all lines: keys and positions, twice for the merge passes.
  let keyA = new Float64Array(n);
  let idxA = new Int32Array(n);
  let keyB = new Float64Array(n);
  let idxB = new Int32Array(n);
  const nanIdx = new Int32Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = offset + o * n * inner + i;
      // Split off the NaNs (kept in order); sort the others by a key that is negated when
      // descending, so one ascending merge sort serves both directions and stays stable.
      let m = 0;
      let nans = 0;
      for (let j = 0; j < n; j++) {
        const v = src[base + j * inner]!;
        if (v !== v) nanIdx[nans++] = j;
        else {
          keyA[m] = descending ? -v : v;
          idxA[m++] = j;
        }
      }
      // Insertion sort of each run (stable: an element moves only past strictly larger keys).
      for (let lo = 0; lo < m; lo += RUN) {
        const hi = Math.min(lo + RUN, m);
        for (let j = lo + 1; j < hi; j++) {
          const kv = keyA[j]!;
          const iv = idxA[j]!;
          let p = j - 1;
          while (p >= lo && keyA[p]! > kv) {
            keyA[p + 1] = keyA[p]!;
            idxA[p + 1] = idxA[p]!;
            p--;
          }
          keyA[p + 1] = kv;
          idxA[p + 1] = iv;
        }
      }
      // Merge passes (stable: on equal keys the left run goes first).
      for (let width = RUN; width < m; width *= 2) {
        for (let lo = 0; lo < m; lo += 2 * width) {
          const mid = Math.min(lo + width, m);
          const hi = Math.min(lo + 2 * width, m);
          let a = lo;
          let b = mid;
          let t = lo;
          while (a < mid && b < hi) {
            if (keyA[b]! < keyA[a]!) {
              keyB[t] = keyA[b]!;
              idxB[t++] = idxA[b++]!;
            } else {
              keyB[t] = keyA[a]!;
              idxB[t++] = idxA[a++]!;
            }
          }
          while (a < mid) {
            keyB[t] = keyA[a]!;
            idxB[t++] = idxA[a++]!;
          }
          while (b < hi) {
            keyB[t] = keyA[b]!;
            idxB[t++] = idxA[b++]!;
          }
        }
        [keyA, keyB] = [keyB, keyA];
        [idxA, idxB] = [idxB, idxA];
      }
      // Write the first k: NaNs last when ascending, first when descending. Values are read back
      // from the source (not the keys) so that -0 keeps its sign.
      const outBase = o * k * inner + i;
      for (let r = 0; r < k; r++) {
        let j: number;
        if (descending) j = r < nans ? nanIdx[r]! : idxA[r - nans]!;
        else j = r < m ? idxA[r]! : nanIdx[r - m]!;
        values[outBase + r * inner] = src[base + j * inner]!;
        indices[outBase + r * inner] = j;
      }
    }
  }
}
