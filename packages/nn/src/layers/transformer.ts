/**
 * Attention and transformer layers (`torch.nn.MultiheadAttention`, `TransformerEncoderLayer`,
 * `TransformerEncoder`, `TransformerDecoderLayer`, `TransformerDecoder`, `Transformer`), built
 * from core ops and the nn layers (Linear, LayerNorm, Dropout, ModuleList) so that a PyTorch 1.13
 * state dict loads under the same keys and gives PyTorch's output.
 *
 * They follow PyTorch 1.13's Python code path (`F.multi_head_attention_forward`), including its
 * mask conventions: in `MultiheadAttention` and the transformer layers a bool mask is `true`
 * where attention is NOT allowed and a float mask is added to the scores, which is the reverse
 * of `scaledDotProductAttention`'s bool mask (PyTorch 2.x's, `true` = attend). PyTorch 1.13's
 * eval-mode "fast paths" (fused kernels used when autograd is off) compute the same function, so
 * there is one path here.
 */
import {
  cat,
  checkOptions,
  type DType,
  full,
  gelu,
  getDefaultDtype,
  isFloating,
  maskedFill,
  nameGradFn,
  type OptionsSpec,
  relu,
  type Tensor,
  triu,
  zeros,
} from "@tsgrad/core";
import { constant_, xavierNormal_, xavierUniform_ } from "../init.js";
import { Module, Parameter, torchSize } from "../module.js";
import { checkInput, checkSizes } from "./check.js";
import { ModuleList } from "./container.js";
import { checkDropoutProbability, Dropout } from "./dropout.js";
import { Linear, type LinearOptions } from "./linear.js";
import { LayerNorm } from "./normalization.js";

// ---- helpers ------------------------------------------------------------------------------------

/** `F.linear`: `x Wᵀ + b`, called on a module's weights directly (as PyTorch's MHA does). */
function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = x.matmul(w.t());
  return b === null ? y : y.add(b);
}

/** `F.pad(mask, (0, 1))`: one more column of false / 0 at the end of the last dim. */
function padLast(mask: Tensor): Tensor {
  const shape = mask._shape.slice();
  shape[shape.length - 1] = 1;
  return cat([mask, zeros(shape, { dtype: mask.dtype })], -1);
}

/** A bool or floating mask, checked the way PyTorch checks key padding masks. */
function checkKeyPaddingMask(op: string, mask: Tensor | null | undefined): void {
  if (mask !== null && mask !== undefined && mask.dtype !== "bool" && !isFloating(mask.dtype)) {
    throw new Error(
      `${op}: only bool and floating types of key_padding_mask are supported, but got ${mask.dtype}`,
    );
  }
}

/**
 * PyTorch's `copy.deepcopy(module)` for the layers of this file: `make()` builds a fresh one with
 * the same constructor arguments, which then takes `src`'s values, dtype, `requiresGrad` flags and
 * training modes. (Building it draws its initial values from the global generator before they are
 * overwritten, so it moves the generator on, where deepcopy does not.)
 */
function deepCopyOf<M extends Module>(src: M, make: () => M): M {
  const dst = make();
  const first = src.parameters().next();
  if (!first.done) dst.to(first.value.dtype);
  dst.loadStateDict(src.stateDict());
  const dstParams = [...dst.parameters()];
  let i = 0;
  for (const p of src.parameters()) dstParams[i++]!.requiresGrad_(p.requiresGrad);
  const dstModules = [...dst.modules()];
  i = 0;
  for (const m of src.modules()) dstModules[i++]!.training = m.training;
  return dst;
}

/** A layer `_get_clones` can copy. */
interface DeepCopyable extends Module {
  deepCopy(): Module;
}

/** `_get_clones(layer, n)`: a ModuleList of `n` independent deep copies of `layer`. */
function getClones(op: string, layer: DeepCopyable, n: number): ModuleList {
  checkSizes(op, { numLayers: n });
  const copies: Module[] = [];
  for (let i = 0; i < n; i++) copies.push(layer.deepCopy());
  return new ModuleList(copies);
}

/** The activation of the feed-forward block: PyTorch's "relu" / "gelu", or any unary function. */
export type TransformerActivation = "relu" | "gelu" | ((x: Tensor) => Tensor);

function activationFn(op: string, a: TransformerActivation): (x: Tensor) => Tensor {
  if (a === "relu") return relu;
  if (a === "gelu") return (x) => gelu(x);
  if (typeof a === "function") return a;
  throw new Error(`${op}(): activation should be relu/gelu, not ${String(a)}`);
}

const ACTIVATION = {
  test: (v: unknown) => typeof v === "string" || typeof v === "function",
  expected: '"relu", "gelu" or a function',
};

// ---- MultiheadAttention -------------------------------------------------------------------------

/**
 * `MultiheadAttention`'s keyword arguments (`nn.MultiheadAttention(embed_dim, num_heads, dropout=, bias=, ...)`).
 */
export interface MultiheadAttentionOptions {
  /** Dropout probability on the attention weights, in training mode (default 0). */
  dropout?: number;
  /** Biases on the input and output projections (default true). */
  bias?: boolean;
  /** Learned bias rows `bias_k`, `bias_v` appended to the keys and values (default false). */
  addBiasKv?: boolean;
  /** A row of zeros appended to the keys and values (default false). */
  addZeroAttn?: boolean;
  /** Features of the key (default `embedDim`); with `vdim`, separate projection weights when either differs. */
  kdim?: number | null;
  /** Features of the value (default `embedDim`). */
  vdim?: number | null;
  /** Inputs and outputs are `[batch, seq, feature]` instead of `[seq, batch, feature]` (default false). */
  batchFirst?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const MHA_OPTIONS: OptionsSpec<MultiheadAttentionOptions> = {
  dropout: "number",
  bias: "boolean",
  addBiasKv: "boolean",
  addZeroAttn: "boolean",
  kdim: "integerOrNull",
  vdim: "integerOrNull",
  batchFirst: "boolean",
  dtype: "dtype",
};

/**
 * The keyword arguments of `MultiheadAttention.call(query, key, value, options)` (PyTorch's forward keywords).
 */
export interface MultiheadAttentionForwardOptions {
  /**
   * `[N, S]` (`[S]` unbatched): bool `true` marks a key position to ignore (padding); a float
   * mask is added to the scores of each key.
   */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights as the second element (default true). */
  needWeights?: boolean;
  /**
   * `[L, S]` or `[N·numHeads, L, S]`: bool `true` = NOT allowed to attend; float = added to the
   * scores.
   */
  attnMask?: Tensor | null;
  /** Average the returned weights over the heads (default true); per head otherwise. */
  averageAttnWeights?: boolean;
}

const MHA_FORWARD_OPTIONS: OptionsSpec<MultiheadAttentionForwardOptions> = {
  keyPaddingMask: "tensorOrNull",
  needWeights: "boolean",
  attnMask: "tensorOrNull",
  averageAttnWeights: "boolean",
};

/**
 * The output projection of MultiheadAttention: a Linear under PyTorch's class name (which
 * PyTorch gives it so that dynamic quantization leaves it alone), so the repr matches.
 */
export class NonDynamicallyQuantizableLinear extends Linear {
  static override readonly typeName: string = "NonDynamicallyQuantizableLinear";
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super(inFeatures, outFeatures, options);
  }
}

