/**
 * A small CNN learns to read digits: LeNet-style `Conv2d → BatchNorm2d → ReLU → MaxPool2d` twice,
 * then `Dropout → Linear → ReLU → Linear`, trained with Adam on the seed's LabelSmoothingLoss over
 * mini-batches from a `DataLoader`. The digits are drawn by the program (examples/lib/glyphs.ts:
 * a stroke font with random rotation, scale, shift, slant and noise), so nothing is downloaded.
 * It prints the held-out accuracy and a confusion matrix and draws a grid of test images with
 * their predictions (examples/out/cnn-samples.svg and .png).
 *
 * Run: `pnpm cnn` (from the repository root), or from examples/:
 *   pnpm exec tsx --conditions=tsgrad-source cnn.ts --help
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Generator, manualSeed, type Tensor, tensor } from "@tsgrad/core";
import { LabelSmoothingLoss } from "@tsgrad/losses";
import {
  Adam,
  BatchNorm2d,
  Conv2d,
  DataLoader,
  Dropout,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  TensorDataset,
} from "@tsgrad/nn";
import { cliArgs, defaultIo, isMain, numberFlag, stringFlags, pct } from "./lib/cli.js";
import { glyphGridSvg, makeGlyphs } from "./lib/glyphs.js";
import { formatConfusion } from "./lib/metrics.js";
import { writePng } from "./lib/png.js";
import { createProgress } from "./lib/progress.js";
import { evaluate, trainingStep } from "./lib/training.js";

const CLASSES = 10;
const DEFAULT_OUT = fileURLToPath(new URL("./out/", import.meta.url));

export interface CnnOptions {
  train: number;
  test: number;
  size: number;
  epochs: number;
  batch: number;
  lr: number;
  smoothing: number;
  seed: number;
  out: string;
}

export const CNN_DEFAULTS: CnnOptions = {
  train: 2000,
  test: 500,
  size: 16,
  epochs: 3,
  batch: 32,
  lr: 0.003,
  smoothing: 0.1,
  seed: 0,
  out: DEFAULT_OUT,
};

const HELP = `Usage: pnpm cnn [-- flags]     (or: tsx --conditions=tsgrad-source cnn.ts [flags])

Trains a LeNet-style CNN on procedurally drawn digits with Adam and the seed's LabelSmoothingLoss,
then prints the held-out accuracy and a confusion matrix and draws sample predictions.

  --train N         training images                       (default ${CNN_DEFAULTS.train})
  --test N          held-out images                       (default ${CNN_DEFAULTS.test})
  --size S          image side in pixels, a multiple of 4 (default ${CNN_DEFAULTS.size})
  --epochs N        passes over the training images       (default ${CNN_DEFAULTS.epochs})
  --batch B         mini-batch size                       (default ${CNN_DEFAULTS.batch})
  --lr LR           Adam learning rate                    (default ${CNN_DEFAULTS.lr})
  --smoothing A     label smoothing α, in [0, 1)          (default ${CNN_DEFAULTS.smoothing})
  --seed S          seed for the images, init and shuffle (default ${CNN_DEFAULTS.seed})
  --out DIR         where the sample picture goes         (default examples/out/)
  -h, --help        show this help

Same seed, same numbers.`;

/**
 * The model, as a PyTorch user would write it:
 *
 *     nn.Sequential(
 *         nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
 *         nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
 *         nn.Flatten(), nn.Dropout(0.25), nn.Linear(16 * (S // 4) ** 2, 64), nn.ReLU(), nn.Linear(64, 10))
 */
export function buildCnn(size: number): Sequential {
  const side = size / 4;
  return new Sequential(
    new Conv2d(1, 8, 3, { padding: 1 }),
    new BatchNorm2d(8),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 16, 3, { padding: 1 }),
    new BatchNorm2d(16),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Dropout(0.25),
    new Linear(16 * side * side, 64),
    new ReLU(),
    new Linear(64, CLASSES),
  );
}

export interface CnnResult {
  options: CnnOptions;
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  trainAccuracy: number;
  testAccuracy: number;
  /** Rows: true digit, columns: predicted digit. */
  confusion: number[][];
  /** Where the sample picture was written (SVG; PNG beside it unless skipped). */
  picture: string | null;
}

