/**
 * Training progress: a live cli-progress bar on a terminal, plain periodic lines elsewhere (CI,
 * pipes, tests), so logs stay readable and diffable.
 */
import cliProgress from "cli-progress";
import type { Io } from "./cli.js";

export interface ProgressValues {
  loss: number;
  /** Left out by the examples that do not measure it per step (the char LM). */
  accuracy?: number;
}

export interface Progress {
  /** Reports the end of `epoch` (1-based). */
  update(epoch: number, values: ProgressValues): void;
  /** Finishes the bar (or prints nothing more in plain mode). */
  stop(): void;
}

/**
 * A progress reporter for `total` epochs (or steps: `unit`). With `io.interactive` it draws a bar;
 * otherwise it prints about `lines` evenly spaced lines (always including the last one).
 */
export function createProgress(total: number, io: Io, label = "train", lines = 10, unit = "epoch"): Progress {
  const acc = (v: ProgressValues) => (v.accuracy === undefined ? "" : `${(100 * v.accuracy).toFixed(1)}%`);
  if (io.interactive) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| ${unit} {value}/{total} | loss {loss} | acc {acc} | {duration_formatted}`,
        barsize: 28,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { loss: "-.----", acc: "--.-%" });
    return {
      update(epoch, v) {
        bar.update(epoch, { loss: v.loss.toFixed(4), acc: acc(v) || "-" });
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
        `${label} ${unit} ${String(epoch).padStart(width)}/${total}  loss ${v.loss.toFixed(4)}${v.accuracy === undefined ? "" : `  acc ${acc(v)}`}`,
      );
    },
    stop() {},
  };
}
