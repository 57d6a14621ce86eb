import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No import cycles between library sources. A cycle works only while no module of it touches an
 * import at load time (`class Parameter extends Tensor` in the wrong order is `undefined`), so
 * it breaks on an innocent edit, and bundlers order cycles differently from Node. Tensor's
 * methods are attached in methods.ts for this reason (ops import Tensor, Tensor imports no op).
 *
 * Biome 2.2.4 has `noImportCycles`, but it does not resolve `./x.js` to `x.ts`, so it sees no
 * import here at all; this test parses every library source (tests excluded) with the TypeScript
 * compiler instead. Type-only imports (`import type`, `export type`) are left out, as the compiler
 * erases them; `import { type X }` counts, since `verbatimModuleSyntax` keeps it as an import.
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Cycles tolerated for now, each as the sorted files of its strongly connected group, with the
 * reason it is still here. None today: a new cycle fails.
 */
const KNOWN: Record<string, string> = {};

/** The files `code` imports at run time, for relative specifiers (`./x.js` is `x.ts`). */
function runtimeImports(file: string, code: string): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const s of sf.statements) {
    const typeOnly = ts.isImportDeclaration(s)
      ? s.importClause?.isTypeOnly === true
      : ts.isExportDeclaration(s) && s.isTypeOnly;
    const spec = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier;
    if (typeOnly || !spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) continue;
    out.push(resolve(dirname(file), spec.text.replace(/\.js$/, ".ts")));
  }
  return out;
}

/**
 * Each group of files that import each other (a strongly connected component, by Tarjan's
 * algorithm), sorted, with one cycle through it to show (`[a, b, a]`).
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): { files: string[]; cycle: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1 || graph.get(v)!.includes(v)) groups.push(group.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // For each group, the shortest way from its first file back to itself (breadth first).
  return groups.map((group) => {
    const start = group[0]!;
    const from = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const w of graph.get(queue[i]!)!) {
        if (!group.includes(w) || from.has(w)) continue;
        from.set(w, queue[i]!);
        if (w === start) {
          const path = [start];
          for (let u = from.get(start)!; u !== start; u = from.get(u)!) path.unshift(u);
          return { files: group, cycle: [start, ...path] };
        }
        queue.push(w);
      }
    }
    throw new Error("unreachable: a strongly connected group has a cycle");
  });
}

describe("no import cycles", () => {
  it("the check finds the cycles it must find", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    expect(findCycles(graph)).toEqual([
      { files: ["a", "b", "c"], cycle: ["a", "b", "c", "a"] },
      { files: ["e"], cycle: ["e", "e"] },
    ]);
    expect(
      findCycles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
    const code = `import type { A } from "./a.js"; export type { B } from "./b.js";
      import { type C } from "./c.js"; import "./d.js"; export * from "./e.js"; import x from "node:fs";`;
    expect(runtimeImports("/p/f.ts", code)).toEqual(["/p/c.ts", "/p/d.ts", "/p/e.ts"]);
  });

  it("library sources of every package have none", () => {
    const graph = new Map<string, string[]>();
    for (const pkg of readdirSync(join(root, "packages"))) {
      const src = join(root, "packages", pkg, "src");
      for (const f of ts.sys.readDirectory(src, [".ts"], ["**/*.test.ts"])) {
        graph.set(f, runtimeImports(f, readFileSync(f, "utf8")));
      }
    }
    expect(graph.size).toBeGreaterThan(50);
    const rel = (files: string[]): string[] => files.map((f) => relative(root, f));
    const unknown = findCycles(graph)
      .filter(({ files }) => !(rel(files).join(" ") in KNOWN))
      .map(({ files, cycle }) => `${rel(cycle).join(" -> ")} (all of: ${rel(files).join(" ")})`);
    expect(unknown).toEqual([]);
  });
});
