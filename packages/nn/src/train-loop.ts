/**
 * Training without freezing a page: {@link trainLoop} runs the usual PyTorch loop (zero_grad,
 * forward, loss, backward, step) over epochs and batches, and hands the event loop back every few
 * milliseconds ({@link yieldToEventLoop}), so a page keeps drawing and answering clicks, and an
 * `AbortSignal` can stop it. PyTorch has no such function (Python blocks its thread); the loop body
 * is the one every PyTorch tutorial writes.
 *
 * No Node or DOM imports: it runs in a page, a worker and Node alike.
 */
import { type OptionsSpec, type Tensor, checkOptions } from "@tsgrad/core";
import { Module } from "./module.js";

type SetImmediate = { setImmediate?: (f: () => void) => unknown };

/**
 * Resolves after the event loop has run other tasks (input events, timers, rendering, messages),
 * so a long synchronous computation cut into pieces with `await yieldToEventLoop()` leaves its
 * page responsive and its worker able to hear messages. It queues a macrotask: `setImmediate` in
 * Node, a `MessageChannel` message in browsers (what React's scheduler uses; not `setTimeout(0)`,
 * which browsers clamp to 4 ms, nor `scheduler.yield()`: in Chromium 156 a worker looping on it
 * never received the page's "stop" message, its continuations running first). Python has no equivalent
 * (`await asyncio.sleep(0)` is the closest).
 *
 * @example
 * const step = () => {};
 * for (let i = 0; i < 1000; i++) {
 *   step();
 *   if (i % 10 === 0) await yieldToEventLoop();
 * }
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as SetImmediate;
  return new Promise((resolve) => {
    if (typeof g.setImmediate === "function") g.setImmediate(resolve);
    else if (typeof MessageChannel === "function") {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else setTimeout(resolve, 0);
  });
}

/** What {@link trainLoop} reports after each epoch. */
export interface TrainLoopEpoch {
  /** The epoch just finished, from 1. */
  epoch: number;
  /** The mean of the epoch's batch losses (`loss.item()` of each batch). */
  loss: number;
  /** How many batches the epoch had. */
  batches: number;
}

/** What {@link trainLoop} resolves with. */
export interface TrainLoopResult {
  /** Epochs completed. */
  epochs: number;
  /** Each epoch's mean batch loss. */
  losses: number[];
}

/** The options of {@link trainLoop}; `model`, `optimizer`, `loss`, `data` and `epochs` are required. */
export interface TrainLoopOptions<I = Tensor, T = Tensor> {
  /** The module trained: `model.call(input)` gives the output the loss compares with the target. */
  model: Module;
  /** Anything with `zeroGrad()` and `step()`: an optimizer of this package. */
  optimizer: { zeroGrad(): void; step(): unknown };
  /** A loss module (`new CrossEntropyLoss()`) or a function `(output, target) => scalar tensor`. */
  loss: Module | ((output: any, target: T) => Tensor);
  /**
   * The batches of one epoch as `[input, target]` pairs, iterated again each epoch: a
   * `DataLoader` over a `TensorDataset`, or `[[x, y]]` for full-batch training.
   */
  data: Iterable<readonly [I, T]>;
  /** Epochs to run (an integer ≥ 0). */
  epochs: number;
  /** Called (and awaited) after each epoch; `await new Promise(requestAnimationFrame)` in it paces the loop to the display. */
  onEpoch?: (report: TrainLoopEpoch) => void | Promise<void>;
  /** Stops the loop between two batches: the promise rejects with `signal.reason`, as `fetch` does. */
  signal?: AbortSignal;
  /** The longest run of batches, in ms, between two yields to the event loop (default 10). */
  sliceMs?: number;
}

const isIterable = (v: unknown): boolean =>
  v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function";

