/**
 * The one check of options objects, for core, nn and losses. PyTorch's keyword arguments arrive in
 * a trailing `{ ... }`; Python raises on an unexpected keyword, while JS would silently drop a
 * misspelt key (`{ label_smoothing: 0.1 }`, `{ momentumm: 0.9 }`) and the user would train the
 * wrong model. So every options object is checked against a declarative spec: the keys it takes
 * and the kind of value each expects.
 *
 * A value of `undefined` counts as absent (the default), as does an `undefined` options object.
 * Range checks with PyTorch's wording (`Invalid learning rate: -1`) stay with the function that
 * owns the option; the spec only guarantees the value's kind.
 */
import { checkDtype, DTYPES } from "./dtype.js";
import { Generator } from "./random.js";
import { Tensor } from "./tensor.js";

/** The kinds of option value a spec can ask for. */
export type OptionKind =
  /** Anything: the function checks the value itself. */
  | "any"
  | "boolean"
  /** Any number, NaN included (the function's range check words the rejection, as PyTorch does). */
  | "number"
  | "finite"
  /** A finite number > 0. */
  | "positive"
  /** A number ≥ 0 (Infinity allowed). */
  | "nonneg"
  | "integer"
  | "integerOrNull"
  /** A safe integer or an array of them (PyTorch's int-or-tuple sizes: stride, padding, ...). */
  | "integerOrList"
  /** {@link OptionKind}'s `"integerOrList"`, or null. */
  | "integerOrListOrNull"
  | "string"
  /** One of tsgrad's dtypes (`checkDtype`'s message otherwise). */
  | "dtype"
  | "tensor"
  | "tensorOrNull"
  | "function"
  | "generator";

/** A custom kind: `test` accepts a value; `expected` completes "option 'x' must be ...". */
export interface OptionTest {
  /** Whether `value` is acceptable. */
  test: (value: unknown) => boolean;
  /** What is expected, completing "option 'x' must be ..." (e.g. `"a positive integer"`). */
  expected: string;
}

/** How one option key is checked: a built-in kind name or a custom test. */
export type OptionCheck = OptionKind | OptionTest;

/** The keys an options object may have, each with the kind of value it takes. */
export type OptionsSpec<O = Record<string, unknown>> = { readonly [K in keyof O]-?: OptionCheck };

/** A safe integer or an array of safe integers (the `"integerOrList"` kind). */
export function isIntegerOrList(v: unknown): boolean {
  return Number.isSafeInteger(v) || (Array.isArray(v) && v.every((e) => Number.isSafeInteger(e)));
}

const KINDS: Record<Exclude<OptionKind, "dtype">, OptionTest> = {
  any: { test: () => true, expected: "anything" },
  boolean: { test: (v) => typeof v === "boolean", expected: "a boolean" },
  number: { test: (v) => typeof v === "number", expected: "a number" },
  finite: { test: (v) => Number.isFinite(v), expected: "a finite number" },
  positive: { test: (v) => Number.isFinite(v) && (v as number) > 0, expected: "a positive finite number" },
  nonneg: { test: (v) => typeof v === "number" && v >= 0, expected: "a non-negative number" },
  integer: { test: (v) => Number.isInteger(v), expected: "an integer" },
  integerOrNull: { test: (v) => v === null || Number.isInteger(v), expected: "an integer or null" },
  integerOrList: { test: isIntegerOrList, expected: "an integer or a list of integers" },
  integerOrListOrNull: {
    test: (v) => v === null || isIntegerOrList(v),
    expected: "an integer, a list of integers or null",
  },
  string: { test: (v) => typeof v === "string", expected: "a string" },
  tensor: { test: (v) => v instanceof Tensor, expected: "a Tensor" },
  tensorOrNull: { test: (v) => v === null || v instanceof Tensor, expected: "a Tensor or null" },
  function: { test: (v) => typeof v === "function", expected: "a function" },
  generator: { test: (v) => v instanceof Generator, expected: "a Generator" },
};

