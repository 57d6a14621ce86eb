import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, render } from "../../../tools/gen-errors-doc.js";
import { verifyErrorCase } from "../../core/test/errors-cases.js";
import { nnBehaviourNotes, nnErrorCases, verifyBehaviourNote } from "./errors-cases.js";

describe("bad-input catalogue of @tsgrad/nn (docs/errors.md)", () => {
  it("has unique ids", () => {
    const ids = [...nnErrorCases, ...nnBehaviourNotes].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const c of nnErrorCases) {
    it(`${c.id}: ${c.code}`, () => {
      verifyErrorCase(c);
    });
  }

  for (const n of nnBehaviourNotes) {
    it(`not an error — ${n.id}: ${n.code}`, () => {
      verifyBehaviourNote(n);
    });
  }

  it("docs/errors.md lists every case and note (regenerate with tools/gen-errors-doc.ts)", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    expect(doc).toBe(render());
    for (const c of [...nnErrorCases, ...nnBehaviourNotes]) expect(doc).toContain(`<a id="${c.id}"></a>`);
  });
});
