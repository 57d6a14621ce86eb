/**
 * Activation modules (`torch.nn.ReLU`, ...): thin modules over the core ops, with PyTorch's
 * `extraRepr()`. ReLU, LeakyReLU, ELU and SiLU take PyTorch's `inplace` flag as `{ inplace: true }`.
 */
import {
  checkOptions,
  className,
  elu,
  elu_,
  gelu,
  leakyRelu,
  leakyRelu_,
  type OptionsSpec,
  positionalOrKeywords,
  relu_,
  silu,
  silu_,
  softplus,
  type Tensor,
} from "@tsgrad/core";
import { Module } from "../module.js";
import { checkInput } from "./check.js";
import { pyFloat } from "../repr.js";

/** An activation with no arguments: it checks its input and applies its `op`. */
abstract class Pointwise extends Module {
  protected abstract readonly op: (x: Tensor) => Tensor;
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return this.op(input);
  }
}

/** The options of the activations PyTorch gives an `inplace` flag (ReLU, LeakyReLU, ELU, SiLU). */
export interface InplaceOptions {
  /** Write the result into the input and return it (default false), as PyTorch's `inplace=True`. */
  inplace?: boolean;
}
const INPLACE_OPTIONS: OptionsSpec<InplaceOptions> = { inplace: "boolean" };

/** PyTorch's `inplace_str`: `", inplace=True"` after the other arguments, nothing when false. */
function inplaceRepr(args: string, inplace: boolean): string {
  if (!inplace) return args;
  return args === "" ? "inplace=True" : `${args}, inplace=True`;
}

/**
 * An activation with PyTorch's `inplace` flag: `op` out of place, or `opInPlace` into the input,
 * which it returns. Printed as PyTorch does: `args()`, then `inplace=True` when set.
 */
abstract class InplaceActivation extends Module {
  /** Whether the input itself is overwritten and returned (PyTorch's `inplace`). */
  readonly inplace: boolean;
  protected abstract readonly op: (x: Tensor) => Tensor;
  protected abstract readonly opInPlace: (x: Tensor) => Tensor;

  /** `at`: the options' position among the constructor's arguments, for messages. */
  constructor(options: InplaceOptions, at: number) {
    super();
    this.inplace = checkOptions(className(new.target), options, INPLACE_OPTIONS, at).inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return this.inplace ? this.opInPlace(input) : this.op(input);
  }
  /** The arguments printed before `inplace`. */
  protected args(): string {
    return "";
  }
  override extraRepr(): string {
    return inplaceRepr(this.args(), this.inplace);
  }
}

const ALONG_DIM: OptionsSpec<{ dim: number }> = { dim: "integer" };

