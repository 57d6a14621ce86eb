/**
 * The two kernel runners every elementwise op and reduction's backward share: run a binary kernel
 * (with broadcasting) or a unary kernel into a new tensor, with no autograd. They sit below both
 * ops/elementwise.ts and ops/reduce.ts so that neither has to import the other.
 */
import { allocate, type DType } from "../dtype.js";
import { type BinOp, kernels, UnOp } from "../kernels/index.js";
import { broadcastShapes, broadcastStrides, checkNumel, MAX_NUMEL, numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";

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
