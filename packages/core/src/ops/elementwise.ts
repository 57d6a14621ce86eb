/**
 * Elementwise ops with PyTorch's broadcasting and type promotion. Each op: argument checks,
 * forward (one kernel call), and its backward rule right below, reduced back to each input's
 * shape by `sumTo` (the one helper that undoes broadcasting).
 */
import { noGrad } from "../autograd/grad-mode.js";
import { nameGradFn, needsGrad, record } from "../autograd/node.js";
import {
  allocate,
  type DType,
  firstOutsideInt32,
  int32OverflowError,
  isFloating,
  getDefaultDtype,
  promoteTypes,
  promoteWithScalar,
  toStorageValue,
} from "../dtype.js";
import { BinOp, UnOp } from "../kernels/index.js";
import { broadcastShapes, checkNumel, numelOf } from "../shape.js";
import { otherCopyNote } from "../copies.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { checkFloating, checkNotBool, checkTensor, scalarTensor } from "./check.js";
import {
  checkOptions,
  describeValue,
  type OptionsSpec,
  type OptionTest,
  positionalOrKeywords,
} from "../options.js";
import { binaryForward, INT32_RESULT_NOTE, inComputeDtype, unaryForward } from "./forward.js";
import { sumTo } from "./reduce.js";

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * PyTorch's result type for two tensors: a 0-d tensor only decides the dtype when its category
 * (bool < integer < float) is higher than the dimensioned operand's.
 *
 * @example
 * resultType(tensor([1]), tensor([0.5])); // "float32"
 */
export function resultType(a: Tensor, b: Tensor): DType {
  // Two instanceof tests on every binary op's path; the public `resultType` names a wrong argument.
  checkTensor("resultType", a, "tensor1");
  checkTensor("resultType", b, "tensor2");
  if (a.dim() > 0 === b.dim() > 0) return promoteTypes(a.dtype, b.dtype);
  const [dimmed, zero] = a.dim() > 0 ? [a, b] : [b, a];
  return CATEGORY[zero.dtype] > CATEGORY[dimmed.dtype]
    ? promoteTypes(dimmed.dtype, zero.dtype)
    : dimmed.dtype;
}

/**
 * A plain number as a 0-d tensor of the dtype it takes next to `like` (a "wrapped number"). An
 * integer that does not fit int32 is an error naming `op` (PyTorch wraps it around in arithmetic
 * and comparisons, `x_int32 < 3000000000` is all false there; tsgrad has no int64 to widen into).
 */
export function scalarLike(value: number, like: Tensor, op: string): Tensor {
  const dtype = promoteWithScalar(like.dtype, value);
  return scalarTensor(toStorageValue(op, dtype, value, INT_SCALAR), dtype);
}

const INT_SCALAR =
  "an integer number next to an integer tensor is int32: convert the tensor first, e.g. x.double()";

function checkOperand(op: string, name: string, x: unknown): void {
  if (x instanceof Tensor) return;
  if (typeof x === "number") return;
  if (typeof x === "boolean") return;
  throw new TypeError(
    `${op}(): argument '${name}' must be a Tensor or a number, but got ${x === null ? "null" : typeof x}${otherCopyNote(x)}`,
  );
}

/** `a` and `b` checked, a number wrapped as a 0-d tensor, and their result dtype. */
export function operands(op: string, a: Tensor, b: TensorLike): [Tensor, Tensor, DType] {
  checkOperand(op, "input", a);
  checkOperand(op, "other", b);
  if (b instanceof Tensor) return [a, b, resultType(a, b)];
  const s = scalarLike(Number(b), a, op);
  return [a, s, promoteTypes(a.dtype, s.dtype)];
}

/** The dtype of an op that computes in floats: integer inputs give the default float dtype. */
export function floatResult(dtype: DType): DType {
  return isFloating(dtype) ? dtype : getDefaultDtype();
}

/** `add`'s, `sub`'s and `elu`'s `alpha`: a number, or PyTorch's keyword as `{ alpha }` (`x.add(y, { alpha: 2 })`). */
export type Alpha =
  | number
  | {
      /** The multiplier, default 1. */
      alpha?: number;
    };
const ALPHA_OPTIONS: OptionsSpec<{ alpha?: number }> = { alpha: "number" };

/** `alpha` as a number, checked (a truthy object must not reach the kernel as NaN); `at` is its argument number. */
export function checkAlpha(op: string, alpha: unknown, at = 3): number {
  // The common case first: add and sub run this on every call.
  if (typeof alpha === "number") return alpha;
  return positionalOrKeywords(op, ALPHA_OPTIONS, [alpha], at).alpha ?? 1;
}

/**
 * An `alpha` with a fraction cannot scale an integer (or bool) result: PyTorch's error, where the
 * kernel would otherwise truncate (`int.add(int, 0.5)` gave the input back).
 */
export function checkIntegralAlpha(op: string, alpha: number, dtype: DType): void {
  if (!Number.isInteger(alpha) && !isFloating(dtype)) {
    throw new Error(
      `${op}(): For integral input tensors, argument alpha must not be a floating point number (got alpha=${alpha}, result dtype ${dtype})`,
    );
  }
}

/**
 * `a + alpha * b` with broadcasting (`torch.add`).
 *
 * @example
 * add(tensor([1, 2]), tensor([[10], [20]])); // tensor([[11, 12], [21, 22]])
 * add(tensor([1, 2]), 1, 2); // tensor([3, 4])
 */
export function add(a: Tensor, b: TensorLike, alphaArg: Alpha = 1): Tensor {
  const alpha = checkAlpha("add", alphaArg);
  const [x, y, dtype] = operands("add", a, b);
  checkIntegralAlpha("add", alpha, dtype);
  // bool + bool is a logical or in PyTorch (True + True is True); a plain sum would store 2.
  const kop = dtype === "bool" ? BinOp.LogicalOr : alpha === 1 ? BinOp.Add : BinOp.AddScaled;
  const out = binaryForward("add", kop, x, y, dtype, alpha);
  const [xShape, yShape] = [x._shape, y._shape];
  return record(out, "AddBackward0", [x, y], [], (g, _s, needs) => [
    needs[0] ? sumTo(g, xShape) : null,
    needs[1] ? sumTo(alpha === 1 ? g : g.mul(alpha), yShape) : null,
  ]);
}

/**
 * `a - alpha * b` (`torch.sub`).
 *
 * @example
 * sub(tensor([5, 7]), tensor([1, 2])); // tensor([4, 5])
 */
