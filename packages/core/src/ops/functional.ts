/**
 * The functional neural-net ops of `torch.nn.functional` that are not losses: `normalize`, `pad`,
 * `dropout` and `embedding` (`oneHot` lives with the indexing ops). They are compositions of
 * other ops (no kernels of their own), named as PyTorch names their `grad_fn`s, so nn's
 * `Dropout` and `Embedding` layers are thin wrappers over them.
 */
import { nameGradFn, record } from "../autograd/node.js";
import { noGrad } from "../autograd/grad-mode.js";
import { isFloating } from "../dtype.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { type Generator, getDefaultGenerator } from "../random.js";
import { checkIntList, formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkFloating, checkTensor } from "./check.js";
import { clampMin, div, mul } from "./elementwise.js";
import { indexAdd, indexSelect, maskedFill } from "./indexing.js";
import { inplace } from "./inplace.js";
import { norm } from "./reduce.js";
import { cat } from "./join.js";
import { clone, expand, narrow, reshape } from "./view.js";

// ---- normalize ----------------------------------------------------------------------------------

/** `normalize`'s keyword options. */
export interface NormalizeOptions {
  /** The exponent of the norm (default 2). */
  p?: number;
  /** The dim (or dims) normalized over (default 1). */
  dim?: number | number[];
  /** The smallest denominator, against division by zero (default 1e-12). */
  eps?: number;
}
const NORMALIZE_OPTIONS: OptionsSpec<NormalizeOptions> = {
  p: "number",
  dim: { test: (v) => Number.isInteger(v) || Array.isArray(v), expected: "an integer or a list of integers" },
  eps: "number",
};

/**
 * `x / max(‖x‖_p, eps)` along `dim` (`torch.nn.functional.normalize`): each slice along `dim`
 * scaled to unit p-norm, the norm clamped below by `eps` so that a zero slice stays zero.
 *
 * PyTorch: `F.normalize(x, p=2.0, dim=1, eps=1e-12)`.
 * @example
 * normalize(tensor([[3, 4]], { dtype: "float32" }), { dim: 1 }); // tensor([[0.6000, 0.8000]])
 */
export function normalize(x: Tensor, options?: NormalizeOptions): Tensor {
  const { p = 2, dim = 1, eps = 1e-12 } = checkOptions("normalize", options, NORMALIZE_OPTIONS, 2);
  checkTensor("normalize", x);
  // As PyTorch: input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input), then a division.
  const denom = expand(clampMin(norm(x, p, dim, true), eps), x._shape);
  return div(x, denom);
}

// ---- pad ----------------------------------------------------------------------------------------

/** How `pad` fills the border. */
export type PadMode = "constant" | "reflect" | "replicate";

/** `pad`'s keyword options. */
export interface PadOptions {
  /** `"constant"` (default), `"reflect"` (mirror without the edge) or `"replicate"` (the edge repeated). */
  mode?: PadMode;
  /** The fill of `"constant"` mode (default 0); other modes take none. */
  value?: number | null;
}
const PAD_OPTIONS: OptionsSpec<PadOptions> = {
  mode: "string",
  value: { test: (v) => v === null || typeof v === "number", expected: "a number or null" },
};

/**
 * Pads (or, with negative sizes, crops) the last dims of `x` (`torch.nn.functional.pad`). `pad`
 * lists sizes in PyTorch's order, last dim first: `[left, right]` pads the last dim,
 * `[left, right, top, bottom]` the last two, and so on. `"constant"` pads any number of dims with
 * `value`; `"reflect"` and `"replicate"` pad the last 1, 2 or 3 dims of a tensor with one or two
 * more (PyTorch 1.13's limits: (C, W) or (N, C, W) for 1 dim, up to (N, C, D, H, W) for 3), and
 * reflect padding must be smaller than the dim it pads.
 *
 * PyTorch: `F.pad(x, (1, 1, 2, 0), mode="constant", value=0)`.
 * @example pad(ones([1, 2, 3]), [1, 2], { mode: "reflect" }).shape // [1, 2, 6]
 */
