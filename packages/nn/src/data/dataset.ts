/**
 * Datasets as `torch.utils.data` has them: the {@link Dataset} interface, {@link TensorDataset},
 * {@link Subset}, {@link ConcatDataset} and {@link randomSplit}.
 *
 * Naming: PyTorch's map-style dataset is `__len__` + `__getitem__`; here it is `length` (what a JS
 * array has) + `getItem(i)` (PyTorch's name without the dunders). `len(ds)` is `ds.length`,
 * `ds[i]` is `ds.getItem(i)`.
 */
import {
  checkOptions,
  describeValue,
  type Generator,
  isTensor,
  type OptionsSpec,
  otherCopyNote,
  randperm,
  type Tensor,
} from "@tsgrad/core";

/**
 * A map-style dataset (`torch.utils.data.Dataset`): `length` samples, sample `i` from `getItem(i)`.
 * Any object of this shape works (a class, or `{ length, getItem }`), as PyTorch's duck typing does.
 *
 * @example
 * const squares: Dataset<[number, number]> = { length: 10, getItem: (i) => [i, i * i] };
 */
export interface Dataset<T = unknown> {
  /** The number of samples (`len(dataset)`). */
  readonly length: number;
  /** Sample `index`, in [0, length) (`dataset[index]`). */
  getItem(index: number): T;
}

/** The check of a sample index of a dataset of `length` samples (PyTorch's IndexError wording). */
function checkIndex(op: string, index: unknown, length: number): number {
  if (typeof index !== "number" || !Number.isSafeInteger(index)) {
    throw new TypeError(`${op}.getItem(): index must be an integer, but got ${String(index)}`);
  }
  if (index < -length || index >= length) {
    throw new Error(`${op}.getItem(): index ${index} is out of range for a dataset of ${length} samples`);
  }
  return index < 0 ? index + length : index;
}

/**
 * A dataset of tensors sharing their first dim (`torch.utils.data.TensorDataset`): sample `i` is
 * the array of each tensor's row `i` (`[x[i], y[i]]`). A DataLoader over it gathers each batch with
 * one `indexSelect` per tensor.
 *
 * @example
 * const ds = new TensorDataset(randn([100, 3]), randint(0, 2, [100]));
 * const [x0, y0] = ds.getItem(0);
 */
