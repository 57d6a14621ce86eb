import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * docs/architecture.md walks a newcomer through files by name; a renamed or deleted file must not
 * leave it pointing at nothing. Each `path.ts` (or .py, .json, .md) it quotes must exist, from the
 * repository root, from packages/ (`core/src/ops/softmax.ts`) or, for a bare name, in core's src.
 */
const root = fileURLToPath(new URL("../../../", import.meta.url));
const BASES = ["", "packages", "packages/core/src"];

describe("docs/architecture.md", () => {
  it("names only files that exist", () => {
    const text = readFileSync(join(root, "docs/architecture.md"), "utf8");
    const paths = [...text.matchAll(/`([\w./-]+\.(?:ts|py|json|md))`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !BASES.some((b) => existsSync(join(root, b, p))))).toEqual([]);
  });
});
