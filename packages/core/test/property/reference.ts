/**
 * A deliberately naive reference for the property tests: plain JS arrays of float64 in row-major
 * order, index arithmetic written out, loops over every element. Nothing here imports tsgrad, so a
 * bug in tsgrad's kernels, strides or broadcasting cannot hide in its own reference.
 *
 * Each op has its forward and, where differentiable, a hand-written vector-Jacobian product (VJP):
 * given the upstream gradient `g` of the output, the gradient of each input.
 */

export interface Nd {
  shape: number[];
  data: number[];
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Multi-index of row-major position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/** Row-major position of multi-index `idx` in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

export function zerosNd(shape: readonly number[]): Nd {
  return { shape: shape.slice(), data: new Array<number>(numel(shape)).fill(0) };
}

export function wrapDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  return dim < 0 ? dim + n : dim;
}

// ---- broadcasting --------------------------------------------------------------------------------

/** NumPy/PyTorch broadcast shape, or null when the shapes do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return null;
  }
  return out;
}

/** Position in `x` (shape `xs`) of the element broadcast to multi-index `outIdx`. */
function broadcastPos(xs: readonly number[], outIdx: readonly number[]): number {
  const lead = outIdx.length - xs.length;
  const idx = xs.map((s, i) => (s === 1 ? 0 : outIdx[lead + i]!));
  return ravel(idx, xs);
}

export function map1(x: Nd, f: (v: number) => number): Nd {
  return { shape: x.shape.slice(), data: x.data.map(f) };
}

/** `f(a, b)` elementwise with broadcasting. */
export function map2(a: Nd, b: Nd, f: (x: number, y: number) => number): Nd {
  const shape = broadcastShape(a.shape, b.shape);
  if (shape === null) throw new Error("reference: shapes do not broadcast");
  const n = numel(shape);
  const data: number[] = [];
  for (let k = 0; k < n; k++) {
    const idx = unravel(k, shape);
    data.push(f(a.data[broadcastPos(a.shape, idx)]!, b.data[broadcastPos(b.shape, idx)]!));
  }
  return { shape, data };
}

/** Sums `g` (a broadcast result) back onto `shape`: the VJP of broadcasting. */
export function unbroadcast(g: Nd, shape: readonly number[]): Nd {
  const out = zerosNd(shape);
  for (let k = 0; k < g.data.length; k++) {
    out.data[broadcastPos(shape, unravel(k, g.shape))]! += g.data[k];
  }
  return out;
}

/** `cond ? x : y` with all three broadcast together. */
export function where3(cond: Nd, x: Nd, y: Nd): Nd {
  const s1 = broadcastShape(cond.shape, x.shape);
  const shape = s1 && broadcastShape(s1, y.shape);
  if (!shape) throw new Error("reference: shapes do not broadcast");
  const data: number[] = [];
  for (let k = 0; k < numel(shape); k++) {
    const idx = unravel(k, shape);
    data.push(
      cond.data[broadcastPos(cond.shape, idx)]
        ? x.data[broadcastPos(x.shape, idx)]!
        : y.data[broadcastPos(y.shape, idx)]!,
    );
  }
  return { shape, data };
}

// ---- reductions --------------------------------------------------------------------------------------

/** Sorted, wrapped dims; `null` (or `[]`) means all dims, as in PyTorch's sum(). */
export function reductionDims(dims: readonly number[] | null, ndim: number): number[] {
  if (dims === null || dims.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  return dims.map((d) => wrapDim(d, ndim)).sort((a, b) => a - b);
}

export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Output position (in the keepdim layout, which has the same flat order) of input position k. */
function outPos(k: number, shape: readonly number[], dims: readonly number[]): number {
  const idx = unravel(k, shape);
  const keep = reducedShape(shape, dims, true);
  return ravel(
    idx.map((v, i) => (dims.includes(i) ? 0 : v)),
    keep,
  );
}

/** Groups of input positions that reduce to the same output element, in output order. */
function groups(shape: readonly number[], dims: readonly number[]): number[][] {
  const out: number[][] = Array.from({ length: numel(reducedShape(shape, dims, true)) }, () => []);
  for (let k = 0; k < numel(shape); k++) out[outPos(k, shape, dims)]!.push(k);
  return out;
}

export function sumRef(x: Nd, dims: number[], keepdim: boolean): Nd {
  const data = groups(x.shape, dims).map((g) => g.reduce((acc, k) => acc + x.data[k]!, 0));
  return { shape: reducedShape(x.shape, dims, keepdim), data };
}

/** The VJP of any reduction whose local derivative is `w(k)`: gx[k] = g[out(k)] * w(k). */
function spread(x: Nd, dims: number[], g: Nd, w: (k: number, outK: number) => number): Nd {
  const out = zerosNd(x.shape);
  for (let k = 0; k < x.data.length; k++) {
    const o = outPos(k, x.shape, dims);
    out.data[k] = g.data[o]! * w(k, o);
  }
  return out;
}

export function sumVjp(x: Nd, dims: number[], g: Nd): Nd {
  return spread(x, dims, g, () => 1);
}

export function countOf(shape: readonly number[], dims: readonly number[]): number {
  let c = 1;
  for (const d of dims) c *= shape[d] ?? 1;
  return c;
}

export function meanRef(x: Nd, dims: number[], keepdim: boolean): Nd {
  const c = countOf(x.shape, dims);
  return map1(sumRef(x, dims, keepdim), (v) => v / c);
}

export function meanVjp(x: Nd, dims: number[], g: Nd): Nd {
  const c = countOf(x.shape, dims);
  return spread(x, dims, g, () => 1 / c);
}

export function amaxRef(x: Nd, dims: number[], keepdim: boolean): Nd {
  const data = groups(x.shape, dims).map((g) =>
    g.reduce((m, k) => (x.data[k]! > m ? x.data[k]! : m), Number.NEGATIVE_INFINITY),
  );
  return { shape: reducedShape(x.shape, dims, keepdim), data };
}

/** amax's gradient is shared evenly by the tied maxima of each slice. */
export function amaxVjp(x: Nd, dims: number[], g: Nd): Nd {
  const m = amaxRef(x, dims, true).data;
  const ties = groups(x.shape, dims).map(
    (grp) => grp.filter((k) => x.data[k] === m[outPos(k, x.shape, dims)]).length,
  );
  return spread(x, dims, g, (k, o) => (x.data[k] === m[o] ? 1 / ties[o]! : 0));
}

/** max along one dim: values and the first index of the maximum. */
export function maxDimRef(x: Nd, dim: number, keepdim: boolean): { values: Nd; indices: Nd } {
  const dims = x.shape.length === 0 ? [] : [dim];
  const values: number[] = [];
  const indices: number[] = [];
  for (const grp of groups(x.shape, dims)) {
    let best = 0;
    for (let j = 1; j < grp.length; j++) if (x.data[grp[j]!]! > x.data[grp[best]!]!) best = j;
    values.push(x.data[grp[best]!]!);
    indices.push(best);
  }
  const shape = reducedShape(x.shape, dims, keepdim);
  return { values: { shape, data: values }, indices: { shape, data: indices } };
}

export function maxDimVjp(x: Nd, dim: number, g: Nd): Nd {
  const dims = x.shape.length === 0 ? [] : [dim];
  const { indices } = maxDimRef(x, dim, true);
  return spread(x, dims, g, (k, o) =>
    x.shape.length === 0 || unravel(k, x.shape)[dim] === indices.data[o] ? 1 : 0,
  );
}

export function varRef(x: Nd, dims: number[], correction: number, keepdim: boolean): Nd {
  const c = countOf(x.shape, dims);
  const mu = meanRef(x, dims, true).data;
  const data = groups(x.shape, dims).map(
    (grp, o) => grp.reduce((acc, k) => acc + (x.data[k]! - mu[o]!) ** 2, 0) / Math.max(0, c - correction),
  );
  return { shape: reducedShape(x.shape, dims, keepdim), data };
}

/** d var / d x_k = 2 (x_k − mean) / (N − correction). */
/**
 * PyTorch's var_backward: 2(x − mean)/(N − correction), the divisor not clamped; over all elements
 * (`all`: no dim given, or a 0-d input) with N = correction it is ∞·g.
 */
export function varVjp(x: Nd, dims: number[], correction: number, g: Nd, all = false): Nd {
  const c = countOf(x.shape, dims);
  const mu = meanRef(x, dims, true).data;
  if (all && c === correction) return spread(x, dims, g, () => Number.POSITIVE_INFINITY);
  return spread(x, dims, g, (k, o) => (2 * (x.data[k]! - mu[o]!)) / (c - correction));
}

// ---- softmax family ----------------------------------------------------------------------------------

export function logsumexpRef(x: Nd, dims: number[], keepdim: boolean): Nd {
  const data = groups(x.shape, dims).map((grp) => {
    let m = Number.NEGATIVE_INFINITY;
    for (const k of grp) m = Math.max(m, x.data[k]!);
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    for (const k of grp) s += Math.exp(x.data[k]! - m);
    return m + Math.log(s);
  });
  return { shape: reducedShape(x.shape, dims, keepdim), data };
}

export function logsumexpVjp(x: Nd, dims: number[], g: Nd): Nd {
  const lse = logsumexpRef(x, dims, true).data;
  return spread(x, dims, g, (k, o) => Math.exp(x.data[k]! - lse[o]!));
}

export function softmaxRef(x: Nd, dim: number, log: boolean): Nd {
  const dims = x.shape.length === 0 ? [] : [dim];
  const lse = logsumexpRef(x, dims, true).data;
  const out = zerosNd(x.shape);
  for (let k = 0; k < x.data.length; k++) {
    const v = x.data[k]! - lse[outPos(k, x.shape, dims)]!;
    out.data[k] = log ? v : Math.exp(v);
  }
  return out;
}

/** softmax: y (g − Σ g y); log_softmax: g − softmax · Σ g. */
export function softmaxVjp(x: Nd, dim: number, log: boolean, g: Nd): Nd {
  const dims = x.shape.length === 0 ? [] : [dim];
  const p = softmaxRef(x, dim, false).data;
  const s = groups(x.shape, dims).map((grp) =>
    grp.reduce((acc, k) => acc + g.data[k]! * (log ? 1 : p[k]!), 0),
  );
  const out = zerosNd(x.shape);
  for (let k = 0; k < x.data.length; k++) {
    const o = outPos(k, x.shape, dims);
    out.data[k] = log ? g.data[k]! - p[k]! * s[o]! : p[k]! * (g.data[k]! - s[o]!);
  }
  return out;
}

// ---- matmul ----------------------------------------------------------------------------------------------

/**
 * torch.matmul's shape rules, or null when the shapes cannot be multiplied. Returns the output
 * shape and, for every output element and every k, the positions in a and b that meet there.
 */
export function matmulPlan(
  as: readonly number[],
  bs: readonly number[],
): { shape: number[]; terms: [number, number, number][] } | null {
  if (as.length === 0 || bs.length === 0) return null;
  // Promote 1-D operands to matrices, remembering which dims to drop from the result.
  const a2 = as.length === 1 ? [1, as[0]!] : as.slice();
  const b2 = bs.length === 1 ? [bs[0]!, 1] : bs.slice();
  const [m, k] = [a2[a2.length - 2]!, a2[a2.length - 1]!];
  const [k2, n] = [b2[b2.length - 2]!, b2[b2.length - 1]!];
  if (k !== k2) return null;
  const batch = broadcastShape(a2.slice(0, -2), b2.slice(0, -2));
  if (batch === null) return null;
  const full = [...batch, m, n];
  const terms: [number, number, number][] = [];
  for (let o = 0; o < numel(full); o++) {
    const idx = unravel(o, full);
    const bi = idx.slice(0, batch.length);
    const [i, j] = [idx[batch.length]!, idx[batch.length + 1]!];
    for (let p = 0; p < k; p++) {
      const ai = broadcastPos(a2.slice(0, -2), bi);
      const bj = broadcastPos(b2.slice(0, -2), bi);
      terms.push([o, ai * m * k + i * k + p, bj * k * n + p * n + j]);
    }
  }
  let shape = full;
  if (as.length === 1) shape = shape.filter((_, d) => d !== shape.length - 2);
  if (bs.length === 1) shape = shape.slice(0, -1);
  return { shape, terms };
}

export function matmulRef(a: Nd, b: Nd): Nd {
  const plan = matmulPlan(a.shape, b.shape);
  if (!plan) throw new Error("reference: matmul shapes");
  const out = zerosNd(plan.shape);
  for (const [o, i, j] of plan.terms) out.data[o]! += a.data[i]! * b.data[j]!;
  return out;
}

export function matmulVjp(a: Nd, b: Nd, g: Nd): [Nd, Nd] {
  const plan = matmulPlan(a.shape, b.shape)!;
  const ga = zerosNd(a.shape);
  const gb = zerosNd(b.shape);
  for (const [o, i, j] of plan.terms) {
    ga.data[i]! += g.data[o]! * b.data[j]!;
    gb.data[j]! += g.data[o]! * a.data[i]!;
  }
  return [ga, gb];
}

// ---- gather / scatter ----------------------------------------------------------------------------------

/** For each index position p: the position in self that it addresses (coordinate `dim` replaced). */
function indexTargets(selfShape: readonly number[], dim: number, index: Nd): number[] {
  return index.data.map((v, p) => {
    if (selfShape.length === 0) return 0;
    const idx = unravel(p, index.shape);
    idx[dim] = v;
    return ravel(idx, selfShape);
  });
}

/** Position in `src` of index position p (src may be larger than index). */
function srcPositions(src: Nd, index: Nd): number[] {
  return index.data.map((_, p) => ravel(unravel(p, index.shape), src.shape));
}

export function gatherRef(x: Nd, dim: number, index: Nd): Nd {
  const t = indexTargets(x.shape, dim, index);
  return { shape: index.shape.slice(), data: t.map((k) => x.data[k]!) };
}

export function gatherVjp(x: Nd, dim: number, index: Nd, g: Nd): Nd {
  const out = zerosNd(x.shape);
  indexTargets(x.shape, dim, index).forEach((k, p) => {
    out.data[k]! += g.data[p];
  });
  return out;
}

/** scatter (accumulate = false) or scatter_add (true) of `src` into a copy of `x`. */
export function scatterRef(x: Nd, dim: number, index: Nd, src: Nd, accumulate: boolean): Nd {
  const out = { shape: x.shape.slice(), data: x.data.slice() };
  const sp = srcPositions(src, index);
  indexTargets(x.shape, dim, index).forEach((k, p) => {
    out.data[k] = (accumulate ? out.data[k]! : 0) + src.data[sp[p]!]!;
  });
  return out;
}

/** Gradients of scatter/scatter_add: self gets g (zeroed where scatter overwrote), src gathers g. */
export function scatterVjp(x: Nd, dim: number, index: Nd, src: Nd, accumulate: boolean, g: Nd): [Nd, Nd] {
  const gx = { shape: x.shape.slice(), data: g.data.slice() };
  const gs = zerosNd(src.shape);
  const sp = srcPositions(src, index);
  const targets = indexTargets(x.shape, dim, index);
  targets.forEach((k, p) => {
    gs.data[sp[p]!] = g.data[k]!;
    if (!accumulate) gx.data[k] = 0;
  });
  return [gx, gs];
}
