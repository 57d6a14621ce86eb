/**
 * Tensor printing that reproduces PyTorch 1.13's `repr(tensor)` character for character
 * (torch/_tensor_str.py), under the print options `setPrintOptions` sets (print-options.ts).
 *
 * The pipeline mirrors PyTorch's:
 *  1. decide whether to summarise (more than `threshold` elements → show `edgeitems` per end of
 *     every long dimension, with `...` in between);
 *  2. choose one number format for the whole tensor (int / fixed / scientific) and a common
 *     column width, looking only at the elements that will be shown;
 *  3. lay out nested brackets, wrapping 1-d rows at `linewidth`;
 *  4. append suffixes (`dtype=`, `size=`, `grad_fn=` / `requires_grad=`), wrapping if too long.
 *
 * Only `_shape`, `strides`, `offset`, `storage`, `dtype`, `requiresGrad`, `gradFn` and `numel()`
 * are used, so printing does not depend on any tensor op. Elements are read through the strides
 * and only the shown ones are read: printing an expanded or huge tensor copies nothing.
 */
import { getDefaultDtype, isFloating } from "./dtype.js";
import type { Tensor } from "./tensor.js";

/** The print options every tensor is printed with (PyTorch's `PRINT_OPTS`). */
export interface PrintSettings {
  /** Digits after the point in fixed and scientific notation (default 4). */
  precision: number;
  /** More elements than this are summarised with `...` (default 1000). */
  threshold: number;
  /** Elements shown at each end of a summarised dim (default 3). */
  edgeitems: number;
  /** Characters per line before a row or suffix wraps (default 80). */
  linewidth: number;
  /** Force (true) or forbid (false) scientific notation; null chooses per tensor (default). */
  sciMode: boolean | null;
}

/**
 * The current settings, PyTorch's defaults until `setPrintOptions` (print-options.ts, which
 * checks them) changes them. They live here, not there, so printing needs no import of the
 * options checks (which import Tensor, which imports this file).
 */
export const printSettings: PrintSettings = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
};

const PREFIX = "tensor(";

/**
 * PyTorch's printed form of a tensor: what `repr(t)` / `str(t)` give in PyTorch 1.13.
 *
 * @example
 * formatTensor(tensor([0.5, 1])); // "tensor([0.5000, 1.0000])"
 */
export function formatTensor(t: Tensor): string {
  // Continuation lines are indented to sit under the first `[`.
  const indent = PREFIX.length;
  const suffixes: string[] = [];
  let body: string;

  if (t.numel() === 0) {
    body = "[]";
    // An empty tensor has no elements to show its shape or kind, so PyTorch spells them out:
    // the size unless it is 1-d (matching NumPy), and any dtype other than the default one.
    if (t._shape.length !== 1) suffixes.push(`size=${pythonTuple(t._shape)}`);
    if (t.dtype !== getDefaultDtype()) suffixes.push(`dtype=torch.${t.dtype}`);
  } else {
    // PyTorch omits the dtype for its defaults: the default float dtype, int64 and bool. tsgrad's int32 plays the
    // role of PyTorch's int64 (the default integer / index type), so it is printed like torch.int64,
    // without a suffix. (Empty int32 tensors above do show `dtype=torch.int32`, where PyTorch would
    // show `dtype=torch.int64`: there the name is the only information and it should be the real one.)
    if (isFloating(t.dtype) && t.dtype !== getDefaultDtype()) suffixes.push(`dtype=torch.${t.dtype}`);
    body = formatBody(t, indent);
  }

  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");

  return addSuffixes(PREFIX + body, suffixes, indent);
}

/** Where the elements are: the storage read through `shape`, `strides` and an offset. */
interface Layout {
  values: ArrayLike<number>;
  shape: readonly number[];
  strides: readonly number[];
}

/** What every level of the layout reads: the elements, whether to summarize, the element format. */
interface Printing {
  layout: Layout;
  summarize: boolean;
  formatter: ElementFormatter;
}

/** The bracketed contents of a non-empty tensor (PyTorch's `_tensor_str`). */
function formatBody(t: Tensor, indent: number): string {
  const layout: Layout = { values: t.storage.data, shape: t._shape, strides: t.strides };
  const summarize = t.numel() > printSettings.threshold;
  // The format is chosen from the shown elements only, so hidden outliers do not widen columns.
  const shown: number[] = [];
  collectShown(layout, 0, t.offset, summarize, shown);
  const formatter = chooseFormatter(shown, t.dtype);
  return formatNested({ layout, summarize, formatter }, 0, t.offset, indent);
}

// ---------------------------------------------------------------------------------------------
// Summarisation
// ---------------------------------------------------------------------------------------------

/**
 * The indices of a dimension of size `n` that are printed, with `null` marking the `...`.
 * When summarising, every dimension longer than 2·edgeitems keeps only its ends.
 */
