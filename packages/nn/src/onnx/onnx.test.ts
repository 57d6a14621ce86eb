import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualSeed, ones, randint, randn, type Tensor, zeros } from "@tsgrad/core";
import { expectClose, type FixtureTensor, fromFixture, readJson, TOL } from "@tsgrad/testing";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { buildCnn } from "../../../../examples/cnn.js";
import {
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  SiLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from "../layers/activation.js";
import { Sequential } from "../layers/container.js";
import { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from "../layers/conv.js";
import { Embedding } from "../layers/embedding.js";
import { Flatten, Linear } from "../layers/linear.js";
import {
  BatchNorm1d,
  GroupNorm,
  InstanceNorm1d,
  InstanceNorm2d,
  LayerNorm,
} from "../layers/normalization.js";
import {
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  MaxPool2d,
  Unflatten,
  Upsample,
} from "../layers/pooling.js";
import { GRU, LSTM, RNN } from "../layers/recurrent.js";
import {
  MultiheadAttention,
  Transformer,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerEncoderLayer,
} from "../layers/transformer.js";
import { Module } from "../module.js";
import { exportOnnxFile } from "../node-io.js";
import { decodeModel, type ExportOnnxOptions, exportOnnx, registerOnnxExporter } from "./index.js";

// ---- PyTorch 1.13's models and outputs (tools/fixtures/gen_onnx.py) -----------------------------

interface Case {
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  /** The forward's tensors, nested tuples flattened (`[output, hN, cN]` for an LSTM). */
  outputs: FixtureTensor[];
  /** PyTorch's own export of the model (torch.onnx.export), where it could write one. */
  torch_onnx: string | null;
}
const FIX = readJson<Record<string, Case>>(new URL("../../test/fixtures/onnx.json", import.meta.url));

/** The tsgrad twin of each PyTorch model of gen_onnx.py, built the same way. */
const MODELS: Record<string, () => Module> = {
  mlp: () => new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 16), new Tanh(), new Linear(16, 3)),
  // gen_onnx.py's cnn is examples/cnn.ts's model at --size 8: the example's own builder.
  cnn: () => buildCnn(8),
  encoder_layer: () =>
    new TransformerEncoderLayer(16, 4, { dimFeedforward: 32, dropout: 0.1, batchFirst: true }),
  encoder_prenorm_gelu: () =>
    new TransformerEncoder(
      new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu", normFirst: true }),
      2,
      { norm: new LayerNorm(8), enableNestedTensor: false },
    ),
  embed_norm: () =>
    new Sequential(new Embedding(10, 8), new LayerNorm(8), new GELU(), new Linear(8, 6), new Softmax(-1)),
  conv1d_pools: () =>
    new Sequential(
      new Conv1d(2, 4, 3, { padding: 1 }),
      new BatchNorm1d(4),
      new LeakyReLU(0.1),
      new AvgPool1d(2),
      new Flatten(),
      new Linear(12, 5),
      new Sigmoid(),
      new LogSoftmax(1),
    ),
  conv2d_pools: () =>
    new Sequential(
      new Conv2d(3, 4, 3, { stride: 2, padding: 1 }),
      new SiLU(),
      new AvgPool2d(2, { stride: 1, padding: 1, countIncludePad: false }),
      new ELU(0.5),
      new Conv2d(4, 4, 3, { padding: "same", groups: 2, bias: false }),
      new Softplus(2),
      new GELU({ approximate: "tanh" }),
      new AdaptiveAvgPool2d(1),
      new Flatten(),
      new Linear(4, 2),
    ),
  norms_transpose: () =>
    new Sequential(
      new Conv2d(2, 6, 3, { padding: 1 }),
      new GroupNorm(3, 6),
      new InstanceNorm2d(6, { affine: true }),
      new ReLU(),
      new ConvTranspose2d(6, 3, 3, { stride: 2, padding: 1, outputPadding: 1 }),
      new Flatten(2),
      new Unflatten(2, [8, 8]),
    ),
  convtranspose1d: () =>
    new Sequential(
      new ConvTranspose1d(4, 2, 3, { stride: 2, groups: 2, dilation: 2 }),
      new InstanceNorm1d(2),
      new Tanh(),
    ),
  lstm: () => new LSTM(3, 5, { numLayers: 2, bidirectional: true }),
  gru: () => new GRU(3, 4, { batchFirst: true }),
  rnn_relu: () => new RNN(3, 4, { numLayers: 2, nonlinearity: "relu" }),
};

