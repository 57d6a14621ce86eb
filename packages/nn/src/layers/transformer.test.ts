import { gradcheck, manualSeed, noGrad, randn, type Tensor, tensor } from "@tsgrad/core";
import {
  expectClose,
  expectTensorClose,
  type FixtureTensor,
  type FixtureValue,
  fixtureErrors,
  fromFixture,
  type OpCase,
  type OpOutput,
  readJson,
  tagged,
  tolFor,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "../../test/helpers.js";
import type { Module } from "../module.js";
import { loadSafetensors, saveSafetensors } from "../safetensors.js";
import { LayerNorm } from "./normalization.js";
import {
  MultiheadAttention,
  Transformer,
  TransformerDecoder,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerEncoderLayer,
  type TransformerLayerOptions,
} from "./transformer.js";

// ---- PyTorch 1.13 cases (tools/fixtures/gen_attention.py) ---------------------------------------
//
// Each case builds the module, loads PyTorch's state dict (strict), runs it in PyTorch's mode on
// PyTorch's inputs, and compares the outputs and the gradients of Σ sum(out_i · w_i) w.r.t. every
// input and every parameter. Train-mode cases have dropout 0; eval-mode cases run with gradients
// on, which keeps PyTorch off its fused eval "fast path", so both sides run the Python code path.

interface ModuleCase extends Omit<OpCase, "outputs"> {
  outputs: (OpOutput | null)[];
  input_names: string[];
  state_dict: Record<string, FixtureTensor>;
  param_grads: Record<string, FixtureValue[]>;
  training: boolean;
}

const FIX = readJson<{
  mha: ModuleCase[];
  layers: ModuleCase[];
  reprs: Record<string, { repr: string; state_dict: [string, number[]][] }>;
  square_mask: FixtureTensor;
  init: Record<string, number | boolean>;
  errors: { name: string; type: string; message: string }[];
  safetensors_encoder: { input: FixtureTensor; output: FixtureTensor; output_no_mask: FixtureTensor };
}>(new URL("../../test/fixtures/attention.json", import.meta.url));

type P = Record<string, any>;

function layerOptions(p: P, dtype: TransformerLayerOptions["dtype"]): TransformerLayerOptions {
  return {
    dimFeedforward: p.dim_feedforward,
    dropout: p.dropout,
    activation: p.activation,
    layerNormEps: p.layer_norm_eps,
    batchFirst: p.batch_first,
    normFirst: p.norm_first,
    dtype,
  };
}

/** The tsgrad module of a case, with PyTorch's constructor arguments. */
function build(c: ModuleCase): Module {
  const p = c.params;
  const dtype = c.inputs[0]!.dtype as "float32" | "float64";
  switch (c.op) {
    case "mha":
      return new MultiheadAttention(p.embed_dim, p.num_heads, {
        dropout: p.dropout,
        bias: p.bias,
        addBiasKv: p.add_bias_kv,
        addZeroAttn: p.add_zero_attn,
        kdim: p.kdim,
        vdim: p.vdim,
        batchFirst: p.batch_first,
        dtype,
      });
    case "encoder_layer":
      return new TransformerEncoderLayer(p.d_model, p.nhead, layerOptions(p, dtype));
    case "decoder_layer":
      return new TransformerDecoderLayer(p.d_model, p.nhead, layerOptions(p, dtype));
    case "encoder": {
      const l = p.layer;
      const layer = new TransformerEncoderLayer(l.d_model, l.nhead, layerOptions(l, dtype));
      const norm = p.norm ? new LayerNorm(l.d_model, { dtype }) : null;
      return new TransformerEncoder(layer, p.num_layers, { norm });
    }
    case "decoder": {
      const l = p.layer;
      const layer = new TransformerDecoderLayer(l.d_model, l.nhead, layerOptions(l, dtype));
      const norm = p.norm ? new LayerNorm(l.d_model, { dtype }) : null;
      return new TransformerDecoder(layer, p.num_layers, { norm });
    }
    case "transformer":
      return new Transformer({
        dModel: p.d_model,
        nhead: p.nhead,
        numEncoderLayers: p.num_encoder_layers,
        numDecoderLayers: p.num_decoder_layers,
        ...layerOptions(p, dtype),
      });
    default:
      throw new Error(`no module for case op ${c.op}`);
  }
}

/** Runs the case's module on its inputs (null for absent masks), as the generator called it. */
function run(c: ModuleCase, m: Module, xs: (Tensor | null)[]): (Tensor | null)[] {
  const p = c.params;
  switch (c.op) {
    case "mha": {
      let [q, k, v] = xs as Tensor[];
      if (p.alias === "qkv") k = v = q;
      else if (p.alias === "kv") v = k;
      const fw = p.forward as P;
      return (m as MultiheadAttention).call(q!, k!, v!, {
        keyPaddingMask: xs[3],
        attnMask: xs[4],
        needWeights: fw.need_weights,
        averageAttnWeights: fw.average_attn_weights,
      });
    }
    default: {
      // The layers, stacks and Transformer take their sequences (src; tgt and memory; src and tgt)
      // as arguments and their masks as options named as in PyTorch (src_mask → srcMask).
      const nSeq = c.op.startsWith("encoder") ? 1 : 2;
      const masks = c.input_names
        .slice(nSeq)
        .map((name, i) => [name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), xs[nSeq + i]]);
      const call = m.call as (...args: unknown[]) => Tensor;
      return [call.call(m, ...xs.slice(0, nSeq), Object.fromEntries(masks))];
    }
  }
}