export function sub(a: Tensor, b: TensorLike, alphaArg: Alpha = 1): Tensor {
  const alpha = checkAlpha("sub", alphaArg);
  const [x, y, dtype] = operands("sub", a, b);
  checkIntegralAlpha("sub", alpha, dtype);
  if (dtype === "bool")
    throw new Error("sub(): Subtraction, the `-` operator, with two bool tensors is not supported.");
  const out = binaryForward("sub", BinOp.AddScaled, x, y, dtype, -alpha);
  const [xShape, yShape] = [x._shape, y._shape];
  return record(out, "SubBackward0", [x, y], [], (g, _s, needs) => [
    needs[0] ? sumTo(g, xShape) : null,
    needs[1] ? sumTo(g.mul(-alpha), yShape) : null,
  ]);
}

/**
 * Elementwise product with broadcasting (`torch.mul`).
 *
 * @example
 * mul(tensor([1, 2, 3]), 2); // tensor([2, 4, 6])
 */
export function mul(a: Tensor, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("mul", a, b);
  const out = binaryForward("mul", BinOp.Mul, x, y, dtype);
  if (!(b instanceof Tensor)) {
    // A plain number: nothing to save, so an in-place `mul_(2)` on a non-leaf stays differentiable.
    const s = Number(b);
    return record(out, "MulBackward0", [x], [], (g) => [g.mul(s)]);
  }
  return record(out, "MulBackward0", [x, y], [x, y], (g, [xs, ys], needs) => [
    needs[0] ? sumTo(g.mul(ys!), xs!._shape) : null,
    needs[1] ? sumTo(g.mul(xs!), ys!._shape) : null,
  ]);
}

/** `div`'s keyword (`torch.div(a, b, rounding_mode=None)`). */
export interface DivOptions {
  /** `null` (default): true division; `"trunc"`: rounded toward zero; `"floor"`: rounded down (Python's `//`). */
  roundingMode?: "trunc" | "floor" | null;
}
const DIV_OPTIONS: OptionsSpec<DivOptions> = {
  roundingMode: { test: (v) => v === null || typeof v === "string", expected: "a string or null" },
};

/**
 * Division with broadcasting (`torch.div`). True division by default, where integer inputs give
 * float32, as in PyTorch; with `roundingMode` `"trunc"` or `"floor"` the quotient is rounded and
 * integer inputs stay integers (an integer divisor of 0 is then an error, as in PyTorch). The
 * rounded forms have a zero gradient (PyTorch's DivBackward2).
 *
 * PyTorch: `torch.div(a, b)`, `a / b`, `torch.div(a, b, rounding_mode="floor")`, `a // b`.
 *
 * @example
 * div(tensor([1, 2]), 4); // tensor([0.2500, 0.5000])
 * div(tensor([7, -7]), 2, { roundingMode: "floor" }); // tensor([ 3, -4])
 * div(tensor([7, -7]), 2, { roundingMode: "trunc" }); // tensor([ 3, -3])
 */
export function div(a: Tensor, b: TensorLike, options?: DivOptions): Tensor {
  const { roundingMode = null } = checkOptions("div", options, DIV_OPTIONS, 3);
  if (roundingMode !== null) {
    if (roundingMode !== "trunc" && roundingMode !== "floor") {
      throw new Error(
        `div(): div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${roundingMode}'`,
      );
    }
    return divRounded(a, b, roundingMode);
  }
  // True division is done in floats, so a number divides an integer tensor as a float32 (as in
  // PyTorch, where `x_int32 / 3000000000` is fine), not as an int32 it may not fit.
  const divisor =
    typeof b === "number" && a instanceof Tensor && !isFloating(a.dtype)
      ? scalarTensor(b, getDefaultDtype())
      : b;
  const [x, y, dtype] = operands("div", a, divisor);
  const out = binaryForward("div", BinOp.Div, x, y, floatResult(dtype));
  if (!(b instanceof Tensor)) {
    const s = Number(b);
    return record(out, "DivBackward0", [x], [], (g) => [g.div(s)]);
  }
  return record(out, "DivBackward0", [x, y], [x, y], (g, [xs, ys], needs) => [
    needs[0] ? sumTo(g.div(ys!), xs!._shape) : null,
    needs[1] ? sumTo(g.mul(xs!).div(ys!.mul(ys!)).neg(), ys!._shape) : null,
  ]);
}

/**
 * `a / b` rounded down (`torch.floor_divide`, Python's `a // b`): `div` with `roundingMode: "floor"`
 * (PyTorch 1.13's floor_divide floors, as Python does, rather than truncating).
 *
 * @example
 * floorDivide(tensor([-7, 7]), 2); // tensor([-4,  3])
 */
export function floorDivide(a: Tensor, b: TensorLike): Tensor {
  return div(a, b, { roundingMode: "floor" });
}

/** An integer division by 0 is PyTorch's ZeroDivisionError (a float one gives inf or NaN). */
export function checkIntegerDivisor(op: string, y: Tensor, dtype: DType): void {
  if (isFloating(dtype)) return;
  const c = y.contiguous();
  const d = c.storage.data;
  for (let i = c.offset, end = c.offset + c.numel(); i < end; i++) {
    if (d[i] === 0) throw new Error(`${op}(): ZeroDivisionError (an integer divisor is 0)`);
  }
}

/**
 * `div` with a rounding mode, computed as PyTorch's CPU kernel does: integers exactly (the float64
 * quotient of two int32 values rounds the right way), floats by `trunc(a / b)`, or for `"floor"`
 * by PyTorch's `div_floor_floating` from `fmod`, so that `1 // 0.1` is 9 as in Python, not 10.
 */
function divRounded(a: Tensor, b: TensorLike, mode: "trunc" | "floor"): Tensor {
  const [x, y, dtype] = operands("div", a, b);
  if (dtype === "bool") throw new Error(`div(): rounding_mode '${mode}' is not implemented for 'Bool'`);
  let out: Tensor;
  if (!isFloating(dtype)) {
    checkIntegerDivisor("div", y, dtype);
    const q = binaryForward("div", BinOp.Div, x, y, "float64");
    out = (mode === "floor" ? q.floor() : q.trunc()).to(dtype);
  } else {
    const xd = x.detach();
    const yd = y.detach();
    const q = binaryForward("div", BinOp.Div, xd, yd, dtype);
    if (mode === "trunc") out = q.trunc();
    else {
      const mod = binaryForward("div", BinOp.Fmod, xd, yd, dtype);
      let d = xd.sub(mod).div(yd);
      d = where(mod.ne(0).logicalAnd(yd.lt(0).ne(mod.lt(0))), d.sub(1), d);
      let fl = d.floor();
      fl = where(d.sub(fl).gt(0.5), fl.add(1), fl);
      // A zero quotient keeps the sign of a / b; a zero divisor gives a / b itself (inf or NaN).
      out = where(yd.eq(0), q, where(d.eq(0), q.mul(0), fl));
    }
    if (!(b instanceof Tensor)) return record(out, "DivBackward2", [x], [], (g) => [g.mul(0)]);
  }
  const [xShape, yShape] = [x._shape, y._shape];
  return record(out, "DivBackward2", [x, y], [], (g, _s, needs) => [
    needs[0] ? sumTo(g.mul(0), xShape) : null,
    needs[1] ? sumTo(g.mul(0), yShape) : null,
  ]);
}

