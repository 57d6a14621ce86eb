import { dropout, Generator, gradcheck, manualSeed, ones, randn, tensor } from "@tsgrad/core";
import { readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { Dropout } from "./dropout.js";

/** Reprs PyTorch printed (tools/fixtures/gen_functional.py). */
const REPRS = readJson<{ reprs: Record<string, string> }>(
  new URL("../../test/fixtures/functional_layers.json", import.meta.url),
).reprs;

describe("Dropout", () => {
  it("runs core's dropout with the same mask, and inplace writes into the input", () => {
    const a = new Dropout(0.3, { generator: new Generator(5) }).call(ones([40]));
    expect(a.tolist()).toEqual(dropout(ones([40]), { p: 0.3, generator: new Generator(5) }).tolist());
    const x = ones([40]);
    const drop = new Dropout(0.3, { inplace: true, generator: new Generator(5) });
    expect(drop.call(x)).toBe(x);
    expect(x.tolist()).toEqual(a.tolist());
    expect(String(new Dropout(0.2, { inplace: true }))).toBe(REPRS["Dropout(0.2, { inplace: true })"]);
  });

  it("zeroes about p of the elements and scales the rest by 1/(1-p) in training", () => {
    manualSeed(0);
    const y = new Dropout(0.25).call(ones([100, 100]));
    const v = Array.from(y.toTypedArray());
    const zeros = v.filter((e) => e === 0).length;
    expect(v.every((e) => e === 0 || Math.abs(e - 1 / 0.75) < 1e-6)).toBe(true);
    // 10000 Bernoulli(0.25) draws: 2500 ± 4.3σ (σ ≈ 43)
    expect(Math.abs(zeros - 2500)).toBeLessThan(190);
  });

  it("is the identity in eval mode and for p = 0", () => {
    const x = randn([3, 3]);
    const d = new Dropout(0.5);
    d.eval();
    expect(d.call(x)).toBe(x);
    expect(new Dropout(0).call(x)).toBe(x);
  });

  it("p = 1 zeroes everything (and keeps a zero gradient)", () => {
    const x = ones([4], { requiresGrad: true });
    const y = new Dropout(1).call(x);
    expect(y.tolist()).toEqual([0, 0, 0, 0]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 0, 0]);
  });

  it("is repeatable under manualSeed and with its own generator", () => {
    manualSeed(3);
    const a = new Dropout().call(ones([20])).tolist();
    manualSeed(3);
    expect(new Dropout().call(ones([20])).tolist()).toEqual(a);
    const g1 = new Dropout(0.5, { generator: new Generator(9) }).call(ones([20])).tolist();
    const g2 = new Dropout(0.5, { generator: new Generator(9) }).call(ones([20])).tolist();
    expect(g1).toEqual(g2);
  });

  it("the gradient is the same mask as the forward (float64 check)", () => {
    const x = randn([50], { dtype: "float64", requiresGrad: true });
    const y = new Dropout(0.3, { generator: new Generator(1) }).call(x);
    y.sum().backward();
    // y = x * m, so dy/dx = m = y / x elementwise
    const ys = y.toTypedArray();
    const xs = x.toTypedArray();
    const gs = x.grad!.toTypedArray();
    for (let i = 0; i < 50; i++) expect(gs[i]).toBeCloseTo(ys[i]! / xs[i]!, 10);
  });

  it("gradchecks with the mask held fixed (the generator is re-seeded on every call)", () => {
    const gen = new Generator(4);
    const drop = new Dropout(0.4, { generator: gen });
    const x = randn([3, 4], { dtype: "float64", requiresGrad: true });
    expect(
      gradcheck(
        (t) => {
          gen.manualSeed(4);
          return drop.call(t);
        },
        [x],
      ),
    ).toBe(true);
  });

  it("rejects p outside [0, 1] and integer input", () => {
    expect(() => new Dropout(1.5)).toThrow("dropout probability has to be between 0 and 1, but got 1.5");
    expect(() => new Dropout(0.5).call(tensor([1, 2]))).toThrow(
      "Dropout: expected a floating point input, got int32",
    );
    expect(String(new Dropout(0.1))).toBe("Dropout(p=0.1, inplace=False)");
  });
});