/**
 * Multi-head attention (`torch.nn.MultiheadAttention`):
 * `concat(head_1, …, head_h) W_o` with `head_i = softmax(q_i k_iᵀ / √d + mask) v_i`, the queries,
 * keys and values projected by `in_proj_weight` (or `q_proj_weight`, `k_proj_weight`,
 * `v_proj_weight` when `kdim` / `vdim` differ from `embedDim`). Parameters, their names and init
 * are PyTorch's (xavier-uniform projections, zero biases), so PyTorch state dicts load.
 *
 * `forward(query, key, value, options)` returns `[output, weights]`: output `[L, N, E]`
 * (`[N, L, E]` with `batchFirst`, `[L, E]` unbatched), weights `[N, L, S]` averaged over heads
 * (`[N, numHeads, L, S]` with `averageAttnWeights: false`), or `null` with `needWeights: false`.
 * The weights returned are those applied to the values, after dropout, as in PyTorch.
 *
 * @example
 * const mha = new MultiheadAttention(16, 4, { batchFirst: true });
 * const x = randn([2, 5, 16]);
 * const [out, weights] = mha.call(x, x, x); // out [2, 5, 16], weights [2, 5, 5]
 */
export class MultiheadAttention extends Module {
  static override readonly typeName: string = "MultiheadAttention";
  /** The model's embedding size (PyTorch's `embed_dim`). */
  readonly embedDim: number;
  /** The size of the keys (PyTorch's `kdim`, default `embedDim`). */
  readonly kdim: number;
  /** The size of the values (PyTorch's `vdim`, default `embedDim`). */
  readonly vdim: number;
  /** The number of attention heads (PyTorch's `num_heads`). */
  readonly numHeads: number;
  /** The size of each head, `embedDim / numHeads` (PyTorch's `head_dim`). */
  readonly headDim: number;
  /** The attention dropout probability (PyTorch's `dropout`). */
  readonly dropout: number;
  /**
   * Whether inputs and outputs are `[batch, seq, feature]` rather than `[seq, batch, feature]` (PyTorch's
   * `batch_first`).
   */
  readonly batchFirst: boolean;
  /** Whether a zero key and value are appended (PyTorch's `add_zero_attn`). */
  readonly addZeroAttn: boolean;
  /** PyTorch's `_qkv_same_embed_dim`: one packed `in_proj_weight` instead of three. */
  readonly qkvSameEmbedDim: boolean;
  /**
   * The packed query/key/value projection weight `[3·E, E]` when the sizes agree (PyTorch's
   * `in_proj_weight`), else null.
   */
  inProjWeight: Parameter | null;
  /** The query projection weight when `kdim`/`vdim` differ (PyTorch's `q_proj_weight`), else null. */
  qProjWeight: Parameter | null;
  /** The key projection weight when `kdim`/`vdim` differ (PyTorch's `k_proj_weight`), else null. */
  kProjWeight: Parameter | null;
  /** The value projection weight when `kdim`/`vdim` differ (PyTorch's `v_proj_weight`), else null. */
  vProjWeight: Parameter | null;
  /** The packed projection bias `[3·E]` (PyTorch's `in_proj_bias`), or null. */
  inProjBias: Parameter | null;
  /** The output projection (PyTorch's `out_proj`). */
  outProj: NonDynamicallyQuantizableLinear;
  /** The learned key appended to the keys (PyTorch's `bias_k`), or null. */
  biasK: Parameter | null;
  /** The learned value appended to the values (PyTorch's `bias_v`), or null. */
  biasV: Parameter | null;
  private readonly options: MultiheadAttentionOptions;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkOptions("MultiheadAttention", options, MHA_OPTIONS, 3);
    checkSizes("MultiheadAttention", { embedDim, numHeads });
    if (numHeads === 0) throw new Error("MultiheadAttention(): numHeads must be positive, got 0");
    const kdim = options.kdim ?? embedDim;
    const vdim = options.vdim ?? embedDim;
    checkSizes("MultiheadAttention", { kdim, vdim });
    this.options = { ...options };
    this.embedDim = embedDim;
    this.kdim = kdim;
    this.vdim = vdim;
    this.qkvSameEmbedDim = kdim === embedDim && vdim === embedDim;
    this.numHeads = numHeads;
    this.dropout = checkDropoutProbability("MultiheadAttention", options.dropout ?? 0);
    this.batchFirst = options.batchFirst ?? false;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) {
      throw new Error(
        `MultiheadAttention(): embed_dim must be divisible by num_heads (got embedDim=${embedDim}, numHeads=${numHeads})`,
      );
    }
    const dtype = options.dtype ?? getDefaultDtype();
    const param = (shape: number[]) => new Parameter(zeros(shape, { dtype }));
    // Registered in PyTorch's order, so that stateDict() lists the keys as PyTorch does.
    if (!this.qkvSameEmbedDim) {
      this.qProjWeight = this.registerParameter("q_proj_weight", param([embedDim, embedDim]));
      this.kProjWeight = this.registerParameter("k_proj_weight", param([embedDim, kdim]));
      this.vProjWeight = this.registerParameter("v_proj_weight", param([embedDim, vdim]));
      this.inProjWeight = this.registerParameter("in_proj_weight", null);
    } else {
      this.inProjWeight = this.registerParameter("in_proj_weight", param([3 * embedDim, embedDim]));
      this.qProjWeight = this.registerParameter("q_proj_weight", null);
      this.kProjWeight = this.registerParameter("k_proj_weight", null);
      this.vProjWeight = this.registerParameter("v_proj_weight", null);
    }
    const bias = options.bias ?? true;
    this.inProjBias = this.registerParameter("in_proj_bias", bias ? param([3 * embedDim]) : null);
    this.outProj = this.registerModule(
      "out_proj",
      new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, dtype }),
    );
    const biasKv = options.addBiasKv ?? false;
    this.biasK = this.registerParameter("bias_k", biasKv ? param([1, 1, embedDim]) : null);
    this.biasV = this.registerParameter("bias_v", biasKv ? param([1, 1, embedDim]) : null);
    this.addZeroAttn = options.addZeroAttn ?? false;
    this.resetParameters();
  }

  /** PyTorch's `_reset_parameters`: xavier-uniform projections, zero biases, xavier-normal bias_k/v. */
  resetParameters(): void {
    if (this.inProjWeight !== null) xavierUniform_(this.inProjWeight);
    else {
      xavierUniform_(this.qProjWeight!);
      xavierUniform_(this.kProjWeight!);
      xavierUniform_(this.vProjWeight!);
    }
    if (this.inProjBias !== null) {
      constant_(this.inProjBias, 0);
      constant_(this.outProj.bias!, 0);
    }
    if (this.biasK !== null) xavierNormal_(this.biasK);
    if (this.biasV !== null) xavierNormal_(this.biasV);
  }

  /**
   * An independent copy with the same settings and values (`copy.deepcopy`), of the same class: a
   * subclass is built again with `(embedDim, numHeads, options)`; one whose constructor takes other
   * arguments overrides this.
   */
  deepCopy(): this {
    const Same = this.constructor as new (...args: [number, number, MultiheadAttentionOptions]) => this;
    return deepCopyOf(this, () => new Same(this.embedDim, this.numHeads, this.options));
  }

  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    options?: MultiheadAttentionForwardOptions,
  ): [Tensor, Tensor | null] {
    const o = checkOptions("MultiheadAttention.forward", options, MHA_FORWARD_OPTIONS, 4);
    checkInput(this, query, "query");
    checkInput(this, key, "key");
    checkInput(this, value, "value");
    const name = this.getName();
    checkKeyPaddingMask(name, o.keyPaddingMask);
    const batched = this.checkShapes(query, key, value, o.keyPaddingMask ?? null, o.attnMask ?? null);
    const dtype = (this.inProjWeight ?? this.qProjWeight)!.dtype;
    for (const [what, t] of [
      ["query", query],
      ["key", key],
      ["value", value],
    ] as const) {
      if (t.dtype !== dtype) {
        throw new Error(
          `${name}: expected ${what} of dtype ${dtype} (the parameters'), but got ${t.dtype}; convert one of them (x.to(...) or module.double())`,
        );
      }
    }
    // Views that keep the aliasing of the arguments, which picks the in-projection below.
    let q = query;
    let k = key;
    let v = value;
    let keyPaddingMask = o.keyPaddingMask ?? null;
    const moveBatch = (t: Tensor): Tensor => (batched ? t.transpose(1, 0) : t.unsqueeze(1));
    if (!batched || this.batchFirst) {
      q = moveBatch(query);
      k = key === query ? q : moveBatch(key);
      v = value === key ? k : value === query ? q : moveBatch(value);
      if (!batched && keyPaddingMask !== null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
    }
    const [out, weights] = this.attention(q, k, v, keyPaddingMask, o.attnMask ?? null, o);
    if (!batched) {
      // squeeze(dim) is SqueezeBackward1 in PyTorch (SqueezeBackward0 is squeeze()).
      const squeezed = (t: Tensor, d: number) => nameGradFn(t.squeeze(d), "SqueezeBackward1");
      return [squeezed(out, 1), weights === null ? null : squeezed(weights, 0)];
    }
    return [this.batchFirst ? out.transpose(1, 0) : out, weights];
  }

  /** PyTorch's `_mha_shape_check`: whether the input is batched, with its messages. */
  private checkShapes(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    keyPaddingMask: Tensor | null,
    attnMask: Tensor | null,
  ): boolean {
    const name = this.getName();
    const rank = query.dim();
    if (rank !== 2 && rank !== 3) {
      throw new Error(
        `${name}: query should be unbatched 2D or batched 3D tensor but received ${rank}-D query tensor`,
      );
    }
    // Batched (3-D) and unbatched (2-D) input get the same checks, one rank apart.
    const kind = rank === 3 ? "batched (3-D)" : "unbatched (2-D)";
    if (key.dim() !== rank || value.dim() !== rank) {
      throw new Error(
        `${name}: For ${kind} \`query\`, expected \`key\` and \`value\` to be ${rank}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
      );
    }
    if (keyPaddingMask !== null && keyPaddingMask.dim() !== rank - 1) {
      throw new Error(
        `${name}: For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${rank - 1}-D but found ${keyPaddingMask.dim()}-D tensor instead`,
      );
    }
    if (attnMask !== null && attnMask.dim() !== 2 && attnMask.dim() !== 3) {
      throw new Error(
        `${name}: For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`,
      );
    }
    if (rank === 2 && attnMask !== null && attnMask.dim() === 3) {
      const expected = [this.numHeads, query._shape[0]!, key._shape[0]!];
      if (attnMask._shape.some((s, i) => s !== expected[i])) {
        throw new Error(
          `${name}: Expected \`attn_mask\` shape to be (${expected.join(", ")}) but got ${torchSize(attnMask._shape)}`,
        );
      }
    }
    return rank === 3;
  }

  /** `F.multi_head_attention_forward` on `[seq, batch, feature]` inputs (masks unchecked yet). */
  private attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    keyPaddingMaskIn: Tensor | null,
    attnMaskIn: Tensor | null,
    o: MultiheadAttentionForwardOptions,
  ): [Tensor, Tensor | null] {
    const name = this.getName();
    const [tgtLen, bsz, embedDim] = query._shape as [number, number, number];
    const E = this.embedDim;
    const H = this.numHeads;
    const hd = this.headDim;
    if (embedDim !== E) {
      throw new Error(`${name}: was expecting embedding dimension of ${E}, but got ${embedDim}`);
    }
    const kLast = key._shape[2]!;
    const vLast = value._shape[2]!;
    if (this.qkvSameEmbedDim) {
      if (key._shape.some((s, i) => s !== value._shape[i])) {
        throw new Error(
          `${name}: key shape ${torchSize(key._shape)} does not match value shape ${torchSize(value._shape)}`,
        );
      }
    } else if (key._shape[0] !== value._shape[0] || key._shape[1] !== value._shape[1]) {
      throw new Error(
        `${name}: key's sequence and batch dims ${torchSize(key._shape.slice(0, 2))} do not match value's ${torchSize(value._shape.slice(0, 2))}`,
      );
    }
    if (kLast !== this.kdim || vLast !== this.vdim) {
      throw new Error(
        `${name}: expected key and value with ${this.kdim} and ${this.vdim} features (kdim, vdim), but got ${kLast} and ${vLast}`,
      );
    }

    // ---- in-projection (`_in_projection_packed` / `_in_projection`)
    let q: Tensor;
    let k: Tensor;
    let v: Tensor;
    const b = this.inProjBias;
    const part = (t: Tensor | null, i: number, n = 1): Tensor | null =>
      t === null ? null : t.narrow(0, i * E, n * E);
    if (this.inProjWeight !== null) {
      const w = this.inProjWeight;
      if (key === value && query === key) {
        [q, k, v] = linear(query, w, b).chunk(3, -1) as [Tensor, Tensor, Tensor];
      } else if (key === value) {
        q = linear(query, part(w, 0)!, part(b, 0));
        [k, v] = linear(key, part(w, 1, 2)!, part(b, 1, 2)).chunk(2, -1) as [Tensor, Tensor];
      } else {
        q = linear(query, part(w, 0)!, part(b, 0));
        k = linear(key, part(w, 1)!, part(b, 1));
        v = linear(value, part(w, 2)!, part(b, 2));
      }
    } else {
      q = linear(query, this.qProjWeight!, part(b, 0));
      k = linear(key, this.kProjWeight!, part(b, 1));
      v = linear(value, this.vProjWeight!, part(b, 2));
    }
    let srcLen = key._shape[0]!;

    // ---- the attention mask, as 3-D
    let attnMask = attnMaskIn;
    if (attnMask !== null) {
      if (attnMask.dtype !== "bool" && !isFloating(attnMask.dtype)) {
        throw new Error(
          `${name}: Only float, byte, and bool types are supported for attn_mask, not ${attnMask.dtype}`,
        );
      }
      if (attnMask.dim() === 2) {
        if (attnMask._shape[0] !== tgtLen || attnMask._shape[1] !== srcLen) {
          throw new Error(
            `${name}: The shape of the 2D attn_mask is ${torchSize(attnMask._shape)}, but should be (${tgtLen}, ${srcLen}).`,
          );
        }
        attnMask = attnMask.unsqueeze(0);
      } else {
        const want = [bsz * H, tgtLen, srcLen];
        if (attnMask._shape.some((s, i) => s !== want[i])) {
          throw new Error(
            `${name}: The shape of the 3D attn_mask is ${torchSize(attnMask._shape)}, but should be (${want.join(", ")}).`,
          );
        }
      }
    }
    let keyPaddingMask = keyPaddingMaskIn;
    if (this.biasK !== null && this.biasV !== null) {
      k = cat([k, this.biasK.repeat(1, bsz, 1)]);
      v = cat([v, this.biasV.repeat(1, bsz, 1)]);
      if (attnMask !== null) attnMask = padLast(attnMask);
      if (keyPaddingMask !== null) keyPaddingMask = padLast(keyPaddingMask);
    }

    // ---- heads: [seq, batch, E] -> [batch·heads, seq, headDim]
    // `contiguous().view`, as PyTorch's code writes it (so the nodes have its names).
    q = q
      .contiguous()
      .view([tgtLen, bsz * H, hd])
      .transpose(0, 1);
    k = k
      .contiguous()
      .view([k._shape[0]!, bsz * H, hd])
      .transpose(0, 1);
    v = v
      .contiguous()
      .view([v._shape[0]!, bsz * H, hd])
      .transpose(0, 1);
    if (this.addZeroAttn) {
      const z = zeros([bsz * H, 1, hd], { dtype: k.dtype });
      k = cat([k, z], 1);
      v = cat([v, z], 1);
      if (attnMask !== null) attnMask = padLast(attnMask);
      if (keyPaddingMask !== null) keyPaddingMask = padLast(keyPaddingMask);
    }
    srcLen = k._shape[1]!;

    // ---- merge the key padding mask in, and make the mask additive
    if (keyPaddingMask !== null) {
      if (keyPaddingMask._shape[0] !== bsz || keyPaddingMask._shape[1] !== srcLen) {
        throw new Error(
          `${name}: expecting key_padding_mask shape of (${bsz}, ${srcLen}), but got ${torchSize(keyPaddingMask._shape)}`,
        );
      }
      const kpm = keyPaddingMask
        .view([bsz, 1, 1, srcLen])
        .expand([bsz, H, 1, srcLen])
        .reshape([bsz * H, 1, srcLen]);
      if (attnMask === null) attnMask = kpm;
      else if (attnMask.dtype === "bool") attnMask = attnMask.logicalOr(kpm);
      else if (kpm.dtype !== "bool") {
        throw new Error(
          `${name}: masked_fill_ only supports boolean masks, but got mask with dtype ${kpm.dtype} (a float attn_mask cannot take a float key_padding_mask)`,
        );
      } else attnMask = maskedFill(attnMask, kpm, Number.NEGATIVE_INFINITY);
    }
    if (attnMask !== null) {
      attnMask =
        attnMask.dtype === "bool"
          ? maskedFill(zeros(attnMask._shape, { dtype: q.dtype }), attnMask, Number.NEGATIVE_INFINITY)
          : attnMask.to(q.dtype);
    }

    // ---- attention and the output projection
    const dropoutP = this.training ? this.dropout : 0;
    let scores = q.div(Math.sqrt(hd)).matmul(k.transpose(-2, -1));
    if (attnMask !== null) scores = attnMask.add(scores);
    let weights = scores.softmax(-1);
    // PyTorch's F.dropout on the weights; MultiheadAttention registers no Dropout module.
    if (dropoutP > 0) weights = new Dropout(dropoutP).forward(weights);
    let out = weights
      .matmul(v)
      .transpose(0, 1)
      .contiguous()
      .view([tgtLen * bsz, E]);
    out = linear(out, this.outProj.weight, this.outProj.bias).view([tgtLen, bsz, E]);
    if (!(o.needWeights ?? true)) return [out, null];
    let w = weights.view([bsz, H, tgtLen, srcLen]);
    if (o.averageAttnWeights ?? true) w = w.sum(1).div(H);
    return [out, w];
  }
}

