/**
 * Builds one published package (`pnpm build` runs it in packages/core, nn and losses):
 *
 *   dist/<entry>.js          the ES module bundle of each entry in package.json's `exports`
 *   dist/<entry>.d.ts, ...   the declarations, by tsc (declarations only: no per-file JS)
 *   dist/cjs/<entry>.cjs     the CommonJS bundle, for `require` (package.json's `require` condition)
 *   dist/cjs/**\/*.d.ts      the same declarations beside a `{"type": "commonjs"}` package.json,
 *                            so that TypeScript reads them as CommonJS for a `.cts` consumer
 *
 * Each bundle holds the whole package: other @tsgrad packages and `node:` modules stay imports.
 * esbuild's `define` stamps @tsgrad/core's version and the bundle's format into its registry of
 * loaded copies (packages/core/src/copies.ts), which the "another copy" errors print.
 *
 *   cd packages/nn && pnpm exec tsx ../../tools/build-package.ts
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, string | Record<string, unknown>>;
  dependencies?: Record<string, string>;
}

/** The TypeScript source of each export (its "tsgrad-source" condition), e.g. `src/node-io.ts`. */
export function entryPoints(pkgDir: string): string[] {
  const pkg = readPackageJson(pkgDir);
  const entries: string[] = [];
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === "object" && typeof target["tsgrad-source"] === "string") {
      entries.push(join(pkgDir, target["tsgrad-source"]));
    }
  }
  return entries;
}

function readPackageJson(pkgDir: string): PackageJson {
  return JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as PackageJson;
}

/**
 * The esbuild bundles of `pkgDir` into `outDir` (default `<pkgDir>/dist`): ESM in `outDir`, and
 * with `cjs` CommonJS in `outDir/cjs`. built-names.test.ts builds the same way.
 */
export async function buildBundles(
  pkgDir: string,
  outDir: string = join(pkgDir, "dist"),
  { cjs = true }: { cjs?: boolean } = {},
): Promise<void> {
  const pkg = readPackageJson(pkgDir);
  const common: BuildOptions = {
    entryPoints: entryPoints(pkgDir),
    absWorkingDir: pkgDir,
    bundle: true,
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    // The other packages, a package's own entries (each imports the others by name, so that one
    // copy of each class is loaded) and its registry dependencies stay imports.
    external: ["@tsgrad/*", "node:*", ...Object.keys(pkg.dependencies ?? {})],
    sourcemap: true,
    logLevel: "warning",
  };
  const version = JSON.stringify(pkg.version);
  await build({
    ...common,
    format: "esm",
    outdir: outDir,
    define: { __TSGRAD_VERSION__: version, __TSGRAD_FORMAT__: '"esm"' },
  });
  if (!cjs) return;
  await build({
    ...common,
    format: "cjs",
    outdir: join(outDir, "cjs"),
    outExtension: { ".js": ".cjs" },
    define: { __TSGRAD_VERSION__: version, __TSGRAD_FORMAT__: '"cjs"' },
  });
}

/** Every `.d.ts` under `dir` (relative paths), `skip` excluded. */
function declarations(dir: string, skip: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = join(e.parentPath, e.name);
    if (e.isFile() && e.name.endsWith(".d.ts") && !file.startsWith(skip)) out.push(relative(dir, file));
  }
  return out;
}

/** The whole of `dist/` for the package in `pkgDir`, from scratch. */
export async function buildPackage(pkgDir: string): Promise<void> {
  const dist = join(pkgDir, "dist");
  rmSync(dist, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(pkgDir, "tsconfig.build.json")], { stdio: "inherit" });
  await buildBundles(pkgDir, dist);
  const cjs = join(dist, "cjs");
  for (const file of declarations(dist, cjs)) {
    mkdirSync(dirname(join(cjs, file)), { recursive: true });
    copyFileSync(join(dist, file), join(cjs, file));
  }
  writeFileSync(join(cjs, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pkgDir = process.cwd();
  await buildPackage(pkgDir);
  console.log(`${basename(pkgDir)}: built dist/ (ESM, CommonJS, declarations)`);
}