/** The module with PyTorch's weights loaded and PyTorch's mode, and the case's leaves. */
function setUp(c: ModuleCase): { m: Module; leaves: (Tensor | null)[] } {
  const m = build(c);
  const sd = new Map(Object.entries(c.state_dict).map(([k, t]) => [k, fromFixture(t)]));
  m.loadStateDict(sd);
  m.train(c.training);
  return { m, leaves: c.inputs.map((t) => (t === null ? null : fromFixture(t as FixtureTensor))) };
}

function checkModuleCase(c: ModuleCase): void {
  const { m, leaves } = setUp(c);
  const outs = run(c, m, leaves);
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  let loss: Tensor | null = null;
  outs.forEach((o, i) => {
    const e = c.outputs[i];
    if (e === null || e === undefined) {
      expect(o, `output ${i}`).toBeNull();
      return;
    }
    expectTensorClose(o!, e, `output ${i}`);
    // grad_fn names of MultiheadAttention's outputs (the layers end in LayerNorm, which names its own).
    if (c.op === "mha" && e.grad_fn !== undefined)
      expect(o!.gradFn?.name ?? null, `output ${i} grad_fn`).toBe(e.grad_fn);
    const w = c.weights[i];
    if (!w) return;
    const term = o!.mul(fromFixture({ values: w, shape: o!.shape.slice(), dtype: o!.dtype })).sum();
    loss = loss === null ? term : loss.add(term);
  });
  (loss as unknown as Tensor).backward();
  leaves.forEach((l, j) => {
    const g = c.grads[j];
    if (l === null || g === null || g === undefined) return;
    expectTensorClose(
      l.grad!,
      { values: g, shape: l.shape.slice(), dtype: l.dtype },
      `grad of ${c.input_names[j]}`,
    );
  });
  const params = new Map(m.namedParameters());
  expect([...params.keys()].sort()).toEqual(Object.keys(c.param_grads).sort());
  for (const [name, g] of Object.entries(c.param_grads)) {
    const p = params.get(name)!;
    expectTensorClose(p.grad!, { values: g, shape: p.shape.slice(), dtype: p.dtype }, `grad of ${name}`);
  }
}

function gradcheckModuleCase(c: ModuleCase): boolean {
  const { m, leaves } = setUp(c);
  const inputs = leaves.filter((l): l is Tensor => l?.requiresGrad === true);
  // gradcheck perturbs the tensors it is given in place: the inputs and the module's parameters.
  const f = () => run(c, m, leaves).filter((o): o is Tensor => o !== null);
  return gradcheck(f, [...inputs, ...m.parameters()]);
}

describe("MultiheadAttention against PyTorch 1.13", () => {
  it("covers self/cross attention, kdim/vdim, every mask kind, weights, batch_first and unbatched input", () => {
    const names = FIX.mha.map((c) => c.name).join("\n");
    for (const part of [
      "self-attention",
      "cross-attention",
      "kdim 4, vdim 5",
      "bool key_padding_mask",
      "float key_padding_mask",
      "bool attn_mask",
      "float attn_mask",
      "need_weights=False",
      "average_attn_weights=False",
      "batch_first",
      "unbatched",
      "add_bias_kv",
      "add_zero_attn",
      "eval",
      "float32",
      "float64",
    ]) {
      expect(names.includes(part), part).toBe(true);
    }
  });
  for (const c of FIX.mha) it(c.name, () => checkModuleCase(c));
});

