/**
 * The rest of PyTorch's pointwise math: inverse trigonometric and hyperbolic functions, `exp2`,
 * `expm1`, `log2`, `log10`, `erf`, `erfc`, `sinc`, `logit`, `trunc`/`frac`, `isinf`/`isfinite`,
 * and the binary `atan2`, `fmod`, `remainder`, `hypot`, `logaddexp`, `xlogy`, and `lerp`,
 * `addcmul`, `addcdiv`. Each is a kernel
 * call (kernels/elementwise.ts) and its backward rule, written with recorded ops; the node names
 * are PyTorch 1.13's.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { isFloating } from "../dtype.js";
import { BinOp, UnOp } from "../kernels/index.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { checkFloating, checkNotBool, checkTensor } from "./check.js";
import { checkIntegerDivisor, floatResult, operands, where } from "./elementwise.js";
import { binaryForward, unaryForward } from "./forward.js";
import { sumTo } from "./reduce.js";

// ---- unary ---------------------------------------------------------------------------------------

/**
 * A float op of one tensor (integer inputs compute in the default float dtype, as in PyTorch).
 * `saves` is what PyTorch saves for the backward, so that an in-place write to the other is not an
 * error here either.
 */
function floatUnary(
  op: string,
  kop: UnOp,
  node: string,
  x: Tensor,
  saves: "input" | "result",
  grad: (g: Tensor, saved: Tensor) => Tensor,
): Tensor {
  checkTensor(op, x);
  const out = unaryForward(kop, x, 0, 0, floatResult(x.dtype));
  return record(out, node, [x], [saves === "input" ? x : out], (g, [s]) => [grad(g, s!)]);
}

/** `1 − x²` */
const oneMinusSquare = (x: Tensor): Tensor => x.square().neg().add(1);

/**
 * Arcsine (`torch.asin`); NaN outside [−1, 1].
 *
 * @example
 * asin(tensor([0, 1], { dtype: "float32" })); // tensor([0.0000, 1.5708])
 */
export function asin(x: Tensor): Tensor {
  return floatUnary("asin", UnOp.Asin, "AsinBackward0", x, "input", (g, xs) =>
    g.mul(oneMinusSquare(xs).rsqrt()),
  );
}

/**
 * Arccosine (`torch.acos`); NaN outside [−1, 1].
 *
 * @example
 * acos(tensor([1, 0], { dtype: "float32" })); // tensor([0.0000, 1.5708])
 */
export function acos(x: Tensor): Tensor {
  return floatUnary("acos", UnOp.Acos, "AcosBackward0", x, "input", (g, xs) =>
    g.mul(oneMinusSquare(xs).rsqrt()).neg(),
  );
}

/**
 * Arctangent (`torch.atan`).
 *
 * @example
 * atan(tensor([0, 1], { dtype: "float32" })); // tensor([0.0000, 0.7854])
 */
export function atan(x: Tensor): Tensor {
  return floatUnary("atan", UnOp.Atan, "AtanBackward0", x, "input", (g, xs) => g.div(xs.square().add(1)));
}

/**
 * Hyperbolic sine (`torch.sinh`).
 *
 * @example
 * sinh(tensor([0], { dtype: "float32" })); // tensor([0.])
 */
export function sinh(x: Tensor): Tensor {
  return floatUnary("sinh", UnOp.Sinh, "SinhBackward0", x, "input", (g, xs) => g.mul(cosh(xs)));
}

/**
 * Hyperbolic cosine (`torch.cosh`).
 *
 * @example
 * cosh(tensor([0], { dtype: "float32" })); // tensor([1.])
 */
export function cosh(x: Tensor): Tensor {
  return floatUnary("cosh", UnOp.Cosh, "CoshBackward0", x, "input", (g, xs) => g.mul(sinh(xs)));
}

/**
 * Inverse hyperbolic sine (`torch.asinh`).
 *
 * @example
 * asinh(tensor([0], { dtype: "float32" })); // tensor([0.])
 */
export function asinh(x: Tensor): Tensor {
  return floatUnary("asinh", UnOp.Asinh, "AsinhBackward0", x, "input", (g, xs) =>
    g.mul(xs.square().add(1).rsqrt()),
  );
}

/**
 * Inverse hyperbolic cosine (`torch.acosh`); NaN below 1.
 *
 * @example
 * acosh(tensor([1], { dtype: "float32" })); // tensor([0.])
 */
export function acosh(x: Tensor): Tensor {
  return floatUnary("acosh", UnOp.Acosh, "AcoshBackward0", x, "input", (g, xs) =>
    g.mul(xs.square().sub(1).rsqrt()),
  );
}

