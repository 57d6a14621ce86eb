/**
 * `autograd.functional` against torch.autograd.functional (PyTorch 1.13) on small functions
 * (higher_order.json's "functional", written by tools/fixtures/gen_higher_order.py).
 */
import { expectTensorClose } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/op-table.js";
import { autograd, ones, stack, type Tensor, tensor } from "../index.js";

const F = loadFixture<{ functional: Record<string, any> }>("higher_order").functional;
const { jacobian, hessian, vjp, jvp, hvp, vhp } = autograd.functional;
const t = (v: number[], shape = [v.length]) => tensor(v, { dtype: "float64" }).reshape(shape);
const close = (a: unknown, values: number[], shape: number[], label: string) =>
  expectTensorClose(a as Tensor, { values, shape, dtype: "float64" }, label);

/** Mirrors f_vec and f_scalar of the generator. */
const fVec = (x: Tensor) => {
  const [a, b, c] = [x.select(0, 0), x.select(0, 1), x.select(0, 2)];
  return stack([a.mul(b), b.sin().add(c.square()), x.exp().sum()]);
};
const fScalar = (x: Tensor) => x.tanh().mul(x.exp()).sum();

describe("autograd.functional matches PyTorch", () => {
  const x = () => t(F.x);
  const v = () => t(F.v);

  it("jacobian", () => close(jacobian(fVec, x()), F.jacobian, [3, 3], "jacobian"));
  it("hessian", () => close(hessian(fScalar, x()), F.hessian, [3, 3], "hessian"));
  it("vjp", () => {
    const [y, g] = vjp(fVec, x(), v());
    close(y, F.vjp[0], [3], "output");
    close(g, F.vjp[1], [3], "vjp");
    expect((g as Tensor).requiresGrad).toBe(false);
  });
  it("jvp (double-backward trick)", () => {
    const [y, jv] = jvp(fVec, x(), v());
    close(y, F.jvp[0], [3], "output");
    close(jv, F.jvp[1], [3], "jvp");
  });
  it("hvp (double-backward trick) and vhp", () => {
    const [y, hv] = hvp(fScalar, x(), v());
    expect(y.item()).toBeCloseTo(F.hvp[0], 12);
    close(hv, F.hvp[1], [3], "hvp");
    const [y2, vh] = vhp(fScalar, x(), v());
    expect(y2.item()).toBeCloseTo(F.vhp[0], 12);
    close(vh, F.vhp[1], [3], "vhp");
  });
  it("two inputs: a Jacobian per input, a Hessian per pair", () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b.exp());
    const [a, b] = [t(F.x2[0]), t(F.x2[1])];
    const jac = jacobian(f, [a, b]) as Tensor[];
    close(jac[0], F.jacobian2[0], [2, 2], "d/da");
    close(jac[1], F.jacobian2[1], [2, 2], "d/db");
    const h = hessian((p: Tensor, q: Tensor) => f(p, q).sum(), [a, b]) as Tensor[][];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) close(h[i]![j], F.hessian2[i][j], [2, 2], `H${i}${j}`);
  });
  it("createGraph: the result can be differentiated again", () => {
    const xl = x().requiresGrad_(true);
    const h = hessian(fScalar, xl, { createGraph: true }) as Tensor;
    expect(h.requiresGrad).toBe(true);
    const [g] = autograd.grad(h.trace(), xl);
    expect(g!.shape).toEqual([3]);
    const plain = hessian(fScalar, xl) as Tensor;
    expect(plain.requiresGrad).toBe(false);
  });
  it("an output that does not depend on an input: zeros, or PyTorch's error in strict mode", () => {
    const f = (p: Tensor, _q: Tensor) => p.square();
    const jac = jacobian(f, [t([1, 2]), t([3])]) as Tensor[];
    close(jac[1], [0, 0], [2, 1], "unused input");
    expect(() => jacobian(() => ones([2], { dtype: "float64" }), x(), { strict: true })).toThrow(
      `jacobian(): ${F.strict_error}`,
    );
    expect(() => jacobian(f, [t([1, 2]), t([3])], { strict: true })).toThrow(
      "jacobian(): Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.",
    );
  });
  it("v is required unless it can only be 1, as PyTorch says", () => {
    expect(() => vjp((p) => p.exp(), x())).toThrow(`vjp(): ${F.vjp_no_v_error}`);
    const [, g] = vjp((p) => p.exp().sum(), x());
    close(g, F.x.map(Math.exp), [3], "vjp of a scalar");
    expect(() => vjp((p) => p.exp(), x(), t([1, 2]))).toThrow(
      "vjp(): v has invalid size: should be [3] but got [2].",
    );
    expect(() => hvp((p) => p.exp(), x(), v())).toThrow(
      "hvp(): The Tensor returned by the function given to hvp should contain a single element",
    );
    expect(() => jacobian(fVec, x(), { vectorize: true } as never)).toThrow(/vectorize/);
  });
});

describe("integer inputs are an error, not a zero Jacobian (PyTorch: only floating point Tensors can require gradients)", () => {
  const f = (x: Tensor) => x.mul(2);
  const int = () => tensor([1, 2]);
  for (const [name, call] of [
    ["jacobian", () => autograd.functional.jacobian(f, int())],
    ["hessian", () => autograd.functional.hessian((x) => x.mul(2).sum(), int())],
    ["vjp", () => autograd.functional.vjp(f, int(), tensor([1, 1]))],
    ["jvp", () => autograd.functional.jvp(f, int(), tensor([1, 1]))],
    ["hvp", () => autograd.functional.hvp((x) => x.square().sum(), int(), tensor([1, 1]))],
    ["vhp", () => autograd.functional.vhp((x) => x.square().sum(), int(), tensor([1, 1]))],
  ] as const) {
    it(name, () => {
      expect(call).toThrow(
        `${name}(): only Tensors of floating point dtype can require gradients (input 0 is int32)`,
      );
    });
  }
});