function accepts(check: OptionCheck, v: unknown): boolean {
  if (check === "dtype") return typeof v === "string" && (DTYPES as readonly string[]).includes(v);
  return (typeof check === "string" ? KINDS[check] : check).test(v);
}

/**
 * Whether `first` is an options object standing in for all the positional arguments of an
 * overloaded call (`x.to({ dtype })`, `m.namedParameters({ prefix })`, PyTorch's keywords where
 * the first positional one would be): a plain object, with nothing after it (`rest`: the next
 * argument; a TypeError naming `op` otherwise; `at` is `first`'s argument number, for that
 * message). Check the object itself with {@link checkOptions}.
 *
 * @example
 * isOptionsInPlace("to", { dtype: "float64" }, undefined); // true
 * isOptionsInPlace("to", "float64", undefined); // false
 */
export function isOptionsInPlace(op: string, first: unknown, rest: unknown, at = 1): first is object {
  if (!isPlainObject(first)) return false;
  if (rest !== undefined) {
    throw new TypeError(
      `${op}(): got an options object as argument ${at}, so there can be no argument ${at + 1}`,
    );
  }
  return true;
}

/**
 * Arguments that PyTorch takes positionally or by keyword, given either way: positionally
 * (`x.normal_(0, 0.02)`) or as one options object in the first one's place (`x.normal_({ std: 0.02 })`).
 * Returns them by name, each checked against `spec`, a TypeError naming `op` and the argument
 * otherwise (an object must not reach a kernel as NaN). `undefined` stands for the default.
 *
 * @param spec the arguments' names and kinds, its keys in positional order
 * @param args the values passed, in that order
 * @param at the first one's argument number, for errors
 *
 * @example
 * const SPEC: OptionsSpec<{ mean?: number; std?: number }> = { mean: "number", std: "number" };
 * positionalOrKeywords("normal_", SPEC, [{ std: 2 }, undefined], 1).std; // 2
 * positionalOrKeywords("normal_", SPEC, [0, 2], 1).std; // 2
 */
export function positionalOrKeywords<O extends object>(
  op: string,
  spec: OptionsSpec<O>,
  args: readonly unknown[],
  at: number,
): O {
  const first = args[0];
  if (isPlainObject(first)) {
    const extra = args.findIndex((a, i) => i > 0 && a !== undefined);
    if (extra > 0) {
      throw new TypeError(
        `${op}(): got an options object as argument ${at}, so there can be no argument ${at + extra}`,
      );
    }
    return checkOptions(op, first as O, spec, at);
  }
  const out: Record<string, unknown> = {};
  const names = Object.keys(spec) as (keyof O & string)[];
  for (let i = 0; i < args.length; i++) {
    const name = names[i]!;
    const value = args[i];
    if (value === undefined) continue;
    const check = spec[name];
    if (!accepts(check, value)) {
      if (check === "dtype") checkDtype(op, value);
      throw new TypeError(
        `${op}(): argument '${name}' must be ${expectedOf(check)}, but got ${describeValue(value)}`,
      );
    }
    out[name] = value;
  }
  return out as O;
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function expectedOf(check: OptionCheck): string {
  return typeof check === "string" ? KINDS[check as Exclude<OptionKind, "dtype">].expected : check.expected;
}

/**
 * Checks `options` against `spec` and returns it (`{}` for `undefined`). Throws a TypeError naming
 * `op` for anything but an options object, an unexpected key (suggesting the camelCase spelling of
 * a snake_case key, or a near miss), or a value of the wrong kind.
 *
 * @param op the function as it is named in errors (`"SGD"`, `"cross_entropy"`)
 * @param at the options object's argument number (said when it is not an object), or where it is
 *   (`"param group 0"`)
 *
 * @example
 * const SPEC: OptionsSpec<LinearOptions> = { bias: "boolean", dtype: "dtype" };
 * const options: LinearOptions = { bias: false };
 * const o = checkOptions("Linear", options, SPEC, 3);
 * o.bias; // false
 */
export function checkOptions<O extends object>(
  op: string,
  options: O | undefined,
  spec: OptionsSpec<O>,
  at?: number | string,
): O {
  if (options === undefined) return {} as O;
  const keys = Object.keys(spec) as (keyof O & string)[];
  if (
    options === null ||
    typeof options !== "object" ||
    Array.isArray(options) ||
    options instanceof Tensor ||
    ArrayBuffer.isView(options)
  ) {
    const where = typeof at === "number" ? ` as argument ${at}` : typeof at === "string" ? ` for ${at}` : "";
    // Python takes most options positionally too (`SGD(params, 0.1)`): point at the key meant.
    const meant = keys.find((k) => spec[k] !== "any" && accepts(spec[k], options));
    const shown = literal(options);
    const hint = meant !== undefined && shown !== null ? ` (did you mean { ${meant}: ${shown} }?)` : "";
    throw new TypeError(
      `${op}(): expected an options object${where}, but got ${describeValue(options)}${hint}`,
    );
  }
  const ctx = typeof at === "string" ? at : null;
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (!Object.hasOwn(spec, key)) {
      const close = suggestKey(key, keys);
      const note =
        close !== null
          ? ` (did you mean '${close}'?)`
          : keys.length === 0
            ? ` (${op}() takes no options)`
            : ` (valid options: ${keys.join(", ")})`;
      throw new TypeError(`${op}(): got an unexpected option '${key}'${ctx ? ` in ${ctx}` : ""}${note}`);
    }
    if (value === undefined) continue;
    const check = spec[key as keyof O];
    if (accepts(check, value)) continue;
    if (check === "dtype") checkDtype(op, value);
    throw new TypeError(
      `${op}(): option '${key}'${ctx ? ` of ${ctx}` : ""} must be ${expectedOf(check)}, but got ${describeValue(value)}`,
    );
  }
  return options;
}

