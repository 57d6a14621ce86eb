/**
 * Core's op table for the PyTorch op cases of core_ops.json and core_more.json (written by
 * tools/fixtures/gen_core_ops.py and gen_core_more.py): each entry mirrors the OPS table of the
 * generator. The comparing is @tsgrad/testing's `checkOpCase(case, OPS)`.
 */
import {
  decode,
  describeOpTable,
  fixtureLoader,
  type OpCase,
  type Operand,
  type OpTable,
  tagged,
} from "@tsgrad/testing";
import {
  bmm,
  cat,
  dot,
  gelu,
  hstack,
  leakyRelu,
  matmul,
  maximum,
  minimum,
  mm,
  stack,
  type Tensor,
  tensor,
  vstack,
  where,
  zeros,
} from "../src/index.js";

/**
 * A fresh float64 [2, 3, 4] leaf for gradchecks along any dim: distinct values, no ties, none at
 * a kink (the indexing and softmax tests share it).
 */
export const gradcheckInput3 = (): Tensor =>
  tensor(
    [
      [
        [0.3, -1.2, 2.5, 0.1],
        [1.7, 0.4, -0.9, -2.2],
        [0.05, 0.6, 1.1, -0.35],
      ],
      [
        [-0.8, 2.1, 0.2, 0.9],
        [1.3, -0.4, -1.6, 0.7],
        [0.45, -2.3, 1.9, 0.15],
      ],
    ],
    { dtype: "float64", requiresGrad: true },
  );

/** The parsed JSON of `packages/core/test/fixtures/<name>.json`. */
export const loadFixture = fixtureLoader(new URL("./fixtures/", import.meta.url));

const T = (x: Operand): Tensor => x as Tensor;
const opt = (v: unknown) => (v === null ? undefined : (v as number));

