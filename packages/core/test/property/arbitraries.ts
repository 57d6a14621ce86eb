/**
 * fast-check arbitraries for the property tests: shapes (0-d up to rank 4, with size-0 and size-1
 * dims), dims (negative too), broadcastable shape pairs, and inputs laid out as strided views
 * (permuted, transposed, sliced/narrowed with steps and offsets, expanded) of a larger base.
 *
 * An input is described by an `InputSpec`: its logical shape and values (what the reference sees),
 * and how the tsgrad tensor is built: a contiguous base leaf, then view ops. Base elements no view
 * element maps to hold NaN (or an out-of-range index for int32), so a kernel that reads outside
 * its view shows up as a wrong number. Every spec prints readably in a shrunk counterexample.
 */
import fc from "fast-check";
import { type DType, type Tensor, zeros } from "../../src/index.js";
import { type Nd, numel, ravel, unravel } from "./reference.js";

/** numRuns for a property: the CI count, multiplied when TSGRAD_DEEP is set (`pnpm test:deep`). */
export function runs(base: number): { numRuns: number } {
  const deep = process.env.TSGRAD_DEEP;
  if (!deep || deep === "0") return { numRuns: base };
  const factor = Number(deep) > 1 ? Number(deep) : 20;
  return { numRuns: base * factor };
}

// ---- shapes and dims ----------------------------------------------------------------------------------

export interface ShapeOptions {
  minRank?: number;
  maxRank?: number;
  maxSize?: number;
  /** Allow size-0 dims (rarely drawn). */
  zero?: boolean;
}

/** One dim size: mostly 1..maxSize, sometimes 0. Shrinks towards 1. */
export function arbSize(maxSize = 4, zero = true): fc.Arbitrary<number> {
  const pos = fc.integer({ min: 1, max: maxSize });
  return zero ? fc.oneof({ arbitrary: pos, weight: 9 }, { arbitrary: fc.constant(0), weight: 1 }) : pos;
}

export function arbShape(o: ShapeOptions = {}): fc.Arbitrary<number[]> {
  return fc.array(arbSize(o.maxSize ?? 4, o.zero ?? true), {
    minLength: o.minRank ?? 0,
    maxLength: o.maxRank ?? 4,
  });
}

/** A valid dim of a rank-`ndim` tensor, written positive or negative. */
export function arbDim(ndim: number): fc.Arbitrary<number> {
  const n = Math.max(ndim, 1);
  return fc.integer({ min: -n, max: n - 1 });
}

/** A set of distinct dims (each written positive or negative), possibly empty. */
export function arbDimSet(ndim: number, minLength = 0): fc.Arbitrary<number[]> {
  if (ndim === 0) return fc.constantFrom<number[]>([], [0], [-1]);
  return fc
    .subarray(
      Array.from({ length: ndim }, (_, i) => i),
      { minLength },
    )
    .chain((dims) =>
      fc.tuple(...dims.map((d) => fc.boolean().map((neg) => (neg ? d - ndim : d)))).map((ds) => ds),
    );
}

/** Shapes `a` and `b` that broadcast together: each dim of each is the output's or 1, leading dims may be missing. */
export function arbBroadcastPair(o: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  return arbShape(o).chain((out) => fc.tuple(arbBroadcastFrom(out), arbBroadcastFrom(out)));
}

/** A shape that broadcasts to `out`. */
export function arbBroadcastFrom(out: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.map((s, i) => (ones[i] ? 1 : s)).slice(drop));
}

// ---- values --------------------------------------------------------------------------------------------

/** Mostly "nice" values (eighths, so ties and exact zeros happen) and some arbitrary doubles. */
export const arbValue: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: -24, max: 24 }).map((i) => i / 8), weight: 1 },
  { arbitrary: fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), weight: 2 },
);

export function arbValues(n: number, value: fc.Arbitrary<number> = arbValue): fc.Arbitrary<number[]> {
  return fc.array(value, { minLength: n, maxLength: n });
}

// ---- layouts -----------------------------------------------------------------------------------------------

/** One view op between an inner (base-side) shape and an outer (logical) shape. */
export interface Transform {
  describe: string;
  inner: number[];
  /** Maps an outer multi-index to the inner multi-index it reads. */
  toInner(idx: number[]): number[];
  apply(t: Tensor): Tensor;
}

function permuteT(outer: readonly number[], p: readonly number[]): Transform {
  const q = new Array<number>(p.length);
  p.forEach((pi, i) => {
    q[pi] = i;
  });
  const isTranspose =
    p.length >= 2 && p.every((v, i) => (i < p.length - 2 ? v === i : v === p.length * 2 - 3 - i));
  return {
    describe: isTranspose ? "transpose(-1, -2)" : `permute([${q.join(", ")}])`,
    inner: p.map((pi) => outer[pi]!),
    toInner: (idx) => p.map((pi) => idx[pi]!),
    apply: (t) => (isTranspose ? t.transpose(-1, -2) : t.permute(q)),
  };
}

