/**
 * Finds (and with --write rewrites) library code that reads a tensor's public `shape` instead of
 * the internal plain array `_shape`:
 *
 *   pnpm exec tsx tools/internal-shape.ts [--write]
 *
 * `t.shape` is a frozen `Size` (a `torch.Size`), made on its first read; V8 runs `slice`, spreads
 * and `map` on an Array subclass far slower than on a plain array, so ops read `t._shape`
 * (packages/core/test/internal-shape.test.ts fails on a `.shape` read in library code). The rename
 * is type-aware (the TypeScript language service's rename of `Tensor.shape`), so a `shape` that is
 * not a tensor's is left alone. Library code: packages/{core,nn,losses}/src, tests excluded.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../", import.meta.url));
const isLibrary = (f: string) => /\/packages\/(core|nn|losses)\/src\//.test(f) && !f.endsWith(".test.ts");

function languageService(): ts.LanguageService {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => parsed.fileNames,
    getScriptVersion: () => "0",
    getScriptSnapshot: (f) => {
      const text = ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    // Without it the workspace packages, reached through node_modules symlinks, would be other files.
    realpath: ts.sys.realpath,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/** Each library file's reads of `Tensor.shape`, as the language service's rename locations. */
export function publicShapeReads(): Map<string, ts.RenameLocation[]> {
  const service = languageService();
  const tensorFile = join(root, "packages/core/src/tensor.ts");
  const text = readFileSync(tensorFile, "utf8");
  const at = text.indexOf("get shape()");
  if (at < 0) throw new Error("tools/internal-shape.ts: no `get shape()` in packages/core/src/tensor.ts");
  const locations =
    service.findRenameLocations(tensorFile, at + "get ".length, false, false, {
      providePrefixAndSuffixTextForRename: true,
    }) ?? [];
  const byFile = new Map<string, ts.RenameLocation[]>();
  for (const l of locations) {
    if (!isLibrary(l.fileName) || l.fileName === tensorFile) continue;
    const list = byFile.get(l.fileName) ?? [];
    list.push(l);
    byFile.set(l.fileName, list);
  }
  return byFile;
}

function main(): void {
  const write = process.argv.includes("--write");
  let total = 0;
  for (const [file, locations] of publicShapeReads()) {
    let text = readFileSync(file, "utf8");
    // From the end, so earlier offsets stay valid.
    locations.sort((a, b) => b.textSpan.start - a.textSpan.start);
    for (const l of locations) {
      const { start, length } = l.textSpan;
      const line = text.slice(0, start).split("\n").length;
      console.log(`${relative(root, file)}:${line}: .shape`);
      text = `${text.slice(0, start)}${l.prefixText ?? ""}_shape${l.suffixText ?? ""}${text.slice(start + length)}`;
      total++;
    }
    if (write) writeFileSync(file, text);
  }
  console.log(
    total === 0
      ? "no library code reads Tensor.shape"
      : `${total} reads of Tensor.shape${write ? " renamed to _shape" : " (rerun with --write to rename them to _shape)"}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
