/**
 * Matrix products in all of `torch.matmul`'s cases. One primitive, a batched product with
 * broadcast batch dims, carries the backward rule; the 1-D cases add and remove a dim around it
 * (recorded views), so their gradients come for free.
 */
import { record } from "../autograd/node.js";
import { allocate } from "../dtype.js";
import { kernels } from "../kernels/index.js";
import { carryDeltas, nextIndex, startIndex } from "../kernels/walk.js";
import { broadcastShapes, checkNumel, formatShape, numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { resultType } from "./elementwise.js";
import { sumTo } from "./reduce.js";

/** `names`: PyTorch's names of the two arguments (mm's are self and mat2), for the type error. */
function checkOperands(op: string, a: Tensor, b: Tensor, names = ["input", "other"]): void {
  [a, b].forEach((t: unknown, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(
        `${op}(): argument '${names[i]}' (position ${i + 1}) must be a Tensor, but got ${t === null ? "null" : Array.isArray(t) ? "array" : typeof t}`,
      );
    }
  });
  if (a.dtype === "bool" || b.dtype === "bool") throw new Error(`${op}(): not implemented for 'Bool'`);
  if (a.dtype !== b.dtype) {
    throw new Error(
      `${op}(): expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`,
    );
  }
}

/** `[..., m, k] @ [..., k, n]` with broadcast batch dims; both operands at least 2-D. */
function batchedMatmul(op: string, a: Tensor, b: Tensor, node = "BmmBackward0"): Tensor {
  const m = a.shape[a.dim() - 2]!;
  const k = a.shape[a.dim() - 1]!;
  const k2 = b.shape[b.dim() - 2]!;
  const n = b.shape[b.dim() - 1]!;
  if (k !== k2) {
    const show = (t: Tensor) => (t.dim() === 2 ? `${t.shape[0]}x${t.shape[1]}` : formatShape(t.shape));
    throw new Error(`${op}(): mat1 and mat2 shapes cannot be multiplied (${show(a)} and ${show(b)})`);
  }
  const [ab, bb] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  for (let i = 1; i <= Math.min(ab.length, bb.length); i++) {
    const [x, y] = [ab[ab.length - i]!, bb[bb.length - i]!];
    if (x !== y && x !== 1 && y !== 1) {
      throw new Error(
        `${op}(): batch dimensions do not broadcast: size ${x} vs ${y} at batch dimension -${i} (shapes ${formatShape(a.shape)} and ${formatShape(b.shape)})`,
      );
    }
  }
  const batch = broadcastShapes(op, ab, bb);
  const nb = numelOf(batch);
  const dtype = resultType(a, b);
  const outShape = [...batch, m, n];
  const out = allocate(dtype, checkNumel(op, outShape));
  const aE = a.expand([...batch, m, k]);
  const bE = b.expand([...batch, k, n]);
  const nd = batch.length;
  const bi = startIndex(nd);
  const da = carryDeltas(batch, aE.strides, nd);
  const db = carryDeltas(batch, bE.strides, nd);
  let aOff = aE.offset;
  let bOff = bE.offset;
  const [aRs, aCs] = [aE.strides[nd]!, aE.strides[nd + 1]!];
  const [bRs, bCs] = [bE.strides[nd]!, bE.strides[nd + 1]!];
  for (let p = 0; p < nb; p++) {
    kernels.matmul(m, k, n, a.storage.data, aOff, aRs, aCs, b.storage.data, bOff, bRs, bCs, out, p * m * n);
    const d = nextIndex(bi, batch, nd);
    aOff += da[d]!;
    bOff += db[d]!;
  }
  const result = Tensor.fromArray(out, outShape, dtype);
  return record(result, node, [a, b], [a, b], (g, [as, bs], needs) => [
    needs[0] ? sumTo(batchedMatmul(op, g, bs!.transpose(-1, -2), node), as!.shape) : null,
    needs[1] ? sumTo(batchedMatmul(op, as!.transpose(-1, -2), g, node), bs!.shape) : null,
  ]);
}

/**
 * Matrix product with PyTorch's rules (`torch.matmul`): 1-D·1-D is a dot product, 2-D·2-D a
 * matrix product, a 1-D operand is treated as a row (left) or column (right) vector and that dim
 * is removed again, and leading batch dims broadcast.
 *
 * @example
 * matmul(randn([10, 3, 4]), randn([4, 5])).shape // [10, 3, 5]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkOperands("matmul", a, b);
  if (a.dim() === 0 || b.dim() === 0) {
    throw new Error(
      `matmul(): both arguments to matmul need to be at least 1D, but they are ${a.dim()}D and ${b.dim()}D`,
    );
  }
  if (a.dim() === 1 && b.dim() === 1) {
    // Checked here so that the error names matmul, the op the user called.
    if (a.shape[0] !== b.shape[0]) {
      throw new Error(
        `matmul(): inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      );
    }
    return dot(a, b);
  }
  if (a.dim() === 1) return batchedMatmul("matmul", a.unsqueeze(0), b).squeeze(-2);
  if (b.dim() === 1) return batchedMatmul("matmul", a, b.unsqueeze(-1)).squeeze(-1);
  return batchedMatmul("matmul", a, b);
}

/** 2-D matrix product (`torch.mm`). */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkOperands("mm", a, b, ["self", "mat2"]);
  if (a.dim() !== 2) throw new Error(`mm(): self must be a matrix, but got a ${a.dim()}-D tensor`);
  if (b.dim() !== 2) throw new Error(`mm(): mat2 must be a matrix, but got a ${b.dim()}-D tensor`);
  return batchedMatmul("mm", a, b, "MmBackward0");
}

/** Batched 3-D matrix product without broadcasting (`torch.bmm`). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkOperands("bmm", a, b, ["self", "batch2"]);
  if (a.dim() !== 3) throw new Error(`bmm(): batch1 must be a 3D tensor, but got ${a.dim()}-D`);
  if (b.dim() !== 3) throw new Error(`bmm(): batch2 must be a 3D tensor, but got ${b.dim()}-D`);
  if (a.shape[0] !== b.shape[0]) {
    throw new Error(
      `bmm(): batch1 and batch2 must have same number of batches, got ${a.shape[0]} and ${b.shape[0]}`,
    );
  }
  return batchedMatmul("bmm", a, b);
}

/** Dot product of two 1-D tensors (a 0-d tensor). */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkOperands("dot", a, b);
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new Error(`dot(): 1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new Error(
      `dot(): inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
  }
  return batchedMatmul("dot", a.unsqueeze(0), b.unsqueeze(-1)).reshape([]);
}
