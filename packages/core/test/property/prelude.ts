/**
 * What every property test imports, in one place: fast-check as `fc`, tsgrad's API as `ts`, the
 * input arbitraries (arbitraries.ts), the comparisons (check.ts) and the naive references
 * (reference.ts).
 */
export { default as fc } from "fast-check";
export type { DType, Tensor } from "../../src/index.js";
export * as ts from "../../src/index.js";
export * from "./arbitraries.js";
export * from "./check.js";
export * from "./reference.js";
