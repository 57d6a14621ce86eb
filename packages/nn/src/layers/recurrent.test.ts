import { Generator, gradcheck, manualSeed, randn, stack, type Tensor, zeros } from "@tsgrad/core";
import {
  expectClose,
  expectTensorClose,
  type FixtureTensor,
  fixtureErrors,
  fromFixture,
  readBytes,
  readJson,
  TOL,
  tagged,
} from "@tsgrad/testing";
import { describe, expect, it, vi } from "vitest";
import type { Module } from "../module.js";
import { loadSafetensors, saveSafetensors } from "../safetensors.js";
import { Dropout } from "./dropout.js";
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNBase, RNNCell, RNNCellBase } from "./recurrent.js";

/** One module configuration of tools/fixtures/gen_rnn.py, in one dtype. */
interface RnnCase {
  name: string;
  module: keyof typeof CLASSES;
  inputSize: number;
  hiddenSize: number;
  options: Record<string, unknown>;
  eval: boolean;
  dtype: "float32" | "float64";
  state: Record<string, FixtureTensor>;
  input: FixtureTensor;
  states: FixtureTensor[] | null;
  outputs: (FixtureTensor & { grad_fn: string })[];
  weights: number[][];
  grads: { input: number[]; states: number[][]; params: Record<string, number[]> };
  tags: string[];
}

const FIXTURE = readJson<{
  cases: RnnCase[];
  reprs: {
    module: keyof typeof CLASSES;
    inputSize: number;
    hiddenSize: number;
    options: object;
    repr: string;
  }[];
  errors: { name: string; message: string }[];
  safetensorsCase: string;
}>(new URL("../../test/fixtures/rnn.json", import.meta.url));
const pytorchError = fixtureErrors(FIXTURE.errors);

const CLASSES = { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell };

function build(kind: keyof typeof CLASSES, inputSize: number, hiddenSize: number, options: object): Module {
  const Cls = CLASSES[kind] as new (i: number, h: number, o: object) => Module;
  return new Cls(inputSize, hiddenSize, options);
}

/** Runs `module` the way the generator did and flattens its result as the fixture lists outputs. */
function runFlat(kind: RnnCase["module"], module: Module, x: Tensor, states: Tensor[] | null): Tensor[] {
  const pair = states === null ? null : ([states[0], states[1]] as [Tensor, Tensor]);
  switch (kind) {
    case "LSTM": {
      const [out, [h, c]] = (module as LSTM).call(x, pair);
      return [out, h, c];
    }
    case "LSTMCell":
      return (module as LSTMCell).call(x, pair);
    case "RNN":
    case "GRU":
      return (module as RNN).call(x, states?.[0]);
    default:
      return [(module as RNNCell).call(x, states?.[0])];
  }
}

function loadCase(c: RnnCase): { module: Module; x: Tensor; states: Tensor[] | null } {
  const module = build(c.module, c.inputSize, c.hiddenSize, { ...c.options, dtype: c.dtype });
  module.loadStateDict(new Map(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v, false)])));
  if (c.eval) module.eval();
  const x = fromFixture(c.input, true);
  const states = c.states === null ? null : c.states.map((s) => fromFixture(s, true));
  return { module, x, states };
}

describe("recurrent layers match PyTorch (rnn.json)", () => {
  it("covers every module, both dtypes, and gradchecks", () => {
    for (const kind of Object.keys(CLASSES)) {
      expect(
        FIXTURE.cases.some((c) => c.module === kind && c.dtype === "float32"),
        kind,
      ).toBe(true);
      expect(
        FIXTURE.cases.some((c) => c.module === kind && c.dtype === "float64"),
        kind,
      ).toBe(true);
      expect(
        tagged(FIXTURE.cases, "gradcheck").some((c) => c.module === kind),
        kind,
      ).toBe(true);
    }
  });

  for (const c of FIXTURE.cases) {
    it(c.name, () => {
      const { module, x, states } = loadCase(c);
      // PyTorch's parameter names, shapes and order: the state dict loaded strictly, in order.
      expect([...module.stateDict().keys()]).toEqual(Object.keys(c.state));
      const outs = runFlat(c.module, module, x, states);
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, k) => {
        expectTensorClose(o, c.outputs[k]!, `output ${k}`);
        expect(o.gradFn?.name, `output ${k} grad_fn`).toBe(c.outputs[k]!.grad_fn);
      });
      let loss = outs[0]!
        .mul(fromFixture({ values: c.weights[0]!, shape: outs[0]!.shape.slice(), dtype: c.dtype }))
        .sum();
      for (let k = 1; k < outs.length; k++) {
        const w = fromFixture({ values: c.weights[k]!, shape: outs[k]!.shape.slice(), dtype: c.dtype });
        loss = loss.add(outs[k]!.mul(w).sum());
      }
      loss.backward();
      expectTensorClose(
        x.grad!,
        { values: c.grads.input, shape: x.shape.slice(), dtype: c.dtype },
        "grad of input",
      );
      states?.forEach((s, k) => {
        const e = { values: c.grads.states[k]!, shape: s.shape.slice(), dtype: c.dtype };
        expectTensorClose(s.grad!, e, `grad of state ${k}`);
      });
      const params = [...module.namedParameters()];
      expect(params.map(([n]) => n)).toEqual(Object.keys(c.grads.params));
      for (const [name, p] of params) {
        const e = { values: c.grads.params[name]!, shape: p.shape.slice(), dtype: c.dtype };
        expectTensorClose(p.grad!, e, `grad of ${name}`);
      }
    });
  }
});

