/**
 * The published packages as a user gets them: `pnpm pack` the three packages (from the dist/ that
 * `pnpm build` made), install the tarballs with npm into a project outside the workspace (offline:
 * from the tarballs only, nothing from a registry), and there:
 *
 * - run a plain-Node ES module and a CommonJS script that train a tiny model and print its repr,
 *   a typed-array round trip and an error message, and save and load its weights with node-io;
 * - load the ESM build beside the CommonJS one (two copies of core) and see the error say so;
 * - type-check a consumer with the workspace's TypeScript: as ESM under `nodenext` and `bundler`,
 *   as CommonJS under `node16` (a `.cts`) and `node10` (`@tsgrad/nn/node-io` via `typesVersions`);
 * - bundle the program with esbuild `--minify` for the browser, run the bundle in Node, and compare
 *   its output with the unbundled one.
 *
 * It needs dist/: CI runs `pnpm build` before `pnpm test`. Without dist/ it is skipped locally and
 * fails when `CI` is set. It runs once: CI's second pass of the suite (TSGRAD_BACKEND=js) would only
 * repeat it, since packing and installing do not depend on the backend.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = ["core", "nn", "losses"] as const;
const BUILT = PACKAGES.every(
  (p) =>
    existsSync(join(root, "packages", p, "dist", "index.js")) &&
    existsSync(join(root, "packages", p, "dist", "cjs", "index.cjs")),
);
if (!BUILT && process.env.CI) {
  throw new Error("consumer test: packages/*/dist is missing; CI must run `pnpm build` before `pnpm test`");
}
const SKIP = !BUILT || process.env.TSGRAD_BACKEND === "js";
if (!BUILT) {
  console.warn(
    "tools/consumer.test.ts: skipped, packages/*/dist is missing: run `pnpm build` first (CI does)",
  );
}

/** The program every consumer runs, after its own way of loading `core`, `nn` and `losses`. */
const BODY = `
core.manualSeed(0);
// Two blobs of 4 points, shared with the tensor (no copy), and their labels.
const points = new Float32Array([0, 0, 0.2, 0.1, 0.1, 0.3, 0.3, 0.2, 2, 2, 2.2, 1.9, 1.8, 2.1, 2.1, 2.2]);
const x = core.fromTypedArray(points, [8, 2]);
const y = core.tensor(new Int32Array([0, 0, 0, 0, 1, 1, 1, 1]));
const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 2));
const opt = new nn.Adam(model.parameters(), { lr: 0.05 });
const lossFn = new losses.CrossEntropyLoss({ labelSmoothing: 0.1 });
const curve: string[] = [];
for (let step = 0; step < 40; step++) {
  opt.zeroGrad();
  const loss = lossFn.call(model.call(x), y);
  loss.backward();
  opt.step();
  if (step % 10 === 0) curve.push(loss.item().toFixed(4));
}
console.log(model.toString());
console.log("loss", curve.join(" "));
console.log("pred", JSON.stringify(model.call(x).argmax(1).tolist()));
console.log(core.tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).toString());
try {
  model.call(core.randn([4, 3]));
} catch (e) {
  console.log(String(e));
}
try {
  core.fromTypedArray(new Float32Array(5), [2, 3]);
} catch (e) {
  console.log(String(e));
}
`.replace(/: string\[\]/, "$TYPE");

/** BODY as JavaScript (without its one type annotation) or TypeScript. */
function body(ts: boolean): string {
  return BODY.replace("$TYPE", ts ? ": string[]" : "");
}

/** Saves the model's weights with node-io and loads them back (Node only, not in the bundle). */
const NODE_IO = `
const file = path.join(os.tmpdir(), "tsgrad-consumer-" + process.pid + ".safetensors");
io.saveFile(model.stateDict(), file);
const back = io.loadFile(file);
fs.rmSync(file);
console.log("node-io", [...back.keys()].join(","), core.allclose(back.get("0.weight"), model.getSubmodule("0").weight, { rtol: 0, atol: 0 }));
`;

const ESM_HEADER = `import * as core from "@tsgrad/core";
import * as nn from "@tsgrad/nn";
import * as losses from "@tsgrad/losses";
`;
const ESM_NODE_HEADER = `${ESM_HEADER}import * as io from "@tsgrad/nn/node-io";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
`;
const CJS_HEADER = `"use strict";
const core = require("@tsgrad/core");
const nn = require("@tsgrad/nn");
const losses = require("@tsgrad/losses");
const io = require("@tsgrad/nn/node-io");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
`;
/** A type-checked consumer: the body, plus node-io's types (no @types/node in the consumer). */
const TS_IO = `
import { loadFile, saveFile } from "@tsgrad/nn/node-io";
export const io: [typeof saveFile, typeof loadFile] = [saveFile, loadFile];
export const t: core.Tensor = x;
`;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * `pnpm` as this test was started with (`pnpm test` sets npm_execpath: a JS file, or pnpm's
 * standalone executable), else from PATH.
 */