// The ops of core_ops.json by the test group that owns them (the tag its test file selects by).
const ELEMENTWISE: OpTable = {
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
  clampTensor: (i, a) => T(i[0]!).clamp({ min: a.noMin ? null : T(i[1]!), max: a.noMax ? null : T(i[2]!) }),
  where: (i) => where(T(i[0]!), i[1]!, i[2]!),
  eq: (i) => T(i[0]!).eq(i[1]!),
  ne: (i) => T(i[0]!).ne(i[1]!),
  lt: (i) => T(i[0]!).lt(i[1]!),
  le: (i) => T(i[0]!).le(i[1]!),
  gt: (i) => T(i[0]!).gt(i[1]!),
  ge: (i) => T(i[0]!).ge(i[1]!),
  logicalAnd: (i) => T(i[0]!).logicalAnd(i[1]!),
  logicalOr: (i) => T(i[0]!).logicalOr(i[1]!),
  logicalNot: (i) => T(i[0]!).logicalNot(),
  // the rest of the pointwise math (ops/math.ts)
  asin: (i) => T(i[0]!).asin(),
  acos: (i) => T(i[0]!).acos(),
  atan: (i) => T(i[0]!).atan(),
  sinh: (i) => T(i[0]!).sinh(),
  cosh: (i) => T(i[0]!).cosh(),
  asinh: (i) => T(i[0]!).asinh(),
  acosh: (i) => T(i[0]!).acosh(),
  atanh: (i) => T(i[0]!).atanh(),
  expm1: (i) => T(i[0]!).expm1(),
  exp2: (i) => T(i[0]!).exp2(),
  log2: (i) => T(i[0]!).log2(),
  log10: (i) => T(i[0]!).log10(),
  erf: (i) => T(i[0]!).erf(),
  erfc: (i) => T(i[0]!).erfc(),
  sinc: (i) => T(i[0]!).sinc(),
  logit: (i, a) => T(i[0]!).logit(a.eps),
  xlogy: (i) => T(i[0]!).xlogy(i[1]!),
  trunc: (i) => T(i[0]!).trunc(),
  frac: (i) => T(i[0]!).frac(),
  isinf: (i) => T(i[0]!).isinf(),
  isfinite: (i) => T(i[0]!).isfinite(),
  atan2: (i) => T(i[0]!).atan2(i[1]!),
  fmod: (i) => T(i[0]!).fmod(i[1]!),
  remainder: (i) => T(i[0]!).remainder(i[1]!),
  divFloor: (i) => T(i[0]!).div(i[1]!, { roundingMode: "floor" }),
  divTrunc: (i) => T(i[0]!).div(i[1]!, { roundingMode: "trunc" }),
  roundDecimals: (i, a) => T(i[0]!).round({ decimals: a.decimals }),
  hypot: (i) => T(i[0]!).hypot(T(i[1]!)),
  logaddexp: (i) => T(i[0]!).logaddexp(T(i[1]!)),
  lerp: (i) => T(i[0]!).lerp(T(i[1]!), i[2]!),
  addcmul: (i, a) => T(i[0]!).addcmul(T(i[1]!), T(i[2]!), a.value === undefined ? {} : { value: a.value }),
  addcdiv: (i, a) => T(i[0]!).addcdiv(T(i[1]!), T(i[2]!), a.value === undefined ? {} : { value: a.value }),
};
const REDUCE: OpTable = {
  cumprod: (i, a) => T(i[0]!).cumprod(a.dim),
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
  all: (i, a) => T(i[0]!).all(a.dim, a.keepdim ?? false),
  any: (i, a) => T(i[0]!).any(a.dim, a.keepdim ?? false),
  amin: (i, a) => T(i[0]!).amin(a.dim, a.keepdim ?? false),
  argmax: (i, a) => T(i[0]!).argmax(a.dim, a.keepdim ?? false),
  argmin: (i, a) => T(i[0]!).argmin(a.dim, a.keepdim ?? false),
  var: (i, a) => T(i[0]!).var(a.dim, { correction: a.correction, keepdim: a.keepdim }),
  std: (i, a) => T(i[0]!).std(a.dim, { correction: a.correction, keepdim: a.keepdim }),
  norm: (i, a) => T(i[0]!).norm(a.p === undefined ? 2 : decode(a.p), a.dim, a.keepdim ?? false),
  cumsum: (i, a) => T(i[0]!).cumsum(a.dim),
  cumsumDtype: (i, a) => T(i[0]!).cumsum(a.dim, { dtype: a.dtype }),
};
const MATMUL: OpTable = {
  matmul: (i) => matmul(T(i[0]!), T(i[1]!)),
  mm: (i) => mm(T(i[0]!), T(i[1]!)),
  bmm: (i) => bmm(T(i[0]!), T(i[1]!)),
  dot: (i) => dot(T(i[0]!), T(i[1]!)),
  t: (i) => T(i[0]!).t(),
  mv: (i) => T(i[0]!).mv(T(i[1]!)),
};
const JOIN: OpTable = {
  cat: (i, a) => cat(i as Tensor[], a.dim ?? 0),
  stack: (i, a) => stack(i as Tensor[], a.dim ?? 0),
  hstack: (i) => hstack(i as Tensor[]),
  vstack: (i) => vstack(i as Tensor[]),
};
const VIEW: OpTable = {
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
  mT: (i) => T(i[0]!).mT,
  movedim: (i, a) => T(i[0]!).movedim(a.source, a.destination),
  unfoldWindows: (i, a) => T(i[0]!).unfold(a.dim, a.size, a.step),
  swapaxes: (i, a) => T(i[0]!).swapaxes(a.dim0, a.dim1),
  unflatten: (i, a) => T(i[0]!).unflatten(a.dim, a.sizes),
  diagonal: (i, a) => T(i[0]!).diagonal(a.offset ?? 0, a.dim1 ?? 0, a.dim2 ?? 1),
  // The fixture names PyTorch's dtype; int64 is tsgrad's int32.
  typeAs: (i, a) => T(i[0]!).typeAs(zeros([1], { dtype: a.dtype === "int64" ? "int32" : a.dtype })),
};

/** Each test group's ops: its test checks that the fixture has a case for every one of them. */
export const OP_GROUPS: Record<string, OpTable> = {
  elementwise: ELEMENTWISE,
  reduce: REDUCE,
  matmul: MATMUL,
  join: JOIN,
  view: VIEW,
};

/** The ops of core_ops.json by name; each mirrors the OPS table of gen_core_ops.py. */
export const OPS: OpTable = { ...ELEMENTWISE, ...REDUCE, ...MATMUL, ...JOIN, ...VIEW };

/** The cases of core_tensorops.json (gen_core_tensorops.py) tagged with any of `tags`. */
export function tensoropsCases(...tags: string[]): OpCase[] {
  return loadFixture<{ cases: OpCase[] }>("core_tensorops").cases.filter((c) =>
    tags.some((t) => c.tags.includes(t)),
  );
}

/**
 * The tests of a table of PyTorch cases (core_tensorops.json's, or a fixture of one op family's):
 * that `ops` all have cases, one test per case (`checkOpCase` with `ops`), then a float64 gradcheck
 * of each case tagged "gradcheck", under `gradcheckTitle`.
 */
export function describeTensorOps(
  title: string,
  cases: readonly OpCase[],
  ops: OpTable,
  gradcheckTitle = "float64 gradchecks at the PyTorch cases",
): void {
  describeOpTable({
    title,
    cases,
    covers: Object.keys(ops),
    check: ops,
    gradcheck: { title: gradcheckTitle, ops },
  });
}

/** The cases of core_ops.json owned by one test file (tagged `group`). */
export function opCases(group: string): OpCase[] {
  return tagged(loadFixture<{ cases: OpCase[] }>("core_ops").cases, group);
}
