/**
 * Samplers (`torch.utils.data.Sampler`): iterables of dataset indices, and of batches of them.
 * A sampler here is anything iterable over integers with a `length`, as in PyTorch.
 */
import {
  checkOptions,
  Generator,
  getDefaultGenerator,
  type OptionsSpec,
  randint,
  randperm,
} from "@tsgrad/core";
import { checkDataset, type Dataset } from "./dataset.js";

/** Something that yields indices (or batches of them) and knows how many (`len(sampler)`). */
export interface Sampler<T = number> extends Iterable<T> {
  /** How many items (or batches) an iteration yields (`len(sampler)`). */
  readonly length: number;
}

/**
 * The indices `0, 1, …, length − 1` in order (`torch.utils.data.SequentialSampler`).
 *
 * @example
 * const ds = new TensorDataset(arange(5));
 * [...new SequentialSampler(ds)]; // [0, 1, 2, 3, 4]
 */
export class SequentialSampler implements Sampler<number> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "SequentialSampler";
  /** The dataset sampled (PyTorch's `data_source`). */
  readonly dataSource: Dataset;
  constructor(dataSource: Dataset) {
    checkDataset("SequentialSampler", dataSource);
    this.dataSource = dataSource;
  }
  /** The number of indices (or batches) an iteration yields (`len(sampler)`). */
  get length(): number {
    return this.dataSource.length;
  }
  /** The indices (or batches of them) of one pass. */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/** RandomSampler's keyword options, PyTorch's. */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false: each pass is a permutation). */
  replacement?: boolean;
  /** How many indices one pass yields (default: the dataset's length). */
  numSamples?: number | null;
  /** Generator of the order. Default: a new one per pass, seeded from the global generator. */
  generator?: Generator;
}
const RANDOM_SAMPLER_OPTIONS: OptionsSpec<RandomSamplerOptions> = {
  replacement: "any",
  numSamples: "any",
  generator: "generator",
};

/**
 * Dataset indices in random order (`torch.utils.data.RandomSampler`): each pass a fresh permutation
 * (or, with `replacement`, `numSamples` uniform draws), by PyTorch's algorithm — whole `randperm`s,
 * then the head of one more for a `numSamples` beyond the length; draws in chunks of 32 with
 * replacement. The numbers are tsgrad's stream, not PyTorch's, for the same seed.
 *
 * @example
 * const ds = new TensorDataset(arange(5));
 * [...new RandomSampler(ds, { generator: new Generator(0) })].sort(); // [0, 1, 2, 3, 4]
 */
export class RandomSampler implements Sampler<number> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "RandomSampler";
  /** The dataset sampled (PyTorch's `data_source`). */
  readonly dataSource: Dataset;
  /** Whether indices are drawn with replacement (PyTorch's `replacement`). */
  readonly replacement: boolean;
  /** The generator random draws come from; undefined for the global one (`manualSeed`). */
  readonly generator: Generator | undefined;
  private readonly _numSamples: number | null;

  constructor(dataSource: Dataset, options?: RandomSamplerOptions) {
    const o = checkOptions("RandomSampler", options, RANDOM_SAMPLER_OPTIONS, 2);
    checkDataset("RandomSampler", dataSource);
    const replacement = o.replacement ?? false;
    if (typeof replacement !== "boolean") {
      throw new TypeError(
        `RandomSampler(): replacement should be a boolean value, but got replacement=${String(replacement)}`,
      );
    }
    const ns = o.numSamples ?? null;
    // As PyTorch, the check is of numSamples or, without it, the dataset's length: an empty
    // dataset cannot be shuffled.
    const count = ns ?? dataSource.length;
    if (!Number.isSafeInteger(count) || count <= 0) {
      throw new Error(
        `RandomSampler(): num_samples should be a positive integer value, but got num_samples=${String(count)}`,
      );
    }
    this.dataSource = dataSource;
    this.replacement = replacement;
    this.generator = o.generator;
    this._numSamples = ns;
  }

  /** `numSamples`, or the dataset's length. */
  get numSamples(): number {
    return this._numSamples ?? this.dataSource.length;
  }
  /** The number of indices (or batches) an iteration yields (`len(sampler)`). */
  get length(): number {
    return this.numSamples;
  }

  /** The indices (or batches of them) of one pass. */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const total = this.numSamples;
    // PyTorch seeds a fresh generator from the global one per pass when given none.
    const generator = this.generator ?? new Generator(getDefaultGenerator().nextUint32());
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++)
        yield* randint(0, n, [32], { generator }).toTypedArray();
      yield* randint(0, n, [total % 32], { generator }).toTypedArray();
      return;
    }
    for (let k = 0; k < Math.floor(total / n); k++) yield* randperm(n, { generator }).toTypedArray();
    yield* randperm(n, { generator })
      .toTypedArray()
      .subarray(0, total % n);
  }
}

/**
 * Groups the indices of `sampler` into arrays of `batchSize` (`torch.utils.data.BatchSampler`),
 * the last one shorter unless `dropLast`.
 *
 * PyTorch: `BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)`.
 * @example
 * const ds = new TensorDataset(arange(5));
 * [...new BatchSampler(new SequentialSampler(ds), 3, false)]; // [[0, 1, 2], [3, 4]]
 */
export class BatchSampler implements Sampler<number[]> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "BatchSampler";
  /** The order of the indices (PyTorch's `sampler`). */
  readonly sampler: Sampler<number> | Iterable<number>;
  /** The number of samples per batch, or null for no batching (PyTorch's `batch_size`). */
  readonly batchSize: number;
  /** Whether a last incomplete batch is dropped (PyTorch's `drop_last`). */
  readonly dropLast: boolean;

  constructor(sampler: Sampler<number> | Iterable<number>, batchSize: number, dropLast: boolean) {
    if (sampler === null || typeof sampler !== "object" || typeof sampler[Symbol.iterator] !== "function") {
      throw new TypeError(
        `BatchSampler(): sampler must be an iterable of indices, but got ${typeof sampler}`,
      );
    }
    checkBatchSize("BatchSampler", batchSize);
    checkDropLast("BatchSampler", dropLast);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  /** The number of indices (or batches) an iteration yields (`len(sampler)`). */
  get length(): number {
    const n = (this.sampler as Sampler<number>).length;
    if (!Number.isSafeInteger(n)) throw new Error("BatchSampler: the sampler has no length");
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The indices (or batches of them) of one pass. */
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}

export function checkBatchSize(op: string, batchSize: unknown): void {
  if (typeof batchSize !== "number" || !Number.isSafeInteger(batchSize) || batchSize <= 0) {
    throw new Error(
      `${op}(): batch_size should be a positive integer value, but got batch_size=${String(batchSize)}`,
    );
  }
}

export function checkDropLast(op: string, dropLast: unknown): void {
  if (typeof dropLast !== "boolean") {
    throw new TypeError(
      `${op}(): drop_last should be a boolean value, but got drop_last=${String(dropLast)}`,
    );
  }
}
