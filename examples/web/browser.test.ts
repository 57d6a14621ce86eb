/**
 * The playground in a real browser: builds the site with Vite, serves it with `vite preview` on
 * 127.0.0.1, and drives Debian's Chromium with playwright-core (no browser download). Runs in the
 * wasm pass of CI only (the page picks its own backend; the js pass would test the same thing).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { build, type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CpuCapability } from "@tsgrad/core";
import { expectSvgLabels, SEED_GRAPH_LABELS } from "../test/svg-labels.js";
import { pct } from "./src/calibration-view.js";
import { runOn } from "./node-runs.js";

const CHROMIUM = process.env.TSGRAD_CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const JS_PASS = process.env.TSGRAD_BACKEND === "js";
const CONFIG = fileURLToPath(new URL("./vite.config.ts", import.meta.url));
// The flags that keep Chromium quiet on a machine with no outside network (see the machine notes).
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const seed = JSON.parse(
  readFileSync(new URL("../test/fixtures/seed_walkthrough.json", import.meta.url), "utf8"),
) as {
  steps: { key: string; repr: string }[];
  weighted: { weight: number[]; steps: { key: string; repr: string }[] };
};
/** PyTorch's print of the seed's loss on the post's example, without its grad_fn: "tensor(0.3807)". */
const SEED_LOSS = `${/^tensor\([-0-9.]+/.exec(seed.steps.find((s) => s.key === "loss")!.repr)![0]})`;
/** The same with the seed's per-class weight [0.2, 0.3, 0.5] (the page's weight field). */
const WEIGHTED_LOSS = `${/^tensor\([-0-9.]+/.exec(seed.weighted.steps.find((s) => s.key === "loss")!.repr)![0]})`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const title = HAVE_CHROMIUM
  ? "the playground in Chromium"
  : `the playground in Chromium — skipped, no ${CHROMIUM}: apt-get install -y chromium`;
if (!HAVE_CHROMIUM && !JS_PASS)
  console.warn(`browser test skipped: no ${CHROMIUM}; install it: apt-get install -y chromium`);

