/**
 * The toy classifier's pictures, drawn with the small SVG helper: decision regions with the data,
 * loss and accuracy curves, and a reliability diagram.
 */
import { noGrad, type Tensor, tensor } from "@tsgrad/core";
import type { Calibration } from "./metrics.js";
import type { Dataset } from "./spiral.js";
import { Axes, type LegendEntry, legendRow, PALETTE, Svg } from "./svg.js";

/** Per-epoch numbers recorded while training. */
export interface History {
  epoch: number[];
  trainLoss: number[];
  testLoss: number[];
  trainAccuracy: number[];
  testAccuracy: number[];
}

/** One trained model's record, for plots that compare runs. */
export interface RunSummary {
  label: string;
  color: string;
  history: History;
  calibration: Calibration;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** `#rrggbb` drawn at opacity `alpha` over white, as an opaque colour. */
function mixWithWhite(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * alpha + 255 * (1 - alpha));
  return `rgb(${ch(16)},${ch(8)},${ch(0)})`;
}

/**
 * Decision regions of a 2-D classifier: each grid cell is coloured by the predicted class, paler
 * where the model is less sure; train points are small dots, held-out points ringed, and held-out
 * mistakes crossed.
 *
 * @param probs maps points `[m, 2]` to class probabilities `[m, K]`.
 */
export function decisionRegionsSvg(options: {
  probs: (points: Tensor) => Tensor;
  train: Dataset;
  test: Dataset;
  classes: number;
  title: string;
  extent?: number;
  resolution?: number;
}): string {
  const { classes, extent = 1.15, resolution = 150 } = options;
  const svg = new Svg(720, 560);
  const ax = new Axes(
    svg,
    { x: 80, y: 50, width: 450, height: 450 },
    {
      x: [-extent, extent],
      y: [-extent, extent],
      title: options.title,
      xLabel: "x₁",
      yLabel: "x₂",
      grid: false,
    },
  );
  ax.background();

  // Predict on the centres of a resolution × resolution grid, row by row from the top.
  const g = resolution;
  const cell = (2 * extent) / g;
  const grid = new Float32Array(g * g * 2);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      grid[2 * (r * g + c)] = -extent + (c + 0.5) * cell;
      grid[2 * (r * g + c) + 1] = extent - (r + 0.5) * cell;
    }
  }
  const p = noGrad(() => options.probs(tensor(grid).reshape([g * g, 2]))).toTypedArray();
  // Shade in 4 steps of confidence (from 1/K to 1); equal neighbours merge into one rectangle per run.
  // Colours are pre-blended with white and opaque, so touching rectangles leave no seams or overlaps.
  const levels = [0.1, 0.2, 0.32, 0.45];
  const shades = PALETTE.slice(0, classes).map((c) => levels.map((a) => mixWithWhite(c, a)));
  const pxW = ax.box.width / g;
  const pxH = ax.box.height / g;
  svg.group({ shapeRendering: "crispEdges" });
  for (let r = 0; r < g; r++) {
    let start = 0;
    let key = -1;
    const flush = (end: number) => {
      if (key < 0) return;
      const cls = Math.floor(key / levels.length);
      svg.rect(ax.box.x + start * pxW, ax.box.y + r * pxH, (end - start) * pxW, pxH, {
        fill: shades[cls]![key % levels.length],
      });
    };
    for (let c = 0; c <= g; c++) {
      let k = -1;
      if (c < g) {
        const base = (r * g + c) * classes;
        let best = 0;
        for (let j = 1; j < classes; j++) if (p[base + j]! > p[base + best]!) best = j;
        const sure = (p[base + best]! - 1 / classes) / (1 - 1 / classes);
        k = best * levels.length + Math.min(levels.length - 1, Math.floor(sure * levels.length));
      }
      if (k !== key) {
        flush(c);
        start = c;
        key = k;
      }
    }
  }
  svg.end();

  const split = (d: Dataset) => {
    const x = d.x.toTypedArray();
    const y = d.y.toTypedArray();
    return { x, y };
  };
  const tr = split(options.train);
  const te = split(options.test);
  const testPred = noGrad(() => options.probs(options.test.x).argmax(1)).toTypedArray();
  for (let j = 0; j < classes; j++) {
    const pick = (s: { x: ArrayLike<number>; y: ArrayLike<number> }) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < s.y.length; i++) {
        if (s.y[i] === j) {
          xs.push(s.x[2 * i]!);
          ys.push(s.x[2 * i + 1]!);
        }
      }
      return [xs, ys] as const;
    };
    const [txs, tys] = pick(tr);
    ax.scatter(txs, tys, 3, { fill: PALETTE[j], stroke: "#ffffff", strokeWidth: 0.6 });
    const [hxs, hys] = pick(te);
    ax.scatter(hxs, hys, 4.5, { fill: PALETTE[j], stroke: "#000000", strokeWidth: 1.3 });
  }
  const wrongX: number[] = [];
  const wrongY: number[] = [];
  for (let i = 0; i < te.y.length; i++) {
    if (testPred[i] !== te.y[i]) {
      wrongX.push(te.x[2 * i]!);
      wrongY.push(te.x[2 * i + 1]!);
    }
  }
  ax.crosses(wrongX, wrongY, 6);
  ax.frame();
  const entries: LegendEntry[] = [];
  for (let j = 0; j < classes; j++)
    entries.push({ label: `class ${j}`, kind: "box", color: PALETTE[j]!, opacity: 0.45 });
  entries.push(
    { label: "train point", kind: "marker", color: "#888888", stroke: "#ffffff", r: 3 },
    { label: "held-out point", kind: "marker", color: "#888888", stroke: "#000000", r: 4.5 },
  );
  if (wrongX.length > 0) {
    entries.push({
      label: "held-out mistake",
      kind: "marker",
      color: "#888888",
      stroke: "#000000",
      r: 4.5,
      cross: true,
    });
  }
  ax.legend(entries, { x: ax.box.x + ax.box.width + 18, y: ax.box.y });
  svg.text(ax.box.x + ax.box.width + 18, ax.box.y + entries.length * 20 + 36, "paler = less confident", {
    fontSize: 12,
    fill: "#555555",
  });
  return svg.toString();
}

