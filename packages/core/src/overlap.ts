/**
 * Memory-overlap checks for in-place writes, after PyTorch's ATen/MemoryOverlap.cpp. An in-place op
 * reads its inputs while it writes its output, so its result would depend on the order of the loop
 * (and on which kernel path ran) when
 *  - two elements of the output are one memory location (an expanded, stride-0 view), or
 *  - an input shares memory with the output without being exactly the output's own elements
 *    (`a.narrow(0, 1, 4).copy_(a.narrow(0, 0, 4))`, `a.add_(a.t())`).
 * Exactly the same elements (`a.add_(a)`) are fine: each element then reads only itself.
 *
 * Only shapes, strides and offsets are looked at, never the elements: O(ndim) for the common cases
 * (different storage, the same elements, disjoint address ranges). PyTorch gives up on strided
 * inputs ("too hard": it only compares dense tensors) and runs the op anyway; tsgrad instead decides
 * exactly whether some address is in both tensors, a small integer problem solved with a work budget.
 * Past the budget it answers "may overlap" — conservative, never silently wrong.
 */
import { isContiguous, numelOf, type Shape } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** How an input's memory relates to the output's: none shared, exactly the same elements, or some. */
export type Overlap = "none" | "same" | "partial";

/** The dims that move the address (size > 1, stride ≠ 0), with strides made positive. */
interface Moving {
  offset: number;
  strides: number[];
  sizes: number[];
  /** The largest address minus the smallest. */
  extent: number;
}

function moving(shape: Shape, strides: Shape, offset: number): Moving {
  const out: Moving = { offset, strides: [], sizes: [], extent: 0 };
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i]!;
    let s = strides[i]!;
    if (n <= 1 || s === 0) continue;
    if (s < 0) {
      out.offset += s * (n - 1);
      s = -s;
    }
    out.strides.push(s);
    out.sizes.push(n);
    out.extent += s * (n - 1);
  }
  return out;
}

/**
 * True when two elements of a tensor with this layout may be one memory location (PyTorch's
 * `has_internal_overlap`): a stride-0 dim of size > 1 (an expanded view), or strides that do not
 * nest (each larger than the reach of the smaller ones). tsgrad's view ops only make the first kind;
 * a layout that does not nest is reported as overlapping without a closer look.
 */
export function hasInternalOverlap(shape: Shape, strides: Shape): boolean {
  if (isContiguous(shape, strides) || numelOf(shape) <= 1) return false;
  for (let i = 0; i < shape.length; i++) if (shape[i]! > 1 && strides[i] === 0) return true;
  const m = moving(shape, strides, 0);
  const order = m.strides.map((_, i) => i).sort((i, j) => m.strides[i]! - m.strides[j]!);
  let reach = 0;
  for (const i of order) {
    if (m.strides[i]! <= reach) return true;
    reach += m.strides[i]! * (m.sizes[i]! - 1);
  }
  return false;
}

/**
 * Whether `input`, read element by element as broadcast to `out`'s shape, reads exactly the memory
 * location each element of `out` is written to.
 */
function sameElements(out: Tensor, input: Tensor): boolean {
  if (out.offset !== input.offset) return false;
  const lead = out.dim() - input.dim();
  for (let j = 0; j < -lead; j++) if (input._shape[j] !== 1) return false;
  for (let i = 0; i < out.dim(); i++) {
    const j = i - lead;
    const n = j >= 0 ? input._shape[j]! : 1;
    if (n !== out._shape[i] && n !== 1) return false;
    if (out._shape[i]! > 1 && (n === 1 ? 0 : input.strides[j]!) !== out.strides[i]) return false;
  }
  return true;
}

/**
 * How `input`'s memory relates to `out`'s (PyTorch's `get_overlap_status`, decided exactly where
 * PyTorch says "too hard"). Tensors share memory when their storages hold one typed array
 * (views, `detach()`, `.data`).
 */