describe("recurrent layers gradcheck in float64 (input, initial states, every parameter)", () => {
  for (const c of tagged(FIXTURE.cases, "gradcheck")) {
    it(c.name, () => {
      const { module, x, states } = loadCase(c);
      const params = [...module.parameters()];
      const n = states?.length ?? 0;
      const fn = (...ts: Tensor[]) => runFlat(c.module, module, ts[0]!, n === 0 ? null : ts.slice(1, 1 + n));
      expect(gradcheck(fn, [x, ...(states ?? []), ...params])).toBe(true);
    });
  }
});

describe("recurrent layers: safetensors", () => {
  const c = FIXTURE.cases.find((k) => k.name === FIXTURE.safetensorsCase)!;

  it("PyTorch's LSTM weights file loads and gives PyTorch's outputs", () => {
    const bytes = readBytes(new URL("../../test/fixtures/lstm.safetensors", import.meta.url));
    const lstm = build(c.module, c.inputSize, c.hiddenSize, c.options);
    lstm.loadStateDict(loadSafetensors(bytes));
    const outs = runFlat(c.module, lstm, fromFixture(c.input, false), null);
    outs.forEach((o, k) => {
      expectTensorClose(o, c.outputs[k]!, `output ${k}`);
    });
  });

  it("round-trips through saveSafetensors", () => {
    const { module, x } = loadCase(c);
    const copy = build(c.module, c.inputSize, c.hiddenSize, c.options);
    copy.loadStateDict(loadSafetensors(saveSafetensors(module.stateDict())));
    const a = runFlat(c.module, module, x, null);
    const b = runFlat(c.module, copy, x, null);
    a.forEach((o, k) => {
      expect(b[k]!.tolist()).toEqual(o.tolist());
    });
  });
});

describe("recurrent layers: construction", () => {
  for (const r of FIXTURE.reprs) {
    it(`repr ${r.repr}`, () => {
      expect(String(build(r.module, r.inputSize, r.hiddenSize, r.options))).toBe(r.repr);
    });
  }

  it("initialises every parameter from U(±1/√hiddenSize), seeded by manualSeed", () => {
    manualSeed(0);
    const lstm = new LSTM(8, 16, { numLayers: 2, bidirectional: true, projSize: 4 });
    const bound = 1 / Math.sqrt(16);
    const all = [...lstm.parameters()].flatMap((p) => Array.from(p.toTypedArray()));
    expect(all.every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(all.some((v) => v > 0.9 * bound) && all.some((v) => v < -0.9 * bound)).toBe(true);
    manualSeed(0);
    const again = new LSTM(8, 16, { numLayers: 2, bidirectional: true, projSize: 4 });
    expect([...again.parameters()].flatMap((p) => Array.from(p.toTypedArray()))).toEqual(all);
    const cell = new GRUCell(3, 25);
    for (const p of cell.parameters()) {
      expect(Array.from(p.toTypedArray()).every((v) => Math.abs(v) <= 0.2)).toBe(true);
    }
  });

  it("groups its parameters per layer and direction (allWeights) and keeps the cells' names", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2, bias: false });
    expect(lstm.allWeights.map((ws) => ws.map((w) => w.shape))).toEqual([
      [
        [16, 3],
        [16, 2],
        [2, 4],
      ],
      [
        [16, 3],
        [16, 2],
        [2, 4],
      ],
      [
        [16, 4],
        [16, 2],
        [2, 4],
      ],
      [
        [16, 4],
        [16, 2],
        [2, 4],
      ],
    ]);
    expect(lstm.allWeights[3]![0]).toBe(lstm.getParameter("weight_ih_l1_reverse"));
    expect(lstm).toBeInstanceOf(RNNBase);
    const cell = new LSTMCell(3, 4);
    expect(cell).toBeInstanceOf(RNNCellBase);
    expect([...cell.stateDict().keys()]).toEqual(["weight_ih", "weight_hh", "bias_ih", "bias_hh"]);
    expect(cell.weightIh).toBe(cell.getParameter("weight_ih"));
    expect([...new GRUCell(3, 4, { bias: false }).stateDict().keys()]).toEqual(["weight_ih", "weight_hh"]);
  });

  it("follows dtype and double()", () => {
    const gru = new GRU(3, 4, { dtype: "float64" });
    expect([...gru.parameters()].every((p) => p.dtype === "float64")).toBe(true);
    const rnn = new RNN(3, 4).double();
    const [out, h] = rnn.call(randn([5, 2, 3], { dtype: "float64" }));
    expect([out.dtype, h.dtype]).toEqual(["float64", "float64"]);
  });
});