/** Loss (left) and accuracy (right) per epoch, train solid and held-out dashed, one colour per run. */
export function curvesSvg(runs: readonly RunSummary[], title: string): string {
  const svg = new Svg(1000, 470);
  svg.text(500, 24, title, { textAnchor: "middle", fontSize: 16, fontWeight: "bold" });
  const epochs = Math.max(...runs.map((r) => r.history.epoch.at(-1) ?? 1));
  const maxLoss = Math.max(
    ...runs.flatMap((r) => [...r.history.trainLoss, ...r.history.testLoss]).filter(Number.isFinite),
  );
  const lossAx = new Axes(
    svg,
    { x: 80, y: 70, width: 370, height: 320 },
    {
      x: [0, epochs],
      y: [0, maxLoss * 1.05],
      title: "Loss",
      xLabel: "epoch",
      yLabel: "loss (training objective)",
    },
  );
  const minAcc = Math.min(...runs.flatMap((r) => [...r.history.trainAccuracy, ...r.history.testAccuracy]));
  const accLo = Math.max(0, Math.floor(minAcc * 10) / 10);
  const accAx = new Axes(
    svg,
    { x: 590, y: 70, width: 370, height: 320 },
    {
      x: [0, epochs],
      y: [accLo, 1],
      title: "Accuracy",
      xLabel: "epoch",
      yLabel: "accuracy",
      yFormat: percent,
    },
  );
  for (const [ax, keyA, keyB] of [
    [lossAx, "trainLoss", "testLoss"],
    [accAx, "trainAccuracy", "testAccuracy"],
  ] as const) {
    ax.background();
    for (const run of runs) {
      ax.line(run.history.epoch, run.history[keyA], { stroke: run.color });
      ax.line(run.history.epoch, run.history[keyB], { stroke: run.color, strokeDasharray: "6 4" });
    }
    ax.frame();
  }
  const entries: LegendEntry[] = runs.flatMap((run) => [
    { label: `train, ${run.label}`, kind: "line" as const, color: run.color },
    { label: `held-out, ${run.label}`, kind: "line" as const, color: run.color, dash: "6 4" },
  ]);
  lossAx.legend(entries, "top-right");
  accAx.legend(entries, "bottom-right");
  return svg.toString();
}

