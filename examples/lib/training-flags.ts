/** The flags both classifier examples (toy-classifier.ts, iris.ts) take, parsed with the same checks. */
import { numberFlag } from "./cli.js";

/** The training flags both classifiers take, as `parseArgs` options (each a string to check). */
export const TRAINING_FLAGS = {
  epochs: { type: "string" },
  hidden: { type: "string" },
  lr: { type: "string" },
  seed: { type: "string" },
} as const;

/** The values of {@link TRAINING_FLAGS}. */
export interface TrainingFlags {
  epochs: number;
  hidden: number;
  lr: number;
  seed: number;
}

/** Parses the {@link TRAINING_FLAGS} (each falls back to `defaults`), in this order. */
export function trainingFlags(
  values: { [K in keyof TrainingFlags]?: string | undefined },
  defaults: TrainingFlags,
): TrainingFlags {
  return {
    epochs: numberFlag("epochs", values.epochs, defaults.epochs, { min: 1, integer: true }),
    hidden: numberFlag("hidden", values.hidden, defaults.hidden, { min: 1, integer: true }),
    lr: numberFlag("lr", values.lr, defaults.lr, { min: 0 }),
    seed: numberFlag("seed", values.seed, defaults.seed, { min: 0, integer: true }),
  };
}
