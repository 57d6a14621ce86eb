import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  getBackend,
  getCpuCapability,
  getNumThreads,
  isWasmAvailable,
  randn,
  setBackend,
  ready,
  setNumThreads,
  tensor,
} from "../../index.js";
import { Generator } from "../../random.js";
import { getKernels } from "../index.js";
import { matmulKernel } from "../matmul.js";
import { wasmMatmulKernel } from "./matmul.js";
import { MATMUL_KC } from "./modules.js";

const gen = new Generator(5);
function randomF32(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = 2 * gen.random() - 1;
  return a;
}

/** C = A @ B in float64 from the same float32 operands, and Σ|a||b| per entry (the error scale). */
function reference(m: number, k: number, n: number, a: Float32Array, b: Float32Array) {
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        s += a[i * k + p]! * b[p * n + j]!;
        t += Math.abs(a[i * k + p]! * b[p * n + j]!);
      }
      c[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { c, scale };
}

/** Float32 sums of k terms in KC-term blocks: error ≤ (KC + k/KC)·ε·Σ|ab| (ε = 2^-24), with margin. */
function expectNear(got: Float32Array, want: Float64Array, scale: Float64Array, k: number) {
  const bound = (MATMUL_KC + Math.ceil(k / MATMUL_KC) + 2) * 2 ** -24;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    if (err > bound * scale[i]! + 1e-30) {
      throw new Error(`entry ${i}: ${got[i]} vs ${want[i]} (error ${err}, bound ${bound * scale[i]!})`);
    }
  }
}

describe.runIf(isWasmAvailable())("wasm SIMD matmul kernel", () => {
  // Shapes around the 5×8 tile and the KC k-block: ragged rows and columns, k across blocks.
  const SHAPES: [number, number, number][] = [
    [16, 16, 16],
    [5, 8, 8],
    [4, 300, 9],
    [17, 33, 19],
    [21, 2 * MATMUL_KC + 7, 13],
    [64, 64, 64],
    [1, 4096, 8],
    [130, 3, 257],
  ];
  for (const [m, k, n] of SHAPES) {
    it(`matches a float64 product within float32 rounding, ${m}×${k} @ ${k}×${n}, through every stride pattern`, () => {
      const a = randomF32(m * k);
      const b = randomF32(k * n);
      const { c: want, scale } = reference(m, k, n, a, b);
      // Contiguous, then A and B stored transposed (column-major views), then at an offset.
      const at = new Float32Array(m * k);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p]!;
      const bt = new Float32Array(k * n);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j]!;
      const padded = new Float32Array(3 + k * n);
      padded.set(b, 3);
      // A as a slice of a 3× wider matrix: its storage span is 3× its size, so it is gathered.
      const wide = new Float32Array(3 * m * k);
      for (let i = 0; i < m; i++) wide.set(a.subarray(i * k, (i + 1) * k), 3 * i * k + k);
      const cases: [Float32Array, number, number, number, Float32Array, number, number, number][] = [
        [a, 0, k, 1, b, 0, n, 1],
        [at, 0, 1, m, bt, 0, 1, k],
        [a, 0, k, 1, padded, 3, n, 1],
        [wide, k, 3 * k, 1, bt, 0, 1, k],
      ];
      for (const [aa, aOff, aRs, aCs, bb, bOff, bRs, bCs] of cases) {
        const c = new Float32Array(2 + m * n).fill(Number.NaN);
        wasmMatmulKernel(m, k, n, aa, aOff, aRs, aCs, bb, bOff, bRs, bCs, c, 2);
        expect(Number.isNaN(c[0]!) && Number.isNaN(c[1]!)).toBe(true); // nothing written before cOff
        expectNear(c.subarray(2), want, scale, k);
      }
    });
  }

  it("leaves float64 and integer products, and tiny ones, to the TypeScript kernel (identical bits)", () => {
    const cases: [number, number, number, "f64" | "i32" | "f32"][] = [
      [20, 20, 20, "f64"],
      [20, 20, 20, "i32"],
      [3, 4, 5, "f32"],
    ];
    for (const [m, k, n, kind] of cases) {
      const make = (len: number) =>
        kind === "f64"
          ? Float64Array.from(randomF32(len))
          : kind === "i32"
            ? Int32Array.from(randomF32(len), (v) => Math.round(10 * v))
            : randomF32(len);
      const a = make(m * k);
      const b = make(k * n);
      const c1 = make(m * n).fill(0);
      const c2 = make(m * n).fill(0);
      wasmMatmulKernel(m, k, n, a, 0, k, 1, b, 0, n, 1, c1, 0);
      matmulKernel(m, k, n, a, 0, k, 1, b, 0, n, 1, c2, 0);
      expect(Array.from(c1), kind).toEqual(Array.from(c2));
    }
  });

  it("reads a broadcast operand (row stride 0) through its strides", () => {
    const [m, k, n] = [13, 40, 17];
    const a = randomF32(m * k);
    const row = randomF32(n); // B = row repeated k times, a stride-0 view
    const b = new Float32Array(k * n);
    for (let p = 0; p < k; p++) b.set(row, p * n);
    const { c: want, scale } = reference(m, k, n, a, b);
    const c = new Float32Array(m * n);
    wasmMatmulKernel(m, k, n, a, 0, k, 1, row, 0, 0, 1, c, 0);
    expectNear(c, want, scale, k);
  });

  it("an empty sum (k = 0) writes zeros", () => {
    const c = new Float32Array(64 * 64).fill(7);
    wasmMatmulKernel(64, 0, 64, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 64, 1, c, 0);
    expect(c.every((v) => v === 0)).toBe(true);
  });
});

