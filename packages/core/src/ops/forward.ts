/**
 * The two kernel runners every elementwise op and reduction's backward share: run a binary kernel
 * (with broadcasting) or a unary kernel into a new tensor, with no autograd. They sit below both
 * ops/elementwise.ts and ops/reduce.ts so that neither has to import the other.
 */
import { allocate, type DType, firstOutsideInt32, int32OverflowError } from "../dtype.js";
import { BinOp, kernels, UnOp } from "../kernels/index.js";
import { broadcastShapes, broadcastStrides, checkNumel, MAX_NUMEL, numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";

/**
 * The integer kernels whose exact result can leave int32. tsgrad's int32 stands in for PyTorch's
 * int64, where `50000 * 50000` is 2500000000: wrapping to -1794967296 would be silently wrong, so
 * these run in doubles (exact this far) and a result outside int32 is the int32 overflow error.
 */
const INT32_CHECKED: ReadonlySet<BinOp> = new Set([BinOp.Add, BinOp.AddScaled, BinOp.Mul, BinOp.Pow]);

/** What the int32 overflow error of an integer op's result adds after the value. */
export const INT32_RESULT_NOTE =
  "the exact int32 result, which PyTorch's int64 holds: convert first, e.g. x.double()";

/**
 * An operand as PyTorch's TensorIterator reads it when it computes in float32: rounded to float32
 * first, since an int32 or float64 value need not be exact there (`float32 x · 0-d float64 0.1`
 * multiplies by float32's 0.1). Every other dtype is exact where it is computed.
 */
export function inComputeDtype(t: Tensor, dtype: DType): Tensor {
  if (dtype !== "float32" || (t.dtype !== "float64" && t.dtype !== "int32")) return t;
  return unaryForward(UnOp.Copy, t, 0, 0, "float32");
}

/** Runs a binary kernel with broadcasting into a new tensor of `outDtype`. */
export function binaryForward(
  op: string,
  kop: BinOp,
  a: Tensor,
  b: Tensor,
  outDtype: DType,
  alpha = 1,
): Tensor {
  const shape = broadcastShapes(op, a._shape, b._shape);
  if (outDtype === "int32" && INT32_CHECKED.has(kop)) {
    // A negative integer exponent gives -1, 0 or 1 (never an overflow; 0 ** -1 is 0, as in
    // PyTorch), where the double power says Infinity: the check sees those exponents as 0.
    const checkB = kop === BinOp.Pow ? unaryForward(UnOp.Clamp, b, 0, Number.NaN, b.dtype) : b;
    const wide = binaryForward(op, kop, a, checkB, "float64", alpha).storage.data;
    const bad = firstOutsideInt32(wide);
    if (bad >= 0) {
      throw int32OverflowError(op, wide[bad]!, INT32_RESULT_NOTE);
    }
    // In range, the doubles are the exact values; a double power may be an ulp off, so int32
    // powers come from the int kernel (exact), once the doubles have shown they fit.
    if (kop !== BinOp.Pow) return Tensor.fromArray(Int32Array.from(wide), shape, "int32");
  }
  if (outDtype === "float32") {
    a = inComputeDtype(a, "float32");
    b = inComputeDtype(b, "float32");
  }
  const out = allocate(outDtype, numelOf(shape), op, shape);
  kernels.binary(
    kop,
    shape,
    out,
    0,
    a.storage.data,
    broadcastStrides(a._shape, a.strides, shape),
    a.offset,
    b.storage.data,
    broadcastStrides(b._shape, b.strides, shape),
    b.offset,
    alpha,
  );
  return Tensor.fromArray(out, shape, outDtype);
}

/** The op a unary kernel's errors name: `exp` for UnOp.Exp. */
function kernelOpName(kop: UnOp): string {
  return UnOp[kop]!.replace(/^./, (c) => c.toLowerCase());
}

/** Runs a unary kernel into a new tensor of `outDtype` (default: the input's). */
export function unaryForward(kop: UnOp, x: Tensor, p1 = 0, p2 = 0, outDtype: DType = x.dtype): Tensor {
  // The ops that are one kernel call (`isnan`, `floor`, ...) are checked here, named after the kernel.
  if (!(x instanceof Tensor)) checkTensor(kernelOpName(kop), x);
  // Only an expanded view can be too big to copy; the error names the op after its kernel (`exp`).
  if (x.numel() > MAX_NUMEL) checkNumel(kernelOpName(kop), x._shape);
  const out = allocate(outDtype, x.numel());
  kernels.unary(kop, x._shape, out, 0, x.storage.data, x.strides, x.offset, p1, p2);
  return Tensor.fromArray(out, x._shape, outDtype);
}