export function pad(x: Tensor, pad: readonly number[], options?: PadOptions): Tensor {
  const { mode = "constant", value } = checkOptions("pad", options, PAD_OPTIONS, 3);
  checkTensor("pad", x);
  const sizes = checkIntList("pad", "pad", pad);
  if (mode !== "constant" && mode !== "reflect" && mode !== "replicate") {
    throw new Error(
      `pad(): Unrecognised padding mode ${String(mode)} (expected "constant", "reflect" or "replicate"` +
        (mode === "circular" ? '; tsgrad has no "circular" padding yet)' : ")"),
    );
  }
  const n = x.dim();
  if (sizes.length % 2 !== 0) throw new Error("pad(): Padding length must be divisible by 2");
  if (sizes.length > n * 2) throw new Error("pad(): Padding length too large");
  if (mode === "constant") return constantPad(x, sizes, value ?? 0);
  if (value !== undefined && value !== null && value !== 0) {
    throw new Error(`pad(): Padding mode "${mode}" doesn't take in value argument`);
  }
  const k = sizes.length / 2;
  if (k === 0 || (n !== k + 1 && n !== k + 2)) {
    throw new Error("pad(): Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
  }
  return mode === "reflect" ? reflectPad(x, sizes, k) : replicatePad(x, sizes, k);
}

/** The dims pad pair `i` (0: last dim) applies to, and its sizes. */
function padPair(
  n: number,
  sizes: readonly number[],
  i: number,
): [dim: number, before: number, after: number] {
  return [n - 1 - i, sizes[2 * i]!, sizes[2 * i + 1]!];
}

function constantPad(x: Tensor, sizes: readonly number[], value: number): Tensor {
  const n = x.dim();
  for (let i = 0; i < sizes.length / 2; i++) {
    const [d, before, after] = padPair(n, sizes, i);
    const size = x._shape[d]!;
    if (size + before + after < 0) {
      throw new Error(
        `pad(): The input size ${size}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`,
      );
    }
  }
  let y = x;
  for (let i = 0; i < sizes.length / 2; i++) {
    const [d, before, after] = padPair(n, sizes, i);
    // Negative sizes crop first; what is left is then padded with blocks of `value`.
    const start = Math.max(0, -before);
    const keep = y._shape[d]! - start - Math.max(0, -after);
    if (start > 0 || keep < y._shape[d]!) y = narrow(y, d, start, Math.max(keep, 0));
    const parts: Tensor[] = [];
    const block = (len: number): Tensor => {
      const shape = y._shape.slice();
      shape[d] = len;
      const t = Tensor.alloc(shape, y.dtype);
      if (value !== 0) t.storage.data.fill(value);
      return t;
    };
    if (before > 0) parts.push(block(before));
    parts.push(y);
    if (after > 0) parts.push(block(after));
    if (parts.length > 1) y = cat(parts, d);
  }
  // A copy even with nothing to pad, as PyTorch's constant_pad_nd returns a new tensor.
  if (y === x) y = clone(x);
  return nameGradFn(y, "ConstantPadNdBackward0");
}

/** One index gather per padded dim; `source(j)` is the input position output position j reads. */
function gatherPad(
  x: Tensor,
  sizes: readonly number[],
  k: number,
  source: (j: number, size: number, before: number) => number,
  name: string,
): Tensor {
  let y = x;
  const n = x.dim();
  for (let i = 0; i < k; i++) {
    const [d, before, after] = padPair(n, sizes, i);
    const size = x._shape[d]!;
    const out = size + before + after;
    const index = new Int32Array(out);
    // PyTorch's kernels' arithmetic, which also covers negative padding (a crop).
    const shift = Math.max(0, -before) - Math.max(0, before);
    for (let j = 0; j < out; j++) index[j] = source(j, size, before) + shift;
    y = indexSelect(y, d, Tensor.fromArray(index, [out], "int32"));
  }
  return nameGradFn(y, name);
}

const DIM_NAMES = ["W", "H", "D"];

function reflectPad(x: Tensor, sizes: readonly number[], k: number): Tensor {
  const n = x.dim();
  for (let i = 0; i < k; i++) {
    const [d, before, after] = padPair(n, sizes, i);
    const size = x._shape[d]!;
    if (!(before < size && after < size)) {
      throw new Error(
        `pad(): Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input ${formatShape(x._shape)}`,
      );
    }
  }
  checkOutputSize(x, sizes, k);
  return gatherPad(
    x,
    sizes,
    k,
    (j, size, before) => (j < before ? 2 * before - j : j < size + before ? j : 2 * (size + before - 1) - j),
    `ReflectionPad${k}DBackward0`,
  );
}

function replicatePad(x: Tensor, sizes: readonly number[], k: number): Tensor {
  checkOutputSize(x, sizes, k);
  return gatherPad(
    x,
    sizes,
    k,
    (j, size, before) => (j < before ? before : j < size + before ? j : size + before - 1),
    `ReplicationPad${k}DBackward0`,
  );
}

/** Reflect and replicate padding need at least one output element along each padded dim. */
function checkOutputSize(x: Tensor, sizes: readonly number[], k: number): void {
  const n = x.dim();
  const ins: string[] = [];
  const outs: string[] = [];
  let ok = true;
  for (let i = k - 1; i >= 0; i--) {
    const [d, before, after] = padPair(n, sizes, i);
    const out = x._shape[d]! + before + after;
    ins.push(`${DIM_NAMES[i]}: ${x._shape[d]}`);
    outs.push(`${DIM_NAMES[i]}: ${out}`);
    if (out < 1) ok = false;
  }
  if (!ok) {
    throw new Error(
      `pad(): input (${ins.join(", ")}) is too small. Calculated output ${outs.join(", ")} (padding ${formatShape(sizes)} of input ${formatShape(x._shape)})`,
    );
  }
}

// ---- dropout ------------------------------------------------------------------------------------

/** `dropout`'s keyword options. */
export interface DropoutOptions {
  /** Probability of an element being zeroed (default 0.5). */
  p?: number;
  /** Drop only while training (default true, as F.dropout; nn's Dropout passes its `training`). */
  training?: boolean;
  /** Write the result into `x` (default false). */
  inplace?: boolean;
  /** Generator of the mask; the global one (`manualSeed`) by default. Not in PyTorch's F.dropout. */
  generator?: Generator;
}
const DROPOUT_OPTIONS: OptionsSpec<DropoutOptions> = {
  p: "number",
  training: "boolean",
  inplace: "boolean",
  generator: "generator",
};

/**
 * Zeroes each element with probability `p` and scales the rest by `1/(1 − p)`, so the expected
 * value is unchanged (`torch.nn.functional.dropout`); with `training: false` (or p = 0) it returns
 * `x` itself. The mask is drawn from tsgrad's generator: repeatable under `manualSeed`, but not
 * PyTorch's stream. The gradient is the same scaled mask (PyTorch's `MulBackward0`).
 *
 * PyTorch: `F.dropout(x, p=0.2, training=self.training)`.
 * @example dropout(ones([4]), { p: 0.5 }) // entries 0 or 2
 */
export function dropout(x: Tensor, options?: DropoutOptions): Tensor {
  const o = checkOptions("dropout", options, DROPOUT_OPTIONS, 2);
  checkTensor("dropout", x);
  const p = o.p ?? 0.5;
  if (!(p >= 0 && p <= 1))
    throw new Error(`dropout(): dropout probability has to be between 0 and 1, but got ${p}`);
  if (!(o.training ?? true) || p === 0 || x.numel() === 0) return x;
  checkFloating("dropout", x);
  const mask = Tensor.alloc(x._shape, x.dtype);
  const data = mask.storage.data;
  if (p < 1) {
    const g = o.generator ?? getDefaultGenerator();
    const keep = 1 - p;
    const scale = 1 / keep;
    for (let i = 0; i < data.length; i++) data[i] = g.random() < keep ? scale : 0;
  }
  // One multiply by the pre-scaled mask: its gradient is the same mask, as in PyTorch.
  return o.inplace ? inplace(x, mul, mask, undefined, "dropout_") : mul(x, mask);
}

// ---- embedding ----------------------------------------------------------------------------------

/** `embedding`'s keyword options. */
export interface EmbeddingFnOptions {
  /** Row that gets no gradient (a padding token); negative counts from the end. Default none. */
  paddingIdx?: number | null;
  /** Rows looked up whose `normType`-norm exceeds this are first rescaled to it, in place. */
  maxNorm?: number | null;
  /** The p of the `maxNorm` norm (default 2). */
  normType?: number;
  /** Divide each looked-up row's gradient by how often its index occurs in `input` (default false). */
  scaleGradByFreq?: boolean;
  /** Sparse gradients: only false (tsgrad has no sparse tensors), accepted so ported calls run. */
  sparse?: boolean;
}
const EMBEDDING_OPTIONS: OptionsSpec<EmbeddingFnOptions> = {
  paddingIdx: "integerOrNull",
  maxNorm: { test: (v) => v === null || typeof v === "number", expected: "a number or null" },
  normType: "number",
  scaleGradByFreq: "boolean",
  sparse: "boolean",
};

/**
 * Looks up rows of `weight` (`torch.nn.functional.embedding`): `out[..., :] = weight[input[...], :]`
 * for an int32 `input` of any shape and a 2-D `weight` of shape [numEmbeddings, embeddingDim].
 * The row `paddingIdx` gets no gradient. With `maxNorm`, each row looked up whose norm exceeds it
 * is rescaled to `maxNorm / (norm + 1e-7)` times itself in `weight` first (no gradient), as PyTorch's
 * `embedding_renorm_` does.
 *
 * PyTorch: `F.embedding(input, weight, padding_idx=0, max_norm=1.0)`.
 * @example embedding(tensor([[0, 2]]), randn([3, 4])).shape // [1, 2, 4]
 */
export function embedding(input: Tensor, weight: Tensor, options?: EmbeddingFnOptions): Tensor {
  const o = checkOptions("embedding", options, EMBEDDING_OPTIONS, 3);
  checkTensor("embedding", input);
  checkTensor("embedding", weight, "weight");
  if (weight.dim() !== 2)
    throw new Error(`embedding(): 'weight' must be 2-D (got shape ${formatShape(weight._shape)})`);
  if (o.sparse === true) {
    throw new Error(
      "embedding(): sparse=True needs sparse tensors, which tsgrad does not have (use the dense gradient)",
    );
  }
  const rows = weight._shape[0]!;
  let padding = o.paddingIdx ?? null;
  if (padding !== null) {
    if (padding >= rows || padding < -rows) {
      throw new Error(
        `embedding(): Padding_idx must be within num_embeddings (got padding_idx=${padding}, num_embeddings=${rows})`,
      );
    }
    if (padding < 0) padding += rows;
  }
  if (input.dtype !== "int32") {
    throw new Error(
      `embedding(): Expected tensor for argument #1 'indices' to have int32 dtype (PyTorch: Long or Int), but got ${input.dtype}`,
    );
  }
  const flat = reshape(input, [-1]).contiguous();
  const idx = flat.storage.data;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[flat.offset + i]!;
    if (v < 0 || v >= rows) {
      throw new Error(`embedding(): index out of range in self (index ${v} with num_embeddings=${rows})`);
    }
  }
  if (o.maxNorm !== undefined && o.maxNorm !== null) renorm(weight, flat, o.maxNorm, o.normType ?? 2);
  const dim = weight._shape[1]!;
  const outShape = [...input._shape, dim];
  const out = noGrad(() => reshape(indexSelect(weight, 0, flat), outShape));
  const wShape = weight._shape;
  const pad = padding;
  // scaleGradByFreq: 1 / (occurrences of the row's index), per looked-up row, as PyTorch's counts.
  let scale: Tensor | null = null;
  if (o.scaleGradByFreq === true) {
    const n = flat.numel();
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++)
      counts.set(idx[flat.offset + i]!, (counts.get(idx[flat.offset + i]!) ?? 0) + 1);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = 1 / counts.get(idx[flat.offset + i]!)!;
    scale = Tensor.fromArray(s, [n, 1], "float64");
  }
  const saved = scale === null ? [flat] : [flat, scale];
  return record(out, "EmbeddingBackward0", [weight], saved, (g, [ind, sc]) => {
    let rowsGrad = reshape(g, [-1, dim]);
    if (sc !== undefined) rowsGrad = rowsGrad.mul(sc.to(g.dtype));
    if (pad !== null) rowsGrad = maskedFill(rowsGrad, ind!.eq(pad).unsqueeze(-1), 0);
    return [indexAdd(Tensor.alloc(wShape, g.dtype), 0, ind!, rowsGrad)];
  });
}

/** PyTorch's `embedding_renorm_`: each distinct row of `index` rescaled in place to norm ≤ maxNorm. */
function renorm(weight: Tensor, index: Tensor, maxNorm: number, normType: number): void {
  if (!isFloating(weight.dtype)) checkFloating("embedding", weight, "weight", " (max_norm renormalizes it)");
  const seen = new Set<number>();
  const data = index.storage.data;
  noGrad(() => {
    for (let i = 0; i < index.numel(); i++) {
      const r = data[index.offset + i]!;
      if (seen.has(r)) continue;
      seen.add(r);
      const row = weight.select(0, r);
      const n = norm(row, normType).item();
      if (n > maxNorm) row.mul_(maxNorm / (n + 1e-7));
    }
  });
}
