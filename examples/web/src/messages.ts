/** What the page and the training worker say to each other (structured-clone friendly). */
import type { CpuCapability } from "@tsgrad/core";
import type { Calibration } from "../../lib/metrics.js";
import type { TrainOptions } from "./train.js";

/** "start" trains a fresh model; "stop" aborts the run (the worker then sends "stopped" with the weights). */
export type ToWorker = { type: "start"; options: TrainOptions } | { type: "stop" };

export interface Grid {
  size: number;
  classes: Uint8Array;
  confidence: Float32Array;
}

/** One row of the calibration table: a run's smoothing and its held-out calibration. */
export interface CalibrationRow {
  smoothing: number;
  calibration: Calibration;
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
  | { type: "epoch"; epoch: number; loss: number; testAccuracy: number; grid: Grid | null }
  /** Training finished; `weights` are the model's safetensors bytes. */
  | { type: "done"; seconds: number; testAccuracy: number; weights: Uint8Array }
  | { type: "stopped"; epoch: number; weights: Uint8Array }
  /** After "done": the run and the comparison run (smoothing 0, or 0.1), sorted by smoothing. */
  | { type: "calibration"; rows: CalibrationRow[] }
  /**
   * At start-up: the threads a large product uses here (`await ready()`), a 384×384 float32 matmul's
   * time on 1 thread and on all of them, and whether both gave the same bits.
   */
  | {
      type: "threads";
      threads: number;
      oneMs: number;
      manyMs: number;
      identical: boolean;
      capability: CpuCapability;
    }
  | { type: "error"; message: string };
