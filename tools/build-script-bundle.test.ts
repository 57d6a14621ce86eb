import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScriptBundle, type ScriptBundle } from "./build-script-bundle.js";

/**
 * The budget for core + nn + losses, minified and gzipped (KB = 1024 bytes). See
 * docs/script-build.md for why it is this number and not issue 16's first 50 KB.
 */
const SCRIPT_BUDGET_KB = 140.5;

const seed = JSON.parse(
  readFileSync(new URL("../examples/test/fixtures/seed_walkthrough.json", import.meta.url), "utf8"),
) as { steps: { key: string; repr: string }[] };
/** PyTorch's print of the seed's loss, without its grad_fn: "tensor(0.3807)". */
const SEED_LOSS = `${/^tensor\([-0-9.]+/.exec(seed.steps.find((s) => s.key === "loss")!.repr)![0]})`;

describe("the plain <script> build (global tsgrad)", () => {
  let dir: string;
  let bundle: ScriptBundle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tsgrad-script-"));
    bundle = await buildScriptBundle(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`stays within ${SCRIPT_BUDGET_KB} KB min+gzip`, () => {
    const kb = bundle.minGzipBytes / 1024;
    console.log(`tsgrad.min.js: ${(bundle.minBytes / 1024).toFixed(1)} KB, ${kb.toFixed(1)} KB min+gzip`);
    expect(kb).toBeLessThanOrEqual(SCRIPT_BUDGET_KB);
  });

  for (const which of ["file", "minFile"] as const) {
    it(`${which === "file" ? "tsgrad.js" : "tsgrad.min.js"} runs standalone: no require, no process, no module system`, () => {
      // A bare V8 context has only the language's own globals; `atob` is the one browser global the
      // build uses (to decode the wasm kernels), so the context gets exactly that.
      const context = vm.createContext({ atob });
      vm.runInContext(readFileSync(bundle[which], "utf8"), context, { filename: which });
      const run = (code: string) => vm.runInContext(code, context) as unknown;
      expect(run("typeof require + ' ' + typeof process + ' ' + typeof module")).toBe(
        "undefined undefined undefined",
      );
      expect(
        run("typeof tsgrad.tensor + typeof tsgrad.nn.Linear + typeof tsgrad.losses.LabelSmoothingLoss"),
      ).toBe("functionfunctionfunction");
      // The seed's loss on the post's example, as PyTorch prints it.
      const loss = run(`
        const pred = tsgrad.tensor([[0.1796, -0.044, 0.4484], [-0.2746, 0.1361, 0.3606],
          [-0.1053, 0.0179, 0.4667], [-0.0686, -0.2447, 0.4115], [-0.0467, 0.3776, 0.0937]], { requiresGrad: true });
        const loss = new tsgrad.losses.LabelSmoothingLoss(3, 0.01).call(pred, tsgrad.tensor([0, 1, 2, 1, 0]));
        loss.backward();
        loss.detach().toString();
      `);
      expect(loss).toBe(SEED_LOSS);
      // A module, an optimizer step and the kernels the backend picked, all inside the bundle.
      const stepped = run(`
        tsgrad.manualSeed(0);
        const layer = new tsgrad.nn.Linear(2, 3);
        const opt = new tsgrad.nn.Adam(layer.parameters(), { lr: 0.1 });
        const before = layer.weight.clone();
        const l = new tsgrad.losses.LabelSmoothingLoss(3, 0.1).call(layer.call(tsgrad.randn([4, 2])), tsgrad.tensor([0, 1, 2, 1]));
        l.backward();
        opt.step();
        [tsgrad.getBackend(), layer.weight.sub(before).abs().max().item() > 0, layer.toString()].join("|");
      `);
      // The context has no process.env, so TSGRAD_BACKEND never reaches it: the default, wasm.
      expect(stepped).toBe("wasm|true|Linear(in_features=2, out_features=3, bias=True)");
      // Extra arguments are refused from the minified sources too (their parameter lists are read at load).
      const refused = run(`
        const said = [];
        for (const f of [() => tsgrad.ones([2]).exp(2), () => tsgrad.ones([2, 2]).matmul(tsgrad.ones([2, 2]), { out: null }),
                         () => tsgrad.ones([2]).backward(null, {}, 3)]) {
          try { f(); said.push("ran"); } catch (e) { said.push(e.message); }
        }
        said.join("|");
      `);
      expect(refused).toBe(
        "exp(): takes at most 0 arguments but 1 were given|" +
          "matmul(): takes at most 1 argument but 2 were given (tsgrad has no out=: use the result, or write it into a tensor with y.copy_(result))|" +
          "backward(): takes at most 2 arguments but 3 were given",
      );
    });
  }
});