describe("transformer layers against PyTorch 1.13", () => {
  it("covers encoder and decoder layers and stacks, post- and pre-norm, relu and gelu", () => {
    const ops = new Set(FIX.layers.map((c) => c.op));
    for (const op of ["encoder_layer", "encoder", "decoder_layer", "decoder", "transformer"])
      expect(ops.has(op), op).toBe(true);
    const layers = FIX.layers.filter((c) => c.op.endsWith("_layer"));
    for (const nf of [false, true])
      expect(layers.some((c) => (c.params.norm_first ?? false) === nf)).toBe(true);
    for (const a of ["gelu", undefined]) expect(layers.some((c) => c.params.activation === a)).toBe(true);
  });
  for (const c of FIX.layers) it(`${c.op}: ${c.name}`, () => checkModuleCase(c));
});

describe("attention modules: float64 gradcheck w.r.t. inputs and every parameter", () => {
  for (const c of [...tagged(FIX.mha, "gradcheck"), ...tagged(FIX.layers, "gradcheck")]) {
    it(`${c.op}: ${c.name}`, () => expect(gradcheckModuleCase(c)).toBe(true));
  }
});

describe("attention modules: reprs and state dict keys as PyTorch prints them", () => {
  const built: Record<string, () => Module> = {
    mha: () => new MultiheadAttention(8, 2),
    mha_kdim_vdim: () => new MultiheadAttention(8, 2, { kdim: 6, vdim: 5, bias: false }),
    mha_bias_kv: () =>
      new MultiheadAttention(8, 4, { dropout: 0.1, addBiasKv: true, addZeroAttn: true, batchFirst: true }),
    encoder_layer: () => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }),
    encoder: () =>
      new TransformerEncoder(
        new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, normFirst: true }),
        2,
        {
          norm: new LayerNorm(8),
        },
      ),
    encoder_no_norm: () =>
      new TransformerEncoder(
        new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu" }),
        1,
      ),
    decoder_layer: () =>
      new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.2, layerNormEps: 1e-6 }),
    decoder: () => new TransformerDecoder(new TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }), 2),
    transformer: () =>
      new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 }),
  };
  it("has a module for every repr the fixture holds", () => {
    expect(Object.keys(built).sort()).toEqual(Object.keys(FIX.reprs).sort());
  });
  for (const [key, make] of Object.entries(built)) {
    it(key, () => {
      const m = make();
      const want = FIX.reprs[key]!;
      expect(String(m)).toBe(want.repr);
      expect([...m.stateDict()].map(([k, t]) => [k, t.shape])).toEqual(want.state_dict);
    });
  }
});

describe("attention modules: construction", () => {
  it("MultiheadAttention's init: xavier-uniform in_proj_weight, zero biases", () => {
    manualSeed(0);
    const m = new MultiheadAttention(64, 4);
    const bound = FIX.init.in_proj_weight_bound as number;
    const w = m.inProjWeight!.abs();
    expect(w.max().item()).toBeLessThanOrEqual(bound);
    expect(w.max().item()).toBeGreaterThan(0.95 * bound);
    expect(m.inProjBias!.abs().max().item()).toBe(0);
    expect(m.outProj.bias!.abs().max().item()).toBe(0);
    expect(m.outProj.weight.abs().max().item()).toBeLessThanOrEqual(FIX.init.out_proj_weight_bound as number);
  });

  it("TransformerEncoder's layers are independent deep copies of the layer given", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
    layer.linear1.weight.requiresGrad_(false);
    layer.eval();
    const enc = new TransformerEncoder(layer, 2);
    const [a, b] = [enc.layers.at<TransformerEncoderLayer>(0), enc.layers.at<TransformerEncoderLayer>(1)];
    expect(a).not.toBe(layer);
    expect(a).not.toBe(b);
    for (const l of [a, b]) {
      expect(l.selfAttn.inProjWeight!.tolist()).toEqual(layer.selfAttn.inProjWeight!.tolist());
      expect(l.selfAttn.inProjWeight).not.toBe(layer.selfAttn.inProjWeight);
      expect(l.linear1.weight.requiresGrad).toBe(false);
      expect(l.training).toBe(false);
      expect(l.dropout1.training).toBe(false);
    }
    noGrad(() => a.norm1.weight!.fill_(3));
    expect(b.norm1.weight!.tolist()).toEqual(layer.norm1.weight!.tolist());
    expect(new Set([...enc.parameters()]).size).toBe(2 * [...layer.parameters()].length);
  });

  it("copies keep the class of a subclassed layer, so its own forward runs in the stack", () => {
    class ScaledEncoderLayer extends TransformerEncoderLayer {
      override forward(src: Tensor): Tensor {
        return super.forward(src).mul(2);
      }
    }
    class ScaledDecoderLayer extends TransformerDecoderLayer {
      override forward(tgt: Tensor, memory: Tensor): Tensor {
        return super.forward(tgt, memory).mul(2);
      }
    }
    class NamedAttention extends MultiheadAttention {}
    const enc = new TransformerEncoder(new ScaledEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0 }), 2);
    const dec = new TransformerDecoder(new ScaledDecoderLayer(4, 2, { dimFeedforward: 8, dropout: 0 }), 2);
    for (const l of [...enc.layers, ...dec.layers]) expect(l.constructor.name).toMatch(/^Scaled/);
    const src = randn([3, 1, 4]);
    const first = enc.layers.at<ScaledEncoderLayer>(0);
    const x = first.call(src);
    expect(x.tolist()).toEqual(TransformerEncoderLayer.prototype.forward.call(first, src).mul(2).tolist());
    const attn = new NamedAttention(4, 2, { dropout: 0.25 }).deepCopy();
    expect(attn).toBeInstanceOf(NamedAttention);
    expect(attn.dropout).toBe(0.25);
  });

  it("copies keep a float64 layer's dtype", () => {
    const layer = new TransformerDecoderLayer(4, 2, { dimFeedforward: 8 }).double();
    const dec = new TransformerDecoder(layer, 2);
    for (const p of dec.parameters()) expect(p.dtype).toBe("float64");
  });

  it("generateSquareSubsequentMask is PyTorch's", () => {
    expectTensorClose(Transformer.generateSquareSubsequentMask(4), FIX.square_mask, "mask");
    expect(Transformer.generateSquareSubsequentMask(2, { dtype: "float64" }).dtype).toBe("float64");
  });
});

