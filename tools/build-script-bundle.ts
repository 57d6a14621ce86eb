/**
 * The plain `<script>` build of @tsgrad/core + nn + losses, for pages that do not use a bundler:
 * an IIFE that defines one global, `tsgrad` (shape: tools/script-bundle/tsgrad-global.ts).
 *
 *   pnpm build:script      → dist/script/tsgrad.js and dist/script/tsgrad.min.js
 *
 *   <script src="tsgrad.min.js"></script>
 *   <script>
 *     const model = new tsgrad.nn.Linear(2, 3);
 *     const loss = new tsgrad.losses.LabelSmoothingLoss(3, 0.1).call(model.call(tsgrad.randn([4, 2])), tsgrad.tensor([0, 1, 2, 1]));
 *   </script>
 *
 * It is built from the TypeScript sources (the "tsgrad-source" condition), so it needs no
 * `pnpm build` first. build-script-bundle.test.ts checks its size budget and runs it standalone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";

const ENTRY = fileURLToPath(new URL("./script-bundle/tsgrad-global.ts", import.meta.url));
const DEFAULT_OUTDIR = fileURLToPath(new URL("../dist/script/", import.meta.url));

export interface ScriptBundle {
  /** The readable build. */
  file: string;
  /** The minified build. */
  minFile: string;
  /** Bytes of the minified build. */
  minBytes: number;
  /** Bytes of the minified build after gzip -9 (what a server sends). */
  minGzipBytes: number;
}

/** Builds `tsgrad.js` and `tsgrad.min.js` into `outdir` and measures the minified one. */
export async function buildScriptBundle(outdir: string = DEFAULT_OUTDIR): Promise<ScriptBundle> {
  const common: BuildOptions = {
    entryPoints: [ENTRY],
    bundle: true,
    format: "iife",
    globalName: "tsgrad",
    platform: "browser",
    target: "es2022",
    conditions: ["tsgrad-source"],
    legalComments: "none",
    logLevel: "warning",
  };
  const file = join(outdir, "tsgrad.js");
  const minFile = join(outdir, "tsgrad.min.js");
  await build({ ...common, outfile: file });
  await build({ ...common, outfile: minFile, minify: true });
  const min = readFileSync(minFile);
  return { file, minFile, minBytes: min.length, minGzipBytes: gzipSync(min, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await buildScriptBundle(process.argv[2] ?? DEFAULT_OUTDIR);
  console.log(`${b.file}`);
  console.log(
    `${b.minFile}: ${(b.minBytes / 1024).toFixed(1)} KB, ${(b.minGzipBytes / 1024).toFixed(1)} KB min+gzip`,
  );
}
