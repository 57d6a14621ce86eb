/**
 * Tests on values that return positions or booleans: `nonzero`, `isclose`, `allclose`. None is
 * differentiable (their results are int32 or bool).
 */
import { noGrad } from "../autograd/grad-mode.js";
import { allocate, isFloating } from "../dtype.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { broadcastShapes, checkNumel, shapesEqual } from "../shape.js";
import { nextIndex, startIndex } from "../kernels/walk.js";
import { Tensor } from "../tensor.js";
import { checkTensor, checkType } from "./check.js";
import { eq } from "./elementwise.js";

/**
 * The positions of the nonzero elements (`torch.nonzero`): an int32 tensor of shape
 * `[count, x.dim()]`, one row of coordinates per element, in row-major order. NaN counts as
 * nonzero, `-0` as zero.
 *
 * @example
 * nonzero(tensor([[0, 1], [2, 0]])); // tensor([[0, 1], [1, 0]])
 */
export function nonzero(x: Tensor): Tensor {
  checkTensor("nonzero", x);
  const data = x.toTypedArray();
  const nd = x.dim();
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const out = allocate("int32", count * nd, "nonzero", [count, nd]);
  const pos = startIndex(nd);
  let w = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) {
      for (let d = 0; d < nd; d++) out[w++] = pos[d]!;
    }
    nextIndex(pos, x._shape, nd);
  }
  return Tensor.fromArray(out, [count, nd], "int32");
}

const ISCLOSE_OPTIONS: OptionsSpec<IscloseOptions> = { rtol: "number", atol: "number", equalNan: "boolean" };

/** Keyword options of `isclose` / `allclose`, with PyTorch's defaults. */
export interface IscloseOptions {
  /** Relative tolerance, default 1e-5. */
  rtol?: number;
  /** Absolute tolerance, default 1e-8. */
  atol?: number;
  /** Whether two NaNs count as close, default false. */
  equalNan?: boolean;
}

/**
 * Elementwise closeness (`torch.isclose`): a bool tensor, true where
 * `|input − other| ≤ atol + rtol·|other|` or the two are equal (so equal infinities are close).
 * Note the asymmetry: the tolerance scales with `other`. Both must have the same dtype; they
 * broadcast. As in PyTorch, the tolerance is computed in float32 unless the inputs are float64.
 *
 * @param options `{ rtol = 1e-5, atol = 1e-8, equalNan = false }`
 *
 * @example
 * isclose(tensor([1, 2], { dtype: "float64" }), tensor([1.000001, 2.1], { dtype: "float64" }));
 * // tensor([ True, False])
 */
export function isclose(input: Tensor, other: Tensor, options: IscloseOptions = {}): Tensor {
  return iscloseImpl("isclose", input, other, options);
}

function iscloseImpl(op: string, input: Tensor, other: Tensor, options: IscloseOptions): Tensor {
  checkTensor(op, input);
  checkTensor(op, other, "other");
  checkOptions(op, options, ISCLOSE_OPTIONS);
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-8;
  const equalNan = options.equalNan ?? false;
  for (const [name, v] of [
    ["rtol", rtol],
    ["atol", atol],
  ] as const) {
    checkType(op, name, v, "number");
    if (!(v >= 0)) throw new Error(`${op}(): ${name} must be greater than or equal to zero, but got ${v}`);
  }
  checkType(op, "equalNan", equalNan, "boolean");
  if (input.dtype !== other.dtype) {
    throw new Error(
      `${op}(): input and other must have the same dtype, but got ${input.dtype} and ${other.dtype} (PyTorch: "Float did not match Long")`,
    );
  }
  const shape = broadcastShapes(op, input._shape, other._shape);
  checkNumel(op, shape);
  const [a, b] = noGrad(() => [input.expand(shape).toTypedArray(), other.expand(shape).toTypedArray()]);
  const out = new Uint8Array(a.length);
  const nanCheck = equalNan && isFloating(input.dtype);
  const exact = rtol === 0 && atol === 0;
  // PyTorch evaluates `atol + |rtol * other|` and `|input - other|` in the tensors' dtype, which is
  // float32 unless they are float64 (bool and int32 are promoted to float32); rounding the same
  // way keeps the results identical at the edge.
  const f32 = input.dtype !== "float64";
  const rt = f32 ? Math.fround(rtol) : rtol;
  const at = f32 ? Math.fround(atol) : atol;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    let close = x === y || (nanCheck && x !== x && y !== y);
    if (!close && !exact) {
      let allowed: number;
      let actual: number;
      if (f32) {
        allowed = Math.fround(at + Math.abs(Math.fround(rt * Math.fround(y))));
        actual = Math.fround(Math.abs(Math.fround(x - y)));
      } else {
        allowed = at + Math.abs(rt * y);
        actual = Math.abs(x - y);
      }
      close = Number.isFinite(actual) && actual <= allowed;
    }
    out[i] = close ? 1 : 0;
  }
  return Tensor.fromArray(out, shape, "bool");
}

/**
 * Whether every element of `input` is close to `other` (`torch.allclose`), as a JS boolean:
 * `isclose(input, other, options).all()`. Empty tensors are all close.
 *
 * @example
 * allclose(tensor([1, 2], { dtype: "float64" }), tensor([1, 2.000001], { dtype: "float64" })); // true
 */
export function allclose(input: Tensor, other: Tensor, options: IscloseOptions = {}): boolean {
  const close = iscloseImpl("allclose", input, other, options);
  const d = close.storage.data;
  for (let i = 0; i < d.length; i++) if (!d[i]) return false;
  return true;
}

/**
 * Whether `input` and `other` have the same shape and the same elements (`torch.equal`), as a JS
 * boolean. Dtypes may differ (the elements are compared as `eq` compares them); NaN equals nothing,
 * so a tensor with a NaN is not equal to itself.
 *
 * @example
 * equal(tensor([1, 2]), tensor([1, 2], { dtype: "float32" })); // true
 * equal(tensor([1, 2]), tensor([[1, 2]])); // false
 */
export function equal(input: Tensor, other: Tensor): boolean {
  checkTensor("equal", input);
  checkTensor("equal", other, "other");
  if (!shapesEqual(input._shape, other._shape)) return false;
  const same = noGrad(() => eq(input, other)).storage.data;
  for (let i = 0; i < same.length; i++) if (!same[i]) return false;
  return true;
}
