/**
 * The WebAssembly SIMD float32 matmul: the same signature as the TypeScript kernel
 * (kernels/matmul.ts), which it calls for what it does not handle — float64 and integer products,
 * tiny ones (copying the operands into wasm memory costs more than it saves) and ones too large
 * for 32-bit wasm addresses. The kernel itself is generated (tools/wasm/matmul-wat.ts) and
 * embedded as base64 (./modules.ts), so it loads with no file and no network.
 *
 * Operands are copied into the module's memory as contiguous row-major matrices (a strided or
 * transposed view is gathered on the way in, so every stride pattern works), the product runs in
 * wasm, and C is copied back out.
 */
import type { TypedArray } from "../../dtype.js";
import { matmulKernel } from "../matmul.js";
import { MATMUL_KC, MATMUL_ROWS, MATMUL_WASM } from "./modules.js";

interface SgemmExports {
  memory: WebAssembly.Memory;
  sgemm(m: number, k: number, n: number, a: number, b: number, c: number, ap: number, bp: number): void;
}

/**
 * Products with fewer multiply-adds stay in TypeScript. Measured (node 20, AMD EPYC): below about
 * 16³ the copies in and out dominate and the two kernels take the same time.
 */
const MIN_WORK = 4096;
/** wasm32 addresses are 32-bit: keep every byte offset below 2^31 (then fall back to TypeScript). */
const MAX_BYTES = 2 ** 31 - 65536;

let bytes: Uint8Array<ArrayBuffer> | null = null;
let exports: SgemmExports | null = null;
let view = new Float32Array(0);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  if (!bytes) {
    const text = atob(MATMUL_WASM);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
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

function instance(): SgemmExports {
  if (!exports) {
    // Synchronous compile: the module is ~1.4 KB, far below browsers' main-thread limit.
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {});
    exports = inst.exports as unknown as SgemmExports;
  }
  return exports;
}

/** The module's memory as floats, grown to at least `size` bytes. */
function memory(size: number): Float32Array {
  const wasm = instance();
  const have = wasm.memory.buffer.byteLength;
  if (have < size) wasm.memory.grow(Math.ceil((size - have) / 65536));
  if (view.buffer !== wasm.memory.buffer) view = new Float32Array(wasm.memory.buffer);
  return view;
}

const align16 = (x: number) => (x + 15) & ~15;

/** Copies the m × k matrix at `off` with strides (rs, cs) into `dst` from float index `at`, row-major. */
function gather(
  src: Float32Array,
  off: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  dst: Float32Array,
  at: number,
): void {
  if (cs === 1 && rs === cols) {
    dst.set(src.subarray(off, off + rows * cols), at);
    return;
  }
  for (let i = 0, q = at; i < rows; i++) {
    for (let j = 0, s = off + i * rs; j < cols; j++, s += cs) dst[q++] = src[s]!;
  }
}

export function wasmMatmulKernel(
  m: number,
  k: number,
  n: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
): void {
  const aBytes = align16(4 * m * k);
  const bBytes = align16(4 * k * n);
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
  const f = memory(total);
  const aAt = 0;
  const bAt = aBytes;
  const cAt = bAt + bBytes;
  const apAt = cAt + cBytes;
  const bpAt = apAt + apBytes;
  gather(a, aOff, aRs, aCs, m, k, f, aAt >> 2);
  gather(b, bOff, bRs, bCs, k, n, f, bAt >> 2);
  instance().sgemm(m, k, n, aAt, bAt, cAt, apAt, bpAt);
  c.set(f.subarray(cAt >> 2, (cAt >> 2) + m * n), cOff);
}
