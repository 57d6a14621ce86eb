import {
  addmm,
  checkOptions,
  type DType,
  getDefaultDtype,
  nameGradFn,
  type OptionsSpec,
  positionalOrKeywords,
  type Tensor,
  zeros,
} from "@tsgrad/core";
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { checkInput, checkSizes } from "./check.js";
import { pyBool } from "../repr.js";

/** `Linear`'s keyword arguments (`nn.Linear(in, out, bias=True, dtype=None)`). */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Dtype of the weight and bias (default float32). */
  dtype?: DType;
}

const LINEAR_OPTIONS: OptionsSpec<LinearOptions> = { bias: "boolean", dtype: "dtype" };

/**
 * Applies an affine map `y = x Wᵀ + b` (`torch.nn.Linear`).
 *
 * Weight: `[outFeatures, inFeatures]`, bias: `[outFeatures]` (or `null` with `bias: false`), both
 * initialised from U(−1/√inFeatures, 1/√inFeatures) by `resetParameters()`.
 *
 * Shape: input `[*, inFeatures]`, output `[*, outFeatures]`.
 *
 * @example
 * const fc = new Linear(2, 64);
 * fc.call(randn([8, 2])).shape; // [8, 64]
 * String(fc); // "Linear(in_features=2, out_features=64, bias=True)"
 */
export class Linear extends Module {
  static override readonly typeName: string = "Linear";
  /** The size of each input sample (PyTorch's `in_features`). */
  readonly inFeatures: number;
  /** The size of each output sample (PyTorch's `out_features`). */
  readonly outFeatures: number;
  /** The learnable weight `[outFeatures, inFeatures]` (PyTorch's `weight`). */
  weight: Parameter;
  /** The learnable bias `[outFeatures]` (PyTorch's `bias`), or null with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions("Linear", options, LINEAR_OPTIONS, 3);
    checkSizes("Linear", { inFeatures, outFeatures }, (v) =>
      typeof v === "number" ? `${v}` : `${JSON.stringify(v)} (${typeof v})`,
    );
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = options.dtype ?? getDefaultDtype();
    this.weight = this.registerParameter(
      "weight",
      new Parameter(zeros([outFeatures, inFeatures], { dtype })),
    );
    this.bias = this.registerParameter(
      "bias",
      (options.bias ?? true) ? new Parameter(zeros([outFeatures], { dtype })) : null,
    );
    this.resetParameters();
  }

  /**
   * PyTorch's default init. `kaimingUniform_(a = √5)` gives bound = gain·√(3/fanIn) with
   * gain = √(2/(1+5)) = √(1/3), i.e. bound = 1/√fanIn: the odd √5 is how PyTorch kept its old
   * `U(−1/√fanIn, 1/√fanIn)` init when the code moved onto kaiming_uniform_ (see pytorch#57109).
   * The bias uses the same bound.
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (input.dim() === 0) throw new Error("Linear: expected an input with at least 1 dim, got a 0-d tensor");
    if (input.dtype !== this.weight.dtype) {
      throw new Error(
        `Linear: expected input of dtype ${this.weight.dtype} (the weight's), but got ${input.dtype} with shape [${input._shape.join(", ")}]; convert one of them (input.to(...) or module.double())`,
      );
    }
    const last = input._shape[input.dim() - 1]!;
    if (last !== this.inFeatures) {
      const rows = last === 0 ? 0 : input.numel() / last;
      throw new Error(
        `Linear: mat1 and mat2 shapes cannot be multiplied (${rows}x${last} and ${this.inFeatures}x${this.outFeatures}): ` +
          `expected input of shape [*, ${this.inFeatures}] (in_features=${this.inFeatures}), but got [${input._shape.join(", ")}]`,
      );
    }
    // weight.t() is a strided view: the matmul kernel reads Wᵀ without copying it.
    // F.linear's 2-D path is one addmm over (bias, input, weight.t()), the graph PyTorch records
    // (makeDot draws AddmmBackward0 with the bias, the input and TBackward0 as its inputs).
    if (input.dim() === 2 && this.bias !== null) return addmm(this.bias, input, this.weight.t());
    const y = input.matmul(this.weight.t());
    return nameGradFn(
      this.bias === null ? y : y.add(this.bias),
      linearNodeName(input.dim(), this.bias !== null),
    );
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * The `grad_fn` name PyTorch 1.13 shows for `F.linear` on a `dim`-D input: one `addmm` on 2-D
 * input with a bias (`mm` without), on 3-D an `addmm` viewed back (`ViewBackward0`), and
 * otherwise `matmul` (+ `add`): `AddBackward0` with a bias, `SqueezeBackward3` (1-D) or
 * `UnsafeViewBackward0` (3-D+) without.
 */
function linearNodeName(dim: number, bias: boolean): string {
  if (dim === 2) return bias ? "AddmmBackward0" : "MmBackward0";
  if (bias) return dim === 3 ? "ViewBackward0" : "AddBackward0";
  return dim === 1 ? "SqueezeBackward3" : "UnsafeViewBackward0";
}

/**
 * Returns its input unchanged (`torch.nn.Identity`); any constructor arguments are ignored.
 *
 * @example
 * const x = randn(2, 3);
 * new Identity().call(x) === x; // true
 */
export class Identity extends Module {
  static override readonly typeName: string = "Identity";
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** `Flatten`'s arguments by PyTorch's keywords (`nn.Flatten(start_dim=1, end_dim=-1)`). */
export interface FlattenOptions {
  /** The first dim flattened (default 1). */
  startDim?: number;
  /** The last dim flattened (default -1). */
  endDim?: number;
}
const FLATTEN_OPTIONS: OptionsSpec<FlattenOptions> = { startDim: "integer", endDim: "integer" };

/**
 * Flattens dims `startDim..endDim` into one (`torch.nn.Flatten`); defaults keep the batch dim:
 * `[N, C, H, W]` → `[N, C·H·W]`.
 *
 * @example
 * new Flatten().call(zeros([8, 3, 4, 4])).shape; // [8, 48]
 */
export class Flatten extends Module {
  static override readonly typeName: string = "Flatten";
  /** The first dim flattened (PyTorch's `start_dim`, default 1). */
  readonly startDim: number;
  /** The last dim flattened (PyTorch's `end_dim`, default -1). */
  readonly endDim: number;
  /** `new Flatten(1, -1)`, or by PyTorch's keywords `new Flatten({ startDim: 1, endDim: 2 })`. */
  constructor(startDim: number | FlattenOptions = 1, endDim?: number) {
    super();
    const o = positionalOrKeywords("Flatten", FLATTEN_OPTIONS, [startDim, endDim], 1);
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
