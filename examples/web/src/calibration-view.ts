/**
 * The calibration table and reliability diagram of the toy classifier's two runs (smoothing 0 and
 * 0.1), as `pnpm demo` prints and draws them: the same numbers (examples/lib/metrics.ts) and the
 * same SVG (examples/lib/plots.ts `reliabilitySvg`).
 */
import { reliabilitySvg } from "../../lib/plots.js";
import { PALETTE } from "../../lib/svg.js";
import type { CalibrationRow } from "./messages.js";

/** A fraction as a percentage with one decimal, as the demo prints it: 0.9917 → "99.2 %". */
export const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

const NO_HISTORY = { epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] };

export function renderCalibration(
  rows: readonly CalibrationRow[],
  table: HTMLElement,
  diagram: HTMLElement,
  verdict: HTMLElement,
): void {
  table.querySelector("tbody")!.replaceChildren(
    ...rows.map(({ smoothing, calibration: c }) => {
      const tr = document.createElement("tr");
      tr.dataset.smoothing = String(smoothing);
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = `smoothing ${smoothing}`;
      tr.append(th);
      for (const [key, text] of [
        ["accuracy", pct(c.accuracy)],
        ["confidence", pct(c.meanConfidence)],
        ["ece", pct(c.ece)],
        ["nll", c.nll.toFixed(4)],
      ] as const) {
        const td = document.createElement("td");
        td.dataset.key = key;
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
  const [a, b] = rows as [CalibrationRow, CalibrationRow];
  verdict.textContent =
    `With α = ${b.smoothing} the loss is lowest at p(true class) = 1 − α, so confidence drops: ` +
    `${pct(a.calibration.meanConfidence)} → ${pct(b.calibration.meanConfidence)}. ` +
    `Smoothing ${a.calibration.ece <= b.calibration.ece ? a.smoothing : b.smoothing} has the lower ECE here.`;
  const svg = reliabilitySvg(
    rows.map((r, i) => ({
      label: `smoothing ${r.smoothing}`,
      color: PALETTE[i === 1 ? 0 : 1]!,
      history: NO_HISTORY,
      calibration: r.calibration,
    })),
    "Reliability on the held-out split (15 confidence bins)",
  );
  // The SVG is built here from numbers (no user text), so inserting it as markup is safe.
  diagram.innerHTML = svg;
}
