/**
 * Soak test: trains the toy classifier (the demo's model, data, loss and optimizer) for many steps
 * and watches the memory after a forced garbage collection. Once warmed up, every step makes the
 * same graph, the same saved tensors and the same gradients, and must let all of them go: the
 * memory still alive must stay flat. It fails if it grows by more than `tolerance` (5 %) over the
 * sample taken at `baselineStep`.
 *
 * "Memory" here is `heapUsed + arrayBuffers` from `process.memoryUsage()`: tensor data lives in
 * typed arrays whose bytes are counted in `arrayBuffers`, not in the JS heap, so a leaked saved
 * tensor shows up there.
 *
 * Needs `global.gc`, so run node with `--expose-gc`:
 *   pnpm soak                                 (20,000 steps, a sample every 1,000)
 *   node --expose-gc --conditions=tsgrad-source --import tsx soak.ts --steps 2000 --sample-every 200 --json
 */
import { parseArgs } from "node:util";
import { Generator, manualSeed, noGrad, type Tensor } from "@tsgrad/core";
import { Adam } from "@tsgrad/nn";
import { cliArgs, isMain, numberFlag } from "./lib/cli.js";
import { accuracy } from "./lib/metrics.js";
import { makeSpiral, trainTestSplit } from "./lib/spiral.js";
import { buildModel, CLASSES, DEFAULTS, makeCriterion, TEST_FRACTION } from "./toy-classifier.js";

/** Options of {@link soak}. */
export interface SoakOptions {
  /** Training steps (full-batch Adam steps). Default 20,000. */
  steps: number;
  /** Take a memory sample every this many steps (and at step 0). Default 1,000. */
  sampleEvery: number;
  /** The step whose sample is the baseline (the warm-up ends there). Default `2 * sampleEvery`. */
  baselineStep?: number;
  /** Allowed growth over the baseline, as a fraction. Default 0.05 (5 %). */
  tolerance: number;
  /** Seed of the data, split and init (the demo's default). */
  seed: number;
  /** Hidden width (the demo's default). */
  hidden: number;
  /** Points per spiral arm (the demo's default). */
  points: number;
  /** Adam learning rate (the demo's default). */
  lr: number;
  /** Label smoothing α (the demo's default). */
  smoothing: number;
  /**
   * Test hook: keep this many bytes alive per step (a deliberate leak), so a test can show that
   * the check catches one. Default 0.
   */
  leakBytesPerStep: number;
  /** Called with each sample as it is taken (the CLI prints a line). */
  onSample?: (s: SoakSample) => void;
}

/** One memory sample, taken right after `gc()`. */
export interface SoakSample {
  step: number;
  /** `heapUsed + arrayBuffers`: what the check compares. */
  bytes: number;
  heapUsed: number;
  arrayBuffers: number;
  heapTotal: number;
  rss: number;
  /** The training loss of the last step before the sample (NaN at step 0). */
  loss: number;
}

/** What {@link soak} returns: the samples and the verdict. */
export interface SoakResult {
  passed: boolean;
  /** One line: the verdict and the worst growth (names the step). */
  message: string;
  samples: SoakSample[];
  baseline: SoakSample;
  /** The sample after the baseline with the most memory, and its growth over the baseline. */
  worst: { step: number; bytes: number; growth: number };
  /** Least-squares slope of `bytes` over the samples from the baseline on, in bytes per step. */
  bytesPerStep: number;
  seconds: number;
  options: Omit<SoakOptions, "onSample">;
}

export const SOAK_DEFAULTS: Omit<SoakOptions, "onSample" | "baselineStep"> = {
  steps: 20_000,
  sampleEvery: 1_000,
  tolerance: 0.05,
  seed: DEFAULTS.seed,
  hidden: DEFAULTS.hidden,
  points: DEFAULTS.points,
  lr: DEFAULTS.lr,
  smoothing: DEFAULTS.smoothing,
  leakBytesPerStep: 0,
};

function forcedGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") {
    throw new Error(
      "soak(): global.gc is not available; run node with --expose-gc " +
        "(e.g. node --expose-gc --conditions=tsgrad-source --import tsx soak.ts)",
    );
  }
  return gc;
}

