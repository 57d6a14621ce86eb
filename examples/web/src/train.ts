/**
 * The playground's training run, with no DOM and no worker API: the toy classifier of
 * toy-classifier.ts (same data, split, model, loss, optimizer and seeds, so the same numbers), one
 * epoch at a time, plus the decision-region grid the page draws. The worker (train-worker.ts) drives
 * it; a Node test can run it too, to compare.
 */
import { Generator, gradcheck, manualSeed, noGrad, type Tensor, tensor } from "@tsgrad/core";
import type { LabelSmoothingLoss } from "@tsgrad/losses";
import { Adam, type Sequential, type StateDict, trainLoop } from "@tsgrad/nn";
import { accuracy, type Calibration, calibration } from "../../lib/metrics.js";
import { type Dataset, makeSpiral, trainTestSplit } from "../../lib/spiral.js";
import { buildModel, CLASSES, makeCriterion, TEST_FRACTION } from "../../lib/toy-model.js";

export interface TrainOptions {
  smoothing: number;
  hidden: number;
  lr: number;
  seed: number;
  epochs: number;
  points: number;
}

export interface ToyRun {
  options: TrainOptions;
  train: Dataset;
  test: Dataset;
  model: Sequential;
  criterion: LabelSmoothingLoss;
  optimizer: Adam;
  step: () => EpochReport;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
}

/** The data, the split and a fresh model, seeded as the command-line demo seeds them. */
export function setupRun(options: TrainOptions): ToyRun {
  const { seed } = options;
  const data = makeSpiral(options.points, CLASSES, { noise: 0.2, generator: new Generator(seed) });
  const { train, test } = trainTestSplit(data, TEST_FRACTION, new Generator(seed + 1000));
  manualSeed(seed);
  const model = buildModel(options.hidden);
  const criterion = makeCriterion(options.smoothing);
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  let epoch = 0;
  // One full-batch Adam step; metrics as the demo logs them (train: this epoch's forward pass).
  const step = (): EpochReport => {
    epoch++;
    optimizer.zeroGrad();
    const logits = model.call(train.x);
    const loss = criterion.call(logits, train.y);
    loss.backward();
    optimizer.step();
    const testLogits = noGrad(() => model.call(test.x));
    return {
      epoch,
      loss: loss.item(),
      trainAccuracy: accuracy(logits, train.y),
      testAccuracy: accuracy(testLogits, test.y),
    };
  };
  return { options, train, test, model, criterion, optimizer, step };
}

/**
 * The float64 gradcheck of the loss w.r.t. every parameter of a copy of the model, on 8 training
 * rows (what the demo checks before training).
 */
export function checkGradients(run: ToyRun): boolean {
  const model64 = buildModel(run.options.hidden);
  model64.loadStateDict(run.model.stateDict());
  model64.double();
  const criterion = makeCriterion(run.options.smoothing, "float64");
  const x = run.train.x.narrow(0, 0, 8).double();
  const y = run.train.y.narrow(0, 0, 8);
  try {
    return gradcheck(() => criterion.call(model64.call(x), y), [...model64.parameters()]);
  } catch {
    return false;
  }
}

/** The region the page draws: [-EXTENT, EXTENT]² (the spiral has radius 1). */
export const EXTENT = 1.15;

/** Predicted class and its probability on a `size × size` grid, row 0 at the top (y = EXTENT). */
export function regionGrid(
  model: Sequential,
  size: number,
): { classes: Uint8Array; confidence: Float32Array } {
  const pts = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      pts[2 * k] = -EXTENT + ((c + 0.5) * 2 * EXTENT) / size;
      pts[2 * k + 1] = EXTENT - ((r + 0.5) * 2 * EXTENT) / size;
    }
  }
  return noGrad(() => {
    const probs = model.call(tensor(pts).reshape([size * size, 2])).softmax(-1);
    const { values, indices } = probs.max(1);
    return {
      classes: Uint8Array.from(indices.toTypedArray() as ArrayLike<number>),
      confidence: values.toTypedArray() as Float32Array,
    };
  });
}