const TRAIN_LOOP_SPEC: OptionsSpec<TrainLoopOptions<unknown, unknown>> = {
  model: { test: (v) => v instanceof Module, expected: "a Module" },
  optimizer: {
    test: (v) =>
      v !== null &&
      typeof v === "object" &&
      typeof (v as { zeroGrad?: unknown }).zeroGrad === "function" &&
      typeof (v as { step?: unknown }).step === "function",
    expected: "an optimizer (an object with zeroGrad() and step())",
  },
  loss: {
    test: (v) => v instanceof Module || typeof v === "function",
    expected: "a loss Module or a function",
  },
  data: { test: isIterable, expected: "an iterable of [input, target] batches" },
  epochs: "integer",
  onEpoch: "function",
  signal: {
    test: (v) => typeof AbortSignal === "function" && v instanceof AbortSignal,
    expected: "an AbortSignal",
  },
  sliceMs: "nonneg",
};
const REQUIRED = ["model", "optimizer", "loss", "data", "epochs"] as const;

/**
 * Trains `model` for `epochs` passes over `data`, each batch as PyTorch's loop does it —
 * `optimizer.zeroGrad()`, `loss(model(input), target).backward()`, `optimizer.step()` — and yields
 * to the event loop whenever `sliceMs` of training have passed, so a page stays responsive. The
 * numbers are exactly those of the same loop written synchronously.
 *
 * Stopping: when `signal` aborts, the loop stops before its next batch and the promise rejects
 * with `signal.reason` (a `DOMException` named `"AbortError"` for a plain `controller.abort()`),
 * as `fetch` does; the model keeps the weights of the last finished step. A batch is never cut in
 * half. Bad options throw at the call, as every tsgrad function does; errors during training
 * reject the promise. It does not call `model.train()` or `model.eval()`.
 *
 * PyTorch equivalent: `for epoch in range(epochs): for x, y in data: opt.zero_grad();
 * loss_fn(model(x), y).backward(); opt.step()`.
 *
 * @example
 * // (not run: needs a page with a stop button)
 * const controller = new AbortController();
 * stopButton.onclick = () => controller.abort();
 * await trainLoop({
 *   model, optimizer: new Adam(model.parameters(), { lr: 0.01 }), loss: new CrossEntropyLoss(),
 *   data: new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true }),
 *   epochs: 100, onEpoch: ({ epoch, loss }) => console.log(epoch, loss), signal: controller.signal,
 * });
 */
export function trainLoop<I = Tensor, T = Tensor>(options: TrainLoopOptions<I, T>): Promise<TrainLoopResult> {
  if (options === undefined)
    throw new TypeError("trainLoop(): expected an options object, but got undefined");
  const o = checkOptions("trainLoop", options as TrainLoopOptions<unknown, unknown>, TRAIN_LOOP_SPEC, 1);
  for (const key of REQUIRED) {
    if (o[key] === undefined) throw new TypeError(`trainLoop(): missing required option '${key}'`);
  }
  if (o.epochs < 0)
    throw new Error(`trainLoop(): epochs must be a non-negative integer, but got ${o.epochs}`);
  return run(options);
}

async function run<I, T>(o: TrainLoopOptions<I, T>): Promise<TrainLoopResult> {
  const { model, optimizer, loss, data, epochs, onEpoch, signal } = o;
  const sliceMs = o.sliceMs ?? 10;
  const lossOf = loss instanceof Module ? (out: unknown, t: T) => loss.call(out, t) as Tensor : loss;
  const losses: number[] = [];
  let lastYield = performance.now();
  signal?.throwIfAborted();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let sum = 0;
    let batches = 0;
    for (const batch of data) {
      if (!Array.isArray(batch) || batch.length !== 2) {
        throw new TypeError(
          `trainLoop(): each batch of data must be an [input, target] pair, but batch ${batches} of epoch ${epoch} is not`,
        );
      }
      optimizer.zeroGrad();
      const value = lossOf(model.call(batch[0]), batch[1]);
      value.backward();
      optimizer.step();
      sum += value.item();
      batches++;
      if (performance.now() - lastYield >= sliceMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
        signal?.throwIfAborted();
      }
    }
    const report = { epoch, loss: batches > 0 ? sum / batches : Number.NaN, batches };
    losses.push(report.loss);
    if (onEpoch !== undefined) {
      await onEpoch(report);
      signal?.throwIfAborted();
    }
  }
  return { epochs: losses.length, losses };
}
