import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { librarySources } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";

/**
 * Library code reads a tensor's shape as `t._shape`, the plain array, never through the public
 * `t.shape`: that is a frozen `Size` (an Array subclass, made on the first read), and V8 runs
 * `slice`, spreads and `map` on a subclass far slower, which made small ops ~1.5x slower when ops
 * read it. The check parses every library source (tests excluded) and flags each `.shape` property
 * read whose receiver is not one of the known non-tensor ones below. `tools/internal-shape.ts
 * --write` renames the tensor reads it reports (type-aware).
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** `.shape` reads of objects that are not tensors, by file and receiver. */
const NOT_TENSORS = new Set([
  "packages/core/src/print.ts: layout.shape", // the print layout record
  "packages/nn/src/safetensors.ts: s.shape", // a safetensors header entry
  "packages/losses/src/common.ts: words.shape", // a message builder
  "packages/core/src/autograd/engine.ts: o.shape", // a node's record of an output's shape and dtype
  "packages/core/src/creation.ts: options.shape", // tensor()'s { shape } option for typed array data
]);

/** Each `receiver.shape` property access in `code`, as its receiver's text. */
function shapeReads(code: string, file = "x.ts"): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "shape") {
      found.push(`${node.expression.getText(sf)}.shape`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("library code reads the plain _shape, not the Size getter", () => {
  it("the check finds the reads it must find", () => {
    expect(shapeReads("const n = x.shape[0]; f(a.b.shape); g(x._shape, y.shapes, { shape: 1 });")).toEqual([
      "x.shape",
      "a.b.shape",
    ]);
  });

  it("no library source reads .shape of a tensor", () => {
    const bad: string[] = [];
    for (const pkg of ["core", "nn", "losses"]) {
      for (const file of librarySources(join(root, "packages", pkg, "src"))) {
        const rel = relative(root, file).split("\\").join("/");
        for (const read of shapeReads(readFileSync(file, "utf8"), file)) {
          if (!NOT_TENSORS.has(`${rel}: ${read}`)) bad.push(`${rel}: ${read}`);
        }
      }
    }
    // Fix: read `_shape` (`pnpm exec tsx tools/internal-shape.ts --write` renames tensor reads), or,
    // for an object that is not a tensor, add it to NOT_TENSORS.
    expect(bad).toEqual([]);
  });
});
