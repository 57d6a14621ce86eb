/**
 * Training progress: a live cli-progress bar on a terminal, plain periodic lines elsewhere (CI,
 * pipes, tests), so logs stay readable and diffable.
 */
import cliProgress from "cli-progress";
import type { Io } from "./cli.js";

export interface ProgressValues {
  loss: number;
  accuracy: number;
}

export interface Progress {
  /** Reports the end of `epoch` (1-based). */
  update(epoch: number, values: ProgressValues): void;
  /** Finishes the bar (or prints nothing more in plain mode). */
  stop(): void;
}

/**
 * A progress reporter for `total` epochs. With `io.interactive` it draws a bar; otherwise it
 * prints about `lines` evenly spaced lines (always including the last epoch).
 */
export function createProgress(total: number, io: Io, label = "train", lines = 10): Progress {
  if (io.interactive) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| epoch {value}/{total} | loss {loss} | acc {acc} | {duration_formatted}`,
        barsize: 28,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { loss: "-.----", acc: "--.-%" });
    return {
      update(epoch, v) {
        bar.update(epoch, { loss: v.loss.toFixed(4), acc: `${(100 * v.accuracy).toFixed(1)}%` });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const every = Math.max(1, Math.ceil(total / lines));
  const width = String(total).length;
  return {
    update(epoch, v) {
      if (epoch % every !== 0 && epoch !== total) return;
      io.log(
        `${label} epoch ${String(epoch).padStart(width)}/${total}  loss ${v.loss.toFixed(4)}  acc ${(100 * v.accuracy).toFixed(1)}%`,
      );
    },
    stop() {},
  };
}
