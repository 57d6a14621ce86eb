import { tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { accuracy, calibration, confusionMatrix, formatConfusion } from "./metrics.js";

// Logits whose softmax rows are exactly the probabilities below (log p is a valid logit).
const probs = [
  [0.7, 0.2, 0.1], // conf 0.7, pred 0, true 0: right
  [0.1, 0.85, 0.05], // conf 0.85, pred 1, true 2: wrong
  [0.05, 0.05, 0.9], // conf 0.9, pred 2, true 2: right
  [0.4, 0.35, 0.25], // conf 0.4, pred 0, true 1: wrong
];
const logits = tensor(
  probs.map((r) => r.map(Math.log)),
  { dtype: "float64" },
);
const target = tensor([0, 2, 2, 1]);

describe("metrics", () => {
  it("accuracy and the confusion matrix count argmax predictions (rows truth, columns prediction)", () => {
    expect(accuracy(logits, target)).toBe(0.5);
    expect(confusionMatrix(logits, target, 3)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 1],
    ]);
    const lines = formatConfusion(
      [
        [1, 0],
        [2, 3],
      ],
      ["cat", "dog"],
    );
    expect(lines[0]).toContain("<- predicted");
    expect(lines[2]).toMatch(/^ +dog +2 +3$/);
  });

  it("computes mean confidence, NLL and ECE by hand-checkable formulas", () => {
    const c = calibration(logits, target, 10);
    expect(c.accuracy).toBe(0.5);
    expect(c.meanConfidence).toBeCloseTo((0.7 + 0.85 + 0.9 + 0.4) / 4, 12);
    expect(c.nll).toBeCloseTo(-(Math.log(0.7) + Math.log(0.05) + Math.log(0.9) + Math.log(0.35)) / 4, 12);
    // Bins of width 0.1 holding (lo, hi]: 0.4 → bin 3, 0.7 → bin 6, 0.85 → bin 8, 0.9 → bin 8.
    expect(c.bins.map((b) => b.count)).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 2, 0]);
    expect(c.bins[8]!.accuracy).toBe(0.5);
    expect(c.bins[8]!.confidence).toBeCloseTo(0.875, 12);
    expect(Number.isNaN(c.bins[0]!.accuracy)).toBe(true);
    const ece = (1 / 4) * Math.abs(0 - 0.4) + (1 / 4) * Math.abs(1 - 0.7) + (2 / 4) * Math.abs(0.5 - 0.875);
    expect(c.ece).toBeCloseTo(ece, 12);
  });

  it("puts a confidence of exactly 1 in the last bin", () => {
    const sure = tensor([[0, -1000, -1000]], { dtype: "float64" });
    const c = calibration(sure, tensor([0]), 15);
    expect(c.bins[14]!.count).toBe(1);
    expect(c.ece).toBe(0);
  });
});
