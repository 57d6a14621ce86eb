/**
 * What every library's runner implements, what a child process reports, and the timing helpers
 * shared by all of them (so every library is timed by exactly the same code).
 */
import type { Config, Data } from "./data.js";

export const LIBS = [
  "tsgrad",
  "tsgrad-1t",
  "tsgrad-js",
  "tfjs-cpu",
  "tfjs-wasm",
  "pytorch",
  "pytorch-2t",
  "pytorch-openblas",
  "pytorch-openblas-2t",
] as const;
export type Lib = (typeof LIBS)[number];

/**
 * tsgrad's variants: its defaults (wasm backend, all threads), the wasm backend on one thread, and
 * the pure-TypeScript backend; each is tsgrad's runner in a child with these environment settings.
 */
export const TSGRAD_VARIANTS: Partial<Record<Lib, Record<string, string>>> = {
  tsgrad: {},
  "tsgrad-1t": { TSGRAD_NUM_THREADS: "1" },
  "tsgrad-js": { TSGRAD_BACKEND: "js" },
};
export const isTsgrad = (lib: Lib): boolean => lib in TSGRAD_VARIANTS;

/**
 * One library's implementation of the four workloads. Setup (building tensors from the shared
 * arrays) happens outside the timed calls; each returned closure is one timed unit.
 */
export interface Runner {
  /** Free-form description (backend, version) printed under the table. */
  describe(): string;
  /** W1: a closure computing `A @ B` once (result allocated and available as numbers). */
  matmul(n: number, a: Float32Array, b: Float32Array): () => void;
  /** W2: one training step (zero grads, forward, loss, backward, SGD update); returns the loss. */
  mlpStep(data: Data): () => number;
  /** W3: one full training run from the shared initial weights; returns the final training accuracy. */
  spiralRun(data: Data): () => { accuracy: number; loss: number };
  /** W4: label-smoothed cross-entropy forward and backward to the logits; returns the loss. */
  lossStep(data: Data): () => number;
  /**
   * W5–W7: one training step of the CNN, the LSTM and the transformer encoder layer (as W2);
   * returns the loss. A runner without a workload leaves it out and the table says so.
   */
  cnnStep?(data: Data): () => number;
  lstmStep?(data: Data): () => number;
  transformerStep?(data: Data): () => number;
}

/** The train-step workloads W5–W7: their runner method and config key. */
export const STEP_WORKLOADS = [
  { key: "w5", method: "cnnStep", label: "W5 CNN step" },
  { key: "w6", method: "lstmStep", label: "W6 LSTM step" },
  { key: "w7", method: "transformerStep", label: "W7 transformer layer step" },
] as const;
export type StepKey = (typeof STEP_WORKLOADS)[number]["key"];

/** A train-step workload's timings and every loss it returned (warm-up steps first). */
export type StepSeries = TimedSeries & { losses: number[] };

export interface TimedSeries {
  /** Raw times in ms (one entry per rep; for W1 the per-call time of each rep). */
  timesMs: number[];
  medianMs: number;
}

export interface LibResult {
  lib: Lib;
  describe: string;
  config: Config["name"];
  /** Time to import the library's packages (and for wasm, to initialise the backend). */
  importMs: number;
  initMs: number;
  /** Peak resident set size of the child process, MB. */
  maxRssMB: number;
  w1: (TimedSeries & { n: number; gflops: number; callsPerRep: number })[];
  w2: StepSeries;
  w3: TimedSeries & { accuracy: number; loss: number };
  w4: TimedSeries & { loss: number };
  /** null where the library's runner does not implement the workload. */
  w5: StepSeries | null;
  w6: StepSeries | null;
  w7: StepSeries | null;
  /** Workloads the library could not run, and why. */
  notes?: string[];
}

export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function series(timesMs: number[]): TimedSeries {
  return { timesMs, medianMs: median(timesMs) };
}

/**
 * W1 timing: warm up, then choose how many calls make a rep of at least `minRepMs` (timer
 * resolution), and time `reps` such reps. Returns per-call times.
 */
export function timeCalls(
  fn: () => void,
  minRepMs: number,
  reps: number,
): TimedSeries & { callsPerRep: number } {
  for (let i = 0; i < 3; i++) fn();
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= minRepMs || calls >= 1 << 16) break;
    calls = Math.max(calls * 2, Math.ceil((calls * minRepMs) / Math.max(dt, 0.01)));
  }
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    times.push((performance.now() - t0) / calls);
  }
  return { ...series(times), callsPerRep: calls };
}

/**
 * W2 and W5–W7: `warmup` untimed steps, then up to `timed` timed ones, stopping early once
 * `budgetMs` is spent (a slow library still finishes the run).
 */
export function timeSteps(step: () => number, warmup: number, timed: number, budgetMs: number): StepSeries {
  const losses: number[] = [];
  for (let i = 0; i < warmup; i++) losses.push(step());
  const times: number[] = [];
  let spent = 0;
  while (times.length < timed && spent < budgetMs) {
    const t0 = performance.now();
    losses.push(step());
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return { ...series(times), losses };
}

/** Runs `fn` at least once and at most `maxReps` times, stopping once `budgetMs` is spent. */
export function timeBudgeted<T>(
  fn: () => T,
  maxReps: number,
  budgetMs: number,
): { times: number[]; results: T[] } {
  const times: number[] = [];
  const results: T[] = [];
  let spent = 0;
  while (times.length < maxReps && (times.length === 0 || spent < budgetMs)) {
    const t0 = performance.now();
    results.push(fn());
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return { times, results };
}
