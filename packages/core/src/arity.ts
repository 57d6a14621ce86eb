/**
 * How many arguments a function declares, read from its source once (JS passes extra arguments
 * without a word, so `x.exp(2)` or `x.matmul(y, { out: z })` would run as if they were not
 * there: methods.ts refuses them with this count instead).
 */

/**
 * The number of parameters `fn` declares, defaults included (`Function.length` stops at the first
 * default); Infinity for a rest parameter, or when the source cannot be read (native or bound).
 *
 * For example, `function (a, b = { c: 1 }, d) {}` declares 3 and `(a, ...rest) => a` any number.
 */
export function declaredParams(fn: (...args: never[]) => unknown): number {
  const src = Function.prototype.toString.call(fn);
  if (src.includes("[native code]")) return Number.POSITIVE_INFINITY;
  const open = src.indexOf("(");
  const arrow = src.indexOf("=>");
  // `x => ...`: one parameter, no parentheses.
  if (arrow >= 0 && (open < 0 || arrow < open)) return 1;
  if (open < 0) return Number.POSITIVE_INFINITY;
  let depth = 0;
  let count = 0;
  let seen = false; // any non-space character in the current parameter
  let quote: string | null = null;
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i]!;
    if (quote !== null) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      seen = true;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
      seen = true;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) return seen ? count + 1 : count;
      depth--;
    } else if (ch === "," && depth === 0) {
      count++;
      seen = false;
    } else if (ch === "." && depth === 0 && !seen && src.startsWith("...", i)) {
      return Number.POSITIVE_INFINITY;
    } else if (!/\s/.test(ch)) {
      seen = true;
    }
  }
  return Number.POSITIVE_INFINITY;
}

/** Where a checked method keeps its count (for the test that calls every method with one too many). */
export const MAX_ARGS: unique symbol = Symbol("maxArgs");

/**
 * The TypeError for a call of method `name` with `given` arguments where it takes at most `max`,
 * with the likely cause when the extra one is PyTorch's `out=`.
 */
export function extraArgumentsError(name: string, max: number, args: ArrayLike<unknown>): TypeError {
  const extra = args[max];
  const out =
    typeof extra === "object" && extra !== null && "out" in extra
      ? " (tsgrad has no out=: use the result, or write it into a tensor with y.copy_(result))"
      : "";
  return new TypeError(
    `${name}(): takes at most ${max} argument${max === 1 ? "" : "s"} but ${args.length} were given${out}`,
  );
}
