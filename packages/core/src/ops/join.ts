/** Joining tensors: `cat` along an existing dim, `stack` along a new one. */
import { nameGradFn, record } from "../autograd/node.js";
import { promoteTypes } from "../dtype.js";
import { splitLayout } from "../kernels/walk.js";
import { formatShape, normalizeDim, shapesEqual } from "../shape.js";
import { otherCopyNote } from "../copies.js";
import { Tensor } from "../tensor.js";

/**
 * Concatenates along `dim` (`torch.cat`). All tensors must have the same shape outside `dim`;
 * 1-D empty tensors are skipped, as in PyTorch.
 *
 * @example
 * cat([tensor([1, 2]), tensor([3])]); // tensor([1, 2, 3])
 * cat([zeros([2, 3]), zeros([2, 1])], 1).shape; // [2, 4]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error("cat(): expected a non-empty list of Tensors");
  checkTensorList("cat", tensors);
  const parts = tensors.filter((t) => !(t.dim() === 1 && t._shape[0] === 0));
  if (parts.length === 0) return tensors[0]!.clone();
  const ref = parts[0]!;
  if (ref.dim() === 0)
    throw new Error("cat(): zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = normalizeDim("cat", dim, ref.dim());
  let dtype = ref.dtype;
  let total = 0;
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new Error(`cat(): Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    for (let j = 0; j < t.dim(); j++) {
      if (j !== d && t._shape[j] !== ref._shape[j]) {
        throw new Error(
          `cat(): Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[j]} but got size ${t._shape[j]} for tensor number ${i} in the list (shapes ${formatShape(ref._shape)} and ${formatShape(t._shape)}).`,
        );
      }
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t._shape[d]!;
  });
  const shape = ref._shape.slice();
  shape[d] = total;
  const result = Tensor.alloc(shape, dtype, "cat");
  const out = result.storage.data;
  const { outer, inner } = splitLayout(shape, d, d + 1);
  let start = 0;
  const sizes: number[] = [];
  for (const t of parts) {
    const len = t._shape[d]!;
    sizes.push(len);
    const src = t.to(dtype).contiguous();
    const data = src.storage.data;
    const block = len * inner;
    // Copy each outer slice of the part into its place in the output.
    for (let o = 0; o < outer; o++) {
      const from = src.offset + o * block;
      out.set(data.subarray(from, from + block) as never, o * total * inner + start * inner);
    }
    start += len;
  }
  // The skipped 1-D empty inputs still get an (empty) gradient, as in PyTorch.
  return record(result, "CatBackward0", tensors.slice(), [], (g) => {
    let s = 0;
    let k = 0;
    return tensors.map((t) => {
      if (t.dim() === 1 && t._shape[0] === 0) return Tensor.alloc([0], g.dtype);
      const len = sizes[k++]!;
      const piece = g.narrow(d, s, len);
      s += len;
      return piece;
    });
  });
}

/** A TypeError naming the op and the position of the first element that is not a Tensor. */
function checkTensorList(op: string, tensors: readonly unknown[]): void {
  if (!Array.isArray(tensors)) {
    throw new TypeError(`${op}(): argument 'tensors' must be an array of Tensors, but got ${typeof tensors}`);
  }
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(
        `${op}(): expected Tensor as element ${i} in argument 'tensors', but got ${t === null ? "null" : Array.isArray(t) ? "array" : typeof t}${otherCopyNote(t)}`,
      );
    }
  });
}

/**
 * Stacks same-shaped tensors along a new dim (`torch.stack`).
 *
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])]); // tensor([[1, 2], [3, 4]])
 * stack([zeros([2]), zeros([2])], 1).shape; // [2, 2]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error("stack(): expects a non-empty TensorList");
  checkTensorList("stack", tensors);
  const ref = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!shapesEqual(t._shape, ref._shape)) {
      throw new Error(
        `stack(): stack expects each tensor to be equal size, but got ${formatShape(ref._shape)} at entry 0 and ${formatShape(t._shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim("stack", dim, ref.dim() + 1);
  // One cat of the unsqueezed inputs, reported under PyTorch's node name for stack.
  return nameGradFn(
    cat(
      tensors.map((t) => t.unsqueeze(d)),
      d,
    ),
    "StackBackward0",
  );
}

/**
 * Joins along the first dim after making every tensor at least 2-D (`torch.vstack`): 1-D `[n]`
 * tensors become rows `[1, n]`.
 *
 * @example
 * vstack([tensor([1, 2]), tensor([3, 4])]).shape // [2, 2]
 */
export function vstack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("vstack", tensors);
  if (tensors.length === 0) throw new Error("vstack(): vstack expects a non-empty TensorList");
  return cat(
    tensors.map((t) => (t.dim() === 0 ? t.reshape([1, 1]) : t.dim() === 1 ? t.unsqueeze(0) : t)),
    0,
  );
}

/**
 * Joins along the second dim, or the first when the tensors are 1-D (`torch.hstack`).
 *
 * @example
 * hstack([tensor([1, 2]), tensor([3])]) // tensor([1, 2, 3])
 */
export function hstack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("hstack", tensors);
  if (tensors.length === 0) throw new Error("hstack(): hstack expects a non-empty TensorList");
  const atLeast1d = tensors.map((t) => (t.dim() === 0 ? t.reshape([1]) : t));
  return cat(atLeast1d, atLeast1d[0]!.dim() === 1 ? 0 : 1);
}
