import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPackage } from "../../../tools/build-package.js";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const pkg = fileURLToPath(new URL("..", import.meta.url));

// The published form: the compiled dist/ loaded by plain `node` as an ES module, no tsx or vitest.
describe("built @tsgrad/core", () => {
  beforeAll(async () => {
    // `pnpm build` makes dist/; a fresh clone running only `pnpm test` builds it here.
    if (!existsSync(dist)) await buildPackage(pkg);
  }, 120_000);

  it("runs from a plain node ESM script", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-built-"));
    const script = join(dir, "check.mjs");
    writeFileSync(
      script,
      `import { tensor } from ${JSON.stringify(dist)};
const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
x.mul(x).sum().backward();
console.log(JSON.stringify(x.grad.tolist()));`,
    );
    const out = execFileSync(process.execPath, [script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it("runs the wasm matmul and its worker threads from dist, agreeing with the TypeScript kernel", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-built-"));
    const script = join(dir, "wasm.mjs");
    writeFileSync(
      script,
      `import { getBackend, manualSeed, randn, setBackend, setNumThreads } from ${JSON.stringify(dist)};
manualSeed(0);
const a = randn([300, 200]);
const b = randn([200, 100]);
const backend = getBackend();
setNumThreads(2);
const w = a.matmul(b).toTypedArray();
setBackend("js");
const j = a.matmul(b).toTypedArray();
let max = 0;
for (let i = 0; i < j.length; i++) max = Math.max(max, Math.abs(w[i] - j[i]));
console.log(JSON.stringify({ backend, max }));`,
    );
    // The default backend, whatever this test run picked (CI also runs the suite with TSGRAD_BACKEND=js).
    const env = { ...process.env, TSGRAD_BACKEND: "", TSGRAD_NUM_THREADS: "" };
    const out = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8", env }));
    expect(out.backend).toBe("wasm");
    // 200-term sums of N(0,1) products (|entries| ≈ 14): float32 rounding, far below one unit.
    expect(out.max).toBeLessThan(1e-3);
  });
});