/**
 * `a ** exponent`, exponent a tensor or a number (`torch.pow`); or a number to the powers of a
 * tensor (`torch.pow(2, x)`, PowBackward2), its dtype as the number and the tensor promote.
 *
 * @example
 * pow(tensor([1, 2, 3]), 2); // tensor([1, 4, 9])
 * pow(2, tensor([1, 3])); // tensor([2, 8])
 */
export function pow(a: Tensor | number, exponent: TensorLike): Tensor {
  if (typeof a === "number" && exponent instanceof Tensor) {
    return nameGradFn(pow(scalarLike(a, exponent, "pow"), exponent), "PowBackward2");
  }
  checkTensor("pow", a);
  if (typeof exponent === "number") {
    const e = exponent;
    const dtype = promoteWithScalar(a.dtype, e);
    if (!isFloating(dtype)) {
      toStorageValue("pow", dtype, e, "the exponent");
      if (e < 0) {
        throw new Error(
          "pow(): Integers to negative integer powers are not allowed. (Convert to float first, e.g. x.float().pow(-1).)",
        );
      }
    }
    if (dtype === "int32") {
      // As binaryForward's int32 check: a power past int32 is an error, not its wrapped low bits.
      const wide = unaryForward(UnOp.PowScalar, a, e, 0, "float64").storage.data;
      const bad = firstOutsideInt32(wide);
      if (bad >= 0) throw int32OverflowError("pow", wide[bad]!, INT32_RESULT_NOTE);
    }
    const out = unaryForward(UnOp.PowScalar, a, e, 0, dtype);
    return record(out, "PowBackward0", [a], [a], (g, [x]) => [
      e === 0 ? g.mul(0) : g.mul(x!.pow(e - 1).mul(e)),
    ]);
  }
  const [x, y, dtype] = operands("pow", a, exponent);
  const out = binaryForward("pow", BinOp.Pow, x, y, dtype);
  return record(out, "PowBackward1", [x, y], [x, y, out], (g, [xs, ys, o], needs) => [
    // PyTorch defines d/da a^e as 0 where e == 0 (even at a == 0, where e·a^(e-1) is nan).
    needs[0] ? sumTo(where(ys!.eq(0), 0, g.mul(ys!).mul(xs!.pow(ys!.sub(1)))), xs!._shape) : null,
    // d/de a^e = a^e log a; PyTorch defines it as 0 where a == 0 and e >= 0.
    needs[1] ? sumTo(where(xs!.eq(0).logicalAnd(ys!.ge(0)), 0, g.mul(o!).mul(xs!.log())), ys!._shape) : null,
  ]);
}

/**
 * Elementwise max; at ties the gradient is split in half, as in PyTorch.
 *
 * @example
 * maximum(tensor([1, 5]), tensor([3, 2])); // tensor([3, 5])
 */
export function maximum(a: Tensor, b: TensorLike): Tensor {
  return minmax(a, b, true);
}

/**
 * Elementwise min; at ties the gradient is split in half, as in PyTorch.
 *
 * @example
 * minimum(tensor([1, 5]), tensor([3, 2])); // tensor([1, 2])
 */
export function minimum(a: Tensor, b: TensorLike): Tensor {
  return minmax(a, b, false);
}

function minmax(a: Tensor, b: TensorLike, isMax: boolean): Tensor {
  const op = isMax ? "maximum" : "minimum";
  const [x, y, dtype] = operands(op, a, b);
  const out = binaryForward(op, isMax ? BinOp.Maximum : BinOp.Minimum, x, y, dtype);
  return record(
    out,
    isMax ? "MaximumBackward0" : "MinimumBackward0",
    [x, y],
    [x, y],
    (g, [xs, ys], needs) => {
      const tie = xs!.eq(ys!);
      const half = where(tie, g.mul(0.5), g);
      const xWins = isMax ? xs!.gt(ys!) : xs!.lt(ys!);
      const yWins = isMax ? ys!.gt(xs!) : ys!.lt(xs!);
      return [
        needs[0] ? sumTo(where(yWins, 0, half), xs!._shape) : null,
        needs[1] ? sumTo(where(xWins, 0, half), ys!._shape) : null,
      ];
    },
  );
}

function compare(op: string, kop: BinOp, a: Tensor, b: TensorLike): Tensor {
  const [x, y, dtype] = operands(op, a, b);
  // PyTorch compares in the promoted dtype. Every dtype is exact in float64, but float32 is not:
  // an int32 or float64 operand is rounded to float32 first (`int32 16777217 == 16777216.0` is
  // true there, and so is `float32 0.1 == 0-d float64 0.1`), where comparing the raw doubles is not.
  return binaryForward(op, kop, inComputeDtype(x, dtype), inComputeDtype(y, dtype), "bool");
}

/**
 * Elementwise `==`, a bool tensor.
 *
 * @example
 * eq(tensor([1, 2, 3]), 2); // tensor([False,  True, False])
 */
export const eq = (a: Tensor, b: TensorLike): Tensor => compare("eq", BinOp.Eq, a, b);
/**
 * Elementwise `!=`, a bool tensor.
 *
 * @example
 * ne(tensor([1, 2, 3]), 2); // tensor([ True, False,  True])
 */
export const ne = (a: Tensor, b: TensorLike): Tensor => compare("ne", BinOp.Ne, a, b);
/**
 * Elementwise `<`, a bool tensor.
 *
 * @example
 * lt(tensor([1, 2, 3]), 2); // tensor([ True, False, False])
 */
export const lt = (a: Tensor, b: TensorLike): Tensor => compare("lt", BinOp.Lt, a, b);
/**
 * Elementwise `<=`, a bool tensor.
 *
 * @example
 * le(tensor([1, 2, 3]), 2); // tensor([ True,  True, False])
 */