describe("recurrent layers: shapes", () => {
  it("an empty batch gives empty outputs, as in PyTorch", () => {
    const [out, h] = new GRU(3, 4).call(zeros([5, 0, 3]));
    expect([out.shape, h.shape]).toEqual([
      [5, 0, 4],
      [1, 0, 4],
    ]);
  });

  it("an unbatched sequence gives the batch-of-one result without the batch dim", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    const x = randn([6, 3]);
    const [out, [h, c]] = lstm.call(x);
    const [outB, [hB, cB]] = lstm.call(x.unsqueeze(0));
    expect([out.shape, h.shape, c.shape]).toEqual([
      [6, 8],
      [4, 4],
      [4, 4],
    ]);
    expectClose(out, outB.squeeze(0), TOL.layers(1e-6));
    expectClose(h, hB.squeeze(1), TOL.layers(1e-6));
    expectClose(c, cB.squeeze(1), TOL.layers(1e-6));
  });
});

describe("recurrent layers: dropout between layers", () => {
  it("is one Dropout mask on each layer's output but the last, in training mode only", () => {
    manualSeed(1);
    const lstm = new LSTM(3, 4, { numLayers: 2, dropout: 0.5, generator: new Generator(7) });
    const sd = lstm.stateDict();
    const first = new LSTM(3, 4);
    const second = new LSTM(4, 4);
    first.loadStateDict(new Map([...sd].filter(([k]) => k.endsWith("_l0")).map(([k, v]) => [k, v])));
    second.loadStateDict(
      new Map([...sd].filter(([k]) => k.endsWith("_l1")).map(([k, v]) => [k.replace("_l1", "_l0"), v])),
    );
    const x = randn([6, 2, 3]);
    const [out, [h, c]] = lstm.call(x);
    const [mid, [h0, c0]] = first.call(x);
    const dropped = new Dropout(0.5, { generator: new Generator(7) }).call(mid);
    expect(Boolean(dropped.eq(0).any().item())).toBe(true); // the mask did drop something
    const [expected, [h1, c1]] = second.call(dropped);
    expectClose(out, expected, TOL.layers(1e-6));
    expectClose(h, stack([h0.squeeze(0), h1.squeeze(0)]), TOL.layers(1e-6));
    expectClose(c, stack([c0.squeeze(0), c1.squeeze(0)]), TOL.layers(1e-6));

    // The next call draws a new mask; eval mode draws none.
    expect(lstm.call(x)[0].tolist()).not.toEqual(out.tolist());
    lstm.eval();
    expectClose(lstm.call(x)[0], second.call(mid)[0], TOL.layers(1e-6));
  });

  it("p = 1 zeroes the next layer's input; one layer ignores dropout (as PyTorch, which warns)", () => {
    const gru = new GRU(3, 4, { numLayers: 2, dropout: 1 });
    const x = randn([4, 1, 3]);
    const [out] = gru.call(x);
    const again = gru.call(x.mul(2))[0];
    expect(again.tolist()).toEqual(out.tolist()); // layer 1 only sees zeros
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const rnn = new RNN(3, 4, { dropout: 0.9 });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      // PyTorch 1.13's UserWarning for nn.RNN(3, 4, dropout=0.9)
      "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.9 and num_layers=1",
    ]);
    warn.mockRestore();
    expect(rnn.call(x)[0].tolist()).toEqual(rnn.call(x)[0].tolist());
  });

  it("gradchecks in training mode with the mask held fixed", () => {
    const gen = new Generator(3);
    const rnn = new RNN(2, 3, { numLayers: 2, dropout: 0.4, generator: gen, dtype: "float64" });
    const x = randn([3, 2, 2], { dtype: "float64", requiresGrad: true });
    const fn = (t: Tensor) => {
      gen.manualSeed(3);
      return rnn.call(t);
    };
    expect(gradcheck(fn, [x, ...rnn.parameters()])).toBe(true);
  });
});

