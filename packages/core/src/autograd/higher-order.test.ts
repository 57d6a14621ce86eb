/**
 * Higher-order gradients (`createGraph: true`): second derivatives of the ops against PyTorch
 * (tools/fixtures/gen_higher_order.py → test/fixtures/higher_order.json), a float64 gradgradcheck
 * of each, full Hessians of small scalar functions, and the engine's createGraph behaviour.
 */
import { describe, expect, it } from "vitest";
import {
  checkSecondOrderCase,
  expectTensorClose,
  type FixtureTensor,
  fromFixture,
  gradgradcheckOpCase,
  type Operand,
  type OpTable,
  type SecondOrderCase,
} from "@tsgrad/testing";
import { loadFixture } from "../../test/op-table.js";
import {
  adaptiveAvgPool2d,
  autograd,
  avgPool2d,
  batchNorm,
  groupNorm,
  noGrad,
  record,
  conv2d,
  detectAnomaly,
  elu,
  type FunctionCtx,
  gelu,
  gradgradcheck,
  interpolate,
  layerNorm,
  maxPool2d,
  silu,
  softplus,
  stack,
  type Tensor,
  tensor,
  where,
} from "../index.js";

interface HessianCase {
  name: string;
  op: string;
  input: FixtureTensor;
  value: number;
  hessian: number[];
}

const FIXTURE = loadFixture<{ cases: SecondOrderCase[]; hessians: HessianCase[] }>("higher_order");

const T = (x: Operand): Tensor => x as Tensor;
/** Mirrors the `core` table of gen_higher_order.py, by op name. */
const OPS: OpTable = {
  logSoftmax: ([x], p) => T(x).logSoftmax(p.dim),
  softmax: ([x], p) => T(x).softmax(p.dim),
  logsumexp: ([x], p) => T(x).logsumexp(p.dim),
  matmul: ([a, b]) => T(a).matmul(T(b)),
  mul: ([a, b]) => T(a).mul(T(b)),
  div: ([a, b]) => T(a).div(T(b)),
  powScalar: ([x], p) => T(x).pow(p.e),
  pow: ([a, b]) => T(a).pow(T(b)),
  exp: ([x]) => T(x).exp(),
  log: ([x]) => T(x).log(),
  sqrt: ([x]) => T(x).sqrt(),
  tanh: ([x]) => T(x).tanh(),
  sigmoid: ([x]) => T(x).sigmoid(),
  sin: ([x]) => T(x).sin(),
  relu: ([x]) => T(x).relu(),
  gelu: ([x]) => gelu(T(x)),
  silu: ([x]) => silu(T(x)),
  softplus: ([x]) => softplus(T(x)),
  elu: ([x]) => elu(T(x)),
  sum: ([x], p) => T(x).sum(p.dim).square(),
  mean: ([x], p) => T(x).mean(p.dim).square(),
  prod: ([x], p) => T(x).prod(p.dim),
  amax: ([x], p) => T(x).amax(p.dim).square(),
  var: ([x], p) => T(x).var(p.dim),
  std: ([x], p) => T(x).std(p.dim),
  norm: ([x]) => T(x).norm(),
  cumsum: ([x], p) => T(x).cumsum(p.dim).square(),
  gather: ([x, i], p) => T(x).gather(p.dim, T(i)).square(),
  scatter: ([x, i, s], p) => T(x).scatter(p.dim, T(i), T(s)).square(),
  scatterAdd: ([x, i, s], p) => T(x).scatterAdd(p.dim, T(i), T(s)).square(),
  where: ([a, b]) => where(T(a).gt(0), T(a), T(b)).square(),
  clamp: ([x], p) => T(x).clamp(p.min, p.max).square(),
  sliceExpand: ([x]) => T(x).slice(1, 1, 4, 2).unsqueeze(0).expand([3, 2, 2]).square(),
  conv2d: ([x, w, b], p) => conv2d(T(x), T(w), T(b), { padding: p.padding }),
  maxPool2d: ([x], p) => maxPool2d(T(x), p.k).square(),
  avgPool2d: ([x], p) => avgPool2d(T(x), p.k).square(),
  adaptiveAvgPool2d: ([x], p) => adaptiveAvgPool2d(T(x), p.size).square(),
  interpolate: ([x], p) => interpolate(T(x), p).square(),
  layerNorm: ([x, w, b]) => layerNorm(T(x), [3], { weight: T(w), bias: T(b) }).square(),
  batchNorm: ([x, w, b]) =>
    batchNorm(T(x), null, null, { weight: T(w), bias: T(b), training: true }).square(),
  groupNorm: ([x, w, b], p) => groupNorm(T(x), p.groups, { weight: T(w), bias: T(b) }).square(),
  mlp: ([x, w1, b1, w2]) => T(x).matmul(T(w1).t()).add(T(b1)).tanh().matmul(T(w2).t()),
};

