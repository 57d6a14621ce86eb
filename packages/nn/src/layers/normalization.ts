import {
  checkOptions,
  type DType,
  getDefaultDtype,
  isFloating,
  type OptionsSpec,
  ones,
  type Tensor,
  zeros,
} from "@tsgrad/core";
import { ones_, zeros_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { checkInput } from "./check.js";
import { pyBool, pyFloat, pyTuple } from "../repr.js";

export interface LayerNormOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale (init 1) and shift (init 0) (default true). */
  elementwiseAffine?: boolean;
  dtype?: DType;
}

const LAYER_NORM_OPTIONS: OptionsSpec<LayerNormOptions> = {
  eps: "nonneg",
  elementwiseAffine: "boolean",
  dtype: "dtype",
};

/**
 * Layer normalization over the last dims (`torch.nn.LayerNorm`):
 * `y = (x − E[x]) / √(Var[x] + eps) · γ + β`, with the biased variance, over the trailing
 * `normalizedShape` dims. Built from core ops, so it is differentiable end to end.
 *
 * Shape: input `[*, ...normalizedShape]`, output the same.
 *
 * @example
 * const ln = new LayerNorm(10);
 * String(ln); // "LayerNorm((10,), eps=1e-05, elementwise_affine=True)"
 */
export class LayerNorm extends Module {
  static override readonly typeName: string = "LayerNorm";
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions("LayerNorm", options, LAYER_NORM_OPTIONS, 2);
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0) {
      throw new Error(
        `LayerNorm(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${JSON.stringify(shape)}`,
      );
    }
    if (!shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new Error(
        `LayerNorm(): normalized_shape must hold non-negative integers, but got [${shape.join(", ")}]`,
      );
    }
    this.normalizedShape = shape.slice();
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? getDefaultDtype();
    const affine = this.elementwiseAffine;
    this.weight = this.registerParameter(
      "weight",
      affine ? new Parameter(ones(this.normalizedShape, { dtype })) : null,
    );
    this.bias = this.registerParameter(
      "bias",
      affine ? new Parameter(zeros(this.normalizedShape, { dtype })) : null,
    );
  }

  /** Scale to ones, shift to zeros. */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!isFloating(input.dtype)) {
      throw new Error(`LayerNorm: expected a floating point input, got ${input.dtype}`);
    }
    const k = this.normalizedShape.length;
    const tail = input._shape.slice(input.dim() - k);
    if (input.dim() < k || tail.some((s, i) => s !== this.normalizedShape[i])) {
      throw new Error(
        `LayerNorm: Given normalized_shape=[${this.normalizedShape.join(", ")}], expected input with shape [*, ${this.normalizedShape.join(", ")}], but got input of size[${input._shape.join(", ")}]`,
      );
    }
    const dims = this.normalizedShape.map((_, i) => i - k);
    const centered = input.sub(input.mean(dims, true));
    const variance = centered.square().mean(dims, true);
    let y = centered.mul(variance.add(this.eps).rsqrt());
    if (this.weight !== null) y = y.mul(this.weight);
    if (this.bias !== null) y = y.add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
