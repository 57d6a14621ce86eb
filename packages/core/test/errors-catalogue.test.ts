import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, render } from "../../../tools/gen-errors-doc.js";
import { coreBehaviourNotes, coreErrorCases, verifyBehaviourNote, verifyErrorCase } from "./errors-cases.js";

describe("bad-input catalogue of @tsgrad/core (docs/errors.md)", () => {
  it("has unique ids", () => {
    const ids = [...coreErrorCases, ...coreBehaviourNotes].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const c of coreErrorCases) {
    it(`${c.id}: ${c.code}`, () => {
      verifyErrorCase(c);
    });
  }

  for (const n of coreBehaviourNotes) {
    it(`not an error: ${n.id}: ${n.code}`, () => {
      verifyBehaviourNote(n);
    });
  }

  it("docs/errors.md is up to date with the cases (regenerate with tools/gen-errors-doc.ts)", () => {
    expect(readFileSync(DOC_PATH, "utf8")).toBe(render());
  });
});