/** float32 against PyTorch and ONNX Runtime: DESIGN.md's 1e-5, relative to max(|expected|, 1). */
const TOL32 = TOL.layers(1e-5);

function loaded(name: string): Module {
  const m = MODELS[name]!();
  m.loadStateDict(new Map(Object.entries(FIX[name]!.state_dict).map(([k, t]) => [k, fromFixture(t)])));
  return m.eval();
}

/** An ONNX Runtime tensor of `t` (int32 indices as int32, or as int64 for PyTorch's files). */
function ortTensor(t: Tensor, int64 = false): ort.Tensor {
  const data = t.toTypedArray();
  if (t.dtype === "int32" && int64)
    return new ort.Tensor(
      "int64",
      BigInt64Array.from(data, (v) => BigInt(v)),
      t.shape,
    );
  return new ort.Tensor(
    t.dtype === "int32" ? "int32" : t.dtype === "float64" ? "float64" : "float32",
    data,
    t.shape,
  );
}

async function runOrt(
  bytes: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  return session.run(feeds);
}

async function ortOutput(bytes: Uint8Array, x: Tensor, int64 = false): Promise<Float32Array> {
  return (await ortOutputs(bytes, x, int64))[0]!;
}

/** The graph's outputs in order: `output`, or `output0`, `output1`, ... */
async function ortOutputs(bytes: Uint8Array, x: Tensor, int64 = false): Promise<Float32Array[]> {
  const out = await runOrt(bytes, { input: ortTensor(x, int64) });
  const names = "output" in out ? ["output"] : Object.keys(out).sort();
  return names.map((n) => out[n]!.data as Float32Array);
}

/** A forward's tensors, nested arrays flattened (`[output, [hN, cN]]` → three). */
function flatOutputs(y: unknown): Tensor[] {
  return Array.isArray(y) ? y.flatMap(flatOutputs) : [y as Tensor];
}