export const le = (a: Tensor, b: TensorLike): Tensor => compare("le", BinOp.Le, a, b);
/**
 * Elementwise `>`, a bool tensor.
 *
 * @example
 * gt(tensor([1, 2, 3]), 2); // tensor([False, False,  True])
 */
export const gt = (a: Tensor, b: TensorLike): Tensor => compare("gt", BinOp.Gt, a, b);
/**
 * Elementwise `>=`, a bool tensor.
 *
 * @example
 * ge(tensor([1, 2, 3]), 2); // tensor([False,  True,  True])
 */
export const ge = (a: Tensor, b: TensorLike): Tensor => compare("ge", BinOp.Ge, a, b);
/**
 * Elementwise logical AND as a bool tensor, broadcasting. PyTorch: `torch.logical_and`.
 *
 * @example
 * logicalAnd(tensor([true, true]), tensor([true, false])); // tensor([ True, False])
 */
export const logicalAnd = (a: Tensor, b: TensorLike): Tensor =>
  compare("logical_and", BinOp.LogicalAnd, a, b);
/**
 * Elementwise logical OR as a bool tensor, broadcasting. PyTorch: `torch.logical_or`.
 *
 * @example
 * logicalOr(tensor([false, true]), tensor([false, false])); // tensor([False,  True])
 */
export const logicalOr = (a: Tensor, b: TensorLike): Tensor => compare("logical_or", BinOp.LogicalOr, a, b);
/**
 * Elementwise logical NOT (nonzero is true) as a bool tensor. PyTorch: `torch.logical_not`.
 *
 * @example
 * logicalNot(tensor([true, false])); // tensor([False,  True])
 */
export const logicalNot = (a: Tensor): Tensor => unaryForward(UnOp.LogicalNot, a, 0, 0, "bool");
/**
 * Elementwise "is NaN" as a bool tensor. PyTorch: `torch.isnan`.
 *
 * @example
 * isnan(tensor([1, NaN])); // tensor([False,  True])
 */
export const isnan = (a: Tensor): Tensor => unaryForward(UnOp.IsNan, a, 0, 0, "bool");

/**
 * `torch.where(condition, x, y)`: x where condition is true, else y, all broadcast together.
 * Numbers are accepted for x and y.
 *
 * With the condition alone, `torch.where(condition)`: the int32 coordinates of its nonzero
 * elements, one 1-D tensor per dim (`nonzero(as_tuple=True)`; a 0-d condition counts as 1-D),
 * any dtype accepted as PyTorch does.
 * @example
 * const x = tensor([[1, -1], [-2, 3]]);
 * const [rows, cols] = where(x.gt(0));
 * rows; // tensor([0, 1])
 * cols; // tensor([0, 1])
 */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor;