// ---- encoder and decoder layers -----------------------------------------------------------------

/**
 * The keyword arguments of `TransformerEncoderLayer` / `TransformerDecoderLayer` (`dim_feedforward=`, `dropout=`, `activation=`, ...).
 */
export interface TransformerLayerOptions {
  /** Width of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout probability everywhere in the layer, attention weights included (default 0.1). */
  dropout?: number;
  /** Activation of the feed-forward block (default "relu"). */
  activation?: TransformerActivation;
  /** LayerNorm eps (default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs are `[batch, seq, feature]` (default false: `[seq, batch, feature]`). */
  batchFirst?: boolean;
  /** LayerNorm before each block (pre-norm) instead of after the residual add (default false). */
  normFirst?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const LAYER_OPTIONS: OptionsSpec<TransformerLayerOptions> = {
  dimFeedforward: "integer",
  dropout: "number",
  activation: ACTIVATION,
  layerNormEps: "nonneg",
  batchFirst: "boolean",
  normFirst: "boolean",
  dtype: "dtype",
};

/** The keyword arguments of `TransformerEncoderLayer.call(src, options)`. */
export interface TransformerEncoderLayerForwardOptions {
  /** `[S, S]` or `[N·nhead, S, S]`; bool `true` = not allowed, float added. */
  srcMask?: Tensor | null;
  /** `[N, S]` (`[S]` unbatched); bool `true` = padding. */
  srcKeyPaddingMask?: Tensor | null;
}

const ENCODER_LAYER_FORWARD_OPTIONS: OptionsSpec<TransformerEncoderLayerForwardOptions> = {
  srcMask: "tensorOrNull",
  srcKeyPaddingMask: "tensorOrNull",
};

/**
 * What the encoder and decoder layers share: settings, the self-attention and feed-forward blocks
 * and their norms and dropouts. Each layer's constructor registers them, in PyTorch's order.
 */
abstract class TransformerLayerBase extends Module {
  /** The self-attention block (PyTorch's `self_attn`). */
  selfAttn!: MultiheadAttention;
  /** The feed-forward's first linear layer (PyTorch's `linear1`). */
  linear1!: Linear;
  /** The dropout inside the feed-forward block (PyTorch's `dropout`). */
  dropout!: Dropout;
  /** The feed-forward's second linear layer (PyTorch's `linear2`). */
  linear2!: Linear;
  /** The first layer norm (PyTorch's `norm1`). */
  norm1!: LayerNorm;
  /** The second layer norm (PyTorch's `norm2`). */
  norm2!: LayerNorm;
  /** The dropout after self-attention (PyTorch's `dropout1`). */
  dropout1!: Dropout;
  /**
   * The dropout after the second block: the feed-forward (encoder) or the cross-attention (decoder)
   * (PyTorch's `dropout2`).
   */
  dropout2!: Dropout;
  /** Whether the layer norms run before attention and feed-forward (PyTorch's `norm_first`). */
  readonly normFirst: boolean;
  /** The feed-forward activation, `"relu"`, `"gelu"` or a function (PyTorch's `activation`). */
  readonly activation: (x: Tensor) => Tensor;
  /** PyTorch's `activation_relu_or_gelu`: 1 for relu, 2 for gelu, 0 for a function. */
  readonly activationReluOrGelu: number;
  protected readonly options: TransformerLayerOptions;

