/**
 * Character-level language models on a made-up text (examples/lib/text.ts: sentences of a small
 * grammar, drawn from a seed, so nothing is downloaded): a GRU, and a tiny causal
 * TransformerEncoder, each `Embedding → … → Linear` over the characters, trained with Adam on
 * cross-entropy to predict the next character. Each prints samples of new text before and after
 * training, so you can watch words, "a"/"an" and full stops appear.
 *
 * Run: `pnpm charlm` (from the repository root), or from examples/:
 *   pnpm exec tsx --conditions=tsgrad-source charlm.ts --help
 */
import { parseArgs } from "node:util";
import { arange, Generator, manualSeed, noGrad, type Tensor, tensor } from "@tsgrad/core";
import { crossEntropy } from "@tsgrad/losses";
import {
  Adam,
  Embedding,
  GRU,
  Linear,
  Module,
  Transformer,
  TransformerEncoder,
  TransformerEncoderLayer,
} from "@tsgrad/nn";
import { cliArgs, defaultIo, isMain, numberFlag, stringFlags } from "./lib/cli.js";
import { createProgress } from "./lib/progress.js";
import { trainingStep } from "./lib/training.js";
import { makeText, type Vocabulary, vocabulary } from "./lib/text.js";

export type ModelKind = "gru" | "transformer";

export interface CharLmOptions {
  models: ModelKind[];
  steps: number;
  batch: number;
  context: number;
  hidden: number;
  lr: number;
  chars: number;
  sample: number;
  temperature: number;
  seed: number;
}

export const CHARLM_DEFAULTS: CharLmOptions = {
  models: ["gru", "transformer"],
  steps: 150,
  batch: 16,
  context: 32,
  hidden: 64,
  lr: 0.005,
  chars: 20000,
  sample: 80,
  temperature: 0.7,
  seed: 0,
};

const HELP = `Usage: pnpm charlm [-- flags]     (or: tsx --conditions=tsgrad-source charlm.ts [flags])

Trains character-level language models (a GRU and a tiny causal TransformerEncoder) on a made-up
text and prints samples before and after training.

  --model M         gru, transformer or all               (default all)
  --steps N         training steps (mini-batches)         (default ${CHARLM_DEFAULTS.steps})
  --batch B         windows per mini-batch                (default ${CHARLM_DEFAULTS.batch})
  --context T       characters per window                 (default ${CHARLM_DEFAULTS.context})
  --hidden H        GRU hidden size / transformer width   (default ${CHARLM_DEFAULTS.hidden})
  --lr LR           Adam learning rate                    (default ${CHARLM_DEFAULTS.lr})
  --chars N         length of the made-up text            (default ${CHARLM_DEFAULTS.chars})
  --sample N        characters per sample                 (default ${CHARLM_DEFAULTS.sample})
  --temperature T   sampling temperature, > 0             (default ${CHARLM_DEFAULTS.temperature})
  --seed S          seed for the text, init and batches   (default ${CHARLM_DEFAULTS.seed})
  -h, --help        show this help

Same seed, same numbers.`;

/** `Embedding → GRU(batch_first) → Linear`: logits for the next character at every position. */
export class GruLm extends Module {
  static override readonly typeName: string = "GruLm";
  embed: Embedding;
  rnn: GRU;
  head: Linear;
  constructor(vocab: number, hidden: number) {
    super();
    this.embed = this.registerModule("embed", new Embedding(vocab, 32));
    this.rnn = this.registerModule("rnn", new GRU(32, hidden, { batchFirst: true }));
    this.head = this.registerModule("head", new Linear(hidden, vocab));
  }
  override forward(ids: Tensor): Tensor {
    const [out] = this.rnn.call(this.embed.call(ids)) as [Tensor, Tensor];
    return this.head.call(out);
  }
}

/**
 * Token and position embeddings → a 2-layer TransformerEncoder with a causal mask (each position
 * sees only itself and the past) → Linear.
 */
export class TransformerLm extends Module {
  static override readonly typeName: string = "TransformerLm";
  embed: Embedding;
  position: Embedding;
  encoder: TransformerEncoder;
  head: Linear;
  constructor(vocab: number, width: number, context: number) {
    super();
    this.embed = this.registerModule("embed", new Embedding(vocab, width));
    this.position = this.registerModule("position", new Embedding(context, width));
    const layer = new TransformerEncoderLayer(width, 4, {
      dimFeedforward: 2 * width,
      dropout: 0,
      batchFirst: true,
    });
    this.encoder = this.registerModule("encoder", new TransformerEncoder(layer, 2));
    this.head = this.registerModule("head", new Linear(width, vocab));
  }
  override forward(ids: Tensor): Tensor {
    const t = ids.size(1);
    const h = this.embed.call(ids).add(this.position.call(arange(t)));
    const mask = Transformer.generateSquareSubsequentMask(t);
    return this.head.call(this.encoder.call(h, { mask }) as Tensor);
  }
}

/** A mini-batch of random windows: inputs `[batch, T]` and the next characters `[batch, T]`. */
function batchOf(ids: Int32Array, batch: number, context: number, gen: Generator): [Tensor, Tensor] {
  const x = new Int32Array(batch * context);
  const y = new Int32Array(batch * context);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(gen.random() * (ids.length - context - 1));
    x.set(ids.subarray(start, start + context), b * context);
    y.set(ids.subarray(start + 1, start + context + 1), b * context);
  }
  return [tensor(x).reshape([batch, context]), tensor(y).reshape([batch, context])];
}