function sliceT(
  outer: readonly number[],
  starts: readonly number[],
  steps: readonly number[],
  pads: readonly number[],
): Transform {
  const parts = outer.map((s, i) =>
    steps[i] === 1
      ? `narrow(${i}, ${starts[i]}, ${s})`
      : `slice(${i}, ${starts[i]}, ${starts[i]! + s * steps[i]!}, ${steps[i]})`,
  );
  return {
    describe: parts.join("."),
    inner: outer.map((s, i) => starts[i]! + s * steps[i]! + pads[i]!),
    toInner: (idx) => idx.map((v, i) => starts[i]! + v * steps[i]!),
    apply: (t) => {
      let v = t;
      outer.forEach((s, i) => {
        v =
          steps[i] === 1
            ? v.narrow(i, starts[i]!, s)
            : v.slice(i, starts[i]!, starts[i]! + s * steps[i]!, steps[i]!);
      });
      return v;
    },
  };
}

function expandT(outer: readonly number[], keep: readonly boolean[], drop: number): Transform {
  return {
    describe: `expand([${outer.join(", ")}])`,
    inner: outer.map((s, i) => (keep[i] ? s : 1)).slice(drop),
    toInner: (idx) => idx.map((v, i) => (keep[i] ? v : 0)).slice(drop),
    apply: (t) => t.expand(outer.slice()),
  };
}

function arbPermuteT(outer: readonly number[]): fc.Arbitrary<Transform> {
  const r = outer.length;
  return fc
    .oneof(
      fc.constant(Array.from({ length: r }, (_, i) => (i < r - 2 ? i : 2 * r - 3 - i))),
      fc.shuffledSubarray(
        Array.from({ length: r }, (_, i) => i),
        { minLength: r, maxLength: r },
      ),
    )
    .map((p) => permuteT(outer, p));
}

function arbSliceT(outer: readonly number[]): fc.Arbitrary<Transform> {
  const r = outer.length;
  const col = (a: fc.Arbitrary<number>) => fc.array(a, { minLength: r, maxLength: r });
  return fc
    .tuple(
      col(fc.integer({ min: 0, max: 2 })),
      col(fc.integer({ min: 1, max: 3 })),
      col(fc.integer({ min: 0, max: 1 })),
    )
    .map(([starts, steps, pads]) => sliceT(outer, starts, steps, pads));
}

function arbExpandT(outer: readonly number[]): fc.Arbitrary<Transform> {
  const r = outer.length;
  return fc
    .tuple(fc.array(fc.boolean(), { minLength: r, maxLength: r }), fc.integer({ min: 0, max: r }))
    .map(([keep, d]) => {
      // Only dims that were expanded (size 1 inside) can be dropped from the front.
      let drop = 0;
      while (drop < d && !keep[drop]) drop++;
      return expandT(outer, keep, drop);
    });
}

/** A chain of 0–2 view ops producing `shape` (outer first). */
export function arbLayout(shape: readonly number[], allowExpand = true): fc.Arbitrary<Transform[]> {
  const r = shape.length;
  const options: fc.Arbitrary<Transform[]>[] = [fc.constant([])];
  if (r >= 1) options.push(arbSliceT(shape).map((t) => [t]));
  if (r >= 2) {
    options.push(arbPermuteT(shape).map((t) => [t]));
    // A permuted view of a sliced one: non-contiguous strides and an offset together.
    options.push(arbPermuteT(shape).chain((p) => arbSliceT(p.inner).map((s) => [p, s])));
  }
  if (allowExpand && r >= 1) options.push(arbExpandT(shape).map((t) => [t]));
  return fc.oneof(...options);
}

// ---- input specs -------------------------------------------------------------------------------------------

export interface InputSpec {
  /** Logical shape and values: what the reference computes with. */
  shape: number[];
  values: number[];
  baseShape: number[];
  baseValues: number[];
  /** Logical row-major position → base position. */
  map: number[];
  transforms: Transform[];
  nd: Nd;
}

function describeSpec(s: InputSpec): string {
  const fmt = (v: number) => (Object.is(v, -0) ? "-0" : String(v));
  const view = s.transforms
    .slice()
    .reverse()
    .map((t) => `.${t.describe}`)
    .join("");
  const head = view ? `base [${s.baseShape.join(", ")}]${view} → ` : "";
  return `{${head}shape [${s.shape.join(", ")}], values [${s.values.map(fmt).join(", ")}]}`;
}

function buildSpec(
  shape: readonly number[],
  transforms: Transform[],
  baseValues: number[],
  junk: number,
): InputSpec {
  const baseShape = transforms.length ? transforms[transforms.length - 1]!.inner : shape.slice();
  const n = numel(shape);
  const map: number[] = [];
  for (let k = 0; k < n; k++) {
    let idx = unravel(k, shape);
    for (const t of transforms) idx = t.toInner(idx);
    map.push(ravel(idx, baseShape));
  }
  const used = new Set(map);
  const base = baseValues.map((v, i) => (used.has(i) ? v : junk));
  const values = map.map((p) => base[p]!);
  const spec: InputSpec = {
    shape: shape.slice(),
    values,
    baseShape,
    baseValues: base,
    map,
    transforms,
    nd: { shape: shape.slice(), data: values },
  };
  Object.defineProperty(spec, fc.toStringMethod, { value: () => describeSpec(spec), enumerable: false });
  Object.defineProperty(spec, "toString", { value: () => describeSpec(spec), enumerable: false });
  return spec;
}

