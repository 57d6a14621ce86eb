/**
 * Runs every `@example` of the packages' doc comments and checks the results written beside them
 * (the convention is in tools/doc-examples.ts), in this one process with the TypeScript sources.
 */
import { describe, expect, it } from "vitest";
import { allExamples } from "./doc-examples.js";
import { runSnippet } from "./doc-run.js";

const examples = allExamples();

describe("doc comment @example blocks", () => {
  it("are found, and few are skipped", () => {
    expect(examples.length).toBeGreaterThan(300);
    const skipped = examples.filter((e) => e.skipped).map((e) => e.where);
    expect(skipped.length, skipped.join("\n")).toBeLessThanOrEqual(12);
  });

  for (const ex of examples.filter((e) => !e.skipped)) {
    it(`${ex.where} (${ex.symbol})`, () => runSnippet(ex.code));
  }
});
