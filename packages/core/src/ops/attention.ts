/**
 * Scaled dot-product attention, `softmax(q kᵀ · scale + mask) v`, composed from matmul, softmax
 * and the elementwise ops, so its backward is theirs (no hand-written rule to get wrong), and a
 * faster matmul kernel speeds it up with no change here.
 *
 * PyTorch 1.13 has no public `F.scaled_dot_product_attention` (it arrived in 2.0). tsgrad follows
 * 2.x's documented semantics and its reference implementation (the Python formula in the 2.x
 * docs); the fixtures (tools/fixtures/gen_attention.py) run that formula in PyTorch 1.13.
 */
import { nameGradFn } from "../autograd/node.js";
import { isFloating } from "../dtype.js";
import { checkOptions, type OptionsSpec } from "../options.js";
import { getDefaultGenerator } from "../random.js";
import { formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./check.js";
import { logicalNot } from "./elementwise.js";
import { maskedFill } from "./indexing.js";
import { matmul } from "./matmul.js";
import { softmax } from "./softmax.js";

/**
 * `scaledDotProductAttention`'s keyword options (`F.scaled_dot_product_attention`'s `attn_mask=`, `dropout_p=`, `is_causal=`).
 */
export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to the scores `[..., L, S]`. A bool mask says where to attend (`true` = take
   * part, as PyTorch 2.x's `attn_mask`; the reverse of `nn.MultiheadAttention`'s bool masks);
   * a float mask (float32, or the query's dtype) is added to the scores (`-Infinity` blocks a
   * position). Default none.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights, applied whenever > 0 (default 0). */
  dropoutP?: number;
  /** Attend only to positions `j ≤ i` (a lower-triangular `[L, S]` mask); needs no `attnMask`. */
  isCausal?: boolean;
  /** Multiplies `q kᵀ`; default `1 / √E`, E the query's last dim (PyTorch ≥ 2.1's `scale`). */
  scale?: number | null;
}

const SDPA_OPTIONS: OptionsSpec<ScaledDotProductAttentionOptions> = {
  attnMask: "tensorOrNull",
  dropoutP: "number",
  isCausal: "boolean",
  scale: { test: (v) => v === null || Number.isFinite(v), expected: "a finite number or null" },
};

const OP = "scaled_dot_product_attention";