/** Mirrors the `hess` table of gen_higher_order.py. */
const SCALAR_FNS: Record<string, (x: Tensor) => Tensor> = {
  tanhTimesX: (x) => x.tanh().mul(x).sum(),
  lse: (x) => x.logsumexp(0),
  cubic: (x) => x.pow(3).sum().add(x.prod()),
  logSoftmaxPick: (x) => x.logSoftmax(0).select(0, 2),
  entropy: (x) => x.softmax(0).mul(x.logSoftmax(0)).sum().neg(),
  rosenbrock: (x) => {
    const [a, b] = [x.select(0, 0), x.select(0, 1)];
    return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
  },
};

describe("second derivatives match PyTorch (higher_order.json)", () => {
  it("covers the ops of the issue", () => {
    const ops = new Set(FIXTURE.cases.map((c) => c.op));
    for (const op of ["logSoftmax", "softmax", "logsumexp", "matmul", "tanh", "sigmoid", "pow", "div"]) {
      expect(ops.has(op), op).toBe(true);
    }
    for (const op of ["sum", "mean", "prod", "amax", "gather", "scatter", "relu", "exp", "log"]) {
      expect(ops.has(op), op).toBe(true);
    }
  });
  for (const c of FIXTURE.cases) it(c.name, () => checkSecondOrderCase(c, OPS));
});

describe("gradgradcheck in float64 at the fixture's inputs", () => {
  for (const c of FIXTURE.cases) it(c.name, () => expect(gradgradcheckOpCase(c, OPS)).toBe(true));
});

describe("Hessians of small scalar functions match PyTorch", () => {
  const quadA = (): Tensor => {
    // The quadratic form's matrix is not in the fixture: its symmetric part (the same form) is
    // half the Hessian A + Aᵀ.
    const h = FIXTURE.hessians.find((c) => c.op === "quadForm")!;
    return tensor(h.hessian, { dtype: "float64" }).reshape([3, 3]).mul(0.5);
  };
  for (const c of FIXTURE.hessians) {
    it(c.name, () => {
      const fn = c.op === "quadForm" ? (x: Tensor) => x.matmul(quadA()).matmul(x) : SCALAR_FNS[c.op]!;
      const x = fromFixture(c.input, true);
      const y = fn(x);
      expect(y.item()).toBeCloseTo(c.value, 10);
      const [g] = autograd.grad(y, x, { createGraph: true });
      const n = x.numel();
      const rows = Array.from(
        { length: n },
        (_, i) => autograd.grad(g!.select(0, i), x, { retainGraph: true })[0]!,
      );
      const expected: FixtureTensor = { values: c.hessian, shape: [n, n], dtype: "float64" };
      expectTensorClose(stack(rows), expected, c.name);
      // autograd.functional.hessian gives the same (shape [n, n] for an input of shape [n]).
      expectTensorClose(
        autograd.functional.hessian(fn, x.detach()) as Tensor,
        expected,
        `${c.name} (functional)`,
      );
    });
  }
});

