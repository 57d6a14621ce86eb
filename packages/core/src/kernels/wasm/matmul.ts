/**
 * The WebAssembly SIMD float32 matmul: the same signature as the TypeScript kernel
 * (kernels/matmul.ts), which it calls for what it does not handle — float64 and integer products,
 * tiny ones (copying the operands into wasm memory costs more than it saves) and ones too large
 * for 32-bit wasm addresses. The kernel itself is generated (tools/wasm/matmul-wat.ts) and
 * embedded as base64 (./modules.ts), so it loads with no file and no network.
 *
 * Operands are copied into the module's memory as the storage range their view spans (the kernel
 * reads them through their strides, so a transposed operand costs one copy), or gathered when that
 * range is much larger than the view; the product runs in wasm, and C is copied back out. With more than one thread (`setNumThreads`), large products run
 * on the shared-memory build of the same kernel, split by rows between the main thread and the
 * workers (./pool.ts); each row is computed by the same instructions either way, so the result has
 * the same bits for any thread count.
 */
import { matmulKernel } from "../matmul.js";
import {
  MATMUL_KC,
  MATMUL_RELAXED_SHARED_WASM,
  MATMUL_RELAXED_WASM,
  MATMUL_ROWS,
  MATMUL_SHARED_WASM,
  MATMUL_WASM,
} from "./modules.js";
import { availableThreads, threadsSupported, WorkerPool } from "./pool.js";

interface SgemmExports {
  memory: WebAssembly.Memory;
  sgemm(
    m: number,
    k: number,
    n: number,
    a: number,
    aRs: number,
    aCs: number,
    b: number,
    bRs: number,
    bCs: number,
    c: number,
    ap: number,
    bp: number,
  ): void;
}

/**
 * Products with fewer multiply-adds stay in TypeScript. Measured (node 20, AMD EPYC): below about
 * 16³ the copies in and out dominate and the two kernels take the same time.
 */
const MIN_WORK = 4096;
/** wasm32 addresses are 32-bit: keep every byte offset below 2^31 (then fall back to TypeScript). */
const MAX_BYTES = 2 ** 31 - 65536;

/** Base64 → bytes, decoded once per module. */
function decode(b64: string): Uint8Array<ArrayBuffer> {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

let bytes: Uint8Array<ArrayBuffer> | null = null;
function moduleBytes(): Uint8Array<ArrayBuffer> {
  if (!bytes) bytes = decode(MATMUL_WASM);
  return bytes;
}

/** Whether this engine runs WebAssembly with 128-bit SIMD (what the kernel needs). */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(moduleBytes());
  } catch {
    return false;
  }
}

let relaxed: boolean | null = null;
/**
 * Whether the kernel runs its multiply-adds as relaxed-SIMD `f32x4.relaxed_madd` (fused where the
 * CPU has FMA): chosen once, when the engine validates the relaxed module (Chromium does; Node 20
 * only with `--experimental-wasm-relaxed-simd`). Results then differ from the standard kernel's in
 * the last bits (one rounding per multiply-add instead of two), and stay the same for any thread
 * count, since every thread runs the same module. @internal
 */
