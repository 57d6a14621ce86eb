/**
 * The WebAssembly SIMD row exp: per row of a float32 matrix, the shift m (the row max), Σ exp(x − m)
 * and optionally the exps themselves, with a float32 polynomial exp four lanes at a time (within
 * 1 ulp of the correctly rounded float32 result; the kernel and its error bound are described in
 * tools/wasm/exp-wat.ts). It is the one implementation behind softmax, logSoftmax and logsumexp
 * (the wasm kernels below) and the fused cross-entropy losses (`@tsgrad/losses` calls
 * {@link expRowsF32}) on the wasm backend; float64 and other dtypes stay on the TypeScript loops.
 *
 * The rows are copied into the module's memory a chunk at a time (at most CHUNK floats, so a
 * chunk stays in the L2 cache between the copy in, the kernel and the copy out), and the exps are
 * written back over them in place.
 */
import type { TypedArray } from "../../dtype.js";
import { logsumexpKernel, SoftmaxKind, softmaxKernel } from "../softmax.js";
import { EXP_FLAGS, EXP_WASM } from "./modules.js";

export { EXP_FLAGS };

interface ExpExports {
  memory: WebAssembly.Memory;
  exprows(x: number, e: number, stats: number, rows: number, n: number, flags: number): void;
}

/** Floats per chunk: 128 KB of rows, plus 24 bytes of stats per row. */
const CHUNK = 32768;

let engine: { wasm: ExpExports; f32: Float32Array; f64: Float64Array } | null = null;
let enabled = false;

/** Turned on and off by `setBackend` (the wasm backend uses this kernel; "js" does not). */
export function setExpRowsEnabled(on: boolean): void {
  enabled = on;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The instance, its memory grown to at least `size` bytes, and float views kept current. */
function memory(size: number): { wasm: ExpExports; f32: Float32Array; f64: Float64Array } {
  if (engine === null) {
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(decode(EXP_WASM)), {})
      .exports as unknown as ExpExports;
    engine = { wasm, f32: new Float32Array(0), f64: new Float64Array(0) };
  }
  const mem = engine.wasm.memory;
  if (mem.buffer.byteLength < size) mem.grow(Math.ceil((size - mem.buffer.byteLength) / 65536));
  if (engine.f32.buffer !== mem.buffer) {
    engine.f32 = new Float32Array(mem.buffer);
    engine.f64 = new Float64Array(mem.buffer);
  }
  return engine;
}

/** Per-row results of {@link expRowsF32}, indexed by row from `at`. @internal For @tsgrad/losses. */
export interface ExpRowStats {
  /** The shift m of each row (read instead of written with `EXP_FLAGS.givenShift`). */
  shift: Float64Array;
  /** Σ exp(x − m) per row. */
  sum: Float64Array;
  /** Σ (x − m) per row, with `EXP_FLAGS.sumD`. */
  sumD?: Float64Array | null;
  at: number;
}

/**
 * Row-wise shifted exps on the wasm backend (internal: shared by core's softmax family and
 * `@tsgrad/losses`' fused cross-entropy, so that both run one exp). For each of `rows` contiguous
 * rows of `n` values of `x` from `xOff`: the shift m (the row max; a NaN element makes the row's sum NaN; 0 for a ±∞
 * max with `EXP_FLAGS.infZero`; `stats.shift` as given with `EXP_FLAGS.givenShift`), Σ exp(x − m)
 * summed in float64, Σ (x − m) with `EXP_FLAGS.sumD`, and with `EXP_FLAGS.store` the float32
 * exps written to `e` from `eOff` (divided by the row's sum with `EXP_FLAGS.normalize`).
 *
 * @returns false, having done nothing, unless the wasm backend is on and `x` (and `e`) are
 *   Float32Array: the caller then runs its own TypeScript loop (float64 keeps its accuracy)
 * @internal Exported for @tsgrad/losses' fused kernels, not a public API.
 * @example
 * // (not run: the caller's arrays and its own TypeScript loop)
 * const stats = { shift: new Float64Array(2), sum: new Float64Array(2), at: 0 };
 * if (!expRowsF32(x, 0, 2, 3, EXP_FLAGS.store, e, 0, stats)) { ...the TypeScript loop... }
 */
