/**
 * The training loop, off the page's thread: the page stays responsive (its animation frames keep
 * coming) while the worker runs every epoch synchronously. Stopping is `worker.terminate()`.
 */
import type { FromWorker, ToWorker } from "./messages.js";
import { checkGradients, regionGrid, setupRun, type TrainOptions } from "./train.js";

/** Cells per side of the decision-region grid, and how often (in epochs) it is sent. */
const GRID = 96;
const GRID_EVERY = 5;

const post = (message: FromWorker) => self.postMessage(message);

function run(options: TrainOptions): void {
  const toy = setupRun(options);
  post({
    type: "setup",
    model: toy.model.toString(),
    parameters: [...toy.model.namedParameters()].map(([name, p]) => ({ name, shape: [...p.shape] })),
    train: { x: toy.train.x.toTypedArray() as Float32Array, y: toy.train.y.toTypedArray() as Int32Array },
    test: { x: toy.test.x.toTypedArray() as Float32Array, y: toy.test.y.toTypedArray() as Int32Array },
  });
  post({ type: "gradcheck", passed: checkGradients(toy) });
  let seconds = 0;
  let testAccuracy = 0;
  for (let e = 1; e <= options.epochs; e++) {
    const t0 = performance.now();
    const report = toy.step();
    seconds += (performance.now() - t0) / 1000;
    testAccuracy = report.testAccuracy;
    const grid =
      e % GRID_EVERY === 0 || e === 1 || e === options.epochs
        ? { size: GRID, ...regionGrid(toy.model, GRID) }
        : null;
    post({ type: "epoch", grid, ...report });
  }
  post({ type: "done", seconds, testAccuracy });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  try {
    if (event.data.type === "start") run(event.data.options);
  } catch (e) {
    post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
