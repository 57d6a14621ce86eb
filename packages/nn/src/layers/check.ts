/** The argument check every layer's `forward` starts with. */
import { Tensor, typeNameOf } from "@tsgrad/core";
import type { Module } from "../module.js";

/**
 * Throws a TypeError naming the layer unless `input` is a Tensor: a JS array (or `undefined`)
 * passed to `layer.call(...)` would otherwise fail deep inside the op with "x.dim is not a function".
 */
export function checkInput(layer: Module, input: unknown, name = "input"): asserts input is Tensor {
  if (input instanceof Tensor) return;
  const got =
    input === null
      ? "null"
      : Array.isArray(input)
        ? "an array"
        : typeof input === "object"
          ? typeNameOf(input as object)
          : typeof input;
  throw new TypeError(`${layer.getName()}: expected ${name} to be a Tensor, but got ${got}`);
}
