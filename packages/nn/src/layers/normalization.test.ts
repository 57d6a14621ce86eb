import { Generator, noGrad, ones, randn, type Tensor, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import {
  expectClose,
  expectTensorClose,
  type FixtureTensor,
  fromFixture,
  gradcheckModule,
  readJson,
  TOL,
} from "@tsgrad/testing";
import { fixtureBytes, NN_FIXTURE } from "../../test/helpers.js";
import type { Module } from "../module.js";
import { loadSafetensors, saveSafetensors } from "../safetensors.js";
import { Dropout1d, Dropout2d } from "./dropout.js";
import { BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, LayerNorm } from "./normalization.js";
import { Sequential } from "./container.js";
import * as norm from "./normalization.js";

const L = NN_FIXTURE.layers;

describe("LayerNorm", () => {
  it("matches PyTorch with an affine transform (float64, forward and all grads)", () => {
    const ln = new LayerNorm(4, { dtype: "float64" });
    ln.loadStateDict({
      weight: tensor([1.5, -0.5, 2.0, 0.25], { dtype: "float64" }),
      bias: tensor([0.1, 0.2, -0.3, 0.0], { dtype: "float64" }),
    });
    const x = tensor(L.x, { dtype: "float64" }).reshape([3, 4]).requiresGrad_();
    const y = ln.call(x);
    const c = L.cases.layer_norm;
    expect(y.shape).toEqual([3, 4]);
    expectClose(y, c.y, TOL.layers(1e-10));
    y.backward(tensor(L.upstream, { dtype: "float64" }).reshape([3, 4]));
    expectClose(x.grad!, c.grad_x, TOL.layers(1e-10));
    expectClose(ln.weight!.grad!, c.grad_weight, TOL.layers(1e-10));
    expectClose(ln.bias!.grad!, c.grad_bias, TOL.layers(1e-10));
  });

  it("matches PyTorch over two dims without affine, custom eps", () => {
    const ln = new LayerNorm([3, 4], { eps: 1e-3, elementwiseAffine: false });
    expect([...ln.parameters()]).toEqual([]);
    const x = tensor(L.x, { dtype: "float64" }).reshape([3, 4]).requiresGrad_();
    const y = ln.call(x);
    expectClose(y, L.cases.layer_norm_2d.y, TOL.layers(1e-10));
    y.backward(tensor(L.upstream, { dtype: "float64" }).reshape([3, 4]));
    expectClose(x.grad!, L.cases.layer_norm_2d.grad_x, TOL.layers(1e-10));
  });

  it("gradchecks over input, weight and bias", () => {
    const ln = new LayerNorm(3);
    ln.double();
    noGrad(() => ln.weight!.copy_(randn([3], { dtype: "float64" })));
    expect(gradcheckModule(ln, randn([2, 2, 3], { dtype: "float64", requiresGrad: true }))).toBe(true);
  });

  it("rejects an input whose trailing dims differ, with PyTorch's message", () => {
    expect(() => new LayerNorm(10).call(zeros([3, 5]))).toThrow(
      "LayerNorm: Given normalized_shape=[10], expected input with shape [*, 10], but got input of size[3, 5]",
    );
  });
});

// ---- batch, group and instance norm against PyTorch (tools/fixtures/gen_norm.py) ----------------

interface Step {
  x: FixtureTensor;
  y: FixtureTensor;
  upstream: number[];
  grad_fn: string;
  grad_x: number[];
  grads: Record<string, number[]>;
  buffers: Record<string, number[]>;
}
interface ModuleRun {
  name: string;
  module: keyof typeof MODULES;
  args: number[];
  options: Record<string, unknown>;
  dtype: "float32" | "float64";
  repr: string;
  state_dict: [string, number[], string][];
  params: Record<string, number[]>;
  train: Step[];
  eval: { x: FixtureTensor; y: FixtureTensor }[];
}
const NORM = readJson<{
  modules: ModuleRun[];
  /** [class, constructor arguments (sizes, then maybe an options object), PyTorch's repr]. */
  reprs: [string, unknown[], string][];
  bn2d_file: { metadata: Record<string, string>; order: string[]; x: FixtureTensor; y: FixtureTensor };
}>(new URL("../../test/fixtures/norm.json", import.meta.url));

/** The modules norm.json runs: every class normalization.ts exports, and the channel dropouts. */
const MODULES = { ...norm, Dropout1d, Dropout2d };
const make = (name: keyof typeof MODULES, args: unknown[], options?: Record<string, unknown>): Module =>
  new (MODULES[name] as unknown as new (...a: unknown[]) => Module)(...args, ...(options ? [options] : []));
/** PyTorch's dtype names in a state dict, as tsgrad stores them (int64 buffers as int32). */
const TSGRAD_DTYPE: Record<string, string> = { float32: "float32", float64: "float64", int64: "int32" };

describe("BatchNorm, GroupNorm, InstanceNorm against PyTorch: train steps, running stats, eval", () => {
  for (const r of NORM.modules) {
    it(r.name, () => {
      const m = make(r.module, r.args, { ...r.options, dtype: r.dtype });
      expect(String(m)).toBe(r.repr);
      const sd = m.stateDict();
      expect([...sd].map(([k, t]) => [k, t.shape, t.dtype])).toEqual(
        r.state_dict.map(([k, s, d]) => [k, s, TSGRAD_DTYPE[d]]),
      );
      noGrad(() => {
        for (const [k, p] of m.namedParameters()) p.copy_(tensor(r.params[k]!, { dtype: r.dtype }));
      });
      r.train.forEach((s, i) => {
        const x = fromFixture(s.x, true);
        const y = m.call(x);
        expectTensorClose(y, s.y, `step ${i} output`);
        expect(y.gradFn?.name, `step ${i} grad_fn`).toBe(s.grad_fn);
        m.zeroGrad();
        y.mul(tensor(s.upstream, { dtype: r.dtype }).reshape(y.shape))
          .sum()
          .backward();
        expectTensorClose(x.grad!, { ...s.x, values: s.grad_x }, `step ${i} grad input`);
        for (const [k, p] of m.namedParameters()) {
          expectTensorClose(
            p.grad!,
            { values: s.grads[k]!, shape: p.shape.slice(), dtype: r.dtype },
            `step ${i} grad ${k}`,
          );
        }
        const buffers = new Map(m.namedBuffers());
        expect([...buffers.keys()].sort()).toEqual(Object.keys(s.buffers).sort());
        for (const [k, b] of buffers) {
          if (b.dtype === "int32") expect(b.tolist(), `step ${i} ${k}`).toEqual(s.buffers[k]![0]);
          else
            expectTensorClose(
              b,
              { values: s.buffers[k]!, shape: b.shape.slice(), dtype: r.dtype },
              `step ${i} ${k}`,
            );
        }
      });
      m.eval();
      r.eval.forEach((s, i) => {
        expectTensorClose(m.call(fromFixture(s.x)), s.y, `eval ${i} output`);
      });
    });
  }

  it("covers each module, momentum null, no affine, untracked statistics and unbatched input", () => {
    const names = NORM.modules.map((r) => r.name);
    for (const m of ["BatchNorm1d", "BatchNorm2d", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d"]) {
      expect(names.some((n) => n.startsWith(m))).toBe(true);
    }
    for (const part of ["momentum=None", "affine=False", "track_running_stats=False", "unbatched"]) {
      expect(
        names.some((n) => n.includes(part)),
        part,
      ).toBe(true);
    }
  });

  it("prints PyTorch's reprs", () => {
    for (const [name, args, repr] of NORM.reprs)
      expect(String(make(name as keyof typeof MODULES, args))).toBe(repr);
  });

  it("gradchecks over input, weight and bias (training mode)", () => {
    const f64 = { dtype: "float64", requiresGrad: true } as const;
    for (const m of [new BatchNorm2d(2), new GroupNorm(2, 4), new InstanceNorm1d(3, { affine: true })]) {
      m.double();
      noGrad(() => m.weight!.copy_(randn([m.weight!.numel()], { dtype: "float64" })));
      const shape = m instanceof BatchNorm2d ? [3, 2, 2, 2] : m instanceof GroupNorm ? [2, 4, 3] : [2, 3, 4];
      expect(gradcheckModule(m, randn(shape, f64)), m.getName()).toBe(true);
    }
  });

  it("resetParameters restores the initial statistics and affine", () => {
    const bn = new BatchNorm2d(2);
    bn.call(randn([3, 2, 2, 2]));
    bn.resetParameters();
    expect(bn.running_mean!.tolist()).toEqual([0, 0]);
    expect(bn.running_var!.tolist()).toEqual([1, 1]);
    expect(bn.num_batches_tracked!.item()).toBe(0);
  });

  it("a state dict without num_batches_tracked loads with the count 0, as in PyTorch (older checkpoints)", () => {
    const src = new BatchNorm1d(2);
    src.call(randn([4, 2]));
    const sd = new Map([...src.stateDict()].filter(([k]) => k !== "num_batches_tracked"));
    const bn = new BatchNorm1d(2);
    bn.call(randn([4, 2]));
    expect(bn.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(bn.num_batches_tracked!.item()).toBe(0);
    expect(bn.running_mean!.tolist()).toEqual(src.running_mean!.tolist());
    // Nested, and still strict about everything else.
    const seq = new Sequential(new BatchNorm1d(2));
    const nested = [...sd].map(([k, v]): [string, Tensor] => [`0.${k}`, v]);
    expect(() => seq.loadStateDict(new Map(nested.slice(1)))).toThrow(
      'Missing key(s) in state_dict: "0.weight"',
    );
    seq.loadStateDict(new Map(nested));
    expect(seq.at<BatchNorm1d>(0).num_batches_tracked!.item()).toBe(0);
  });
});

describe("BatchNorm2d safetensors files interoperate with PyTorch", () => {
  const F = NORM.bn2d_file;
  it("a file written by PyTorch loads (I64 num_batches_tracked) and gives PyTorch's eval output", () => {
    const bytes = fixtureBytes("bn2d.safetensors");
    const bn = new BatchNorm2d(3);
    bn.loadStateDict(loadSafetensors(bytes));
    expect(bn.num_batches_tracked!.dtype).toBe("int32");
    expect(bn.num_batches_tracked!.item()).toBe(4);
    expectTensorClose(bn.eval().call(fromFixture(F.x)), F.y, "eval output");
  });

  it("tsgrad writes the same bytes back: num_batches_tracked as I64, in PyTorch's loadable layout", () => {
    const bytes = fixtureBytes("bn2d.safetensors");
    const bn = new BatchNorm2d(3);
    bn.loadStateDict(loadSafetensors(bytes));
    const out = saveSafetensors(bn.stateDict(), F.metadata);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
    const header = JSON.parse(
      new TextDecoder().decode(out.subarray(8, 8 + new DataView(out.buffer).getUint32(0, true))),
    );
    expect(header.num_batches_tracked).toEqual({ dtype: "I64", shape: [], data_offsets: [0, 8] });
    expect(Object.keys(header).filter((k) => k !== "__metadata__")).toEqual(F.order);
  });

  it("the I64 rule: num_batches_tracked under any prefix, other int32 as I32, or as the option says", () => {
    const sd = new Map([
      ["0.num_batches_tracked", tensor(-3, { dtype: "int32" })],
      ["steps", tensor([7], { dtype: "int32" })],
    ]);
    const dtypes = (b: Uint8Array) => {
      const h = JSON.parse(
        new TextDecoder().decode(b.subarray(8, 8 + new DataView(b.buffer).getUint32(0, true))),
      );
      return [h["0.num_batches_tracked"].dtype, h.steps.dtype];
    };
    expect(dtypes(saveSafetensors(sd))).toEqual(["I64", "I32"]);
    expect(dtypes(saveSafetensors(sd, null, { int64: () => true }))).toEqual(["I64", "I64"]);
    expect(dtypes(saveSafetensors(sd, null, { int64: () => false }))).toEqual(["I32", "I32"]);
    const back = loadSafetensors(saveSafetensors(sd, null, { int64: () => true }));
    expect(back.get("0.num_batches_tracked")!.tolist()).toBe(-3);
    expect(back.get("steps")!.tolist()).toEqual([7]);
  });
});

describe("Dropout1d and Dropout2d zero whole channels", () => {
  it("each channel is all zeros or all 1/(1 − p), the gradient is the same mask, eval is the identity", () => {
    const d = new Dropout2d(0.5, { generator: new Generator(1) });
    const x = ones([4, 6, 3, 3], { requiresGrad: true });
    const y = d.call(x);
    const v = y.tolist() as number[][][][];
    let zeros = 0;
    for (const n of v)
      for (const ch of n) {
        const flat = ch.flat();
        expect(new Set(flat).size).toBe(1);
        expect([0, 2]).toContain(flat[0]);
        if (flat[0] === 0) zeros++;
      }
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(24);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual(v);
    expect(d.eval().call(x)).toBe(x);
  });

  it("inplace zeroes and scales the input itself and returns it, batched or not (PyTorch's inplace=True)", () => {
    for (const [D, shape] of [
      [Dropout2d, [4, 6, 3, 3]],
      [Dropout1d, [4, 6, 5]],
      [Dropout1d, [6, 5]],
    ] as const) {
      const expected = new D(0.5, { generator: new Generator(3) }).call(ones([...shape]));
      const x = ones([...shape]);
      const d = new D(0.5, { inplace: true, generator: new Generator(3) });
      expect(d.call(x)).toBe(x);
      expect(x.tolist()).toEqual(expected.tolist());
      expect(new Set(x.toTypedArray()).size).toBe(2);
    }
    // As in PyTorch, a leaf that requires grad cannot be changed in place; a tensor computed from one can.
    const leaf = ones([2, 3, 4], { requiresGrad: true });
    expect(() => new Dropout1d(0.5, { inplace: true }).call(leaf)).toThrow(
      /leaf Variable that requires grad/,
    );
    const y = leaf.mul(2);
    const out = new Dropout1d(0.5, { inplace: true, generator: new Generator(4) }).call(y);
    out.sum().backward();
    expect(leaf.grad!.tolist()).toEqual(y.detach().tolist());
  });

  it("is repeatable with a seeded generator, and Dropout1d takes unbatched [C, L]", () => {
    const a = new Dropout1d(0.3, { generator: new Generator(5) }).call(ones([5, 4]));
    const b = new Dropout1d(0.3, { generator: new Generator(5) }).call(ones([1, 5, 4])).squeeze(0);
    expect(a.tolist()).toEqual(b.tolist());
    for (const row of a.tolist() as number[][]) expect(new Set(row).size).toBe(1);
  });
});