/**
 * Inverse hyperbolic tangent (`torch.atanh`); ±inf at ±1, NaN beyond.
 *
 * @example
 * atanh(tensor([0, 1], { dtype: "float32" })); // tensor([0., inf])
 */
export function atanh(x: Tensor): Tensor {
  return floatUnary("atanh", UnOp.Atanh, "AtanhBackward0", x, "input", (g, xs) => g.div(oneMinusSquare(xs)));
}

/**
 * `exp(x) − 1`, accurate for small x (`torch.expm1`).
 *
 * @example
 * expm1(tensor([0], { dtype: "float32" })); // tensor([0.])
 */
export function expm1(x: Tensor): Tensor {
  return floatUnary("expm1", UnOp.Expm1, "Expm1Backward0", x, "result", (g, y) => g.mul(y.add(1)));
}

/**
 * `2 ** x` (`torch.exp2`).
 *
 * @example
 * exp2(tensor([3], { dtype: "float32" })); // tensor([8.])
 */
export function exp2(x: Tensor): Tensor {
  return floatUnary("exp2", UnOp.Exp2, "Exp2Backward0", x, "result", (g, y) => g.mul(y).mul(Math.LN2));
}

/**
 * Base-2 logarithm (`torch.log2`).
 *
 * @example
 * log2(tensor([8], { dtype: "float32" })); // tensor([3.])
 */
export function log2(x: Tensor): Tensor {
  return floatUnary("log2", UnOp.Log2, "Log2Backward0", x, "input", (g, xs) => g.div(xs.mul(Math.LN2)));
}

/**
 * Base-10 logarithm (`torch.log10`).
 *
 * @example
 * log10(tensor([100], { dtype: "float32" })); // tensor([2.])
 */
export function log10(x: Tensor): Tensor {
  return floatUnary("log10", UnOp.Log10, "Log10Backward0", x, "input", (g, xs) => g.div(xs.mul(Math.LN10)));
}

/**
 * The error function (`torch.erf`): `2/√π ∫₀ˣ exp(−t²) dt`.
 *
 * @example
 * erf(tensor([0, 1], { dtype: "float32" })); // tensor([0.0000, 0.8427])
 */
export function erf(x: Tensor): Tensor {
  return floatUnary("erf", UnOp.Erf, "ErfBackward0", x, "input", (g, xs) =>
    g.mul(xs.square().neg().exp()).mul(2 / Math.sqrt(Math.PI)),
  );
}

/**
 * The complementary error function `1 − erf(x)`, accurate where it is tiny (`torch.erfc`).
 *
 * @example
 * erfc(tensor([0, 1], { dtype: "float32" })); // tensor([1.0000, 0.1573])
 */
export function erfc(x: Tensor): Tensor {
  return floatUnary("erfc", UnOp.Erfc, "ErfcBackward0", x, "input", (g, xs) =>
    g.mul(xs.square().neg().exp()).mul(-2 / Math.sqrt(Math.PI)),
  );
}

/**
 * The normalized sinc, `sin(πx) / (πx)`, 1 at 0 (`torch.sinc`).
 *
 * @example
 * sinc(tensor([0, 0.5])); // tensor([1.0000, 0.6366])
 */
export function sinc(x: Tensor): Tensor {
  return floatUnary("sinc", UnOp.Sinc, "SincBackward0", x, "input", (g, xs) => {
    // (πx·cos(πx) − sin(πx)) / (πx²), 0 at x = 0, as PyTorch's formula.
    const px = xs.mul(Math.PI);
    const d = px.mul(px.cos()).sub(px.sin()).div(px.mul(xs));
    return g.mul(where(xs.eq(0), 0, d));
  });
}

/**
 * The log-odds `log(x / (1 − x))` (`torch.logit`), `x` first clamped to `[eps, 1 − eps]` when
 * `eps` is given; the gradient is 0 where the clamp cut (NaN outside [0, 1] without `eps`), as in
 * PyTorch.
 *
 * @example
 * logit(tensor([0.5, 0.75])); // tensor([0.0000, 1.0986])
 */
