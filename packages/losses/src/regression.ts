import {
  broadcastShapes,
  checkOptions,
  formatShape,
  nameGradFn,
  type OptionsSpec,
  type Tensor,
  where,
} from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  applyReduction,
  checkPairLoss,
  LEGACY_REDUCTION_OPTIONS,
  type LegacyReductionOptions,
  type Reduction,
  resolveReduction,
} from "./common.js";

/** Options of the regression losses: `reduction` only (default `'mean'`). */
export interface ReductionOptions {
  /** `'none' | 'mean' | 'sum'` (default `'mean'`). */
  reduction?: Reduction;
}

/**
 * `reduction` and PyTorch's deprecated `sizeAverage` / `reduce`, which MSE, L1 and smooth L1
 * take (Huber, newer, does not).
 */
export interface LegacyReductionLossOptions extends ReductionOptions, LegacyReductionOptions {}

const REDUCTION_OPTIONS: OptionsSpec<LegacyReductionLossOptions> = {
  reduction: "string",
  ...LEGACY_REDUCTION_OPTIONS,
};
const HUBER_OPTIONS: OptionsSpec<ReductionOptions & { delta?: number }> = {
  reduction: "string",
  delta: "number",
};
const SMOOTH_L1_OPTIONS: OptionsSpec<LegacyReductionLossOptions & { beta?: number }> = {
  reduction: "string",
  beta: "number",
  ...LEGACY_REDUCTION_OPTIONS,
};

/**
 * The checks of the elementwise losses. Like PyTorch, different shapes broadcast, with PyTorch's
 * warning (a (N, 1) input against an (N) target is a classic silent bug).
 */
