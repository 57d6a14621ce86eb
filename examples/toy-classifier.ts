/**
 * The tsgrad demo: a small MLP learns the classic 3-arm spiral (CS231n), trained with Adam on the
 * seed's LabelSmoothingLoss — with a float64 gradient check before training, a progress bar while
 * it trains, and at the end accuracy, a smoothing 0 vs 0.1 calibration comparison and pictures
 * (decision regions, training curves, reliability diagram) as SVG and PNG.
 *
 * Run: `pnpm demo` (from the repository root), or from examples/:
 *   pnpm exec tsx --conditions=tsgrad-source toy-classifier.ts --help
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Generator, gradcheck, manualSeed, noGrad, randint, randn, type Tensor } from "@tsgrad/core";
import { Adam, type Sequential } from "@tsgrad/nn";
import { cliArgs, defaultIo, type Io, isMain, numberFlag, pct } from "./lib/cli.js";
import { TRAINING_FLAGS, type TrainingFlags, trainingFlags } from "./lib/training-flags.js";
import { gradientErrors } from "./lib/gradcheck-report.js";
import { accuracy, type Calibration, calibration } from "./lib/metrics.js";
import { curvesSvg, decisionRegionsSvg, type History, reliabilitySvg, type RunSummary } from "./lib/plots.js";
import { writePng } from "./lib/png.js";
import { createProgress } from "./lib/progress.js";
import { trainingStep } from "./lib/training.js";
import { type Dataset, makeSpiral, trainTestSplit } from "./lib/spiral.js";
import { PALETTE } from "./lib/svg.js";
import { buildModel, CLASSES, makeCriterion, TEST_FRACTION, TOY_DEFAULTS } from "./lib/toy-model.js";

export { buildModel, CLASSES, makeCriterion, TEST_FRACTION } from "./lib/toy-model.js";

const DEFAULT_OUT = fileURLToPath(new URL("./out/", import.meta.url));

export interface ToyOptions extends TrainingFlags {
  smoothing: number;
  points: number;
  out: string;
  gradcheck: boolean;
  compare: boolean;
}

export const DEFAULTS: ToyOptions = {
  ...TOY_DEFAULTS,
  out: DEFAULT_OUT,
  gradcheck: true,
  compare: true,
};

const HELP = `Usage: pnpm demo [-- flags]     (or: tsx --conditions=tsgrad-source toy-classifier.ts [flags])

Trains an MLP on a 3-class spiral with Adam and the seed's LabelSmoothingLoss, checks its
gradients numerically first, then reports accuracy and calibration and draws pictures.

  --smoothing A     label smoothing α of the main run, in [0, 1)      (default ${DEFAULTS.smoothing})
  --epochs N        full-batch training epochs                        (default ${DEFAULTS.epochs})
  --hidden H        width of the two hidden layers                    (default ${DEFAULTS.hidden})
  --lr LR           Adam learning rate                                (default ${DEFAULTS.lr})
  --seed S          seed for the data, the split and the init         (default ${DEFAULTS.seed})
  --points N        points per spiral arm                             (default ${DEFAULTS.points})
  --out DIR         where the SVG/PNG pictures go                     (default examples/out/)
  --no-gradcheck    skip the float64 gradient check
  --no-compare      skip the second run (smoothing 0 vs 0.1 comparison)
  -h, --help        show this help

Same seed, same numbers.`;

/** Parses the command line into options (throws a clear Error on a bad value). */
export function parseOptions(argv: string[]): ToyOptions | "help" {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: {
      smoothing: { type: "string" },
      ...TRAINING_FLAGS,
      points: { type: "string" },
      out: { type: "string" },
      "no-gradcheck": { type: "boolean" },
      "no-compare": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  return {
    smoothing: numberFlag("smoothing", values.smoothing, DEFAULTS.smoothing, { min: 0, max: 0.99 }),
    ...trainingFlags(values, DEFAULTS),
    points: numberFlag("points", values.points, DEFAULTS.points, { min: 10, integer: true }),
    out: values.out === undefined ? DEFAULTS.out : resolve(values.out),
    gradcheck: !values["no-gradcheck"],
    compare: !values["no-compare"],
  };
}

export interface GradcheckReport {
  passed: boolean;
  /** Largest |analytic − numeric| of d loss / d logits. */
  logitsMaxError: number;
  params: { name: string; shape: readonly number[]; maxAbsError: number }[];
}

/**
 * Checks the gradients in float64 before training: the loss w.r.t. the logits, then the loss
 * w.r.t. every parameter of a float64 copy of the model on a small batch. Uses `gradcheck` from
 * @tsgrad/core for pass/fail and prints the largest absolute error per tensor.
 */
function checkGradients(model: Sequential, opts: ToyOptions, train: Dataset, io: Io): GradcheckReport {
  const gen = new Generator(opts.seed + 1);
  const criterion = makeCriterion(opts.smoothing, "float64");
  const logits = randn([8, CLASSES], { dtype: "float64", requiresGrad: true, generator: gen });
  const target = randint(0, CLASSES, [8], { generator: gen });
  io.log("Gradient check (float64, central differences, eps 1e-6, atol 1e-5, rtol 1e-3):");
  let passed = true;
  const attempt = (what: string, fn: () => boolean) => {
    try {
      return fn();
    } catch (e) {
      passed = false;
      io.log(`  FAILED: ${what}\n  ${e instanceof Error ? e.message.replace(/\n/g, "\n  ") : String(e)}`);
      return false;
    }
  };
  attempt("loss w.r.t. the logits", () => gradcheck((z) => criterion.call(z, target), [logits]));
  const [logitsErr] = gradientErrors(() => criterion.call(logits, target), [["logits", logits]]);
  io.log(`  loss w.r.t. logits [8, 3]          max |error| ${logitsErr!.maxAbsError.toExponential(2)}`);

  const model64 = buildModel(opts.hidden);
  model64.loadStateDict(model.stateDict());
  model64.double();
  const x = train.x.narrow(0, 0, 8).double();
  const y = train.y.narrow(0, 0, 8);
  const named = [...model64.namedParameters()];
  attempt("loss w.r.t. the model's parameters", () =>
    gradcheck(
      () => criterion.call(model64.call(x), y),
      named.map(([, p]) => p),
    ),
  );
  const errors = gradientErrors(
    () => criterion.call(model64.call(x), y),
    named.map(([n, p]) => [n, p] as [string, Tensor]),
  );
  for (const e of errors) {
    const label = `${e.name} [${e.shape.join(", ")}]`;
    io.log(`  loss w.r.t. ${label.padEnd(22)} max |error| ${e.maxAbsError.toExponential(2)}`);
  }
  io.log(passed ? "  gradcheck passed: backward() agrees with finite differences." : "  GRADCHECK FAILED");
  io.log("");
  return {
    passed,
    logitsMaxError: logitsErr!.maxAbsError,
    params: errors.map(({ name, shape, maxAbsError }) => ({ name, shape, maxAbsError })),
  };
}

interface TrainedRun {
  smoothing: number;
  model: Sequential;
  history: History;
  seconds: number;
}

/** Full-batch training with Adam; records loss and accuracy per epoch. Same seed → same run. */
function trainRun(smoothing: number, opts: ToyOptions, train: Dataset, test: Dataset, io: Io): TrainedRun {
  manualSeed(opts.seed);
  const model = buildModel(opts.hidden);
  const criterion = makeCriterion(smoothing);
  const optimizer = new Adam(model.parameters(), { lr: opts.lr });
  const history: History = { epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] };
  const progress = createProgress(opts.epochs, io, `train α=${smoothing}`);
  const start = performance.now();
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const { logits, loss } = trainingStep(model, criterion, optimizer, train.x, train.y);
    // Train metrics use this epoch's forward pass (before the step), as most training logs do.
    const trainAcc = accuracy(logits, train.y);
    const testLogits = noGrad(() => model.call(test.x));
    history.epoch.push(epoch);
    history.trainLoss.push(loss.item());
    history.trainAccuracy.push(trainAcc);
    history.testLoss.push(noGrad(() => criterion.call(testLogits, test.y)).item());
    history.testAccuracy.push(accuracy(testLogits, test.y));
    progress.update(epoch, { loss: loss.item(), accuracy: trainAcc });
  }
  progress.stop();
  return { smoothing, model, history, seconds: (performance.now() - start) / 1000 };
}

