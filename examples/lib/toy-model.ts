/**
 * The toy classifier's model and loss, with no Node imports, so the command-line demo
 * (toy-classifier.ts) and the browser playground (examples/web) train the same network.
 */
import { ones } from "@tsgrad/core";
import { LabelSmoothingLoss } from "@tsgrad/losses";
import { Linear, ReLU, Sequential } from "@tsgrad/nn";

export const CLASSES = 3;
/** The share of the points kept out of training, for the held-out accuracy. */
export const TEST_FRACTION = 0.2;

/** The demo's training settings (toy-classifier.ts `--help` lists them). */
export const TOY_DEFAULTS = {
  smoothing: 0.1,
  epochs: 250,
  hidden: 32,
  lr: 0.02,
  seed: 0,
  points: 200,
} as const;

/** The model: 2 → hidden → hidden → K, ReLU between, as `torch.nn.Sequential` would hold it. */
export function buildModel(hidden: number, classes = CLASSES): Sequential {
  return new Sequential(
    new Linear(2, hidden),
    new ReLU(),
    new Linear(hidden, hidden),
    new ReLU(),
    new Linear(hidden, classes),
  );
}

/**
 * The training loss. The seed's default weight is ones(K)/K, which divides the loss (and every
 * gradient) by K; we pass ones(K) so the printed loss is the textbook smoothed cross-entropy.
 */
export function makeCriterion(
  smoothing: number,
  dtype: "float32" | "float64" = "float32",
): LabelSmoothingLoss {
  return new LabelSmoothingLoss(CLASSES, smoothing, -1, ones([CLASSES], { dtype }));
}
