/**
 * Shared test helpers: loading PyTorch fixtures, building tensors from them and comparing arrays
 * with a tolerance. The second half runs the data-driven cases of `core_ops.json`
 * (written by tools/fixtures/gen_core_ops.py).
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import {
  bmm,
  cat,
  type DType,
  dot,
  gelu,
  gradcheck,
  leakyRelu,
  matmul,
  maximum,
  minimum,
  mm,
  stack,
  Tensor,
  type TypedArray,
  where,
} from "../src/index.js";

// ---- fixtures and comparisons --------------------------------------------------------------------

/** The parsed JSON of `packages/core/test/fixtures/<name>.json`. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as T;
}

/** A fixture value: numbers, booleans, and the strings "nan", "inf", "-inf" JSON cannot hold. */
export type FixtureValue = number | boolean | string;

/** Decodes one fixture value to a JS number (booleans to 1/0). */
export function decode(v: FixtureValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "nan") return Number.NaN;
  if (v === "inf") return Number.POSITIVE_INFINITY;
  if (v === "-inf") return Number.NEGATIVE_INFINITY;
  throw new Error(`decode(): unknown fixture value ${JSON.stringify(v)}`);
}

/** A tensor as the fixtures write it: row-major values, shape and tsgrad dtype. */
export interface FixtureTensor {
  values: FixtureValue[];
  shape: number[];
  dtype: DType;
  requires_grad?: boolean;
}

const ARRAYS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };

/**
 * A new contiguous leaf tensor from a fixture tensor, requiring grad if `requiresGrad` says so
 * (default: the fixture's own `requires_grad` flag).
 */
