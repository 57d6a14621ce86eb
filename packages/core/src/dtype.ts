/**
 * Data types. `float32` is the default, as in PyTorch. `int32` is tsgrad's index type: it plays the
 * role PyTorch's `int64` (`torch.long`) plays for targets and `gather`/`scatter` indices.
 * `bool` tensors (masks, comparison results) are stored one byte per element.
 */
import { checkNumel, MAX_NUMEL, type Shape } from "./shape.js";

/**
 * The element types (`torch.float32`, `torch.float64`, `torch.int32` — tsgrad's index dtype, standing in
 * for `torch.int64` — and `torch.bool`), written as strings: `{ dtype: "float64" }`.
 */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The storage arrays of the dtypes: Float32Array, Float64Array, Int32Array, and Uint8Array for bool. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * Every dtype, in PyTorch's promotion order from float32 down.
 *
 * @example
 * DTYPES; // ["float32", "float64", "int32", "bool"]
 */
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
    `${op}(): unsupported dtype ${typeof dtype === "string" ? `'${dtype}'` : String(dtype)} (expected one of ${DTYPES.join(", ")})` +
      (dtype === "int64" || dtype === "long"
        ? "; int32 plays the role of PyTorch's int64 (torch.long): x.long() gives int32"
        : ""),
  );
}

/** The floating dtypes `setDefaultDtype` accepts. */
export type FloatDType = "float32" | "float64";

let defaultDtype: FloatDType = "float32";

/**
 * The dtype floats get when nothing says otherwise (`torch.get_default_dtype()`): creation
 * functions, `tensor()` of fractional numbers, `nn` layers' parameters, integer data made to
 * require grad, and an integer tensor lifted by true division or a fractional scalar.
 * float32 unless {@link setDefaultDtype} changed it.
 *
 * @example
 * getDefaultDtype(); // "float32"
 */
export function getDefaultDtype(): FloatDType {
  return defaultDtype;
}

/**
 * Sets the default floating dtype (`torch.set_default_dtype`): "float32" or "float64" only.
 * Process-wide, as in PyTorch; returns nothing.
 *
 * @example
 * setDefaultDtype("float64");
 * tensor([1.5]).dtype  // "float64"
 * zeros(2).dtype       // "float64"
 * setDefaultDtype("float32");
 */
export function setDefaultDtype(dtype: FloatDType): void {
  const d = checkDtype("setDefaultDtype", dtype);
  if (!isFloating(d)) {
    throw new TypeError(
      `setDefaultDtype(): only floating-point types are supported as the default type (got ${d})`,
    );
  }
  defaultDtype = d as FloatDType;
}

/**
 * Whether `dtype` is a floating-point one (float32, float64): `dtype.is_floating_point`.
 *
 * @example
 * isFloating("float64"); // true
 * isFloating("int32"); // false
 */
export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/**
 * The dtype PyTorch's type promotion gives two tensor operands.
 *
 * @example
 * promoteTypes("int32", "float32"); // "float32"
 * promoteTypes("float32", "float64"); // "float64"
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/** The dtype of `tensor op scalar`: a float scalar lifts an integer tensor to the default float dtype. */
export function promoteWithScalar(t: DType, scalar: number): DType {
  if (isFloating(t)) return t;
  if (!Number.isInteger(scalar)) return defaultDtype;
  return t === "bool" && typeof scalar === "number" ? "int32" : t;
}

/**
 * The dtype PyTorch infers from plain JS values given to `tensor()`: bool when every value is a
 * boolean, the default dtype (float32) when any number is not an integer (NaN and ±Infinity included), else int32.
 */
export function inferDtype(values: ArrayLike<unknown>): DType {
  if (values.length === 0) return defaultDtype;
  let allBool = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "boolean") {
      allBool = false;
      if (typeof v === "number" && !Number.isInteger(v)) return defaultDtype;
    }
  }
  return allBool ? "bool" : "int32";
}