/**
 * Trains the toy classifier for `steps` full-batch Adam steps, sampling memory after a forced GC
 * every `sampleEvery` steps, and checks that no sample after `baselineStep` exceeds the baseline
 * by more than `tolerance`.
 *
 * @example
 * const r = soak({ steps: 2000, sampleEvery: 200 });
 * if (!r.passed) throw new Error(r.message);
 */
export function soak(options: Partial<SoakOptions> = {}): SoakResult {
  const o = { ...SOAK_DEFAULTS, ...options };
  const baselineStep = options.baselineStep ?? 2 * o.sampleEvery;
  const ints: [string, number][] = [
    ["steps", o.steps],
    ["sampleEvery", o.sampleEvery],
    ["baselineStep", baselineStep],
  ];
  for (const [k, v] of ints) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`soak(): ${k} must be a positive integer, got ${v}`);
  }
  if (baselineStep % o.sampleEvery !== 0 || baselineStep >= o.steps) {
    throw new Error(
      `soak(): baselineStep (${baselineStep}) must be a multiple of sampleEvery (${o.sampleEvery}) and below steps (${o.steps})`,
    );
  }
  const gc = forcedGc();

  const data = makeSpiral(o.points, CLASSES, { noise: 0.2, generator: new Generator(o.seed) });
  const { train, test } = trainTestSplit(data, TEST_FRACTION, new Generator(o.seed + 1000));
  manualSeed(o.seed);
  const model = buildModel(o.hidden, CLASSES);
  const criterion = makeCriterion(o.smoothing);
  const optimizer = new Adam(model.parameters(), { lr: o.lr });
  const leaked: Uint8Array[] = [];

  const samples: SoakSample[] = [];
  const sample = (step: number, loss: number) => {
    gc();
    gc(); // a second pass collects what the first one's finalizers released
    const m = process.memoryUsage();
    const s: SoakSample = {
      step,
      bytes: m.heapUsed + m.arrayBuffers,
      heapUsed: m.heapUsed,
      arrayBuffers: m.arrayBuffers,
      heapTotal: m.heapTotal,
      rss: m.rss,
      loss,
    };
    samples.push(s);
    options.onSample?.(s);
  };

  const start = performance.now();
  sample(0, Number.NaN);
  // One epoch of the demo's loop (toy-classifier.ts, trainRun): a full-batch step, then the
  // metrics it logs, the held-out ones under noGrad. A function of its own, so that nothing of
  // this step's graph is still on the stack (a live local) when the memory is sampled: what
  // survives must be held by the library.
  const trainStep = (): number => {
    optimizer.zeroGrad();
    const logits = model.call(train.x);
    const loss: Tensor = criterion.call(logits, train.y);
    loss.backward();
    optimizer.step();
    accuracy(logits, train.y);
    const testLogits = noGrad(() => model.call(test.x));
    noGrad(() => criterion.call(testLogits, test.y)).item();
    accuracy(testLogits, test.y);
    if (o.leakBytesPerStep > 0) leaked.push(new Uint8Array(o.leakBytesPerStep).fill(1));
    return loss.item();
  };
  let lossValue = Number.NaN;
  for (let step = 1; step <= o.steps; step++) {
    lossValue = trainStep();
    if (step % o.sampleEvery === 0 || step === o.steps) sample(step, lossValue);
  }
  const seconds = (performance.now() - start) / 1000;

  const baseline = samples.find((s) => s.step === baselineStep)!;
  const after = samples.filter((s) => s.step > baselineStep);
  let worstSample = after[0]!;
  for (const s of after) if (s.bytes > worstSample.bytes) worstSample = s;
  const growth = (worstSample.bytes - baseline.bytes) / baseline.bytes;
  const passed = growth <= o.tolerance && Number.isFinite(lossValue);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
  const pctStr = (g: number) => `${g >= 0 ? "+" : ""}${(100 * g).toFixed(2)} %`;
  const fromBaseline = samples.filter((s) => s.step >= baselineStep);
  const bytesPerStep = slope(
    fromBaseline.map((s) => s.step),
    fromBaseline.map((s) => s.bytes),
  );
  const message = !Number.isFinite(lossValue)
    ? `soak FAILED: the training loss is ${lossValue} at step ${o.steps}`
    : passed
      ? `soak passed: ${o.steps} steps; memory after GC ${mb(baseline.bytes)} at step ${baselineStep}, ` +
        `at most ${mb(worstSample.bytes)} later (${pctStr(growth)} at step ${worstSample.step}, limit +${100 * o.tolerance} %)`
      : `soak FAILED: memory after GC grew from ${mb(baseline.bytes)} at step ${baselineStep} to ` +
        `${mb(worstSample.bytes)} at step ${worstSample.step} (${pctStr(growth)}, limit +${100 * o.tolerance} %; ` +
        `about ${bytesPerStep.toFixed(0)} bytes per step): something keeps graphs, saved tensors or optimizer state alive`;
  leaked.length = 0;
  const { onSample: _, ...rest } = { ...o, baselineStep };
  return {
    passed,
    message,
    samples,
    baseline,
    worst: { step: worstSample.step, bytes: worstSample.bytes, growth },
    bytesPerStep,
    seconds,
    options: rest,
  };
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const HELP = `Usage: pnpm soak [-- flags]
  (or: node --expose-gc --conditions=tsgrad-source --import tsx soak.ts [flags])

Trains the toy classifier (the demo's model, data, loss and Adam) and samples memory after a
forced GC; fails if it grows more than the tolerance after the baseline step.

  --steps N           training steps                                   (default ${SOAK_DEFAULTS.steps})
  --sample-every N    steps between memory samples                     (default ${SOAK_DEFAULTS.sampleEvery})
  --baseline-step N   the sample the others are compared with          (default 2 × sample-every)
  --tolerance F       allowed growth over the baseline, as a fraction  (default ${SOAK_DEFAULTS.tolerance})
  --leak-bytes N      test hook: keep N bytes alive per step           (default 0)
  --json              print the result as one JSON object instead of lines
  -h, --help          show this help`;

