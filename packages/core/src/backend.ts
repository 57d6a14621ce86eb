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
import { wasmMatmulKernel, wasmSimdSupported } from "./kernels/wasm/matmul.js";

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
 * getBackend(); // "wasm" on Node 20
 */
export function getBackend(): Backend {
  return current;
}

/** Whether `setBackend("wasm")` can succeed here (the engine runs WebAssembly SIMD). */
export function isWasmAvailable(): boolean {
  return wasmSimdSupported();
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
  setKernels({ matmul: name === "wasm" ? wasmMatmulKernel : cpuKernels.matmul });
  current = name;
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
