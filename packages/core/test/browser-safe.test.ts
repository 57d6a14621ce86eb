import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Library sources (tests excluded) of every package. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

// core, nn and losses must run in a browser bundle: Node built-ins only in the Node-only entry.
const NODE_ONLY = new Set(["packages/nn/src/node-io.ts"]);

describe("browser safety", () => {
  for (const pkg of ["core", "nn", "losses"]) {
    it(`@tsgrad/${pkg} imports no Node built-in outside its Node-only entry`, () => {
      const offenders = sources(join(root, "packages", pkg, "src"))
        .map((f) => relative(root, f))
        .filter((f) => !NODE_ONLY.has(f))
        .filter((f) =>
          /from\s+["'](node:|fs["']|path["']|os["']|child_process["'])/.test(
            readFileSync(join(root, f), "utf8"),
          ),
        );
      expect(offenders).toEqual([]);
    });
  }
});