function prepare<O extends LegacyReductionLossOptions>(
  op: string,
  input: Tensor,
  target: Tensor,
  options: O,
  spec: OptionsSpec<O>,
): Reduction {
  checkPairLoss(op, options, spec, input, target);
  const r = resolveReduction(op, options);
  if (formatShape(input._shape) !== formatShape(target._shape)) {
    // Shapes that do not broadcast fail here, naming the loss rather than the `sub` inside it.
    broadcastShapes(op, input._shape, target._shape);
    console.warn(
      `${op}(): Using a target size (${formatShape(target._shape)}) that is different to the input size (${formatShape(input._shape)}). ` +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  }
  return r;
}

/**
 * The mean squared error (`torch.nn.functional.mse_loss`): `l_n = (x_n − y_n)²`, then reduced.
 *
 * @param input any shape
 * @param target broadcastable to input (same shape expected; a warning otherwise)
 * @param options `{ reduction = 'mean' }`
 *
 * @example
 * mseLoss(tensor([1.5, 2]), tensor([1, 2]).float()); // tensor(0.1250)
 */
export function mseLoss(input: Tensor, target: Tensor, options: LegacyReductionLossOptions = {}): Tensor {
  const r = prepare("mse_loss", input, target, options, REDUCTION_OPTIONS);
  return nameGradFn(applyReduction(input.sub(target).square(), r), "MseLossBackward0");
}

/**
 * The mean absolute error (`torch.nn.functional.l1_loss`): `l_n = |x_n − y_n|`, then reduced.
 * The gradient at x = y is 0, as in PyTorch.
 *
 * @param options `{ reduction = 'mean' }`
 *
 * @example
 * l1Loss(tensor([1.5, 2]), tensor([1, 2]).float()); // tensor(0.2500)
 */
export function l1Loss(input: Tensor, target: Tensor, options: LegacyReductionLossOptions = {}): Tensor {
  const r = prepare("l1_loss", input, target, options, REDUCTION_OPTIONS);
  return applyReduction(input.sub(target).abs(), r);
}

/**
 * The Huber loss (`torch.nn.functional.huber_loss`): with z = |x − y|,
 *
 *     l_n = 0.5·z²                  if z < δ
 *           δ·(z − 0.5·δ)           otherwise
 *
 * @param options `{ reduction = 'mean', delta = 1.0 }` (δ > 0)
 *
 * @example
 * huberLoss(tensor([0, 3]).float(), tensor([0.5, 0]), { delta: 1 }); // tensor(1.3125)
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  options: ReductionOptions & { delta?: number } = {},
): Tensor {
  const r = prepare("huber_loss", input, target, options, HUBER_OPTIONS);
  const delta = options.delta ?? 1.0;
  if (!(delta > 0)) {
    throw new Error(`huber_loss(): huber_loss does not support non-positive values for delta. Got: ${delta}`);
  }
  const z = input.sub(target).abs();
  const loss = applyReduction(where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta)), r);
  return nameGradFn(loss, "HuberLossBackward0");
}

/**
 * The smooth L1 loss (`torch.nn.functional.smooth_l1_loss`): with z = |x − y|,
 *
 *     l_n = 0.5·z² / β              if z < β
 *           z − 0.5·β               otherwise
 *
 * β = 0 is the L1 loss (as in PyTorch). Huber with δ equals β·SmoothL1 with β = δ.
 *
 * @param options `{ reduction = 'mean', beta = 1.0 }` (β ≥ 0)
 *
 * @example
 * smoothL1Loss(tensor([0, 3]).float(), tensor([0.5, 0])); // tensor(1.3125)
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  options: LegacyReductionLossOptions & { beta?: number } = {},
): Tensor {
  const r = prepare("smooth_l1_loss", input, target, options, SMOOTH_L1_OPTIONS);
  const beta = options.beta ?? 1.0;
  if (!(beta >= 0)) {
    throw new Error(
      `smooth_l1_loss(): smooth_l1_loss does not support negative values for beta. Got: ${beta}`,
    );
  }
  const z = input.sub(target).abs();
  // β = 0 must not build the 0.5·z²/β branch: its gradient (∞ or NaN) would leak through `where`.
  const loss =
    beta === 0
      ? applyReduction(z, r)
      : applyReduction(where(z.lt(beta), z.square().mul(0.5 / beta), z.sub(0.5 * beta)), r);
  return nameGradFn(loss, "SmoothL1LossBackward0");
}

/** The module form of a regression loss: its options checked, and its reduction. */
abstract class RegressionLoss<O extends LegacyReductionLossOptions> extends Module {
  /** How the per-element losses are reduced: `"mean"`, `"sum"` or `"none"` (PyTorch's `reduction`). */
  readonly reduction: Reduction;
  constructor(name: string, options: O, spec: OptionsSpec<O>) {
    super();
    checkOptions(name, options, spec, 1);
    this.reduction = resolveReduction(name, options);
  }
}

/**
 * The mean squared error loss (`torch.nn.MSELoss`): `l_n = (x_n − y_n)²`, reduced.
 *
 * @param options `{ reduction = 'mean' }`
 *
 * Shape: input any; target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * new MSELoss().call(tensor([1.5, 2]), tensor([1, 2]).float()); // tensor(0.1250)
 */
export class MSELoss extends RegressionLoss<LegacyReductionLossOptions> {
  static override readonly typeName: string = "MSELoss";
  constructor(options: LegacyReductionLossOptions = {}) {
    super("MSELoss", options, REDUCTION_OPTIONS);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * The mean absolute error loss (`torch.nn.L1Loss`): `l_n = |x_n − y_n|`, reduced.
 *
 * @param options `{ reduction = 'mean' }`
 *
 * Shape: input any; target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * new L1Loss().call(tensor([1.5, 2]), tensor([1, 2]).float()); // tensor(0.2500)
 */
export class L1Loss extends RegressionLoss<LegacyReductionLossOptions> {
  static override readonly typeName: string = "L1Loss";
  constructor(options: LegacyReductionLossOptions = {}) {
    super("L1Loss", options, REDUCTION_OPTIONS);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * The Huber loss (`torch.nn.HuberLoss`): quadratic for |x − y| < δ, linear (slope δ) beyond.
 *
 * @param options `{ reduction = 'mean', delta = 1.0 }`
 *
 * Shape: input any; target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * new HuberLoss({ delta: 0.5 }).call(tensor([0, 3]).float(), tensor([0.5, 0])); // tensor(0.7500)
 */
export class HuberLoss extends RegressionLoss<ReductionOptions & { delta?: number }> {
  static override readonly typeName: string = "HuberLoss";
  /** The threshold between the quadratic and linear parts (PyTorch's `delta`). */
  readonly delta: number;
  constructor(options: ReductionOptions & { delta?: number } = {}) {
    super("HuberLoss", options, HUBER_OPTIONS);
    this.delta = options.delta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * The smooth L1 loss (`torch.nn.SmoothL1Loss`): 0.5·z²/β for z = |x − y| < β, z − 0.5·β beyond.
 *
 * @param options `{ reduction = 'mean', beta = 1.0 }`
 *
 * Shape: input any; target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * new SmoothL1Loss({ beta: 0.5 }).call(tensor([0, 3]).float(), tensor([0.5, 0])); // tensor(1.5000)
 */
export class SmoothL1Loss extends RegressionLoss<LegacyReductionLossOptions & { beta?: number }> {
  static override readonly typeName: string = "SmoothL1Loss";
  /** The threshold between the quadratic and linear parts (PyTorch's `beta`). */
  readonly beta: number;
  constructor(options: LegacyReductionLossOptions & { beta?: number } = {}) {
    super("SmoothL1Loss", options, SMOOTH_L1_OPTIONS);
    this.beta = options.beta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