export function expRowsF32(
  x: TypedArray,
  xOff: number,
  rows: number,
  n: number,
  flags: number,
  e: TypedArray | null,
  eOff: number,
  stats: ExpRowStats,
): boolean {
  if (!enabled || !(x instanceof Float32Array)) return false;
  const store = (flags & EXP_FLAGS.store) !== 0;
  if (store && !(e instanceof Float32Array)) return false;
  if (rows === 0) return true;
  const per = Math.max(1, Math.floor(CHUNK / Math.max(n, 1)));
  const statsAt = (4 * per * n + 15) & ~15;
  const { wasm, f32, f64 } = memory(statsAt + 24 * per);
  const given = (flags & EXP_FLAGS.givenShift) !== 0;
  const { shift, sum, sumD, at } = stats;
  const s8 = statsAt >> 3;
  for (let r0 = 0; r0 < rows; r0 += per) {
    const count = Math.min(per, rows - r0);
    f32.set(x.subarray(xOff + r0 * n, xOff + (r0 + count) * n), 0);
    if (given) for (let r = 0; r < count; r++) f64[s8 + 3 * r] = shift[at + r0 + r]!;
    wasm.exprows(0, 0, statsAt, count, n, flags);
    if (store) e!.set(f32.subarray(0, count * n), eOff + r0 * n);
    for (let r = 0, q = s8; r < count; r++, q += 3) {
      if (!given) shift[at + r0 + r] = f64[q]!;
      sum[at + r0 + r] = f64[q + 1]!;
      if (sumD) sumD[at + r0 + r] = f64[q + 2]!;
    }
  }
  return true;
}

/** Scratch row stats for the softmax kernels below, grown on demand. */
let scratch = { shift: new Float64Array(0), sum: new Float64Array(0), at: 0 };
function rowStats(rows: number): typeof scratch {
  if (scratch.shift.length < rows)
    scratch = { shift: new Float64Array(rows), sum: new Float64Array(rows), at: 0 };
  return scratch;
}

/** `softmaxKernel` on the wasm backend: float32 rows of the last dim (inner = 1) run in wasm. */
export const wasmSoftmaxKernel: typeof softmaxKernel = (kind, x, xOff, outer, n, inner, out) => {
  if (inner === 1 && out instanceof Float32Array && n >= 4) {
    const st = rowStats(outer);
    if (kind === SoftmaxKind.Softmax) {
      if (expRowsF32(x, xOff, outer, n, EXP_FLAGS.store | EXP_FLAGS.normalize, out, 0, st)) return;
    } else if (expRowsF32(x, xOff, outer, n, 0, null, 0, st)) {
      // (x − m) − log s, as the TypeScript kernel does (see there why not x − (m + log s)).
      for (let o = 0, j = 0; o < outer; o++) {
        const m = st.shift[o]!;
        const logS = Math.log(st.sum[o]!);
        for (const end = j + n; j < end; j++) out[j] = x[xOff + j]! - m - logS;
      }
      return;
    }
  }
  softmaxKernel(kind, x, xOff, outer, n, inner, out);
};

/** `logsumexpKernel` on the wasm backend: float32 rows of the last dim (inner = 1) run in wasm. */
export const wasmLogsumexpKernel: typeof logsumexpKernel = (x, xOff, outer, n, inner, out) => {
  if (inner === 1 && n >= 4) {
    const st = rowStats(outer);
    if (expRowsF32(x, xOff, outer, n, EXP_FLAGS.infZero, null, 0, st)) {
      for (let o = 0; o < outer; o++) out[o] = Math.log(st.sum[o]!) + st.shift[o]!;
      return;
    }
  }
  logsumexpKernel(x, xOff, outer, n, inner, out);
};
