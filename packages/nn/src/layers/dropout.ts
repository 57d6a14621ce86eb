import {
  checkOptions,
  dropout,
  type Generator,
  isFloating,
  type OptionsSpec,
  type Tensor,
} from "@tsgrad/core";
import { Module } from "../module.js";
import { checkInput } from "./check.js";
import { pyFloat } from "../repr.js";

/** Dropout's options: PyTorch's `inplace`, and the generator of its masks. */
export interface DropoutLayerOptions {
  /** Zero the input itself (default false), as PyTorch's `inplace=True`. */
  inplace?: boolean;
  /** Generator of the masks; the global one (`manualSeed`) by default. Not in PyTorch. */
  generator?: Generator;
}
const DROPOUT_OPTIONS: OptionsSpec<DropoutLayerOptions> = { inplace: "boolean", generator: "generator" };

/**
 * During training, zeroes each element with probability `p` and scales the rest by `1/(1−p)`, so
 * the expected value is unchanged (`torch.nn.Dropout`); in eval mode it is the identity. It runs
 * core's {@link dropout} with this module's `training`; the mask is drawn from `generator`, or the
 * global generator (`manualSeed`) by default — repeatable, but not PyTorch's stream.
 *
 * @param p probability of an element being zeroed (default 0.5)
 *
 * @example
 * manualSeed(0);
 * const drop = new Dropout(0.2);
 * drop.call(ones([4, 4])); // entries are 0 or 1.25
 * drop.eval().call(x);     // x unchanged
 */
export class Dropout extends Module {
  static override readonly typeName: string = "Dropout";
  readonly p: number;
  readonly inplace: boolean;
  readonly generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutLayerOptions = {}) {
    super();
    checkOptions("Dropout", options, DROPOUT_OPTIONS, 2);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout(): dropout probability has to be between 0 and 1, but got ${p}`);
    }
    this.p = p;
    this.inplace = options.inplace ?? false;
    this.generator = options.generator;
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!this.training || this.p === 0) return input;
    if (!isFloating(input.dtype)) {
      throw new Error(`Dropout: expected a floating point input, got ${input.dtype}`);
    }
    return dropout(input, { p: this.p, training: true, inplace: this.inplace, generator: this.generator });
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? "True" : "False"}`;
  }
}