const fixtureBytes = (rel: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/${rel}`, import.meta.url)));

describe("exportOnnx(): ONNX Runtime, tsgrad and PyTorch agree (float32, 1e-5)", () => {
  for (const name of Object.keys(MODELS)) {
    it(name, async () => {
      const c = FIX[name]!;
      const m = loaded(name);
      const x = fromFixture(c.input);
      const ys = flatOutputs(m.call(x));
      expect(ys.length).toBe(c.outputs.length);
      ys.forEach((y, i) => {
        expect(y.shape, `output ${i}'s shape`).toEqual(c.outputs[i]!.shape);
        expectClose(y, c.outputs[i]!.values, TOL32, `tsgrad vs PyTorch, output ${i}`);
      });
      const dynamicAxes: ExportOnnxOptions["dynamicAxes"] =
        ys.length === 1 && x.dim() > 1 ? { input: { 0: "batch" }, output: { 0: "batch" } } : {};
      const got = await ortOutputs(exportOnnx(m, x, { dynamicAxes }), x);
      expect(got.length).toBe(ys.length);
      got.forEach((o, i) => {
        expectClose(o, ys[i]!, TOL32, `ONNX Runtime (tsgrad's file) vs tsgrad, output ${i}`);
        expectClose(o, c.outputs[i]!.values, TOL32, `ONNX Runtime (tsgrad's file) vs PyTorch, output ${i}`);
      });
      if (c.torch_onnx !== null) {
        const theirs = await ortOutputs(fixtureBytes(c.torch_onnx), x, true);
        expect(theirs.length).toBe(ys.length);
        theirs.forEach((o, i) => {
          expectClose(
            o,
            c.outputs[i]!.values,
            TOL32,
            `ONNX Runtime (PyTorch's file) vs PyTorch, output ${i}`,
          );
        });
      }
    });
  }

  it("writes every opset from 17 to 21 (ONNX Runtime runs each)", async () => {
    for (const name of ["cnn", "encoder_prenorm_gelu", "norms_transpose", "lstm"]) {
      const m = loaded(name);
      const x = fromFixture(FIX[name]!.input);
      for (let opset = 17; opset <= 21; opset++) {
        const model = decodeModel(exportOnnx(m, x, { opsetVersion: opset })) as any;
        expect(model.opsetImport[0].version).toBe(opset);
        const got = await ortOutput(exportOnnx(m, x, { opsetVersion: opset }), x);
        expectClose(got, FIX[name]!.outputs[0]!.values, TOL32, `${name}, opset ${opset}`);
      }
    }
  });

  it("the exported model is left in the mode it was in", () => {
    const m = loaded("cnn").train();
    exportOnnx(m, fromFixture(FIX.cnn!.input));
    expect([...m.modules()].every((s) => s.training)).toBe(true);
  });
});

