/**
 * The benchmark's inputs: sizes (full and --quick), a seeded PRNG of the harness's own, and the
 * data and initial weights of W1–W7, generated once in the parent and handed to every library's
 * child process through one binary file (plus a small JSON manifest).
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

/** Tiny sizes for the smoke test: exercises every code path, numbers not meant to be compared. */
export const QUICK: Config = {
  name: "quick",
  seed: 20240611,
  w1: { sizes: [16, 33], minRepMs: 1, reps: 3 },
  w2: { batch: 16, inF: 24, hidden: 12, classes: 10, warmup: 1, timed: 4, lr: 0.1 },
  w3: { perClass: 20, hidden: 8, steps: 25, maxRuns: 1, budgetMs: 1_000, lr: 0.01 },
  w4: { rows: 32, classes: 50, warmup: 1, maxReps: 3, budgetMs: 1_000 },
  w5: {
    batch: 4,
    classes: 10,
    warmup: 1,
    timed: 3,
    budgetMs: 1_000,
    lr: 0.05,
    size: 12,
    c1: 2,
    c2: 3,
    kernel: 3,
    hidden: 8,
    momentum: 0.9,
  },
  w6: {
    batch: 3,
    classes: 10,
    warmup: 1,
    timed: 3,
    budgetMs: 1_000,
    lr: 1e-3,
    seq: 5,
    features: 6,
    hidden: 7,
  },
  w7: {
    batch: 2,
    classes: 10,
    warmup: 1,
    timed: 3,
    budgetMs: 1_000,
    lr: 1e-3,
    seq: 5,
    dModel: 8,
    heads: 2,
    ff: 12,
  },
  smoothing: 0.1,
};

/** W5's feature-map sizes: conv (valid) then 2×2 max pool, twice; fc1 takes c2·s2². */
export function lenetSizes(c: Config["w5"]): { s1: number; s2: number; flat: number } {
  const s1 = (c.size - c.kernel + 1) >> 1;
  const s2 = (s1 - c.kernel + 1) >> 1;
  return { s1, s2, flat: c.c2 * s2 * s2 };
}

/**
 * xoshiro128** seeded by splitmix32: a small, fast, well-distributed stream, independent of any library.
 * It is the same algorithm as @tsgrad/core's Generator but kept separate on purpose: the benchmark data
 * (and the PyTorch reference fingerprinted on it) must not change when a library under test changes.
 */
