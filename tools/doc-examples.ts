/**
 * The `@example` blocks of the packages' doc comments, extracted and made runnable, so that the API
 * reference cannot rot (tools/doc-examples.test.ts runs every one of them).
 *
 * The convention, written once here and in the README's "API reference" section:
 * - an example is a self-contained program; every export of `@tsgrad/core`, `@tsgrad/nn` (and its
 *   `node-io` and `onnx`) and `@tsgrad/losses` is in scope, so `import` lines are optional (they are dropped);
 * - a line `EXPR; // RESULT` (or `console.log(EXPR); // RESULT`) is checked when RESULT looks like a
 *   value: it starts with `tensor(`, `Parameter`, `[`, `{`, a quote, a digit, `-`, `true`, `false`,
 *   `null`, `undefined`, `NaN` or `Infinity`, or with `→ ` (which is dropped, for anything else).
 *   A repr (`tensor(...)`) is compared with `String(value)` ignoring whitespace; a quoted string with
 *   `String(value)`; anything else is evaluated and compared with the value (a Size or typed array as
 *   a plain array, a bigint as a number);
 * - any other trailing comment is prose and is not checked; the line still runs;
 * - an example whose first line is a comment starting with `(not run` is skipped (browser-only APIs,
 *   files on disk); there are few, and the test lists them.
 * Each example runs with the global generator seeded `manualSeed(0)`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SOURCE_DIRS = ["packages/core/src", "packages/nn/src", "packages/losses/src"];

/** One `@example` block: where it is and its code, comment markers removed. */
export interface DocExample {
  /** `path:line` of the `@example` tag, relative to the repository root. */
  where: string;
  /** The symbol the comment documents, as far as the next code line tells. */
  symbol: string;
  code: string;
  /** Set when the example opts out with a leading `// (not run ...)` comment. */
  skipped: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) out.push(p);
  }
  return out.sort();
}

/** The examples of one file's text. */
export function examplesOf(path: string, text: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /\/\*\*[\s\S]*?\*\//g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const startLine = text.slice(0, m.index).split("\n").length;
    const lines = m[0]
      .replace(/^\/\*\*/, "")
      .replace(/\*\/$/, "")
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""));
    const after = text
      .slice(m.index + m[0].length)
      .match(
        /^\s*(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type|get|set|static|readonly)?\s*([\w$]+)/,
      );
    const symbol = after?.[1] ?? "?";
    for (let i = 0; i < lines.length; i++) {
      const tag = lines[i]!.match(/^\s*@example\b(.*)$/);
      if (!tag) continue;
      const body: string[] = [];
      if (tag[1]!.trim() !== "") body.push(tag[1]!.trim());
      let j = i + 1;
      for (; j < lines.length && !/^\s*@\w/.test(lines[j]!); j++) body.push(lines[j]!);
      const code = body
        .filter((l) => !/^\s*```/.test(l))
        .join("\n")
        .trim();
      out.push({
        where: `${relative(ROOT, join(ROOT, path))}:${startLine + i}`,
        symbol,
        code,
        skipped: /^\/\/\s*\(not run/.test(code),
      });
      i = j - 1;
    }
  }
  return out;
}

/** Every example in the three packages' sources, in path order. */
export function allExamples(): DocExample[] {
  return SOURCE_DIRS.flatMap((d) => sourceFiles(d)).flatMap((p) =>
    examplesOf(p, readFileSync(join(ROOT, p), "utf8")),
  );
}

const VALUE_START =
  /^(tensor\(|Parameter|\[|\{|"|'|`|-?\d|-?\.\d|true\b|false\b|null\b|undefined\b|NaN\b|-?Infinity\b|→\s)/;

/** One checked line: the expression, the expected text, and the 1-based line in the example. */
export interface Check {
  expr: string;
  expected: string;
  line: number;
}

/**
 * Splits `code` into JavaScript where each checked line `EXPR; // RESULT` became
 * `__check(k, () => (EXPR));`, and the list of those checks.
 */
export function instrument(code: string): { js: string; checks: Check[] } {
  const checks: Check[] = [];
  const out = code.split("\n").map((line, i) => {
    if (/^\s*import\s.*from\s+["']@tsgrad\//.test(line)) return "";
    // A trailing `// ...` outside strings: the last `//` preceded by `;`, `)`, `]` or a word.
    const m = line.match(/^(\s*)(.*?[^\s:/])\s*;?\s*\/\/\s?(.*)$/);
    if (m === null || /^\s*\/\//.test(line)) return line;
    const [, indent, stmt, comment] = m as unknown as [string, string, string, string];
    if (!VALUE_START.test(comment.trim())) return line;
    let expr = stmt.replace(/;\s*$/, "");
    const log = expr.match(/^console\.log\((.*)\)$/);
    if (log) expr = log[1]!;
    // `const y = EXPR; // RESULT` checks y after the declaration.
    const decl = expr.match(/^(?:const|let|var)\s+([\w$]+)\s*(?::[^=]+)?=/);
    const k = checks.length;
    checks.push({ expr: decl ? decl[1]! : expr, expected: comment.trim().replace(/^→\s*/, ""), line: i + 1 });
    return decl
      ? `${indent}${expr}; __check(${k}, () => (${decl[1]}));`
      : `${indent}__check(${k}, () => (${expr}));`;
  });
  return { js: out.join("\n"), checks };
}