export function logit(x: Tensor, eps?: number | null): Tensor {
  checkTensor("logit", x);
  if (eps !== undefined && eps !== null && typeof eps !== "number") {
    throw new TypeError(`logit(): argument 'eps' must be a number, but got ${typeof eps}`);
  }
  const e = eps ?? null;
  const out = noGrad(() => {
    const z = e === null ? x.to(floatResult(x.dtype)) : x.to(floatResult(x.dtype)).clamp(e, 1 - e);
    return z.div(z.neg().add(1)).log();
  });
  return record(out, "LogitBackward0", [x], [x], (g, [xs]) => {
    const d = g.div(xs!.mul(xs!.neg().add(1)));
    // Outside [0, 1] (no eps) the gradient is NaN, where the clamp cut (eps) it is 0: PyTorch's rule.
    const [lo, hi, cut] = e === null ? [0, 1, Number.NaN] : [e, 1 - e, 0];
    return [where(xs!.lt(lo).logicalOr(xs!.gt(hi)), cut, d)];
  });
}

/**
 * Rounds toward zero (`torch.trunc`); integers stay as they are. Its gradient is zero.
 *
 * @example
 * trunc(tensor([1.7, -1.7])); // tensor([ 1., -1.])
 */
export function trunc(x: Tensor): Tensor {
  checkTensor("trunc", x);
  checkNotBool("trunc", x);
  return record(unaryForward(UnOp.Trunc, x), "TruncBackward0", [x], [], (g) => [g.mul(0)]);
}

/**
 * The fractional part, `x − trunc(x)`, with x's sign (`torch.frac`); floats only, as in PyTorch.
 *
 * @example
 * frac(tensor([1.5, -1.25])); // tensor([ 0.5000, -0.2500])
 */
export function frac(x: Tensor): Tensor {
  checkTensor("frac", x);
  checkFloating("frac", x);
  return record(unaryForward(UnOp.Frac, x), "FracBackward0", [x], [], (g) => [g]);
}

/**
 * Where `x` is ±inf, as a bool tensor (`torch.isinf`).
 *
 * @example
 * isinf(tensor([1, -Infinity, NaN])); // tensor([False,  True, False])
 */
export function isinf(x: Tensor): Tensor {
  checkTensor("isinf", x);
  return unaryForward(UnOp.IsInf, x, 0, 0, "bool");
}

/**
 * Where `x` is neither ±inf nor NaN, as a bool tensor (`torch.isfinite`).
 *
 * @example
 * isfinite(tensor([1, Infinity, NaN])); // tensor([ True, False, False])
 */
export function isfinite(x: Tensor): Tensor {
  checkTensor("isfinite", x);
  return unaryForward(UnOp.IsFinite, x, 0, 0, "bool");
}

// ---- binary --------------------------------------------------------------------------------------

/**
 * `atan2(input, other)`: the angle of the point (other, input), in (−π, π] (`torch.atan2`).
 *
 * @example
 * atan2(tensor([1]), tensor([-1])) // tensor([2.3562])
 */
export function atan2(a: Tensor, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("atan2", a, b);
  const out = binaryForward("atan2", BinOp.Atan2, x, y, floatResult(dtype));
  return record(out, "Atan2Backward0", [x, y], [x, y], (g, [xs, ys], needs) => {
    const r2 = xs!.square().add(ys!.square());
    return [
      needs[0] ? sumTo(g.mul(ys!).div(r2), xs!._shape) : null,
      needs[1] ? sumTo(g.mul(xs!).neg().div(r2), ys!._shape) : null,
    ];
  });
}

/**
 * `input · log(other)`, 0 where `input` is 0 (unless `other` is NaN) (`torch.xlogy`): the
 * entropy-style term that stays finite at 0 · log 0.
 *
 * @example
 * xlogy(tensor([0, 2]), tensor([0, 3])) // tensor([0.0000, 2.1972])
 */
export function xlogy(a: Tensor, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("xlogy", a, b);
  const out = binaryForward("xlogy", BinOp.Xlogy, x, y, floatResult(dtype));
  // PyTorch's formulas: d/d input = xlogy(grad, other), 0 where input == 0 and other <= 0 (so
  // log(other) at input 0 when other > 0: the limit of x·log(y) is linear there), d/d other = input / other.
  const dInput = (g: Tensor, xs: Tensor, ys: Tensor) => where(xs.eq(0).logicalAnd(ys.le(0)), 0, xlogy(g, ys));
  if (!(b instanceof Tensor)) {
    return record(out, "XlogyBackward2", [x], [x, y], (g, [xs, ys]) => [dInput(g, xs!, ys!)]);
  }
  return record(out, "XlogyBackward0", [x, y], [x, y], (g, [xs, ys], needs) => [
    needs[0] ? sumTo(dInput(g, xs!, ys!), xs!._shape) : null,
    needs[1] ? sumTo(g.mul(xs!).div(ys!), ys!._shape) : null,
  ]);
}

