/**
 * Small command-line helpers shared by the examples: "am I the program being run?", number flags
 * with clear errors, and where output goes (so tests can capture it).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where an example writes: a line printer and whether stdout is an interactive terminal. */
export interface Io {
  /** Prints one line (console.log by default; tests pass a collector). */
  log: (line: string) => void;
  /** Draw a live progress bar (a terminal outside CI) or print plain periodic lines. */
  interactive: boolean;
}

/** The default Io: console.log, and a live bar only on a terminal outside CI. */
export function defaultIo(): Io {
  return { log: (line) => console.log(line), interactive: Boolean(process.stdout.isTTY) && !process.env.CI };
}

/**
 * True when the module at `importMetaUrl` is the program node/tsx was asked to run, so an example
 * can run its `main` from the command line yet be imported by a test without side effects.
 */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(importMetaUrl));
  } catch {
    return false;
  }
}

/**
 * The arguments for `parseArgs`, without a standalone leading `--`: `pnpm demo -- --epochs 5`
 * (the npm habit) passes the `--` through, and parseArgs would take every flag after it for a
 * positional argument.
 */
export function cliArgs(argv: readonly string[]): string[] {
  return argv[0] === "--" ? argv.slice(1) : argv.slice();
}

/** The `parseArgs` options of an example taking the string flags `names` (each checked after) and -h/--help. */
export function stringFlags<const N extends string>(
  ...names: N[]
): { [K in N]: { type: "string" } } & { help: { type: "boolean"; short: "h" } } {
  const options: Record<string, { type: "string" } | { type: "boolean"; short: "h" }> = {};
  for (const name of names) options[name] = { type: "string" };
  options.help = { type: "boolean", short: "h" };
  return options as { [K in N]: { type: "string" } } & { help: { type: "boolean"; short: "h" } };
}

/** Parses a numeric flag, throwing a message that names the flag and the bad value. */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  check: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = check;
  if (value.trim() === "" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const kind = integer ? "an integer" : "a number";
    const hasMin = Number.isFinite(min);
    const hasMax = Number.isFinite(max);
    const range =
      hasMin && hasMax ? ` in [${min}, ${max}]` : hasMin ? ` >= ${min}` : hasMax ? ` <= ${max}` : "";
    throw new Error(`--${name}: expected ${kind}${range}, got '${value}'`);
  }
  return v;
}

/** Formats a fraction as a percentage with one decimal: 0.9917 → "99.2 %". */
export function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