  constructor(
    op: string,
    /** The model's feature size (PyTorch's `d_model`). */
    readonly dModel: number,
    /** The number of attention heads (PyTorch's `nhead`). */
    readonly nhead: number,
    options: TransformerLayerOptions,
  ) {
    super();
    checkOptions(op, options, LAYER_OPTIONS, 3);
    checkSizes(op, { dModel, nhead, dimFeedforward: options.dimFeedforward ?? 2048 });
    checkDropoutProbability(op, options.dropout ?? 0.1);
    const a = options.activation ?? "relu";
    this.activation = activationFn(op, a);
    this.activationReluOrGelu = a === "relu" || a === relu ? 1 : a === "gelu" || a === gelu ? 2 : 0;
    this.normFirst = options.normFirst ?? false;
    this.options = { ...options };
  }

  /**
   * An independent copy with the same settings and values (`copy.deepcopy`), of the same class (what
   * `TransformerEncoder` / `TransformerDecoder` stack): a subclass is built again with
   * `(dModel, nhead, options)`; one whose constructor takes other arguments overrides this.
   */
  deepCopy(): this {
    const Same = this.constructor as new (...args: [number, number, TransformerLayerOptions]) => this;
    return deepCopyOf(this, () => new Same(this.dModel, this.nhead, this.options));
  }

