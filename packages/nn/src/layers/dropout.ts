import {
  checkOptions,
  type Generator,
  getDefaultGenerator,
  isFloating,
  type OptionsSpec,
  Tensor,
} from "@tsgrad/core";
import { Module } from "../module.js";
import { checkInput } from "./check.js";
import { pyFloat } from "../repr.js";

/**
 * During training, zeroes each element with probability `p` and scales the rest by `1/(1−p)`, so
 * the expected value is unchanged (`torch.nn.Dropout`); in eval mode it is the identity. The mask
 * is drawn from `generator`, or the global generator (`manualSeed`) by default — repeatable, but
 * not PyTorch's stream.
 *
 * @param p probability of an element being zeroed (default 0.5)
 *
 * @example
 * manualSeed(0);
 * const drop = new Dropout(0.2);
 * drop.call(ones([4, 4])); // entries are 0 or 1.25
 * drop.eval().call(x);     // x unchanged
 */
const DROPOUT_OPTIONS: OptionsSpec<{ generator?: Generator }> = { generator: "generator" };

export class Dropout extends Module {
  static override readonly typeName: string = "Dropout";
  readonly p: number;
  readonly generator: Generator | undefined;

  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    checkOptions("Dropout", options, DROPOUT_OPTIONS, 2);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout(): dropout probability has to be between 0 and 1, but got ${p}`);
    }
    this.p = p;
    this.generator = options.generator;
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!this.training || this.p === 0) return input;
    if (!isFloating(input.dtype)) {
      throw new Error(`Dropout: expected a floating point input, got ${input.dtype}`);
    }
    const n = input.numel();
    const mask = Tensor.alloc(input._shape, input.dtype);
    const data = mask.storage.data;
    if (this.p < 1) {
      const g = this.generator ?? getDefaultGenerator();
      const keep = 1 - this.p;
      const scale = 1 / keep;
      for (let i = 0; i < n; i++) data[i] = g.random() < keep ? scale : 0;
    }
    // One multiply by a pre-scaled mask: the gradient is the same mask, as in PyTorch.
    return input.mul(mask);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
