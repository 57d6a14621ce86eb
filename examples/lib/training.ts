/** The training step and the final evaluation the classifier examples share. */
import { noGrad, type Tensor } from "@tsgrad/core";
import { accuracy, confusionMatrix } from "./metrics.js";

/** A model as the examples call it: `model.call(x)` gives the logits. */
export interface Classifier {
  call(x: Tensor): Tensor;
}

/** A loss as the examples call it: `criterion.call(logits, target)`. */
export interface Criterion {
  call(logits: Tensor, target: Tensor): Tensor;
}

/**
 * One training step, as PyTorch's loop writes it: `optimizer.zero_grad()`, the logits
 * `model(x)`, `loss = criterion(logits, y)`, `loss.backward()`, `optimizer.step()`. Returns the
 * logits (from before the step) and the loss.
 */
export function trainingStep(
  model: Classifier,
  criterion: Criterion,
  optimizer: { zeroGrad(): void; step(): void },
  x: Tensor,
  y: Tensor,
): { logits: Tensor; loss: Tensor } {
  optimizer.zeroGrad();
  const logits = model.call(x);
  const loss = criterion.call(logits, y);
  loss.backward();
  optimizer.step();
  return { logits, loss };
}

/** A labelled set: inputs and their class indices. */
export interface Labelled {
  x: Tensor;
  y: Tensor;
}

/**
 * After training: the model in eval mode, its logits on both sets (no graph), the two accuracies
 * and the confusion matrix on the held-out set (rows: true class, columns: predicted).
 */
export function evaluate(
  model: Classifier & { eval(): unknown },
  train: Labelled,
  test: Labelled,
  classes: number,
): { trainAccuracy: number; testAccuracy: number; confusion: number[][]; testLogits: Tensor } {
  model.eval();
  const trainLogits = noGrad(() => model.call(train.x));
  const testLogits = noGrad(() => model.call(test.x));
  return {
    trainAccuracy: accuracy(trainLogits, train.y),
    testAccuracy: accuracy(testLogits, test.y),
    confusion: confusionMatrix(testLogits, test.y, classes),
    testLogits,
  };
}
