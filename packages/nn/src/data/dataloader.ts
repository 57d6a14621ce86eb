/**
 * `torch.utils.data.DataLoader` for one process: batches of a dataset, in order or shuffled, as a
 * `for..of` iterable and a `for await` async iterable that lets the event loop run between batches.
 */
import { checkOptions, type Generator, type OptionsSpec, Tensor } from "@tsgrad/core";
import { defaultCollate } from "./collate.js";
import { yieldToEventLoop } from "../train-loop.js";
import { checkDataset, type Dataset, TensorDataset } from "./dataset.js";
import {
  BatchSampler,
  checkBatchSize,
  checkDropLast,
  RandomSampler,
  type Sampler,
  SequentialSampler,
} from "./sampler.js";

/** DataLoader's keyword options, PyTorch's (camelCase); multiprocess ones have no place here. */
export interface DataLoaderOptions<T = unknown, B = any> {
  /** Samples per batch (default 1); null turns batching off (each item is one sample, not collated). */
  batchSize?: number | null;
  /** A new random order every pass (default false). */
  shuffle?: boolean;
  /** The indices to load, in order (exclusive with `shuffle`). */
  sampler?: Sampler<number> | Iterable<number>;
  /** Batches of indices (exclusive with batchSize, shuffle, sampler and dropLast). */
  batchSampler?: Sampler<number[]> | Iterable<number[]>;
  /**
   * Merges a list of samples into a batch (default {@link defaultCollate}); with `batchSize: null`
   * it gets each sample itself (default: the sample unchanged), as in PyTorch.
   */
  collateFn?: (samples: T[]) => B;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
  /** The generator of `shuffle`'s order (default: the global one, as a fresh seed per pass). */
  generator?: Generator;
  /**
   * Accepted so that PyTorch code ports as written, and ignored: batches are always loaded in the
   * caller's thread (PyTorch's `num_workers=0`), which gives the same batches in the same order.
   */
  numWorkers?: number;
  /** Accepted and ignored: a CPU tensor has no pinned memory to copy to a GPU from. */
  pinMemory?: boolean;
  /** Accepted and ignored, as `numWorkers` is (there are no workers to keep). */
  persistentWorkers?: boolean;
}
const DATALOADER_OPTIONS: OptionsSpec<DataLoaderOptions> = {
  batchSize: { test: (v) => v === null || typeof v === "number", expected: "a positive integer or null" },
  shuffle: "boolean",
  sampler: { test: isIterable, expected: "an iterable of indices (a Sampler)" },
  batchSampler: { test: isIterable, expected: "an iterable of index arrays (a BatchSampler)" },
  collateFn: "function",
  dropLast: "boolean",
  generator: "generator",
  numWorkers: {
    test: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
    expected: "a non-negative integer",
  },
  pinMemory: "boolean",
  persistentWorkers: "boolean",
};

function isIterable(v: unknown): boolean {
  return (
    v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function"
  );
}

/**
 * Iterates over batches of `dataset` (`torch.utils.data.DataLoader`, `num_workers=0`):
 * `batchSize` samples at a time, in order or, with `shuffle`, in a new random order per pass,
 * each batch merged by `collateFn` ({@link defaultCollate}: tensors stacked, numbers into tensors,
 * arrays and objects column by column). Over a {@link TensorDataset} with the default collate, a
 * batch is gathered with one `indexSelect` per tensor instead of one copy per sample.
 *
 * `for (const batch of loader)` runs the whole pass at once; `for await (const batch of loader)`
 * yields to the event loop before each batch (a UI stays responsive, timers fire). `loader.length`
 * is `len(loader)`, the number of batches.
 *
 * PyTorch: `DataLoader(ds, batch_size=32, shuffle=True, drop_last=False, generator=g)`.
 * @example
 * const x = randn([100, 4]);
 * const y = randint(0, 3, [100]);
 * const model = new Linear(4, 3);
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) model.call(xb);
 * loader.length; // 4
 */