/** An integer division's divisor must not be zero: PyTorch's "ZeroDivisionError". */
/**
 * The remainder of `input / other` rounded toward zero, with the sign of `input` (C's `fmod`;
 * `torch.fmod`). An integer divisor of 0 is an error, as in PyTorch; a float one gives NaN.
 *
 * @example
 * fmod(tensor([-3, 3], { dtype: "float32" }), 2); // tensor([-1.,  1.])
 */
export function fmod(a: Tensor, b: TensorLike): Tensor {
  return modulo("fmod", BinOp.Fmod, a, b, (q) => q.trunc());
}

/**
 * The remainder of `input / other` rounded down, with the sign of `other` (Python's `%`;
 * `torch.remainder`). An integer divisor of 0 is an error, as in PyTorch; a float one gives NaN.
 *
 * @example
 * remainder(tensor([5, -5]), 3) // tensor([2, 1])
 */
export function remainder(a: Tensor, b: TensorLike): Tensor {
  return modulo("remainder", BinOp.Remainder, a, b, (q) => q.floor());
}

function modulo(op: string, kop: BinOp, a: Tensor, b: TensorLike, round: (q: Tensor) => Tensor): Tensor {
  const [x, y, dtype] = operands(op, a, b);
  if (dtype === "bool") throw new Error(`${op}(): not implemented for 'Bool'`);
  checkIntegerDivisor(op, y, dtype);
  const out = binaryForward(op, kop, x, y, dtype);
  const node = `${op === "fmod" ? "Fmod" : "Remainder"}Backward${b instanceof Tensor ? 1 : 0}`;
  if (!(b instanceof Tensor)) return record(out, node, [x], [], (g) => [g]);
  // d/d other = −round(input / other), as in PyTorch.
  return record(out, node, [x, y], [x, y], (g, [xs, ys], needs) => [
    needs[0] ? sumTo(g, xs!._shape) : null,
    needs[1] ? sumTo(g.mul(round(xs!.div(ys!))).neg(), ys!._shape) : null,
  ]);
}

/** Two tensors of a floating result dtype (PyTorch has no integer kernel), and the op's result. */
function floatBinary(op: string, kop: BinOp, a: Tensor, b: Tensor): [Tensor, Tensor, Tensor] {
  checkTensor(op, a);
  checkTensor(op, b, "other");
  const [x, y, dtype] = operands(op, a, b);
  checkFloating(op, x.dtype === dtype ? x : y);
  return [x, y, binaryForward(op, kop, x, y, dtype)];
}

/**
 * `√(input² + other²)` without overflow (`torch.hypot`); floating inputs only, as in PyTorch.
 *
 * @example
 * hypot(tensor([3], { dtype: "float32" }), tensor([4], { dtype: "float32" })); // tensor([5.])
 */
export function hypot(a: Tensor, b: Tensor): Tensor {
  const [x, y, out] = floatBinary("hypot", BinOp.Hypot, a, b);
  return record(out, "HypotBackward0", [x, y], [x, y, out], (g, [xs, ys, r], needs) => [
    needs[0] ? sumTo(g.mul(xs!).div(r!), xs!._shape) : null,
    needs[1] ? sumTo(g.mul(ys!).div(r!), ys!._shape) : null,
  ]);
}

/**
 * `log(exp(input) + exp(other))` without overflow (`torch.logaddexp`); floating inputs only.
 *
 * @example
 * logaddexp(tensor([0], { dtype: "float32" }), tensor([0], { dtype: "float32" })); // tensor([0.6931])
 */
export function logaddexp(a: Tensor, b: Tensor): Tensor {
  const [x, y, out] = floatBinary("logaddexp", BinOp.LogAddExp, a, b);
  // d/d input = 1 / (1 + exp(other − input)), PyTorch's formula.
  return record(out, "LogaddexpBackward0", [x, y], [x, y], (g, [xs, ys], needs) => [
    needs[0] ? sumTo(g.div(ys!.sub(xs!).exp().add(1)), xs!._shape) : null,
    needs[1] ? sumTo(g.div(xs!.sub(ys!).exp().add(1)), ys!._shape) : null,
  ]);
}

// ---- ternary -------------------------------------------------------------------------------------

/**
 * `start + weight·(end − start)` (`torch.lerp`), `weight` a number or a tensor; computed as
 * PyTorch's kernel does (from `end` when weight ≥ 0.5), so float32 results agree to the bit.
 *
 * @example
 * lerp(tensor([0, 10], { dtype: "float32" }), tensor([10, 20], { dtype: "float32" }), 0.25); // tensor([ 2.5000, 12.5000])
 */