/**
 * Reliability diagrams, one panel per run: bars show the accuracy in each confidence bin, a black
 * tick the bin's mean confidence, red hatching the gap between them, and the dashed diagonal is
 * perfect calibration (accuracy = confidence).
 */
export function reliabilitySvg(runs: readonly RunSummary[], title: string): string {
  const panelW = 360;
  const svg = new Svg(110 + runs.length * (panelW + 100), 550);
  svg.raw(
    '<defs><pattern id="gap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#ffffff" fill-opacity="0.35"/>' +
      '<line x1="0" y1="0" x2="0" y2="6" stroke="#d62728" stroke-width="2.2"/></pattern></defs>',
  );
  svg.text(svg.width / 2, 24, title, { textAnchor: "middle", fontSize: 16, fontWeight: "bold" });
  runs.forEach((run, i) => {
    const c = run.calibration;
    const ax = new Axes(
      svg,
      { x: 90 + i * (panelW + 100), y: 104, width: panelW, height: 360 },
      {
        x: [0, 1],
        y: [0, 1],
        title: `${run.label}: ECE ${(100 * c.ece).toFixed(2)}%`,
        xLabel: "confidence (top softmax probability)",
        yLabel: "accuracy in bin",
        xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
        yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      },
    );
    ax.background();
    for (const b of c.bins) {
      if (b.count === 0) continue;
      const x0 = ax.sx(b.lo);
      const w = ax.sx(b.hi) - x0;
      svg.rect(x0, ax.sy(b.accuracy), w, ax.sy(0) - ax.sy(b.accuracy), {
        fill: run.color,
        fillOpacity: 0.85,
        stroke: "#ffffff",
        strokeWidth: 0.8,
      });
      const top = Math.max(b.accuracy, b.confidence);
      const bottom = Math.min(b.accuracy, b.confidence);
      svg.rect(x0, ax.sy(top), w, ax.sy(bottom) - ax.sy(top), {
        fill: "url(#gap-hatch)",
        stroke: "#d62728",
        strokeWidth: 1,
      });
      svg.line(x0, ax.sy(b.confidence), x0 + w, ax.sy(b.confidence), { stroke: "#000000", strokeWidth: 2.5 });
    }
    ax.line([0, 1], [0, 1], { stroke: "#444444", strokeWidth: 1.5, strokeDasharray: "5 4" });
    ax.frame();
    const n = c.bins.reduce((a, b) => a + b.count, 0);
    const note = `accuracy ${(100 * c.accuracy).toFixed(1)}%, mean confidence ${(100 * c.meanConfidence).toFixed(1)}%, n = ${n}`;
    svg.text(ax.box.x + ax.box.width / 2, ax.box.y + ax.box.height + 62, note, {
      textAnchor: "middle",
      fontSize: 12,
      fill: "#444444",
    });
  });
  legendRow(
    svg,
    [
      ...runs.map((r) => ({
        label: `accuracy in bin (${r.label})`,
        kind: "box" as const,
        color: r.color,
        opacity: 0.85,
      })),
      { label: "mean confidence in bin", kind: "line", color: "#000000", width: 2.5 },
      { label: "gap", kind: "box", color: "url(#gap-hatch)" },
      { label: "perfect calibration", kind: "line", color: "#444444", dash: "5 4", width: 1.5 },
    ],
    svg.width / 2,
    52,
  );
  return svg.toString();
}
