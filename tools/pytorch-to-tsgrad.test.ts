/**
 * The PyTorch → tsgrad page: every tsgrad snippet runs (after its section's setup) and its written
 * results hold, and the committed docs/pytorch-to-tsgrad.md is what the generator writes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSnippet } from "./doc-run.js";
import * as core from "../packages/core/src/index.js";
import * as losses from "../packages/losses/src/index.js";
import * as nn from "../packages/nn/src/index.js";
import { importsUsed, PAGE_PATH, renderPage, SECTIONS } from "./pytorch-to-tsgrad.js";

/** Only what the page's import block imports: a snippet using anything else fails to run. */
function importedScope(): Record<string, unknown> {
  const mods: Record<string, Record<string, unknown>> = {
    "@tsgrad/core": core,
    "@tsgrad/nn": nn,
    "@tsgrad/losses": losses,
  };
  const scope: Record<string, unknown> = {};
  for (const { pkg, names } of importsUsed()) for (const n of names) scope[n] = mods[pkg]![n];
  return scope;
}

describe("PyTorch → tsgrad page", () => {
  const scope = importedScope();
  for (const s of SECTIONS) {
    for (const r of s.rows) {
      it(`${s.title}: ${r.what}`, () => runSnippet(`${s.setup?.tsgrad ?? ""}\n${r.tsgrad}`, scope));
    }
  }

  it("docs/pytorch-to-tsgrad.md is up to date (pnpm exec tsx --conditions=tsgrad-source tools/pytorch-to-tsgrad.ts)", () => {
    expect(readFileSync(PAGE_PATH, "utf8")).toBe(renderPage());
  });
});