describe("recurrent layers: bad input gets PyTorch's message", () => {
  const r = (...shape: number[]) => zeros(shape);
  const cases: [string, () => unknown][] = [
    ["input size", () => new LSTM(64, 128).call(r(5, 2, 32))],
    ["input size gru", () => new GRU(3, 4, { batchFirst: true }).call(r(2, 5, 2))],
    ["input size unbatched", () => new RNN(3, 4).call(r(5, 2))],
    ["hidden size", () => new RNN(3, 4).call(r(5, 2, 3), r(1, 3, 4))],
    ["hidden size bidirectional", () => new GRU(3, 4, { bidirectional: true }).call(r(5, 2, 3), r(1, 2, 4))],
    ["lstm hidden[0] size", () => new LSTM(3, 4, { projSize: 2 }).call(r(5, 2, 3), [r(1, 2, 4), r(1, 2, 4)])],
    ["lstm hidden[1] size", () => new LSTM(3, 4).call(r(5, 2, 3), [r(1, 2, 4), r(1, 2, 3)])],
    ["batched hx 2-D", () => new RNN(3, 4).call(r(5, 2, 3), r(2, 4))],
    ["unbatched hx 3-D", () => new GRU(3, 4).call(r(5, 3), r(1, 1, 4))],
    ["lstm batched hx 2-D", () => new LSTM(3, 4).call(r(5, 2, 3), [r(1, 2, 4), r(2, 4)])],
    ["lstm unbatched hx 3-D", () => new LSTM(3, 4).call(r(5, 3), [r(1, 1, 4), r(1, 4)])],
    ["dropout range", () => new LSTM(3, 4, { dropout: 1.5 })],
    ["proj_size negative", () => new LSTM(3, 4, { projSize: -1 })],
    ["proj_size too big", () => new LSTM(3, 4, { projSize: 4 })],
    ["proj_size gru", () => new GRU(3, 4, { projSize: 2 } as object)],
    ["proj_size rnn", () => new RNN(3, 4, { projSize: 2 } as object)],
    ["nonlinearity", () => new RNN(3, 4, { nonlinearity: "sigmoid" as "tanh" })],
    ["cell input size", () => new RNNCell(3, 4).call(r(2, 5))],
    ["cell input dims", () => new GRUCell(3, 4).call(r(1, 2, 3))],
    ["lstm cell input dims", () => new LSTMCell(3, 4).call(r(1, 2, 3))],
    ["rnn cell input dims", () => new RNNCell(3, 4).call(r(1, 2, 3))],
    ["cell hidden size", () => new GRUCell(3, 4).call(r(2, 3), r(2, 5))],
    ["cell hidden batch", () => new RNNCell(3, 4).call(r(2, 3), r(3, 4))],
    // PyTorch raises this one in forward; tsgrad already in the constructor.
    ["cell nonlinearity", () => new RNNCell(3, 4, { nonlinearity: "sigmoid" as "tanh" })],
    ["empty sequence", () => new RNN(3, 4).call(r(0, 2, 3))],
  ];
  for (const [name, call] of cases) {
    it(name, () => expect(call).toThrow(pytorchError(name)));
  }

  it("an LSTMCell cell state of the wrong size is named hidden1 (PyTorch 1.13 labels it hidden0 too)", () => {
    expect(pytorchError("lstm cell hidden[1] size")).toBe(
      "hidden0 has inconsistent hidden_size: got 5, expected 4",
    );
    expect(() => new LSTMCell(3, 4).call(r(2, 3), [r(2, 4), r(2, 5)])).toThrow(
      "LSTMCell: hidden1 has inconsistent hidden_size: got 5, expected 4",
    );
  });

  it("a dtype mismatch names the module and both dtypes (PyTorch: the inner matmul's message)", () => {
    expect(pytorchError("dtype")).toBe("mat1 and mat2 must have the same dtype");
    expect(() => new LSTM(3, 4).call(zeros([5, 2, 3], { dtype: "float64" }))).toThrow(
      "LSTM: expected input of dtype float32 (the weights'), but got float64 with shape [5, 2, 3]",
    );
    expect(() => new LSTMCell(3, 4).call(r(2, 3), [r(2, 4), zeros([2, 4], { dtype: "float64" })])).toThrow(
      "LSTMCell: expected hx[1] of dtype float32",
    );
  });

  it("input of another rank: PyTorch's words, with the rank the user passed", () => {
    // PyTorch unsqueezes a non-3-D input as if unbatched and reports that rank ("got 5" for 4-D).
    expect(pytorchError("input dims 4")).toBe("input must have 3 dimensions, got 5");
    expect(() => new LSTM(3, 4).call(r(1, 5, 2, 3))).toThrow(
      "LSTM: input must have 3 dimensions (or 2 for an unbatched sequence), got 4: shape [1, 5, 2, 3]",
    );
    expect(() => new RNN(3, 4).call(r(3))).toThrow(
      "RNN: input must have 3 dimensions (or 2 for an unbatched sequence), got 1",
    );
  });
});
