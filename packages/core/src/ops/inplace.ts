/**
 * In-place ops (`add_`, `fill_`, `scatter_`, ...). Each writes into the tensor's storage, bumps
 * the storage's version counter (so backward can detect a saved tensor that changed), and
 * returns the tensor itself, as PyTorch's do.
 *
 * Autograd: under grad mode, an in-place op on a leaf that requires grad is an error (as in
 * PyTorch); on a non-leaf, the op is recorded on an alias of the old value and the tensor takes
 * the new node as its `gradFn` (PyTorch's "rebase history"). On a view, the base's history
 * becomes PyTorch's CopySlices (see `rebase`), and the base's other views follow it on their next
 * use (`refreshView`).
 *
 * Every op here runs `checkInplace` before it writes anything: the autograd checks above, and the
 * memory-overlap checks of overlap.ts (an expanded self, or an input that partly shares self's
 * memory, is an error as in PyTorch; exactly the same elements, `a.add_(a)`, are fine).
 */
import { enableGrad, isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { nameGradFn, record } from "../autograd/node.js";
import { type DType, getDefaultDtype, isFloating, toStorageValue } from "../dtype.js";
import { scatterStrided } from "../kernels/elementwise.js";
import { BinOp, kernels, UnOp } from "../kernels/index.js";
import { hasInternalOverlap, overlapStatus } from "../overlap.js";
import { type Generator, fillNormal, fillUniform, getDefaultGenerator } from "../random.js";
import { broadcastShapes, broadcastStrides, formatShape, shapesEqual } from "../shape.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { checkFloating, checkTensor } from "./check.js";
import {
  type Alpha,
  add,
  checkAlpha,
  checkIntegralAlpha,
  checkNegativeSlope,
  div,
  elu,
  leakyRelu,
  mul,
  type NegativeSlope,
  relu,
  resultType,
  scalarLike,
  silu,
  sub,
} from "./elementwise.js";
import { inComputeDtype } from "./forward.js";
import { sumTo } from "./reduce.js";
import { type OptionsSpec, positionalOrKeywords } from "../options.js";
import { checkFitsInt32 } from "./view.js";

type Input = TensorLike | null | undefined;

interface OverlapRules {
  /**
   * Whether an expanded self (two elements at one memory location) is an error. Not for `fill_` /
   * `zero_`: every write stores the same value, and PyTorch allows them too.
   */
  internal: boolean;
  /**
   * Whether even an input with exactly self's elements is an error: PyTorch's `scatter_` checks
   * `assert_no_overlap` on its index and src, not `assert_no_partial_overlap`.
   */
  anyAlias: boolean;
}

const ELEMENTWISE: OverlapRules = { internal: true, anyAlias: false };
const FILL: OverlapRules = { internal: false, anyAlias: false };
const SCATTER: OverlapRules = { internal: true, anyAlias: true };
/**
 * `scatter_` / `scatterAdd_` reach `inplaceUnary` by name from tensor.ts's wrappers, the one place
 * the rules still follow the name; everything else passes its rules.
 */
const SCATTER_OPS: ReadonlySet<string> = new Set(["scatter_", "scatterAdd_"]);

const NO_GRAD_VIEW =
  "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use " +
  "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the " +
  "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if " +
  "you want the inplace to be tracked).";
const INTERNAL_OVERLAP =
  "unsupported operation: more than one element of the written-to tensor refers to a single memory location. " +
  "Please clone() the tensor before performing the operation.";
const PARTIAL_OVERLAP =
  "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory " +
  "location. Please clone() the tensor before performing the operation.";

/**
 * The checks every in-place op runs before it writes anything, in PyTorch's order: autograd's (a
 * view made under `noGrad` modified with grad on, where anything involved requires grad; a leaf
 * that requires grad), then memory overlap — of self with itself, and of self with each tensor in
 * `inputs` (the op's other tensor arguments).
 */
function checkInplace(
  self: Tensor,
  op: string,
  inputs: readonly Input[] = [],
  rules: OverlapRules = ELEMENTWISE,
): void {
  checkAutograd(self, op, inputs);
  checkOverlap(self, op, inputs, rules);
}

function checkAutograd(self: Tensor, op: string, inputs: readonly Input[]): void {
  if (isGradEnabled()) {
    if (
      self.noGradView &&
      (self.requiresGrad ||
        self.base?.requiresGrad === true ||
        inputs.some((t) => t instanceof Tensor && t.requiresGrad))
    ) {
      throw new Error(`${op}(): ${NO_GRAD_VIEW}`);
    }
    if (self.requiresGrad && self.isLeaf) {
      throw new Error(`${op}(): a leaf Variable that requires grad is being used in an in-place operation.`);
    }
  }
}

function checkOverlap(self: Tensor, op: string, inputs: readonly Input[], rules: OverlapRules): void {
  if (rules.internal && hasInternalOverlap(self._shape, self.strides)) {
    throw new Error(`${op}(): ${INTERNAL_OVERLAP}`);
  }
  for (const t of inputs) {
    if (!(t instanceof Tensor)) continue;
    const o = overlapStatus(self, t);
    if (o === "partial" || (o === "same" && rules.anyAlias)) throw new Error(`${op}(): ${PARTIAL_OVERLAP}`);
  }
}

function canCast(from: DType, to: DType): boolean {
  // PyTorch refuses to write a float result into an integer tensor, or a non-bool into a bool one.
  if (isFloating(from) && !isFloating(to)) return false;
  if (to === "bool" && from !== "bool") return false;
  return true;
}

function checkCast(op: string, result: DType, self: DType): void {
  if (!canCast(result, self)) {
    throw new Error(`${op}(): result type ${result} can't be cast to the desired output type ${self}`);
  }
}

/** Copies `src` (same shape) into `self`'s storage through self's strides and bumps the version. */
function writeInto(self: Tensor, src: Tensor): void {
  const c = src.to(self.dtype).contiguous();
  if (self.isContiguous()) {
    kernels.unary(UnOp.Copy, c._shape, self.storage.data, self.offset, c.storage.data, c.strides, c.offset);
  } else {
    scatterStrided(self._shape, self.storage.data, self.strides, self.offset, c.storage.data, c.offset);
  }
  self.storage.version++;
}

/**
 * Records the op `compute(alias)` as the new history of `self` (PyTorch's rebase_history). On a
 * view whose base is in a graph (or gets into one by this write), the base's history becomes
 * PyTorch's CopySlices: the base's old history outside the view's elements, the op's result inside;
 * the view becomes a view of the new base.
 */
function rebase(self: Tensor, op: string, compute: (alias: Tensor) => Tensor): void {
  const base = self.base;
  if (base?.requiresGrad && base.isLeaf && isGradEnabled()) {
    throw new Error(
      `${op}(): a view of a leaf Variable that requires grad is being used in an in-place operation.`,
    );
  }
  // The op sees a snapshot of the old value (PyTorch saves `original_self` the same way): a
  // backward rule that saved its input must not see the values this op is about to write.
  const old = noGrad(() => self.clone());
  const alias = new Tensor(old.storage, old._shape, old.strides, old.offset, self.dtype);
  alias._requiresGrad = self.requiresGrad; // (the getter brings a stale view's history up to date)
  alias.gradFn = self.gradFn;
  alias._outputNr = self._outputNr;
  const r = compute(alias);
  if (!shapesEqual(r._shape, self._shape)) {
    throw new Error(
      `${op}(): output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(r._shape)}`,
    );
  }
  checkCast(op, r.dtype, self.dtype);
  noGrad(() => writeInto(self, r));
  if (base !== null && isGradEnabled() && (r.requiresGrad || base.requiresGrad)) {
    copySlices(base, self, r);
    return;
  }
  self.gradFn = r.gradFn;
  self._outputNr = r._outputNr;
  self._requiresGrad = r.requiresGrad;
}

/**
 * For each element of view `v` (row-major), its index in its base `b` read row-major: where the
 * view's elements sit in the base, for CopySlices and for a view rebuilt from its base. Found by
 * writing each base element's index into a scratch copy of the storage, through the base's strides,
 * and reading it back through the view's (so any layout of either works, with the strided kernels).
 */
function positionsInBase(v: Tensor, b: Tensor): Tensor {
  const n = b.numel();
  const rowMajor = new Int32Array(n);
  for (let k = 0; k < n; k++) rowMajor[k] = k;
  const ids = Tensor.alloc([b.storage.data.length], "int32");
  const through = (t: Tensor) => new Tensor(ids.storage, t._shape, t.strides, t.offset, "int32");
  return noGrad(() => {
    writeInto(through(b), Tensor.fromArray(rowMajor, b._shape, "int32"));
    return through(v).contiguous().reshape([-1]);
  });
}

/** `g` of the base's shape at the view's elements, in the view's shape (and back: `intoBase`). */
function atView(g: Tensor, pos: Tensor, shape: readonly number[]): Tensor {
  return g.reshape([-1]).indexSelect(0, pos).reshape(shape);
}
function intoBase(gv: Tensor, pos: Tensor, baseShape: readonly number[], n: number): Tensor {
  return Tensor.alloc([n], gv.dtype)
    .indexAdd(0, pos, gv.reshape([-1]))
    .reshape(baseShape);
}

/** The base's history after `view` was overwritten with `r` (PyTorch's CopySlices), and the view's. */
function copySlices(base: Tensor, view: Tensor, r: Tensor): void {
  const pos = positionsInBase(view, base);
  const n = base.numel();
  const baseShape = base._shape;
  const viewShape = view._shape;
  // The base as it was: its history, for the elements the write did not touch.
  const before = new Tensor(base.storage, base._shape, base.strides, base.offset, base.dtype);
  before._requiresGrad = base.requiresGrad;
  before.gradFn = base.gradFn;
  before._outputNr = base._outputNr;
  const keep = noGrad(() => Tensor.alloc([n], base.dtype).fill_(1).indexFill_(0, pos, 0));
  const rDtype = r.dtype;
  const next = new Tensor(base.storage, base._shape, base.strides, base.offset, base.dtype);
  record(next, "CopySlices", [before, r], [], (g) => {
    const flat = g.reshape([-1]);
    const inside = atView(flat, pos, viewShape);
    return [
      flat.mul(keep.to(g.dtype)).reshape(baseShape),
      inside.dtype === rDtype ? inside : inside.to(rDtype),
    ];
  });
  base.gradFn = next.gradFn;
  base._outputNr = 0;
  base._requiresGrad = true;
  viewOfBase(view, base, pos, n);
}

/** Makes `view`'s history a view of `base`'s current one (AsStridedBackward0, as PyTorch names it). */
function viewOfBase(view: Tensor, base: Tensor, pos: Tensor, n: number): void {
  view._viewHistory = base.gradFn;
  if (!base.requiresGrad) {
    view.gradFn = null;
    view._requiresGrad = false;
    return;
  }
  const baseShape = base._shape;
  const stand = new Tensor(view.storage, view._shape, view.strides, view.offset, view.dtype);
  // Whatever the grad mode of the read that brought the view up to date: its history is its base's.
  enableGrad(() => record(stand, "AsStridedBackward0", [base], [], (g) => [intoBase(g, pos, baseShape, n)]));
  view.gradFn = stand.gradFn;
  view._outputNr = 0;
  view._requiresGrad = true;
}

/**
 * Brings a view's history up to date when its base's has changed since the view's was set (an
 * in-place op on the base or on another of its views): the view then reads its values from the
 * new base, so its gradient must flow there too. Called by the `requiresGrad` getter, which every
 * op reads before it records its inputs.
 */
export function refreshView(view: Tensor): void {
  const base = view.base;
  if (base === null || view._viewHistory === base.gradFn || view.noGradView) return;
  viewOfBase(view, base, positionsInBase(view, base), base.numel());
}

function recording(...ts: Input[]): boolean {
  return isGradEnabled() && ts.some((t) => t instanceof Tensor && t.requiresGrad);
}

/**
 * The kernel that runs an out-of-place binary op straight into self's storage: `sign` multiplies
 * alpha (sub is a + (−alpha)·b), and `trueDivide` makes an integer self's result float, as `div` does.
 */
interface DirectKernel {
  kop: BinOp;
  sign: number;
  trueDivide: boolean;
}

/** An out-of-place binary op; add and sub also take a checked numeric `alpha`. */
type BinaryOp = (a: Tensor, b: TensorLike, alpha?: never) => Tensor;
type ScaledOp = (a: Tensor, b: TensorLike, alpha: number) => Tensor;

const DIRECT_KERNELS = new Map<BinaryOp, DirectKernel>([
  [add, { kop: BinOp.AddScaled, sign: 1, trueDivide: false }],
  [sub, { kop: BinOp.AddScaled, sign: -1, trueDivide: false }],
  [mul, { kop: BinOp.Mul, sign: 1, trueDivide: false }],
  [div, { kop: BinOp.Div, sign: 1, trueDivide: true }],
]);

/**
 * Runs a binary op in place: `self = fn(self, other, alpha)`. Without autograd, and when self is
 * contiguous, the kernel writes straight into self's storage (no temporary).
 */
export function inplace<T extends Tensor>(
  self: T,
  fn: BinaryOp,
  other: TensorLike,
  alpha: number | undefined,
  op: string,
): T {
  checkInplace(self, op, [other]);
  if (recording(self, other)) {
    rebase(self, op, (alias) =>
      alpha === undefined ? fn(alias, other) : (fn as unknown as ScaledOp)(alias, other, alpha),
    );
    return self;
  }
  const b = other instanceof Tensor ? other : scalarLike(Number(other), self, op);
  const direct = DIRECT_KERNELS.get(fn);
  const dtype = direct?.trueDivide && !isFloating(self.dtype) ? getDefaultDtype() : resultType(self, b);
  checkCast(op, dtype, self.dtype);
  if (alpha !== undefined) checkIntegralAlpha(op, alpha, self.dtype);
  const shape = broadcastShapes(op, self._shape, b._shape);
  if (!shapesEqual(shape, self._shape)) {
    throw new Error(
      `${op}(): output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  // An int32 self takes the out-of-place path, whose overflow check a direct write would skip.
  if (self.isContiguous() && direct !== undefined && self.dtype !== "int32") {
    const scale = direct.sign * (alpha ?? 1);
    const bc = inComputeDtype(b, dtype); // as binaryForward reads it
    kernels.binary(
      direct.kop,
      shape,
      self.storage.data,
      self.offset,
      self.storage.data,
      self.strides,
      self.offset,
      bc.storage.data,
      broadcastStrides(bc._shape, bc.strides, shape),
      bc.offset,
      scale,
    );
    self.storage.version++;
    return self;
  }
  writeInto(self, alpha === undefined ? fn(self, b) : (fn as unknown as ScaledOp)(self, b, alpha));
  return self;
}

/**
 * Runs `self = fn(self)` in place for ops with more arguments (`clamp_`, `scatter_`, ...).
 * `extra` lists the other tensor arguments, to decide whether autograd must record.
 */
export function inplaceUnary<T extends Tensor>(
  self: T,
  fn: (t: Tensor) => Tensor,
  op: string,
  ...extra: (TensorLike | null)[]
): T {
  checkInplace(self, op, extra, SCATTER_OPS.has(op) ? SCATTER : ELEMENTWISE);
  if (recording(self, ...extra)) {
    rebase(self, op, fn);
    return self;
  }
  const r = noGrad(() => fn(self));
  if (!shapesEqual(r._shape, self._shape)) {
    throw new Error(
      `${op}(): output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(r._shape)}`,
    );
  }
  checkCast(op, r.dtype, self.dtype);
  writeInto(self, r);
  return self;
}

// ---- in-place activations (the `inplace=True` of nn.ReLU, LeakyReLU, ELU, SiLU) ----------------
// PyTorch computes these backwards from the result; tsgrad's in-place ops keep a snapshot of the
// old value instead, so the gradient is right for every slope and alpha, where PyTorch refuses a
// negative one under autograd.

/** `fn(x)` written into `x`, for the functions below (whose `x` may not be a Tensor, unlike a method's `this`). */
function activationInPlace<T extends Tensor>(x: T, fn: (t: Tensor) => Tensor, op: string): T {
  checkTensor(op, x);
  return inplaceUnary(x, fn, op);
}

/**
 * `relu` written into `x` (`torch.relu_(x)`, `F.relu(x, inplace=True)`); returns `x`. Also `x.relu_()`.
 *
 * @example
 * const x = tensor([-1, 2], { dtype: "float32" });
 * relu_(x); // x is now tensor([0., 2.])
 */
export function relu_<T extends Tensor>(x: T): T {
  return activationInPlace(x, relu, "relu_");
}

/**
 * `leakyRelu` written into `x` (`F.leaky_relu_(x, negative_slope)`); returns `x`.
 *
 * @example
 * const x = tensor([-1, 2], { dtype: "float32" });
 * leakyRelu_(x, 0.1); // x is now tensor([-0.1000,  2.0000])
 */
export function leakyRelu_<T extends Tensor>(x: T, negativeSlope: NegativeSlope = 0.01): T {
  const slope = checkNegativeSlope("leaky_relu_", negativeSlope);
  return activationInPlace(x, (t) => nameGradFn(leakyRelu(t, slope), "LeakyReluBackward1"), "leaky_relu_");
}

/**
 * `elu` written into `x` (`F.elu_(x, alpha)`); returns `x`.
 *
 * @example
 * const x = tensor([-1, 2], { dtype: "float64" });
 * elu_(x); // x is now tensor([-0.6321,  2.0000], dtype=torch.float64)
 */
export function elu_<T extends Tensor>(x: T, alpha: Alpha = 1): T {
  const a = checkAlpha("elu_", alpha, 2);
  return activationInPlace(x, (t) => nameGradFn(elu(t, a), "EluBackward1"), "elu_");
}

/**
 * `silu` written into `x` (`F.silu(x, inplace=True)`); returns `x`.
 *
 * @example
 * const x = tensor([-1, 2], { dtype: "float64" });
 * silu_(x); // x is now tensor([-0.2689,  1.7616], dtype=torch.float64)
 */
export function silu_<T extends Tensor>(x: T): T {
  return activationInPlace(x, silu, "silu_");
}

/** Fills with `value` (`fill_`); the gradient w.r.t. the old value is zero. */
export function fill_<T extends Tensor>(self: T, value: number): T {
  return fillImpl(self, value, "fill_", "FillBackward2");
}

/** Fills with zeros (`zero_`). */
export function zero_<T extends Tensor>(self: T): T {
  return fillImpl(self, 0, "zero_", "ZeroBackward0");
}

function fillImpl<T extends Tensor>(self: T, value: number, op: string, name: string): T {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`${op}(): argument 'value' must be a number, but got ${typeof value}`);
  }
  checkInplace(self, op, [], FILL);
  const v = toStorageValue(op, self.dtype, value);
  if (recording(self)) {
    rebase(self, op, (alias) => {
      const r = Tensor.alloc(alias._shape, alias.dtype);
      r.storage.data.fill(v);
      return record(r, name, [alias], [], (g) => [g.mul(0)]);
    });
    return self;
  }
  if (self.isContiguous()) {
    self.storage.data.fill(v, self.offset, self.offset + self.numel());
  } else {
    const tmp = Tensor.alloc(self._shape, self.dtype);
    tmp.storage.data.fill(v);
    scatterStrided(self._shape, self.storage.data, self.strides, self.offset, tmp.storage.data, 0);
  }
  self.storage.version++;
  return self;
}

/** Copies `src` (broadcast to self's shape, converted to self's dtype) into self (`copy_`). */
export function copy_<T extends Tensor>(self: T, src: TensorLike): T {
  checkAutograd(self, "copy_", [src]);
  // PyTorch's copy_ returns at once when src is self (so an expanded self may copy itself).
  if (src === self && !recording(self)) {
    self.storage.version++;
    return self;
  }
  checkOverlap(self, "copy_", [src], ELEMENTWISE);
  const s = src instanceof Tensor ? src : scalarLike(Number(src), self, "copy_");
  if (self.dtype === "int32") checkFitsInt32("copy_", s);
  const shape = broadcastShapes("copy_", self._shape, s._shape);
  if (!shapesEqual(shape, self._shape)) {
    throw new Error(
      `copy_(): output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  if (recording(self, s)) {
    const srcShape = s._shape;
    rebase(self, "copy_", (alias) => {
      const r = s.detach().expand(self._shape).to(self.dtype).contiguous().clone();
      return record(r, "CopyBackwards", [alias, s], [], (g, _saved, needs) => [
        needs[0] ? g.mul(0) : null,
        needs[1] ? sumTo(g, srcShape) : null,
      ]);
    });
    return self;
  }
  writeInto(self, s.expand(self._shape));
  return self;
}

/** The shared body of the random in-place fills: checks, `fill` from `generator` (or the global one), write. */
function randomFill<T extends Tensor>(
  self: T,
  op: string,
  name: string,
  generator: Generator | undefined,
  floatOnly: boolean,
  fill: (g: Generator, data: Float64Array) => void,
): T {
  checkInplace(self, op);
  if (floatOnly) checkFloating(op, self, "tensor");
  const tmp = new Float64Array(self.numel());
  fill(generator ?? getDefaultGenerator(), tmp);
  const values = Tensor.fromArray(tmp, self._shape, "float64");
  if (recording(self)) {
    // The old value no longer matters: its gradient is zero, as in PyTorch's NormalBackward0.
    rebase(self, op, (alias) => record(values.to(self.dtype), name, [alias], [], (g) => [g.mul(0)]));
    return self;
  }
  writeInto(self, values);
  return self;
}

/** `uniform_`'s arguments by PyTorch's keywords (`x.uniform_(from_=-1, to=1)`). */
export interface UniformOptions {
  /** The lower bound, default 0. */
  from?: number;
  /** The upper bound, default 1. */
  to?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const UNIFORM_OPTIONS: OptionsSpec<UniformOptions> = { from: "number", to: "number", generator: "generator" };

/**
 * Fills with samples of U(from, to) (`uniform_`); the arguments positionally or as
 * `{ from, to, generator }`.
 *
 * @example zeros([3]).uniform_({ from: -1, to: 1 })
 */
export function uniform_<T extends Tensor>(
  self: T,
  fromArg?: number | UniformOptions,
  toArg?: number,
  generatorArg?: Generator,
): T {
  const o = positionalOrKeywords("uniform_", UNIFORM_OPTIONS, [fromArg, toArg, generatorArg], 1);
  const { from = 0, to = 1 } = o;
  if (!(from <= to))
    throw new Error(`uniform_(): expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return randomFill(self, "uniform_", "UniformBackward0", o.generator, true, (g, d) =>
    fillUniform(g, d, from, to),
  );
}

/** `normal_`'s arguments by PyTorch's keywords (`x.normal_(mean=0, std=0.02)`). */
export interface NormalOptions {
  /** The mean, default 0. */
  mean?: number;
  /** The standard deviation, default 1. */
  std?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
const NORMAL_OPTIONS: OptionsSpec<NormalOptions> = { mean: "number", std: "number", generator: "generator" };

/**
 * Fills with samples of N(mean, std²) (`normal_`); the arguments positionally or as
 * `{ mean, std, generator }`.
 *
 * @example zeros([3]).normal_({ std: 0.02 })
 */
export function normal_<T extends Tensor>(
  self: T,
  meanArg?: number | NormalOptions,
  stdArg?: number,
  generatorArg?: Generator,
): T {
  const o = positionalOrKeywords("normal_", NORMAL_OPTIONS, [meanArg, stdArg, generatorArg], 1);
  const { mean = 0, std = 1 } = o;
  if (!(std >= 0)) throw new Error(`normal_(): expects std >= 0.0, but found std ${std}`);
  return randomFill(self, "normal_", "NormalBackward0", o.generator, true, (g, d) =>
    fillNormal(g, d, mean, std),
  );
}

/**
 * Fills with integers uniform in `[from, to)` (`random_`): `random_(to)` is `[0, to)`, and with
 * no bounds `[0, 2^24]` for float32, `[0, 2^53]` for float64 and `[0, 2^31 − 1]` for int32 (the
 * largest integers the dtype holds exactly, as in PyTorch). Any dtype, bool included (`[0, 2)`).
 *
 * By keyword, `{ from, to, generator }`: `{ to }` alone is `[0, to)` and `{ from }` alone runs to
 * that top, as PyTorch's `random_(from=..., to=...)` does.
 *
 * PyTorch: `x.random_(0, 10)`.
 * @example zeros([3], { dtype: "int32" }).random_(1, 7) // dice
 */
export function random_<T extends Tensor>(
  self: T,
  fromArg?: number | UniformOptions,
  toArg?: number,
  generatorArg?: Generator,
): T {
  // Any numbers here: random_ words its own integer check below.
  const keywords = typeof fromArg === "object";
  const args = [fromArg, toArg, generatorArg];
  const { from, to, generator } = positionalOrKeywords("random_", UNIFORM_OPTIONS, args, 1);
  let lo = from ?? 0;
  let hi = to;
  if (!keywords && from !== undefined && to === undefined) {
    // One bound is the upper one, as in PyTorch's random_(to).
    lo = 0;
    hi = from;
  }
  if (hi === undefined) {
    const top = { float32: 2 ** 24, float64: 2 ** 53, int32: 2 ** 31 - 1, bool: 1 }[self.dtype];
    hi = top + 1;
  }
  for (const [name, v] of [
    ["from", lo],
    ["to", hi],
  ] as const) {
    if (!Number.isSafeInteger(v) && !(name === "to" && v === 2 ** 53 + 1)) {
      throw new TypeError(`random_(): argument '${name}' must be an integer, but got ${v}`);
    }
  }
  if (lo >= hi)
    throw new Error(`random_(): random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  const [a, span] = [lo, hi - lo];
  return randomFill(self, "random_", "RandomBackward2", generator, false, (g, d) => {
    for (let i = 0; i < d.length; i++) d[i] = a + Math.floor(g.random() * span);
  });
}

/** `bernoulli_`'s arguments by PyTorch's keywords (`mask.bernoulli_(p=0.8)`). */
export interface BernoulliOptions {
  /** The probability of a 1: a number (default 0.5) or a tensor broadcastable to this one. */
  p?: number | Tensor;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
// Any p here: bernoulli_ words its own range check.
const BERNOULLI_OPTIONS: OptionsSpec<BernoulliOptions> = { p: "any", generator: "generator" };

/**
 * Fills with 1 with probability `p` and 0 otherwise (`bernoulli_`); `p` is a number or a tensor
 * of probabilities broadcastable to this one. Any dtype.
 *
 * PyTorch: `mask.bernoulli_(0.8)`.
 * @example zeros([4]).bernoulli_(0.5)
 */
export function bernoulli_<T extends Tensor>(
  self: T,
  pArg?: number | Tensor | BernoulliOptions,
  generatorArg?: Generator,
): T {
  const { p = 0.5, generator } = positionalOrKeywords(
    "bernoulli_",
    BERNOULLI_OPTIONS,
    [pArg, generatorArg],
    1,
  );
  let probs: ArrayLike<number>;
  if (p instanceof Tensor) {
    probs = p.detach().to("float64").expand(self._shape).contiguous().toTypedArray();
    checkProbabilities("bernoulli_", probs);
  } else {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    }
    probs = [p];
  }
  const scalar = !(p instanceof Tensor);
  return randomFill(self, "bernoulli_", "BernoulliBackward1", generator, false, (g, d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.random() < probs[scalar ? 0 : i]! ? 1 : 0;
  });
}

/** Checks that every probability is in [0, 1] (NaN is not), in PyTorch's words. */
export function checkProbabilities(op: string, probs: ArrayLike<number>): void {
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new Error(
        `${op}(): Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = ${v} at flat position ${i})`,
      );
    }
  }
}

/** `exponential_`'s arguments by PyTorch's keywords (`x.exponential_(lambd=2)`). */
export interface ExponentialOptions {
  /** The rate, default 1. */
  lambd?: number;
  /** Where the samples come from, the global generator by default. */
  generator?: Generator;
}
// Any lambd here: exponential_ words its own range check.
const EXPONENTIAL_OPTIONS: OptionsSpec<ExponentialOptions> = { lambd: "any", generator: "generator" };

/**
 * Fills with samples of the exponential distribution of rate `lambd` (`exponential_`), density
 * `lambd·e^(−lambd·x)`.
 *
 * PyTorch: `x.exponential_(2.0)`.
 * @example zeros([3]).exponential_(0.5)
 */
export function exponential_<T extends Tensor>(
  self: T,
  lambdArg?: number | ExponentialOptions,
  generatorArg?: Generator,
): T {
  const { lambd = 1, generator } = positionalOrKeywords(
    "exponential_",
    EXPONENTIAL_OPTIONS,
    [lambdArg, generatorArg],
    1,
  );
  if (typeof lambd !== "number" || !(lambd >= 0)) {
    throw new Error(`exponential_(): exponential_ expects lambda >= 0.0, but found lambda=${lambd}`);
  }
  return randomFill(self, "exponential_", "ExponentialBackward0", generator, true, (g, d) => {
    // 1 − u is in (0, 1], so the logarithm is finite.
    for (let i = 0; i < d.length; i++) d[i] = -Math.log(1 - g.random()) / lambd;
  });
}
