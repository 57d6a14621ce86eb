/**
 * Data types. `float32` is the default, as in PyTorch. `int32` is tsgrad's index type: it plays the
 * role PyTorch's `int64` (`torch.long`) plays for targets and `gather`/`scatter` indices.
 * `bool` tensors (masks, comparison results) are stored one byte per element.
 */
import { checkNumel, MAX_NUMEL, type Shape } from "./shape.js";

export type DType = "float32" | "float64" | "int32" | "bool";

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/**
 * Allocates a zero-filled typed array of the storage type of `dtype` for `n` elements, after the
 * element limit ({@link MAX_NUMEL}): a huge broadcast, expand or creation fails with one error
 * naming `op` and `shape` (by default `[n]`), not with a typed-array RangeError.
 */
export function allocate(dtype: DType, n: number, op = "allocate", shape: Shape = [n]): TypedArray {
  if (!(n <= MAX_NUMEL)) {
    checkNumel(op, shape);
    checkNumel(op, [n]); // a caller's shape that disagrees with n must not let n through
  }
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
    default:
      return checkDtype("allocate", dtype) as never;
  }
}

export { MAX_NUMEL };

/** Throws a TypeError naming `op` unless `dtype` is one of tsgrad's dtypes (e.g. "float16", "int64"). */
export function checkDtype(op: string, dtype: unknown): DType {
  if (typeof dtype === "string" && (DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new TypeError(
    `${op}(): unsupported dtype ${typeof dtype === "string" ? `'${dtype}'` : String(dtype)} (expected one of ${DTYPES.join(", ")})`,
  );
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** The dtype PyTorch's type promotion gives two tensor operands. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/** The dtype of `tensor op scalar`: a float scalar lifts an integer tensor to the default float dtype. */
export function promoteWithScalar(t: DType, scalar: number): DType {
  if (isFloating(t)) return t;
  if (!Number.isInteger(scalar)) return "float32";
  return t === "bool" && typeof scalar === "number" ? "int32" : t;
}

/** The dtype PyTorch infers from plain JS values given to `tensor()`. */
export function inferDtype(values: ArrayLike<unknown>): DType {
  let sawBool = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "boolean") sawBool = true;
    else if (typeof v === "number" && !Number.isInteger(v)) return "float32";
  }
  if (sawBool && values.length > 0) return "bool";
  return values.length === 0 ? "float32" : "int32";
}

/** PyTorch's legacy type name, used in some of its error messages (`torch.FloatTensor`). */
export function torchTypeName(dtype: DType): string {
  return {
    float32: "torch.FloatTensor",
    float64: "torch.DoubleTensor",
    int32: "torch.IntTensor",
    bool: "torch.BoolTensor",
  }[dtype];
}
