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
    expect(skipped.length, skipped.join("\n")).toBeLessThanOrEqual(16);
  });

  it("checks what it says it checks", async () => {
    await runSnippet("tensor([1, 2]).add(1); // tensor([2, 3])");
    await expect(runSnippet("tensor([1, 2]).add(1); // tensor([2, 4])")).rejects.toThrow(/tensor\(\[2,3\]\)/);
    await expect(runSnippet("zeros([2, 3]).shape; // [3, 2]")).rejects.toThrow();
    await expect(runSnippet('String(ones([1])); // "tensor([2.])"')).rejects.toThrow();
    await expect(runSnippet("Math.PI; // 3.15")).rejects.toThrow();
    await runSnippet("Math.PI; // 3.14");
    await runSnippet("zeros([2]); // prose is not checked");
    await expect(runSnippet("undefinedName.foo();")).rejects.toThrow(/undefinedName/);
  });

  for (const ex of examples.filter((e) => !e.skipped)) {
    it(`${ex.where} (${ex.symbol})`, () => runSnippet(ex.code));
  }
});
