import {
  checkOptions,
  className,
  dropout,
  type Generator,
  getDefaultGenerator,
  isFloating,
  type OptionsSpec,
  Tensor,
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
const DROPOUT_KEYWORDS: OptionsSpec<DropoutLayerOptions & { p?: number }> = { p: "any", ...DROPOUT_OPTIONS };

/**
 * Dropout's probability check, with PyTorch's message; also the check of the dropout options of
 * MultiheadAttention and the transformer layers.
 */
export function checkDropoutProbability(op: string, p: unknown): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new Error(`${op}(): dropout probability has to be between 0 and 1, but got ${p}`);
  }
  return p;
}

/**
 * What the dropouts share (PyTorch's `_DropoutNd`): the constructor `(p = 0.5, { inplace, generator })`
 * with its checks, named after the class being built, and the print.
 */
abstract class DropoutNd extends Module {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "_DropoutNd";
  /** The probability of zeroing an element (PyTorch's `p`). */
  readonly p: number;
  /** Whether the input itself is zeroed and scaled, and returned (PyTorch's `inplace`). */
  readonly inplace: boolean;
  /** The generator random draws come from; undefined for the global one (`manualSeed`). */
  readonly generator: Generator | undefined;

  /** `new Dropout(0.2, { inplace })`, or by PyTorch's keywords `new Dropout({ p: 0.2, inplace })`. */
  constructor(p: number | (DropoutLayerOptions & { p?: number }) = 0.5, options?: DropoutLayerOptions) {
    super();
    const op = className(new.target);
    let prob = p;
    let o = options ?? {};
    if (typeof p === "object" && p !== null) {
      if (options !== undefined) {
        throw new TypeError(`${op}(): got an options object as argument 1, so there can be no argument 2`);
      }
      const { p: given, ...rest } = checkOptions(op, p, DROPOUT_KEYWORDS, 1);
      prob = given ?? 0.5;
      o = rest;
    } else {
      checkOptions(op, o, DROPOUT_OPTIONS, 2);
    }
    this.p = checkDropoutProbability(op, prob);
    this.inplace = o.inplace ?? false;
    this.generator = o.generator;
  }

  /** `p=0.5, inplace=False`, as PyTorch prints it. */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? "True" : "False"}`;
  }
}

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
 * const x = randn([2, 3]);
 * drop.eval().call(x) === x; // true
 */
export class Dropout extends DropoutNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "Dropout";

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!this.training || this.p === 0) return input;
    if (!isFloating(input.dtype)) {
      throw new Error(`Dropout: expected a floating point input, got ${input.dtype}`);
    }
    return dropout(input, { p: this.p, training: true, inplace: this.inplace, generator: this.generator });
  }
}

/**
 * Channel dropout (PyTorch's `feature_dropout`): in training, zeroes each whole channel
 * `input[n, c]` with probability p and scales the rest by 1/(1−p), through one mask of shape
 * `[N, C, 1, ...]` broadcast over the trailing dims; into `input` itself when `m.inplace`.
 */
function featureDropout(m: DropoutNd, input: Tensor): Tensor {
  const name = m.getName();
  if (input.dim() < 2) {
    throw new Error(`${name}: Feature dropout requires at least 2 dimensions in the input`);
  }
  if (!isFloating(input.dtype)) {
    throw new Error(`${name}: expected a floating point input, got ${input.dtype}`);
  }
  const shape = input._shape.map((s, i) => (i < 2 ? s : 1));
  const mask = Tensor.alloc(shape, input.dtype);
  const data = mask.storage.data;
  if (m.p < 1) {
    const g = m.generator ?? getDefaultGenerator();
    const keep = 1 - m.p;
    const scale = 1 / keep;
    for (let i = 0; i < data.length; i++) data[i] = g.random() < keep ? scale : 0;
  }
  return m.inplace ? input.mul_(mask) : input.mul(mask);
}

/**
 * Zeroes whole channels (`torch.nn.Dropout2d`): in training, each `input[n, c]` feature map is
 * zeroed with probability `p` and the rest scaled by `1/(1−p)`; identity in eval mode. Channels
 * are dim 1 of any input with at least 2 dims, as in PyTorch 1.13 (which also takes a 3-D input
 * as `[N, C, L]`, with a warning, where tsgrad takes it silently). The mask is drawn from
 * `generator` or the global generator (`manualSeed`).
 *
 * @example
 * manualSeed(0);
 * new Dropout2d(0.5).call(ones([2, 4, 3, 3])); // each 3×3 map all 0 or all 2
 */
export class Dropout2d extends DropoutNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "Dropout2d";

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!this.training || this.p === 0) return input;
    return featureDropout(this, input);
  }
}

/**
 * Zeroes whole channels of `[N, C, L]` or unbatched `[C, L]` input (`torch.nn.Dropout1d`); see
 * {@link Dropout2d}.
 *
 * @example
 * new Dropout1d(0.25).call(ones([8, 4, 16])); // each length-16 row all 0 or all 4/3
 */
export class Dropout1d extends DropoutNd {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "Dropout1d";

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    const d = input.dim();
    if (d !== 2 && d !== 3) {
      throw new Error(
        `Dropout1d: dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
      );
    }
    if (!this.training || this.p === 0) return input;
    if (d === 3) return featureDropout(this, input);
    // Unbatched [C, L] as a batch of one; in place, the view's update is the input's.
    const out = featureDropout(this, input.unsqueeze(0));
    return this.inplace ? input : out.squeeze(0);
  }
}
