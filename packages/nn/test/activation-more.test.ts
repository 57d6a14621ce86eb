/** SiLU, Softplus and ELU modules: thin wrappers over @tsgrad/core's silu/softplus/elu. */
import {
  elu,
  gradcheck,
  leakyRelu,
  manualSeed,
  randn,
  relu,
  silu,
  softplus,
  type Tensor,
  tensor,
} from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { ELU, LeakyReLU, type Module, ReLU, Sequential, SiLU, Softplus } from "../src/index.js";
import * as nn from "../src/index.js";
import { gradcheckModule } from "@tsgrad/testing";

describe("SiLU, Softplus, ELU", () => {
  // The functional forms are checked against PyTorch in @tsgrad/core (core_more.json); the
  // modules must call them with their stored configuration.
  it("forward equals the functional form with the module's arguments", () => {
    manualSeed(71);
    const x = randn([3, 4], { dtype: "float64" }).mul(4);
    expect(new SiLU().call(x).tolist()).toEqual(silu(x).tolist());
    expect(new Softplus().call(x).tolist()).toEqual(softplus(x, 1, 20).tolist());
    expect(new Softplus(0.5, 1).call(x).tolist()).toEqual(softplus(x, 0.5, 1).tolist());
    expect(new Softplus(0.5, 1).call(x).tolist()).not.toEqual(softplus(x).tolist());
    expect(new ELU().call(x).tolist()).toEqual(elu(x, 1).tolist());
    expect(new ELU(0.25).call(x).tolist()).toEqual(elu(x, 0.25).tolist());
    expect(new ELU(0.25).call(x).tolist()).not.toEqual(elu(x).tolist());
  });
  for (const [name, make] of [
    ["SiLU", () => new SiLU()],
    ["Softplus(2, 3)", () => new Softplus(2, 3)],
    ["ELU(0.5)", () => new ELU(0.5)],
  ] as const) {
    it(`${name} gradchecks (float64)`, () => {
      manualSeed(72);
      // Shifted off 0 so ELU's kink (alpha != 1) is not straddled by the finite difference.
      const x = randn([2, 5], { dtype: "float64" }).add(0.05).requiresGrad_();
      expect(gradcheckModule(make(), x)).toBe(true);
    });
  }
  it("reprs match PyTorch's", () => {
    // print(nn.SiLU()), print(nn.Softplus()), print(nn.Softplus(0.5, 10)), print(nn.ELU()), print(nn.ELU(0.5))
    expect(String(new SiLU())).toBe("SiLU()");
    expect(String(new Softplus())).toBe("Softplus(beta=1, threshold=20)");
    expect(String(new Softplus(0.5, 10))).toBe("Softplus(beta=0.5, threshold=10)");
    expect(String(new ELU())).toBe("ELU(alpha=1.0)");
    expect(String(new ELU(0.5))).toBe("ELU(alpha=0.5)");
    expect(String(new Sequential(new SiLU(), new ELU()))).toBe(
      "Sequential(\n  (0): SiLU()\n  (1): ELU(alpha=1.0)\n)",
    );
  });
  it("they have no parameters", () => {
    expect([...new Softplus().parameters()].length).toBe(0);
    expect(Object.keys(new ELU().stateDict()).length).toBe(0);
  });
  it("argument errors", () => {
    expect(() => new Softplus("2" as never)).toThrow(
      `Softplus(): argument 'beta' must be a number, but got a string ("2")`,
    );
    // PyTorch's keywords in the first argument's place, as nn.Softplus(beta=2) is written.
    expect(String(new Softplus({ beta: 2 }))).toBe("Softplus(beta=2, threshold=20)");
    expect(() => new ELU(null as never)).toThrow("ELU(): alpha must be a number, got null");
    expect(() => new SiLU().call(randn([2]).gt(0))).toThrow(
      "silu(): expected a floating point input, but got bool",
    );
  });
});