export function where(condition: Tensor, x?: TensorLike, y?: TensorLike): Tensor | Tensor[] {
  if (x === undefined && y === undefined) return nonzeroTuple(condition);
  if (x === undefined || y === undefined) {
    throw new TypeError("where(): expected the condition alone or the condition with both x and y");
  }
  if (!(condition instanceof Tensor) || condition.dtype !== "bool") {
    throw new Error(
      `where(): expected condition to be a bool tensor, but got ${condition instanceof Tensor ? condition.dtype : typeof condition}`,
    );
  }
  const xt =
    x instanceof Tensor
      ? x
      : y instanceof Tensor
        ? scalarLike(x, y, "where")
        : scalarLike(x, Tensor.alloc([], getDefaultDtype()), "where");
  const yt = y instanceof Tensor ? y : scalarLike(y, xt, "where");
  // A number was wrapped by scalarLike (float32 next to an integer tensor when fractional), so the
  // usual rule also covers `where(c, intTensor, 2.5)`, which PyTorch makes float32.
  const dtype = resultType(xt, yt);
  const shape = broadcastShapes("where", broadcastShapes("where", condition._shape, xt._shape), yt._shape);
  checkNumel("where", shape);
  // where = y + cond * (x - y) would lose infinities; select instead, in two masked copies.
  const cs = condition.expand(shape).contiguous();
  const xs = xt.to(dtype).expand(shape).contiguous();
  const ys = yt.to(dtype).expand(shape).contiguous();
  const [c, xd, yd] = [cs.storage.data, xs.storage.data, ys.storage.data];
  const [co, xo, yo] = [cs.offset, xs.offset, ys.offset];
  const out = allocate(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = c[co + i] ? xd[xo + i]! : yd[yo + i]!;
  const result = Tensor.fromArray(out, shape, dtype);
  const xIn = x instanceof Tensor ? x : null;
  const yIn = y instanceof Tensor ? y : null;
  const [xShape, yShape] = [xt._shape, yt._shape];
  return record(result, "WhereBackward0", [xIn, yIn], [condition], (g, [cond], needs) => [
    needs[0] ? sumTo(where(cond!, g, 0), xShape) : null,
    needs[1] ? sumTo(where(cond!, 0, g), yShape) : null,
  ]);
}

/** `where(condition)`: one int32 coordinate tensor per dim of the nonzero elements, row-major. */
function nonzeroTuple(condition: Tensor): Tensor[] {
  if (!(condition instanceof Tensor)) throw new TypeError("where(): argument 'condition' must be a Tensor");
  const shape = condition.dim() === 0 ? [1] : condition._shape;
  const data = condition.contiguous().toTypedArray();
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const cols = shape.map(() => new Int32Array(count));
  for (let i = 0, k = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    for (let j = shape.length - 1, rest = i; j >= 0; j--) {
      cols[j]![k] = rest % shape[j]!;
      rest = Math.floor(rest / shape[j]!);
    }
    k++;
  }
  return cols.map((c) => Tensor.fromArray(c, [count], "int32"));
}

// ---- unary ops ---------------------------------------------------------------------------------

/**
 * `-x`.
 *
 * @example
 * neg(tensor([1, -2])); // tensor([-1, 2])
 */
export function neg(x: Tensor): Tensor {
  checkTensor("neg", x);
  if (x.dtype === "bool")
    throw new Error("neg(): Negation, the `-` operator, on a bool tensor is not supported.");
  return record(unaryForward(UnOp.Neg, x), "NegBackward0", [x], [], (g) => [g.neg()]);
}

/**
 * `e^x`; saves its output for backward.
 *
 * @example
 * exp(tensor([0, 1])); // tensor([1.0000, 2.7183])
 */
export function exp(x: Tensor): Tensor {
  checkTensor("exp", x);
  const out = unaryForward(UnOp.Exp, x, 0, 0, floatResult(x.dtype));
  return record(out, "ExpBackward0", [x], [out], (g, [y]) => [g.mul(y!)]);
}

/**
 * Natural log.
 *
 * @example
 * log(tensor([1, Math.E])); // tensor([0.0000, 1.0000])
 */
export function log(x: Tensor): Tensor {
  checkTensor("log", x);
  const out = unaryForward(UnOp.Log, x, 0, 0, floatResult(x.dtype));
  return record(out, "LogBackward0", [x], [x], (g, [xs]) => [g.div(xs!)]);
}

/**
 * `log(1 + x)`, accurate near 0.
 *
 * @example
 * log1p(tensor([0, 1e-8])).tolist()[1]; // 1e-8
 */
export function log1p(x: Tensor): Tensor {
  checkTensor("log1p", x);
  const out = unaryForward(UnOp.Log1p, x, 0, 0, floatResult(x.dtype));
  return record(out, "Log1PBackward0", [x], [x], (g, [xs]) => [g.div(xs!.add(1))]);
}

/**
 * Elementwise square root (NaN below 0). PyTorch: `torch.sqrt(x)`.
 *
 * @example
 * sqrt(tensor([4, 9])); // tensor([2., 3.])
 */
export function sqrt(x: Tensor): Tensor {
  checkTensor("sqrt", x);
  const out = unaryForward(UnOp.Sqrt, x, 0, 0, floatResult(x.dtype));
  return record(out, "SqrtBackward0", [x], [out], (g, [y]) => [g.div(y!.mul(2))]);
}

/**
 * Elementwise `1 / sqrt(x)`. PyTorch: `torch.rsqrt(x)`.
 *
 * @example
 * rsqrt(tensor([4, 16])); // tensor([0.5000, 0.2500])
 */
export function rsqrt(x: Tensor): Tensor {
  checkTensor("rsqrt", x);
  const out = unaryForward(UnOp.Rsqrt, x, 0, 0, floatResult(x.dtype));
  // d/dx x^-1/2 = -1/2 x^-3/2 = -1/2 y^3
  return record(out, "RsqrtBackward0", [x], [out], (g, [y]) => [g.mul(y!.pow(3)).mul(-0.5)]);
}

/**
 * Elementwise `x²`. PyTorch: `torch.square(x)`.
 *
 * @example
 * square(tensor([-2, 3])); // tensor([4, 9])
 */
export function square(x: Tensor): Tensor {
  checkTensor("square", x);
  // A bool squares to an integer, as PyTorch's square (pow(x, 2)) gives int64 there.
  const out = unaryForward(UnOp.Square, x, 0, 0, x.dtype === "bool" ? "int32" : x.dtype);
  return record(out, "PowBackward0", [x], [x], (g, [xs]) => [g.mul(xs!).mul(2)]);
}

/**
 * Elementwise `1 / x` (a float result). PyTorch: `torch.reciprocal(x)`.
 *
 * @example
 * reciprocal(tensor([2, 4])); // tensor([0.5000, 0.2500])
 */
export function reciprocal(x: Tensor): Tensor {
  checkTensor("reciprocal", x);
  const out = unaryForward(UnOp.Reciprocal, x, 0, 0, floatResult(x.dtype));
  return record(out, "ReciprocalBackward0", [x], [out], (g, [y]) => [g.mul(y!.mul(y!)).neg()]);
}

/**
 * `|x|`; the gradient at 0 is 0, as in PyTorch (`sign(0) = 0`).
 *
 * @example
 * abs(tensor([-2, 3])); // tensor([2, 3])
 */
export function abs(x: Tensor): Tensor {
  checkTensor("abs", x);
  checkNotBool("abs", x);
  return record(unaryForward(UnOp.Abs, x), "AbsBackward0", [x], [x], (g, [xs]) => [g.mul(sign(xs!))]);
}

/**
 * Elementwise sign: −1, 0 or 1 (gradient 0). PyTorch: `torch.sign(x)`.
 *
 * @example
 * sign(tensor([-2, 0, 3])); // tensor([-1,  0,  1])
 */
export function sign(x: Tensor): Tensor {
  checkTensor("sign", x);
  return record(unaryForward(UnOp.Sign, x), "SignBackward0", [x], [], (g) => [g.mul(0)]);
}

/**
 * `max(x, 0)`; relu'(0) = 0, as in PyTorch.
 *
 * @example
 * relu(tensor([-1, 0, 2])); // tensor([0, 0, 2])
 */
export function relu(x: Tensor, inplace?: false | { inplace?: false }): Tensor {
  checkTensor("relu", x);
  refuseInplace("relu", inplace, "relu_");
  checkNotBool("relu", x);
  const out = unaryForward(UnOp.Relu, x);
  return record(out, "ReluBackward0", [x], [out], (g, [y]) => [
    // Under createGraph: y's sign is the mask (y ≥ 0), recorded, so the result keeps its graph
    // and its derivative in y is zero, as PyTorch's threshold_backward's.
    needsGrad(g, y) ? g.mul(y!.sign()) : binaryForward("relu_backward", BinOp.MaskPositive, y!, g, g.dtype),
  ]);
}

/** `leakyRelu`'s slope: a number, or PyTorch's keyword as `{ negativeSlope }` (`F.leaky_relu(x, negative_slope=0.2)`). */
export type NegativeSlope =
  | number
  | {
      /** The slope for `x < 0`, default 0.01. */
      negativeSlope?: number;
    };
const NEGATIVE_SLOPE_OPTIONS: OptionsSpec<{ negativeSlope?: number; inplace?: boolean }> = {
  negativeSlope: "number",
  inplace: "boolean",
};

/** `leakyRelu`'s slope as a number, checked (and PyTorch's `inplace` keyword refused with its fix). */
export function checkNegativeSlope(op: string, slope: unknown): number {
  if (typeof slope === "number") return slope;
  const o = positionalOrKeywords(op, NEGATIVE_SLOPE_OPTIONS, [slope], 2);
  refuseInplace(op, o.inplace, "leakyRelu_");
  return o.negativeSlope ?? 0.01;
}

/**
 * PyTorch's functional `inplace=True` (`F.relu(x, inplace=True)`, `F.relu(x, True)`): in tsgrad the
 * in-place form is its own function, so the flag is refused with its name rather than ignored.
 */
function refuseInplace(op: string, inplace: unknown, inPlace: string): void {
  const flag =
    typeof inplace === "object" && inplace !== null
      ? checkOptions(op, inplace as { inplace?: boolean }, INPLACE_OPTIONS, 2).inplace
      : inplace;
  if (flag === undefined || flag === false) return;
  if (flag !== true) {
    throw new TypeError(`${op}(): argument 'inplace' must be a boolean, but got ${describeValue(flag)}`);
  }
  throw new Error(
    `${op}(): PyTorch's inplace=True is ${inPlace}(x) in tsgrad (it writes into x and returns x)`,
  );
}
const INPLACE_OPTIONS: OptionsSpec<{ inplace?: boolean }> = { inplace: "boolean" };

/**
 * `x > 0 ? x : slope * x` (`F.leaky_relu(x, negative_slope=0.01)`). Floating point input only, as in PyTorch.
 *
 * @param negativeSlope the slope for `x < 0`, default 0.01; or `{ negativeSlope }`
 *
 * @example
 * leakyRelu(tensor([-1, 2], { dtype: "float32" }), 0.1); // tensor([-0.1000,  2.0000])
 * leakyRelu(tensor([-1, 2], { dtype: "float32" }), { negativeSlope: 0.1 }); // the same
 */
export function leakyRelu(x: Tensor, negativeSlope: NegativeSlope = 0.01, inplace?: false): Tensor {
  checkFloatInput("leakyRelu", x);
  refuseInplace("leakyRelu", inplace, "leakyRelu_");
  const slope = checkNegativeSlope("leakyRelu", negativeSlope);
  const out = unaryForward(UnOp.LeakyRelu, x, slope);
  return record(out, "LeakyReluBackward0", [x], [x], (g, [xs]) => [where(xs!.gt(0), g, g.mul(slope))]);
}

/** `gelu`'s keyword (`F.gelu(x, approximate='tanh')`): the exact GELU (`"none"`) or its tanh approximation. */
export interface GeluOptions {
  /** `"none"` (default) for `x·Φ(x)`, `"tanh"` for `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`. */
  approximate?: "none" | "tanh";
}
const GELU_OPTIONS: OptionsSpec<GeluOptions> = { approximate: "string" };

/**
 * Gaussian Error Linear Unit (`F.gelu(x, approximate='none')`): `x·Φ(x)` with Φ the standard normal
 * CDF, or with `{ approximate: "tanh" }` PyTorch's tanh approximation. Floating point input only.
 *
 * @example
 * gelu(tensor([0, 1], { dtype: "float32" })); // tensor([0.0000, 0.8413])
 * gelu(tensor([0, 1], { dtype: "float32" }), { approximate: "tanh" }); // tensor([0.0000, 0.8412])
 */
export function gelu(x: Tensor, options?: GeluOptions): Tensor {
  checkFloatInput("gelu", x);
  const { approximate = "none" } = checkOptions("gelu", options, GELU_OPTIONS, 2);
  if (approximate === "tanh") {
    // Composed of recorded ops, so its backward (and createGraph) come from theirs.
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return nameGradFn(x.mul(0.5).mul(inner.tanh().add(1)), "GeluBackward0");
  }
  if (approximate !== "none") {
    throw new Error(`gelu(): approximate argument must be either none or tanh, got '${approximate}'`);
  }
  const out = unaryForward(UnOp.Gelu, x);
  return record(out, "GeluBackward0", [x], [x], (g, [xs]) => [g.mul(geluGrad(xs!))]);
}

/**
 * gelu'(x) = Φ(x) + x·φ(x), by the kernel; recorded (with gelu''(x) = φ(x)·(2 − x²) as its own
 * backward) when its input requires grad, for createGraph.
 */
function geluGrad(x: Tensor): Tensor {
  const d = unaryForward(UnOp.GeluGrad, x);
  return record(d, "GeluBackwardBackward0", [x], [x], (g, [xs]) => {
    const sq = xs!.square();
    const phi = sq
      .mul(-0.5)
      .exp()
      .mul(1 / Math.sqrt(2 * Math.PI));
    return [g.mul(phi.mul(sq.neg().add(2)))];
  });
}

/**
 * Elementwise hyperbolic tangent. PyTorch: `torch.tanh(x)`.
 *
 * @example
 * tanh(tensor([0])); // tensor([0.])
 */
export function tanh(x: Tensor): Tensor {
  checkTensor("tanh", x);
  const out = unaryForward(UnOp.Tanh, x, 0, 0, floatResult(x.dtype));
  return record(out, "TanhBackward0", [x], [out], (g, [y]) => [g.mul(y!.square().neg().add(1))]);
}

/**
 * Elementwise logistic function `1 / (1 + e^−x)`. PyTorch: `torch.sigmoid(x)`.
 *
 * @example
 * sigmoid(tensor([0])); // tensor([0.5000])
 */
export function sigmoid(x: Tensor): Tensor {
  checkTensor("sigmoid", x);
  const out = unaryForward(UnOp.Sigmoid, x, 0, 0, floatResult(x.dtype));
  return record(out, "SigmoidBackward0", [x], [out], (g, [y]) => [g.mul(y!).mul(y!.neg().add(1))]);
}

/**
 * Elementwise sine (radians). PyTorch: `torch.sin(x)`.
 *
 * @example
 * sin(tensor([0])); // tensor([0.])
 */
export function sin(x: Tensor): Tensor {
  checkTensor("sin", x);
  const out = unaryForward(UnOp.Sin, x, 0, 0, floatResult(x.dtype));
  return record(out, "SinBackward0", [x], [x], (g, [xs]) => [g.mul(cos(xs!))]);
}

/**
 * Elementwise cosine (radians). PyTorch: `torch.cos(x)`.
 *
 * @example
 * cos(tensor([0])); // tensor([1.])
 */
export function cos(x: Tensor): Tensor {
  checkTensor("cos", x);
  const out = unaryForward(UnOp.Cos, x, 0, 0, floatResult(x.dtype));
  return record(out, "CosBackward0", [x], [x], (g, [xs]) => [g.mul(sin(xs!)).neg()]);
}

/** Rounding ops: piecewise constant, so their gradient is zero, as in PyTorch. */
function rounding(kop: UnOp, name: string, x: Tensor, op: string): Tensor {
  checkTensor(op, x);
  checkNotBool(op, x);
  return record(unaryForward(kop, x), name, [x], [], (g) => [g.mul(0)]);
}
/**
 * Elementwise round down (gradient 0). PyTorch: `torch.floor`.
 *
 * @example
 * floor(tensor([1.5, -1.5])); // tensor([ 1., -2.])
 */
export const floor = (x: Tensor): Tensor => rounding(UnOp.Floor, "FloorBackward0", x, "floor");
/**
 * Elementwise round up (gradient 0). PyTorch: `torch.ceil`.
 *
 * @example
 * ceil(tensor([1.5, -1.5])); // tensor([ 2., -1.])
 */
export const ceil = (x: Tensor): Tensor => rounding(UnOp.Ceil, "CeilBackward0", x, "ceil");
/** `round`'s keyword (`torch.round(x, decimals=0)`). */
export interface RoundOptions {
  /** The number of decimal places (default 0); negative rounds to tens, hundreds, ... */
  decimals?: number;
}
const ROUND_OPTIONS: OptionsSpec<RoundOptions> = { decimals: "integer" };

/**
 * Rounds half to even, as `torch.round`; with `decimals`, to that many decimal places, computed
 * as PyTorch does (`round(x · 10^d) / 10^d` in the input's dtype, so float32 keeps its error).
 *
 * @example
 * round(tensor([0.5, 1.5, 2.7])); // tensor([0., 2., 3.])
 * round(tensor([1.25, -3.75], { dtype: "float64" }), { decimals: 1 }); // tensor([ 1.2000, -3.8000], dtype=torch.float64)
 */
export function round(x: Tensor, options?: RoundOptions): Tensor {
  const { decimals = 0 } = checkOptions("round", options, ROUND_OPTIONS, 2);
  if (decimals === 0) return rounding(UnOp.Round, "RoundBackward0", x, "round");
  checkTensor("round", x);
  // PyTorch has no integer kernel for decimals ("round_cpu" not implemented for 'Long'); handing
  // the input back would be wrong for decimals < 0 (15 to the tens is 20).
  checkFloating("round", x, "input", " (round with decimals is not implemented for it, as in PyTorch)");
  const scale = 10 ** Math.abs(decimals);
  const xd = x.detach();
  const out = decimals > 0 ? xd.mul(scale).round().div(scale) : xd.div(scale).round().mul(scale);
  return record(out, "RoundBackward1", [x], [], (g) => [g.mul(0)]);
}

/**
 * Clamps into `[min, max]` (either may be omitted). The gradient passes where
 * `min <= x <= max`, as in PyTorch.
 *
 * @example
 * clamp(tensor([-1, 0.5, 2]), 0, 1); // tensor([0.0000, 0.5000, 1.0000])
 * clamp(tensor([-1, 2]), null, 1); // tensor([-1,  1])
 * // PyTorch's clamp(x, max=1):
 * clamp(tensor([-1, 2]), { max: 1 }); // tensor([-1,  1])
 */
export function clamp(
  x: Tensor,
  min?: number | Tensor | null | ClampOptions,
  max?: number | Tensor | null,
): Tensor {
  checkTensor("clamp", x);
  const o = positionalOrKeywords("clamp", CLAMP_OPTIONS, [min, max], 2);
  if (o.min instanceof Tensor || o.max instanceof Tensor) return clampByTensors(x, o.min, o.max);
  return clampImpl(x, o.min, o.max, "clamp", "ClampBackward1");
}

/**
 * `clamp` with tensor bounds (PyTorch's `clamp(Tensor min, Tensor max)`, broadcasting,
 * ClampBackward0), with PyTorch 1.13's gradients: to `x` where min ≤ x ≤ max; to `min` where
 * x < min < max; to `max` where x > max or min > max (so where x < min = max, nothing gets one).
 */
function clampByTensors(
  x: Tensor,
  minArg: number | Tensor | null | undefined,
  maxArg: number | Tensor | null | undefined,
): Tensor {
  const bound = (b: number | Tensor | null | undefined) =>
    b === null || b === undefined ? null : b instanceof Tensor ? b : scalarLike(b, x, "clamp");
  const min = bound(minArg);
  const max = bound(maxArg);
  const out = noGrad(() => {
    let y = x;
    if (min !== null) y = where(y.lt(min), min, y);
    if (max !== null) y = where(y.gt(max), max, y);
    return y.contiguous();
  });
  return record(out, "ClampBackward0", [x, min, max], [], (g) => {
    const mask = (m: Tensor) => m.to(g.dtype);
    const inside = noGrad(() => {
      let m = min === null ? null : x.ge(min);
      if (max !== null) m = m === null ? x.le(max) : m.logicalAnd(x.le(max));
      return m!;
    });
    const gMin =
      min === null ? null : noGrad(() => (max === null ? x.lt(min) : x.lt(min).logicalAnd(min.lt(max))));
    const gMax =
      max === null ? null : noGrad(() => (min === null ? x.gt(max) : x.gt(max).logicalOr(min.gt(max))));
    return [
      sumTo(g.mul(mask(inside)), x._shape),
      min === null || gMin === null ? null : sumTo(g.mul(mask(gMin)), min._shape),
      max === null || gMax === null ? null : sumTo(g.mul(mask(gMax)), max._shape),
    ];
  });
}

/** `clamp`'s bounds by name, in `min`'s place: `x.clamp({ max: 1 })` for PyTorch's `x.clamp(max=1)`. */
export interface ClampOptions {
  /** The lower bound: a number, a tensor broadcasting with the input, or `null` / absent for none. */
  min?: number | Tensor | null;
  /** The upper bound, as `min`. */
  max?: number | Tensor | null;
}
const BOUND: OptionTest = {
  test: (v) => v === null || typeof v === "number" || v instanceof Tensor,
  expected: "a number, a Tensor or null",
};
const CLAMP_OPTIONS: OptionsSpec<ClampOptions> = { min: BOUND, max: BOUND };

/**
 * `clamp` under its other PyTorch name (`torch.clip`).
 *
 * @example
 * clip(tensor([-2, 0.5, 3], { dtype: "float32" }), -1, 1); // tensor([-1.0000,  0.5000,  1.0000])
 */
export function clip(
  x: Tensor,
  min?: number | Tensor | null | ClampOptions,
  max?: number | Tensor | null,
): Tensor {
  return clamp(x, min, max);
}

/**
 * `max(x, min)` elementwise (`torch.clamp_min`): `clamp(x, min)` with PyTorch's grad_fn name.
 * @example tensor([-1, 2]).clampMin(0) // [0, 2]
 */
export function clampMin(x: Tensor, min: number): Tensor {
  checkTensor("clamp_min", x);
  checkNumberArg("clamp_min", "min", min);
  return clampImpl(x, min, null, "clamp_min", "ClampMinBackward0");
}

/**
 * `min(x, max)` elementwise (`torch.clamp_max`): `clamp(x, null, max)` with PyTorch's grad_fn name.
 * @example tensor([-1, 2]).clampMax(0) // [-1, 0]
 */
export function clampMax(x: Tensor, max: number): Tensor {
  checkTensor("clamp_max", x);
  checkNumberArg("clamp_max", "max", max);
  return clampImpl(x, null, max, "clamp_max", "ClampMaxBackward0");
}

function clampImpl(
  x: Tensor,
  min: number | null | undefined,
  max: number | null | undefined,
  op: string,
  name: string,
): Tensor {
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new Error("clamp(): At least one of 'min' or 'max' must not be None");
  }
  const dtype =
    isFloating(x.dtype) ||
    ((Number.isInteger(lo) || !Number.isFinite(lo)) && (Number.isInteger(hi) || !Number.isFinite(hi)))
      ? x.dtype === "bool"
        ? "int32" // a bool clamped by integers is an integer, as in PyTorch (int64 there)
        : x.dtype
      : getDefaultDtype();
  if (dtype === "int32") {
    // A bound is stored like any int32 value (PyTorch raises too); ±Infinity means "no bound".
    if (Number.isFinite(lo)) toStorageValue(op, dtype, lo, "argument 'min'");
    if (Number.isFinite(hi)) toStorageValue(op, dtype, hi, "argument 'max'");
  }
  const out = unaryForward(UnOp.Clamp, x, lo, hi, dtype);
  return record(out, name, [x], [x], (g, [xs]) => [g.mul(unaryForward(UnOp.InRange, xs!, lo, hi, g.dtype))]);
}