function shownIndices(n: number, summarize: boolean): (number | null)[] {
  const edge = printSettings.edgeitems;
  if (summarize && n > 2 * edge) {
    const head = Array.from({ length: edge }, (_, i) => i);
    const tail = Array.from({ length: edge }, (_, i) => n - edge + i);
    return [...head, null, ...tail];
  }
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Appends to `out` the elements that will be printed (PyTorch's `get_summarized_data`), for the
 * sub-tensor from dim `dim` on whose first element is at `offset` in the storage.
 */
function collectShown(layout: Layout, dim: number, offset: number, summarize: boolean, out: number[]): void {
  if (dim === layout.shape.length) {
    out.push(layout.values[offset]!);
    return;
  }
  const stride = layout.strides[dim]!;
  for (const i of shownIndices(layout.shape[dim]!, summarize)) {
    if (i !== null) collectShown(layout, dim + 1, offset + i * stride, summarize, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Choosing the number format (PyTorch's `_Formatter`)
// ---------------------------------------------------------------------------------------------

/** Formats single elements of one tensor, all right-aligned to a common width. */
interface ElementFormatter {
  /** Column width: the widest formatted nonzero finite element (non-finite ones may overflow it). */
  readonly width: number;
  format(value: number): string;
}

function chooseFormatter(shown: readonly number[], dtype: Tensor["dtype"]): ElementFormatter {
  if (dtype === "bool" || dtype === "int32") {
    const show = dtype === "bool" ? (v: number) => (v !== 0 ? "True" : "False") : (v: number) => String(v);
    return padded(maxLength(shown, show), show);
  }
  return chooseFloatFormatter(shown);
}

/**
 * The float format: `int` mode (`1.`) when every element is a whole number, else fixed point
 * (`1.0000`), switching to scientific (`1.0000e+00`) when magnitudes span more than 1000×, exceed
 * 1e8, or (non-integers only) go below 1e-4. Zeros, nan and inf take no part in the decision, and
 * they do not count towards the width either. A `sciMode` setting overrides the choice of
 * notation but not the width, which stays that of the notation chosen (as in PyTorch).
 */
function chooseFloatFormatter(shown: readonly number[]): ElementFormatter {
  const p = printSettings.precision;
  const finite = shown.filter((v) => Number.isFinite(v) && v !== 0);
  // Nothing but zeros / nan / inf: PyTorch keeps int mode and width 1 (`tensor([0., nan])`),
  // whatever sciMode says.
  if (finite.length === 0) return padded(1, intModeString);

  // A loop, not a spread into Math.min: more than ~125k arguments overflow the stack.
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a < min) min = a;
    if (a > max) max = a;
  }
  const intMode = finite.every((v) => v === Math.ceil(v));
  const wideRange = max / min > 1000 || max > 1e8;
  const autoSci = wideRange || (!intMode && min < 1e-4);

  const sci = (v: number) => formatExponential(v, p);
  // The int-mode width counts the trailing "." that marks these whole numbers as floats.
  const plain = intMode ? intModeString : (v: number) => formatFixed(v, p);
  const width = maxLength(finite, autoSci ? sci : plain);
  return padded(width, (printSettings.sciMode ?? autoSci) ? sci : plain);
}

/** A whole-number float in int mode: `3.`, `-0.`; non-finite values get no dot (`inf`). */
function intModeString(v: number): string {
  const s = formatFixed(v, 0);
  return Number.isFinite(v) ? `${s}.` : s;
}

function maxLength(values: readonly number[], show: (v: number) => string): number {
  let width = 1;
  for (const v of values) width = Math.max(width, show(v).length);
  return width;
}

/** A formatter that right-aligns `show(v)` in `width` columns (never truncating). */
function padded(width: number, show: (v: number) => string): ElementFormatter {
  return { width, format: (v) => show(v).padStart(width) };
}

// ---------------------------------------------------------------------------------------------
// Python float formatting: '{:.Nf}' and '{:.Ne}'
// ---------------------------------------------------------------------------------------------
// JS toFixed/toExponential round exact ties away from zero (0.125.toFixed(2) is "0.13") and drop
// the sign of -0, while Python rounds ties to even ("0.12") and prints "-0.0000". So the decimal
// digits are computed here exactly from the binary value with BigInt, then rounded half-to-even.

/** `x` (positive, finite) as an exact decimal fraction: `x === digits / 10**scale`. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number; // x === mantissa * 2**exponent
  if (biasedExponent === 0) {
    exponent = -1074; // subnormal: no implicit leading 1
  } else {
    mantissa |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // m / 2**k === m * 5**k / 10**k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** `n / 10**drop` rounded to the nearest integer, ties to even. */
function roundHalfEven(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const divisor = 10n ** BigInt(drop);
  let q = n / divisor;
  const twiceRem = 2n * (n % divisor);
  if (twiceRem > divisor || (twiceRem === divisor && q % 2n === 1n)) q += 1n;
  return q;
}

/** Python's special spellings; null for finite values. */
function nonFiniteString(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  return null;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

/** Python's `'{:.{decimals}f}'.format(x)`. */
export function formatFixed(x: number, decimals: number): string {
  const special = nonFiniteString(x);
  if (special !== null) return special;
  const a = Math.abs(x);
  // Whole numbers below 2^53 print exactly as String() spells them: no BigInt work per element
  // (it dominated printing a tensor of 262144 ones).
  if (Number.isSafeInteger(a))
    return signOf(x) + String(a) + (decimals > 0 ? `.${"0".repeat(decimals)}` : "");
  let scaled = 0n; // round(a * 10**decimals)
  if (a !== 0) {
    const { digits, scale } = exactDecimal(a);
    scaled = roundHalfEven(digits, scale - decimals);
  }
  const s = scaled.toString().padStart(decimals + 1, "0");
  const intPart = s.slice(0, s.length - decimals);
  const fracPart = decimals > 0 ? `.${s.slice(s.length - decimals)}` : "";
  return signOf(x) + intPart + fracPart;
}

/** Python's `'{:.{decimals}e}'.format(x)`: exponent signed and at least two digits (`1.0000e-05`). */
export function formatExponential(x: number, decimals: number): string {
  const special = nonFiniteString(x);
  if (special !== null) return special;
  const a = Math.abs(x);
  const significant = decimals + 1;
  let mantissa = 0n; // the `significant` leading digits, as an integer
  let exponent = 0;
  if (a !== 0) {
    const { digits, scale } = exactDecimal(a);
    const length = digits.toString().length;
    exponent = length - 1 - scale;
    mantissa = roundHalfEven(digits, length - significant);
    // Rounding up can carry into a new digit (9.99995 → 10.0000): renormalise.
    if (mantissa.toString().length > significant) {
      mantissa /= 10n;
      exponent += 1;
    }
  }
  const s = mantissa.toString().padStart(significant, "0");
  const mantissaStr = decimals > 0 ? `${s[0]}.${s.slice(1)}` : s;
  const exponentStr = (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
  return `${signOf(x)}${mantissaStr}e${exponentStr}`;
}

// ---------------------------------------------------------------------------------------------
// Layout (PyTorch's `_tensor_str_with_formatter` / `_vector_str`)
// ---------------------------------------------------------------------------------------------

/**
 * The sub-tensor from dim `dim` on, whose first element is at `offset` in the storage, as nested
 * brackets. `indent` is the column of its opening `[`; inner brackets sit one column further
 * right. Sibling sub-tensors of a d-dimensional tensor are separated by d-1 newlines (blank lines
 * between 2-d blocks of a 3-d tensor).
 */
function formatNested(p: Printing, dim: number, offset: number, indent: number): string {
  const { layout, summarize, formatter } = p;
  const left = layout.shape.length - dim;
  if (left === 0) return formatter.format(layout.values[offset]!);
  if (left === 1) return formatVector(p, dim, offset, indent);

  const stride = layout.strides[dim]!;
  const slices = shownIndices(layout.shape[dim]!, summarize).map((i) =>
    i === null ? "..." : formatNested(p, dim + 1, offset + i * stride, indent + 1),
  );
  return `[${slices.join(`,${"\n".repeat(left - 1)}${" ".repeat(indent + 1)}`)}]`;
}

/** A 1-d row, wrapped so each line holds as many `width + ", "` columns as fit in `linewidth`. */
function formatVector(p: Printing, dim: number, offset: number, indent: number): string {
  const { layout, summarize, formatter } = p;
  const stride = layout.strides[dim]!;
  const elementLength = formatter.width + 2; // the element plus ", "
  const perLine = Math.max(1, Math.floor((printSettings.linewidth - indent) / elementLength));
  // The " ..." marker takes an element's place in the line count but is not padded.
  const items = shownIndices(layout.shape[dim]!, summarize).map((i) =>
    i === null ? " ..." : formatter.format(layout.values[offset + i * stride]!),
  );
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
}

// ---------------------------------------------------------------------------------------------
// Suffixes (PyTorch's `_add_suffixes`)
// ---------------------------------------------------------------------------------------------

/**
 * Appends `, suffix` for each suffix, moving a suffix to a new line (indented under the first `[`)
 * when it would overflow `linewidth`. The last-line length is computed exactly as PyTorch does,
 * including its +1 (and +2 when there is no newline), so wrapping decisions match.
 */
function addSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  let out = text;
  let lastLineLength = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > printSettings.linewidth) {
      out += `,\n${" ".repeat(indent)}${suffix}`;
      lastLineLength = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLineLength += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** A shape as Python prints a tuple: `(0, 3)`, `(0,)`. */
function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