export class TensorDataset implements Dataset<Tensor[]> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "TensorDataset";
  /** The tensors, sharing their first dim (PyTorch's `tensors`). */
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error("TensorDataset(): expected at least one tensor");
    for (const [k, t] of tensors.entries()) {
      if (!isTensor(t)) {
        throw new TypeError(
          `TensorDataset(): argument ${k + 1} must be a Tensor, but got ${describeValue(t)}${otherCopyNote(t)}`,
        );
      }
      if (t.dim() === 0)
        throw new Error(`TensorDataset(): tensor ${k} is 0-d; each tensor needs a first dim`);
    }
    const n = tensors[0]!._shape[0]!;
    const bad = tensors.findIndex((t) => t._shape[0] !== n);
    if (bad >= 0) {
      throw new Error(
        `TensorDataset(): Size mismatch between tensors (tensor 0 has ${n} rows, tensor ${bad} has ${tensors[bad]!._shape[0]})`,
      );
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!._shape[0]!;
  }

  getItem(index: number): Tensor[] {
    const i = checkIndex("TensorDataset", index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (`torch.utils.data.Subset`).
 *
 * @example
 * const ds = new TensorDataset(arange(100));
 * const firstTen = new Subset(ds, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * firstTen.length; // 10
 */
export class Subset<T = unknown> implements Dataset<T> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "Subset";
  /** The dataset the items come from (PyTorch's `dataset`). */
  readonly dataset: Dataset<T>;
  /** The indices into `dataset` (PyTorch's `indices`). */
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    checkDataset("Subset", dataset);
    if (!Array.isArray(indices) || !indices.every((i) => Number.isSafeInteger(i))) {
      throw new TypeError("Subset(): indices must be an array of integers");
    }
    this.dataset = dataset;
    this.indices = indices;
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T {
    return this.dataset.getItem(this.indices[checkIndex("Subset", index, this.indices.length)]!);
  }
}

/**
 * The samples of several datasets one after another (`torch.utils.data.ConcatDataset`, what
 * PyTorch's `ds1 + ds2` makes): sample `i` of the first, then of the second, and so on.
 *
 * @example
 * const both = new ConcatDataset([new TensorDataset(arange(3)), new TensorDataset(arange(10, 12))]);
 * both.length; // 5
 * both.cumulativeSizes; // [3, 5]
 * both.getItem(3)[0]!.item(); // 10
 */
export class ConcatDataset<T = unknown> implements Dataset<T> {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "ConcatDataset";
  /** The datasets, in order (PyTorch's `datasets`). */
  readonly datasets: readonly Dataset<T>[];
  /** The running totals of their lengths (PyTorch's `cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<Dataset<T>>) {
    if (
      datasets === null ||
      typeof (datasets as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(
        `ConcatDataset(): datasets must be an array of datasets, but got ${describeValue(datasets)}`,
      );
    }
    const list = [...datasets];
    if (list.length === 0) throw new Error("ConcatDataset(): datasets should not be an empty iterable");
    const sizes: number[] = [];
    for (const d of list) {
      checkDataset("ConcatDataset", d);
      sizes.push((sizes.at(-1) ?? 0) + d.length);
    }
    this.datasets = list;
    this.cumulativeSizes = sizes;
  }

  get length(): number {
    return this.cumulativeSizes.at(-1)!;
  }

  getItem(index: number): T {
    const i = checkIndex("ConcatDataset", index, this.length);
    // The first dataset whose running total passes i (PyTorch's bisect_right); few datasets, so a scan.
    let d = 0;
    while (this.cumulativeSizes[d]! <= i) d++;
    return this.datasets[d]!.getItem(d === 0 ? i : i - this.cumulativeSizes[d - 1]!);
  }
}

/** `dataset` must look like a Dataset: a non-negative integer `length` and a `getItem` method. */
export function checkDataset(op: string, dataset: unknown): asserts dataset is Dataset {
  const d = dataset as Dataset | null;
  if (d === null || typeof d !== "object" || typeof d.getItem !== "function") {
    throw new TypeError(
      `${op}(): dataset must have a getItem(index) method (a Dataset), but got ${typeof dataset}`,
    );
  }
  if (!Number.isSafeInteger(d.length) || d.length < 0) {
    throw new TypeError(
      `${op}(): dataset.length must be a non-negative integer, but got ${String(d.length)}`,
    );
  }
}

/** randomSplit's keyword options. */
export interface RandomSplitOptions {
  /** The generator of the permutation; the global one (`manualSeed`) by default. */
  generator?: Generator;
}
const RANDOM_SPLIT_OPTIONS: OptionsSpec<RandomSplitOptions> = { generator: "generator" };

/**
 * Splits `dataset` at random into non-overlapping {@link Subset}s of the given `lengths`
 * (`torch.utils.data.random_split`): sample counts summing to `dataset.length`, or fractions
 * summing to 1, turned into counts as PyTorch 1.13 does (each floored, then the remainder handed
 * out one at a time from the first split on; a split of 0 samples warns). The permutation is
 * tsgrad's `randperm` of the generator: repeatable, but not PyTorch's for the same seed.
 *
 * @example
 * const ds = new TensorDataset(arange(100));
 * const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new Generator(42) });
 * [train.length, val.length]; // [80, 20]
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  options?: RandomSplitOptions,
): Subset<T>[] {
  const { generator } = checkOptions("randomSplit", options, RANDOM_SPLIT_OPTIONS, 3);
  checkDataset("randomSplit", dataset);
  if (!Array.isArray(lengths) || !lengths.every((l) => typeof l === "number" && Number.isFinite(l))) {
    throw new TypeError("randomSplit(): lengths must be an array of numbers (counts or fractions)");
  }
  const n = dataset.length;
  let counts = lengths.slice();
  const total = counts.reduce((a, b) => a + b, 0);
  // Python's math.isclose(sum, 1) (rel_tol 1e-9) and sum <= 1: fractions.
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    counts = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1)
        throw new Error(`randomSplit(): Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
    for (const [i, c] of counts.entries()) {
      if (c === 0) console.warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    }
  } else if (!counts.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    throw new Error(
      `randomSplit(): lengths must be non-negative integers or fractions summing to 1, but got [${lengths.join(", ")}]`,
    );
  }
  if (counts.reduce((a, b) => a + b, 0) !== n) {
    throw new Error(
      `randomSplit(): Sum of input lengths does not equal the length of the input dataset! (lengths [${counts.join(", ")}] for ${n} samples)`,
    );
  }
  const perm = Array.from(randperm(n, generator === undefined ? {} : { generator }).toTypedArray());
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.slice(offset, offset + c)));
    offset += c;
  }
  return out;
}