describe("ReLU, LeakyReLU, ELU and SiLU with inplace (PyTorch's inplace=True)", () => {
  const CASES: [string, Module, (t: Tensor) => Tensor, string][] = [
    // print(nn.ReLU(inplace=True)), print(nn.LeakyReLU(0.1, inplace=True)), ...
    ["ReLU(inplace=True)", new ReLU({ inplace: true }), relu, "ReluBackward0"],
    [
      "LeakyReLU(negative_slope=0.1, inplace=True)",
      new LeakyReLU(0.1, { inplace: true }),
      (t) => leakyRelu(t, 0.1),
      "LeakyReluBackward1",
    ],
    ["ELU(alpha=0.5, inplace=True)", new ELU(0.5, { inplace: true }), (t) => elu(t, 0.5), "EluBackward1"],
    ["SiLU(inplace=True)", new SiLU({ inplace: true }), silu, "SiluBackward0"],
  ];
  for (const [repr, m, f, node] of CASES) {
    it(`${repr}: writes into its input and returns it, with PyTorch's print and node`, () => {
      expect(String(m)).toBe(repr);
      const x = tensor([-2, -0.5, 0.25, 3], { dtype: "float64" });
      const expected = f(x).tolist();
      expect(m.call(x)).toBe(x);
      expect(x.tolist()).toEqual(expected);
      const leaf = randn([2, 3], { dtype: "float64", requiresGrad: true });
      expect(m.call(leaf.mul(1)).gradFn!.name).toBe(node);
      // As in PyTorch: not on a leaf that requires grad.
      expect(() => m.call(leaf)).toThrow(
        /a leaf Variable that requires grad is being used in an in-place operation/,
      );
      expect(gradcheck((t) => m.call(t.mul(1)), [leaf])).toBe(true);
    });
  }

  it("prints nothing extra when false, and refuses what PyTorch would", () => {
    // print(nn.ReLU()), print(nn.SiLU(inplace=False)), print(nn.LeakyReLU(0.2, False))
    expect(String(new ReLU())).toBe("ReLU()");
    expect(String(new SiLU({ inplace: false }))).toBe("SiLU()");
    expect(String(new LeakyReLU(0.2, { inplace: false }))).toBe("LeakyReLU(negative_slope=0.2)");
    // A line ported as nn.ReLU(True) must not pass silently.
    expect(() => new ReLU(true as never)).toThrow(TypeError);
    expect(() => new ReLU({ inPlace: true } as never)).toThrow("ReLU(): got an unexpected option 'inPlace'");
    expect(() => new ELU(1, { inplace: 1 } as never)).toThrow(TypeError);
    expect(() => new LeakyReLU("0.1" as never)).toThrow(
      "LeakyReLU(): negative_slope must be a number, got 0.1",
    );
  });
});

describe("layers take PyTorch's keywords in the first argument's place (nn.LeakyReLU(negative_slope=0.2, inplace=True))", () => {
  it("builds the same layer as the positional form", () => {
    const pairs: [unknown, unknown][] = [
      [new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true }), new nn.LeakyReLU(0.2, { inplace: true })],
      [new nn.LeakyReLU({ inplace: true }), new nn.LeakyReLU(0.01, { inplace: true })],
      [new nn.ELU({ alpha: 0.5 }), new nn.ELU(0.5)],
      [new nn.Dropout({ p: 0.2, inplace: true }), new nn.Dropout(0.2, { inplace: true })],
      [new nn.Softmax({ dim: 1 }), new nn.Softmax(1)],
      [new nn.LogSoftmax({ dim: -1 }), new nn.LogSoftmax(-1)],
      [new nn.Softplus({ beta: 2, threshold: 10 }), new nn.Softplus(2, 10)],
      [new nn.Flatten({ startDim: 0, endDim: 1 }), new nn.Flatten(0, 1)],
      [new nn.Unflatten({ dim: 1, unflattenedSize: [2, 2] }), new nn.Unflatten(1, [2, 2])],
    ];
    for (const [keywords, positional] of pairs) expect(String(keywords)).toBe(String(positional));
    expect(() => new nn.LeakyReLU({ negative_slope: 0.2 } as never)).toThrow("did you mean 'negativeSlope'");
    expect(() => new nn.Flatten({ startDim: 1 }, 2 as never)).toThrow(
      "Flatten(): got an options object as argument 1, so there can be no argument 2",
    );
  });
});
