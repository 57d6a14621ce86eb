/**
 * Classification metrics computed from logits: accuracy, a confusion matrix, and calibration
 * (mean confidence, expected calibration error, negative log-likelihood, reliability bins).
 * Evaluation only: everything runs under `noGrad` and ends as plain JS numbers.
 */
import { noGrad, type Tensor } from "@tsgrad/core";

/** Fraction of rows whose argmax of `logits` (`[n, K]`) equals the target (`[n]`). */
export function accuracy(logits: Tensor, target: Tensor): number {
  return noGrad(() => logits.argmax(1).eq(target).to("float32").mean().item());
}

/**
 * `m[i][j]` = number of samples of true class i predicted as class j (rows: truth, columns: prediction),
 * as in scikit-learn's `confusion_matrix`.
 */
export function confusionMatrix(logits: Tensor, target: Tensor, classes: number): number[][] {
  const pred = noGrad(() => logits.argmax(1)).toTypedArray();
  const y = target.toTypedArray();
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < y.length; i++) m[y[i]!]![pred[i]!]!++;
  return m;
}

/** Renders a confusion matrix as an aligned text table with class names. */
export function formatConfusion(m: number[][], names: readonly string[]): string[] {
  const w = Math.max(...names.map((s) => s.length), ...m.flat().map((v) => String(v).length), 4);
  const cell = (s: string) => s.padStart(w);
  const head = `${" ".repeat(w)}  ${names.map(cell).join(" ")}   <- predicted`;
  const rows = m.map((row, i) => `${cell(names[i]!)}  ${row.map((v) => cell(String(v))).join(" ")}`);
  return [head, ...rows];
}

/** One confidence bin of a reliability diagram. */
export interface CalibrationBin {
  /** Bin edges: the bin holds confidences in (lo, hi] (the first also holds lo). */
  lo: number;
  hi: number;
  count: number;
  /** Accuracy of the samples in the bin (NaN when empty). */
  accuracy: number;
  /** Mean confidence of the samples in the bin (NaN when empty). */
  confidence: number;
}

export interface Calibration {
  accuracy: number;
  /** Mean of the top softmax probability. */
  meanConfidence: number;
  /** Expected calibration error: Σ_b (n_b / n)·|acc_b − conf_b| over equal-width bins. */
  ece: number;
  /** Negative log-likelihood of the true class, −mean log p_y (natural log). */
  nll: number;
  bins: CalibrationBin[];
}

/**
 * Calibration of a classifier from its logits (`[n, K]`) and targets (`[n]`), with `nBins`
 * equal-width confidence bins (Guo et al., 2017, "On Calibration of Modern Neural Networks").
 */
export function calibration(logits: Tensor, target: Tensor, nBins = 15): Calibration {
  const [n, k] = logits.shape as [number, number];
  const logp = noGrad(() => logits.logSoftmax(1).to("float64")).toTypedArray();
  const y = target.toTypedArray();
  const count = new Float64Array(nBins);
  const correct = new Float64Array(nBins);
  const confSum = new Float64Array(nBins);
  let nll = 0;
  let hits = 0;
  let confTotal = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logp[i * k + c]! > logp[i * k + best]!) best = c;
    const conf = Math.exp(logp[i * k + best]!);
    const ok = best === y[i] ? 1 : 0;
    nll -= logp[i * k + y[i]!]!;
    hits += ok;
    confTotal += conf;
    // Bin b holds (b/B, (b+1)/B]; confidence is at least 1/K > 0, so nothing falls below bin 0.
    const b = Math.min(nBins - 1, Math.max(0, Math.ceil(conf * nBins) - 1));
    count[b]!++;
    correct[b]! += ok;
    confSum[b]! += conf;
  }
  let ece = 0;
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    const c = count[b]!;
    const acc = c > 0 ? correct[b]! / c : Number.NaN;
    const conf = c > 0 ? confSum[b]! / c : Number.NaN;
    if (c > 0) ece += (c / n) * Math.abs(acc - conf);
    bins.push({ lo: b / nBins, hi: (b + 1) / nBins, count: c, accuracy: acc, confidence: conf });
  }
  return { accuracy: hits / n, meanConfidence: confTotal / n, ece, nll: nll / n, bins };
}
