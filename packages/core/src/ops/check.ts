/**
 * The argument checks the ops share, and the 0-d tensor they wrap numbers in. Every error names
 * the op and the argument, as PyTorch's do. (Dims: `normalizeDim` in shape.ts; integers:
 * `checkInt`; options objects: `checkOptions` in options.ts.)
 */
import { type DType, isFloating } from "../dtype.js";
import { otherCopyNote } from "../copies.js";
import { checkOptions, describeValue, isOptionsInPlace, type OptionsSpec } from "../options.js";
import { Tensor } from "../tensor.js";

/** `x` must be a Tensor: "argument 'input' must be a Tensor, but got number". */
export function checkTensor(op: string, x: unknown, name = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    throw new TypeError(
      `${op}(): argument '${name}' must be a Tensor, but got ${x === null ? "null" : typeof x}${otherCopyNote(x)}`,
    );
  }
}

/**
 * An op that indexes into a dim (select, narrow, split, unbind, ...) needs `x` to have one:
 * PyTorch's `message` for a 0-d input. (`normalizeDim` lets dim 0 through for 0-d tensors, as
 * reductions want, so without this the op would read a size that is not there.)
 */
export function checkHasDims(op: string, x: Tensor, message: string): void {
  if (x.dim() === 0) throw new Error(`${op}(): ${message}`);
}

/** PyTorch's message for a dim given to an op on a 0-d tensor that needs one (unbind, roll, ...). */
export function noDimsMessage(dim: unknown): string {
  return `Dimension specified as ${String(dim)} but tensor has no dimensions`;
}

/**
 * PyTorch has no bool kernel for `op` (`"abs_cpu" not implemented for 'Bool'`): an error naming
 * it, where the kernel would hand the input back (`abs(bool)` was the input itself).
 */
export function checkNotBool(op: string, x: Tensor): void {
  if (x.dtype === "bool") {
    throw new Error(
      `${op}(): "${op}" not implemented for 'Bool' (as in PyTorch; convert first, e.g. x.int())`,
    );
  }
}

/**
 * `x` must have a floating dtype: "expected a floating point input, but got int32", `what` naming
 * the argument's role and `detail` ending the message.
 */
export function checkFloating(op: string, x: Tensor, what = "input", detail = ""): void {
  if (!isFloating(x.dtype))
    throw new Error(`${op}(): expected a floating point ${what}, but got ${x.dtype}${detail}`);
}

/** `v` must be a number or a boolean, by `typeof`. */
export function checkType(op: string, name: string, v: unknown, type: "number" | "boolean"): void {
  if (typeof v !== type)
    throw new TypeError(`${op}(): argument '${name}' must be a ${type}, but got ${typeof v}`);
}

/** A 0-d tensor of `dtype` holding `value` (already a valid value of that dtype). */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const t = Tensor.alloc([], dtype);
  t.storage.data[0] = value;
  return t;
}

/** A reduction's `keepdim`: a boolean, or PyTorch's keyword as `{ keepdim }` (`x.max(1, { keepdim: true })`). */
export type Keepdim =
  | boolean
  | {
      /** Keep the reduced dims with size 1 (default false). */
      keepdim?: boolean;
    };
const KEEPDIM_OPTIONS: OptionsSpec<{ keepdim?: boolean }> = { keepdim: "boolean" };

/**
 * A reduction's `keepdim` argument as a boolean, checked: a truthy string, number or object
 * (`x.mean(1, "float64")`, `x.sum(1, { dtype })`) is a TypeError naming `op`, not `true`.
 */
export function checkKeepdim(op: string, keepdim: unknown): boolean {
  if (typeof keepdim === "boolean") return keepdim;
  if (keepdim === undefined) return false;
  if (isOptionsInPlace(op, keepdim, undefined)) {
    return checkOptions(op, keepdim as { keepdim?: boolean }, KEEPDIM_OPTIONS, 2).keepdim ?? false;
  }
  throw new TypeError(`${op}(): argument 'keepdim' must be a boolean, but got ${describeValue(keepdim)}`);
}
