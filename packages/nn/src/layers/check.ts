/** The argument check every layer's `forward` starts with. */
import { isTensor, otherCopyNote, type Tensor, typeNameOf } from "@tsgrad/core";
import type { Module } from "../module.js";

/**
 * Throws a TypeError naming the layer unless `input` is a Tensor: a JS array (or `undefined`)
 * passed to `layer.call(...)` would otherwise fail deep inside the op with "x.dim is not a function".
 */
export function checkInput(layer: Module, input: unknown, name = "input"): asserts input is Tensor {
  if (isTensor(input)) return;
  const got =
    input === null
      ? "null"
      : Array.isArray(input)
        ? "an array"
        : typeof input === "object"
          ? typeNameOf(input as object)
          : typeof input;
  throw new TypeError(
    `${layer.getName()}: expected ${name} to be a Tensor, but got ${got}${otherCopyNote(input)}`,
  );
}

/**
 * Throws `${op}(): <name> must be a non-negative integer, got <show(v)>` for the first of `sizes`
 * (a layer's size arguments by name, in order) that is not one.
 */
export function checkSizes(
  op: string,
  sizes: Readonly<Record<string, unknown>>,
  show: (v: unknown) => string = (v) => `${v}`,
): void {
  for (const [name, v] of Object.entries(sizes)) {
    if (!Number.isInteger(v) || (v as number) < 0) {
      throw new Error(`${op}(): ${name} must be a non-negative integer, got ${show(v)}`);
    }
  }
}
