import { manualSeed, randn, type Tensor, zeros } from "@tsgrad/core";
import {
  expectTensorClose,
  type FixtureTensor,
  type FixtureValue,
  fixtureErrors,
  fromFixture,
  gradcheckModule,
  readJson,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "../../test/helpers.js";
import { loadSafetensors, readSafetensors, saveSafetensors } from "../safetensors.js";
import { Sequential } from "./container.js";
import { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from "./conv.js";
import { ReLU } from "./activation.js";

// Modules from tools/fixtures/gen_conv.py: PyTorch's repr, parameters, and for a module whose state
// dict is given, the output and the gradients w.r.t. input, weight and bias on a given input.

interface ModuleCase {
  name: string;
  cls: keyof typeof CLASSES;
  args: [number, number, number | number[]];
  options: Record<string, any>;
  outputSize: number[] | null;
  dtype: "float32" | "float64";
  repr: string;
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  output: FixtureTensor;
  grad_fn: string;
  upstream: FixtureValue[];
  grads: Record<string, FixtureValue[]>;
}
interface ReprCase {
  cls: keyof typeof CLASSES;
  args: [number, number, number | number[]];
  options: Record<string, any>;
  repr: string;
  parameters: [string, number[]][];
}

const CLASSES = { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d };
const FIX = readJson<{
  modules: ModuleCase[];
  reprs: ReprCase[];
  errors: { name: string; message: string }[];
  cnn: { repr: string; keys: string[]; input: FixtureTensor; output: FixtureTensor };
}>(new URL("../../test/fixtures/conv.json", import.meta.url));

function build(
  c: { cls: keyof typeof CLASSES; args: ModuleCase["args"]; options: Record<string, any> },
  dtype?: string,
) {
  const Cls = CLASSES[c.cls] as new (...a: any[]) => Conv2d;
  return new Cls(...c.args, { ...c.options, ...(dtype ? { dtype } : {}) });
}

describe("Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d loaded from PyTorch state dicts", () => {
  for (const c of FIX.modules) {
    it(c.name, () => {
      const m = build(c, c.dtype);
      expect(String(m)).toBe(c.repr);
      const sd = new Map(Object.entries(c.state_dict).map(([k, v]) => [k, fromFixture(v)]));
      m.loadStateDict(sd);
      const x = fromFixture(c.input, true);
      const y: Tensor = c.outputSize ? (m as any).call(x, c.outputSize) : m.call(x);
      expectTensorClose(y, c.output, "output");
      // PyTorch's keyword, `m(x, output_size=...)`, gives the same.
      if (c.outputSize) expect((m as any).call(x, { outputSize: c.outputSize }).tolist()).toEqual(y.tolist());
      expect(y.gradFn?.name).toBe(c.grad_fn);
      y.mul(fromFixture({ values: c.upstream, shape: y.shape.slice(), dtype: y.dtype }))
        .sum()
        .backward();
      expectTensorClose(
        x.grad!,
        { values: c.grads.input!, shape: x.shape.slice(), dtype: x.dtype },
        "grad input",
      );
      for (const [name, p] of m.namedParameters()) {
        expectTensorClose(
          p.grad!,
          { values: c.grads[name]!, shape: p.shape.slice(), dtype: p.dtype },
          `grad ${name}`,
        );
      }
    });
  }
  it("covers every class, padding mode and outputSize", () => {
    const seen = new Set(FIX.modules.map((c) => c.cls));
    for (const cls of Object.keys(CLASSES)) expect(seen.has(cls as keyof typeof CLASSES), cls).toBe(true);
    const modes = new Set(FIX.modules.map((c) => c.options.paddingMode ?? "zeros"));
    expect([...modes].sort()).toEqual(["circular", "reflect", "replicate", "zeros"]);
    expect(FIX.modules.some((c) => c.outputSize !== null)).toBe(true);
  });
});

describe("conv layers: PyTorch's reprs and parameter shapes", () => {
  for (const c of FIX.reprs) {
    it(c.repr, () => {
      const m = build(c);
      expect(String(m)).toBe(c.repr);
      expect([...m.namedParameters()].map(([k, p]) => [k, p.shape])).toEqual(c.parameters);
    });
  }
});

describe("conv layers: init, gradchecks, state dicts", () => {
  it("default init stays within ±1/√fan_in and spreads over it (weight and bias)", () => {
    manualSeed(0);
    for (const m of [new Conv2d(4, 64, 3), new ConvTranspose2d(64, 4, 3, { stride: 2 })]) {
      const fanIn = m.weight.shape[1]! * 9;
      const bound = 1 / Math.sqrt(fanIn);
      for (const p of [m.weight, m.bias!]) {
        const v = p.abs().max().item();
        expect(v).toBeLessThanOrEqual(bound);
        expect(v).toBeGreaterThan(0.9 * bound);
      }
    }
  });

  it("is seeded by manualSeed", () => {
    manualSeed(7);
    const a = new Conv1d(3, 2, 3).weight.tolist();
    manualSeed(7);
    expect(new Conv1d(3, 2, 3).weight.tolist()).toEqual(a);
  });

  it("float64 gradchecks over input, weight and bias", () => {
    manualSeed(1);
    const f64 = (s: number[]) => randn(s, { dtype: "float64", requiresGrad: true });
    expect(
      gradcheckModule(new Conv2d(2, 2, 3, { padding: 1, paddingMode: "reflect" }), f64([1, 2, 4, 4])),
    ).toBe(true);
    expect(
      gradcheckModule(
        new Conv1d(2, 4, 2, { groups: 2, paddingMode: "circular", padding: 1 }),
        f64([2, 2, 5]),
      ),
    ).toBe(true);
    expect(gradcheckModule(new ConvTranspose2d(2, 2, 2, { stride: 2 }), f64([1, 2, 2, 3]))).toBe(true);
    expect(gradcheckModule(new ConvTranspose1d(2, 3, 3, { padding: 1, bias: false }), f64([2, 3]))).toBe(
      true,
    );
  });

  it("a CNN saved by PyTorch (cnn.safetensors) loads strictly and gives PyTorch's output", () => {
    const net = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1, paddingMode: "reflect" }),
      new ReLU(),
      new Conv2d(4, 6, 3, { stride: 2, groups: 2 }),
      new ReLU(),
      new ConvTranspose2d(6, 2, 3, { stride: 2, outputPadding: 1, bias: false }),
    );
    expect(String(net)).toBe(FIX.cnn.repr);
    const { tensors, metadata } = readSafetensors(fixtureBytes("cnn.safetensors"));
    expect(metadata).toEqual({ format: "pt", written_by: "tools/fixtures/gen_conv.py" });
    expect([...tensors.keys()]).toEqual(FIX.cnn.keys);
    expect(net.loadStateDict(tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expectTensorClose(net.call(fromFixture(FIX.cnn.input)), FIX.cnn.output, "output");
    expect(saveSafetensors(net.stateDict(), metadata)).toEqual(fixtureBytes("cnn.safetensors"));
  });

  it("a CNN's state dict round-trips through safetensors bytes with PyTorch's keys", () => {
    manualSeed(2);
    const net = new Sequential(new Conv2d(1, 4, 3), new ReLU(), new Conv2d(4, 2, 3, { bias: false }));
    expect([...net.stateDict().keys()]).toEqual(["0.weight", "0.bias", "2.weight"]);
    const copy = new Sequential(new Conv2d(1, 4, 3), new ReLU(), new Conv2d(4, 2, 3, { bias: false }));
    copy.loadStateDict(loadSafetensors(saveSafetensors(net.stateDict())));
    const x = randn([1, 1, 6, 6]);
    expect(copy.call(x).tolist()).toEqual(net.call(x).tolist());
  });
});

describe("conv layers: bad arguments", () => {
  const x = () => zeros([1, 1, 3, 3]);
  const err = fixtureErrors(FIX.errors);
  it.each([
    ["nn groups 0", () => new Conv2d(2, 4, 3, { groups: 0 })],
    ["nn in_channels groups", () => new Conv2d(3, 4, 3, { groups: 2 })],
    ["nn out_channels groups", () => new Conv2d(4, 3, 3, { groups: 2 })],
    ["nn same strided", () => new Conv2d(4, 3, 3, { padding: "same", stride: 2 })],
    ["nn transposed padding mode", () => new ConvTranspose2d(4, 3, 3, { paddingMode: "reflect" })],
    ["nn circular too big", () => new Conv2d(1, 1, 3, { padding: 4, paddingMode: "circular" }).call(x())],
    [
      "nn output_size range",
      () => new ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14, 12]),
    ],
    [
      "nn output_size length",
      () => new ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14]),
    ],
  ] as [string, () => unknown][])("%s: PyTorch's message", (name, call) => {
    expect(call).toThrow(err(name));
  });
  // Below, the exact messages: PyTorch's words with the layer's name in front; the reflect one
  // names the input's shape where PyTorch prints its dim count.
  it.each([
    ["Conv2d(): groups must be a positive integer", () => new Conv2d(2, 4, 3, { groups: 0 })],
    ["Conv2d(): in_channels must be divisible by groups", () => new Conv2d(3, 4, 3, { groups: 2 })],
    ["Conv2d(): out_channels must be divisible by groups", () => new Conv2d(4, 3, 3, { groups: 2 })],
    [
      "Conv2d(): padding='same' is not supported for strided convolutions",
      () => new Conv2d(4, 3, 3, { padding: "same", stride: 2 }),
    ],
    [
      'ConvTranspose2d(): Only "zeros" padding mode is supported for ConvTranspose2d',
      () => new ConvTranspose2d(4, 3, 3, { paddingMode: "reflect" }),
    ],
    [
      "Conv2d: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 1, 3, 3]",
      () => new Conv2d(1, 1, 3, { padding: 3, paddingMode: "reflect" }).call(x()),
    ],
    [
      "Conv2d: Padding value causes wrapping around more than once.",
      () => new Conv2d(1, 1, 3, { padding: 4, paddingMode: "circular" }).call(x()),
    ],
    [
      "ConvTranspose2d: requested an output size of [14, 12], but valid sizes range from [11, 11] to [12, 12] (for an input of torch.Size([5, 5]))",
      () => new ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14, 12]),
    ],
    [
      "ConvTranspose2d: ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 1)",
      () => new ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14]),
    ],
    [
      "Conv2d(): Invalid padding string 'full', should be one of {'same', 'valid'}",
      () => new Conv2d(4, 3, 3, { padding: "full" as "same" }),
    ],
    [
      "Conv2d(): padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='mirror'",
      () => new Conv2d(4, 3, 3, { paddingMode: "mirror" as "reflect" }),
    ],
    [
      "Conv2d(): kernel_size must be an integer or a list of 2 integers, got [3, 3, 3]",
      () => new Conv2d(4, 3, [3, 3, 3]),
    ],
    ["Conv1d(): inChannels must be a non-negative integer, got -1", () => new Conv1d(-1, 3, 3)],
    [
      "conv2d(): Given groups=1, weight of size [3, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead",
      () => new Conv2d(2, 3, 3).call(zeros([1, 3, 5, 5])),
    ],
  ] as [string, () => unknown][])("%s", (message, call) => {
    expect(call).toThrow(message);
  });
});