function pnpm(args: string[], cwd: string): string {
  const cli = process.env.npm_execpath;
  if (cli && /pnpm/.test(basename(cli))) {
    return /\.[cm]?js$/.test(cli) ? run(process.execPath, [cli, ...args], cwd) : run(cli, args, cwd);
  }
  return run("pnpm", args, cwd);
}

describe.skipIf(SKIP)("the packed packages in a project of their own", () => {
  let dir = "";
  let esm = "";

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tsgrad-consumer-"));
    const tarballs = join(dir, "tarballs");
    mkdirSync(tarballs);
    for (const p of PACKAGES) pnpm(["pack", "--pack-destination", tarballs], join(root, "packages", p));
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), '{ "name": "app", "private": true, "version": "0.0.0" }\n');
    // nn's one registry dependency (the ONNX writer, protobufjs, and its `long`), packed from the
    // workspace's own install: still nothing from a registry.
    const need = createRequire(join(root, "packages", "nn", "package.json"));
    const protobufjs = dirname(need.resolve("protobufjs/package.json"));
    // `long` exports no package.json: its entry's folder, up to the folder named long.
    let long = dirname(createRequire(join(protobufjs, "package.json")).resolve("long"));
    while (basename(long) !== "long") long = dirname(long);
    // As npm's tarballs are: the package's files under `package/` (`npm pack` refuses the pnpm store).
    for (const d of [protobufjs, long]) {
      run(
        "tar",
        ["-czf", join(tarballs, `${basename(d)}.tgz`), "--transform", "s,^\\.,package,", "-C", d, "."],
        dir,
      );
    }
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    // --offline: the tarballs must be enough (core is a peer of nn and losses, so npm takes it from
    // the tarballs too); anything wanted from a registry fails the install.
    run(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", ...files],
      app,
    );
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ships dist/, README and LICENSE only: no sources, tests or per-file JS", () => {
    for (const p of PACKAGES) {
      const pkg = join(dir, "app", "node_modules", "@tsgrad", p);
      const files = readdirSync(pkg, { recursive: true, encoding: "utf8" }).sort();
      expect(
        files.filter((f) => !f.startsWith("dist")),
        p,
      ).toEqual(["LICENSE", "README.md", "package.json"]);
      // One bundle per entry point of package.json's exports (`onnx/index` for `@tsgrad/nn/onnx`).
      const js = files.filter((f) => /\.(c|m)?js$/.test(f));
      expect(
        js.every((f) => /^dist\/(cjs\/)?([a-z-]+|onnx\/index)\.c?js$/.test(f)),
        js.join(" "),
      ).toBe(true);
      expect(files.some((f) => f.includes(".test."))).toBe(false);
    }
  });

  it("a plain-Node ES module trains, prints PyTorch's repr and a clear error", () => {
    const app = join(dir, "app");
    writeFileSync(join(app, "train.mjs"), ESM_NODE_HEADER + body(false) + NODE_IO);
    esm = run(process.execPath, ["train.mjs"], app);
    expect(esm).toContain(
      "Sequential(\n  (0): Linear(in_features=2, out_features=8, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=8, out_features=2, bias=True)\n)",
    );
    const curve = /loss (\S+) (\S+) (\S+) (\S+)/.exec(esm)!.slice(1).map(Number);
    expect(curve[3]!).toBeLessThan(curve[0]!);
    expect(esm).toContain("pred [0,0,0,0,1,1,1,1]");
    expect(esm).toContain("tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)");
    expect(esm).toContain("mat1 and mat2 shapes cannot be multiplied (4x3 and 2x8)");
    expect(esm).toContain(
      "Error: fromTypedArray(): shape '[2, 3]' is invalid for input of size 5 (a Float32Array of length 5; the shape has 6 elements)",
    );
    expect(esm).toContain("node-io 0.weight,0.bias,2.weight,2.bias true");
  });

  it("ESM and CommonJS loaded together are two copies of core, and the error says so", () => {
    const app = join(dir, "app");
    writeFileSync(
      join(app, "mixed.mjs"),
      `import { createRequire } from "node:module";
import { Linear } from "@tsgrad/nn";
const cjsCore = createRequire(import.meta.url)("@tsgrad/core");
try {
  new Linear(2, 3).call(cjsCore.randn([1, 2]));
} catch (e) {
  console.log(String(e));
}
`,
    );
    expect(run(process.execPath, ["mixed.mjs"], app)).toMatch(
      /^TypeError: Linear: expected input to be a Tensor, but got Tensor; it is a Tensor of another copy of @tsgrad\/core \(2 copies are loaded: 0\.1\.0 \(esm\), 0\.1\.0 \(cjs\)\)/,
    );
  });

  it("@tsgrad/nn/onnx exports a model made with @tsgrad/nn, from ESM and from CommonJS", () => {
    const program = (load: string) => `${load}
const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
const bytes = onnx.exportOnnx(model, core.zeros([1, 2]));
console.log(bytes instanceof Uint8Array, bytes.length > 100);
try { onnx.exportOnnx(model, core.zeros([1, 2]), { opset: 17 }); } catch (e) { console.log(e.message); }
`;
    const app = join(dir, "app");
    writeFileSync(
      join(app, "onnx.mjs"),
      program(
        'import * as core from "@tsgrad/core"; import * as nn from "@tsgrad/nn"; import * as onnx from "@tsgrad/nn/onnx";',
      ),
    );
    writeFileSync(
      join(app, "onnx.cjs"),
      program(
        'const core = require("@tsgrad/core"); const nn = require("@tsgrad/nn"); const onnx = require("@tsgrad/nn/onnx");',
      ),
    );
    const want =
      "true true\nexportOnnx(): got an unexpected option 'opset' (valid options: inputNames, outputNames, dynamicAxes, opsetVersion)\n";
    expect(run(process.execPath, ["onnx.mjs"], app)).toBe(want);
    expect(run(process.execPath, ["onnx.cjs"], app)).toBe(want);
  });

  it("a CommonJS script (require) prints the same", () => {
    const app = join(dir, "app");
    writeFileSync(join(app, "train.cjs"), CJS_HEADER + body(false) + NODE_IO);
    expect(run(process.execPath, ["train.cjs"], app)).toBe(esm);
  });

  it("type-checks as ESM under nodenext and bundler, as CommonJS under node16 (.cts) and node10", () => {
    const app = join(dir, "app");
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    for (const ext of ["ts", "mts", "cts"])
      writeFileSync(join(app, `consumer.${ext}`), ESM_HEADER + body(true) + TS_IO);
    // node16 for the .cts: under nodenext TypeScript ≥ 5.8 lets CommonJS require ES modules (as
    // Node 22 does), so only node16 proves that `require` finds CommonJS declarations (dist/cjs).
    const configs: Record<string, [object, string]> = {
      nodenext: [{ module: "nodenext", moduleResolution: "nodenext" }, "consumer.mts"],
      node16: [{ module: "node16", moduleResolution: "node16" }, "consumer.cts"],
      bundler: [{ module: "esnext", moduleResolution: "bundler" }, "consumer.ts"],
      node10: [{ module: "commonjs", moduleResolution: "node10", esModuleInterop: true }, "consumer.ts"],
    };
    for (const [name, [options, file]] of Object.entries(configs)) {
      const files = [file];
      const config = {
        compilerOptions: {
          ...options,
          target: "es2022",
          // DOM for console (and for AbortSignal in nn's declarations), as a browser app has it;
          // a Node app has both from @types/node, which this offline project does not install.
          lib: ["es2022", "dom"],
          types: [],
          strict: true,
          noEmit: true,
          // Our declarations are checked under the two node resolutions; the other two only
          // resolve them (which is what differs), to keep the test quick.
          skipLibCheck: name === "bundler" || name === "node10",
          ignoreDeprecations: "5.0",
        },
        files,
      };
      writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config));
      let out = "";
      try {
        out = run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], app);
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(out, name).toBe("");
    }
  });

  it("an esbuild --minify bundle for the browser prints what the unbundled program prints", async () => {
    const app = join(dir, "app");
    writeFileSync(join(app, "browser.mjs"), ESM_HEADER + body(false));
    await build({
      entryPoints: [join(app, "browser.mjs")],
      absWorkingDir: app,
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      outfile: join(app, "bundle.mjs"),
      logLevel: "warning",
    });
    const bundled = run(process.execPath, ["bundle.mjs"], app);
    expect(esm.startsWith(bundled)).toBe(true);
    expect(esm.slice(bundled.length)).toMatch(/^node-io /);
  });
});
