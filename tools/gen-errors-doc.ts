/**
 * Regenerates docs/errors.md from the bad-input catalogues of the packages.
 *
 *   pnpm exec tsx --conditions=tsgrad-source tools/gen-errors-doc.ts
 *
 * To add a package's rows: export an `ErrorCase[]` from packages/<pkg>/test/errors-cases.ts
 * (same shape as core's; reuse `verifyErrorCase` in its own catalogue test) and list it below.
 * Inputs that are deliberately *not* errors (a NaN that PyTorch also returns, a warning) go in a
 * `BehaviourNote[]` beside them and are rendered in their own section.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type BehaviourNote,
  type Catalogue,
  coreBehaviourNotes,
  coreErrorCases,
  renderErrorsDoc,
} from "../packages/core/test/errors-cases.js";
import { lossesBehaviourNotes, lossesErrorCases } from "../packages/losses/test/errors-cases.js";
import { nnBehaviourNotes, nnErrorCases } from "../packages/nn/test/errors-cases.js";

/** A package's catalogue: its error rows and its "not an error" notes. */
export interface PackageCatalogue extends Catalogue {
  notes?: BehaviourNote[];
}

export const CATALOGUES: PackageCatalogue[] = [
  { pkg: "@tsgrad/core", cases: coreErrorCases, notes: coreBehaviourNotes },
  { pkg: "@tsgrad/nn", cases: nnErrorCases, notes: nnBehaviourNotes },
  { pkg: "@tsgrad/losses", cases: lossesErrorCases, notes: lossesBehaviourNotes },
];

export const DOC_PATH = fileURLToPath(new URL("../docs/errors.md", import.meta.url));

function cell(text: string): string {
  const t = text.replace(/\n/g, " ").replace(/\|/g, "\\|");
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function renderNotes(catalogues: readonly PackageCatalogue[]): string[] {
  const out = [
    "",
    "## Not errors",
    "",
    "These inputs look wrong but are deliberately not errors: tsgrad returns what PyTorch returns,",
    "except where a note says how and why it differs. Each is checked like a row above (the",
    "catalogue tests run it and compare what it prints).",
  ];
  for (const { pkg, notes } of catalogues) {
    if (!notes || notes.length === 0) continue;
    out.push("", `### ${pkg}`, "", "| Input | Call | Result | Why |", "| --- | --- | --- | --- |");
    for (const n of notes) {
      out.push(`| ${n.doc} <a id="${n.id}"></a> | ${cell(n.code)} | ${cell(n.result)} | ${n.why} |`);
    }
  }
  return out;
}

export function render(): string {
  const ids = CATALOGUES.flatMap((c) => [...c.cases, ...(c.notes ?? [])].map((r) => r.id));
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  // Ids are the page's anchors, so they must be unique across packages.
  if (dup !== undefined) throw new Error(`gen-errors-doc: id '${dup}' is used twice`);
  const doc = renderErrorsDoc(CATALOGUES)
    // Core's intro names only its own test; every package's catalogue is a test.
    .replace(
      "(`packages/core/test/errors-catalogue.test.ts`)",
      "(`packages/{core,nn,losses}/test/errors-catalogue.test.ts`)",
    );
  return `${doc.trimEnd()}\n${renderNotes(CATALOGUES).join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DOC_PATH, render());
  const rows = CATALOGUES.reduce((n, c) => n + c.cases.length, 0);
  const notes = CATALOGUES.reduce((n, c) => n + (c.notes?.length ?? 0), 0);
  console.log(`wrote ${DOC_PATH} (${rows} cases, ${notes} notes)`);
}
