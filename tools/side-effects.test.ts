/**
 * package.json's `sideEffects` lets bundlers drop modules nothing is imported from. A module that
 * does something when it loads (core's methods.ts attaches Tensor's methods, copies.ts registers the
 * copy) must be listed, or a bundle of the sources loses it; so must a module that imports another
 * only for its effect (core's index.ts: `import "./methods.js"`), or Vite skips the import. This
 * finds such modules by their top-level statements and checks the lists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The module's top-level lines that are neither declarations nor imports/exports nor comments. */
function effects(text: string): string[] {
  const out: string[] = [];
  let inTemplate = false;
  for (const line of text.split("\n")) {
    // Lines inside a multi-line template literal (a worker's source) are not statements.
    const inside = inTemplate;
    if ((line.match(/`/g)?.length ?? 0) % 2 === 1) inTemplate = !inTemplate;
    if (inside || !/^[A-Za-z_$([]/.test(line)) continue;
    if (
      /^(import|export|const|let|var|function|async function|class|abstract class|interface|type|declare|enum)\b/.test(
        line,
      )
    )
      continue;
    out.push(line);
  }
  if (/^import "[^"]+";$/m.test(text)) out.push("a bare import");
  return out;
}

describe("sideEffects in each package.json", () => {
  for (const pkg of ["core", "nn", "losses"]) {
    it(`@tsgrad/${pkg} lists every source module that does something when loaded`, () => {
      const dir = join(root, "packages", pkg);
      const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const listed = new Set<string>(Array.isArray(json.sideEffects) ? json.sideEffects : []);
      expect(json.sideEffects === false || Array.isArray(json.sideEffects), "an exact list or false").toBe(
        true,
      );
      const found: Record<string, string[]> = {};
      for (const file of readdirSync(join(dir, "src"), { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
        const lines = effects(readFileSync(join(dir, "src", file), "utf8"));
        // Filling the module's own lookup tables is not an effect anyone else sees.
        const outside = lines.filter((l) => !/^for \(let \w+ = 0; \w+ < \d+; \w+\+\+\) [A-Z0-9_]+\[/.test(l));
        if (outside.length > 0) found[`./src/${file}`] = outside;
      }
      const missing = Object.keys(found).filter((f) => !listed.has(f));
      expect(missing, JSON.stringify(found, null, 2)).toEqual([]);
      if (pkg === "core") {
        expect(Object.keys(found).sort()).toEqual([
          "./src/backend.ts",
          "./src/copies.ts",
          "./src/index.ts",
          "./src/methods.ts",
        ]);
      }
    });
  }
});
