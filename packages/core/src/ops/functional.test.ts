import {
  type FixtureTensor,
  expectTensorClose,
  fromFixture,
  itChecksCases,
  itGradchecksCases,
  type OpCase,
  type OpTable,
  tagged,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/op-table.js";
import {
  dropout,
  embedding,
  Generator,
  gradcheck,
  manualSeed,
  normalize,
  ones,
  pad,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";

const T = (x: unknown): Tensor => x as Tensor;

/** The ops of functional.json; each mirrors tools/fixtures/gen_functional.py's OPS. */
const OPS: OpTable = {
  normalize: ([x], p) =>
    normalize(T(x), { p: p.p === "inf" ? Number.POSITIVE_INFINITY : p.p, dim: p.dim, eps: p.eps }),
  pad: ([x], p) => pad(T(x), p.pad, { mode: p.mode, value: p.value }),
  embedding: ([i, w], p) =>
    embedding(T(i), T(w), {
      paddingIdx: p.paddingIdx,
      maxNorm: p.maxNorm,
      normType: p.normType,
      scaleGradByFreq: p.scaleGradByFreq,
    }),
};

interface MaxNormCase extends OpCase {
  weight_after: number[];
}
const FIX = loadFixture<{
  cases: MaxNormCase[];
  dropout: Record<string, any>;
  errors: Record<string, string | null>;
  methods: Record<string, boolean>;
  methods_info: Record<string, boolean>;
}>("functional");
const CASES = tagged(FIX.cases, "functional");

describe("normalize, pad and embedding match PyTorch (functional.json)", () => {
  itChecksCases(CASES, OPS);
  it("covers every op, every pad mode and both dtypes", () => {
    const seen = new Set(CASES.map((c) => `${c.op} ${c.params.mode ?? ""} ${c.inputs[0]!.dtype}`));
    for (const k of ["normalize  float32", "normalize  float64", "embedding  int32"])
      expect(seen.has(k), k).toBe(true);
    for (const mode of ["reflect", "replicate"])
      for (const dt of ["float32", "float64"])
        expect(seen.has(`pad ${mode} ${dt}`), `${mode} ${dt}`).toBe(true);
    expect(CASES.some((c) => c.op === "pad" && c.params.mode === undefined)).toBe(true);
  });
});

describe("float64 gradchecks at the PyTorch cases", () => {
  itGradchecksCases(CASES, OPS);
});

describe("embedding with maxNorm renormalizes the weight in place, as PyTorch", () => {
  for (const c of tagged(FIX.cases, "maxnorm")) {
    it(c.name, () => {
      const outs = (() => {
        const idx = fromFixture(c.inputs[0] as FixtureTensor);
        const w = fromFixture(c.inputs[1] as FixtureTensor);
        const out = embedding(idx, w, { maxNorm: c.params.maxNorm, normType: c.params.normType });
        expect(out.gradFn?.name).toBe(c.outputs[0]!.grad_fn);
        expectTensorClose(out, c.outputs[0]!, "output");
        expectTensorClose(
          w.detach(),
          { values: c.weight_after, shape: w.shape.slice(), dtype: w.dtype },
          "weight after",
        );
        out
          .mul(fromFixture({ values: c.weights[0]!, shape: out.shape.slice(), dtype: out.dtype }))
          .sum()
          .backward();
        expectTensorClose(w.grad!, { values: c.grads[1]!, shape: w.shape.slice(), dtype: w.dtype }, "grad");
        return out;
      })();
      expect(outs.requiresGrad).toBe(true);
    });
  }
  it("has float32 and float64 cases for both norm types", () => {
    expect(tagged(FIX.cases, "maxnorm").length).toBe(4);
  });
});

describe("dropout (the mask is tsgrad's stream; PyTorch's grad_fn names and identities)", () => {
  const D = FIX.dropout;
  it("training (the default, as F.dropout) zeroes about p and scales the rest by 1/(1 − p)", () => {
    manualSeed(0);
    const y = dropout(ones([100, 100]), { p: 0.25 });
    const v = Array.from(y.toTypedArray());
    expect(v.every((e) => e === 0 || Math.abs(e - 1 / 0.75) < 1e-6)).toBe(true);
    // 10000 Bernoulli(0.25) draws: 2500 ± 4.3σ (σ ≈ 43).
    expect(Math.abs(v.filter((e) => e === 0).length - 2500)).toBeLessThan(190);
    expect(D.default_training).toBe(true);
  });
  it("grad_fn names are PyTorch's", () => {
    const x = randn([3, 4], { requiresGrad: true });
    expect(dropout(x, { p: 0.5 }).gradFn?.name).toBe(D.grad_fn_training);
    expect(dropout(x, { p: 1 }).gradFn?.name).toBe(D.grad_fn_p1);
    expect(dropout(x.clone(), { p: 0.5, inplace: true }).gradFn?.name).toBe(D.grad_fn_inplace);
  });
  it("training: false and p = 0 return the input itself, as PyTorch", () => {
    const x = randn([3]);
    expect(dropout(x, { p: 0.5, training: false }) === x).toBe(D.eval_is_input);
    expect(dropout(x, { p: 0 }) === x).toBe(D.p0_is_input);
  });
  it("p = 1 gives zeros", () => {
    expect(D.p1_values.every((v: number) => v === 0)).toBe(true);
    expect(Array.from(dropout(randn([3, 4]), { p: 1 }).toTypedArray()).every((v) => v === 0)).toBe(true);
  });
  it("inplace writes the masked values into the input", () => {
    const x = ones([50]);
    const y = dropout(x, { p: 0.5, inplace: true, generator: new Generator(2) });
    expect(y).toBe(x);
    expect(Array.from(x.toTypedArray()).every((e) => e === 0 || e === 2)).toBe(true);
    expect(x.toTypedArray()).toEqual(
      dropout(ones([50]), { p: 0.5, generator: new Generator(2) }).toTypedArray(),
    );
  });
  it("is repeatable with a generator, and gradchecks with the mask held fixed", () => {
    const gen = new Generator(4);
    const x = randn([3, 4], { dtype: "float64", requiresGrad: true });
    const f = (t: Tensor): Tensor => {
      gen.manualSeed(4);
      return dropout(t, { p: 0.4, generator: gen });
    };
    expect(f(x).tolist()).toEqual(f(x).tolist());
    expect(gradcheck(f, [x])).toBe(true);
  });
});

describe("errors use PyTorch's messages", () => {
  const E = FIX.errors;
  const cases: [string, () => unknown][] = [
    ["pad-odd", () => pad(zeros([2, 3]), [1, 2, 3])],
    ["pad-too-long", () => pad(zeros([2, 3]), [1, 1, 1, 1, 1, 1])],
    ["pad-reflect-too-big", () => pad(zeros([1, 2, 3]), [3, 0], { mode: "reflect" })],
    ["pad-reflect-too-big-2d", () => pad(zeros([1, 2, 3]), [1, 1, 0, 2], { mode: "reflect" })],
    ["pad-reflect-1d-input", () => pad(zeros([3]), [1, 1], { mode: "reflect" })],
    ["pad-replicate-4-of-2d", () => pad(zeros([2, 3]), [1, 1, 1, 1], { mode: "replicate" })],
    ["pad-reflect-value", () => pad(zeros([1, 2, 3]), [1, 1], { mode: "reflect", value: 1 })],
    ["dropout-p", () => dropout(zeros([2]), { p: 1.5 })],
    ["embedding-padding-idx", () => embedding(tensor([0]), zeros([3, 2]), { paddingIdx: 3 })],
    ["embedding-padding-idx-negative", () => embedding(tensor([0]), zeros([3, 2]), { paddingIdx: -4 })],
    ["embedding-index", () => embedding(tensor([3]), zeros([3, 2]))],
    ["embedding-weight-1d", () => embedding(tensor([0]), zeros([3]))],
  ];
  for (const [name, call] of cases) {
    it(name, () => {
      const m = E[name]!;
      expect(m).toBeTypeOf("string");
      // tsgrad's message is "op(): " and PyTorch's, which it may end with the values PyTorch leaves
      // out; PyTorch 1.13 prints the rank where it means the shape in the 2-D reflect message.
      const op = name.split("-")[0];
      expect(call).toThrow(`${op}(): ${m.replace(/ of input 3$/, " of input [1, 2, 3]")}`);
    });
  }
  it("negative constant padding past the size: tsgrad's message (PyTorch 1.13 fails inside narrow)", () => {
    expect(E["pad-negative-size"]).toContain("exceeds dimension size");
    expect(() => pad(zeros([2, 3]), [-2, -2])).toThrow(
      "pad(): The input size 3, plus negative padding -2 and -2 resulted in a negative output size",
    );
  });
  it("replicate padding to an empty output", () => {
    expect(() => pad(zeros([1, 2, 3]), [-2, -1], { mode: "replicate" })).toThrow(
      `pad(): ${E["pad-replicate-too-small"]}`,
    );
  });
  it("a negative output size of constant padding is an error; an empty one is not (as PyTorch)", () => {
    expect(E["pad-zero-size"]).toBeNull();
    expect(pad(zeros([2, 3]), [-2, -1]).shape).toEqual([2, 0]);
  });
});

describe("Tensor methods PyTorch has", () => {
  it("cpu() returns the tensor itself, as PyTorch on a CPU tensor", () => {
    const x = zeros([2]);
    expect(x.cpu() === x).toBe(FIX.methods_info.cpu_is_self);
  });
  it("cuda() is to('cuda')'s error", () => {
    expect(() => zeros([2]).cuda()).toThrow(
      `cuda(): tsgrad runs on the CPU only, so device 'cuda' is not available; use "cpu" (or leave the device out)`,
    );
    expect(() => zeros([2]).cuda(1)).toThrow("device 'cuda:1' is not available");
  });
  it("the sampling methods are those of torch.Tensor in 1.13", () => {
    for (const [name, has] of Object.entries(FIX.methods)) {
      expect(typeof (zeros([1]) as unknown as Record<string, unknown>)[name] === "function", name).toBe(has);
    }
  });
});
