/**
 * Finds every function, method and constructor in a package's sources that takes an options
 * object, so that each package's options table (`test/options-table.test.ts`) can insist on one
 * row per option-taker: a new options parameter without a row — and so, probably, without a
 * `checkOptions` call — fails the test instead of silently dropping misspelt keys.
 *
 * A parameter counts when it is named `options` / `opts`, or its type names an `...Options`
 * interface or `SizeArgs` (the creation functions' trailing options); so does a constant typed by
 * a call-signature interface of the same file that takes options (`conv1d: ConvFunction`). Found
 * by reading the source text (a regex and paren matching), which is enough for this codebase's
 * plain signatures.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { librarySources } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";

/** `"creation.ts:zeros"`, `"optim/sgd.ts:SGD"` (constructors are named after their class). */
export function optionTakers(srcDir: string): Set<string> {
  const found = new Set<string>();
  for (const file of librarySources(srcDir)) {
    const text = readFileSync(file, "utf8");
    const rel = relative(srcDir, file).replace(/\\/g, "/");
    const param = /[(,]\s*(?:\.\.\.)?(\w+)\??\s*:\s*([^,)=;]*)/g;
    for (let m = param.exec(text); m !== null; m = param.exec(text)) {
      const [, name, type] = m;
      const isOptions = name === "options" || name === "opts" || /\w*Options\b|\bSizeArgs</.test(type!);
      if (!isOptions) continue;
      const fn = enclosingName(text, m.index);
      if (fn !== null) found.add(`${rel}:${fn}`);
    }
    for (const fn of constsOfOptionsFunctionTypes(text)) found.add(`${rel}:${fn}`);
  }
  return found;
}

/**
 * The constants of a file typed by one of its call-signature interfaces that takes options, as in
 * `export interface ConvFunction { (input: Tensor, weight: Tensor, options?: ConvOptions): Tensor }`
 * and `export const conv1d: ConvFunction = convFunction(...)`: each is an option-taker.
 */
function constsOfOptionsFunctionTypes(text: string): string[] {
  const types = new Set<string>();
  for (const [, name, body] of text.matchAll(/\binterface\s+(\w+)\s*\{([^{}]*)\}/g)) {
    const takesOptions =
      /^\s*\(.*\b(?:options|opts)\??\s*:/m.test(body!) || /^\s*\(.*:\s*\w*Options\b/m.test(body!);
    if (takesOptions) types.add(name!);
  }
  const consts: string[] = [];
  for (const [, name, type] of text.matchAll(/\bexport\s+const\s+(\w+)\s*:\s*(\w+)\s*=/g)) {
    if (types.has(type!)) consts.push(name!);
  }
  return consts;
}

/** The name of the function whose parameter list contains position `at` (null if none). */
function enclosingName(text: string, at: number): string | null {
  // Back to the unmatched "(" that opens the parameter list.
  let depth = 0;
  let i = text[at] === "(" ? at : at - 1;
  if (text[at] !== "(") {
    for (; i >= 0; i--) {
      const c = text[i];
      if (c === ")" || c === "]" || c === "}") depth++;
      else if (c === "(" || c === "[" || c === "{") {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i < 0 || text[i] !== "(") return null;
  }
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j]!)) j--;
  if (text[j] === ">") {
    // Skip type parameters: `xavierUniform_<T extends Tensor>(`.
    let d = 0;
    for (; j >= 0; j--) {
      if (text[j] === ">") d++;
      else if (text[j] === "<" && --d === 0) break;
    }
    j--;
  }
  const end = j + 1;
  while (j >= 0 && /\w/.test(text[j]!)) j--;
  const name = text.slice(j + 1, end);
  if (name === "constructor") {
    const classes = [...text.slice(0, i).matchAll(/\bclass\s+(\w+)/g)];
    return classes.length > 0 ? classes[classes.length - 1]![1]! : null;
  }
  return /^[A-Za-z_$][\w$]*$/.test(name) && name !== "function" ? name : null;
}

/** One option-taker, called with an options object it must refuse. */
export interface OptionsRow {
  /** `file:function` as `optionTakers` names it; omitted for rows not tied to a parameter (param groups). */
  where?: string;
  /** The name its errors start with (`"SGD"`, `"cross_entropy"`). */
  op: string;
  /** Calls it with `options` in the options object's place (valid arguments otherwise). */
  call: (options: any) => unknown;
}

/**
 * Every option-taker in `srcDir` must have a row or be exempt (internal, checked by its caller),
 * every row must name one, and every row must throw the unexpected-option TypeError.
 */
export function verifyOptionsTable(
  srcDir: string,
  rows: readonly OptionsRow[],
  exempt: Readonly<Record<string, string>>,
): void {
  const found = optionTakers(srcDir);
  const covered = new Set([...rows.flatMap((r) => (r.where ? [r.where] : [])), ...Object.keys(exempt)]);
  const missing = [...found].filter((k) => !covered.has(k));
  expect(
    missing,
    "option-takers without a row in the options table (add one, and check the options)",
  ).toEqual([]);
  const stale = [...covered].filter((k) => !found.has(k));
  expect(stale, "rows or exemptions naming no option-taker (renamed or removed?)").toEqual([]);
  for (const row of rows) {
    let thrown: unknown = null;
    try {
      row.call({ notAnOption: 1 });
    } catch (e) {
      thrown = e;
    }
    const label = row.where ?? row.op;
    expect(thrown, `${label}: an unknown option must throw`).toBeInstanceOf(TypeError);
    expect((thrown as Error).message, label).toMatch(
      new RegExp(`^${row.op.replace(/[.$]/g, "\\$&")}\\(\\): got an unexpected option 'notAnOption'`),
    );
  }
}

/** The options test of package `pkg`, whose sources are in `srcDir`: `verifyOptionsTable` on its table. */
export function describeOptionsTable(
  pkg: string,
  srcDir: URL,
  rows: readonly OptionsRow[],
  exempt: Readonly<Record<string, string>>,
): void {
  describe(`every options object of ${pkg} is checked`, () => {
    it("each option-taker refuses an unknown key (a new one needs a row here)", () => {
      verifyOptionsTable(fileURLToPath(srcDir), rows, exempt);
    });
  });
}