describe("setBackend / getBackend", () => {
  it("defaults to wasm where WebAssembly SIMD runs (unless TSGRAD_BACKEND says otherwise)", () => {
    const asked = process.env.TSGRAD_BACKEND;
    expect(getBackend()).toBe(asked ? asked : isWasmAvailable() ? "wasm" : "js");
  });

  it("switches the matmul kernel, and both give PyTorch's product", () => {
    const before = getBackend();
    try {
      const x = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]).float();
      setBackend("js");
      expect(getBackend()).toBe("js");
      expect(getKernels().matmul).toBe(matmulKernel);
      const big = tensor(Array.from({ length: 40 * 40 }, (_, i) => (i % 7) - 3))
        .float()
        .reshape([40, 40]);
      const viaJs = big.matmul(big.t()).tolist();
      if (isWasmAvailable()) {
        setBackend("wasm");
        expect(getKernels().matmul).toBe(wasmMatmulKernel);
        // Small integers: every partial sum is exact in float32, so the two agree bit for bit.
        expect(big.matmul(big.t()).tolist()).toEqual(viaJs);
      }
      expect(x.matmul(x.t()).tolist()).toEqual([
        [14, 32],
        [32, 77],
      ]);
    } finally {
      setBackend(before);
    }
  });
});

describe.runIf(isWasmAvailable())("setNumThreads / getNumThreads (worker threads)", () => {
  it("gives the same bits on 1 and 2 threads, for shapes that split into uneven row parts", () => {
    const before = getNumThreads();
    try {
      for (const [m, k, n] of [
        [203, 97, 131],
        [64, 300, 70],
        [11, 1000, 100],
      ] as const) {
        const a = randn([m, k]);
        const b = randn([n, k]).t(); // a transposed operand goes through the same split
        setNumThreads(1);
        const one = Array.from(a.matmul(b).toTypedArray());
        setNumThreads(2);
        expect(getNumThreads()).toBe(2);
        expect(Array.from(a.matmul(b).toTypedArray()), `${m}×${k}×${n}`).toEqual(one);
      }
    } finally {
      setNumThreads(before);
    }
  });

  it("ready() starts the workers and resolves with the threads a large product uses (1 when asked for 1)", async () => {
    const before = getNumThreads();
    try {
      setNumThreads(2);
      expect(await ready()).toBe(2);
      setNumThreads(1);
      expect(await ready()).toBe(1);
    } finally {
      setNumThreads(before);
    }
  });

  it("a script that used the worker threads exits on its own (the workers are unref'd)", () => {
    const index = fileURLToPath(new URL("../../index.ts", import.meta.url));
    const code = `import { randn, setNumThreads } from ${JSON.stringify(index)};
setNumThreads(2); const a = randn([256, 256]); console.log(a.matmul(a).shape.join("x"));`;
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-threads-"));
    const script = join(dir, "script.mts");
    writeFileSync(script, code);
    // The timeout only turns a hang into a failure; it is not a speed check.
    const p = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(p.stderr).toBe("");
    expect(p.stdout.trim()).toBe("256x256");
    expect(p.status).toBe(0);
  });

  it("defaults to the machine's parallelism in Node", () => {
    const asked = process.env.TSGRAD_NUM_THREADS;
    const os = process.getBuiltinModule("node:os") as typeof import("node:os");
    expect(getNumThreads()).toBe(asked ? Number(asked) : os.availableParallelism());
  });
});

