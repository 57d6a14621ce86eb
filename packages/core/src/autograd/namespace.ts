/**
 * The `autograd` namespace of `@tsgrad/core`, as `torch.autograd`: `autograd.grad` and
 * `autograd.gradcheck`.
 */
export { grad, type GradOptions } from "./grad.js";
export { gradcheck, type GradcheckOptions } from "./gradcheck.js";
