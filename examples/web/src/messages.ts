/** What the page and the training worker say to each other (structured-clone friendly). */
import type { EpochReport, TrainOptions } from "./train.js";

export type ToWorker = { type: "start"; options: TrainOptions };

export interface Grid {
  size: number;
  classes: Uint8Array;
  confidence: Float32Array;
}

export type FromWorker =
  | {
      type: "setup";
      model: string;
      parameters: { name: string; shape: number[] }[];
      train: { x: Float32Array; y: Int32Array };
      test: { x: Float32Array; y: Int32Array };
    }
  | { type: "gradcheck"; passed: boolean }
  | ({ type: "epoch"; grid: Grid | null } & EpochReport)
  | { type: "done"; seconds: number; testAccuracy: number }
  | { type: "error"; message: string };
