import { device, setDefaultDtype, tensor, zeros } from "@tsgrad/core";
import { afterEach, describe, expect, it } from "vitest";
import { Embedding, LayerNorm, Linear, type Module, Sequential } from "../index.js";

/** Every layer with parameters, built as a PyTorch program builds it (no dtype). */
const LAYERS: Record<string, () => Module> = {
  Linear: () => new Linear(3, 2),
  "Linear without bias": () => new Linear(3, 2, { bias: false }),
  LayerNorm: () => new LayerNorm([4]),
  Embedding: () => new Embedding(5, 3),
  Sequential: () => new Sequential(new Linear(3, 4), new Linear(4, 1)),
};

describe("nn layers' parameters follow setDefaultDtype (as torch.nn's do)", () => {
  afterEach(() => setDefaultDtype("float32"));

  for (const d of ["float64", "float32"] as const) {
    it(`every parameter is ${d} under setDefaultDtype("${d}")`, () => {
      setDefaultDtype(d);
      for (const [name, make] of Object.entries(LAYERS)) {
        const params = [...make().namedParameters()];
        expect(params.length, name).toBeGreaterThan(0);
        for (const [key, p] of params) expect(p.dtype, `${name}.${key}`).toBe(d);
      }
    });
  }

  it("a float64 model takes the float64 data a float64 program makes", () => {
    setDefaultDtype("float64");
    const y = new Linear(2, 1).call(tensor([[0.5, 1.5]]));
    expect(y.dtype).toBe("float64");
  });
});

describe("model.to(device) on the CPU", () => {
  it("model.to('cpu') and model.to(device('cpu')) return the model, its parameters untouched", () => {
    const m = new Linear(3, 2);
    const w = m.weight;
    expect(m.to("cpu")).toBe(m);
    expect(m.to(device("cpu"))).toBe(m);
    expect(m.weight).toBe(w);
    expect(m.weight.dtype).toBe("float32");
  });

  // PyTorch 1.13: model.to(dtype=torch.float64), model.to("cpu", torch.float64), model.to(tensor).
  it("model.to takes PyTorch's keyword, (device, dtype) and tensor forms", () => {
    for (const convert of [
      (m: Linear) => m.to({ dtype: "float64" }),
      (m: Linear) => m.to("cpu", "float64"),
      (m: Linear) => m.to(zeros([1], { dtype: "float64" })),
    ]) {
      const m = new Linear(3, 2);
      const w = m.weight;
      expect(convert(m)).toBe(m);
      expect(m.weight).toBe(w);
      expect([m.weight.dtype, m.bias!.dtype]).toEqual(["float64", "float64"]);
    }
    const m = new Linear(3, 2);
    expect(m.to()).toBe(m);
    expect(m.to({ device: "cpu" }).weight.dtype).toBe("float32");
  });
});
