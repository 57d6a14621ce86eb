/**
 * The training loop, off the page's thread: the page stays responsive (its animation frames keep
 * coming) while the worker trains with @tsgrad/nn's `trainLoop`, which yields to the worker's event
 * loop every few milliseconds so that a "stop" message gets through and aborts it. After the run,
 * the worker trains the demo's comparison run (smoothing 0, or 0.1) for the calibration table.
 */
import {
  Generator,
  getCpuCapability,
  getNumThreads,
  randn,
  ready,
  setNumThreads,
  type Tensor,
} from "@tsgrad/core";
import { saveSafetensors } from "@tsgrad/nn";
import type { FromWorker, ToWorker } from "./messages.js";
import {
  checkGradients,
  otherSmoothing,
  regionGrid,
  setupRun,
  type RunResult,
  testCalibration,
  type TrainOptions,
  trainRun,
} from "./train.js";

/** Cells per side of the decision-region grid, and how often (in epochs) it is sent. */
const GRID = 96;
const GRID_EVERY = 5;

const post = (message: FromWorker) => self.postMessage(message);
let controller: AbortController | null = null;

async function run(options: TrainOptions, signal: AbortSignal): Promise<void> {
  const toy = setupRun(options);
  post({
    type: "setup",
    model: toy.model.toString(),
    parameters: [...toy.model.namedParameters()].map(([name, p]) => ({ name, shape: [...p.shape] })),
    train: { x: toy.train.x.toTypedArray() as Float32Array, y: toy.train.y.toTypedArray() as Int32Array },
    test: { x: toy.test.x.toTypedArray() as Float32Array, y: toy.test.y.toTypedArray() as Int32Array },
  });
  post({ type: "gradcheck", passed: checkGradients(toy) });
  const progress: RunResult = { seconds: 0, testAccuracy: 0, epochs: 0 };
  try {
    await trainRun(
      toy,
      signal,
      (epoch, loss, testAccuracy) => {
        const grid =
          epoch % GRID_EVERY === 0 || epoch === 1 || epoch === options.epochs
            ? { size: GRID, ...regionGrid(toy.model, GRID) }
            : null;
        post({ type: "epoch", epoch, loss, testAccuracy, grid });
      },
      progress,
    );
  } catch (e) {
    if (signal.aborted) {
      post({ type: "stopped", epoch: progress.epochs, weights: saveSafetensors(toy.model.stateDict()) });
      return;
    }
    throw e;
  }
  const { seconds, testAccuracy } = progress;
  post({ type: "done", seconds, testAccuracy, weights: saveSafetensors(toy.model.stateDict()) });

  const other = setupRun({ ...options, smoothing: otherSmoothing(options.smoothing) });
  try {
    await trainRun(other, signal);
  } catch (e) {
    if (signal.aborted) return;
    throw e;
  }
  const rows = [toy, other]
    .map((r) => ({ smoothing: r.options.smoothing, calibration: testCalibration(r.model, r.test) }))
    .sort((a, b) => a.smoothing - b.smoothing);
  post({ type: "calibration", rows });
}

/**
 * The wasm kernels' threads, shown on the page: a worker of a cross-origin-isolated page may start
 * Web Workers of its own for large products (the page's main thread may not block, so it never
 * does). Measured once, before the first run, on its own random matrix (the runs' seeds untouched).
 */
async function checkThreads(): Promise<void> {
  const wanted = getNumThreads();
  const a = randn([384, 384], { generator: new Generator(7) });
  // Warm-up products first: a new worker's kernel starts on the engine's baseline compiler.
  const time = (): { ms: number; product: Tensor } => {
    let product = a.matmul(a);
    for (let i = 0; i < 10; i++) product = a.matmul(a);
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) product = a.matmul(a);
    return { ms: (performance.now() - t0) / 10, product };
  };
  setNumThreads(1);
  const one = time();
  setNumThreads(wanted);
  const threads = await ready();
  const many = time();
  const x = one.product.toTypedArray();
  const y = many.product.toTypedArray();
  const identical = x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  post({
    type: "threads",
    threads,
    oneMs: one.ms,
    manyMs: many.ms,
    identical,
    capability: getCpuCapability(),
  });
}
const threadsChecked = checkThreads().catch((e: unknown) =>
  post({ type: "error", message: `threads: ${e instanceof Error ? e.message : String(e)}` }),
);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === "stop") {
    controller?.abort();
    return;
  }
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  threadsChecked
    .then(() => run(msg.options, signal))
    .catch((e: unknown) => post({ type: "error", message: e instanceof Error ? e.message : String(e) }));
};