export class Rng {
  private s = new Uint32Array(4);
  private spare: number | null = null;
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  nextU32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0];
    s[3]! ^= s[1];
    s[1]! ^= s[2];
    s[0]! ^= s[3];
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  }
  /** Uniform in [0, 1) with 53 bits. */
  random(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export type Arrays = Record<string, Float32Array | Int32Array>;

function uniformF32(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(lo, hi);
  return a;
}

/** PyTorch's default `nn.Linear` init: weight [out, in] and bias [out], both U(±1/√in). */
function linearInit(rng: Rng, arrays: Arrays, name: string, inF: number, outF: number): void {
  const bound = 1 / Math.sqrt(inF);
  arrays[`${name}.weight`] = uniformF32(rng, outF * inF, -bound, bound);
  arrays[`${name}.bias`] = uniformF32(rng, outF, -bound, bound);
}

/** All inputs of W1–W4 for `cfg`, deterministic in `cfg.seed`. */
export function generate(cfg: Config): Arrays {
  const rng = new Rng(cfg.seed);
  const arrays: Arrays = {};
  for (const n of cfg.w1.sizes) {
    arrays[`w1.a${n}`] = uniformF32(rng, n * n, -1, 1);
    arrays[`w1.b${n}`] = uniformF32(rng, n * n, -1, 1);
  }
  const { batch, inF, hidden, classes } = cfg.w2;
  arrays["w2.x"] = uniformF32(rng, batch * inF, 0, 1);
  const y2 = new Int32Array(batch);
  for (let i = 0; i < batch; i++) y2[i] = rng.int(classes);
  arrays["w2.y"] = y2;
  linearInit(rng, arrays, "w2.fc1", inF, hidden);
  linearInit(rng, arrays, "w2.fc2", hidden, classes);

  // CS231n spiral: class j, point i: r = i/(P-1), t = 4j + 4i/(P-1) + 0.2 z.
  const p = cfg.w3.perClass;
  const x3 = new Float32Array(3 * p * 2);
  const y3 = new Int32Array(3 * p);
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < p; i++) {
      const r = i / (p - 1);
      const t = 4 * j + (4 * i) / (p - 1) + 0.2 * rng.normal();
      const row = j * p + i;
      x3[2 * row] = r * Math.sin(t);
      x3[2 * row + 1] = r * Math.cos(t);
      y3[row] = j;
    }
  }
  arrays["w3.x"] = x3;
  arrays["w3.y"] = y3;
  const h = cfg.w3.hidden;
  linearInit(rng, arrays, "w3.fc1", 2, h);
  linearInit(rng, arrays, "w3.fc2", h, h);
  linearInit(rng, arrays, "w3.fc3", h, 3);

  arrays["w4.logits"] = uniformF32(rng, cfg.w4.rows * cfg.w4.classes, -3, 3);
  const y4 = new Int32Array(cfg.w4.rows);
  for (let i = 0; i < cfg.w4.rows; i++) y4[i] = rng.int(cfg.w4.classes);
  arrays["w4.y"] = y4;

  // W5: PyTorch's default Conv2d init is kaiming_uniform(a=√5), i.e. U(±1/√fan_in) as Linear's.
  const c5 = cfg.w5;
  arrays["w5.x"] = uniformF32(rng, c5.batch * c5.size * c5.size, 0, 1);
  arrays["w5.y"] = labels(rng, c5.batch, c5.classes);
  const k2 = c5.kernel * c5.kernel;
  linearInit(rng, arrays, "w5.conv1", k2, c5.c1);
  linearInit(rng, arrays, "w5.conv2", c5.c1 * k2, c5.c2);
  linearInit(rng, arrays, "w5.fc1", lenetSizes(c5).flat, c5.hidden);
  linearInit(rng, arrays, "w5.fc2", c5.hidden, c5.classes);

  // W6: nn.LSTM initialises every weight and bias U(±1/√hidden); gates in PyTorch's order i, f, g, o.
  const c6 = cfg.w6;
  arrays["w6.x"] = normalF32(rng, c6.batch * c6.seq * c6.features);
  arrays["w6.y"] = labels(rng, c6.batch, c6.classes);
  const b6 = 1 / Math.sqrt(c6.hidden);
  const g6 = 4 * c6.hidden;
  arrays["w6.weight_ih_l0"] = uniformF32(rng, g6 * c6.features, -b6, b6);
  arrays["w6.weight_hh_l0"] = uniformF32(rng, g6 * c6.hidden, -b6, b6);
  arrays["w6.bias_ih_l0"] = uniformF32(rng, g6, -b6, b6);
  arrays["w6.bias_hh_l0"] = uniformF32(rng, g6, -b6, b6);
  linearInit(rng, arrays, "w6.fc", c6.hidden, c6.classes);

  // W7: MultiheadAttention's in_proj_weight is xavier_uniform and its biases start at 0; the
  // feed-forward Linears and the head use Linear's init; LayerNorms start at weight 1, bias 0.
  const c7 = cfg.w7;
  const d = c7.dModel;
  arrays["w7.x"] = normalF32(rng, c7.batch * c7.seq * d);
  arrays["w7.y"] = labels(rng, c7.batch, c7.classes);
  const xavier = Math.sqrt(6 / (d + 3 * d));
  arrays["w7.self_attn.in_proj_weight"] = uniformF32(rng, 3 * d * d, -xavier, xavier);
  arrays["w7.self_attn.in_proj_bias"] = new Float32Array(3 * d);
  arrays["w7.self_attn.out_proj.weight"] = uniformF32(rng, d * d, -1 / Math.sqrt(d), 1 / Math.sqrt(d));
  arrays["w7.self_attn.out_proj.bias"] = new Float32Array(d);
  linearInit(rng, arrays, "w7.linear1", d, c7.ff);
  linearInit(rng, arrays, "w7.linear2", c7.ff, d);
  for (const n of ["norm1", "norm2"]) {
    arrays[`w7.${n}.weight`] = new Float32Array(d).fill(1);
    arrays[`w7.${n}.bias`] = new Float32Array(d);
  }
  linearInit(rng, arrays, "w7.fc", d, c7.classes);
  return arrays;
}

function normalF32(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

function labels(rng: Rng, n: number, classes: number): Int32Array {
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(classes);
  return y;
}

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
