/** Python's printed forms of values, for `extraRepr()` strings that must match PyTorch's exactly. */

/**
 * Python's `repr(float)`: shortest round-trip digits, `1.0` for integral values, scientific
 * notation below 1e-4 or from 1e16 (`1e-05`, `1e+16`), `inf`, `nan`.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives JS's shortest round-trip digits, as Python's repr.
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${mant}e${exp < 0 ? "-" : "+"}${e}`;
  }
  const s = String(x);
  return s.includes(".") ? s : `${s}.0`;
}

/** Python's `repr(tuple)` of integers: `(10,)`, `(2, 3)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(", ")})`;
}

/** Python's `str(bool)`. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}