export class DataLoader<T = unknown, B = any> implements Iterable<B>, AsyncIterable<B> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "DataLoader";
  /** The dataset the items come from (PyTorch's `dataset`). */
  readonly dataset: Dataset<T>;
  /** The number of samples per batch, or null for no batching (PyTorch's `batch_size`). */
  readonly batchSize: number | null;
  /** Whether a last incomplete batch is dropped (PyTorch's `drop_last`). */
  readonly dropLast: boolean;
  /** The order of the indices (PyTorch's `sampler`). */
  readonly sampler: Sampler<number> | Iterable<number>;
  /** The batches of indices, or null without batching (PyTorch's `batch_sampler`). */
  readonly batchSampler: Sampler<number[]> | Iterable<number[]> | null;
  /** Merges a list of samples into a batch (PyTorch's `collate_fn`; default `defaultCollate`). */
  readonly collateFn: (samples: T[]) => B;
  /** The generator random draws come from; undefined for the global one (`manualSeed`). */
  readonly generator: Generator | undefined;
  private readonly fastTensors: readonly Tensor[] | null;

  constructor(dataset: Dataset<T>, options?: DataLoaderOptions<T, B>) {
    const o = checkOptions(
      "DataLoader",
      options,
      DATALOADER_OPTIONS as OptionsSpec<DataLoaderOptions<T, B>>,
      2,
    );
    checkDataset("DataLoader", dataset);
    const shuffle = o.shuffle ?? false;
    const dropLast = o.dropLast ?? false;
    let batchSize = o.batchSize === undefined ? 1 : o.batchSize;
    // PyTorch's checks, in its order and words.
    if (o.sampler !== undefined && shuffle) {
      throw new Error("DataLoader(): sampler option is mutually exclusive with shuffle");
    }
    if (o.batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || o.sampler !== undefined || dropLast) {
        throw new Error(
          "DataLoader(): batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
        );
      }
      batchSize = null;
    } else if (batchSize === null) {
      if (dropLast) {
        throw new Error(
          "DataLoader(): batch_size=None option disables auto-batching and is mutually exclusive with drop_last",
        );
      }
    } else {
      checkBatchSize("DataLoader", batchSize);
    }
    checkDropLast("DataLoader", dropLast);
    this.dataset = dataset;
    this.batchSize = o.batchSampler !== undefined ? null : batchSize;
    this.dropLast = dropLast;
    this.generator = o.generator;
    this.sampler =
      o.sampler ??
      (shuffle ? new RandomSampler(dataset, { generator: o.generator }) : new SequentialSampler(dataset));
    this.batchSampler =
      o.batchSampler ?? (batchSize === null ? null : new BatchSampler(this.sampler, batchSize, dropLast));
    // Without batching, PyTorch's default only converts (a sample stays a sample).
    this.collateFn = o.collateFn ?? (this.batchSampler === null ? (s: T[]) => s as B : defaultCollate);
    this.fastTensors =
      // Only when getItem is TensorDataset's own: a subclass's getItem (a per-sample transform) must run.
      dataset instanceof TensorDataset &&
      dataset.getItem === TensorDataset.prototype.getItem &&
      o.collateFn === undefined &&
      this.batchSampler !== null
        ? dataset.tensors
        : null;
  }

  /** The number of batches (`len(loader)`): the batch sampler's length, or the sampler's without batching. */
  get length(): number {
    const s = (this.batchSampler ?? this.sampler) as Sampler<unknown>;
    if (!Number.isSafeInteger(s.length)) throw new Error("DataLoader: the sampler has no length");
    return s.length;
  }

  /** One batch from its indices. */
  private fetch(indices: readonly number[]): B {
    if (this.fastTensors !== null) {
      const n = this.dataset.length;
      const idx = new Int32Array(indices.length);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        if (!Number.isSafeInteger(i) || i < -n || i >= n) {
          throw new Error(`DataLoader: index ${i} is out of range for a dataset of ${n} samples`);
        }
        idx[k] = i < 0 ? i + n : i;
      }
      const index = Tensor.fromArray(idx, [idx.length], "int32");
      return this.fastTensors.map((t) => t.indexSelect(0, index)) as B;
    }
    const samples: T[] = [];
    for (const i of indices) samples.push(this.dataset.getItem(i));
    return this.collateFn(samples);
  }

  /** The batches of one epoch, in the sampler's order (`for xb, yb in loader`); a new shuffle each time. */
  *[Symbol.iterator](): Iterator<B> {
    if (this.batchSampler === null) {
      // Without batching PyTorch hands collate_fn the sample itself, not a list of one.
      const collate = this.collateFn as unknown as (sample: T) => B;
      for (const i of this.sampler) yield collate(this.dataset.getItem(i));
      return;
    }
    for (const indices of this.batchSampler) yield this.fetch(indices);
  }

  /**
   * The same batches with `for await`, handing the event loop back between them (a page stays responsive).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    for (const batch of this) {
      await yieldToEventLoop();
      yield batch;
    }
  }
}
