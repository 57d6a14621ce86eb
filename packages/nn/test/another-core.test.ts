/**
 * With two copies of @tsgrad/core loaded, a Tensor of the other copy is not a Tensor here: the
 * errors say so (and how to fix it) instead of "expected input to be a Tensor, but got Tensor".
 */
import { randn } from "@tsgrad/core";
import { loadAnotherCore } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { kaimingUniform_ } from "../src/init.js";
import { TensorDataset } from "../src/data/dataset.js";
import { Linear } from "../src/layers/linear.js";

const ANOTHER =
  /another copy of @tsgrad\/core \(\d+ copies are loaded: source, source\).*npm ls @tsgrad\/core/;

describe("a Tensor of another copy of @tsgrad/core", () => {
  it("is named in nn's errors", async () => {
    const other = await loadAnotherCore();
    const x = other.randn([4, 2]);
    expect(() => new Linear(2, 3).call(x)).toThrow(
      /^Linear: expected input to be a Tensor, but got Tensor; it is/,
    );
    expect(() => new Linear(2, 3).call(x)).toThrow(ANOTHER);
    expect(() => new TensorDataset(randn([4, 2]), x)).toThrow(
      /TensorDataset\(\): argument 2 must be a Tensor, but got an object; it is a Tensor of another copy/,
    );
    expect(() => kaimingUniform_(other.zeros([3, 2]) as never)).toThrow(ANOTHER);
  });

  it("is not recognised by its fields any more", () => {
    const fake = { shape: [4, 2], dtype: "float32", dim: () => 2, _shape: [4, 2] };
    expect(() => new TensorDataset(fake as never)).toThrow(
      "TensorDataset(): argument 1 must be a Tensor, but got an object",
    );
  });
});
