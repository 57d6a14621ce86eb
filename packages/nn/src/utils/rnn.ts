/**
 * `torch.nn.utils.rnn`: sequences of different lengths for the recurrent layers. `padSequence`
 * stacks them with padding; `packPaddedSequence` packs a padded batch into a {@link PackedSequence}
 * (the steps of all sequences that are still running, step after step), which `RNN`, `LSTM` and
 * `GRU` run without computing on the padding; `padPackedSequence` turns their packed output back
 * into a padded batch and the lengths.
 */
import {
  cat,
  checkOptions,
  describeValue,
  formatShape,
  full,
  isTensor,
  nameGradFn,
  type OptionsSpec,
  stack,
  type Tensor,
  tensor,
} from "@tsgrad/core";

/**
 * A packed batch of sequences (`torch.nn.utils.rnn.PackedSequence`): `data` holds step 0 of every
 * sequence, then step 1 of those longer than 1, and so on; `batchSizes[t]` is how many sequences
 * have a step t. The sequences are in decreasing order of length, `sortedIndices[i]` being the
 * position in the original batch of the i-th (null when the batch came sorted), and
 * `unsortedIndices` the inverse permutation. Made by {@link packPaddedSequence} and
 * {@link packSequence}, returned by the recurrent layers when given one.
 *
 * @example
 * const packed = packSequence([tensor([1, 2, 3]), tensor([4, 5])]);
 * packed.data; // tensor([1, 4, 2, 5, 3])
 * packed.batchSizes; // tensor([2, 2, 1])
 */
export class PackedSequence {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "PackedSequence";
  constructor(
    /** The steps, `[sum of lengths, *]` (PyTorch's `data`). */
    readonly data: Tensor,
    /** The number of sequences at each step, an int32 tensor `[longest length]` (`batch_sizes`). */
    readonly batchSizes: Tensor,
    /** Original batch position of each sorted sequence, or null (`sorted_indices`). */
    readonly sortedIndices: Tensor | null = null,
    /** The inverse of `sortedIndices`, or null (`unsorted_indices`). */
    readonly unsortedIndices: Tensor | null = null,
  ) {}

  /** The same packing around other data (`packed._replace(data=...)`), as the layers return it. */
  withData(data: Tensor): PackedSequence {
    return new PackedSequence(data, this.batchSizes, this.sortedIndices, this.unsortedIndices);
  }

  /** PyTorch's repr of the named tuple. */
  toString(): string {
    return (
      `PackedSequence(data=${this.data}, batch_sizes=${this.batchSizes}, ` +
      `sorted_indices=${this.sortedIndices ?? "None"}, unsorted_indices=${this.unsortedIndices ?? "None"})`
    );
  }

