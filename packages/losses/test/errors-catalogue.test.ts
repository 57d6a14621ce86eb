import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, render } from "../../../tools/gen-errors-doc.js";
import { verifyErrorCase } from "../../core/test/errors-cases.js";
import { verifyBehaviourNote } from "../../nn/test/errors-cases.js";
import { lossesBehaviourNotes, lossesErrorCases } from "./errors-cases.js";

describe("bad-input catalogue of @tsgrad/losses (docs/errors.md)", () => {
  it("has unique ids", () => {
    const ids = [...lossesErrorCases, ...lossesBehaviourNotes].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const c of lossesErrorCases) {
    it(`${c.id}: ${c.code}`, () => {
      verifyErrorCase(c);
    });
  }

  for (const n of lossesBehaviourNotes) {
    it(`not an error — ${n.id}: ${n.code}`, () => {
      verifyBehaviourNote(n);
    });
  }

  it("docs/errors.md lists every case and note (regenerate with tools/gen-errors-doc.ts)", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    expect(doc).toBe(render());
    for (const c of [...lossesErrorCases, ...lossesBehaviourNotes]) {
      expect(doc).toContain(`<a id="${c.id}"></a>`);
    }
  });
});
