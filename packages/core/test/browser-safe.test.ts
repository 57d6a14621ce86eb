import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { librarySources } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

// core, nn and losses must run in a browser bundle: Node built-ins only in the Node-only entry.
const NODE_ONLY = new Set(["packages/nn/src/node-io.ts"]);

describe("browser safety", () => {
  for (const pkg of ["core", "nn", "losses"]) {
    it(`@tsgrad/${pkg} imports no Node built-in outside its Node-only entry`, () => {
      const offenders = librarySources(join(root, "packages", pkg, "src"))
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