export interface RunReport {
  smoothing: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
  /** Calibration on the held-out split. */
  calibration: Calibration;
}

export interface ToyResult {
  options: ToyOptions;
  gradcheck: GradcheckReport | null;
  /** The main run (smoothing = options.smoothing). */
  main: RunReport;
  /** The comparison run (smoothing 0, or 0.1 if the main run has 0), unless --no-compare. */
  other: RunReport | null;
  /** Paths written (SVG, and PNG unless skipped). */
  files: string[];
  /** Why PNG output was skipped, if it was. */
  pngNote: string | null;
}

/** Runs the demo with command-line `argv`, printing through `io`. Returns null after --help. */
export async function main(argv = process.argv.slice(2), io = defaultIo()): Promise<ToyResult | null> {
  const parsed = parseOptions(argv);
  if (parsed === "help") {
    io.log(HELP);
    return null;
  }
  const opts = parsed;
  const say = (line = "") => io.log(line);

  say("tsgrad demo: a 3-class spiral, an MLP, Adam and the seed's LabelSmoothingLoss");
  say();
  const data = makeSpiral(opts.points, CLASSES, { noise: 0.2, generator: new Generator(opts.seed) });
  const { train, test } = trainTestSplit(data, TEST_FRACTION, new Generator(opts.seed + 1000));
  say(
    `Data: ${CLASSES * opts.points} points on ${CLASSES} spiral arms (${opts.points} each, angle noise 0.2), ` +
      `split ${train.y.shape[0]} train / ${test.y.shape[0]} held-out (seed ${opts.seed}).`,
  );
  manualSeed(opts.seed);
  const model = buildModel(opts.hidden);
  const nParams = [...model.parameters()].reduce((a, p) => a + p.numel(), 0);
  say(`Model (${nParams} parameters):`);
  say(model.toString());
  say(`Optimizer: Adam(lr=${opts.lr}), full batch, ${opts.epochs} epochs.`);
  const beta = round((opts.smoothing * CLASSES) / (CLASSES - 1), 4);
  say(`Loss: LabelSmoothingLoss(${CLASSES}, smoothing=${opts.smoothing}, dim=-1, weight=ones(${CLASSES}))`);
  say(
    `  The seed's default weight ones(K)/K would divide the loss and its gradients by K = ${CLASSES}. We pass`,
  );
  say(`  ones(K) for the textbook scale: the loss then equals CrossEntropyLoss(label_smoothing=${beta})`);
  say("  and reads like the NLL below. (Adam would barely notice the scale either way.)");
  say();

  let report: GradcheckReport | null = null;
  if (opts.gradcheck) {
    report = checkGradients(model, opts, train, io);
    if (!report.passed)
      throw new Error("gradcheck failed: backward() disagrees with finite differences (see above)");
  } else {
    say("Gradient check skipped (--no-gradcheck).");
    say();
  }

  const runMain = trainRun(opts.smoothing, opts, train, test, io);
  const otherSmoothing = opts.smoothing === 0 ? 0.1 : 0;
  const runOther = opts.compare ? trainRun(otherSmoothing, opts, train, test, io) : null;
  say();

  const summarize = (r: TrainedRun): RunReport => {
    r.model.eval();
    const trainLogits = noGrad(() => r.model.call(train.x));
    const testLogits = noGrad(() => r.model.call(test.x));
    return {
      smoothing: r.smoothing,
      trainAccuracy: accuracy(trainLogits, train.y),
      testAccuracy: accuracy(testLogits, test.y),
      seconds: r.seconds,
      calibration: calibration(testLogits, test.y, 15),
    };
  };
  const mainReport = summarize(runMain);
  const otherReport = runOther ? summarize(runOther) : null;
  say(
    `Result (smoothing ${opts.smoothing}): train accuracy ${pct(mainReport.trainAccuracy)}, ` +
      `held-out accuracy ${pct(mainReport.testAccuracy)}  (${runMain.seconds.toFixed(1)} s of training)`,
  );
  say();

  if (otherReport) {
    const cols = [otherReport, mainReport].sort((a, b) => a.smoothing - b.smoothing);
    say("Held-out calibration — what label smoothing is for:");
    const head = cols.map((c) => `smoothing ${c.smoothing}`.padStart(16)).join("");
    const row = (label: string, f: (r: RunReport) => string) =>
      say(`  ${label.padEnd(30)}${cols.map((c) => f(c).padStart(16)).join("")}`);
    say(`  ${"".padEnd(30)}${head}`);
    row("accuracy", (r) => pct(r.calibration.accuracy));
    row("mean confidence", (r) => pct(r.calibration.meanConfidence));
    row("expected calib. error (15 bins)", (r) => pct(r.calibration.ece));
    row("negative log-likelihood", (r) => r.calibration.nll.toFixed(4));
    const [a, b] = cols as [RunReport, RunReport];
    say(
      `  With α = ${b.smoothing} the loss is lowest at p(true class) = 1 − α = ${round(1 - b.smoothing, 4)}, so confidence drops: ` +
        `${pct(a.calibration.meanConfidence)} → ${pct(b.calibration.meanConfidence)}.`,
    );
    say(`  Here smoothing ${a.smoothing} is ${confidenceWord(a.calibration)},`);
    say(`  smoothing ${b.smoothing} is ${confidenceWord(b.calibration)}:`);
    say(
      `  smoothing ${a.calibration.ece <= b.calibration.ece ? a.smoothing : b.smoothing} has the lower ECE.`,
    );
    say("  Label smoothing pays off where a model is over-confident: big nets, noisy labels, shifted data.");
    say();
  }

  // ---- pictures -------------------------------------------------------------------------------------
  await mkdir(opts.out, { recursive: true });
  const runs: RunSummary[] = [runMain, runOther]
    .filter((r): r is TrainedRun => r !== null)
    .sort((a, b) => a.smoothing - b.smoothing)
    .map((r) => ({
      label: `smoothing ${r.smoothing}`,
      color: r.smoothing === opts.smoothing ? PALETTE[0]! : PALETTE[1]!,
      history: r.history,
      calibration: (r === runMain ? mainReport : otherReport!).calibration,
    }));
  const arch = `MLP 2-${opts.hidden}-${opts.hidden}-${CLASSES}`;
  const figures: [string, string][] = [
    [
      "decision-regions",
      decisionRegionsSvg({
        probs: (p) => runMain.model.call(p).softmax(-1),
        train,
        test,
        classes: CLASSES,
        title: `${arch}, smoothing ${opts.smoothing}: held-out accuracy ${pct(mainReport.testAccuracy)}`,
      }),
    ],
    ["curves", curvesSvg(runs, `Training the spiral classifier (${arch}, Adam lr ${opts.lr})`)],
    ["reliability", reliabilitySvg(runs, "Reliability on the held-out split (15 confidence bins)")],
  ];
  const files: string[] = [];
  let pngNote: string | null = null;
  for (const [name, svg] of figures) {
    const svgPath = join(opts.out, `${name}.svg`);
    await writeFile(svgPath, svg);
    files.push(svgPath);
    if (pngNote === null) {
      const pngPath = join(opts.out, `${name}.png`);
      pngNote = await writePng(svg, pngPath);
      if (pngNote === null) files.push(pngPath);
    }
  }
  say("Pictures:");
  for (const f of files) {
    // pnpm runs the script inside examples/; INIT_CWD is where the user typed the command.
    const rel = relative(process.env.INIT_CWD ?? process.cwd(), f);
    say(`  ${rel.startsWith("..") ? f : rel}`);
  }
  if (pngNote) say(`  (${pngNote})`);
  return { options: opts, gradcheck: report, main: mainReport, other: otherReport, files, pngNote };
}

/** "over-confident (98.0 % sure, 95.0 % right)" and the like, from mean confidence vs accuracy. */
function confidenceWord(c: Calibration): string {
  const gap = c.meanConfidence - c.accuracy;
  const word = Math.abs(gap) < 0.01 ? "about right" : gap > 0 ? "over-confident" : "under-confident";
  return `${word} (${pct(c.meanConfidence)} sure, ${pct(c.accuracy)} right)`;
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
