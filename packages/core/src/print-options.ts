/**
 * `torch.set_printoptions`: the settings tensor printing reads (print.ts holds them), checked here.
 */
import { checkOptions, type OptionsSpec } from "./options.js";
import { type PrintSettings, printSettings } from "./print.js";

/** The arguments of {@link setPrintOptions}, PyTorch's keywords of `torch.set_printoptions`. */
export interface PrintOptions {
  /** Digits after the point for floats (PyTorch's `precision`; default 4). */
  precision?: number;
  /** Summarise (`...`) tensors with more elements than this (default 1000; `Infinity` never). */
  threshold?: number;
  /** Elements shown at each end of a summarised dim (default 3; at least 1). */
  edgeitems?: number;
  /** Characters per line before rows and suffixes wrap (default 80). */
  linewidth?: number;
  /**
   * Sets the four above first, and the others given then override it: `"default"` (4, 1000, 3, 80),
   * `"short"` (precision 2, edgeitems 2) or `"full"` (no summarising).
   */
  profile?: "default" | "short" | "full";
  /**
   * Scientific notation always (true), never (false), or chosen per tensor (null, the default).
   * As in PyTorch, every call sets it: a call that leaves it out puts it back to null.
   */
  sciMode?: boolean | null;
}

const PROFILES: Record<NonNullable<PrintOptions["profile"]>, Omit<PrintSettings, "sciMode">> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Number.POSITIVE_INFINITY, edgeitems: 3, linewidth: 80 },
};

const atLeast = (low: number) => ({
  test: (v: unknown) => Number.isSafeInteger(v) && (v as number) >= low,
  expected: low === 0 ? "a non-negative integer" : `an integer ≥ ${low}`,
});

const PRINT_OPTIONS: OptionsSpec<PrintOptions> = {
  precision: atLeast(0),
  threshold: { test: (v) => typeof v === "number" && v >= 0, expected: "a non-negative number or Infinity" },
  // PyTorch takes 0, but then slices `t[-0:]` (all of it) beside `t[:0]` (nothing) and prints a mix.
  edgeitems: atLeast(1),
  linewidth: atLeast(1),
  profile: {
    test: (v) => typeof v === "string" && Object.hasOwn(PROFILES, v),
    expected: '"default", "short" or "full"',
  },
  sciMode: { test: (v) => v === null || typeof v === "boolean", expected: "a boolean or null" },
};

/**
 * Sets how tensors print from now on (`torch.set_printoptions`): every `toString()`,
 * `console.log` and template string of a tensor. Changes only what is given, except `sciMode`,
 * which every call sets (null when left out), as PyTorch's does.
 *
 * @example
 * setPrintOptions({ precision: 2 });
 * String(tensor([1.12345])); // "tensor([1.12])"
 * setPrintOptions({ threshold: 5 });
 * String(arange(10)); // "tensor([0, 1, 2,  ..., 7, 8, 9])"
 * setPrintOptions({ profile: "default" });
 * String(tensor([1.12345])); // "tensor([1.1235])"
 */
export function setPrintOptions(options: PrintOptions = {}): void {
  const o = checkOptions("setPrintOptions", options, PRINT_OPTIONS, 1);
  if (o.profile !== undefined) Object.assign(printSettings, PROFILES[o.profile]);
  if (o.precision !== undefined) printSettings.precision = o.precision;
  if (o.threshold !== undefined) printSettings.threshold = o.threshold;
  if (o.edgeitems !== undefined) printSettings.edgeitems = o.edgeitems;
  if (o.linewidth !== undefined) printSettings.linewidth = o.linewidth;
  printSettings.sciMode = o.sciMode ?? null;
}

/**
 * The print options in force, a copy (PyTorch 2's `torch._tensor_str.get_printoptions()`): pass it
 * back to {@link setPrintOptions} to restore them.
 *
 * @example
 * const saved = getPrintOptions();
 * setPrintOptions({ precision: 8 });
 * setPrintOptions(saved);
 * getPrintOptions().precision; // 4
 */
export function getPrintOptions(): PrintSettings {
  return { ...printSettings };
}