// ---- more activations: silu, softplus, elu -------------------------------------------------------

function checkFloatInput(op: string, x: Tensor): void {
  checkTensor(op, x);
  // PyTorch: "silu_cpu" not implemented for 'Long'.
  checkFloating(op, x, "input", ` ("${op}_cpu" not implemented for it)`);
}

function checkNumberArg(op: string, name: string, v: unknown): void {
  if (typeof v !== "number") {
    throw new TypeError(
      `${op}(): argument '${name}' must be a number, but got ${v === null ? "null" : typeof v}`,
    );
  }
}

/**
 * Sigmoid linear unit, `x · sigmoid(x)` (`torch.nn.functional.silu`, also called swish).
 *
 * Shape: any; output same. Floating point input only, as in PyTorch.
 *
 * @example
 * silu(tensor([-1, 0, 2], { dtype: "float64" })); // tensor([-0.2689,  0.0000,  1.7616], dtype=torch.float64)
 */
export function silu(x: Tensor, inplace?: false | { inplace?: false }): Tensor {
  checkFloatInput("silu", x);
  refuseInplace("silu", inplace, "silu_");
  const out = unaryForward(UnOp.Silu, x);
  return record(out, "SiluBackward0", [x], [x], (g, [xs]) => {
    if (!needsGrad(g, xs)) return [g.mul(unaryForward(UnOp.SiluGrad, xs!))];
    // Recorded for createGraph: silu'(x) = s·(1 + x·(1 − s)), s = sigmoid(x).
    const sg = sigmoid(xs!);
    return [g.mul(sg.mul(xs!.mul(sg.neg().add(1)).add(1)))];
  });
}