describe("MultiheadAttention: dropout and weights", () => {
  it("in training mode the returned weights are the ones applied, after dropout", () => {
    manualSeed(1);
    const m = new MultiheadAttention(8, 2, { dropout: 0.5, dtype: "float64" });
    const x = randn([6, 3, 8], { dtype: "float64" });
    m.eval();
    const [, plain] = m.call(x, x, x, { averageAttnWeights: false });
    m.train();
    const [out, dropped] = m.call(x, x, x, { averageAttnWeights: false });
    const p = plain!.toTypedArray();
    const d = dropped!.toTypedArray();
    let zeroed = 0;
    for (let i = 0; i < p.length; i++) {
      if (d[i] === 0) zeroed++;
      else expect(d[i]).toBeCloseTo(p[i]! * 2, 12);
    }
    expect(zeroed).toBeGreaterThan(p.length * 0.35);
    expect(zeroed).toBeLessThan(p.length * 0.65);
    // The output is out_proj(weights · v) with those weights: recompute it from them.
    const E = 8;
    const w = m.inProjWeight!;
    const vProj = x.matmul(w.narrow(0, 2 * E, E).t()).add(m.inProjBias!.narrow(0, 2 * E, E));
    const vHeads = vProj.reshape([6, 3 * 2, 4]).transpose(0, 1); // [N·H, S, hd]
    const heads = dropped!.reshape([3 * 2, 6, 6]).matmul(vHeads); // [N·H, L, hd]
    const concat = heads.transpose(0, 1).reshape([6, 3, E]);
    const expected = m.outProj.call(concat);
    expectClose(out, expected, tolFor("float64"));
  });

  it("needWeights: false returns null, and the same output", () => {
    manualSeed(2);
    const m = new MultiheadAttention(4, 2);
    const x = randn([3, 2, 4]);
    const [a, w] = m.call(x, x, x);
    const [b, none] = m.call(x, x, x, { needWeights: false });
    expect(w!.shape).toEqual([2, 3, 3]);
    expect(none).toBeNull();
    expect(Array.from(b.toTypedArray())).toEqual(Array.from(a.toTypedArray()));
  });

  it("a bool attn mask (true = not allowed) equals the float mask -inf / 0", () => {
    manualSeed(3);
    const m = new MultiheadAttention(4, 2, { dtype: "float64" });
    const [q, kv] = [randn([3, 2, 4], { dtype: "float64" }), randn([5, 2, 4], { dtype: "float64" })];
    const blocked = tensor([
      [0, 1, 1, 0, 0],
      [0, 0, 1, 1, 1],
      [1, 0, 0, 0, 1],
    ]).eq(1);
    const additive = blocked.double().mul(-1e300).mul(1e300); // -inf where blocked, else 0 (−0)
    const [a] = m.call(q, kv, kv, { attnMask: blocked });
    const [b] = m.call(q, kv, kv, { attnMask: additive });
    expectClose(a, b, tolFor("float64"));
  });
});

