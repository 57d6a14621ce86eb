import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend, isWasmAvailable, setBackend } from "../../backend.js";
import { logsumexpKernel, SoftmaxKind, softmaxKernel } from "../softmax.js";
import { EXP_FLAGS, expRowsF32, wasmLogsumexpKernel, wasmSoftmaxKernel } from "./exp.js";

const run = isWasmAvailable() ? describe : describe.skip;

/** exp of each float32 of `x` through the kernel (shift given as 0, so d = x exactly). */
function wasmExp(x: Float32Array): Float32Array {
  const e = new Float32Array(x.length);
  const stats = { shift: new Float64Array(1), sum: new Float64Array(1), at: 0 };
  expect(expRowsF32(x, 0, 1, x.length, EXP_FLAGS.store | EXP_FLAGS.givenShift, e, 0, stats)).toBe(true);
  return e;
}

/** |got − exp(x)| in units of the float32 spacing at exp(x) (2^−149 in the subnormal range). */
function ulpError(x: number, got: number): number {
  const exact = Math.exp(x);
  const ulp = exact < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(exact)) - 23);
  return Math.abs(got - exact) / ulp;
}

/** A deterministic float32 stream (xorshift) in [lo, hi). */
function uniform(n: number, lo: number, hi: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  }
  return out;
}

