import {
  checkOptions,
  type DType,
  getDefaultDtype,
  noGrad,
  type OptionsSpec,
  type Tensor,
  zeros,
} from "@tsgrad/core";
import { normal_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { checkInput, checkSizes } from "./check.js";

export interface EmbeddingOptions {
  /**
   * Index whose row gets no gradient (and starts as zeros), e.g. a padding token; negative
   * values count from the end. Default none.
   */
  paddingIdx?: number | null;
  dtype?: DType;
}

const EMBEDDING_OPTIONS: OptionsSpec<EmbeddingOptions> = { paddingIdx: "integerOrNull", dtype: "dtype" };

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (`torch.nn.Embedding`):
 * `y[..., :] = weight[index[...], :]`. The weight starts as N(0, 1).
 *
 * Shape: input int32 `[*]`, output `[*, embeddingDim]`.
 *
 * @example
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * emb.call(tensor([[1, 2], [0, 9]])).shape; // [2, 2, 3]
 */
export class Embedding extends Module {
  static override readonly typeName: string = "Embedding";
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
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
    const flat = input.reshape([-1]);
    const idx = flat.toTypedArray();
    for (let i = 0; i < idx.length; i++) {
      if (idx[i]! < 0 || idx[i]! >= this.numEmbeddings) {
        throw new Error(
          `Embedding: index out of range in self (index ${idx[i]} with num_embeddings=${this.numEmbeddings})`,
        );
      }
    }
    const outShape = [...input._shape, this.embeddingDim];
    const rows = this.weight.indexSelect(0, flat).reshape(outShape);
    if (this.paddingIdx === null) return rows;
    // Positions holding paddingIdx read the detached weight, so that row never gets a gradient.
    const frozen = this.weight.detach().indexSelect(0, flat).reshape(outShape);
    return rows.where(input.eq(this.paddingIdx).logicalNot().unsqueeze(-1), frozen);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
