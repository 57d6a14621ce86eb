/**
 * The playground's weights file in PyTorch (examples/test/fixtures/playground_weights.json, written
 * by tools/fixtures/gen_playground.py): the file tsgrad wrote for the page's default run loads in
 * PyTorch with strict=True; tsgrad, loading the same bytes the way the page does, predicts what
 * PyTorch predicts; and the file the page writes today has PyTorch's names, shapes and dtypes.
 */
import { readFileSync } from "node:fs";
import { tensor } from "@tsgrad/core";
import { loadSafetensors, saveSafetensors } from "@tsgrad/nn";
import { expectClose, tolFor } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { TOY_DEFAULTS } from "../lib/toy-model.js";
import { modelFromStateDict, setupRun } from "./src/train.js";

const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/playground_weights.json", import.meta.url), "utf8"),
) as {
  file_base64: string;
  state_dict: { name: string; shape: number[]; dtype: string }[];
  repr: string;
  inputs: number[][];
  probs: number[][];
};

describe("the playground's safetensors file and PyTorch", () => {
  it("the file PyTorch loaded gives PyTorch's probabilities in tsgrad, loaded as the page loads it", () => {
    const bytes = Uint8Array.from(atob(fixture.file_base64), (c) => c.charCodeAt(0));
    const model = modelFromStateDict(loadSafetensors(bytes));
    const probs = model.call(tensor(fixture.inputs)).softmax(-1);
    // float32 softmax of a 3-layer MLP, against PyTorch's float32: DESIGN.md's 1e-5, floored at 1e-5
    // for the near-zero probabilities.
    expectClose(probs, fixture.probs.flat(), { ...tolFor("float32"), atol: 1e-5 }, "probs");
    expect(model.toString()).toBe(fixture.repr);
  });

  it("the page's file has PyTorch's state_dict names, shapes and dtypes", () => {
    const sd = loadSafetensors(saveSafetensors(setupRun({ ...TOY_DEFAULTS }).model.stateDict()));
    expect([...sd].map(([name, t]) => ({ name, shape: [...t.shape], dtype: t.dtype }))).toEqual(
      fixture.state_dict,
    );
  });

  it("a file of another model is refused with a message that says so", () => {
    const other = new Map([["weight", tensor([[1, 2]])]]);
    expect(() => modelFromStateDict(other)).toThrow(
      "not the playground's model: expected '0.weight' of shape [hidden, 2], found no '0.weight' (keys: weight)",
    );
  });
});
