/**
 * Every copy of @tsgrad/core loaded in this JavaScript realm, in one registry on `globalThis`.
 *
 * A Tensor made by one copy is not an `instanceof Tensor` of another, so with two copies installed
 * (an app's `@tsgrad/core` beside an older one under `@tsgrad/nn`, or the ESM build imported beside
 * the CommonJS build required) `Linear` would fail with "expected input to be a Tensor, but got
 * Tensor". Each copy registers itself here when it loads, so that such errors can say what happened
 * and how to fix it. This module's registration is a side effect: package.json's `sideEffects`
 * lists it.
 */
import { Tensor } from "./tensor.js";

// Set by the package build (tools/build-package.ts, esbuild's `define`); absent when running from
// the TypeScript sources, where `typeof` of an undeclared name is "undefined", not an error.
declare const __TSGRAD_VERSION__: string | undefined;
declare const __TSGRAD_FORMAT__: string | undefined;

/** One loaded copy of @tsgrad/core, as the registry holds it. */
export interface CoreCopy {
  /** The package version, or "source" when loaded from the TypeScript sources. */
  readonly version: string;
  /** Which build: "esm", "cjs", or "source". */
  readonly format: string;
  /** That copy's Tensor class. */
  readonly Tensor: abstract new (
    ...args: never[]
  ) => unknown;
}

/** `Symbol.for`, so that every copy, whatever its version, finds the same registry. */
const REGISTRY = Symbol.for("@tsgrad/core:copies");

const VERSION = typeof __TSGRAD_VERSION__ === "string" ? __TSGRAD_VERSION__ : "source";
const FORMAT = typeof __TSGRAD_FORMAT__ === "string" ? __TSGRAD_FORMAT__ : "source";

const holder = globalThis as { [REGISTRY]?: CoreCopy[] };
const registry: CoreCopy[] = holder[REGISTRY] ?? [];
holder[REGISTRY] = registry;
registry.push({ version: VERSION, format: FORMAT, Tensor });

/**
 * The copies of @tsgrad/core loaded in this realm, this one included, in load order.
 *
 * @example
 * loadedCoreCopies().length; // 1
 */
export function loadedCoreCopies(): readonly CoreCopy[] {
  return registry.slice();
}

/**
 * Whether `x` is a Tensor of this copy of @tsgrad/core (`torch.is_tensor`). A Tensor made by
 * another loaded copy is not: ops of this copy cannot read it.
 *
 * @example
 * isTensor(tensor([1, 2])); // true
 * isTensor([1, 2]);         // false
 */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/**
 * Whether `x` is a Tensor of another copy of @tsgrad/core than this one.
 *
 * @example
 * isTensorOfAnotherCopy(tensor([1])); // false
 */
export function isTensorOfAnotherCopy(x: unknown): boolean {
  if (x === null || typeof x !== "object" || x instanceof Tensor) return false;
  if (registry.some((c) => c.Tensor !== Tensor && x instanceof c.Tensor)) return true;
  // A copy older than this registry: recognise its tensors by their class's declared name.
  const ctor: unknown = (x as { constructor?: unknown }).constructor;
  return typeof ctor === "function" && (ctor as { typeName?: unknown }).typeName === "Tensor";
}

/**
 * The end of an "expected a Tensor" error when `x` is a Tensor of another copy of @tsgrad/core:
 * what happened and how to fix it (starting with "; "); otherwise "".
 *
 * @example
 * // a Tensor of this copy needs no note:
 * otherCopyNote(tensor([1])); // ""
 * // In a check: `Linear: expected input to be a Tensor, but got ${got}${otherCopyNote(input)}`
 */
export function otherCopyNote(x: unknown): string {
  if (!isTensorOfAnotherCopy(x)) return "";
  const copies = registry.map((c) => (c.format === "source" ? c.version : `${c.version} (${c.format})`));
  const count = registry.length > 1 ? `${registry.length} copies are loaded: ${copies.join(", ")}` : "";
  return (
    `; it is a Tensor of another copy of @tsgrad/core${count ? ` (${count})` : ""}, and a Tensor works only` +
    " with the copy that made it. Install a single @tsgrad/core (`npm ls @tsgrad/core` lists them;" +
    " @tsgrad/nn and @tsgrad/losses take it as a peer dependency) and load it one way: import (ESM)" +
    " or require (CommonJS), not both"
  );
}