describe("createGraph", () => {
  const f64 = { dtype: "float64", requiresGrad: true } as const;

  it("gives gradients with a grad_fn, so a gradient of a gradient works", () => {
    const x = tensor([1, 2, 3], f64);
    const [g] = autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    expect(g!.gradFn).not.toBeNull();
    expectTensorClose(g!, { values: [3, 12, 27], shape: [3], dtype: "float64" }, "g");
    const [h] = autograd.grad(g!.sum(), x);
    expectTensorClose(h!, { values: [6, 12, 18], shape: [3], dtype: "float64" }, "h");
    expect(h!.requiresGrad).toBe(false);
  });

  it("third derivatives: d³/dx³ tanh(x) = −2(1 − t²)(1 − 3t²)", () => {
    const x = tensor([0.3, -0.7], f64);
    const [g1] = autograd.grad(x.tanh().sum(), x, { createGraph: true });
    const [g2] = autograd.grad(g1!.sum(), x, { createGraph: true });
    const [g3] = autograd.grad(g2!.sum(), x);
    const t = [0.3, -0.7].map(Math.tanh);
    const values = t.map((v) => -2 * (1 - v * v) * (1 - 3 * v * v));
    expectTensorClose(g3!, { values, shape: [2], dtype: "float64" }, "d³ tanh");
  });

  it("defaults retainGraph to true, as PyTorch", () => {
    const x = tensor([1, 2], f64);
    const y = x.exp().sum();
    autograd.grad(y, x, { createGraph: true });
    expect(() => autograd.grad(y, x)).not.toThrow();
  });

  it("backward({ createGraph }) leaves a .grad that has a graph (gradient penalty)", () => {
    const x = tensor([0.5, -1], f64);
    x.sin().sum().backward(null, { createGraph: true });
    expect(x.grad!.gradFn?.name).toBe("CopyBackwards"); // PyTorch 1.13's name here
    const [h] = autograd.grad(x.grad!.sum(), x);
    expectTensorClose(h!, { values: [-Math.sin(0.5), Math.sin(1)], shape: [2], dtype: "float64" }, "h");
    // Accumulating again adds out of place, keeping the graph.
    x.sin().sum().backward(null, { createGraph: true });
    const twice = [2 * Math.cos(0.5), 2 * Math.cos(1)];
    expectTensorClose(x.grad!, { values: twice, shape: [2], dtype: "float64" }, "x.grad");
    expect(x.grad!.gradFn?.name).toBe("AddBackward0");
  });

  it("differentiates with respect to gradOutputs (the double-vjp trick of jvp)", () => {
    const x = tensor([1, 2], f64);
    const v = tensor([0, 0], f64);
    const y = x.square();
    const [g] = autograd.grad(y, x, { gradOutputs: v, createGraph: true });
    // g = 2x·v is linear in v: d(g·u)/dv = 2x·u.
    const [jv] = autograd.grad(g!, v, { gradOutputs: tensor([1, 1], { dtype: "float64" }) });
    expectTensorClose(jv!, { values: [2, 4], shape: [2], dtype: "float64" }, "jv");
  });

  it("a linear function's gradient does not require grad: PyTorch's errors follow", () => {
    const x = tensor([1, 2], f64);
    const [g] = autograd.grad(x.mul(3).sum(), x, { createGraph: true });
    expect(g!.requiresGrad).toBe(false);
    expect(() => autograd.grad(g!.sum(), x)).toThrow(
      "autograd.grad(): element 0 of tensors does not require grad and does not have a grad_fn",
    );
    const y = x.mul(2).sum().add(x.square().sum());
    const [g2] = autograd.grad(y, x, { createGraph: true });
    const z = tensor([1], f64);
    expect(() => autograd.grad(g2!.sum(), [x, z], { retainGraph: true })).toThrow(
      "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
    );
    expect(autograd.grad(g2!.sum(), [x, z], { allowUnused: true })[1]).toBeNull();
  });

  it("a backward written with raw kernels is an error naming its node, never a zero second derivative", () => {
    // An op made with `record` whose backward leaves the graph (as a raw kernel would).
    const x = tensor([1, 2], f64);
    const myOp = (t: Tensor) =>
      record(
        noGrad(() => t.mul(2)),
        "MyOpBackward0",
        [t],
        [],
        (g) => [g.detach().mul(2)],
      );
    expect(() => autograd.grad(myOp(x).square().sum(), x, { createGraph: true })).toThrow(
      "backward(): derivative for MyOpBackward0 is not implemented",
    );
    // First order is unchanged.
    expectTensorClose(
      autograd.grad(myOp(x).square().sum(), x)[0]!,
      { values: [8, 16], shape: [2], dtype: "float64" },
      "g",
    );
  });

  it("the first-order path records nothing", () => {
    const x = tensor([1, 2], f64);
    const [g] = autograd.grad(x.softmax(0).square().sum(), x);
    expect(g!.requiresGrad).toBe(false);
    expect(g!.gradFn).toBeNull();
  });

  it("detectAnomaly works through double backward: it names the node of the second graph", () => {
    const x = tensor([0, 1], f64);
    detectAnomaly(() => {
      const [g] = autograd.grad(x.pow(1.5).sum(), x, { createGraph: true }); // 1.5·x^0.5
      // d/dx of x^0.5 at 0 is inf.
      expect(() => autograd.grad(g!.sum(), x)).toThrow(/Function 'PowBackward0' returned inf values/);
    });
  });

  it("gradgradcheck fails on a wrong second derivative", () => {
    class BadSquare extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor) {
        ctx.saveForBackward(x);
        return x.square();
      }
      static override backward(ctx: FunctionCtx, g: Tensor) {
        const [x] = ctx.savedTensors;
        return g.mul(x!.detach()).mul(2); // detached: d/dx of the gradient is lost
      }
    }
    const x = tensor([0.5, 1.5], f64);
    expect(() => gradgradcheck((t) => BadSquare.apply(t), [x])).toThrow(/Jacobian mismatch/);
  });
});

describe("autograd.onceDifferentiable", () => {
  class MyExp extends autograd.Function {
    static override forward(ctx: FunctionCtx, x: Tensor) {
      const y = x.exp();
      ctx.saveForBackward(y);
      return y;
    }
    static override backward = autograd.onceDifferentiable((ctx: FunctionCtx, g: Tensor) =>
      g.mul(ctx.savedTensors[0]!),
    );
  }

  it("gives first-order gradients as before", () => {
    const x = tensor([0, 1], { dtype: "float64", requiresGrad: true });
    const [g] = autograd.grad(MyExp.apply(x).sum(), x);
    expectTensorClose(g!, { values: [1, Math.E], shape: [2], dtype: "float64" }, "g");
  });

  it("throws PyTorch's error when differentiated twice", () => {
    const x = tensor([0, 1], { dtype: "float64", requiresGrad: true });
    const y = MyExp.apply(x).mul(x);
    const [g] = autograd.grad(y.sum(), x, { createGraph: true });
    expect(() => autograd.grad(g!.sum(), x)).toThrow(
      "trying to differentiate twice a function that was marked with @once_differentiable",
    );
  });
});