export function parseCnnOptions(argv: string[]): CnnOptions | "help" {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: stringFlags("train", "test", "size", "epochs", "batch", "lr", "smoothing", "seed", "out"),
    strict: true,
  });
  if (values.help) return "help";
  const d = CNN_DEFAULTS;
  const int = { min: 1, integer: true };
  const size = numberFlag("size", values.size, d.size, { min: 8, integer: true });
  if (size % 4 !== 0)
    throw new Error(`--size: expected a multiple of 4 (two 2×2 poolings), got '${values.size}'`);
  return {
    train: numberFlag("train", values.train, d.train, { min: 10, integer: true }),
    test: numberFlag("test", values.test, d.test, { min: 10, integer: true }),
    size,
    epochs: numberFlag("epochs", values.epochs, d.epochs, int),
    batch: numberFlag("batch", values.batch, d.batch, int),
    lr: numberFlag("lr", values.lr, d.lr, { min: 0 }),
    smoothing: numberFlag("smoothing", values.smoothing, d.smoothing, { min: 0, max: 0.99 }),
    seed: numberFlag("seed", values.seed, d.seed, { min: 0, integer: true }),
    out: values.out === undefined ? d.out : resolve(values.out),
  };
}

/** The images as an `[n, 1, size, size]` tensor and their labels. */
function glyphTensors(n: number, seed: number, size: number): { x: Tensor; y: Tensor; images: Float32Array } {
  const g = makeGlyphs(n, seed, { size });
  return { x: tensor(g.images).reshape([n, 1, size, size]), y: tensor(g.labels), images: g.images };
}

export async function main(argv = process.argv.slice(2), io = defaultIo()): Promise<CnnResult | null> {
  const opts = parseCnnOptions(argv);
  if (opts === "help") {
    io.log(HELP);
    return null;
  }
  // Different seeds for the two sets: the held-out digits are drawn independently.
  const train = glyphTensors(opts.train, 2 * opts.seed, opts.size);
  const test = glyphTensors(opts.test, 2 * opts.seed + 1, opts.size);
  io.log(
    `Digits drawn by the program: ${opts.train} training and ${opts.test} held-out ${opts.size}×${opts.size} images, 10 classes.`,
  );

  manualSeed(opts.seed);
  const model = buildCnn(opts.size);
  io.log(model.toString());
  const criterion = new LabelSmoothingLoss(CLASSES, opts.smoothing);
  const optimizer = new Adam(model.parameters(), { lr: opts.lr });
  const loader = new DataLoader(new TensorDataset(train.x, train.y), {
    batchSize: opts.batch,
    shuffle: true,
    generator: new Generator(opts.seed),
  });
  io.log(
    `LabelSmoothingLoss(${CLASSES}, ${opts.smoothing}), Adam(lr=${opts.lr}), DataLoader(batch_size=${opts.batch}, shuffle=True), ${opts.epochs} epochs.`,
  );

  const epochLosses: number[] = [];
  const progress = createProgress(opts.epochs * loader.length, io, "cnn", 10, "step");
  let step = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    model.train();
    let total = 0;
    let batches = 0;
    for (const [x, y] of loader) {
      const { loss } = trainingStep(model, criterion, optimizer, x!, y!);
      total += loss.item();
      batches++;
      progress.update(++step, { loss: loss.item() });
    }
    epochLosses.push(total / batches);
  }
  progress.stop();

  const { testLogits, ...scores } = evaluate(model, train, test, CLASSES);
  const result: CnnResult = {
    options: opts,
    epochLosses,
    ...scores,
    picture: null,
  };
  io.log("");
  io.log(`Mean training loss per epoch: ${epochLosses.map((l) => l.toFixed(4)).join(", ")}`);
  io.log(`Train accuracy ${pct(result.trainAccuracy)}, held-out accuracy ${pct(result.testAccuracy)}.`);
  io.log("Confusion matrix on the held-out digits (rows: true digit, columns: predicted):");
  const names = Array.from({ length: CLASSES }, (_, i) => String(i));
  for (const line of formatConfusion(result.confusion, names)) io.log(`  ${line}`);

  const count = Math.min(40, opts.test);
  const svg = glyphGridSvg({
    images: test.images,
    size: opts.size,
    labels: test.y.toTypedArray(),
    predictions: testLogits.argmax(1).toTypedArray(),
    count,
    title: `Held-out digits: label → prediction (held-out accuracy ${pct(result.testAccuracy)})`,
  });
  await mkdir(opts.out, { recursive: true });
  const file = join(opts.out, "cnn-samples.svg");
  await writeFile(file, svg);
  const skipped = await writePng(svg, file.replace(/\.svg$/, ".png"));
  result.picture = file;
  io.log(`Samples: ${relative(process.cwd(), file)}${skipped ? ` (PNG skipped: ${skipped})` : " and .png"}`);
  return result;
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