/**
 * Attention of `query` `[..., L, E]` over `key` `[..., S, E]` and `value` `[..., S, Ev]`:
 * `softmax(query · keyᵀ · scale + bias, -1) · value`, shape `[..., L, Ev]`, the leading dims
 * broadcast (`torch.nn.functional.scaled_dot_product_attention`, PyTorch 2.x). A row whose every
 * position is masked gives NaN, as the reference formula does.
 *
 * Dropout (`dropoutP > 0`) is drawn from the global generator (`manualSeed`) by a local helper
 * of this file (the same draw as `nn.Dropout`), whatever the caller's training mode: like
 * PyTorch's, this function has no training flag, so pass `dropoutP: training ? p : 0`.
 *
 * @example
 * const q = randn([2, 4, 3, 8]); // shape [batch, heads, L, E]
 * const out = scaledDotProductAttention(q, randn([2, 4, 5, 8]), randn([2, 4, 5, 8]), { isCausal: true });
 * out.shape; // [2, 4, 3, 8]
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options?: ScaledDotProductAttentionOptions,
): Tensor {
  const o = checkOptions(OP, options, SDPA_OPTIONS, 4);
  checkTensor(OP, query, "query");
  checkTensor(OP, key, "key");
  checkTensor(OP, value, "value");
  if (query.dtype !== key.dtype || query.dtype !== value.dtype) {
    throw new Error(
      `${OP}(): Expected query, key, and value to have the same dtype, but got query.dtype: ${query.dtype} key.dtype: ${key.dtype} and value.dtype: ${value.dtype} instead.`,
    );
  }
  if (!isFloating(query.dtype)) {
    throw new Error(`${OP}(): expected floating point query, key and value, but got ${query.dtype}`);
  }
  if (query.dim() < 2 || key.dim() < 2 || value.dim() < 2) {
    throw new Error(
      `${OP}(): Expected query, key, and value to all be at least 2 dimensional, but got query.dim: ${query.dim()} key.dim: ${key.dim()} and value.dim: ${value.dim()} instead.`,
    );
  }
  const [L, E] = query._shape.slice(-2) as [number, number];
  const [S, Ek] = key._shape.slice(-2) as [number, number];
  const Sv = value._shape[value.dim() - 2]!;
  const shapes = `(query ${formatShape(query._shape)}, key ${formatShape(key._shape)}, value ${formatShape(value._shape)})`;
  if (Ek !== E) {
    throw new Error(
      `${OP}(): query and key must have the same embedding size (last dim), but got ${E} and ${Ek} ${shapes}`,
    );
  }
  if (Sv !== S) {
    throw new Error(
      `${OP}(): key and value must have the same sequence length (dim -2), but got ${S} and ${Sv} ${shapes}`,
    );
  }
  const batch = broadcastBatch(
    broadcastBatch(query._shape.slice(0, -2), key._shape.slice(0, -2)),
    value._shape.slice(0, -2),
  );
  if (batch === null)
    throw new Error(`${OP}(): the batch dims of query, key and value do not broadcast ${shapes}`);
  const dropoutP = o.dropoutP ?? 0;
  if (!(dropoutP >= 0 && dropoutP <= 1)) {
    throw new Error(`${OP}(): dropout probability has to be between 0 and 1, but got ${dropoutP}`);
  }
  const mask = o.attnMask ?? null;
  if (o.isCausal === true && mask !== null) {
    throw new Error(`${OP}(): Explicit attn_mask should not be set when is_causal=True`);
  }
  const scoreShape = [...batch, L, S];
  if (mask !== null) {
    // 2.x's rule: bool, float32, or the query's dtype (a float64 mask of a float32 query is refused).
    if (mask.dtype !== "bool" && mask.dtype !== "float32" && mask.dtype !== query.dtype) {
      throw new Error(
        `${OP}(): Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: ${mask.dtype} and query.dtype: ${query.dtype} instead.`,
      );
    }
    // The scores are not broadcast up to a bigger mask: PyTorch adds the mask in place.
    const fits =
      mask.dim() <= scoreShape.length &&
      mask._shape.every((d, i) => d === 1 || d === scoreShape[scoreShape.length - mask.dim() + i]);
    if (!fits) {
      throw new Error(
        `${OP}(): attn_mask of shape ${formatShape(mask._shape)} does not broadcast to the attention scores' shape ${formatShape(scoreShape)} ${shapes}`,
      );
    }
  }
  const scale = o.scale ?? 1 / Math.sqrt(E);

  let scores = matmul(query, key.transpose(-2, -1)).mul(scale);
  if (o.isCausal === true) scores = maskedFill(scores, futureMask(L, S), Number.NEGATIVE_INFINITY);
  if (mask !== null) {
    scores =
      mask.dtype === "bool"
        ? maskedFill(scores, logicalNot(mask), Number.NEGATIVE_INFINITY)
        : scores.add(mask.dtype === query.dtype ? mask : mask.to(query.dtype));
  }
  let weights = softmax(scores, -1);
  if (dropoutP > 0) weights = dropoutWeights(weights, dropoutP);
  // The node PyTorch 1.13 shows for the reference formula's last step, `weights @ value`.
  const out = matmul(weights, value);
  return nameGradFn(out, weights.dim() === 2 && value.dim() === 2 ? "MmBackward0" : "UnsafeViewBackward0");
}

/** The broadcast of two shapes, or null when they do not broadcast (or `a` is null). */
function broadcastBatch(a: readonly number[] | null, b: readonly number[]): number[] | null {
  if (a === null) return null;
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** `[L, S]` bool, true where `j > i`: the positions `ones(L, S).tril()` leaves out (top-left aligned). */
function futureMask(L: number, S: number): Tensor {
  const m = Tensor.alloc([L, S], "bool");
  const data = m.storage.data;
  for (let i = 0; i < L; i++) for (let j = i + 1; j < S; j++) data[i * S + j] = 1;
  return m;
}

/**
 * `torch.dropout(w, p, train=True)`: each weight kept with probability 1 − p and scaled by
 * 1/(1 − p), with the draw of `nn.Dropout` (one `random()` per element, in order). A private
 * helper until core has a functional `dropout`.
 */
function dropoutWeights(w: Tensor, p: number): Tensor {
  const mask = Tensor.alloc(w._shape, w.dtype);
  const data = mask.storage.data;
  if (p < 1) {
    const g = getDefaultGenerator();
    const keep = 1 - p;
    const scale = 1 / keep;
    const n = data.length;
    for (let i = 0; i < n; i++) data[i] = g.random() < keep ? scale : 0;
  }
  return w.mul(mask);
}
