/**
 * The test of one package's bad-input catalogue (its `test/errors-cases.ts`): unique ids, every
 * error case thrown exactly as catalogued (`verifyErrorCase`), every "not an error" note still
 * giving its result (`verifyBehaviourNote`), and docs/errors.md up to date with an anchor per row.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, render } from "../../../tools/gen-errors-doc.js";
import { type BehaviourNote, type ErrorCase, verifyBehaviourNote, verifyErrorCase } from "./errors-cases.js";

export function describeCatalogue(
  pkg: string,
  cases: readonly ErrorCase[],
  notes: readonly BehaviourNote[],
): void {
  describe(`bad-input catalogue of ${pkg} (docs/errors.md)`, () => {
    it("has unique ids", () => {
      const ids = [...cases, ...notes].map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    for (const c of cases) it(`${c.id}: ${c.code}`, () => verifyErrorCase(c));
    for (const n of notes) it(`not an error — ${n.id}: ${n.code}`, () => verifyBehaviourNote(n));

    it("docs/errors.md lists every case and note (regenerate with tools/gen-errors-doc.ts)", () => {
      const doc = readFileSync(DOC_PATH, "utf8");
      expect(doc).toBe(render());
      for (const c of [...cases, ...notes]) expect(doc).toContain(`<a id="${c.id}"></a>`);
    });
  });
}