describe("exportOnnx(): the graph", () => {
  it("names initializers as the state dict and writes Gemm for a 2-D Linear, MatMul + Add past 2-D", () => {
    manualSeed(0);
    const m = new Sequential(new Linear(4, 3), new ReLU());
    const model = decodeModel(exportOnnx(m, randn([2, 4]))) as any;
    const g = model.graph;
    expect(g.initializer.map((t: any) => t.name).sort()).toEqual(["0.bias", "0.weight"]);
    expect(g.node.map((n: any) => n.opType)).toEqual(["Gemm", "Relu", "Identity"]);
    expect(model.opsetImport).toEqual([{ version: 17 }]);
    expect(model.producerName).toBe("tsgrad");
    const three = decodeModel(exportOnnx(m, randn([2, 5, 4]))) as any;
    expect(three.graph.node.map((n: any) => n.opType)).toEqual([
      "Transpose",
      "MatMul",
      "Add",
      "Relu",
      "Identity",
    ]);
  });

  it("marks dynamic axes by name (or torch.onnx's generated names) and runs at another batch size", async () => {
    manualSeed(1);
    const m = loaded("cnn");
    const bytes = exportOnnx(m, randn([2, 1, 8, 8]), {
      inputNames: ["images"],
      outputNames: ["logits"],
      dynamicAxes: { images: [0], logits: { 0: "n" } },
    });
    const g = (decodeModel(bytes) as any).graph;
    expect(g.input[0].type.tensorType.shape.dim).toEqual([
      { dimParam: "images_dynamic_axes_1" },
      { dimValue: 1 },
      { dimValue: 8 },
      { dimValue: 8 },
    ]);
    expect(g.output[0].type.tensorType.shape.dim).toEqual([{ dimParam: "n" }, { dimValue: 10 }]);
    const x5 = randn([5, 1, 8, 8]);
    const out = await runOrt(bytes, { images: ortTensor(x5) });
    expectClose(out.logits!.data as Float32Array, m.call(x5) as Tensor, TOL32);
  });

  it("runs the encoder layer at other batch and sequence sizes (its reshapes keep them dynamic)", async () => {
    manualSeed(2);
    const m = loaded("encoder_layer");
    const bytes = exportOnnx(m, randn([2, 5, 16]), {
      dynamicAxes: { input: { 0: "batch", 1: "seq" }, output: { 0: "batch", 1: "seq" } },
    });
    const x = randn([3, 7, 16]);
    expectClose(await ortOutput(bytes, x), m.call(x), TOL32);
  });

  it("runs an LSTM at other batch and sequence sizes, and an LSTM inside a custom module", async () => {
    manualSeed(4);
    const lstm = loaded("lstm");
    const axes = { 0: "seq", 1: "batch" };
    const bytes = exportOnnx(lstm, randn([4, 2, 3]), {
      outputNames: ["output", "h_n", "c_n"],
      dynamicAxes: { input: axes, output: axes, h_n: { 1: "batch" }, c_n: { 1: "batch" } },
    });
    const x = randn([7, 3, 3]);
    const out = await runOrt(bytes, { input: ortTensor(x) });
    const [y, [h, c]] = lstm.call(x);
    expectClose(out.output!.data as Float32Array, y, TOL32, "output");
    expectClose(out.h_n!.data as Float32Array, h, TOL32, "h_n");
    expectClose(out.c_n!.data as Float32Array, c, TOL32, "c_n");

    // The usual sequence model: a custom forward, exported by naming its parts.
    class Tagger extends Module {
      static override readonly typeName: string = "Tagger";
      rnn = this.registerModule("rnn", new GRU(3, 4, { batchFirst: true }));
      head = this.registerModule("head", new Linear(4, 2));
      override forward(x: Tensor): Tensor {
        return this.head.call(this.rnn.call(x)[0]);
      }
    }
    registerOnnxExporter(Tagger, (g, m, [x]) => g.module(m.head, [g.moduleOutputs(m.rnn, [x!])[0]!]));
    const tagger = new Tagger().eval();
    const tBytes = exportOnnx(tagger, randn([2, 5, 3]), { dynamicAxes: { input: [0, 1], output: [0, 1] } });
    const xt = randn([3, 6, 3]);
    expectClose(await ortOutput(tBytes, xt), tagger.call(xt), TOL32);
  });

  it("passes attention masks (bool or additive) given as forward options; rejects options it cannot write", async () => {
    manualSeed(6);
    for (const boolMask of [true, false]) {
      class Causal extends Module {
        static override readonly typeName: string = "Causal";
        layer = this.registerModule(
          "layer",
          new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }),
        );
        mask = boolMask
          ? ones([5, 5], { dtype: "bool" }).triu(1)
          : Transformer.generateSquareSubsequentMask(5);
        override forward(x: Tensor): Tensor {
          return this.layer.call(x, { srcMask: this.mask });
        }
      }
      registerOnnxExporter(Causal, (g, m, [x]) => g.module(m.layer, [x!], { srcMask: g.constant(m.mask) }));
      const m = new Causal().eval();
      const x = randn([3, 5, 8]);
      const bytes = exportOnnx(m, x);
      expect((decodeModel(bytes) as any).graph.node.some((n: any) => n.opType === "Where")).toBe(boolMask);
      expectClose(await ortOutput(bytes, x), m.call(x), TOL32, boolMask ? "bool mask" : "float mask");
    }
    class Padded extends Module {
      static override readonly typeName: string = "Padded";
      layer = this.registerModule("layer", new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }));
      override forward(x: Tensor): Tensor {
        return this.layer.call(x);
      }
    }
    registerOnnxExporter(Padded, (g, m, [x]) =>
      g.module(m.layer, [x!], { srcKeyPaddingMask: g.constant(zeros([1, 5], { dtype: "bool" })) }),
    );
    expect(() => exportOnnx(new Padded(), randn([5, 1, 8]))).toThrow(
      "exportOnnx(): cannot export TransformerEncoderLayer ('layer'): the forward option 'srcKeyPaddingMask' is not supported (the exporter takes: srcMask)",
    );
  });

  it("exports decoder layers and nn.Transformer (attention over the memory, a causal target mask)", async () => {
    manualSeed(7);
    const layer = new TransformerDecoderLayer(8, 2, {
      dimFeedforward: 16,
      batchFirst: true,
      normFirst: true,
    }).eval();
    const [tgt, memory] = [randn([2, 4, 8]), randn([2, 6, 8])];
    const bytes = exportOnnx(layer, [tgt, memory], { inputNames: ["tgt", "memory"] });
    const out = await runOrt(bytes, { tgt: ortTensor(tgt), memory: ortTensor(memory) });
    expectClose(out.output!.data as Float32Array, layer.call(tgt, memory), TOL32, "decoder layer");

    class Seq2Seq extends Module {
      static override readonly typeName: string = "Seq2Seq";
      t = this.registerModule(
        "t",
        new Transformer({
          dModel: 8,
          nhead: 2,
          numEncoderLayers: 2,
          numDecoderLayers: 2,
          dimFeedforward: 16,
        }),
      );
      override forward(src: Tensor, tgt: Tensor): Tensor {
        return this.t.call(src, tgt, { tgtMask: Transformer.generateSquareSubsequentMask(tgt.size(0)) });
      }
    }
    registerOnnxExporter(Seq2Seq, (g, m, [src, tgt]) =>
      g.module(m.t, [src!, tgt!], {
        tgtMask: g.constant(Transformer.generateSquareSubsequentMask(tgt!.tensor.size(0)), "causal_mask"),
      }),
    );
    const model = new Seq2Seq().eval();
    const [s, t] = [randn([6, 2, 8]), randn([4, 2, 8])];
    const seq = exportOnnx(model, [s, t], {
      inputNames: ["src", "tgt"],
      dynamicAxes: { src: { 0: "S", 1: "N" }, tgt: { 1: "N" }, output: { 1: "N" } },
    });
    const [s2, t2] = [randn([9, 3, 8]), randn([4, 3, 8])];
    const got = await runOrt(seq, { src: ortTensor(s2), tgt: ortTensor(t2) });
    expectClose(
      got.output!.data as Float32Array,
      model.call(s2, t2),
      TOL32,
      "nn.Transformer with a causal mask",
    );
  });

  it("writes Gelu as an op from opset 20 and as its formula before", async () => {
    manualSeed(3);
    const m = loaded("embed_norm");
    const x = randint(0, 10, [3, 4]);
    for (const [opset, hasGelu] of [
      [17, false],
      [20, true],
    ] as const) {
      const bytes = exportOnnx(m, x, { opsetVersion: opset });
      const ops = (decodeModel(bytes) as any).graph.node.map((n: any) => n.opType);
      expect(ops.includes("Gelu"), `opset ${opset}`).toBe(hasGelu);
      expectClose(await ortOutput(bytes, x), m.call(x) as Tensor, TOL32, `opset ${opset}`);
    }
  });

  it("writes PyTorch's ceil-mode pools as floor mode with grown right padding", async () => {
    manualSeed(5);
    const pools: [string, () => Module][] = [];
    for (const [k, st, p] of [
      [2, 2, 0],
      [2, 2, 1],
      [3, 2, 1],
      [3, 3, 1],
      [2, 3, 0],
    ] as const) {
      const o = { stride: st, padding: p, ceilMode: true };
      pools.push([`MaxPool2d(${k}, ${st}, ${p})`, () => new MaxPool2d(k, o)]);
      pools.push([
        `AvgPool2d(${k}, ${st}, ${p}) excluding pads`,
        () => new AvgPool2d(k, { ...o, countIncludePad: false }),
      ]);
    }
    let grown = 0;
    for (const size of [5, 6, 7]) {
      const x = randn([1, 2, size, size]);
      for (const [what, make] of pools) {
        const m = make();
        const bytes = exportOnnx(m, x);
        const attrs = (decodeModel(bytes) as any).graph.node[0].attribute;
        const pads = attrs.find((a: any) => a.name === "pads").ints as number[];
        expect(attrs.find((a: any) => a.name === "ceil_mode")?.i ?? 0, what).toBe(0);
        if (pads[2]! > pads[0]!) grown++;
        expectClose(await ortOutput(bytes, x), m.call(x) as Tensor, TOL32, `${what} on ${size}×${size}`);
      }
    }
    expect(grown).toBeGreaterThan(0);
    // Counting padding, the grown padding would be counted: ceil_mode stays where it is exact.
    const keep = new AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true });
    const x6 = randn([1, 1, 6, 6]);
    expectClose(await ortOutput(exportOnnx(keep, x6), x6), keep.call(x6), TOL32);
    expect(() =>
      exportOnnx(new AvgPool2d(2, { stride: 2, padding: 1, ceilMode: true }), randn([1, 1, 5, 5])),
    ).toThrow(
      "exportOnnx(): cannot export AvgPool2d (the model): ceilMode with countIncludePad drops a last window",
    );
  });

  it("exportOnnxFile writes the same bytes to a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-onnx-"));
    try {
      const m = loaded("mlp");
      const x = fromFixture(FIX.mlp!.input);
      exportOnnxFile(join(dir, "mlp.onnx"), m, x);
      expect(readFileSync(join(dir, "mlp.onnx")).equals(exportOnnx(m, x))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("registerOnnxExporter teaches it a custom module", async () => {
    class Scale extends Module {
      static override readonly typeName: string = "Scale";
      factor = this.registerBuffer("factor", randn([3]));
      override forward(x: Tensor): Tensor {
        return x.mul(this.factor);
      }
    }
    const m = new Sequential(new Linear(2, 3), new Scale());
    expect(() => exportOnnx(m, randn([4, 2]))).toThrow(
      /exportOnnx\(\): cannot export Scale \('1'\): no ONNX exporter for this module type\. Supported: .*Sequential, .*registerOnnxExporter/,
    );
    registerOnnxExporter(Scale, (g, s, [x]) => g.node("Mul", [x!.name, g.param(s.factor)]));
    const x = randn([4, 2]);
    expectClose(await ortOutput(exportOnnx(m, x), x), m.call(x) as Tensor, TOL32);
  });
});