/** `length` new characters after `prompt`, each drawn from softmax(logits / temperature). */
export function sample(
  model: Module,
  vocab: Vocabulary,
  prompt: string,
  length: number,
  context: number,
  temperature: number,
  gen: Generator,
): string {
  const ids = Array.from(vocab.encode(prompt));
  noGrad(() => {
    for (let i = 0; i < length; i++) {
      const window = ids.slice(-context);
      const logits = (model.call(tensor([window])) as Tensor).select(1, window.length - 1);
      const next = logits.div(temperature).softmax(-1).multinomial(1, false, { generator: gen });
      ids.push(next.item());
    }
  });
  return vocab.decode(ids.slice(prompt.length));
}

export interface CharLmRun {
  model: ModelKind;
  before: string;
  after: string;
  firstLoss: number;
  lastLoss: number;
}

export function parseCharLmOptions(argv: string[]): CharLmOptions | "help" {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: stringFlags(
      "model",
      "steps",
      "batch",
      "context",
      "hidden",
      "lr",
      "chars",
      "sample",
      "temperature",
      "seed",
    ),
    strict: true,
  });
  if (values.help) return "help";
  const d = CHARLM_DEFAULTS;
  const m = values.model ?? "all";
  if (!["gru", "transformer", "all"].includes(m)) {
    throw new Error(`--model: expected gru, transformer or all, got '${m}'`);
  }
  const int = { min: 1, integer: true };
  const context = numberFlag("context", values.context, d.context, { min: 2, integer: true });
  return {
    models: m === "all" ? ["gru", "transformer"] : [m as ModelKind],
    steps: numberFlag("steps", values.steps, d.steps, int),
    batch: numberFlag("batch", values.batch, d.batch, int),
    context,
    hidden: numberFlag("hidden", values.hidden, d.hidden, { min: 4, integer: true }),
    lr: numberFlag("lr", values.lr, d.lr, { min: 0 }),
    chars: numberFlag("chars", values.chars, d.chars, { min: 4 * context, integer: true }),
    sample: numberFlag("sample", values.sample, d.sample, int),
    temperature: numberFlag("temperature", values.temperature, d.temperature, { min: 0.01 }),
    seed: numberFlag("seed", values.seed, d.seed, { min: 0, integer: true }),
  };
}

export async function main(argv = process.argv.slice(2), io = defaultIo()): Promise<CharLmRun[] | null> {
  const opts = parseCharLmOptions(argv);
  if (opts === "help") {
    io.log(HELP);
    return null;
  }
  const text = makeText(opts.chars, opts.seed);
  const vocab = vocabulary(text);
  const ids = vocab.encode(text);
  io.log(`A made-up text of ${text.length} characters, ${vocab.chars.length} distinct; it begins:`);
  io.log(`  ${text.slice(0, 120)}…`);
  const runs: CharLmRun[] = [];
  for (const kind of opts.models) {
    manualSeed(opts.seed);
    const model =
      kind === "gru"
        ? new GruLm(vocab.chars.length, opts.hidden)
        : new TransformerLm(vocab.chars.length, opts.hidden, opts.context);
    let params = 0;
    for (const p of model.parameters()) params += p.numel();
    io.log("");
    io.log(`${kind === "gru" ? "GRU" : "Causal TransformerEncoder"} language model, ${params} parameters:`);
    io.log(model.toString());
    const prompt = "the ";
    // The same draws before and after training: a fresh generator seeded alike each time.
    const draw = () =>
      sample(model, vocab, prompt, opts.sample, opts.context, opts.temperature, new Generator(opts.seed));
    const before = draw();
    io.log(`Sample before training: ${JSON.stringify(prompt + before)}`);

    const optimizer = new Adam(model.parameters(), { lr: opts.lr });
    // Cross-entropy of every position's next character: [batch, context, vocab] logits against [batch, context] ids.
    const lmLoss = {
      call: (logits: Tensor, y: Tensor) =>
        crossEntropy(logits.reshape([-1, vocab.chars.length]), y.reshape([-1])),
    };
    const gen = new Generator(opts.seed + 1);
    const progress = createProgress(opts.steps, io, kind, 10, "step");
    let firstLoss = Number.NaN;
    let lastLoss = Number.NaN;
    for (let step = 1; step <= opts.steps; step++) {
      const [x, y] = batchOf(ids, opts.batch, opts.context, gen);
      const { loss } = trainingStep(model, lmLoss, optimizer, x, y);
      lastLoss = loss.item();
      if (step === 1) firstLoss = lastLoss;
      progress.update(step, { loss: lastLoss });
    }
    progress.stop();
    const after = draw();
    io.log(
      `Cross-entropy ${firstLoss.toFixed(3)} → ${lastLoss.toFixed(3)} nats per character over ${opts.steps} steps.`,
    );
    io.log(`Sample after training:  ${JSON.stringify(prompt + after)}`);
    runs.push({ model: kind, before, after, firstLoss, lastLoss });
  }
  return runs;
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
