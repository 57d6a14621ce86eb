/**
 * The benchmark's inputs: sizes (full and --quick), and the one binary file (plus a small JSON
 * manifest) that hands the data and initial weights of W1–W7, drawn once in the parent by
 * generate.ts, to every library's child process. The children and runners import this file, not
 * generate.ts, so that no library under test loads @tsgrad/core before its timed import.
 */
import { readFileSync, writeFileSync } from "node:fs";

export interface Config {
  name: "full" | "quick";
  seed: number;
  w1: { sizes: number[]; minRepMs: number; reps: number };
  w2: {
    batch: number;
    inF: number;
    hidden: number;
    classes: number;
    warmup: number;
    timed: number;
    lr: number;
  };
  w3: { perClass: number; hidden: number; steps: number; maxRuns: number; budgetMs: number; lr: number };
  w4: { rows: number; classes: number; warmup: number; maxReps: number; budgetMs: number };
  /** W5 LeNet-sized CNN on x[batch, 1, size, size] (SGD with momentum). */
  w5: StepConfig & { size: number; c1: number; c2: number; kernel: number; hidden: number; momentum: number };
  /** W6 LSTM(features, hidden, batch_first) on x[batch, seq, features], last hidden state → Linear (Adam). */
  w6: StepConfig & { seq: number; features: number; hidden: number };
  /** W7 one TransformerEncoderLayer (post-norm, ReLU, dropout 0, batch_first) → mean over seq → Linear (Adam). */
  w7: StepConfig & { seq: number; dModel: number; heads: number; ff: number };
  smoothing: number;
}

/** A train-step workload timed as W2: warm-up steps, then timed steps (stopping early past the budget). */
export interface StepConfig {
  batch: number;
  classes: number;
  warmup: number;
  timed: number;
  budgetMs: number;
  lr: number;
}

export const FULL: Config = {
  name: "full",
  seed: 20240611,
  w1: { sizes: [64, 128, 256, 512], minRepMs: 50, reps: 9 },
  w2: { batch: 128, inF: 784, hidden: 256, classes: 10, warmup: 5, timed: 50, lr: 0.1 },
  w3: { perClass: 300, hidden: 64, steps: 500, maxRuns: 5, budgetMs: 60_000, lr: 0.01 },
  w4: { rows: 4096, classes: 1000, warmup: 2, maxReps: 15, budgetMs: 15_000 },
  w5: {
    batch: 64,
    classes: 10,
    warmup: 5,
    timed: 50,
    budgetMs: 60_000,
    lr: 0.05,
    size: 28,
    c1: 8,
    c2: 16,
    kernel: 5,
    hidden: 64,
    momentum: 0.9,
  },
  w6: {
    batch: 32,
    classes: 10,
    warmup: 5,
    timed: 50,
    budgetMs: 60_000,
    lr: 1e-3,
    seq: 32,
    features: 64,
    hidden: 128,
  },
  w7: {
    batch: 16,
    classes: 10,
    warmup: 5,
    timed: 50,
    budgetMs: 60_000,
    lr: 1e-3,
    seq: 64,
    dModel: 128,
    heads: 4,
    ff: 256,
  },
  smoothing: 0.1,
};

/** The --quick runs' step counts: one warm-up and three timed steps, within a second. */
const QUICK_STEPS = { warmup: 1, timed: 3, budgetMs: 1_000 };

/**
 * Tiny sizes for the smoke test: exercises every code path, numbers not meant to be compared.
 * The models' hyperparameters (classes, learning rates, momentum, smoothing) are FULL's.
 */
export const QUICK: Config = {
  ...FULL,
  name: "quick",
  w1: { sizes: [16, 33], minRepMs: 1, reps: 3 },
  w2: { ...FULL.w2, batch: 16, inF: 24, hidden: 12, warmup: 1, timed: 4 },
  w3: { ...FULL.w3, perClass: 20, hidden: 8, steps: 25, maxRuns: 1, budgetMs: 1_000 },
  w4: { rows: 32, classes: 50, warmup: 1, maxReps: 3, budgetMs: 1_000 },
  w5: { ...FULL.w5, ...QUICK_STEPS, batch: 4, size: 12, c1: 2, c2: 3, kernel: 3, hidden: 8 },
  w6: { ...FULL.w6, ...QUICK_STEPS, batch: 3, seq: 5, features: 6, hidden: 7 },
  w7: { ...FULL.w7, ...QUICK_STEPS, batch: 2, seq: 5, dModel: 8, heads: 2, ff: 12 },
};

/** W5's feature-map sizes: conv (valid) then 2×2 max pool, twice; fc1 takes c2·s2². */
export function lenetSizes(c: Config["w5"]): { s1: number; s2: number; flat: number } {
  const s1 = (c.size - c.kernel + 1) >> 1;
  const s2 = (s1 - c.kernel + 1) >> 1;
  return { s1, s2, flat: c.c2 * s2 * s2 };
}

export type Arrays = Record<string, Float32Array | Int32Array>;

interface Manifest {
  config: Config;
  /** FNV-1a of the binary file, so stale reference values are detected. */
  fingerprint: string;
  arrays: Record<string, { dtype: "float32" | "int32"; offset: number; length: number }>;
}

function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** Writes `<base>.json` (manifest) and `<base>.bin` (little-endian arrays, 4-byte aligned). */
export function writeData(base: string, cfg: Config, arrays: Arrays): string {
  let total = 0;
  const manifest: Manifest = { config: cfg, fingerprint: "", arrays: {} };
  for (const [name, a] of Object.entries(arrays)) {
    manifest.arrays[name] = {
      dtype: a instanceof Float32Array ? "float32" : "int32",
      offset: total,
      length: a.length,
    };
    total += a.byteLength;
  }
  const bin = new Uint8Array(total);
  for (const [name, a] of Object.entries(arrays)) {
    bin.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), manifest.arrays[name]!.offset);
  }
  manifest.fingerprint = fnv1a(bin);
  writeFileSync(`${base}.bin`, bin);
  writeFileSync(`${base}.json`, JSON.stringify(manifest, null, 1));
  return manifest.fingerprint;
}

export interface Data {
  config: Config;
  fingerprint: string;
  f32(name: string): Float32Array;
  i32(name: string): Int32Array;
}

/** Reads what `writeData` wrote; every accessor returns a fresh copy the caller may keep. */
export function readData(base: string): Data {
  const manifest = JSON.parse(readFileSync(`${base}.json`, "utf8")) as Manifest;
  const bin = readFileSync(`${base}.bin`);
  const bytes = (name: string, dtype: string): Uint8Array => {
    const e = manifest.arrays[name];
    if (!e || e.dtype !== dtype) throw new Error(`bench data: no ${dtype} array named '${name}'`);
    return new Uint8Array(bin.buffer, bin.byteOffset + e.offset, e.length * 4).slice();
  };
  return {
    config: manifest.config,
    fingerprint: manifest.fingerprint,
    f32: (name) => new Float32Array(bytes(name, "float32").buffer),
    i32: (name) => new Int32Array(bytes(name, "int32").buffer),
  };
}
