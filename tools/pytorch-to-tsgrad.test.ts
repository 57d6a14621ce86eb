/**
 * The PyTorch → tsgrad page: every tsgrad snippet runs (after its section's setup) and its written
 * results hold, and the committed docs/pytorch-to-tsgrad.md is what the generator writes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSnippet } from "./doc-run.js";
import { PAGE_PATH, renderPage, SECTIONS } from "./pytorch-to-tsgrad.js";

describe("PyTorch → tsgrad page", () => {
  for (const s of SECTIONS) {
    for (const r of s.rows) {
      it(`${s.title}: ${r.what}`, () => runSnippet(`${s.setup?.tsgrad ?? ""}\n${r.tsgrad}`));
    }
  }

  it("docs/pytorch-to-tsgrad.md is up to date (pnpm exec tsx tools/pytorch-to-tsgrad.ts)", () => {
    expect(readFileSync(PAGE_PATH, "utf8")).toBe(renderPage());
  });
});