/** `softplus`'s keywords (`F.softplus(x, beta=1, threshold=20)`). */
export interface SoftplusOptions {
  /** β, default 1. */
  beta?: number;
  /** Above which (in `β·x`) the function is the identity, default 20. */
  threshold?: number;
}
const SOFTPLUS_OPTIONS: OptionsSpec<SoftplusOptions> = { beta: "number", threshold: "number" };

/**
 * Smooth approximation of relu (`torch.nn.functional.softplus`):
 * `softplus(x) = 1/β · log(1 + exp(β·x))`, and `x` itself where `β·x > threshold`, for
 * numerical stability (exactly as PyTorch switches).
 *
 * @param betaArg β, default 1; or PyTorch's keywords as `{ beta, threshold }`
 * @param thresholdArg above which (in `β·x`) the function is the identity, default 20
 *
 * Shape: any; output same. Floating point input only.
 *
 * @example
 * softplus(tensor([0, 30], { dtype: "float64" })); // tensor([ 0.6931, 30.0000], dtype=torch.float64)
 */
export function softplus(x: Tensor, betaArg: number | SoftplusOptions = 1, thresholdArg?: number): Tensor {
  checkFloatInput("softplus", x);
  const { beta = 1, threshold = 20 } = positionalOrKeywords(
    "softplus",
    SOFTPLUS_OPTIONS,
    [betaArg, thresholdArg],
    2,
  );
  const out = unaryForward(UnOp.Softplus, x, beta, threshold);
  return record(out, "SoftplusBackward0", [x], [x], (g, [xs]) => {
    if (!needsGrad(g, xs)) return [g.mul(unaryForward(UnOp.SoftplusGrad, xs!, beta, threshold))];
    // Recorded for createGraph: sigmoid(β·x), and 1 where β·x > threshold.
    const bx = xs!.mul(beta);
    return [g.mul(where(bx.gt(threshold), 1, sigmoid(bx)))];
  });
}

