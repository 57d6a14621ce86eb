/**
 * One library in one fresh process: `child.ts <lib> <dataBase> <outFile>`. Imports the library
 * (timed), runs W1–W7 on the shared data with the shared timing code, and writes a LibResult JSON.
 */
import { writeFileSync } from "node:fs";
import {
  isTsgrad,
  type Lib,
  LIBS,
  type LibResult,
  type Runner,
  STEP_WORKLOADS,
  type StepSeries,
  series,
  timeBudgeted,
  timeCalls,
  timeSteps,
} from "./common.js";
import { readData } from "./data.js";

async function main(): Promise<void> {
  const [lib, dataBase, outFile] = process.argv.slice(2) as [Lib, string, string];
  if (!LIBS.includes(lib))
    throw new Error(`bench child: unknown library '${lib}' (expected ${LIBS.join(", ")})`);
  const data = readData(dataBase);
  const cfg = data.config;

  // Import time: the library's own packages, imported first so that the runner module (a few
  // lines) finds them cached.
  const t0 = performance.now();
  if (isTsgrad(lib)) {
    await import("@tsgrad/core");
    await import("@tsgrad/nn");
    await import("@tsgrad/losses");
  } else {
    await import("@tensorflow/tfjs");
    if (lib === "tfjs-wasm") await import("@tensorflow/tfjs-backend-wasm");
  }
  const importMs = performance.now() - t0;
  const mod = isTsgrad(lib) ? await import("./runners/tsgrad.js") : await import("./runners/tfjs.js");
  const t1 = performance.now();
  const runner: Runner = await mod.createRunner(lib);
  const initMs = performance.now() - t1;

  const w1 = cfg.w1.sizes.map((n) => {
    const fn = runner.matmul(n, data.f32(`w1.a${n}`), data.f32(`w1.b${n}`));
    const s = timeCalls(fn, cfg.w1.minRepMs, cfg.w1.reps);
    return { n, ...s, gflops: (2 * n ** 3) / (s.medianMs * 1e6) };
  });

  const w2 = timeSteps(runner.mlpStep(data), cfg.w2.warmup, cfg.w2.timed, Number.POSITIVE_INFINITY);

  const run = runner.spiralRun(data);
  const w3 = timeBudgeted(run, cfg.w3.maxRuns, cfg.w3.budgetMs);
  const last3 = w3.results[w3.results.length - 1]!;

  const lossStep = runner.lossStep(data);
  for (let i = 0; i < cfg.w4.warmup; i++) lossStep();
  const w4 = timeBudgeted(lossStep, cfg.w4.maxReps, cfg.w4.budgetMs);

  const steps: Record<string, StepSeries | null> = {};
  const notes: string[] = [];
  for (const w of STEP_WORKLOADS) {
    const make = runner[w.method]?.bind(runner);
    const c = cfg[w.key];
    steps[w.key] = null;
    if (!make) continue;
    // A library that lacks a kernel for one workload (tfjs-wasm has no Conv2DBackpropFilter)
    // still reports the others; the reason goes under the table.
    try {
      steps[w.key] = timeSteps(make(data), c.warmup, c.timed, c.budgetMs);
    } catch (e) {
      notes.push(
        `${w.key.toUpperCase()} not run: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`,
      );
    }
  }

  const result: LibResult = {
    lib,
    describe: runner.describe(),
    config: cfg.name,
    importMs,
    initMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    w1,
    w2,
    w3: { ...series(w3.times), accuracy: last3.accuracy, loss: last3.loss },
    w4: { ...series(w4.times), loss: w4.results[w4.results.length - 1]! },
    w5: steps.w5 ?? null,
    w6: steps.w6 ?? null,
    w7: steps.w7 ?? null,
    notes,
  };
  writeFileSync(outFile, JSON.stringify(result));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