describe.runIf(isWasmAvailable())(
  "relaxed SIMD (the fused multiply-add kernel, where the engine validates it)",
  () => {
    it("Node 20 without the flag runs the standard SIMD kernel (getCpuCapability)", () => {
      const major = Number(process.versions.node.split(".")[0]);
      if (major === 20) expect(getCpuCapability()).toBe("simd128");
      else expect(["simd128", "relaxed-simd"]).toContain(getCpuCapability());
    });

    it("a Node run with --experimental-wasm-relaxed-simd picks it: within float32 rounding of float64, the same bits on 1 and 2 threads", () => {
      const shapes = [
        [21, 2 * MATMUL_KC + 7, 13],
        [130, 3, 257],
        [203, 97, 131],
      ] as const;
      const dir = mkdtempSync(join(tmpdir(), "tsgrad-relaxed-"));
      const inputs = shapes.map(([m, k, n]) => ({ a: randomF32(m * k), b: randomF32(k * n) }));
      writeFileSync(
        join(dir, "in.json"),
        JSON.stringify(inputs.map(({ a, b }) => ({ a: Array.from(a), b: Array.from(b) }))),
      );
      const url = (p: string) => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));
      const code = `import { readFileSync } from "node:fs";
import { getCpuCapability, setNumThreads, tensor } from ${url("../../index.ts")};
import { wasmMatmulKernel } from ${url("./matmul.ts")};
const shapes = ${JSON.stringify(shapes)};
const inputs = JSON.parse(readFileSync(${JSON.stringify(join(dir, "in.json"))}, "utf8"));
const out = shapes.map(([m, k, n], s) => {
  const a = Float32Array.from(inputs[s].a), b = Float32Array.from(inputs[s].b);
  const c = new Float32Array(m * n);
  wasmMatmulKernel(m, k, n, a, 0, k, 1, b, 0, n, 1, c, 0);
  const ta = tensor(a, { dtype: "float32" }).reshape([m, k]), tb = tensor(b, { dtype: "float32" }).reshape([k, n]);
  setNumThreads(1); const one = Array.from(ta.matmul(tb).toTypedArray());
  setNumThreads(2); const two = Array.from(ta.matmul(tb).toTypedArray());
  return { c: Array.from(c), threadsSame: one.every((v, i) => Object.is(v, two[i])) };
});
console.log(JSON.stringify({ capability: getCpuCapability(), out }));`;
      const script = join(dir, "script.mts");
      writeFileSync(script, code);
      const p = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "--import", "tsx", script], {
        encoding: "utf8",
        timeout: 60_000,
        maxBuffer: 64 * 2 ** 20,
      });
      rmSync(dir, { recursive: true, force: true });
      expect(p.stderr).toBe("");
      const got = JSON.parse(p.stdout) as {
        capability: string;
        out: { c: number[]; threadsSame: boolean }[];
      };
      expect(got.capability).toBe("relaxed-simd");
      let fusedDiffers = 0;
      for (const [s, [m, k, n]] of shapes.entries()) {
        const { a, b } = inputs[s]!;
        const { c: want, scale } = reference(m, k, n, a, b);
        const c = Float32Array.from(got.out[s]!.c);
        expectNear(c, want, scale, k);
        expect(got.out[s]!.threadsSame, `${m}×${k}×${n}`).toBe(true);
        // The standard kernel, in this process, for comparison: a fused multiply-add rounds once.
        const standard = new Float32Array(m * n);
        wasmMatmulKernel(m, k, n, a, 0, k, 1, b, 0, n, 1, standard, 0);
        for (let i = 0; i < c.length; i++) if (c[i] !== standard[i]) fusedDiffers++;
      }
      // On an x86 CPU with FMA, V8 lowers relaxed_madd to vfmadd: some sums then round differently.
      const cpuinfo = spawnSync("cat", ["/proc/cpuinfo"], { encoding: "utf8" }).stdout ?? "";
      if (/\bfma\b/.test(cpuinfo)) expect(fusedDiffers).toBeGreaterThan(0);
    });
  },
);
