/**
 * Runs a documentation snippet in this process against the TypeScript sources: every export of the
 * three packages in scope, `import` lines dropped, each `EXPR; // RESULT` line checked (the convention
 * is written in tools/doc-examples.ts). Used by the @example test and the PyTorch → tsgrad page's test.
 */
import { transform } from "esbuild";
import { expect } from "vitest";
import * as core from "../packages/core/src/index.js";
import * as losses from "../packages/losses/src/index.js";
import * as nn from "../packages/nn/src/index.js";
import * as nodeIo from "../packages/nn/src/node-io.js";
import * as onnx from "../packages/nn/src/onnx/index.js";
import { type Check, instrument } from "./doc-examples.js";

/** Every export of the packages, by name; a name two packages export must be the same value. */
function scope(): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const mod of [core, nn, nodeIo, onnx, losses] as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(mod)) {
      // `var` (core's `variance as var`) cannot be a binding name: examples import it as
      // `import { var as variance }`, so it is in scope as `variance`.
      if (k === "var") {
        s.variance = v;
        continue;
      }
      if (k in s && s[k] !== v) throw new Error(`doc examples: two packages export different ${k}`);
      s[k] = v;
    }
  }
  return s;
}
const SCOPE = scope();
const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<void>;

/** A value as the comparison sees it: Sizes and typed arrays as arrays, bigints as numbers. */
function plain(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return Array.from(v, plain);
  if (v instanceof core.Tensor) return v;
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function roughly(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => roughly(x, b[i]));
  return a === b;
}

function compare(check: Check, value: unknown): void {
  const want = check.expected;
  const label = `line ${check.line}: ${check.expr}`;
  if (/^(tensor\(|Parameter)/.test(want)) {
    expect(String(value).replace(/\s+/g, ""), label).toBe(want.replace(/\s+/g, ""));
    return;
  }
  if (/^["'`]/.test(want)) {
    const str = new Function(`return (${want});`)() as string;
    expect(String(value), label).toBe(str);
    return;
  }
  const expected = new Function(...Object.keys(SCOPE), `return (${want});`)(...Object.values(SCOPE));
  const got = plain(value);
  if (got instanceof core.Tensor) {
    // A tensor against a nested array: float32 values match to 1e-6 relative.
    expect(roughly(got.tolist(), plain(expected)), `${label}: got ${String(got)}`).toBe(true);
    return;
  }
  if (typeof expected === "number" && typeof got === "number" && !Number.isInteger(expected)) {
    // A number written with d decimals matches the value rounded to d decimals.
    const d = want.split(".")[1]?.replace(/[^0-9].*$/, "").length ?? 0;
    expect(got.toFixed(d), label).toBe(expected.toFixed(d));
    return;
  }
  expect(got, label).toEqual(plain(expected));
}

/**
 * Runs `code` (TypeScript) with the global generator seeded 0; throws (an assertion) on a wrong result.
 * `scope` is the names it may use (every package export by default).
 */
export async function runSnippet(code: string, scope: Record<string, unknown> = SCOPE): Promise<void> {
  const { js: instrumented, checks } = instrument(code);
  const { code: js } = await transform(instrumented, { loader: "ts", format: "esm", target: "es2022" });
  const seen: boolean[] = checks.map(() => false);
  const __check = (k: number, f: () => unknown): void => {
    compare(checks[k]!, f());
    seen[k] = true;
  };
  core.manualSeed(0);
  // In a block, so that an example may declare a name that is also an export (`const data = ...`).
  const fn = new AsyncFunction("__check", ...Object.keys(scope), `{\n${js}\n}`);
  await fn(__check, ...Object.values(scope));
  expect(seen, "every checked line ran").toEqual(checks.map(() => true));
}