  /** The MultiheadAttention of a layer, with its settings. */
  protected makeAttention(): MultiheadAttention {
    const o = this.options;
    return new MultiheadAttention(this.dModel, this.nhead, {
      dropout: o.dropout ?? 0.1,
      batchFirst: o.batchFirst ?? false,
      dtype: o.dtype,
    });
  }

  protected norm(): LayerNorm {
    return new LayerNorm(this.dModel, { eps: this.options.layerNormEps ?? 1e-5, dtype: this.options.dtype });
  }

  protected dropoutModule(): Dropout {
    return new Dropout(this.options.dropout ?? 0.1);
  }

  /** `self_attn(x, x, x, ...)[0]`, then dropout1. */
  protected saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.selfAttn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.call(y);
  }

  /** `linear2(dropout(activation(linear1(x))))`, then the layer's last dropout. */
  protected ffBlock(x: Tensor, last: Dropout): Tensor {
    return last.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
  }
}

/**
 * One transformer encoder layer (`torch.nn.TransformerEncoderLayer`): self-attention and a
 * feed-forward block, each with a residual connection and a LayerNorm (after the add, or before
 * the block with `normFirst`). Submodules `self_attn`, `linear1`, `dropout`, `linear2`, `norm1`,
 * `norm2`, `dropout1`, `dropout2`, as in PyTorch.
 *
 * Shape: `src` `[S, N, E]` (`[N, S, E]` with `batchFirst`, `[S, E]` unbatched), output the same.
 *
 * @example
 * const layer = new TransformerEncoderLayer(128, 4, { dimFeedforward: 256, dropout: 0, batchFirst: true });
 * layer.call(randn([16, 64, 128])).shape; // [16, 64, 128]
 */