// ---- writing JS numbers into tensors -----------------------------------------------------------------
//
// Every path that stores JS numbers into a tensor (`tensor`, `full`, `fill_`, `arange`, scalar
// operands, `maskedFill`, `.to("int32")`, ...) converts them here, as PyTorch converts a Python
// number: floats as they are (rounded to float32 where the dtype is float32); int32 truncated toward
// zero (2.7 → 2, -2.7 → -2) after a range check, so a value that would wrap around (3e9, NaN, ±Inf)
// is an error instead; bool is "nonzero" (NaN → true, as `.bool()`).

/** The int32 range (tsgrad's only integer dtype). */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * Whether `v` truncated toward zero fits int32: -2147483648.9 and 2147483647.9 do; NaN, ±Infinity
 * and anything further out do not (`Int32Array` would silently wrap those).
 */
export function fitsInt32(v: number): boolean {
  return v > INT32_MIN - 1 && v < INT32_MAX + 1;
}

/**
 * Index of the first element of `values[start, end)` that does not fit int32 (see `fitsInt32`),
 * or -1: the one-pass check made before a float buffer is converted to int32.
 */
export function firstOutsideInt32(values: ArrayLike<number>, start = 0, end = values.length): number {
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (!(v > INT32_MIN - 1 && v < INT32_MAX + 1)) return i;
  }
  return -1;
}

/**
 * PyTorch's error for a number that does not fit int32, prefixed with the op: `tensor(): value
 * cannot be converted to type int32 without overflow (got 3000000000)`. `detail` adds context
 * after the value (where it came from, what to do instead).
 */
export function int32OverflowError(op: string, value: number | bigint, detail = ""): Error {
  return new Error(
    `${op}(): value cannot be converted to type int32 without overflow (got ${value}${detail ? `; ${detail}` : ""})`,
  );
}

/**
 * The number to store for `value` in a tensor of `dtype` (see the conversions above); throws
 * `int32OverflowError(op, value, detail)` for an int32 that would wrap.
 */
export function toStorageValue(op: string, dtype: DType, value: number | boolean, detail = ""): number {
  // Number("a") is NaN and Number(null) is 0: a value from untyped code must not turn into either.
  if (typeof value !== "number" && typeof value !== "boolean") {
    // (options.ts's describeValue imports this file, so a short form of it here.)
    const v: unknown = value;
    const got =
      v === null || v === undefined
        ? String(v)
        : typeof v === "string"
          ? `a string (${JSON.stringify(v)})`
          : typeof v === "object"
            ? "an object"
            : `a ${typeof v}`;
    throw new TypeError(`${op}(): expected a number or a boolean as the value, but got ${got}`);
  }
  if (dtype === "bool") return value !== 0 && value !== false ? 1 : 0;
  const v = Number(value);
  if (dtype === "int32") {
    if (!fitsInt32(v)) throw int32OverflowError(op, v, detail);
    return Math.trunc(v) | 0; // `| 0` turns -0 into 0
  }
  return v;
}

/** Integer typed arrays whose every element fits int32, so need no range check. */
function alwaysInt32(values: ArrayLike<unknown>): boolean {
  return (
    values instanceof Int32Array ||
    values instanceof Int16Array ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray
  );
}

/**
 * Writes `values` (numbers or booleans) into `out`, the storage of a `dtype` tensor, converting as
 * `toStorageValue` does. The int32 range is checked in one pass before anything is written.
 */
export function writeValues(
  op: string,
  dtype: DType,
  out: TypedArray,
  values: ArrayLike<number | boolean>,
  detail = "",
): void {
  const n = values.length;
  if (dtype === "bool") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v !== 0 && v !== false ? 1 : 0;
    }
    return;
  }
  if (dtype === "int32" && !alwaysInt32(values)) {
    const bad = firstOutsideInt32(values as ArrayLike<number>);
    if (bad >= 0) throw int32OverflowError(op, Number(values[bad]), detail);
  }
  // A typed array's `set` converts each element as an assignment does (ToNumber, then truncation
  // for int32, rounding for float32).
  out.set(values as ArrayLike<number>);
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
