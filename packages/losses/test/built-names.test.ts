import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@tsgrad/core";
import * as nn from "@tsgrad/nn";
import { build } from "esbuild";
import * as losses from "@tsgrad/losses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundles } from "../../../tools/build-package.js";
import { run } from "./names-probe.js";

// Bundlers rename classes (esbuild's bundle of tsgrad has `_Sequential`, a minified app `Kt`), so
// every user-visible name must be data (a static `typeName`, read by core's `className`).
// names-probe.ts prints reprs and error texts; it runs from the TypeScript sources, from the built
// packages and from a minified bundle of the probe, and all must print the same.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const PACKAGES = ["core", "nn", "losses"] as const;

type ProbeOutput = ReturnType<typeof run>;

/**
 * Builds each package's ES module bundles as `pnpm build` does (tools/build-package.ts), into
 * `<dir>/node_modules/@tsgrad/<pkg>/dist` beside a copy of its package.json: a stale or missing
 * dist/ in the worktree cannot hide a regression.
 */
async function buildPackages(dir: string): Promise<void> {
  for (const pkg of PACKAGES) {
    const pkgDir = join(root, "packages", pkg);
    const out = join(dir, "node_modules", "@tsgrad", pkg);
    mkdirSync(out, { recursive: true });
    copyFileSync(join(pkgDir, "package.json"), join(out, "package.json"));
    await buildBundles(pkgDir, join(out, "dist"), { cjs: false });
  }
}

/** Runs an ES module with plain node and parses the probe's JSON output. */
function runNode(file: string): ProbeOutput {
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8" }));
}

describe("user-visible names survive bundling and minification", () => {
  let dir = "";
  let sources: ProbeOutput;
  let built: ProbeOutput;
  let minified: ProbeOutput;
  let minifiedKeepNames: ProbeOutput;

  beforeAll(async () => {
    sources = run();
    dir = mkdtempSync(join(tmpdir(), "tsgrad-names-"));
    await buildPackages(dir);
    // The probe as a plain ES module; its imports of @tsgrad/* resolve to the packages built above.
    await build({
      entryPoints: [fileURLToPath(new URL("./names-probe.ts", import.meta.url))],
      format: "esm",
      outfile: join(dir, "probe.mjs"),
      logLevel: "warning",
    });
    const main = join(dir, "main.mjs");
    writeFileSync(main, `import { run } from "./probe.mjs";\nprocess.stdout.write(JSON.stringify(run()));\n`);
    built = runNode(main);
    // A user's app: the probe and the built packages bundled and minified into one file.
    for (const keepNames of [false, true]) {
      const outfile = join(dir, keepNames ? "app.keep-names.mjs" : "app.min.mjs");
      await build({
        entryPoints: [main],
        bundle: true,
        minify: true,
        keepNames,
        format: "esm",
        platform: "node",
        outfile,
        logLevel: "warning",
      });
      if (keepNames) minifiedKeepNames = runNode(outfile);
      else minified = runNode(outfile);
    }
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the sources print PyTorch's names", () => {
    const { model, errors, optimizers } = sources.named;
    expect(model.startsWith("Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n")).toBe(
      true,
    );
    expect(model).toContain("(4): ModuleList(\n    (0): Embedding(10, 3)");
    expect(model).toContain("(6): MyNet(\n    (fc): Linear(");
    expect(sources.named.parameter.startsWith("Parameter containing:\ntensor([[1., 1.],")).toBe(true);
    expect(sources.named.gradFns[2]).toContain("grad_fn=<ExpBackward0>");
    expect(optimizers.map((o) => o.split("\n")[0])).toEqual(["SGD (", "Adam (", "AdamW ("]);
    expect(errors[0]).toContain("Error(s) in loading state_dict for Sequential:");
    expect(errors[3]).toBe("TypeError: Linear: expected input to be a Tensor, but got ReLU");
    expect(errors[10]).toBe("TypeError: StepLR(): Sequential is not an Optimizer");
    expect(sources.unnamed.plain.startsWith("Plain(\n")).toBe(true);
    expect(sources.unnamed.myLinear).toBe("MyLinear(in_features=2, out_features=2, bias=True)");
  });

  it("the built packages print exactly what the sources print", () => {
    expect(built).toEqual(sources);
  });

  it("a minified bundle prints the same names; a user's class keeps its name with a static typeName", () => {
    // `unnamed` holds the user classes without a typeName: the minifier renames them (documented).
    expect(minified.named).toEqual(sources.named);
  });

  it("a minified bundle built with keepNames also keeps user classes without a typeName", () => {
    expect(minifiedKeepNames).toEqual(sources);
  });
});

describe("every exported class names itself", () => {
  // A class that forgets its static typeName would print its bundler-given name in dist/.
  const isClass = (v: unknown): v is abstract new (...args: never[]) => unknown =>
    typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
  const exported = Object.entries({ ...core, ...nn, ...losses }).flatMap(([k, v]) =>
    isClass(v) ? [[k, v] as const] : [],
  );

  it("finds the classes", () => {
    expect(exported.map(([k]) => k)).toEqual(
      expect.arrayContaining(["Tensor", "Linear", "SGD", "StepLR", "MSELoss"]),
    );
  });

  for (const [key, cls] of exported) {
    it(`${key} declares typeName "${key}"`, () => {
      expect(Object.hasOwn(cls, "typeName")).toBe(true);
      expect(core.className(cls)).toBe(key);
    });
  }

  it("a user's subclass that declares none is named by its class name, not its parent's", () => {
    class MyLinear extends nn.Linear {}
    class Named extends nn.Module {
      static override readonly typeName: string = "Renamed";
    }
    expect(new MyLinear(1, 1).getName()).toBe("MyLinear");
    expect(new Named().getName()).toBe("Renamed");
    expect(core.typeNameOf(Object.create(null))).toBe("object");
    expect(core.typeNameOf({})).toBe("Object");
    expect(core.typeNameOf(new nn.Parameter(core.zeros([1])))).toBe("Parameter");
  });

  it("library code reads class names only through className", () => {
    // `constructor.name` / `new.target.name` are what bundlers rename; names.ts is the one fallback.
    const offenders: string[] = [];
    for (const pkg of PACKAGES) {
      const src = join(root, "packages", pkg, "src");
      for (const file of readdirSync(src, { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts") || file.endsWith(".test.ts") || file === "names.ts") continue;
        const text = readFileSync(join(src, file), "utf8");
        if (/constructor\??\.name\b|new\.target\.name\b/.test(text))
          offenders.push(`packages/${pkg}/src/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