describe.skipIf(!HAVE_CHROMIUM || JS_PASS)(title, () => {
  let tmp: string;
  let server: PreviewServer;
  let context: BrowserContext;
  let url: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "tsgrad-web-"));
    const outDir = join(tmp, "site");
    await build({ configFile: CONFIG, logLevel: "warn", build: { outDir, emptyOutDir: true } });
    const port = await freePort();
    server = await preview({
      configFile: CONFIG,
      logLevel: "warn",
      build: { outDir },
      preview: { port, strictPort: true },
    });
    url = `http://127.0.0.1:${port}/`;
    context = await chromium.launchPersistentContext(join(tmp, "profile"), {
      executablePath: CHROMIUM,
      headless: false, // --headless=new is in FLAGS; Playwright's own switch would add a second one
      args: FLAGS,
      viewport: { width: 1280, height: 1400 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("shows the seed's loss, trains to >= 97 % held-out while the page keeps drawing, no console errors", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);

    await expect.poll(() => page.textContent("#seed-loss")).toBe(SEED_LOSS);
    expect(await page.textContent("#seed-gradcheck")).toBe("passed");
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // The weight field: PyTorch's loss for the seed's class with these weights, then back to the default.
    await page.fill("#seed-weight", JSON.stringify(seed.weighted.weight));
    await page.click("#seed-form button[type=submit]");
    await expect.poll(() => page.textContent("#seed-loss")).toBe(WEIGHTED_LOSS);
    await page.fill("#seed-weight", "");
    await page.click("#seed-form button[type=submit]");
    await expect.poll(() => page.textContent("#seed-loss")).toBe(SEED_LOSS);

    await page.waitForFunction(
      () => ["done", "error"].includes(document.documentElement.dataset.trainState ?? ""),
      null,
      {
        timeout: 45_000,
      },
    );
    expect(await page.textContent("#train-status")).toMatch(/^done/);
    const accuracy = (await page.textContent("#held-out-accuracy"))!;
    expect(accuracy).toMatch(/^\d+\.\d %$/);
    expect(Number.parseFloat(accuracy)).toBeGreaterThanOrEqual(97);
    expect(await page.textContent("#gradcheck")).toBe("passed");
    // The trained model, exported with exportOnnx, runs in ONNX Runtime Web with tsgrad's logits.
    await page.waitForFunction(
      () => ["done", "error"].includes(document.getElementById("onnx")?.dataset.onnxState ?? ""),
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await page.getAttribute("#onnx", "data-onnx-state"), (await page.textContent("#onnx"))!).toBe(
      "done",
    );
    expect(Number(await page.getAttribute("#onnx", "data-max-diff"))).toBeLessThanOrEqual(1e-5);
    console.log(`playground onnx: ${await page.textContent("#onnx")}`);
    // The worker's wasm kernels run on every core through Web Workers of their own, with the same bits.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.getAttribute("#threads", "data-threads")).toBe(String(cores));
    expect(await page.getAttribute("#threads", "data-identical")).toBe("true");
    console.log(`playground threads: ${await page.textContent("#threads")}`);
    const frames = Number(await page.textContent("#frames"));
    const seconds = Number(await page.textContent("#train-seconds"));
    // The page ran its animation frames while the worker trained (a blocked page would count ~0).
    expect(frames).toBeGreaterThanOrEqual(10);

    // The same runs in Node, for the numbers and the time: the page uses the same code paths, and
    // Node runs them on the page's wasm kernel (node-runs.ts), so the numbers agree bit for bit.
    // (trainRun is what the worker runs; it times the loop the same way there and here.)
    const capability = (await page.getAttribute("#threads", "data-cpu-capability")) as CpuCapability;
    expect(["relaxed-simd", "simd128"]).toContain(capability);
    const node = await runOn(capability);
    const nodeSeconds = node.seconds;
    expect(accuracy).toBe(pct(node.testAccuracy));

    // ---- the calibration table: both runs, the demo's numbers ----------------------------------
    const want = node.calibration;
    await page.waitForSelector("#calibration tbody tr:nth-child(2)", { timeout: 45_000 });
    const table = await page.$$eval("#calibration tbody tr", (trs) =>
      trs.map((tr) => ({
        smoothing: (tr as HTMLElement).dataset.smoothing,
        cells: Object.fromEntries<string>(
          Array.from(tr.querySelectorAll("td"), (td) => [td.dataset.key ?? "", td.textContent ?? ""]),
        ),
      })),
    );
    expect(table.map((r) => r.smoothing)).toEqual(["0", "0.1"]);
    for (const [i, row] of table.entries()) {
      for (const text of Object.values(row.cells))
        expect(Number.isFinite(Number.parseFloat(text!))).toBe(true);
      const c = want[i]!.c;
      expect(row.cells).toEqual({
        accuracy: pct(c.accuracy),
        confidence: pct(c.meanConfidence),
        ece: pct(c.ece),
        nll: c.nll.toFixed(4),
      });
    }
    expect(await page.$$eval("#reliability svg", (svgs) => svgs.length)).toBe(1);
    expect(await page.textContent("#calibration-verdict")).toContain(
      `Smoothing ${want[0]!.c.ece <= want[1]!.c.ece ? want[0]!.smoothing : want[1]!.smoothing} has the lower ECE`,
    );
    // Every form control has a label.
    expect(
      await page.$$eval("input, textarea", (els) =>
        els.filter((el) => (el as HTMLInputElement).labels?.length === 0).map((el) => el.id),
      ),
    ).toEqual([]);

    const shot = join(mkdtempSync(join(tmpdir(), "tsgrad-web-shot-")), "playground.png");
    await page.screenshot({ path: shot, fullPage: true });

    // ---- keep the weights: download → upload, drop, IndexedDB → reload → load ------------------
    const shown = async () => ({
      printed: await page.textContent("#predictions"),
      digest: await page.getAttribute("#predictions", "data-digest"),
    });
    const trained = await shown();
    expect(trained.printed).toMatch(/^tensor\(\[\[/);
    expect(await page.textContent("#predictions-accuracy")).toBe(accuracy);
    const untrainedDigest = async () => {
      // Reset from the keyboard: focus the button, press Enter.
      await page.focus("#reset");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.documentElement.dataset.trainState === "idle");
      const p = await shown();
      expect(p.digest).not.toBe(trained.digest);
    };
    const sameAsTrained = async () => {
      await page.waitForFunction(
        (d) => document.getElementById("predictions")?.dataset.digest === d,
        trained.digest,
      );
      expect(await shown()).toEqual(trained);
      expect(await page.textContent("#weights-error")).toBe("");
    };

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("tsgrad-spiral-mlp.safetensors");
    const file = join(tmp, "downloaded.safetensors");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    // Byte for byte the file Node writes for the same run (whose PyTorch load weights.test.ts checks).
    expect(new Uint8Array(bytes)).toEqual(node.weights);

    await untrainedDigest();
    await page.setInputFiles("#weights-file", file);
    await sameAsTrained();

    await untrainedDigest();
    await page.evaluate((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], "dropped.safetensors"));
      const zone = document.getElementById("drop-zone")!;
      for (const type of ["dragover", "drop"])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes.toString("base64"));
    await sameAsTrained();

    await page.click("#save-idb");
    await expect.poll(() => page.textContent("#weights-status")).toMatch(/^saved to IndexedDB/);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.trainState === "running");
    await untrainedDigest();
    await page.click("#load-idb");
    await sameAsTrained();

    // ---- Stop: the worker's trainLoop aborts between two steps and sends its weights -------------
    await page.click("#train");
    await page.waitForFunction(
      () => Number.parseInt(document.getElementById("epoch")?.textContent ?? "", 10) >= 3,
    );
    await page.click("#stop");
    await page.waitForFunction(() => document.documentElement.dataset.trainState === "stopped");
    expect(await page.textContent("#train-status")).toMatch(/^stopped after epoch \d+$/);
    expect((await shown()).digest).not.toBe(trained.digest);

    console.log(
      `playground: held-out ${accuracy}, ${frames} frames while training; training ${seconds.toFixed(2)} s in Chromium (worker) vs ${nodeSeconds.toFixed(2)} s in Node (the same trainRun, timed alike); ECE ${table.map((r) => `smoothing ${r.smoothing} ${r.cells.ece}`).join(", ")}; screenshot ${shot}`,
    );
    expect(errors).toEqual([]);
  }, 150_000);

  it("draws the loss's autograd graphs as SVG in the page, from the page's own origin only, and redraws on edit", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        elsewhere.push(r.url());
    });
    await page.goto(url);
    const drawn = (id: string) =>
      page.waitForFunction((el) => document.getElementById(el)?.dataset.graphState === "drawn", id, {
        timeout: 30_000,
      });
    await drawn("seed-graph");
    await drawn("model-graph");
    expect(await page.textContent("#graph-title")).toBe("Look inside: the loss's autograd graph");

    const seedSvg = await page.innerHTML("#seed-graph");
    expect(seedSvg).toMatch(/^<svg /);
    expectSvgLabels(seedSvg, [...SEED_GRAPH_LABELS, " (5, 3)"]);
    expect(await page.getAttribute("#seed-graph svg", "role")).toBe("img");
    expect(await page.getAttribute("#seed-graph svg", "aria-label")).toContain("LogSoftmaxBackward0");

    const modelSvg = await page.innerHTML("#model-graph");
    expectSvgLabels(modelSvg, [
      "MeanBackward0",
      "AddmmBackward0",
      "ReluBackward0",
      "TBackward0",
      "0.weight",
      " (32, 2)",
      "4.bias",
    ]);

    // A smaller pred redraws the seed's graph with its shape.
    await page.fill("#seed-pred", "[[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]");
    await page.fill("#seed-target", "[0, 2]");
    await page.click("#seed-form button[type=submit]");
    await expect.poll(() => page.innerHTML("#seed-graph"), { timeout: 30_000 }).toContain("> (2, 3)</text>");

    const shot = join(mkdtempSync(join(tmpdir(), "tsgrad-web-shot-")), "graph.png");
    await page.locator("#graph").screenshot({ path: shot });
    console.log(`playground graph panel: screenshot ${shot}`);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