export function fromFixture(obj: FixtureTensor, requiresGrad = obj.requires_grad ?? false): Tensor {
  const data: TypedArray = ARRAYS[obj.dtype].from(obj.values.map(decode));
  const t = Tensor.fromArray(data, obj.shape, obj.dtype);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * A lookup of the PyTorch error messages a fixture recorded (`[{name, message}]`); asking for a
 * name the fixture lacks throws, so a renamed case cannot turn into `toThrow(undefined)`.
 */
export function fixtureErrors(
  errors: readonly { name: string; message: string }[],
): (name: string) => string {
  const byName = new Map(errors.map((e) => [e.name, e.message]));
  return (name) => {
    const m = byName.get(name);
    if (m === undefined) throw new Error(`no fixture error named ${JSON.stringify(name)}`);
    return m;
  };
}

/** Default relative tolerances of the project: float64 1e-10, float32 1e-5, exact otherwise. */
export function rtolFor(dtype: DType): number {
  return dtype === "float64" ? 1e-10 : dtype === "float32" ? 1e-5 : 0;
}

/**
 * Asserts `|actual - expected| <= atol + rtol * |expected|` elementwise; NaN must meet NaN and an
 * infinity the same infinity. The failure names the first bad element and both values.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<FixtureValue>,
  rtol: number,
  atol = 0,
  label = "",
): void {
  const prefix = label ? `${label}: ` : "";
  expect(actual.length, `${prefix}length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = decode(expected[i]!);
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) {
      expect.fail(
        `${prefix}element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)}, rtol ${rtol}, atol ${atol})`,
      );
    }
  }
}

/**
 * Asserts tensor `actual` has the shape and dtype of fixture tensor `expected` and its values
 * (see `expectClose`) with rtol = `rtolFor(dtype)` (exact for int32/bool) and an absolute floor of
 * rtol · max|expected| over the finite entries: sums, products and gradients accumulate rounding
 * relative to the largest terms, not to a result that cancels to near zero.
 */
export function expectTensorClose(actual: Tensor, expected: FixtureTensor, label: string): void {
  expect(actual.shape, `${label} shape`).toEqual(expected.shape);
  expect(actual.dtype, `${label} dtype`).toBe(expected.dtype);
  expectClose(actual.toTypedArray(), expected.values, rtolFor(expected.dtype), scaledAtol(expected), label);
}

function scaledAtol(e: Pick<FixtureTensor, "values" | "dtype">): number {
  let m = 0;
  for (const v of e.values) {
    const x = Math.abs(decode(v));
    if (Number.isFinite(x) && x > m) m = x;
  }
  return rtolFor(e.dtype) * m;
}

// ---- the core_ops.json cases ---------------------------------------------------------------------

/** A view applied to an input before the op, e.g. `["transpose", 0, 1]`, so ops see strided data. */
export type ViewStep = [string, ...number[]];

export interface OpInput extends Partial<FixtureTensor> {
  scalar?: number;
  view?: ViewStep[];
}

export interface OpCase {
  name: string;
  group: string;
  op: string;
  inputs: OpInput[];
  args: Record<string, any>;
  outputs: (FixtureTensor & { requires_grad?: boolean })[];
  /** The upstream weight of each output (loss = Σ sum(out_i * w_i)), null for non-float outputs. */
  weights: (FixtureValue[] | null)[];
  /** d loss / d input_j as PyTorch computes it, null where the input takes no gradient. */
  grads: (FixtureValue[] | null)[];
  gradcheck: boolean;
}

type Operand = Tensor | number;
type OpFn = (i: Operand[], a: Record<string, any>) => Tensor | Tensor[];

const T = (x: Operand): Tensor => x as Tensor;
const opt = (v: unknown) => (v === null ? undefined : (v as number));

/** The ops of core_ops.json by name; each mirrors the OPS table of gen_core_ops.py. */
export const OPS: Record<string, OpFn> = {
  add: (i, a) => T(i[0]!).add(i[1]!, a.alpha ?? 1),
  sub: (i, a) => T(i[0]!).sub(i[1]!, a.alpha ?? 1),
  mul: (i) => T(i[0]!).mul(i[1]!),
  div: (i) => T(i[0]!).div(i[1]!),
  pow: (i) => T(i[0]!).pow(i[1]!),
  maximum: (i) => maximum(T(i[0]!), i[1]!),
  minimum: (i) => minimum(T(i[0]!), i[1]!),
  neg: (i) => T(i[0]!).neg(),
  exp: (i) => T(i[0]!).exp(),
  log: (i) => T(i[0]!).log(),
  log1p: (i) => T(i[0]!).log1p(),
  sqrt: (i) => T(i[0]!).sqrt(),
  rsqrt: (i) => T(i[0]!).rsqrt(),
  square: (i) => T(i[0]!).square(),
  abs: (i) => T(i[0]!).abs(),
  sign: (i) => T(i[0]!).sign(),
  reciprocal: (i) => T(i[0]!).reciprocal(),
  relu: (i) => T(i[0]!).relu(),
  leakyRelu: (i, a) => leakyRelu(T(i[0]!), a.negativeSlope ?? 0.01),
  gelu: (i) => gelu(T(i[0]!)),
  tanh: (i) => T(i[0]!).tanh(),
  sigmoid: (i) => T(i[0]!).sigmoid(),
  sin: (i) => T(i[0]!).sin(),
  cos: (i) => T(i[0]!).cos(),
  clamp: (i, a) => T(i[0]!).clamp(a.min, a.max),
  where: (i) => where(T(i[0]!), i[1]!, i[2]!),
  eq: (i) => T(i[0]!).eq(i[1]!),
  ne: (i) => T(i[0]!).ne(i[1]!),
  lt: (i) => T(i[0]!).lt(i[1]!),
  le: (i) => T(i[0]!).le(i[1]!),
  gt: (i) => T(i[0]!).gt(i[1]!),
  ge: (i) => T(i[0]!).ge(i[1]!),
  sum: (i, a) => T(i[0]!).sum(a.dim, a.keepdim ?? false),
  mean: (i, a) => T(i[0]!).mean(a.dim, a.keepdim ?? false),
  prod: (i, a) => T(i[0]!).prod(a.dim, a.keepdim ?? false),
  max: (i) => T(i[0]!).max(),
  min: (i) => T(i[0]!).min(),
  maxDim: (i, a) => {
    const r = T(i[0]!).max(a.dim, a.keepdim ?? false);
    return [r.values, r.indices];
  },
  minDim: (i, a) => {
    const r = T(i[0]!).min(a.dim, a.keepdim ?? false);
    return [r.values, r.indices];
  },
  amax: (i, a) => T(i[0]!).amax(a.dim, a.keepdim ?? false),
  amin: (i, a) => T(i[0]!).amin(a.dim, a.keepdim ?? false),
  argmax: (i, a) => T(i[0]!).argmax(a.dim, a.keepdim ?? false),
  argmin: (i, a) => T(i[0]!).argmin(a.dim, a.keepdim ?? false),
  var: (i, a) => T(i[0]!).var(a.dim, { correction: a.correction, keepdim: a.keepdim }),
  std: (i, a) => T(i[0]!).std(a.dim, { correction: a.correction, keepdim: a.keepdim }),
  norm: (i, a) => T(i[0]!).norm(a.p === undefined ? 2 : decode(a.p), a.dim, a.keepdim ?? false),
  cumsum: (i, a) => T(i[0]!).cumsum(a.dim),
  matmul: (i) => matmul(T(i[0]!), T(i[1]!)),
  mm: (i) => mm(T(i[0]!), T(i[1]!)),
  bmm: (i) => bmm(T(i[0]!), T(i[1]!)),
  dot: (i) => dot(T(i[0]!), T(i[1]!)),
  t: (i) => T(i[0]!).t(),
  cat: (i, a) => cat(i as Tensor[], a.dim ?? 0),
  stack: (i, a) => stack(i as Tensor[], a.dim ?? 0),
  transpose: (i, a) => T(i[0]!).transpose(a.dim0, a.dim1),
  permute: (i, a) => T(i[0]!).permute(a.dims),
  expand: (i, a) => T(i[0]!).expand(a.shape),
  view: (i, a) => T(i[0]!).view(a.shape),
  reshape: (i, a) => T(i[0]!).reshape(a.shape),
  squeeze: (i, a) => T(i[0]!).squeeze(opt(a.dim)),
  unsqueeze: (i, a) => T(i[0]!).unsqueeze(a.dim),
  flatten: (i, a) => T(i[0]!).flatten(a.startDim ?? 0, a.endDim ?? -1),
  narrow: (i, a) => T(i[0]!).narrow(a.dim, a.start, a.length),
  slice: (i, a) => T(i[0]!).slice(a.dim, opt(a.start), opt(a.end), a.step ?? 1),
  select: (i, a) => T(i[0]!).select(a.dim, a.index),
  chunk: (i, a) => T(i[0]!).chunk(a.chunks, a.dim ?? 0),
  split: (i, a) => T(i[0]!).split(a.splitSize, a.dim ?? 0),
  unbind: (i, a) => T(i[0]!).unbind(a.dim ?? 0),
  contiguous: (i) => T(i[0]!).contiguous(),
};

/** Applies a fixture view chain (`[["t"], ["slice", 1, 0, 8, 2]]`) to a leaf. */
export function applyView(x: Tensor, chain: readonly ViewStep[] | undefined): Tensor {
  let t = x;
  for (const [name, ...a] of chain ?? []) {
    if (name === "transpose") t = t.transpose(a[0]!, a[1]!);
    else if (name === "permute") t = t.permute(a);
    else if (name === "t") t = t.t();
    else if (name === "slice") t = t.slice(a[0]!, a[1], a[2], a[3]);
    else if (name === "expand") t = t.expand(a);
    else if (name === "select") t = t.select(a[0]!, a[1]!);
    else throw new Error(`applyView(): unknown view ${name}`);
  }
  return t;
}

/** The cases of core_ops.json owned by one test file (`group`). */
export function opCases(group: string): OpCase[] {
  const all = loadFixture<{ cases: OpCase[] }>("core_ops").cases;
  return all.filter((c) => c.group === group);
}

function leavesOf(c: OpCase): (Tensor | null)[] {
  return c.inputs.map((inp) => (inp.scalar !== undefined ? null : fromFixture(inp as FixtureTensor)));
}

/** Runs the case's op on its leaves (views applied, scalars passed as numbers). */
function runOp(c: OpCase, leaves: readonly (Tensor | null)[]): Tensor[] {
  const fn = OPS[c.op];
  if (!fn) throw new Error(`no op ${c.op} in the OPS table of test/helpers.ts`);
  const operands = c.inputs.map((inp, j) =>
    inp.scalar !== undefined ? inp.scalar : applyView(leaves[j]!, inp.view),
  );
  const out = fn(operands, c.args);
  return Array.isArray(out) ? out : [out];
}

/**
 * Checks one case against PyTorch: every output's shape, dtype, `requiresGrad` and values, then
 * the gradients of `Σ sum(out_i * w_i)` w.r.t. each input, with `expectTensorClose`'s tolerances.
 */
export function checkOpCase(c: OpCase): void {
  const leaves = leavesOf(c);
  const outs = runOp(c, leaves);
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  outs.forEach((o, k) => {
    const e = c.outputs[k]!;
    const label = `output ${k}`;
    if (e.requires_grad !== undefined) expect(o.requiresGrad, `${label} requiresGrad`).toBe(e.requires_grad);
    expectTensorClose(o, e, label);
  });
  if (c.weights.every((w) => w === null)) {
    for (const l of leaves) if (l) expect(l.grad).toBeNull();
    return;
  }
  let loss: Tensor | null = null;
  outs.forEach((o, k) => {
    const w = c.weights[k];
    if (!w) return;
    const term = o.mul(fromFixture({ values: w, shape: o.shape.slice(), dtype: o.dtype })).sum();
    loss = loss === null ? term : loss.add(term);
  });
  (loss as unknown as Tensor).backward();
  leaves.forEach((l, j) => {
    const g = c.grads[j];
    if (!l || g === null || g === undefined) return;
    expect(l.grad, `grad of input ${j}`).not.toBeNull();
    expectTensorClose(l.grad!, { values: g, shape: l.shape.slice(), dtype: l.dtype }, `grad of input ${j}`);
  });
}

/** Runs a float64 `gradcheck` of the case's op at the case's own inputs (float outputs only). */
export function gradcheckOpCase(c: OpCase): boolean {
  const leaves = leavesOf(c);
  const tensors = leaves.filter((l): l is Tensor => l !== null);
  const fn = (...ts: Tensor[]): Tensor[] => {
    let p = 0;
    const ls = leaves.map((l) => (l === null ? null : ts[p++]!));
    return runOp(c, ls).filter((o) => o.isFloatingPoint());
  };
  return gradcheck(fn, tensors);
}