function cli(argv: string[]): number {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: {
      steps: { type: "string" },
      "sample-every": { type: "string" },
      "baseline-step": { type: "string" },
      tolerance: { type: "string" },
      "leak-bytes": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const sampleEvery = numberFlag("sample-every", values["sample-every"], SOAK_DEFAULTS.sampleEvery, {
    min: 1,
    integer: true,
  });
  const opts: Partial<SoakOptions> = {
    steps: numberFlag("steps", values.steps, SOAK_DEFAULTS.steps, { min: 1, integer: true }),
    sampleEvery,
    baselineStep: numberFlag("baseline-step", values["baseline-step"], 2 * sampleEvery, {
      min: 1,
      integer: true,
    }),
    tolerance: numberFlag("tolerance", values.tolerance, SOAK_DEFAULTS.tolerance, { min: 0 }),
    leakBytesPerStep: numberFlag("leak-bytes", values["leak-bytes"], 0, { min: 0, integer: true }),
  };
  const json = Boolean(values.json);
  if (!json) {
    console.log(`soak: ${opts.steps} steps of the toy classifier, memory sampled every ${sampleEvery}`);
    opts.onSample = (s) =>
      console.log(
        `  step ${String(s.step).padStart(6)}  heapUsed ${(s.heapUsed / 2 ** 20).toFixed(2).padStart(7)} MiB` +
          `  arrayBuffers ${(s.arrayBuffers / 2 ** 20).toFixed(2).padStart(6)} MiB` +
          `  rss ${(s.rss / 2 ** 20).toFixed(1).padStart(6)} MiB  loss ${Number.isNaN(s.loss) ? "-" : s.loss.toFixed(4)}`,
      );
  }
  const r = soak(opts);
  if (json) console.log(JSON.stringify(r));
  else if (r.passed) console.log(`${r.message} (${r.seconds.toFixed(1)} s)`);
  else console.error(`${r.message} (${r.seconds.toFixed(1)} s)`);
  return r.passed ? 0 : 1;
}

if (isMain(import.meta.url)) {
  try {
    process.exitCode = cli(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}