/**
 * Exponential linear unit (`torch.nn.functional.elu`): `x` for `x > 0`, `α·(exp(x) − 1)` otherwise.
 * The gradient at 0 is α (PyTorch takes the negative branch there).
 *
 * @param alphaArg α, default 1; or `{ alpha }`
 *
 * Shape: any; output same. Floating point input only.
 *
 * @example
 * elu(tensor([-1], { dtype: "float64" }), { alpha: 0.5 }); // tensor([-0.3161], dtype=torch.float64)
 * elu(tensor([-1, 0, 2], { dtype: "float64" })); // tensor([-0.6321,  0.0000,  2.0000], dtype=torch.float64)
 */
export function elu(x: Tensor, alphaArg: Alpha = 1, inplace?: false): Tensor {
  checkFloatInput("elu", x);
  refuseInplace("elu", inplace, "elu_");
  if (typeof alphaArg === "object" && alphaArg !== null && "inplace" in alphaArg) {
    const { inplace: flag, ...rest } = alphaArg as { inplace?: unknown };
    refuseInplace("elu", flag, "elu_");
    alphaArg = rest;
  }
  const alpha = checkAlpha("elu", alphaArg, 2);
  const out = unaryForward(UnOp.Elu, x, alpha);
  return record(out, "EluBackward0", [x], [x], (g, [xs]) => {
    if (!needsGrad(g, xs)) return [g.mul(unaryForward(UnOp.EluGrad, xs!, alpha))];
    // Recorded for createGraph: 1 for x > 0, α·exp(x) otherwise.
    return [where(xs!.gt(0), g, g.mul(xs!.exp().mul(alpha)))];
  });
}