describe("attention modules: errors with PyTorch's messages", () => {
  const err = fixtureErrors(FIX.errors);
  const m = new MultiheadAttention(8, 2);
  const x = randn([4, 3, 8]);
  const z = (shape: number[], dtype: "float32" | "bool" | "int32" = "float32") =>
    randn(shape).gt(0).to(dtype);
  /** A one-layer Transformer of width 8 (the two rows below differ only in their inputs). */
  const small = () =>
    new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
  const rows: [string, () => unknown, (s: string) => string][] = [
    ["embed_dim not divisible", () => new MultiheadAttention(8, 3), (s) => s],
    ["query 4-D", () => m.call(randn([1, 4, 3, 8]), randn([1, 4, 3, 8]), randn([1, 4, 3, 8])), (s) => s],
    ["batched query, 2-D key", () => m.call(x, randn([5, 8]), randn([5, 8])), (s) => s],
    ["embed dim mismatch", () => m.call(randn([4, 3, 6]), randn([4, 3, 6]), randn([4, 3, 6])), (s) => s],
    ["key and value shapes differ", () => m.call(x, randn([5, 3, 8]), randn([6, 3, 8])), (s) => s],
    ["attn_mask 2-D wrong shape", () => m.call(x, x, x, { attnMask: z([4, 5]) }), (s) => s],
    ["attn_mask 3-D wrong shape", () => m.call(x, x, x, { attnMask: z([3, 4, 4]) }), (s) => s],
    ["attn_mask 4-D", () => m.call(x, x, x, { attnMask: z([1, 1, 4, 4]) }), (s) => s],
    [
      "attn_mask int",
      () => m.call(x, x, x, { attnMask: z([4, 4], "int32") }),
      (s) => s.replace("torch.int64", "int32"),
    ],
    ["key_padding_mask int", () => m.call(x, x, x, { keyPaddingMask: z([3, 4], "int32") }), (s) => s],
    ["key_padding_mask wrong shape", () => m.call(x, x, x, { keyPaddingMask: z([3, 5], "bool") }), (s) => s],
    ["key_padding_mask 1-D for batched", () => m.call(x, x, x, { keyPaddingMask: z([4], "bool") }), (s) => s],
    [
      "unbatched attn_mask 3-D wrong shape",
      () => m.call(randn([4, 8]), randn([4, 8]), randn([4, 8]), { attnMask: z([3, 4, 4]) }),
      (s) => s,
    ],
    [
      "activation not relu/gelu",
      () => new TransformerEncoderLayer(8, 2, { activation: "tanh" as "relu" }),
      (s) => s,
    ],
    ["transformer batch mismatch", () => small().call(randn([4, 2, 8]), randn([4, 3, 8])), (s) => s],
    ["transformer feature mismatch", () => small().call(randn([4, 2, 6]), randn([4, 2, 6])), (s) => s],
  ];
  for (const [name, call, adapt] of rows) {
    it(name, () => expect(call).toThrow(adapt(err(name))));
  }
});

describe("a TransformerEncoder saved by PyTorch (safetensors)", () => {
  const make = () =>
    new TransformerEncoder(new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }), 2, {
      norm: new LayerNorm(8),
    });
  const { input, output, output_no_mask } = FIX.safetensors_encoder;

  it("loads strictly and gives PyTorch's eval-mode output", () => {
    const enc = make().eval();
    expect(enc.loadStateDict(loadSafetensors(fixtureBytes("transformer_encoder.safetensors")))).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    const y = enc.call(fromFixture(input), { mask: Transformer.generateSquareSubsequentMask(5) });
    expectTensorClose(y, output, "output");
    // Without a mask PyTorch took its fused eval fast path: the same function.
    expectTensorClose(enc.call(fromFixture(input)), output_no_mask, "output without a mask");
  });

  it("round-trips through tsgrad's safetensors bytes unchanged", () => {
    const bytes = fixtureBytes("transformer_encoder.safetensors");
    const enc = make();
    enc.loadStateDict(loadSafetensors(bytes));
    const again = make();
    again.loadStateDict(loadSafetensors(saveSafetensors(enc.stateDict())));
    for (const [k, t] of again.stateDict()) expect(t.tolist(), k).toEqual(enc.stateDict().get(k)!.tolist());
  });
});
