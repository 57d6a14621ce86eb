/** A Tensor of another loaded copy of @tsgrad/core: the losses' argument checks say so. */
import { randn, tensor } from "@tsgrad/core";
import { loadAnotherCore } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { crossEntropy, LabelSmoothingLoss } from "../src/index.js";

describe("a Tensor of another copy of @tsgrad/core", () => {
  it("is named in the losses' errors", async () => {
    const other = await loadAnotherCore();
    expect(() => crossEntropy(other.randn([2, 3]) as never, tensor([0, 1]))).toThrow(
      /^cross_entropy\(\): argument 'input' must be a Tensor, not object; it is a Tensor of another copy of @tsgrad\/core \(\d+ copies are loaded/,
    );
    expect(() => new LabelSmoothingLoss(3, 0.1).call(randn([2, 3]), other.tensor([0, 1]) as never)).toThrow(
      /argument 'target' must be a Tensor, not object; it is a Tensor of another copy/,
    );
  });

  it("is not recognised by its fields any more", () => {
    const fake = { shape: [2, 3], dtype: "float32" };
    expect(() => crossEntropy(fake as never, tensor([0, 1]))).toThrow(
      "cross_entropy(): argument 'input' must be a Tensor, not object",
    );
    expect(() => crossEntropy(fake as never, tensor([0, 1]))).not.toThrow(/another copy/);
  });
});
