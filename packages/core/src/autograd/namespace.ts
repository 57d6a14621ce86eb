/**
 * The `autograd` namespace of `@tsgrad/core`, as `torch.autograd`: `autograd.grad`, `autograd.backward`,
 * `autograd.Function` (with its `FunctionCtx`) and `autograd.gradcheck`.
 */
export { backward, type AutogradBackwardOptions, grad, type GradOptions } from "./grad.js";
export { Function, FunctionCtx, onceDifferentiable } from "./function.js";
export { gradcheck, type GradcheckOptions, gradgradcheck, type GradgradcheckOptions } from "./gradcheck.js";
export {
  autogradGraph,
  makeDot,
  type AutogradGraph,
  type GraphArrow,
  type GraphBox,
  type GraphStatement,
  type MakeDotOptions,
} from "./graph.js";
export * as functional from "./functional.js";