export function lerp(start: Tensor, end: Tensor, weight: TensorLike): Tensor {
  checkTensor("lerp", start);
  checkTensor("lerp", end, "end");
  checkFloating("lerp", start);
  if (end.dtype !== start.dtype) {
    throw new Error(`lerp(): expected dtype ${start.dtype} for \`end\` but got dtype ${end.dtype}`);
  }
  const w = weight instanceof Tensor ? weight : null;
  if (w === null && typeof weight !== "number") {
    throw new TypeError(`lerp(): argument 'weight' must be a Tensor or a number, but got ${typeof weight}`);
  }
  const out = noGrad(() => {
    const diff = end.sub(start);
    if (w === null) {
      const s = weight as number;
      return Math.abs(s) < 0.5 ? start.add(diff.mul(s)) : end.sub(diff.mul(1 - s));
    }
    return where(w.abs().lt(0.5), start.add(diff.mul(w)), end.sub(diff.mul(w.neg().add(1))));
  });
  if (w === null) {
    const s = weight as number;
    return record(out, "LerpBackward0", [start, end], [], (g, _saved, needs) => [
      needs[0] ? sumTo(g.mul(1 - s), start._shape) : null,
      needs[1] ? sumTo(g.mul(s), end._shape) : null,
    ]);
  }
  return record(out, "LerpBackward1", [start, end, w], [start, end, w], (g, [s, e, ws], needs) => [
    needs[0] ? sumTo(g.mul(ws!.neg().add(1)), s!._shape) : null,
    needs[1] ? sumTo(g.mul(ws!), e!._shape) : null,
    needs[2] ? sumTo(g.mul(e!.sub(s!)), ws!._shape) : null,
  ]);
}

/** `addcmul` / `addcdiv`'s keyword options (PyTorch's `value=`). */
export interface AddcOptions {
  /** The scale of the product or quotient (PyTorch's `value=`, default 1). */
  value?: number;
}

const ADDC_OPTIONS: OptionsSpec<AddcOptions> = { value: "number" };

/**
 * `input + value · tensor1 · tensor2` (`torch.addcmul`), broadcasting.
 *
 * @example
 * addcmul(zeros([2]), tensor([1, 2]), tensor([3, 4]), { value: 0.5 }) // tensor([1.5000, 4.0000])
 */
export function addcmul(input: Tensor, t1: Tensor, t2: Tensor, options: AddcOptions = {}): Tensor {
  addcChecks("addcmul", input, t1, t2);
  const value = checkOptions("addcmul", options, ADDC_OPTIONS, 4).value ?? 1;
  const out = noGrad(() => input.add(t1.mul(t2).mul(value)));
  return record(out, "AddcmulBackward0", [input, t1, t2], [t1, t2], (g, [a, b], needs) => [
    needs[0] ? sumTo(g, input._shape) : null,
    needs[1] ? sumTo(g.mul(b!).mul(value), a!._shape) : null,
    needs[2] ? sumTo(g.mul(a!).mul(value), b!._shape) : null,
  ]);
}

/**
 * `input + value · tensor1 / tensor2` (`torch.addcdiv`), broadcasting; integer tensor1 and tensor2
 * are an error, as in PyTorch.
 *
 * @example
 * addcdiv(zeros([2]), ones([2]), full([2], 4, { dtype: "float32" }), { value: 2 }); // tensor([0.5000, 0.5000])
 */
export function addcdiv(input: Tensor, t1: Tensor, t2: Tensor, options: AddcOptions = {}): Tensor {
  addcChecks("addcdiv", input, t1, t2);
  const value = checkOptions("addcdiv", options, ADDC_OPTIONS, 4).value ?? 1;
  if (!isFloating(t1.dtype) && !isFloating(t2.dtype)) {
    throw new Error(
      "addcdiv(): Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2.",
    );
  }
  const out = noGrad(() => input.add(t1.div(t2).mul(value)));
  return record(out, "AddcdivBackward0", [input, t1, t2], [t1, t2], (g, [a, b], needs) => [
    needs[0] ? sumTo(g, input._shape) : null,
    needs[1] ? sumTo(g.mul(value).div(b!), a!._shape) : null,
    needs[2] ? sumTo(g.mul(value).mul(a!).div(b!.square()).neg(), b!._shape) : null,
  ]);
}

function addcChecks(op: string, input: Tensor, t1: Tensor, t2: Tensor): void {
  checkTensor(op, input);
  checkTensor(op, t1, "tensor1");
  checkTensor(op, t2, "tensor2");
}