  /** `console.log(packed)` in Node prints what `print(packed)` prints in Python. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** {@link padSequence}'s options. */
export interface PadSequenceOptions {
  /** Output `[batch, longest, *]` instead of `[longest, batch, *]` (default false). */
  batchFirst?: boolean;
  /** The value of the padding elements (default 0). */
  paddingValue?: number;
}
const PAD_SEQUENCE_OPTIONS: OptionsSpec<PadSequenceOptions> = {
  batchFirst: "boolean",
  paddingValue: "number",
};

/** The tensors of `sequences`, checked: at least one, each with a first dim, the same trailing dims. */
function checkSequences(op: string, sequences: unknown): Tensor[] {
  if (!Array.isArray(sequences) && !isTensor(sequences)) {
    throw new TypeError(
      `${op}(): sequences must be an array of Tensors, but got ${describeValue(sequences)}`,
    );
  }
  const list = isTensor(sequences) ? sequences.unbind(0) : (sequences as unknown[]);
  if (list.length === 0) throw new Error(`${op}(): received an empty list of sequences`);
  list.forEach((s, i) => {
    if (!isTensor(s))
      throw new TypeError(`${op}(): sequences[${i}] must be a Tensor, but got ${describeValue(s)}`);
    if (s.dim() === 0) throw new Error(`${op}(): sequences[${i}] is 0-d; each sequence needs a length dim`);
  });
  const seqs = list as Tensor[];
  const trailing = seqs[0]!._shape.slice(1);
  seqs.forEach((s, i) => {
    const t = s._shape.slice(1);
    // PyTorch copies each sequence into the padded tensor, so it would broadcast [L, 1] into [L, 3]: refused here.
    if (t.length !== trailing.length || t.some((d, k) => d !== trailing[k])) {
      throw new Error(
        `${op}(): every sequence must have the trailing shape of the first, ${formatShape(trailing)}, but sequences[${i}] has shape ${formatShape(s._shape)}`,
      );
    }
    if (s.dtype !== seqs[0]!.dtype) {
      throw new TypeError(
        `${op}(): every sequence must have the dtype of the first (${seqs[0]!.dtype}), but sequences[${i}] is ${s.dtype}`,
      );
    }
  });
  return seqs;
}

/** `x` `[L, *]` padded with `value` to `[total, *]` along dim 0. */
function padTo(x: Tensor, total: number, value: number): Tensor {
  const n = x._shape[0]!;
  if (n === total) return x;
  return cat([x, full([total - n, ...x._shape.slice(1)], value, { dtype: x.dtype })], 0);
}

/**
 * Stacks sequences of different lengths (each `[L_i, *]`) into one tensor `[longest, batch, *]`
 * (`[batch, longest, *]` with `batchFirst`), padding the shorter ones with `paddingValue`
 * (`torch.nn.utils.rnn.pad_sequence`). Differentiable. Unlike PyTorch, trailing dims must match
 * exactly (PyTorch would broadcast a `[L, 1]` sequence into `[L, 3]`).
 *
 * @example
 * padSequence([tensor([1, 2, 3]), tensor([4])], { batchFirst: true }); // tensor([[1, 2, 3], [4, 0, 0]])
 */
export function padSequence(sequences: readonly Tensor[], options: PadSequenceOptions = {}): Tensor {
  const { batchFirst = false, paddingValue = 0 } = checkOptions(
    "padSequence",
    options,
    PAD_SEQUENCE_OPTIONS,
    2,
  );
  const seqs = checkSequences("padSequence", sequences);
  // A loop: spreading a long list of lengths into Math.max would overflow the call stack.
  let longest = 0;
  for (const s of seqs) longest = Math.max(longest, s._shape[0]!);
  return stack(
    seqs.map((s) => padTo(s, longest, paddingValue)),
    batchFirst ? 0 : 1,
  );
}

/** {@link packPaddedSequence}'s options. */
export interface PackPaddedOptions {
  /** The input is `[batch, longest, *]` instead of `[longest, batch, *]` (default false). */
  batchFirst?: boolean;
  /**
   * The lengths must come in decreasing order (default true); false sorts them and records the
   * permutation in the result (`sortedIndices`), which the layers and `padPackedSequence` undo.
   */
  enforceSorted?: boolean;
}
const PACK_OPTIONS: OptionsSpec<PackPaddedOptions> = { batchFirst: "boolean", enforceSorted: "boolean" };

/** `lengths` (an array or a 1-D tensor of integers) as numbers. */
function checkLengths(op: string, lengths: unknown): number[] {
  const values = isTensor(lengths)
    ? lengths.dim() === 1 && !lengths.isFloatingPoint()
      ? (lengths.tolist() as number[])
      : null
    : Array.isArray(lengths) && lengths.every((l) => Number.isSafeInteger(l))
      ? (lengths as number[])
      : null;
  if (values === null) {
    throw new TypeError(
      `${op}(): lengths must be an array of integers or a 1-D integer tensor, but got ${describeValue(lengths)}`,
    );
  }
  return values;
}

/**
 * Packs a padded batch `[longest, batch, *]` (`[batch, longest, *]` with `batchFirst`) whose
 * sequences have `lengths` into a {@link PackedSequence} (`torch.nn.utils.rnn.pack_padded_sequence`),
 * for an `RNN`, `LSTM` or `GRU` to run on only the real steps. Differentiable in the input.
 *
 * @example
 * // Two sequences, [1, 2, 3] and [4, 5], padded as [longest, batch]:
 * const padded = tensor([[1, 4], [2, 5], [3, 0]], { dtype: "float32" });
 * packPaddedSequence(padded, [3, 2]).data; // tensor([1., 4., 2., 5., 3.])
 */
export function packPaddedSequence(
  input: Tensor,
  lengths: readonly number[] | Tensor,
  options: PackPaddedOptions = {},
): PackedSequence {
  const op = "packPaddedSequence";
  const { batchFirst = false, enforceSorted = true } = checkOptions(op, options, PACK_OPTIONS, 3);
  if (!isTensor(input))
    throw new TypeError(`${op}(): input must be a Tensor, but got ${describeValue(input)}`);
  const lens = checkLengths(op, lengths);
  if (input.dim() < 2) {
    throw new Error(
      `${op}(): input must have at least 2 dims (steps and batch), got shape ${formatShape(input._shape)}`,
    );
  }
  const x = batchFirst ? input.transpose(0, 1) : input;
  const [steps, batch] = [x._shape[0]!, x._shape[1]!];
  if (lens.length !== batch) {
    throw new Error(
      `${op}(): Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batch})`,
    );
  }
  let order: number[] | null = null;
  if (enforceSorted) {
    for (let i = 1; i < lens.length; i++) {
      if (lens[i]! > lens[i - 1]!) {
        throw new Error(
          `${op}(): \`lengths\` array must be sorted in decreasing order when \`enforceSorted\` is true. ` +
            "Pass { enforceSorted: false } to packPaddedSequence and/or packSequence to sidestep this requirement.",
        );
      }
    }
  } else {
    // Longest first; equal lengths keep their batch order.
    order = lens.map((_, i) => i).sort((a, b) => lens[b]! - lens[a]! || a - b);
  }
  const sorted = order === null ? lens : order.map((i) => lens[i]!);
  if (sorted.length > 0 && sorted[sorted.length - 1]! <= 0) {
    throw new Error(
      `${op}(): Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0`,
    );
  }
  if (sorted[0]! > steps) {
    throw new Error(`${op}(): the longest length, ${sorted[0]}, is more than the input's ${steps} steps`);
  }
  const xs = order === null ? x : x.indexSelect(1, tensor(order));
  const batchSizes: number[] = [];
  for (let t = 0; t < sorted[0]!; t++) {
    let n = 0;
    while (n < sorted.length && sorted[n]! > t) n++;
    batchSizes.push(n);
  }
  const data = nameGradFn(
    cat(
      batchSizes.map((n, t) => xs.select(0, t).narrow(0, 0, n)),
      0,
    ),
    "PackPaddedSequenceBackward0",
  );
  const sortedIndices = order === null ? null : tensor(order);
  const unsortedIndices =
    order === null ? null : tensor(order.map((_, i) => i).sort((a, b) => order![a]! - order![b]!));
  return new PackedSequence(data, tensor(batchSizes), sortedIndices, unsortedIndices);
}

/** {@link padPackedSequence}'s options. */
export interface PadPackedOptions {
  /** Output `[batch, longest, *]` instead of `[longest, batch, *]` (default false). */
  batchFirst?: boolean;
  /** The value of the padding elements (default 0). */
  paddingValue?: number;
  /** Pad to this many steps instead of the longest length (default null), e.g. to the input's length. */
  totalLength?: number | null;
}
const PAD_PACKED_OPTIONS: OptionsSpec<PadPackedOptions> = {
  batchFirst: "boolean",
  paddingValue: "number",
  totalLength: "integerOrNull",
};

/**
 * The padded batch and the lengths of a {@link PackedSequence} (`torch.nn.utils.rnn.pad_packed_sequence`):
 * `[padded, lengths]`, padded `[longest, batch, *]` (`[batch, longest, *]` with `batchFirst`) in
 * the original batch order, lengths an int32 tensor. The inverse of {@link packPaddedSequence}.
 *
 * @example
 * const packed = packPaddedSequence(tensor([[1, 4], [2, 5], [3, 0]], { dtype: "float32" }), [3, 2]);
 * const [padded, lengths] = padPackedSequence(packed, { batchFirst: true });
 * padded; // tensor([[1., 2., 3.], [4., 5., 0.]])
 * lengths; // tensor([3, 2])
 */
export function padPackedSequence(
  sequence: PackedSequence,
  options: PadPackedOptions = {},
): [Tensor, Tensor] {
  const op = "padPackedSequence";
  const {
    batchFirst = false,
    paddingValue = 0,
    totalLength = null,
  } = checkOptions(op, options, PAD_PACKED_OPTIONS, 2);
  if (!(sequence instanceof PackedSequence)) {
    throw new TypeError(`${op}(): sequence must be a PackedSequence, but got ${describeValue(sequence)}`);
  }
  const sizes = sequence.batchSizes.tolist() as number[];
  const longest = sizes.length;
  if (totalLength !== null && totalLength < longest) {
    throw new Error(
      `${op}(): Expected total_length to be at least the length of the longest sequence in input, but got total_length=${totalLength} and max sequence length being ${longest}`,
    );
  }
  const steps = totalLength ?? longest;
  const data = sequence.data;
  const batch = sizes[0]!;
  const rest = data._shape.slice(1);
  const rows: Tensor[] = [];
  for (let t = 0, off = 0; t < steps; t++) {
    const n = t < longest ? sizes[t]! : 0;
    const piece = data.narrow(0, off, n);
    rows.push(
      n === batch ? piece : cat([piece, full([batch - n, ...rest], paddingValue, { dtype: data.dtype })], 0),
    );
    off += n;
  }
  let padded = stack(rows, 0);
  const lengths: number[] = new Array<number>(batch).fill(0);
  for (const n of sizes) for (let i = 0; i < n; i++) lengths[i]!++;
  let lens = tensor(lengths);
  if (sequence.unsortedIndices !== null) {
    padded = padded.indexSelect(1, sequence.unsortedIndices);
    lens = lens.indexSelect(0, sequence.unsortedIndices);
  }
  return [batchFirst ? padded.transpose(0, 1) : padded, lens];
}

/** {@link packSequence}'s options. */
export interface PackSequenceOptions {
  /** The sequences must come longest first (default true); false sorts them (see {@link packPaddedSequence}). */
  enforceSorted?: boolean;
}
const PACK_SEQUENCE_OPTIONS: OptionsSpec<PackSequenceOptions> = { enforceSorted: "boolean" };

/**
 * Packs sequences of different lengths (each `[L_i, *]`) into a {@link PackedSequence}
 * (`torch.nn.utils.rnn.pack_sequence`): `packPaddedSequence(padSequence(sequences), lengths)`.
 *
 * @example
 * packSequence([tensor([1]), tensor([2, 3])], { enforceSorted: false }).sortedIndices; // tensor([1, 0])
 */
export function packSequence(
  sequences: readonly Tensor[],
  options: PackSequenceOptions = {},
): PackedSequence {
  const { enforceSorted = true } = checkOptions("packSequence", options, PACK_SEQUENCE_OPTIONS, 2);
  const seqs = checkSequences("packSequence", sequences);
  return packPaddedSequence(
    padSequence(seqs),
    seqs.map((s) => s._shape[0]!),
    { enforceSorted },
  );
}
