/**
 * Regenerates docs/errors.md from the bad-input catalogues of the packages.
 *
 *   pnpm exec tsx --conditions=tsgrad-source tools/gen-errors-doc.ts
 *
 * To add a package's rows: export an `ErrorCase[]` from packages/<pkg>/test/errors-cases.ts
 * (same shape as core's; reuse `verifyErrorCase` in its own catalogue test) and list it below.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Catalogue, coreErrorCases, renderErrorsDoc } from "../packages/core/test/errors-cases.js";

export const CATALOGUES: Catalogue[] = [{ pkg: "@tsgrad/core", cases: coreErrorCases }];

export const DOC_PATH = fileURLToPath(new URL("../docs/errors.md", import.meta.url));

export function render(): string {
  return renderErrorsDoc(CATALOGUES);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DOC_PATH, render());
  console.log(`wrote ${DOC_PATH} (${CATALOGUES.reduce((n, c) => n + c.cases.length, 0)} cases)`);
}
