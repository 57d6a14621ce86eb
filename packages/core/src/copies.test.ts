import { loadAnotherCore } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import {
  cat,
  isTensor,
  isTensorOfAnotherCopy,
  loadedCoreCopies,
  matmul,
  otherCopyNote,
  randn,
  tensor,
} from "./index.js";

describe("copies of @tsgrad/core", () => {
  it("registers this copy, and isTensor is torch.is_tensor", () => {
    expect(loadedCoreCopies().map((c) => c.version)).toContain("source");
    expect(isTensor(tensor([1, 2]))).toBe(true);
    expect(isTensor([1, 2])).toBe(false);
    expect(isTensor(null)).toBe(false);
    expect(otherCopyNote(tensor([1]))).toBe("");
    expect(otherCopyNote({ shape: [1], dtype: "float32" })).toBe("");
  });

  it("says so when a Tensor of another loaded copy is passed", async () => {
    const before = loadedCoreCopies().length;
    const other = await loadAnotherCore();
    expect(loadedCoreCopies()).toHaveLength(before + 1);
    const foreign = other.randn([2, 2]);
    expect(isTensor(foreign)).toBe(false);
    expect(other.isTensor(foreign)).toBe(true);
    expect(isTensorOfAnotherCopy(foreign)).toBe(true);
    expect(isTensorOfAnotherCopy(tensor([1]))).toBe(false);
    const note = otherCopyNote(foreign);
    expect(note).toMatch(
      /^; it is a Tensor of another copy of @tsgrad\/core \(\d+ copies are loaded: source, source\)/,
    );
    expect(note).toContain("npm ls @tsgrad/core");
    expect(() => matmul(randn([2, 2]), foreign)).toThrow(
      "matmul(): argument 'other' (position 2) must be a Tensor, but got object; it is a Tensor of another copy of @tsgrad/core",
    );
    expect(() => cat([randn([2]), foreign])).toThrow(/element 1 .*another copy of @tsgrad\/core/);
    expect(() => randn([2]).add(foreign)).toThrow(/argument 'other' .*another copy of @tsgrad\/core/);
    // And the other way round: the second copy says the same about this copy's tensors.
    expect(() => other.softmax(randn([2]) as never, 0)).toThrow(/another copy of @tsgrad\/core/);
  });
});