/** An activation along a required `dim` (Softmax, LogSoftmax), printed `dim=…`. */
abstract class AlongDim extends Module {
  protected abstract readonly op: (x: Tensor, dim: number) => Tensor;
  /** The dim the softmax runs along (PyTorch's `dim`). */
  readonly dim: number;
  /** @param dim the dim; or PyTorch's keyword, `{ dim }` */
  constructor(dim: number | { dim: number }) {
    super();
    const d =
      typeof dim === "object" && dim !== null ? checkOptions(this.getName(), dim, ALONG_DIM, 1).dim : dim;
    checkDim(this.getName(), d);
    this.dim = d;
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return this.op(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * `max(0, x)` elementwise (`torch.nn.ReLU`). Shape: any, output same.
 *
 * @param options `{ inplace = false }`: write into the input (PyTorch's `inplace=True`)
 *
 * @example
 * new ReLU().call(tensor([-1, 2])); // tensor([0, 2])
 * String(new ReLU({ inplace: true })); // "ReLU(inplace=True)"
 */
export class ReLU extends InplaceActivation {
  static override readonly typeName: string = "ReLU";
  protected readonly op = (x: Tensor) => x.relu();
  protected readonly opInPlace = (x: Tensor) => relu_(x);
  constructor(options: InplaceOptions = {}) {
    super(options, 1);
  }
}

/**
 * `x` for x ≥ 0, `negativeSlope·x` otherwise (`torch.nn.LeakyReLU`).
 *
 * @param negativeSlope default 0.01
 * @param options `{ inplace = false }`: write into the input (PyTorch's `inplace=True`)
 *
 * @example
 * new LeakyReLU(0.1).call(tensor([-1, 2], { dtype: "float32" })); // tensor([-0.1000,  2.0000])
 * String(new LeakyReLU(0.1)); // "LeakyReLU(negative_slope=0.1)"
 */
export class LeakyReLU extends InplaceActivation {
  static override readonly typeName: string = "LeakyReLU";
  protected readonly op = (x: Tensor) => leakyRelu(x, this.negativeSlope);
  protected readonly opInPlace = (x: Tensor) => leakyRelu_(x, this.negativeSlope);
  /** The slope for negative inputs (PyTorch's `negative_slope`, default 0.01). */
  readonly negativeSlope: number;
  /**
   * @param negativeSlope default 0.01; or PyTorch's keywords, `{ negativeSlope, inplace }`
   */
  constructor(
    negativeSlope: number | (InplaceOptions & { negativeSlope?: number }) = 0.01,
    options?: InplaceOptions,
  ) {
    const [slope, rest] = leadingNumber("LeakyReLU", "negativeSlope", negativeSlope, options, 0.01);
    super(rest, 2);
    checkNumber("LeakyReLU", "negative_slope", slope);
    this.negativeSlope = slope;
  }
  protected override args(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * `tanh(x)` elementwise (`torch.nn.Tanh`).
 *
 * @example
 * new Tanh().call(zeros([2])); // tensor([0., 0.])
 */
export class Tanh extends Pointwise {
  static override readonly typeName: string = "Tanh";
  protected readonly op = (x: Tensor) => x.tanh();
}

/**
 * `1 / (1 + exp(−x))` elementwise (`torch.nn.Sigmoid`).
 *
 * @example
 * new Sigmoid().call(zeros([2])); // tensor([0.5000, 0.5000])
 */
export class Sigmoid extends Pointwise {
  static override readonly typeName: string = "Sigmoid";
  protected readonly op = (x: Tensor) => x.sigmoid();
}

const GELU_OPTIONS: OptionsSpec<{ approximate?: "none" | "tanh" }> = { approximate: "string" };

/**
 * Gaussian Error Linear Unit (`torch.nn.GELU`): `x·Φ(x)` with Φ the standard normal CDF
 * (`approximate: "none"`, the default), or PyTorch's tanh approximation
 * `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` with `approximate: "tanh"`.
 *
 * @example
 * new GELU().call(zeros([2])); // tensor([0., 0.])
 * String(new GELU({ approximate: "tanh" })); // "GELU(approximate='tanh')"
 */
export class GELU extends Module {
  static override readonly typeName: string = "GELU";
  /** `"none"` for the exact GELU, `"tanh"` for its tanh approximation (PyTorch's `approximate`). */
  readonly approximate: "none" | "tanh";
  constructor(options: { approximate?: "none" | "tanh" } = {}) {
    super();
    checkOptions("GELU", options, GELU_OPTIONS, 1);
    const a = options.approximate ?? "none";
    if (a !== "none" && a !== "tanh") {
      throw new Error(`GELU(): approximate argument must be either none or tanh, got '${String(a)}'`);
    }
    this.approximate = a;
  }
  override forward(input: Tensor): Tensor {
    checkInput(this, input);
    return gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * `exp(xᵢ) / Σⱼ exp(xⱼ)` along `dim` (`torch.nn.Softmax`). Unlike PyTorch, `dim` is required
 * (PyTorch's implicit-dim choice is deprecated there).
 *
 * @example
 * new Softmax(1).call(zeros([1, 4])); // tensor([[0.2500, 0.2500, 0.2500, 0.2500]])
 */
export class Softmax extends AlongDim {
  static override readonly typeName: string = "Softmax";
  protected readonly op = (x: Tensor, dim: number) => x.softmax(dim);
}

/**
 * `log(softmax(x))` along `dim`, computed stably (`torch.nn.LogSoftmax`); `dim` is required.
 *
 * @example
 * new LogSoftmax(-1).call(zeros([1, 2])); // tensor([[-0.6931, -0.6931]])
 */
export class LogSoftmax extends AlongDim {
  static override readonly typeName: string = "LogSoftmax";
  protected readonly op = (x: Tensor, dim: number) => x.logSoftmax(dim);
}

function checkDim(op: string, dim: unknown): void {
  if (!Number.isInteger(dim)) throw new Error(`${op}(): dim must be an integer, got ${String(dim)}`);
}

/**
 * `x · sigmoid(x)` elementwise, the sigmoid linear unit or swish (`torch.nn.SiLU`).
 *
 * @param options `{ inplace = false }`: write into the input (PyTorch's `inplace=True`)
 *
 * @example
 * new SiLU().call(zeros([2])); // tensor([0., 0.])
 */
export class SiLU extends InplaceActivation {
  static override readonly typeName: string = "SiLU";
  protected readonly op = (x: Tensor) => silu(x);
  protected readonly opInPlace = (x: Tensor) => silu_(x);
  constructor(options: InplaceOptions = {}) {
    super(options, 1);
  }
}

/**
 * `1/β · log(1 + exp(β·x))` elementwise, and `x` where `β·x > threshold` (`torch.nn.Softplus`).
 *
 * @param beta β, default 1
 * @param threshold default 20
 *
 * @example
 * new Softplus().call(zeros([1])); // tensor([0.6931])
 */
const SOFTPLUS_ARGS: OptionsSpec<{ beta?: number; threshold?: number }> = {
  beta: "number",
  threshold: "number",
};

export class Softplus extends Module {
  static override readonly typeName: string = "Softplus";
  /** The sharpness β: `log(1 + exp(βx)) / β` (PyTorch's `beta`). */
  readonly beta: number;
  /** Above `βx > threshold` the result is `x` (PyTorch's `threshold`). */
  readonly threshold: number;
  /** `new Softplus(2, 10)`, or by PyTorch's keywords `new Softplus({ beta: 2, threshold: 10 })`. */
  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold?: number) {
    super();
    const o = positionalOrKeywords("Softplus", SOFTPLUS_ARGS, [beta, threshold], 1);
    this.beta = o.beta ?? 1;
    this.threshold = o.threshold ?? 20;
  }
  override forward(input: Tensor): Tensor {
    return softplus(input, this.beta, this.threshold);
  }
  override extraRepr(): string {
    // PyTorch prints its int defaults as ints: `Softplus(beta=1, threshold=20)`.
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/**
 * `x` for x > 0, `α·(exp(x) − 1)` otherwise (`torch.nn.ELU`).
 *
 * @param alpha α, default 1.0
 * @param options `{ inplace = false }`: write into the input (PyTorch's `inplace=True`)
 *
 * @example
 * new ELU().call(tensor([-100, 2], { dtype: "float32" })); // tensor([-1.,  2.])
 */
export class ELU extends InplaceActivation {
  static override readonly typeName: string = "ELU";
  protected readonly op = (x: Tensor) => elu(x, this.alpha);
  protected readonly opInPlace = (x: Tensor) => elu_(x, this.alpha);
  /** The value ELU tends to for very negative inputs (PyTorch's `alpha`, default 1). */
  readonly alpha: number;
  /** @param alpha default 1; or PyTorch's keywords, `{ alpha, inplace }` */
  constructor(alpha: number | (InplaceOptions & { alpha?: number }) = 1, options?: InplaceOptions) {
    const [a, rest] = leadingNumber("ELU", "alpha", alpha, options, 1);
    super(rest, 2);
    checkNumber("ELU", "alpha", a);
    this.alpha = a;
  }
  protected override args(): string {
    // PyTorch's default is the float 1.0, printed `ELU(alpha=1.0)`.
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * A layer's leading number given positionally (options after it) or inside one options object in
 * its place, as PyTorch code names it (`nn.LeakyReLU(negative_slope=0.2, inplace=True)`): the
 * number and the remaining options.
 */
function leadingNumber(
  op: string,
  key: string,
  first: unknown,
  options: InplaceOptions | undefined,
  fallback: number,
): [number, InplaceOptions] {
  if (first === null || typeof first !== "object" || Array.isArray(first))
    return [first as number, options ?? {}];
  if (options !== undefined) {
    throw new TypeError(`${op}(): got an options object as argument 1, so there can be no argument 2`);
  }
  const spec: OptionsSpec<Record<string, unknown>> = { [key]: "number", ...INPLACE_OPTIONS };
  const { [key]: value, ...rest } = checkOptions(op, first as Record<string, unknown>, spec, 1);
  return [(value as number | undefined) ?? fallback, rest as InplaceOptions];
}

function checkNumber(op: string, name: string, v: unknown): void {
  if (typeof v !== "number") throw new Error(`${op}(): ${name} must be a number, got ${String(v)}`);
}