export class TransformerEncoderLayer extends TransformerLayerBase {
  static override readonly typeName: string = "TransformerEncoderLayer";

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super("TransformerEncoderLayer", dModel, nhead, options);
    const ff = options.dimFeedforward ?? 2048;
    const dtype = options.dtype;
    this.selfAttn = this.registerModule("self_attn", this.makeAttention());
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, { dtype }));
    this.dropout = this.registerModule("dropout", this.dropoutModule());
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, { dtype }));
    this.norm1 = this.registerModule("norm1", this.norm());
    this.norm2 = this.registerModule("norm2", this.norm());
    this.dropout1 = this.registerModule("dropout1", this.dropoutModule());
    this.dropout2 = this.registerModule("dropout2", this.dropoutModule());
  }

  override forward(src: Tensor, options?: TransformerEncoderLayerForwardOptions): Tensor {
    const o = checkOptions("TransformerEncoderLayer.forward", options, ENCODER_LAYER_FORWARD_OPTIONS, 2);
    checkInput(this, src, "src");
    const mask = o.srcMask ?? null;
    const kpm = o.srcKeyPaddingMask ?? null;
    checkKeyPaddingMask(this.getName(), kpm);
    let x = src;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.call(x), mask, kpm));
      return x.add(this.ffBlock(this.norm2.call(x), this.dropout2));
    }
    x = this.norm1.call(x.add(this.saBlock(x, mask, kpm)));
    return this.norm2.call(x.add(this.ffBlock(x, this.dropout2)));
  }
}