describe("exportOnnx(): errors", () => {
  const mlp = () => new Sequential(new Linear(2, 2));
  const x = randn([1, 2]);
  it("names an unsupported module and where it is", () => {
    expect(() => exportOnnx(new Sequential(new Linear(2, 4), new Upsample({ scaleFactor: 2 })), x)).toThrow(
      "exportOnnx(): cannot export Upsample ('1'): no ONNX exporter for this module type",
    );
    expect(() => exportOnnx(new LSTM(2, 3, { projSize: 2 }), randn([4, 1, 2]))).toThrow(
      "exportOnnx(): cannot export LSTM (the model): projSize=2 has no ONNX LSTM form",
    );
    expect(() => exportOnnx(new GRU(2, 3), [randn([4, 1, 2]), randn([1, 1, 3])])).toThrow(
      "exportOnnx(): cannot export GRU (the model): an initial state (h0) is not supported",
    );
    expect(() => exportOnnx(new Sequential(new GRU(2, 3)), randn([4, 1, 2]))).toThrow(
      "exportOnnx(): cannot export GRU ('0'): its forward returns 2 tensors where one is expected",
    );
  });
  it("rejects a subclass that overrides forward", () => {
    class Doubled extends Linear {
      override forward(input: Tensor): Tensor {
        return super.forward(input).mul(2);
      }
    }
    expect(() => exportOnnx(new Sequential(new Doubled(2, 2)), x)).toThrow(
      /exportOnnx\(\): cannot export \w+ \('0'\): its forward\(\) is not Linear's, so Linear's exporter does not apply/,
    );
  });
  it("rejects a module with forward hooks (the graph could not hold what they do)", () => {
    const m = new Sequential(new Linear(2, 2), new ReLU());
    const handle = m.at(1).registerForwardHook((_mod, _args, out) => (out as Tensor).mul(2));
    expect(() => exportOnnx(m, x)).toThrow(
      "exportOnnx(): cannot export ReLU ('1'): it has forward (pre-)hooks, which the ONNX graph cannot hold",
    );
    handle.remove();
    expect(exportOnnx(m, x)).toBeInstanceOf(Uint8Array);
  });
  it("names the setting that has no ONNX form", () => {
    expect(() => exportOnnx(new Conv2d(1, 1, 3, { paddingMode: "reflect" }), randn([1, 1, 4, 4]))).toThrow(
      "exportOnnx(): cannot export Conv2d (the model): paddingMode 'reflect' is not supported (only 'zeros')",
    );
    expect(() => exportOnnx(new Conv2d(1, 1, 3), randn([1, 4, 4]))).toThrow(
      "exportOnnx(): cannot export Conv2d (the model): ONNX needs a batched 4-D input [N, C, ...], but got shape [1, 4, 4]",
    );
    expect(() => exportOnnx(new BatchNorm1d(2, { trackRunningStats: false }), randn([3, 2]))).toThrow(
      /BatchNorm1d \(the model\): trackRunningStats=false/,
    );
    expect(() => exportOnnx(new MultiheadAttention(4, 2), randn([3, 1, 4]))).toThrow(
      "exportOnnx(): cannot export MultiheadAttention (the model): as the exported model itself",
    );
    expect(() => exportOnnx(new Sequential(new Embedding(4, 2, { maxNorm: 1 })), randint(0, 4, [3]))).toThrow(
      "exportOnnx(): cannot export Embedding ('0'): maxNorm=1 renormalizes",
    );
  });
  it("checks its options as PyTorch checks keyword arguments", () => {
    expect(() => exportOnnx(mlp(), x, { opset_version: 17 } as never)).toThrow(
      "exportOnnx(): got an unexpected option 'opset_version' (did you mean 'opsetVersion'?)",
    );
    expect(() => exportOnnx(mlp(), x, { opsetVersion: 13 })).toThrow(
      "exportOnnx(): opsetVersion must be from 17 to 21, but got 13 (LayerNormalization needs opset 17)",
    );
    expect(() => exportOnnx(mlp(), x, { opsetVersion: 22 })).toThrow(
      "opsetVersion must be from 17 to 21, but got 22",
    );
    expect(() => exportOnnx(mlp(), x, { opsetVersion: 17.5 })).toThrow(
      "exportOnnx(): option 'opsetVersion' must be an integer, but got",
    );
    expect(() => exportOnnx(mlp(), x, { inputNames: ["a", "b"] })).toThrow(
      "exportOnnx(): option 'inputNames' has 2 names for 1 example inputs",
    );
    expect(() => exportOnnx(mlp(), x, { inputNames: ["y"], outputNames: ["y"] })).toThrow(
      "exportOnnx(): the input and output name 'y' is given twice",
    );
    expect(() => exportOnnx(mlp(), x, { dynamicAxes: { inputs: [0] } })).toThrow(
      "exportOnnx(): option 'dynamicAxes' names 'inputs', which is not an input or output (those are 'input', 'output')",
    );
    expect(() => exportOnnx(mlp(), x, { dynamicAxes: { input: [2] } })).toThrow(
      "exportOnnx(): option 'dynamicAxes' gives axis 2 of 'input', which has 2 dims (shape [1, 2])",
    );
    expect(() => exportOnnx({} as Module, x)).toThrow("exportOnnx(): expected model to be a Module");
    expect(() => exportOnnx(mlp(), [] as Tensor[])).toThrow(
      "exportOnnx(): expected exampleInput to be a Tensor",
    );
  });
  it("passes on the layers' own shape errors", () => {
    expect(() => exportOnnx(mlp(), randn([1, 3]))).toThrow(
      "Linear: mat1 and mat2 shapes cannot be multiplied",
    );
  });
});
