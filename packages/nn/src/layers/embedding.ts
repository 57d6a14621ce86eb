import {
  checkOptions,
  describeValue,
  type DType,
  embedding,
  formatShape,
  isTensor,
  getDefaultDtype,
  noGrad,
  type OptionsSpec,
  type Tensor,
  zeros,
} from "@tsgrad/core";
import { normal_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { pyFloat } from "../repr.js";
import { checkInput, checkSizes } from "./check.js";

/** `Embedding`'s keyword arguments (`nn.Embedding(..., padding_idx=, max_norm=, norm_type=, dtype=)`). */
export interface EmbeddingOptions {
  /**
   * Index whose row gets no gradient (and starts as zeros), e.g. a padding token; negative
   * values count from the end. Default none.
   */
  paddingIdx?: number | null;
  /** Rows looked up whose `normType`-norm exceeds this are rescaled to it in place (default none). */
  maxNorm?: number | null;
  /** The p of the `maxNorm` norm (default 2). */
  normType?: number;
  /** Divide each looked-up row's gradient by how often its index occurs in the batch (default false). */
  scaleGradByFreq?: boolean;
  /** Sparse gradients: only false (tsgrad has no sparse tensors); accepted so ported code runs. */
  sparse?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

const EMBEDDING_OPTIONS: OptionsSpec<EmbeddingOptions> = {
  paddingIdx: "integerOrNull",
  maxNorm: { test: (v) => v === null || typeof v === "number", expected: "a number or null" },
  normType: "number",
  scaleGradByFreq: "boolean",
  sparse: "boolean",
  dtype: "dtype",
};

/** {@link Embedding.fromPretrained}'s options: the layer's, and whether the table stays fixed. */
export interface FromPretrainedOptions extends Omit<EmbeddingOptions, "dtype"> {
  /** Keep the table out of training, `weight.requiresGrad` false (default true, as PyTorch's `freeze`). */
  freeze?: boolean;
}
const FROM_PRETRAINED_OPTIONS: OptionsSpec<FromPretrainedOptions> = {
  paddingIdx: "integerOrNull",
  maxNorm: EMBEDDING_OPTIONS.maxNorm,
  normType: "number",
  scaleGradByFreq: "boolean",
  sparse: "boolean",
  freeze: "boolean",
};

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (`torch.nn.Embedding`):
 * `y[..., :] = weight[index[...], :]`, core's {@link embedding}. The weight starts as N(0, 1).
 *
 * Shape: input int32 `[*]`, output `[*, embeddingDim]`.
 *
 * @example
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * emb.call(tensor([[1, 2], [0, 9]])).shape; // [2, 2, 3]
 */
export class Embedding extends Module {
  static override readonly typeName: string = "Embedding";
  /** The size of the vocabulary (PyTorch's `num_embeddings`). */
  readonly numEmbeddings: number;
  /** The size of each embedding vector (PyTorch's `embedding_dim`). */
  readonly embeddingDim: number;
  /** The index whose row gets no gradient (PyTorch's `padding_idx`), or null. */
  readonly paddingIdx: number | null;
  /** Rows looked up are renormalised in place to this norm at most (PyTorch's `max_norm`), or null. */
  readonly maxNorm: number | null;
  /** The p of the `maxNorm` norm (PyTorch's `norm_type`, default 2). */
  readonly normType: number;
  /** Whether row gradients are divided by their index's frequency (PyTorch's `scale_grad_by_freq`). */
  readonly scaleGradByFreq: boolean;
  /** Always false: tsgrad's gradients are dense (PyTorch's `sparse`). */
  readonly sparse: boolean;
  /** The learnable table `[numEmbeddings, embeddingDim]` (PyTorch's `weight`). */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkOptions("Embedding", options, EMBEDDING_OPTIONS, 3);
    checkSizes("Embedding", { num_embeddings: numEmbeddings, embedding_dim: embeddingDim });
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new Error(
          `Embedding(): Padding_idx must be within num_embeddings (got padding_idx=${pad}, num_embeddings=${numEmbeddings})`,
        );
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    this.scaleGradByFreq = options.scaleGradByFreq ?? false;
    if (options.sparse === true) {
      throw new Error(
        "Embedding(): sparse=True needs sparse tensors, which tsgrad does not have (leave sparse false)",
      );
    }
    this.sparse = false;
    const w = zeros([numEmbeddings, embeddingDim], { dtype: options.dtype ?? getDefaultDtype() });
    this.weight = this.registerParameter("weight", new Parameter(w));
    this.resetParameters();
  }

  /** N(0, 1) weights, with the padding row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) {
      const row = this.paddingIdx;
      noGrad(() => this.weight.select(0, row).fill_(0));
    }
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input, "indices");
    if (input.dtype !== "int32") {
      throw new Error(
        `Embedding: Expected tensor for argument #1 'indices' to have int32 dtype (PyTorch: Long or Int), but got ${input.dtype}`,
      );
    }
    const idx = input.reshape([-1]).toTypedArray();
    for (let i = 0; i < idx.length; i++) {
      if (idx[i]! < 0 || idx[i]! >= this.numEmbeddings) {
        throw new Error(
          `Embedding: index out of range in self (index ${idx[i]} with num_embeddings=${this.numEmbeddings})`,
        );
      }
    }
    return embedding(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
    });
  }

  /**
   * An Embedding whose table is `embeddings` `[numEmbeddings, embeddingDim]`, shared, not copied
   * (`nn.Embedding.from_pretrained`); `freeze` (default true) keeps it out of training.
   *
   * @example
   * const emb = Embedding.fromPretrained(tensor([[1, 2.5], [3, 4]], { dtype: "float32" }));
   * emb.call(tensor([1])); // tensor([[3., 4.]])
   * emb.weight.requiresGrad; // false
   */
  static fromPretrained(embeddings: Tensor, options: FromPretrainedOptions = {}): Embedding {
    const o = checkOptions("Embedding.fromPretrained", options, FROM_PRETRAINED_OPTIONS, 2);
    if (!isTensor(embeddings) || embeddings.dim() !== 2) {
      throw new Error(
        `Embedding.fromPretrained(): Embeddings parameter is expected to be 2-dimensional, got ${isTensor(embeddings) ? `shape ${formatShape(embeddings._shape)}` : describeValue(embeddings)}`,
      );
    }
    const { freeze = true, ...rest } = o;
    const [rows, cols] = [embeddings._shape[0]!, embeddings._shape[1]!];
    const emb = new Embedding(rows, cols, { ...rest, dtype: embeddings.dtype });
    // PyTorch's _weight=embeddings: the given tensor itself becomes the parameter's data.
    const w = new Parameter(embeddings.detach(), !freeze);
    emb.weight = emb.registerParameter("weight", w);
    return emb;
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    return s;
  }
}
