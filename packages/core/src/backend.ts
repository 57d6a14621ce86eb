/**
 * Which kernels run the arithmetic: `"wasm"` (WebAssembly SIMD kernels where they win, the
 * TypeScript ones for the rest) or `"js"` (TypeScript only). Both give the same results within
 * float32 rounding; float64 always runs in TypeScript (it is what gradcheck uses).
 *
 * The default is `"wasm"` where the engine validates WebAssembly SIMD (Node 20, current browsers),
 * else `"js"`. Setting the environment variable `TSGRAD_BACKEND=js` (or `wasm`) before the import
 * picks one in Node, e.g. to run a test suite under both.
 */
import { cpuKernels, setKernels } from "./kernels/index.js";
import { setExpRowsEnabled, wasmLogsumexpKernel, wasmSoftmaxKernel } from "./kernels/wasm/exp.js";
import {
  defaultMatmulThreads,
  getMatmulThreads,
  matmulThreadsReady,
  matmulUsesRelaxedSimd,
  setMatmulThreads,
  wasmMatmulKernel,
  wasmSimdSupported,
} from "./kernels/wasm/matmul.js";
import { checkInt } from "./shape.js";

/** The backends `setBackend` accepts. */
export type Backend = "wasm" | "js";
const BACKENDS: readonly Backend[] = ["wasm", "js"];

let current: Backend = "js";

/**
 * The backend in use.
 *
 * PyTorch has one CPU backend; the nearest there is `torch.backends.mkldnn.is_available()`.
 *
 * @example
 * getBackend(); // the active one: "wasm" on Node 20, "js" with TSGRAD_BACKEND=js
 */
export function getBackend(): Backend {
  return current;
}

/**
 * Whether `setBackend("wasm")` can succeed here (the engine runs WebAssembly SIMD).
 *
 * @example
 * typeof isWasmAvailable(); // "boolean"
 */
export function isWasmAvailable(): boolean {
  return wasmSimdSupported();
}

/** What `getCpuCapability` reports. */
export type CpuCapability = "relaxed-simd" | "simd128" | "none";

/**
 * The widest instruction set the WebAssembly kernels use on this engine: `"relaxed-simd"` (128-bit
 * SIMD with fused multiply-adds: Chromium, or Node 20 run with `--experimental-wasm-relaxed-simd`),
 * `"simd128"` (128-bit SIMD, separate multiply and add: Node 20), or `"none"` (no wasm SIMD: only
 * the `"js"` backend runs). Products on `"relaxed-simd"` round once per multiply-add instead of
 * twice, so their last bits differ from a `"simd128"` engine's (both within float32 rounding).
 *
 * PyTorch: `torch.backends.cpu.get_cpu_capability()` (`"AVX2"`, `"AVX512"`, ...).
 *
 * @example
 * getCpuCapability(); // Node 20: "simd128"; Chromium: "relaxed-simd"
 */
export function getCpuCapability(): CpuCapability {
  if (!wasmSimdSupported()) return "none";
  return matmulUsesRelaxedSimd() ? "relaxed-simd" : "simd128";
}

/**
 * Switches the kernels every op calls from then on. Tensors are plain typed arrays in either
 * backend, so tensors made before the switch keep working.
 *
 * @param name `"wasm"` or `"js"`
 * @example
 * setBackend("js");    // pure TypeScript, e.g. to compare
 * setBackend("wasm");  // throws where WebAssembly SIMD is not available
 */
export function setBackend(name: Backend): void {
  if (!BACKENDS.includes(name)) {
    throw new TypeError(
      `setBackend(): unknown backend ${typeof name === "string" ? `'${name}'` : String(name)} (expected one of ${BACKENDS.map((b) => `'${b}'`).join(", ")})`,
    );
  }
  if (name === "wasm" && !wasmSimdSupported()) {
    throw new Error(
      "setBackend(): the 'wasm' backend needs WebAssembly with 128-bit SIMD, which this engine does not run (WebAssembly.validate rejected the kernel); use 'js'",
    );
  }
  const wasm = name === "wasm";
  setKernels({
    matmul: wasm ? wasmMatmulKernel : cpuKernels.matmul,
    softmax: wasm ? wasmSoftmaxKernel : cpuKernels.softmax,
    logsumexp: wasm ? wasmLogsumexpKernel : cpuKernels.logsumexp,
  });
  // The fused losses call the row exp directly (expRowsF32), which follows the backend too.
  setExpRowsEnabled(wasm);
  current = name;
}

/**
 * How many threads the wasm kernels use for a large product (`torch.get_num_threads()`).
 *
 * @example
 * getNumThreads(); // the worker count, such as 2 on a 2-core machine in Node
 */
export function getNumThreads(): number {
  return getMatmulThreads();
}

/**
 * Sets the threads the wasm kernels use (`torch.set_num_threads(n)`): the main thread plus n − 1
 * worker threads, started when a product first needs them and stopped when the count changes.
 * Products under about 2^20 multiply-adds stay on one thread (waking a worker costs more). The
 * result has the same bits for every thread count. In a browser the workers run inside a dedicated
 * worker of a cross-origin-isolated page (`await ready()` there before timing); where worker
 * threads do not run (a page's main thread, a page that is not isolated), the count stays 1.
 *
 * @param n a positive integer
 * @example
 * setNumThreads(1); // single-threaded, e.g. beside other busy processes
 */
export function setNumThreads(n: number): void {
  checkInt("setNumThreads", "n", n);
  if (n < 1) throw new Error(`setNumThreads(): set_num_threads expects a positive integer (got ${n})`);
  setMatmulThreads(n);
}

/**
 * Resolves when the wasm kernels' worker threads have started, with the number of threads a
 * large product now uses (as TF.js's `await tf.ready()`; PyTorch's threads need no waiting). Only
 * a browser needs it: there a worker starts when its creator returns to the event loop, so until
 * then products run on the calling thread (with the same bits). In Node it resolves at once.
 *
 * @example
 * // in a dedicated worker of a cross-origin-isolated page:
 * const threads = await ready(); // the worker count, such as 2 on a 2-core machine
 */
export function ready(): Promise<number> {
  return matmulThreadsReady();
}

/** The backend chosen at import: TSGRAD_BACKEND if set (Node), else wasm where it runs. */
function defaultBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const asked = env?.TSGRAD_BACKEND;
  if (asked !== undefined && asked !== "") {
    if (!BACKENDS.includes(asked as Backend)) {
      throw new Error(`TSGRAD_BACKEND: unknown backend '${asked}' (expected one of ${BACKENDS.join(", ")})`);
    }
    return asked as Backend;
  }
  return wasmSimdSupported() ? "wasm" : "js";
}

setBackend(defaultBackend());
setMatmulThreads(defaultThreads());

/** The thread count chosen at import: TSGRAD_NUM_THREADS if set (Node), else the machine's. */
function defaultThreads(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const asked = env?.TSGRAD_NUM_THREADS;
  if (asked === undefined || asked === "") return defaultMatmulThreads();
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`TSGRAD_NUM_THREADS: expected a positive integer, got '${asked}'`);
  }
  return n;
}