/** What {@link trainRun} resolves with. */
export interface RunResult {
  /** Seconds in the training loop proper: its wall time without the per-epoch evaluation and `onEpoch`. */
  seconds: number;
  /** Held-out accuracy after the last finished epoch. */
  testAccuracy: number;
  /** Epochs finished. */
  epochs: number;
}

/**
 * Full-batch training of `toy` with @tsgrad/nn's `trainLoop` (the same numbers as `toy.step()`),
 * the held-out accuracy after each epoch handed to `onEpoch`. The worker runs this; the browser
 * test runs it in Node too, so the two training times are measured the same way. Rejects with the
 * abort reason when `signal` aborts (the model keeps its last step; `progress` has the epochs done).
 */
export async function trainRun(
  toy: ToyRun,
  signal?: AbortSignal,
  onEpoch?: (epoch: number, loss: number, testAccuracy: number) => void,
  progress: RunResult = { seconds: 0, testAccuracy: 0, epochs: 0 },
): Promise<RunResult> {
  let outside = 0;
  const t0 = performance.now();
  await trainLoop({
    model: toy.model,
    optimizer: toy.optimizer,
    loss: toy.criterion,
    data: [[toy.train.x, toy.train.y]],
    epochs: toy.options.epochs,
    ...(signal ? { signal } : {}),
    onEpoch: ({ epoch, loss }) => {
      const c0 = performance.now();
      progress.epochs = epoch;
      progress.testAccuracy = testAccuracy(toy.model, toy.test);
      onEpoch?.(epoch, loss, progress.testAccuracy);
      outside += performance.now() - c0;
    },
  });
  progress.seconds = (performance.now() - t0 - outside) / 1000;
  return progress;
}

/** Held-out accuracy of `model`, as the demo logs it each epoch. */
export function testAccuracy(model: Sequential, test: Dataset): number {
  return accuracy(
    noGrad(() => model.call(test.x)),
    test.y,
  );
}

/** Held-out calibration with the demo's 15 bins (toy-classifier.ts `summarize`). */
export function testCalibration(model: Sequential, test: Dataset): Calibration {
  return calibration(
    noGrad(() => model.call(test.x)),
    test.y,
    15,
  );
}

/** The smoothing the demo compares a run with: 0, or 0.1 when the run itself has 0. */
export const otherSmoothing = (smoothing: number): number => (smoothing === 0 ? 0.1 : 0);

/**
 * The playground's model with the weights of `sd`, its hidden size read from `0.weight`'s shape;
 * strict, so a file of another model is refused with loadStateDict's message.
 */
export function modelFromStateDict(sd: StateDict): Sequential {
  const first = sd.get("0.weight");
  if (first === undefined || first.dim() !== 2 || first.shape[1] !== 2) {
    throw new Error(
      `not the playground's model: expected '0.weight' of shape [hidden, 2], found ${first === undefined ? "no '0.weight'" : `[${first.shape.join(", ")}]`} (keys: ${[...sd.keys()].join(", ")})`,
    );
  }
  const model = buildModel(first.shape[0]!);
  model.loadStateDict(sd);
  return model;
}

/** What the page shows as "the model's predictions": enough to tell two models apart, and equal ones alike. */
export interface Predictions {
  /** Softmax probabilities of the first 4 held-out points, printed as PyTorch prints them. */
  printed: string;
  /** Held-out accuracy. */
  accuracy: number;
  /** FNV-1a of the bits of every held-out logit (8 hex digits). */
  digest: string;
}

export function predictions(model: Sequential, test: Dataset): Predictions {
  return noGrad(() => {
    const logits: Tensor = model.call(test.x);
    const bits = new Uint8Array((logits.contiguous().toTypedArray() as Float32Array).slice().buffer);
    let h = 0x811c9dc5;
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 0x01000193) >>> 0;
    return {
      printed: logits.narrow(0, 0, 4).softmax(-1).toString(),
      accuracy: accuracy(logits, test.y),
      digest: h.toString(16).padStart(8, "0"),
    };
  });
}