/** The keyword arguments of `TransformerDecoderLayer.call(tgt, memory, options)`. */
export interface TransformerDecoderLayerForwardOptions {
  /** `[T, T]` or `[N·nhead, T, T]` mask of the self-attention (e.g. a causal one). */
  tgtMask?: Tensor | null;
  /** `[T, S]` or `[N·nhead, T, S]` mask of the attention over the memory. */
  memoryMask?: Tensor | null;
  /** `[N, T]`: bool `true` = padding in `tgt`. */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]`: bool `true` = padding in `memory`. */
  memoryKeyPaddingMask?: Tensor | null;
}

const DECODER_FORWARD_OPTIONS: OptionsSpec<TransformerDecoderLayerForwardOptions> = {
  tgtMask: "tensorOrNull",
  memoryMask: "tensorOrNull",
  tgtKeyPaddingMask: "tensorOrNull",
  memoryKeyPaddingMask: "tensorOrNull",
};

/**
 * One transformer decoder layer (`torch.nn.TransformerDecoderLayer`): self-attention over `tgt`,
 * attention over `memory` (the encoder's output), and a feed-forward block, each with a residual
 * connection and a LayerNorm. Submodules `self_attn`, `multihead_attn`, `linear1`, `dropout`,
 * `linear2`, `norm1`–`norm3`, `dropout1`–`dropout3`, as in PyTorch.
 *
 * @example
 * const layer = new TransformerDecoderLayer(8, 2, { dimFeedforward: 16 });
 * layer.call(randn([5, 3, 8]), randn([7, 3, 8]), { tgtMask: Transformer.generateSquareSubsequentMask(5) });
 */
export class TransformerDecoderLayer extends TransformerLayerBase {
  static override readonly typeName: string = "TransformerDecoderLayer";
  /** The cross-attention block over the memory (PyTorch's `multihead_attn`). */
  multiheadAttn: MultiheadAttention;
  /** The third layer norm (PyTorch's `norm3`). */
  norm3: LayerNorm;
  /** The dropout after the feed-forward (PyTorch's `dropout3`). */
  dropout3: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super("TransformerDecoderLayer", dModel, nhead, options);
    const ff = options.dimFeedforward ?? 2048;
    const dtype = options.dtype;
    this.selfAttn = this.registerModule("self_attn", this.makeAttention());
    this.multiheadAttn = this.registerModule("multihead_attn", this.makeAttention());
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, { dtype }));
    this.dropout = this.registerModule("dropout", this.dropoutModule());
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, { dtype }));
    this.norm1 = this.registerModule("norm1", this.norm());
    this.norm2 = this.registerModule("norm2", this.norm());
    this.norm3 = this.registerModule("norm3", this.norm());
    this.dropout1 = this.registerModule("dropout1", this.dropoutModule());
    this.dropout2 = this.registerModule("dropout2", this.dropoutModule());
    this.dropout3 = this.registerModule("dropout3", this.dropoutModule());
  }

  override forward(tgt: Tensor, memory: Tensor, options?: TransformerDecoderLayerForwardOptions): Tensor {
    const o = checkOptions("TransformerDecoderLayer.forward", options, DECODER_FORWARD_OPTIONS, 3);
    checkInput(this, tgt, "tgt");
    checkInput(this, memory, "memory");
    const tgtMask = o.tgtMask ?? null;
    const memMask = o.memoryMask ?? null;
    const tgtKpm = o.tgtKeyPaddingMask ?? null;
    const memKpm = o.memoryKeyPaddingMask ?? null;
    const mha = (x: Tensor): Tensor => {
      const [y] = this.multiheadAttn.call(x, memory, memory, {
        attnMask: memMask,
        keyPaddingMask: memKpm,
        needWeights: false,
      });
      return this.dropout2.call(y);
    };
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.call(x), tgtMask, tgtKpm));
      x = x.add(mha(this.norm2.call(x)));
      return x.add(this.ffBlock(this.norm3.call(x), this.dropout3));
    }
    x = this.norm1.call(x.add(this.saBlock(x, tgtMask, tgtKpm)));
    x = this.norm2.call(x.add(mha(x)));
    return this.norm3.call(x.add(this.ffBlock(x, this.dropout3)));
  }
}

// ---- stacks -------------------------------------------------------------------------------------

/** The keyword arguments of `TransformerDecoder` (and the base of `TransformerEncoder`'s). */
export interface TransformerStackOptions {
  /** A final normalization applied to the output (default none; not registered when absent). */
  norm?: Module | null;
}

/** `TransformerEncoder`'s keyword arguments (`norm=`, `enable_nested_tensor=`, `mask_check=`). */
export interface TransformerEncoderOptions extends TransformerStackOptions {
  /** PyTorch's nested-tensor fast path switch: accepted, no effect (tsgrad has one path). */
  enableNestedTensor?: boolean;
  /** PyTorch's check for that fast path: accepted, no effect. */
  maskCheck?: boolean;
}

const ENCODER_OPTIONS: OptionsSpec<TransformerEncoderOptions> = {
  norm: { test: (v) => v === null || v instanceof Module, expected: "a Module or null" },
  enableNestedTensor: "boolean",
  maskCheck: "boolean",
};
const DECODER_OPTIONS: OptionsSpec<TransformerStackOptions> = { norm: ENCODER_OPTIONS.norm };

/** The keyword arguments of `TransformerEncoder.call(src, options)` (`mask=`, `src_key_padding_mask=`). */
export interface TransformerEncoderForwardOptions {
  /** The mask of every layer's self-attention (`src_mask`). */
  mask?: Tensor | null;
  /** `[N, S]` (PyTorch's `src_key_padding_mask`): bool `true` = padding. */
  srcKeyPaddingMask?: Tensor | null;
}

const ENCODER_FORWARD_OPTIONS: OptionsSpec<TransformerEncoderForwardOptions> = {
  mask: "tensorOrNull",
  srcKeyPaddingMask: "tensorOrNull",
};

function checkLayer(
  op: string,
  layer: unknown,
  cls: typeof TransformerEncoderLayer | typeof TransformerDecoderLayer,
  what: string,
): void {
  if (!(layer instanceof cls)) {
    const got = layer instanceof Module ? layer.getName() : layer === null ? "null" : typeof layer;
    throw new TypeError(`${op}(): ${what} must be a ${cls.typeName}, but got ${got}`);
  }
}

/**
 * What `TransformerEncoder` and `TransformerDecoder` share: `numLayers` deep copies of a layer
 * (PyTorch's `_get_clones`), registered as `layers`, then `norm` if given.
 */
abstract class TransformerStack extends Module {
  /** The stacked layers (PyTorch's `layers`). */
  layers: ModuleList;
  /** The final layer norm (PyTorch's `norm`), or null. */
  norm: Module | null;
  /** The number of stacked layers (PyTorch's `num_layers`). */
  readonly numLayers: number;

  /** `what`: the layer's argument name in messages (`encoder_layer`); `options` checked against `spec`. */
  constructor(
    op: string,
    layer: TransformerEncoderLayer | TransformerDecoderLayer,
    cls: typeof TransformerEncoderLayer | typeof TransformerDecoderLayer,
    what: string,
    numLayers: number,
    options: TransformerStackOptions,
    spec: OptionsSpec<TransformerStackOptions>,
  ) {
    super();
    const { norm } = checkOptions(op, options, spec, 3);
    checkLayer(op, layer, cls, what);
    this.layers = this.registerModule("layers", getClones(op, layer, numLayers));
    this.numLayers = numLayers;
    this.norm = norm ? this.registerModule("norm", norm) : null;
  }
}

/**
 * A stack of `numLayers` encoder layers (`torch.nn.TransformerEncoder`), each an independent deep
 * copy of `encoderLayer` (PyTorch's `_get_clones`), then `norm` if given. State dict keys
 * `layers.0.self_attn.in_proj_weight`, …, `norm.weight`, as in PyTorch.
 *
 * @example
 * const enc = new TransformerEncoder(new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }), 2);
 * enc.call(randn([5, 3, 8]), { mask: Transformer.generateSquareSubsequentMask(5) }).shape; // [5, 3, 8]
 */
export class TransformerEncoder extends TransformerStack {
  static override readonly typeName: string = "TransformerEncoder";
  /** Accepted for PyTorch compatibility (`enable_nested_tensor`); no effect here. */
  readonly enableNestedTensor: boolean;
  /** Accepted for PyTorch compatibility (`mask_check`). */
  readonly maskCheck: boolean;

  constructor(
    encoderLayer: TransformerEncoderLayer,
    numLayers: number,
    options: TransformerEncoderOptions = {},
  ) {
    super(
      "TransformerEncoder",
      encoderLayer,
      TransformerEncoderLayer,
      "encoder_layer",
      numLayers,
      options,
      ENCODER_OPTIONS,
    );
    this.enableNestedTensor = options.enableNestedTensor ?? true;
    this.maskCheck = options.maskCheck ?? true;
  }

  override forward(src: Tensor, options?: TransformerEncoderForwardOptions): Tensor {
    const o = checkOptions("TransformerEncoder.forward", options, ENCODER_FORWARD_OPTIONS, 2);
    checkInput(this, src, "src");
    checkKeyPaddingMask(this.getName(), o.srcKeyPaddingMask);
    let x = src;
    for (const layer of this.layers) {
      x = (layer as TransformerEncoderLayer).call(x, {
        srcMask: o.mask ?? null,
        srcKeyPaddingMask: o.srcKeyPaddingMask ?? null,
      });
    }
    return this.norm === null ? x : this.norm.call(x);
  }
}

/**
 * A stack of `numLayers` decoder layers (`torch.nn.TransformerDecoder`), deep copies of
 * `decoderLayer`, then `norm` if given.
 *
 * @example
 * const dec = new TransformerDecoder(new TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }), 2);
 * dec.call(randn([5, 3, 8]), randn([7, 3, 8])).shape; // [5, 3, 8]
 */
export class TransformerDecoder extends TransformerStack {
  static override readonly typeName: string = "TransformerDecoder";

  constructor(
    decoderLayer: TransformerDecoderLayer,
    numLayers: number,
    options: TransformerStackOptions = {},
  ) {
    super(
      "TransformerDecoder",
      decoderLayer,
      TransformerDecoderLayer,
      "decoder_layer",
      numLayers,
      options,
      DECODER_OPTIONS,
    );
  }

  override forward(tgt: Tensor, memory: Tensor, options?: TransformerDecoderLayerForwardOptions): Tensor {
    const o = checkOptions("TransformerDecoder.forward", options, DECODER_FORWARD_OPTIONS, 3);
    checkInput(this, tgt, "tgt");
    checkInput(this, memory, "memory");
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).call(x, memory, o);
    return this.norm === null ? x : this.norm.call(x);
  }
}

// ---- the whole model ----------------------------------------------------------------------------

/**
 * `Transformer`'s keyword arguments (`d_model=512`, `nhead=8`, the layer counts, and the layers' options).
 */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Model width (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
  /** Used instead of the built encoder (PyTorch's `custom_encoder`). */
  customEncoder?: Module | null;
  /** Used instead of the built decoder. */
  customDecoder?: Module | null;
}

const TRANSFORMER_OPTIONS: OptionsSpec<TransformerOptions> = {
  ...LAYER_OPTIONS,
  dModel: "integer",
  nhead: "integer",
  numEncoderLayers: "integer",
  numDecoderLayers: "integer",
  customEncoder: ENCODER_OPTIONS.norm,
  customDecoder: ENCODER_OPTIONS.norm,
};

/** The keyword arguments of `Transformer.call(src, tgt, options)`: the masks. */
export interface TransformerForwardOptions {
  /** `[S, S]` or `[N·nhead, S, S]` (PyTorch's `src_mask`): bool `true` = not allowed to attend, float = added. */
  srcMask?: Tensor | null;
  /** `[T, T]` (PyTorch's `tgt_mask`), e.g. `Transformer.generateSquareSubsequentMask(T)`: float `-inf` = not allowed. */
  tgtMask?: Tensor | null;
  /** `[T, S]` (PyTorch's `memory_mask`): bool `true` = not allowed to attend, float = added. */
  memoryMask?: Tensor | null;
  /** `[N, S]` (PyTorch's `src_key_padding_mask`): bool `true` = padding. */
  srcKeyPaddingMask?: Tensor | null;
  /** `[N, T]` (PyTorch's `tgt_key_padding_mask`): bool `true` = padding. */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]` (PyTorch's `memory_key_padding_mask`): bool `true` = padding. */
  memoryKeyPaddingMask?: Tensor | null;
}