/**
 * A value as errors show it: its kind and, when short, the value itself.
 *
 * @example
 * describeValue(3); // "a number (3)"
 * describeValue(null); // "null"
 */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number") return `a number (${v})`;
  if (typeof v === "string")
    return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
  if (typeof v === "boolean") return `a boolean (${v})`;
  if (typeof v === "bigint") return `a bigint (${v}n)`;
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (v instanceof Tensor) return `a Tensor (${v.dtype}, [${v._shape.join(", ")}])`;
  if (Array.isArray(v)) return literal(v) ?? `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return "a typed array";
  return "an object";
}

/** `v` as a JS literal when it is short and plain (numbers, strings, booleans, small arrays of them). */
function literal(v: unknown): string | null {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v.length <= 40 ? JSON.stringify(v) : null;
  if (Array.isArray(v) && v.length <= 8) {
    const items = v.map((x) => (Array.isArray(x) ? null : literal(x)));
    return items.every((x) => x !== null) ? `[${items.join(", ")}]` : null;
  }
  return null;
}

/** snake_case → camelCase, the way tsgrad spells PyTorch's keywords (`T_max` → `tMax`). */
function camelCase(key: string): string {
  const parts = key.split("_").filter((p) => p !== "");
  if (parts.length < 2) return key;
  const first = parts[0]!;
  return (
    first[0]!.toLowerCase() +
    first.slice(1) +
    parts
      .slice(1)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join("")
  );
}

/**
 * The key the user probably meant: the camelCase spelling of a snake_case key, the same key
 * in other case or with underscores, or the closest key by edit distance when it is close enough.
 */
function suggestKey(key: string, keys: readonly string[]): string | null {
  const camel = camelCase(key);
  if (keys.includes(camel)) return camel;
  const norm = (k: string): string => k.toLowerCase().replace(/_/g, "");
  const n = norm(key);
  const same = keys.find((k) => norm(k) === n);
  if (same !== undefined) return same;
  const limit = Math.min(3, Math.max(1, Math.floor(n.length / 3)));
  let best: string | null = null;
  let bestD = limit + 1;
  for (const k of keys) {
    const m = norm(k);
    const d = editDistance(n, m);
    // At least one letter in common: "p" is not a near miss of "a".
    if (d < bestD && d < Math.min(n.length, m.length)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}