run("the wasm row exp (float32 SIMD)", () => {
  let before: ReturnType<typeof getBackend>;
  beforeAll(() => {
    before = getBackend();
    setBackend("wasm");
  });
  afterAll(() => setBackend(before));

  it("is within 1 ulp of exp over a dense sweep of [−104, 89] (normal and subnormal results)", () => {
    const n = 1 << 21;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = -104 + (193 * i) / (n - 1);
    const e = wasmExp(x);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      if (x[i]! > 88.72) continue; // overflows, below
      worst = Math.max(worst, ulpError(x[i]!, e[i]!));
    }
    expect(worst).toBeLessThanOrEqual(1);
    // And near 0, where softmax's largest terms are: every float32 in [−1, 0] at a 2^−16 step.
    const near = new Float32Array(65537);
    for (let i = 0; i < near.length; i++) near[i] = -i / 65536;
    const en = wasmExp(near);
    for (let i = 0; i < near.length; i++) worst = Math.max(worst, ulpError(near[i]!, en[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("gives exp's special values: ±0 → 1, −∞ → 0, +∞ and overflow → +∞, NaN → NaN, tiny results → 0", () => {
    const x = Float32Array.of(
      0,
      -0,
      -Infinity,
      Infinity,
      Number.NaN,
      88.72,
      88.73,
      200,
      -103.9,
      -104,
      -110,
      -1e30,
      1e-45,
    );
    const e = wasmExp(x);
    expect(Array.from(e)).toEqual([
      1,
      1,
      0,
      Infinity,
      Number.NaN,
      Math.fround(Math.exp(x[5]!)), // of 88.72 rounded to float32
      Infinity,
      Infinity,
      2 ** -149,
      0,
      0,
      0,
      1,
    ]);
  });

  it("returns false (and leaves the work to TypeScript) for float64, and under the js backend", () => {
    const stats = { shift: new Float64Array(1), sum: new Float64Array(1), at: 0 };
    expect(expRowsF32(new Float64Array(8), 0, 1, 8, 0, null, 0, stats)).toBe(false);
    setBackend("js");
    expect(expRowsF32(new Float32Array(8), 0, 1, 8, 0, null, 0, stats)).toBe(false);
    setBackend("wasm");
  });

  it("computes each row's max, Σ exp and Σ (x − m) in float64, at an offset, for rows of any length", () => {
    for (const n of [1, 3, 4, 5, 7, 8, 9, 13, 1000, 40000]) {
      const rows = 3;
      const x = uniform(5 + rows * n, -3, 3, n);
      const shift = new Float64Array(rows + 1);
      const sum = new Float64Array(rows + 1);
      const sumD = new Float64Array(rows + 1);
      const e = new Float32Array(rows * n);
      const flags = EXP_FLAGS.store | EXP_FLAGS.sumD;
      expect(expRowsF32(x, 5, rows, n, flags, e, 0, { shift, sum, sumD, at: 1 })).toBe(true);
      let worst = 0;
      for (let r = 0; r < rows; r++) {
        let m = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < n; c++) m = Math.max(m, x[5 + r * n + c]!);
        let s = 0;
        let d = 0;
        for (let c = 0; c < n; c++) {
          const v = x[5 + r * n + c]!;
          s += Math.exp(v - m);
          d += v - m;
          // x − m is rounded to float32 first (as PyTorch's float32 softmax does): |d|·2^−24 relative.
          worst = Math.max(worst, ulpError(v - m, e[r * n + c]!) / (1 + Math.abs(v - m)));
        }
        expect(shift[1 + r]).toBe(m);
        expect(Math.abs(sum[1 + r]! - s)).toBeLessThan(1e-6 * s);
        expect(Math.abs(sumD[1 + r]! - d)).toBeLessThan(1e-9 * Math.abs(d) + 1e-9);
      }
      expect(worst).toBeLessThanOrEqual(1);
      expect(shift[0]).toBe(0);
    }
  });

  it("shifts an infinite max by 0 with infZero, and NaN, −∞ and +∞ rows come out as the TypeScript kernels' do", () => {
    const rows = [
      [1, 2, Number.NaN, 4, 5],
      [
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ],
      [1, Number.POSITIVE_INFINITY, 2, 3, 4, 5],
      [Number.NEGATIVE_INFINITY, 0, 1, 2],
    ];
    for (const row of rows) {
      const x = Float32Array.from(row);
      const n = x.length;
      for (const kind of [SoftmaxKind.Softmax, SoftmaxKind.LogSoftmax]) {
        const want = new Float32Array(n);
        const got = new Float32Array(n);
        softmaxKernel(kind, x, 0, 1, n, 1, want);
        wasmSoftmaxKernel(kind, x, 0, 1, n, 1, got);
        expect(Array.from(got), `${kind} ${row}`).toEqual(Array.from(want));
      }
      const want = new Float32Array(1);
      const got = new Float32Array(1);
      logsumexpKernel(x, 0, 1, n, 1, want);
      wasmLogsumexpKernel(x, 0, 1, n, 1, got);
      expect(got[0], `logsumexp ${row}`).toEqual(want[0]);
    }
  });

  it("softmax, logSoftmax and logsumexp agree with the TypeScript kernels to float32 rounding", () => {
    for (const n of [4, 5, 11, 1000]) {
      const outer = 7;
      const x = uniform(2 + outer * n, -20, 20, n + 1);
      for (const kind of [SoftmaxKind.Softmax, SoftmaxKind.LogSoftmax]) {
        const want = new Float32Array(outer * n);
        const got = new Float32Array(outer * n);
        softmaxKernel(kind, x, 2, outer, n, 1, want);
        wasmSoftmaxKernel(kind, x, 2, outer, n, 1, got);
        for (let i = 0; i < want.length; i++) {
          // Softmax: 1 ulp of exp, |d| ulp from x − m in float32, 1 of 1/s; log-softmax: only Σ exp differs.
          const tol =
            kind === SoftmaxKind.Softmax
              ? 1.2e-7 * (3 + Math.abs(Math.log(want[i]!))) * want[i]! + 1e-44
              : 1e-6 * (1 + Math.abs(want[i]!));
          expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol);
        }
      }
      const want = new Float32Array(outer);
      const got = new Float32Array(outer);
      logsumexpKernel(x, 2, outer, n, 1, want);
      wasmLogsumexpKernel(x, 2, outer, n, 1, got);
      for (let o = 0; o < outer; o++)
        expect(Math.abs(got[o]! - want[o]!)).toBeLessThanOrEqual(1e-6 * Math.abs(want[o]!));
    }
  });
});
