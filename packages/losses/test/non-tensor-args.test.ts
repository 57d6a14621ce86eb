/**
 * Every exported function of the three packages, given a plain array where a tensor belongs, fails
 * with an error that names the function (PyTorch: "relu(): argument 'input' (position 1) must be
 * Tensor, not list"), not with a JavaScript error from deep inside (`x.numel is not a function`).
 * New exports are swept automatically; a function that takes no tensor is listed below with why.
 */
import * as core from "@tsgrad/core";
import * as nn from "@tsgrad/nn";
import { describe, expect, it } from "vitest";
import * as losses from "../src/index.js";

/** Exports whose first argument is not a tensor, or that are internal building blocks. */
const NOT_TENSOR_FIRST = new Set([
  "core.broadcastShapes", // shapes, not tensors
  "core.checkDevice", // an argument checker: its first argument is the op's name
  "core.checkOptions",
  "core.isOptionsInPlace",
  "core.positionalOrKeywords", // the same for arguments PyTorch also takes by keyword
  "core.resolveTo", // to()'s argument reader, shared with Module.to: its first argument is the op's name
  "core.normalizeDim",
  "core.record", // the internal autograd primitive and its renamer
  "core.nameGradFn",
  "core.markOnceDifferentiable",
  "core.resultType", // dtype promotion helpers used by the ops after their checks
  "core.sumTo",
  "core.formatTensor", // print's formatter, reached through toString / inspect
  "nn.isInt64Buffer", // a state-dict key predicate
]);

/** A JavaScript error from inside a function, rather than one of ours that names it. */
const INTERNAL = /is not a function|Cannot read propert|Cannot set propert|is not iterable|undefined or null/;

const modules = { core, nn, "nn.init": nn.init, losses } as Record<string, Record<string, unknown>>;
const functions = Object.entries(modules).flatMap(([label, mod]) =>
  Object.entries(mod)
    .filter(([name, f]) => typeof f === "function" && /^[a-z]/.test(name))
    .map(([name, f]) => [`${label}.${name}`, name, f as (...args: unknown[]) => unknown] as const),
);

describe("a plain array where a Tensor belongs gets a named error", () => {
  it("sweeps a good number of exports", () => {
    expect(functions.length).toBeGreaterThan(150);
  });
  for (const [label, name, f] of functions) {
    if (NOT_TENSOR_FIRST.has(label)) continue;
    it(label, () => {
      const bad = [1, 2, 3];
      for (const args of [[bad], [bad, 1], [bad, bad]]) {
        let error: unknown = null;
        try {
          f(...args);
        } catch (e) {
          error = e;
        }
        if (error === null) continue; // e.g. tensor([1, 2, 3]) is a fine call
        const message = (error as Error).message;
        expect(message, `${name}(${args.length} args)`).toMatch(/^[\w.]+\(\): /);
        expect(message, `${name}(${args.length} args)`).not.toMatch(INTERNAL);
      }
    });
  }
  it("names the op and the argument, as PyTorch does", () => {
    expect(() => core.relu([1, 2] as never)).toThrow("relu(): argument 'input' must be a Tensor");
    expect(() => core.sum([1, 2] as never)).toThrow("sum(): argument 'input' must be a Tensor");
    expect(() => nn.init.zeros_([1, 2] as never)).toThrow("zeros_(): argument 'tensor' must be a Tensor");
    expect(() => core.gradcheck((x) => x, core.zeros(2) as never)).toThrow(
      "gradcheck(): argument 'inputs' must be an array of Tensors, but got a Tensor (pass [x])",
    );
  });
});