export function matmulUsesRelaxedSimd(): boolean {
  if (relaxed === null) {
    try {
      relaxed = WebAssembly.validate(decode(MATMUL_RELAXED_WASM));
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** A kernel instance and the memory it works in, with a float view kept current across growth. */
interface Engine {
  memory: WebAssembly.Memory;
  sgemm: SgemmExports["sgemm"];
  view: Float32Array;
}

let single: Engine | null = null;
let shared: (Engine & { module: WebAssembly.Module }) | null = null;
let pool: WorkerPool | null = null;
let threads = 1;

function singleEngine(): Engine {
  if (!single) {
    // Synchronous compile: the module is ~1.4 KB, far below browsers' main-thread limit.
    const code = matmulUsesRelaxedSimd() ? decode(MATMUL_RELAXED_WASM) : moduleBytes();
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(code), {})
      .exports as unknown as SgemmExports;
    single = { memory: wasm.memory, sgemm: wasm.sgemm, view: new Float32Array(0) };
  }
  return single;
}

function sharedEngine(): Engine & { module: WebAssembly.Module } {
  if (!shared) {
    const module = new WebAssembly.Module(
      decode(matmulUsesRelaxedSimd() ? MATMUL_RELAXED_SHARED_WASM : MATMUL_SHARED_WASM),
    );
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SgemmExports;
    shared = { module, memory, sgemm: wasm.sgemm, view: new Float32Array(0) };
  }
  return shared;
}

/** The engine's memory as floats, grown to at least `size` bytes. */
function memoryOf(e: Engine, size: number): Float32Array {
  const have = e.memory.buffer.byteLength;
  if (have < size) e.memory.grow(Math.ceil((size - have) / 65536));
  if (e.view.buffer !== e.memory.buffer) e.view = new Float32Array(e.memory.buffer);
  return e.view;
}

/** The wasm kernels' thread count (`setNumThreads`); the default is the machine's parallelism in Node. */
export function getMatmulThreads(): number {
  return threads;
}

export function setMatmulThreads(n: number): void {
  if (n > 1 && !threadsSupported()) n = 1;
  if (n !== threads && pool) {
    pool.close();
    pool = null;
  }
  threads = n;
}

/**
 * Starts the worker threads now if the thread count wants them, and resolves when they have
 * started, with the number of threads a large product then uses. In a browser a worker starts
 * only after its creator returns to the event loop, so this polls between turns (for at most
 * `timeoutMs`); in Node the pool waits for its workers itself.
 */
export async function matmulThreadsReady(timeoutMs = 10_000): Promise<number> {
  if (threads <= 1) return 1;
  const s = sharedEngine();
  pool ??= new WorkerPool(s.module, s.memory, threads - 1);
  const deadline = Date.now() + timeoutMs;
  while (pool.ready() < pool.size && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return 1 + pool.ready();
}

/** What `setNumThreads` starts from: all of the machine's threads where workers run, else 1. */
export function defaultMatmulThreads(): number {
  return threadsSupported() ? availableThreads() : 1;
}

/**
 * Products with fewer multiply-adds than this run on one thread: waking a sleeping worker costs
 * 15–30 µs, about what 2^20 multiply-adds take in the kernel.
 */
const MIN_PARALLEL_WORK = 2 ** 20;

const align16 = (x: number) => (x + 15) & ~15;

/**
 * How an operand goes into wasm memory: the storage range its view spans, copied as is (the kernel
 * reads it through the view's strides, so a transposed operand costs one memcpy), or, when that
 * range is much larger than the view (a slice of a wide tensor, a broadcast), the view gathered
 * into a contiguous row-major matrix.
 */
interface Placement {
  /** Floats the operand takes in wasm memory. */
  size: number;
  rs: number;
  cs: number;
  /** Whether to gather (else the span [off, off + size) is copied). */
  gathered: boolean;
}

function placement(rows: number, cols: number, rs: number, cs: number): Placement {
  const span = rs >= 0 && cs >= 0 ? (rows - 1) * rs + (cols - 1) * cs + 1 : Number.POSITIVE_INFINITY;
  if (span <= 2 * rows * cols) return { size: span, rs, cs, gathered: false };
  return { size: rows * cols, rs: cols, cs: 1, gathered: true };
}

function place(
  src: Float32Array,
  off: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  how: Placement,
  dst: Float32Array,
  at: number,
): void {
  if (!how.gathered) {
    dst.set(src.subarray(off, off + how.size), at);
    return;
  }
  for (let i = 0, q = at; i < rows; i++) {
    for (let j = 0, s = off + i * rs; j < cols; j++, s += cs) dst[q++] = src[s]!;
  }
}

// biome-ignore format: the operands one per line, as matmulKernel's.
export const wasmMatmulKernel: typeof matmulKernel = (
  m, k, n,
  a, aOff, aRs, aCs,
  b, bOff, bRs, bCs,
  c, cOff,
) => {
  const aHow = placement(m, k, aRs, aCs);
  const bHow = placement(k, n, bRs, bCs);
  const aBytes = align16(4 * aHow.size);
  const bBytes = align16(4 * bHow.size);
  const cBytes = align16(4 * m * n);
  const apBytes = 4 * MATMUL_ROWS * MATMUL_KC;
  const bpBytes = 4 * MATMUL_KC * (n & ~7);
  const total = aBytes + bBytes + cBytes + apBytes + bpBytes;
  if (
    !(c instanceof Float32Array) ||
    !(a instanceof Float32Array) ||
    !(b instanceof Float32Array) ||
    m * n * k < MIN_WORK ||
    total > MAX_BYTES
  ) {
    matmulKernel(m, k, n, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    return;
  }
  // Each part (the main thread's and each worker's) needs its own A and B packing scratch.
  const scratch = apBytes + bpBytes;
  let parts =
    threads > 1 && m * n * k >= MIN_PARALLEL_WORK ? Math.min(threads, Math.floor(m / MATMUL_ROWS)) : 1;
  if (total + (parts - 1) * scratch > MAX_BYTES) parts = 1;
  if (parts > 1) {
    const s = sharedEngine();
    pool ??= new WorkerPool(s.module, s.memory, threads - 1);
    parts = Math.min(parts, 1 + pool.ready());
  }
  const engine = parts > 1 ? sharedEngine() : singleEngine();
  const f = memoryOf(engine, total + (parts - 1) * scratch);
  const aAt = 0;
  const bAt = aBytes;
  const cAt = bAt + bBytes;
  const scratchAt = cAt + cBytes;
  place(a, aOff, aRs, aCs, m, k, aHow, f, aAt >> 2);
  place(b, bOff, bRs, bCs, k, n, bHow, f, bAt >> 2);
  const [ar, ac, br, bc] = [aHow.rs, aHow.cs, bHow.rs, bHow.cs];
  if (parts === 1) {
    engine.sgemm(m, k, n, aAt, ar, ac, bAt, br, bc, cAt, scratchAt, scratchAt + apBytes);
  } else {
    const workers = pool!;
    // Rows in whole 5-row strips; the calling thread takes the first part, workers the others.
    const rows = Math.ceil(m / parts / MATMUL_ROWS) * MATMUL_ROWS;
    let started = 0;
    for (let p = 1; p * rows < m; p++, started++) {
      const i0 = p * rows;
      const at = scratchAt + p * scratch;
      const rowsHere = Math.min(rows, m - i0);
      workers.start(p - 1, [
        rowsHere,
        k,
        n,
        aAt + 4 * i0 * ar,
        ar,
        ac,
        bAt,
        br,
        bc,
        cAt + 4 * i0 * n,
        at,
        at + apBytes,
      ]);
    }
    engine.sgemm(Math.min(rows, m), k, n, aAt, ar, ac, bAt, br, bc, cAt, scratchAt, scratchAt + apBytes);
    for (let w = 0; w < started; w++) workers.wait(w);
  }
  c.set(f.subarray(cAt >> 2, (cAt >> 2) + m * n), cOff);
};
