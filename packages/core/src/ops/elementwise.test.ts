import { describe, expect, it } from "vitest";
import { checkOpCase, expectClose, expectEachThrows } from "@tsgrad/testing";
import { describeGroup } from "../../test/more-cases.js";
import { OPS } from "../../test/op-table.js";
import { gradcheck, manualSeed, rand, randn, type Tensor, tensor, where, zeros } from "../index.js";
import { add, clamp, gelu, leakyRelu, maximum, minimum, mul, pow } from "./elementwise.js";

const cases = describeGroup("core_ops", "elementwise", "elementwise ops", "elementwise");

describe("elementwise gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  // Inputs kept away from kinks and poles: |x| >= 0.1 for abs/relu/sign/reciprocal, x > 0 for logs.
  const away = (shape: number[]): Tensor => {
    const r = rand(shape, { dtype: "float64" }).mul(1.4).add(0.1);
    return where(rand(shape).lt(0.5), r, r.neg()).detach().requiresGrad_();
  };
  const positive = (shape: number[]): Tensor =>
    rand(shape, { dtype: "float64" }).mul(2).add(0.2).detach().requiresGrad_();
  const unary: [string, (x: Tensor) => Tensor, (s: number[]) => Tensor][] = [
    ["neg", (x) => x.neg(), (s) => randn(s, f64)],
    ["exp", (x) => x.exp(), (s) => randn(s, f64)],
    ["log", (x) => x.log(), positive],
    ["log1p", (x) => x.log1p(), positive],
    ["sqrt", (x) => x.sqrt(), positive],
    ["rsqrt", (x) => x.rsqrt(), positive],
    ["square", (x) => x.square(), (s) => randn(s, f64)],
    ["abs", (x) => x.abs(), away],
    ["sign", (x) => x.sign(), away],
    ["reciprocal", (x) => x.reciprocal(), away],
    ["relu", (x) => x.relu(), away],
    ["leakyRelu", (x) => leakyRelu(x, 0.1), away],
    ["gelu", (x) => gelu(x), (s) => randn(s, f64)],
    ["tanh", (x) => x.tanh(), (s) => randn(s, f64)],
    ["sigmoid", (x) => x.sigmoid(), (s) => randn(s, f64)],
    ["sin", (x) => x.sin(), (s) => randn(s, f64)],
    ["cos", (x) => x.cos(), (s) => randn(s, f64)],
    ["pow 3", (x) => x.pow(3), (s) => randn(s, f64)],
    ["pow -0.5", (x) => x.pow(-0.5), positive],
    ["clamp", (x) => clamp(x, -0.5, 0.7), (s) => randn(s, f64)],
    ["clamp min", (x) => x.clamp(0.2), (s) => randn(s, f64)],
    ["clamp max", (x) => x.clamp(null, -0.1), (s) => randn(s, f64)],
  ];
  for (const [name, fn, make] of unary) {
    it(name, () => {
      manualSeed(11);
      expect(gradcheck(fn, [make([2, 3, 2])])).toBe(true);
    });
  }
  const binary: [string, (a: Tensor, b: Tensor) => Tensor, (s: number[]) => Tensor][] = [
    ["add alpha", (a, b) => add(a, b, -1.5), (s) => randn(s, f64)],
    ["sub alpha", (a, b) => a.sub(b, 0.5), (s) => randn(s, f64)],
    ["mul", (a, b) => mul(a, b), (s) => randn(s, f64)],
    ["div", (a, b) => a.div(b), away],
    ["pow tensor", (a, b) => a.pow(b), positive],
    ["maximum", (a, b) => maximum(a, b), (s) => randn(s, f64)],
    ["minimum", (a, b) => minimum(a, b), (s) => randn(s, f64)],
    ["where", (a, b) => where(a.gt(0), a, b), (s) => randn(s, f64)],
  ];
  for (const [name, fn, make] of binary) {
    it(`${name} with broadcasting [2,3,1] and [4]`, () => {
      manualSeed(12);
      expect(gradcheck(fn, [make([2, 3, 1]), make([4])])).toBe(true);
    });
    it(`${name} with a 0-d operand`, () => {
      manualSeed(13);
      expect(gradcheck(fn, [make([3, 2]), make([])])).toBe(true);
    });
  }
  it("a reused input accumulates its gradient (x * x + x)", () => {
    manualSeed(14);
    expect(gradcheck((x) => x.mul(x).add(x), [randn([3], f64)])).toBe(true);
  });
});