const TRANSFORMER_FORWARD_OPTIONS: OptionsSpec<TransformerForwardOptions> = {
  srcMask: "tensorOrNull",
  tgtMask: "tensorOrNull",
  memoryMask: "tensorOrNull",
  srcKeyPaddingMask: "tensorOrNull",
  tgtKeyPaddingMask: "tensorOrNull",
  memoryKeyPaddingMask: "tensorOrNull",
};

/** `Transformer.generateSquareSubsequentMask`'s options (its `dtype`). */
export interface SquareSubsequentMaskOptions {
  /** Default: the default float dtype. */
  dtype?: DType;
}

const SQUARE_MASK_OPTIONS: OptionsSpec<SquareSubsequentMaskOptions> = { dtype: "dtype" };

/**
 * The encoder-decoder transformer (`torch.nn.Transformer`): a `TransformerEncoder` of
 * `numEncoderLayers` layers and a `TransformerDecoder` of `numDecoderLayers`, each with a final
 * LayerNorm; every parameter with more than one dim is re-initialised xavier-uniform, as PyTorch does.
 *
 * @example
 * const model = new Transformer({ dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32 });
 * const tgtMask = Transformer.generateSquareSubsequentMask(4);
 * model.call(randn([6, 2, 16]), randn([4, 2, 16]), { tgtMask }).shape; // [4, 2, 16]
 */
export class Transformer extends Module {
  static override readonly typeName: string = "Transformer";
  /** The encoder stack (PyTorch's `encoder`). */
  encoder: Module;
  /** The decoder stack (PyTorch's `decoder`). */
  decoder: Module;
  /** The model's feature size (PyTorch's `d_model`). */
  readonly dModel: number;
  /** The number of attention heads (PyTorch's `nhead`). */
  readonly nhead: number;
  /**
   * Whether inputs and outputs are `[batch, seq, feature]` rather than `[seq, batch, feature]` (PyTorch's
   * `batch_first`).
   */
  readonly batchFirst: boolean;

  constructor(options: TransformerOptions = {}) {
    super();
    checkOptions("Transformer", options, TRANSFORMER_OPTIONS, 1);
    const {
      dModel = 512,
      nhead = 8,
      numEncoderLayers = 6,
      numDecoderLayers = 6,
      customEncoder,
      customDecoder,
      ...layer
    } = options;
    const norm = () => new LayerNorm(dModel, { eps: layer.layerNormEps ?? 1e-5, dtype: layer.dtype });
    this.encoder = this.registerModule(
      "encoder",
      customEncoder ??
        new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layer), numEncoderLayers, {
          norm: norm(),
        }),
    );
    this.decoder = this.registerModule(
      "decoder",
      customDecoder ??
        new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layer), numDecoderLayers, {
          norm: norm(),
        }),
    );
    for (const p of this.parameters()) if (p.dim() > 1) xavierUniform_(p);
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = layer.batchFirst ?? false;
  }

  override forward(src: Tensor, tgt: Tensor, options?: TransformerForwardOptions): Tensor {
    const o = checkOptions("Transformer.forward", options, TRANSFORMER_FORWARD_OPTIONS, 3);
    checkInput(this, src, "src");
    checkInput(this, tgt, "tgt");
    const name = this.getName();
    const b = this.batchFirst ? 0 : 1;
    if (src.dim() === 3 && src._shape[b] !== tgt._shape[b]) {
      throw new Error(
        `${name}: the batch number of src and tgt must be equal (src ${torchSize(src._shape)}, tgt ${torchSize(tgt._shape)})`,
      );
    }
    if (src._shape[src.dim() - 1] !== this.dModel || tgt._shape[tgt.dim() - 1] !== this.dModel) {
      throw new Error(
        `${name}: the feature number of src and tgt must be equal to d_model (${this.dModel}), but got src ${torchSize(src._shape)}, tgt ${torchSize(tgt._shape)}`,
      );
    }
    const memory = this.encoder.call(src, {
      mask: o.srcMask ?? null,
      srcKeyPaddingMask: o.srcKeyPaddingMask ?? null,
    });
    return this.decoder.call(tgt, memory, {
      tgtMask: o.tgtMask ?? null,
      memoryMask: o.memoryMask ?? null,
      tgtKeyPaddingMask: o.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: o.memoryKeyPaddingMask ?? null,
    });
  }

  /**
   * A float `[sz, sz]` causal mask for the transformer layers: 0 on and below the diagonal,
   * `-Infinity` above it (`nn.Transformer.generate_square_subsequent_mask`).
   *
   * @example
   * Transformer.generateSquareSubsequentMask(3);
   * // tensor([[0., -inf, -inf], [0., 0., -inf], [0., 0., 0.]])
   */
  static generateSquareSubsequentMask(sz: number, options?: SquareSubsequentMaskOptions): Tensor {
    const o = checkOptions("generateSquareSubsequentMask", options, SQUARE_MASK_OPTIONS, 2);
    checkSizes("generateSquareSubsequentMask", { sz });
    return triu(full([sz, sz], Number.NEGATIVE_INFINITY, { dtype: o.dtype ?? getDefaultDtype() }), 1);
  }
}