export function overlapStatus(out: Tensor, input: Tensor): Overlap {
  if (out.numel() === 0 || input.numel() === 0) return "none";
  const a = out.storage.data;
  const b = input.storage.data;
  if (a.buffer !== b.buffer) return "none";
  if (a !== b) {
    // Two typed arrays over one ArrayBuffer (tsgrad never makes these; Tensor.fromArray could be
    // handed some): compare byte ranges, conservatively.
    const ma = moving(out._shape, out.strides, out.offset);
    const mb = moving(input._shape, input.strides, input.offset);
    const a0 = a.byteOffset + ma.offset * a.BYTES_PER_ELEMENT;
    const b0 = b.byteOffset + mb.offset * b.BYTES_PER_ELEMENT;
    const a1 = a0 + (ma.extent + 1) * a.BYTES_PER_ELEMENT;
    const b1 = b0 + (mb.extent + 1) * b.BYTES_PER_ELEMENT;
    return a0 < b1 && b0 < a1 ? "partial" : "none";
  }
  if (sameElements(out, input)) return "same";
  const ma = moving(out._shape, out.strides, out.offset);
  const mb = moving(input._shape, input.strides, input.offset);
  if (ma.offset > mb.offset + mb.extent || mb.offset > ma.offset + ma.extent) return "none";
  return mayShareAddress(ma, mb) ? "partial" : "none";
}

/** Search steps before `mayShareAddress` gives up and answers "may overlap". */
const MAX_WORK = 4096;

function gcd(x: number, y: number): number {
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/**
 * Whether some address is in both sets: is there an index x of `a` and y of `b` with
 * a.offset + Σ sa·x = b.offset + Σ sb·y? Equal strides merge into one unknown
 * (sa·x − sb·y = s·(x − y), with x − y in [−(nb − 1), na − 1]); then a depth-first search over the
 * unknowns, largest stride first, keeps only the values that the remaining terms can still make
 * up (their range, and their gcd dividing what is left). Views of one buffer have nesting strides,
 * so each level has at most a few candidates and most branches end at once.
 */
function mayShareAddress(a: Moving, b: Moving): boolean {
  const range = new Map<number, [number, number]>();
  for (let i = 0; i < a.strides.length; i++) {
    const r = range.get(a.strides[i]!) ?? [0, 0];
    r[1] += a.sizes[i]! - 1;
    range.set(a.strides[i]!, r);
  }
  for (let i = 0; i < b.strides.length; i++) {
    const r = range.get(b.strides[i]!) ?? [0, 0];
    r[0] -= b.sizes[i]! - 1;
    range.set(b.strides[i]!, r);
  }
  const c = [...range.keys()].sort((x, y) => y - x);
  const k = c.length;
  const lo = c.map((s) => range.get(s)![0]);
  const hi = c.map((s) => range.get(s)![1]);
  // restMin[i] / restMax[i]: the range of Σ_{j ≥ i} c_j·z_j; restGcd[i]: the gcd of those c_j.
  const restMin = new Array<number>(k + 1).fill(0);
  const restMax = new Array<number>(k + 1).fill(0);
  const restGcd = new Array<number>(k + 1).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    restMin[i] = restMin[i + 1]! + c[i]! * lo[i]!;
    restMax[i] = restMax[i + 1]! + c[i]! * hi[i]!;
    restGcd[i] = gcd(c[i]!, restGcd[i + 1]!);
  }
  let work = 0;
  const search = (i: number, d: number): boolean => {
    if (++work > MAX_WORK) return true;
    if (d < restMin[i]! || d > restMax[i]!) return false;
    if (i === k) return d === 0;
    if (d % restGcd[i]! !== 0) return false;
    const s = c[i]!;
    const zLo = Math.max(lo[i]!, Math.ceil((d - restMax[i + 1]!) / s));
    const zHi = Math.min(hi[i]!, Math.floor((d - restMin[i + 1]!) / s));
    for (let z = zLo; z <= zHi; z++) if (search(i + 1, d - s * z)) return true;
    return false;
  };
  return search(0, b.offset - a.offset);
}
