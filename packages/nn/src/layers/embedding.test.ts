import { embedding, gradcheck, manualSeed, randn, type Tensor, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { expectClose, readJson, TOL } from "@tsgrad/testing";
import { NN_FIXTURE } from "../../test/helpers.js";
import { Embedding } from "./embedding.js";

/** Reprs PyTorch printed (tools/fixtures/gen_functional.py). */
const REPRS = readJson<{ reprs: Record<string, string> }>(
  new URL("../../test/fixtures/functional_layers.json", import.meta.url),
).reprs;

describe("Embedding", () => {
  it("prints maxNorm and normType as PyTorch", () => {
    expect(String(new Embedding(10, 3, { paddingIdx: 0, maxNorm: 1 }))).toBe(
      REPRS["Embedding(10, 3, { paddingIdx: 0, maxNorm: 1 })"],
    );
    expect(String(new Embedding(5, 2, { maxNorm: 2.5, normType: 1 }))).toBe(
      REPRS["Embedding(5, 2, { maxNorm: 2.5, normType: 1 })"],
    );
    expect(String(new Embedding(4, 2, { normType: 3 }))).toBe(REPRS["Embedding(4, 2, { normType: 3 })"]);
    expect(String(new Embedding(4, 2, { scaleGradByFreq: true }))).toBe(
      REPRS["Embedding(4, 2, { scaleGradByFreq: true })"],
    );
  });

  it("scaleGradByFreq divides each row's gradient by its index's count (functional.json checks it against PyTorch)", () => {
    const emb = new Embedding(4, 2, { scaleGradByFreq: true, dtype: "float64" });
    emb
      .call(tensor([1, 1, 3]))
      .sum()
      .backward();
    expect(emb.weight.grad!.tolist()).toEqual([
      [0, 0],
      [1, 1], // two lookups of 1/2 each
      [0, 0],
      [1, 1],
    ]);
    expect(() => new Embedding(4, 2, { sparse: true })).toThrow(
      "Embedding(): sparse=True needs sparse tensors",
    );
    expect(new Embedding(4, 2, { sparse: false }).sparse).toBe(false);
  });

  it("fromPretrained shares the table, frozen by default (nn.Embedding.from_pretrained)", () => {
    const table = tensor(
      [
        [1, 2.5],
        [3, 4],
        [5, 6],
      ],
      { dtype: "float32" },
    );
    const emb = Embedding.fromPretrained(table, { paddingIdx: 0 });
    expect(emb.weight.storage).toBe(table.storage);
    expect(emb.weight.requiresGrad).toBe(false);
    expect(emb.call(tensor([0, 2])).tolist()).toEqual([
      [1, 2.5], // from_pretrained leaves the padding row as given
      [5, 6],
    ]);
    expect(String(emb)).toBe("Embedding(3, 2, padding_idx=0)");
    const trainable = Embedding.fromPretrained(table, { freeze: false });
    expect(trainable.weight.requiresGrad).toBe(true);
    expect([...trainable.parameters()]).toEqual([trainable.weight]);
    expect(() => Embedding.fromPretrained(tensor([1, 2]))).toThrow(
      "Embedding.fromPretrained(): Embeddings parameter is expected to be 2-dimensional, got shape [2]",
    );
    expect(() => Embedding.fromPretrained(table, { freze: true } as never)).toThrow("did you mean 'freeze'");
  });

  it("maxNorm rescales the rows looked up in its weight, as core's embedding does (functional.json checks it against PyTorch)", () => {
    const w = (): Tensor =>
      tensor(
        [
          [3, 4],
          [0.3, 0.4],
          [6, 8],
        ],
        { dtype: "float64" },
      );
    const emb = new Embedding(3, 2, { maxNorm: 1, dtype: "float64" });
    emb.loadStateDict({ weight: w() });
    const y = emb.call(tensor([0, 1]));
    const w2 = w();
    expect(y.tolist()).toEqual(embedding(tensor([0, 1]), w2, { maxNorm: 1 }).tolist());
    expect(emb.weight.tolist()).toEqual(w2.tolist());
    // Row 2 is not looked up, so it keeps its norm of 10.
    expect(emb.weight.select(0, 2).tolist()).toEqual([6, 8]);
    expect(y.gradFn?.name).toBe("EmbeddingBackward0");
  });

  it("matches PyTorch's lookup and gradient, with no gradient into the padding row", () => {
    const c = NN_FIXTURE.layers.cases.embedding;
    const emb = new Embedding(5, 3, { paddingIdx: 1, dtype: "float64" });
    emb.loadStateDict({ weight: tensor(c.weight, { dtype: "float64" }).reshape([5, 3]) });
    const idx = tensor(c.index).reshape(c.index_shape);
    const y = emb.call(idx);
    expect(y.shape).toEqual([2, 3, 3]);
    expectClose(y, c.y, TOL.layers(1e-10));
    y.backward(tensor(c.upstream, { dtype: "float64" }).reshape([2, 3, 3]));
    expect(emb.weight.grad!.shape).toEqual([5, 3]);
    expectClose(emb.weight.grad!, c.grad_weight, TOL.layers(1e-10));
    expect(emb.weight.grad!.select(0, 1).tolist()).toEqual([0, 0, 0]);
  });

  it("starts N(0,1) with the padding row zeroed", () => {
    manualSeed(0);
    const emb = new Embedding(50, 40, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(49);
    expect(emb.weight.select(0, 49).tolist()).toEqual(new Array(40).fill(0));
    const v = Array.from(emb.weight.narrow(0, 0, 49).toTypedArray());
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.08);
    expect(Math.abs(std - 1)).toBeLessThan(0.08);
    expect(String(emb)).toBe("Embedding(50, 40, padding_idx=49)");
  });

  it("gradchecks w.r.t. the weight (without padding: the padding row's zero gradient is deliberate)", () => {
    const emb = new Embedding(4, 2);
    emb.double();
    const idx = tensor([
      [3, 0],
      [1, 3],
    ]);
    expect(gradcheck(() => emb.call(idx), [emb.weight])).toBe(true);
    const w = randn([2, 2, 2], { dtype: "float64", requiresGrad: true });
    expect(gradcheck((u) => emb.call(idx).mul(u), [w, emb.weight])).toBe(true);
  });

  it("rejects non-int32 and out-of-range indices, and a bad paddingIdx", () => {
    const emb = new Embedding(3, 2);
    expect(() => emb.call(zeros([2]))).toThrow(
      "Embedding: Expected tensor for argument #1 'indices' to have int32 dtype (PyTorch: Long or Int), but got float32",
    );
    expect(() => emb.call(tensor([0, 3]))).toThrow(
      "Embedding: index out of range in self (index 3 with num_embeddings=3)",
    );
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow("Padding_idx must be within num_embeddings");
  });
});