describe("elementwise errors", () => {
  it("broadcast mismatch names the op and the dimension, like PyTorch", () => {
    const a = zeros([2, 3]);
    const b = zeros([2, 4]);
    const msg = "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1";
    expectEachThrows(
      [
        ["add", () => a.add(b)],
        ["sub", () => a.sub(b)],
        ["mul", () => a.mul(b)],
        ["div", () => a.div(b)],
        ["pow", () => a.pow(b)],
        ["maximum", () => maximum(a, b)],
        ["eq", () => a.eq(b)],
        ["where", () => where(a.gt(0), a, b)],
      ],
      msg,
    );
    expect(() => zeros([3]).add(zeros([2, 4]))).toThrow(
      "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
    );
  });
  it("rejects a non-tensor, non-number operand by name", () => {
    expect(() => zeros([2]).add("x" as never)).toThrow(
      "add(): argument 'other' must be a Tensor or a number",
    );
  });
  it("where needs a bool condition", () => {
    expect(() => where(zeros([2]), zeros([2]), 1)).toThrow("where(): expected condition to be a bool tensor");
  });
  it("clamp needs at least one bound", () => {
    expect(() => zeros([2]).clamp()).toThrow("clamp(): At least one of 'min' or 'max' must not be None");
  });
  it("bool subtraction and negation are refused, as in PyTorch", () => {
    const b = tensor([true, false]);
    expect(() => b.sub(b)).toThrow("sub(): Subtraction, the `-` operator, with two bool tensors");
    expect(() => b.neg()).toThrow("neg(): Negation, the `-` operator, on a bool tensor");
  });
  it("item() on a non-scalar", () => {
    expect(() => zeros([2, 3]).item()).toThrow(
      "item(): a Tensor with 6 elements cannot be converted to Scalar (shape [2, 3])",
    );
    expect(tensor([[2.5]]).item()).toBe(2.5);
  });
  it("backward on a tensor that does not require grad", () => {
    expect(() => zeros([2]).add(1).sum().backward()).toThrow(
      "element 0 of tensors does not require grad and does not have a grad_fn",
    );
  });
  it("backward without a gradient needs a scalar output", () => {
    const x = zeros([2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow("grad can be implicitly created only for scalar outputs");
  });
  it("requiresGrad on an int tensor", () => {
    expect(() => tensor([1, 2]).requiresGrad_()).toThrow(
      "only Tensors of floating point dtype can require gradients (got int32)",
    );
  });
});

describe("the fixture checker itself", () => {
  // Guards against a harness that passes everything: a perturbed expectation must fail.
  const c = cases.find((k) => k.op === "mul" && k.name.endsWith("float64") && k.grads[1] !== null)!;
  const perturb = (v: number | string | boolean): number => (v as number) * (1 + 1e-8);
  it("passes the case as written", () => checkOpCase(c, OPS));
  it("fails on a wrong output value", () => {
    const bad = structuredClone(c);
    bad.outputs[0]!.values[1] = perturb(bad.outputs[0]!.values[1]!);
    expect(() => checkOpCase(bad, OPS)).toThrow("output 0: element 1");
  });
  it("fails on a wrong gradient", () => {
    const bad = structuredClone(c);
    bad.grads[1]![0] = perturb(bad.grads[1]![0]!);
    expect(() => checkOpCase(bad, OPS)).toThrow("grad of input 1: element 0");
  });
  it("fails on a wrong dtype", () => {
    const bad = structuredClone(c);
    bad.outputs[0]!.dtype = "float32";
    expect(() => checkOpCase(bad, OPS)).toThrow("output 0 dtype");
  });
});

describe("int32 arithmetic is exact, and a result outside int32 is an error (PyTorch's int64 holds it)", () => {
  const fits = (v: bigint): boolean => v >= -(2n ** 31n) && v < 2n ** 31n;
  const overflow = "value cannot be converted to type int32 without overflow";
  const big = [2 ** 31 - 1, -(2 ** 31), 123456789, -7, 46341, 0, 1, -1, 65537];
  it("mul: the exact product when it fits, else the overflow error (never the wrapped low bits)", () => {
    for (const a of big) {
      for (const b of big) {
        const exact = BigInt(a) * BigInt(b);
        const run = () =>
          tensor([a])
            .mul(tensor([b]))
            .tolist();
        if (fits(exact)) expect(run()).toEqual([Number(exact)]);
        else expect(run, `${a} * ${b}`).toThrow(overflow);
      }
      const by3 = BigInt(a) * 3n;
      if (fits(by3)) expect(tensor([a]).mul(3).tolist()).toEqual([Number(by3)]);
      else expect(() => tensor([a]).mul(3)).toThrow(overflow);
    }
    expect(() => tensor([2 ** 30]).mul_(4)).toThrow(overflow);
    expect(() => tensor([2 ** 31 - 1]).add(1)).toThrow(overflow);
    expect(() => tensor([2 ** 31 - 1]).add_(1)).toThrow(overflow);
    expect(() => tensor([-(2 ** 31)]).sub(1)).toThrow(overflow);
    expect(
      tensor([2 ** 31 - 2])
        .add_(1)
        .tolist(),
    ).toEqual([2 ** 31 - 1]);
  });
  it("pow: the exact power when it fits, for tensor and number exponents, else the overflow error", () => {
    const bases = [3, -3, 7, 2, 0, 1, -1, 46341];
    for (const e of [0, 1, 2, 3, 20, 25, 31, 32, 33]) {
      for (const b of bases) {
        const exact = BigInt(b) ** BigInt(e);
        for (const [how, run] of [
          ["number", () => tensor([b]).pow(e).tolist()],
          [
            "tensor",
            () =>
              tensor([b])
                .pow(tensor([e]))
                .tolist(),
          ],
        ] as const) {
          if (fits(exact)) expect(run(), `${b} ** ${e} (${how})`).toEqual([Number(exact)]);
          else expect(run, `${b} ** ${e} (${how})`).toThrow(overflow);
        }
      }
    }
  });
});

describe("found by a differential run against PyTorch (PyTorch's values: core_ops.json)", () => {
  it("pow with a number exponent of NaN or ±Infinity gives C's 1 for 1 ** NaN and (-1) ** ±inf, as a 0-d exponent does", () => {
    const x = tensor([1, -1, 2, 0.5], { dtype: "float64" });
    for (const e of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(x.pow(e).tolist()).toEqual(x.pow(tensor(e, { dtype: "float64" })).tolist());
    }
    // PyTorch: tensor([1., nan, nan, nan]) and tensor([1., 1., inf, 0.])
    expect(x.pow(Number.NaN).tolist()).toEqual([1, Number.NaN, Number.NaN, Number.NaN]);
    expect(x.pow(Number.POSITIVE_INFINITY).tolist()).toEqual([1, 1, Number.POSITIVE_INFINITY, 0]);
  });
  it("xlogy's input gradient at input 0 is log(other) where other > 0, gradchecked in float64", () => {
    const y = tensor([3, 0.5, 2], { dtype: "float64" });
    expect(gradcheck((x) => x.xlogy(y), [zeros([3], { dtype: "float64", requiresGrad: true })])).toBe(true);
  });
  it("an integer add or sub refuses a fractional alpha (it truncated), in place too", () => {
    const i = tensor([1, 3]);
    expectEachThrows(
      [
        ["add", () => i.add(tensor([1, 1]), 0.5)],
        ["sub", () => i.sub(1, 0.5)],
        ["add_", () => i.clone().add_(tensor([1, 1]), 0.5)],
        ["add", () => tensor([true]).add(tensor([true]), 0.5)],
      ],
      "For integral input tensors, argument alpha must not be a floating point number",
    );
    expect(i.add(tensor([1, 1]), 2).tolist()).toEqual([3, 5]);
    expect(
      i
        .float()
        .add(tensor([1, 1]), 0.5)
        .tolist(),
    ).toEqual([1.5, 3.5]);
  });
  it("clamp takes PyTorch's keywords in min's place: x.clamp(max=1), x.clamp_(min=0)", () => {
    const x = tensor([-2, 0.5, 3], { dtype: "float64" });
    expect(x.clamp({ max: 1 }).tolist()).toEqual(x.clamp(null, 1).tolist());
    expect(x.clamp({ min: 0, max: 1 }).tolist()).toEqual([0, 0.5, 1]);
    expect(x.clone().clamp_({ min: 0 }).tolist()).toEqual([0, 0.5, 3]);
    expect(() => x.clamp({ mx: 1 } as never)).toThrow(
      /clamp\(\): got an unexpected option 'mx' \(did you mean 'max'\?\)/,
    );
    expect(() => x.clamp({ max: 1 }, 2)).toThrow(
      "clamp(): got an options object as argument 2, so there can be no argument 3",
    );
    expect(() => x.clamp("0" as never)).toThrow(
      `clamp(): argument 'min' must be a number, a Tensor or null, but got a string ("0")`,
    );
    expect(() => x.clamp({})).toThrow("clamp(): At least one of 'min' or 'max' must not be None");
  });
  it("pow of a number base to a tensor exponent, as torch.pow(1.7, e) (PowBackward2)", () => {
    const e = tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const y = pow(1.7, e);
    // PyTorch: tensor([1.7000, 2.8900], grad_fn=<PowBackward2>); torch.pow(2, tensor([1, 3])) is tensor([2, 8])
    expectClose(y, [1.7, 2.89], { rtol: 1e-6, atol: 0 });
    expect(y.gradFn?.name).toBe("PowBackward2");
    expect(pow(2, tensor([1, 3])).tolist()).toEqual([2, 8]);
    expect(pow(2, tensor([1, 3])).dtype).toBe("int32");
    expect(
      gradcheck((t) => pow(1.7, t), [tensor([0.5, -1, 2], { dtype: "float64", requiresGrad: true })]),
    ).toBe(true);
  });
  it("a float32 result reads a float64 or int32 operand rounded to float32 first, as PyTorch's TensorIterator", () => {
    const x = tensor([4.07, 1.11], { dtype: "float32" });
    const c = tensor(0.1, { dtype: "float64" });
    // PyTorch: (x * c).tolist() is [0.40700003504753113, 0.11100000143051147] (x * 0.1 in doubles
    // would round to 0.40700000524520874); the in-place form the same.
    expect(x.mul(c).tolist()).toEqual([0.40700003504753113, 0.11100000143051147]);
    expect(x.clone().mul_(c).tolist()).toEqual([0.40700003504753113, 0.11100000143051147]);
    expect(x.add(c).tolist()).toEqual([4.170000076293945, 1.2100000381469727]);
    // torch.tensor([16777217, 3]) * torch.tensor([1.5]) is [25165824.0, 4.5]
    expect(
      tensor([16777217, 3])
        .mul(tensor([1.5], { dtype: "float32" }))
        .tolist(),
    ).toEqual([25165824, 4.5]);
  });
});