export interface InputOptions {
  /** Element values (default: `arbValue`). */
  value?: fc.Arbitrary<number>;
  /** Allow expanded (stride-0) layouts; off for outputs of in-place-like uses. */
  expand?: boolean;
  /** The value put in base elements outside the view. */
  junk?: number;
  /** Contiguous only. */
  contiguous?: boolean;
}

/** An input of logical `shape`, laid out as a random strided view of a base. */
export function arbInput(shape: readonly number[], o: InputOptions = {}): fc.Arbitrary<InputSpec> {
  const layout = o.contiguous ? fc.constant<Transform[]>([]) : arbLayout(shape, o.expand ?? true);
  return layout.chain((transforms) => {
    const baseShape = transforms.length ? transforms[transforms.length - 1]!.inner : shape;
    return arbValues(numel(baseShape), o.value ?? arbValue).map((vals) =>
      buildSpec(shape, transforms, vals, o.junk ?? Number.NaN),
    );
  });
}

/** A spec with fixed logical values, contiguous (for index tensors whose values must satisfy constraints). */
export function arbIndexInput(
  shape: readonly number[],
  values: number[],
  bound: number,
): fc.Arbitrary<InputSpec> {
  // Index views cannot be expanded freely (values must repeat), so only permuted/sliced layouts.
  return arbLayout(shape, false).map((transforms) => {
    const baseShape = transforms.length ? transforms[transforms.length - 1]!.inner : shape.slice();
    const base = new Array<number>(numel(baseShape)).fill(bound + 1000);
    const spec = buildSpec(shape, transforms, base, bound + 1000);
    spec.map.forEach((p, k) => {
      spec.baseValues[p] = values[k]!;
      spec.values[k] = values[k]!;
    });
    return spec;
  });
}

// ---- building tsgrad tensors ----------------------------------------------------------------------------

export interface Built {
  /** The contiguous leaf holding the base values. */
  leaf: Tensor;
  /** The logical input: `leaf` itself, or a view of it (with retainGrad() when tracking grads). */
  view: Tensor;
}

export function build(spec: InputSpec, dtype: DType, requiresGrad = false): Built {
  const leaf = zeros(spec.baseShape, { dtype });
  leaf.storage.data.set(dtype === "float32" ? spec.baseValues.map(Math.fround) : spec.baseValues);
  if (requiresGrad) leaf.requiresGrad_(true);
  let view = leaf;
  for (let i = spec.transforms.length - 1; i >= 0; i--) view = spec.transforms[i]!.apply(view);
  if (requiresGrad && view !== leaf) view.retainGrad();
  return { leaf, view };
}

/** The base leaf's expected gradient: each logical element's gradient added at its base position. */
export function leafGrad(spec: InputSpec, g: Nd): Nd {
  const data = new Array<number>(numel(spec.baseShape)).fill(0);
  spec.map.forEach((p, k) => {
    data[p]! += g.data[k];
  });
  return { shape: spec.baseShape.slice(), data };
}

/** A contiguous tsgrad tensor with these values (for upstream gradients). */
export function fromNd(x: Nd, dtype: DType): Tensor {
  const t = zeros(x.shape, { dtype });
  t.storage.data.set(dtype === "float32" ? x.data.map(Math.fround) : x.data);
  return t;
}

/** Values as float32 would store them, so float32 runs have a reference on the same inputs. */
export function roundTo(dtype: DType, x: Nd): Nd {
  return dtype === "float32" ? { shape: x.shape.slice(), data: x.data.map(Math.fround) } : x;
}

/**
 * A deterministic upstream gradient of `shape` from `seed` (a small LCG; values k/4 in [-2, 2]
 * plus a fractional part), so a property needs only one integer to vary it.
 */
export function upstream(shape: readonly number[], seed: number): Nd {
  let s = seed >>> 0 || 1;
  const data: number[] = [];
  for (let k = 0; k < numel(shape); k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data.push(((s >>> 8) % 17) / 4 - 2 + ((s >>> 4) % 16) / 1024);
  }
  return { shape: shape.slice(), data };
}

/**
 * Backpropagates `upstream(out.shape, seed)` (as a `dtype` tensor) through `out` and returns that
 * upstream gradient, for the reference vector-Jacobian product.
 */
export function backwardUpstream(out: Tensor, seed: number, dtype: DType): Nd {
  const g = upstream(out.shape, seed);
  out.backward(fromNd(g, dtype));
  return g;
}

/** The dtypes a forward property runs in (gradients are checked in float64 only). */
export const DTYPES: DType[] = ["float64", "float32"];

/** Formats a reference array for a failure label. */
export function fmtNd(x: Nd): string {
  return `[${x.shape.join(", ")}] ${x.data.length <= 32 ? `[${x.data.join(", ")}]` : `(${x.data.length} values)`}`;
}
