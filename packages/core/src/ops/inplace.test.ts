import { describe, expect, it } from "vitest";
import {
  arange,
  elu,
  elu_,
  Generator,
  gradcheck,
  leakyRelu,
  leakyRelu_,
  noGrad,
  ones,
  relu,
  relu_,
  silu,
  silu_,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";
import { expectTensorClose, type FixtureTensor, fixtureErrors, fromFixture } from "@tsgrad/testing";
import { loadFixture } from "../../test/op-table.js";

// ---- fixture cases (PyTorch values from tools/fixtures/gen_seed_ops.py) -------------------------

interface InplaceCase {
  op: string;
  x: FixtureTensor;
  other?: FixtureTensor;
  index?: FixtureTensor;
  mask?: FixtureTensor;
  dim?: number;
  alpha?: number;
  scalar?: number;
  min?: number;
  max?: number;
  g: FixtureTensor;
  out: FixtureTensor;
  grad_x: FixtureTensor;
  grad_other?: FixtureTensor;
  grad_fn: string;
}
interface AliasCase {
  name: string;
  shape: number[];
  /** x after the program (or the tensor it wrote into), when PyTorch runs it. */
  out?: FixtureTensor;
  /** PyTorch's message, when it refuses. */
  error?: string;
}
const FIX = loadFixture<{
  inplace: InplaceCase[];
  errors: { name: string; message: string }[];
  inplace_alias: AliasCase[];
}>("seed_ops");

// Values compare with expectTensorClose: shape, dtype, rtol 1e-5 (float32) / 1e-10 (float64) with
// an rtol·max|e| floor, exact for int32 and bool.
const err = fixtureErrors(FIX.errors);

/** Applies the fixture's in-place op to `a`, with `other` (a tensor) when the case has one. */
function applyOp(c: InplaceCase, a: Tensor, other: Tensor | null): Tensor {
  const o = other ?? c.scalar!;
  switch (c.op) {
    case "add_":
      return a.add_(o, c.alpha ?? 1);
    case "sub_":
      return a.sub_(o, c.alpha ?? 1);
    case "mul_":
      return a.mul_(o);
    case "div_":
      return a.div_(o);
    case "copy_":
      return a.copy_(o);
    case "clamp_":
      return a.clamp_(c.min, c.max);
    case "fill_":
      return a.fill_(c.scalar!);
    case "zero_":
      return a.zero_();
    case "masked_fill_":
      return a.maskedFill_(fromFixture(c.mask!), c.scalar!);
    case "scatter_":
      return a.scatter_(c.dim!, fromFixture(c.index!), o);
    case "scatter_add_":
      return a.scatterAdd_(c.dim!, fromFixture(c.index!), other!);
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

function describeCase(c: InplaceCase): string {
  const args = ["alpha", "scalar", "min", "max", "dim"]
    .filter((k) => c[k as keyof InplaceCase] !== undefined)
    .map((k) => `${k}=${c[k as keyof InplaceCase]}`);
  if (c.other) args.unshift(`other [${c.other.shape}]`);
  return `${c.op}(${args.join(", ")}) ${c.x.dtype}`;
}

// ---- values and gradients against PyTorch ----------------------------------------------------------

describe("in-place ops on a non-leaf, against PyTorch (values, grad_fn, gradients)", () => {
  for (const c of FIX.inplace) {
    it(describeCase(c), () => {
      const x = fromFixture(c.x, true);
      const other = c.other ? fromFixture(c.other, true) : null;
      const a = x.mul(1);
      const r = applyOp(c, a, other);
      expect(r).toBe(a);
      expect(a.version).toBe(1);
      expect(a.gradFn!.name).toBe(c.grad_fn);
      expectTensorClose(a, c.out, "value");
      a.mul(fromFixture(c.g)).sum().backward();
      expectTensorClose(x.grad!, c.grad_x, "grad x");
      if (c.grad_other) expectTensorClose(other!.grad!, c.grad_other, "grad other");
    });
  }

  for (const c of FIX.inplace) {
    it(`${describeCase(c)} without autograd writes the same values`, () => {
      const a = fromFixture(c.x);
      const r = applyOp(c, a, c.other ? fromFixture(c.other) : null);
      expect(r).toBe(a);
      expect(a.version).toBe(1);
      expect(a.requiresGrad).toBe(false);
      expectTensorClose(a, c.out, "value");
    });
  }

  it("covers every in-place op of the issue", () => {
    const ops = new Set(FIX.inplace.map((c) => c.op));
    for (const op of [
      "fill_",
      "zero_",
      "scatter_",
      "scatter_add_",
      "masked_fill_",
      "add_",
      "sub_",
      "mul_",
      "div_",
      "copy_",
      "clamp_",
    ]) {
      expect(ops.has(op)).toBe(true);
    }
  });

  it("writes through a non-contiguous view into the base's storage", () => {
    const base = zeros([2, 3]);
    const col = base.t(); // [3, 2], strided
    col.select(1, 1).add_(tensor([1, 2, 3]).float());
    col.fill_(7).narrow(0, 0, 1).mul_(2);
    expect(base.tolist()).toEqual([
      [14, 7, 7],
      [14, 7, 7],
    ]);
  });
});

describe("in-place ops return this", () => {
  it("for every op (no autograd)", () => {
    const t = zeros([2, 3]);
    const index = tensor([[0], [2]]);
    const mask = tensor([true, false, true]);
    const g = new Generator(1);
    const results: [string, Tensor][] = [
      ["fill_", t.fill_(1)],
      ["zero_", t.zero_()],
      ["scatter_", t.scatter_(1, index, 2)],
      ["scatterAdd_", t.scatterAdd_(1, index, ones([2, 1]))],
      ["maskedFill_", t.maskedFill_(mask, 5)],
      ["add_", t.add_(1)],
      ["sub_", t.sub_(ones([3]), 2)],
      ["mul_", t.mul_(3)],
      ["div_", t.div_(2)],
      ["copy_", t.copy_(tensor([1, 2, 3]).float())],
      ["clamp_", t.clamp_(1.5, 2.5)],
      ["uniform_", t.uniform_(0, 1, g)],
      ["normal_", t.normal_(0, 1, g)],
    ];
    for (const [name, r] of results) expect(r, name).toBe(t);
    expect(t.version).toBe(results.length);
  });
});

// ---- version counter ------------------------------------------------------------------------------

describe("version counter", () => {
  it("is one per storage, shared by views and detach(), bumped by each in-place op", () => {
    const t = zeros([2, 3]);
    const views = [t.view([6]), t.t(), t.select(0, 1), t.detach(), t.narrow(1, 0, 2), t.unsqueeze(0)];
    t.add_(1);
    views[2]!.mul_(2);
    views[3]!.zero_();
    for (const v of [t, ...views]) expect(v.version).toBe(3);
    // An out-of-place op makes new storage with its own counter.
    expect(t.add(1).version).toBe(0);
  });

  it("t.data is the detached view with its own version counter, as PyTorch's .data", () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    const d = p.data;
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    d.mul_(2);
    expect(p.tolist()).toEqual([2, 4, 6]); // shares the values
    expect(d.version).toBe(1);
    expect(p.version).toBe(0); // but not the counter
  });

  const VERSION_ERR =
    "one of the variables needed for gradient computation has been modified by an inplace operation: " +
    "[torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead";

  it("must throw: an output saved for backward (exp) modified in place", () => {
    const x = tensor([0.5, -1, 2], { requiresGrad: true });
    const y = x.exp();
    y.mul_(2);
    expect(() => y.sum().backward()).toThrow(VERSION_ERR);
  });

  it("names the saved input's grad_fn as it is now, after the in-place op (as PyTorch 1.13)", () => {
    // PyTorch: y = a.mul(1); z = y.pow(2); y.add_(1) → "... which is output 0 of AddBackward0 ..."
    for (const [modify, name] of [
      [(y: Tensor) => y.add_(1), "AddBackward0"],
      [(y: Tensor) => y.zero_(), "ZeroBackward0"],
    ] as const) {
      const a = tensor([1, 2, 3], { requiresGrad: true });
      const y = a.mul(1);
      const z = y.pow(2);
      modify(y);
      expect(() => z.sum().backward()).toThrow(
        `[torch.FloatTensor [3]], which is output 0 of ${name}, is at version 1; expected version 0 instead`,
      );
    }
  });

  it("must throw: a saved tensor modified through a view under noGrad", () => {
    const x = tensor([0.5, -1, 2], { requiresGrad: true });
    const y = x.exp();
    const loss = y.sum();
    noGrad(() => y.view([3]).add_(1));
    expect(() => loss.backward()).toThrow(VERSION_ERR);
  });

  it("must throw: a leaf saved by mul modified through detach()", () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    const loss = p.mul(p).sum();
    p.detach().zero_();
    expect(() => loss.backward()).toThrow(
      "one of the variables needed for gradient computation has been modified by an inplace operation: " +
        "[torch.FloatTensor [3]] is at version 1; expected version 0 instead",
    );
  });

  it("must throw: softmax / logSoftmax / logsumexp outputs and a gather index modified", () => {
    const cases: [string, (x: Tensor) => [Tensor, Tensor]][] = [
      ["SoftmaxBackward0", (x) => [x.softmax(0), x.softmax(0)]],
      ["LogSoftmaxBackward0", (x) => [x.logSoftmax(0), x.logSoftmax(0)]],
    ];
    for (const [name, f] of cases) {
      const x = tensor([0.5, -1, 2], { requiresGrad: true });
      const [y] = f(x);
      y!.add_(1);
      expect(() => y!.sum().backward()).toThrow(
        `which is output 0 of ${name}, is at version 1; expected version 0`,
      );
    }
    const x = tensor([[0.5, -1, 2]], { requiresGrad: true });
    const l = x.logsumexp(1, true);
    l.sub_(1);
    expect(() => l.sum().backward()).toThrow(
      "is at version 1; expected version 0 instead (needed by LogsumexpBackward0)",
    );
    const index = tensor([0, 0]);
    const z = tensor([1, 2, 3], { requiresGrad: true }).gather(0, index);
    index.zero_();
    expect(() => z.sum().backward()).toThrow("[torch.IntTensor [2]] is at version 1; expected version 0");
  });

  it("must not throw: a tensor nobody saved modified in place", () => {
    const x = tensor([0.5, -1, 2], { requiresGrad: true });
    const y = x.mul(2); // scalar mul saves nothing
    y.add_(1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it("must not throw: in-place ops whose own backward needs the old value (mul_, clamp_)", () => {
    // PyTorch keeps the original self for these; so does tsgrad (a snapshot taken by the op).
    const x = tensor([0.5, -1, 2], { requiresGrad: true });
    const w = tensor([3, 4, 5], { requiresGrad: true });
    const a = x.mul(1);
    a.mul_(w);
    a.clamp_(-2, 5);
    a.sum().backward();
    // clamp cuts -4 and 10 (`+ 0` turns a -0 from 0·(-1) into 0)
    expect((w.grad!.tolist() as number[]).map((v) => v + 0)).toEqual([0.5, 0, 0]);
    expect(x.grad!.tolist()).toEqual([3, 0, 0]);
  });

  it("must not throw: the seed's pattern, writing a no-grad tensor before it is used", () => {
    const pred = tensor([[0.2, -0.1, 0.4]], { requiresGrad: true });
    const logp = pred.logSoftmax(-1);
    const trueDist = noGrad(() =>
      zeros([1, 3])
        .fill_(0.005)
        .scatter_(1, tensor([[0]]), 0.99),
    );
    const loss = trueDist.neg().mul(logp).sum();
    loss.backward();
    expect(pred.grad!.toTypedArray().every(Number.isFinite)).toBe(true);
  });

  it("must not throw: .data written after the graph was built (PyTorch does not notice either)", () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    const loss = p.mul(p).sum();
    p.data.zero_();
    loss.backward();
    expect(p.grad!.tolist()).toEqual([0, 0, 0]); // 2p with the new p, as in PyTorch
  });
});

// ---- leaves -----------------------------------------------------------------------------------------

describe("in-place ops on a leaf that requires grad", () => {
  const LEAF = err("leaf in place");
  const ops: [string, (t: Tensor) => Tensor][] = [
    ["fill_", (t) => t.fill_(1)],
    ["zero_", (t) => t.zero_()],
    ["add_", (t) => t.add_(1)],
    ["sub_", (t) => t.sub_(ones([3]))],
    ["mul_", (t) => t.mul_(2)],
    ["div_", (t) => t.div_(2)],
    ["copy_", (t) => t.copy_(ones([3]))],
    ["clamp_", (t) => t.clamp_(0, 1)],
    ["uniform_", (t) => t.uniform_()],
    ["normal_", (t) => t.normal_()],
    ["scatter_", (t) => t.scatter_(0, tensor([0]), 1)],
    ["scatterAdd_", (t) => t.scatterAdd_(0, tensor([0]), ones([1]))],
    ["maskedFill_", (t) => t.maskedFill_(tensor([true, false, true]), 1)],
  ];
  for (const [name, f] of ops) {
    it(`${name}: must throw under grad mode, must not throw under noGrad`, () => {
      const p = tensor([0.25, 0.5, 0.75], { requiresGrad: true });
      expect(() => f(p)).toThrow(LEAF);
      expect(() => f(p)).toThrow(new RegExp(`^${name}\\(\\)`));
      expect(p.version).toBe(0);
      expect(p.tolist()).toEqual([0.25, 0.5, 0.75]);
      const r = noGrad(() => f(p));
      expect(r).toBe(p);
      expect(p.version).toBe(1);
      expect(p.isLeaf).toBe(true);
      expect(p.requiresGrad).toBe(true);
      expect(p.gradFn).toBeNull();
    });
  }

  it("a leaf that does not require grad is fine, and becomes part of the graph if src requires grad", () => {
    const t = zeros([3]);
    const s = tensor([1, 2, 3], { requiresGrad: true });
    t.copy_(s);
    expect(t.requiresGrad).toBe(true);
    expect(t.gradFn!.name).toBe("CopyBackwards");
    t.mul(tensor([1, 10, 100]).float())
      .sum()
      .backward();
    expect(s.grad!.tolist()).toEqual([1, 10, 100]);
  });

  it("in place on a view of a non-leaf is recorded (CopySlices; test/copy-slices.test.ts checks it against PyTorch)", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    a.narrow(0, 0, 2).add_(1);
    expect(a.gradFn!.name).toBe("CopySlices");
    expect(a.tolist()).toEqual([2, 3, 3]);
  });
});

// ---- argument errors ------------------------------------------------------------------------------

describe("in-place argument errors with PyTorch's messages", () => {
  it("a result that would broadcast to a larger shape", () => {
    expect(() => zeros([3, 3]).add_(ones([2, 3, 3]))).toThrow(err("add_ broadcast"));
    expect(() => zeros([3, 3]).maskedFill_(ones([2, 3, 3], { dtype: "bool" }), 1)).toThrow(
      err("masked_fill_ broadcast"),
    );
    expect(() => zeros([3]).copy_(ones([2, 3]))).toThrow(
      "copy_(): output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
  });

  it("a float result into an int32 tensor", () => {
    expect(() => zeros([3], { dtype: "int32" }).add_(1.5)).toThrow(err("int add_ float"));
    expect(() => ones([3], { dtype: "int32" }).div_(2)).toThrow(err("int div_"));
    const i = zeros([3], { dtype: "int32" }).add_(2).mul_(3);
    expect(i.tolist()).toEqual([6, 6, 6]);
  });

  it("uniform_ / normal_ argument checks", () => {
    expect(() => zeros([3]).uniform_(2, 1)).toThrow(
      "uniform_(): expects to return a [from, to) range, but found from=2 > to=1",
    );
    expect(() => zeros([3]).normal_(0, -1)).toThrow("normal_(): expects std >= 0.0, but found std -1");
    expect(() => zeros([3], { dtype: "int32" }).uniform_()).toThrow(
      "uniform_(): expected a floating point tensor, but got int32",
    );
  });
});

// ---- random fills -----------------------------------------------------------------------------------

describe("uniform_ and normal_", () => {
  it("uniform_(from, to) stays in [from, to) with the right mean; a seeded generator repeats", () => {
    const t = zeros([20000], { dtype: "float64" }).uniform_(2, 5, new Generator(7));
    const v = t.toTypedArray();
    expect(v.every((x) => x >= 2 && x < 5)).toBe(true);
    expect(t.mean().item()).toBeCloseTo(3.5, 1);
    const again = zeros([20000], { dtype: "float64" }).uniform_(2, 5, new Generator(7));
    expect(again.tolist()).toEqual(t.tolist());
  });

  it("normal_(mean, std) has that mean and std", () => {
    const t = zeros([20000], { dtype: "float64" }).normal_(1, 2, new Generator(3));
    expect(t.mean().item()).toBeCloseTo(1, 1);
    expect(t.std().item()).toBeGreaterThan(1.95);
    expect(t.std().item()).toBeLessThan(2.05);
  });

  it("take PyTorch's keywords as one options object, the same samples as positionally", () => {
    const g = (): Generator => new Generator(11);
    const z = (): Tensor => zeros([50], { dtype: "float64" });
    const pairs: [string, Tensor, Tensor][] = [
      ["uniform_", z().uniform_({ from: -1, to: 2, generator: g() }), z().uniform_(-1, 2, g())],
      ["uniform_ to", z().uniform_({ to: 3, generator: g() }), z().uniform_(0, 3, g())],
      ["normal_", z().normal_({ mean: 1, std: 0.5, generator: g() }), z().normal_(1, 0.5, g())],
      ["normal_ std", z().normal_({ std: 0.02, generator: g() }), z().normal_(0, 0.02, g())],
      ["random_", z().random_({ from: 2, to: 9, generator: g() }), z().random_(2, 9, g())],
      ["random_ to", z().random_({ to: 9, generator: g() }), z().random_(9, undefined, g())],
      ["bernoulli_", z().bernoulli_({ p: 0.3, generator: g() }), z().bernoulli_(0.3, g())],
      ["exponential_", z().exponential_({ lambd: 2, generator: g() }), z().exponential_(2, g())],
    ];
    for (const [name, a, b] of pairs) expect(a.tolist(), name).toEqual(b.tolist());
    // random_({ from }) runs from `from` to the dtype's top, where random_(from) is [0, from).
    const top = zeros([20], { dtype: "int32" }).random_({ from: 2 ** 31 - 3 });
    expect(top.min().item()).toBeGreaterThanOrEqual(2 ** 31 - 3);
  });

  it("an object or a wrong kind in place of a number is a TypeError, not NaN samples", () => {
    expect(() => zeros([2]).normal_(0, 1, 42 as never)).toThrow(
      "normal_(): argument 'generator' must be a Generator, but got a number (42)",
    );
    expect(() => zeros([2]).uniform_("0" as never)).toThrow(
      "uniform_(): argument 'from' must be a number, but got a string (\"0\")",
    );
    expect(() => zeros([2]).normal_({ mean: 0, sd: 1 } as never)).toThrow(
      "normal_(): got an unexpected option 'sd' (did you mean 'std'?)",
    );
    expect(() => Reflect.apply(zeros([2]).normal_, zeros([2]), [{ std: 1 }, 2])).toThrow(
      "normal_(): got an options object as argument 1, so there can be no argument 2",
    );
    expect(() => zeros([2]).normal_({ std: -1 })).toThrow("normal_(): expects std >= 0.0, but found std -1");
    expect(() => zeros([2]).bernoulli_({ p: 2 })).toThrow(
      "bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=2",
    );
    expect(() => zeros([2]).exponential_({ lambd: -1 })).toThrow(
      "exponential_(): exponential_ expects lambda >= 0.0, but found lambda=-1",
    );
  });

  it("on a non-leaf: the old value gets a zero gradient, as in PyTorch (NormalBackward0)", () => {
    for (const [name, f] of [
      ["NormalBackward0", (t: Tensor) => t.normal_()],
      ["UniformBackward0", (t: Tensor) => t.uniform_()],
    ] as const) {
      const x = tensor([1, 2, 3], { requiresGrad: true });
      const a = x.mul(2);
      f(a);
      expect(a.gradFn!.name).toBe(name);
      a.sum().backward();
      expect(x.grad!.tolist()).toEqual([0, 0, 0]);
    }
  });
});

// ---- writes whose source shares self's storage (issue 11) -----------------------------------------------

/**
 * The programs of `alias_programs` in tools/fixtures/gen_seed_ops.py, by name, with the op that
 * writes (whose name the error must start with). Each gets x = arange(numel).reshape(shape) in
 * float32; x afterwards (or the other tensor a program returns) is compared with PyTorch's.
 */
const ALIAS_PROGRAMS: Record<string, [op: string, program: (x: Tensor) => Tensor]> = {
  "add_ self": ["add_", (x) => x.add_(x)],
  "mul_ self": ["mul_", (x) => x.mul_(x)],
  "sub_ self with alpha": ["sub_", (x) => x.sub_(x, 2)],
  "copy_ self": ["copy_", (x) => x.copy_(x)],
  "copy_ a view onto itself": ["copy_", (x) => x.slice(0, 1).copy_(x.slice(0, 1))],
  "add_ self expanded to its own shape": ["add_", (x) => x.add_(x.expand(4))],
  "add_ a detached alias": ["add_", (x) => x.add_(x.detach())],
  "copy_ disjoint halves": ["copy_", (x) => x.slice(0, 0, 2).copy_(x.slice(0, 2, 4))],
  "add_ disjoint halves": ["add_", (x) => x.slice(0, 0, 2).add_(x.slice(0, 2, 4))],
  "copy_ column halves": ["copy_", (x) => x.slice(1, 0, 2).copy_(x.slice(1, 2))],
  "copy_ interleaved": ["copy_", (x) => x.slice(0, 0, undefined, 2).copy_(x.slice(0, 1, undefined, 2))],
  "copy_ one element into the rest": ["copy_", (x) => x.slice(0, 1).copy_(x.select(0, 0))],
  "copy_ row into row": ["copy_", (x) => x.select(0, 0).copy_(x.select(0, 1))],
  "copy_ column into column": ["copy_", (x) => x.select(1, 0).copy_(x.select(1, 1))],
  "copy_ transposed into another storage": ["copy_", (x) => zeros([3, 2]).copy_(x.t())],
  "add_ transposed clone": ["add_", (x) => x.add_(x.t().clone())],
  "fill_ expanded": ["fill_", (x) => x.expand(2, 3).fill_(5)],
  "zero_ expanded": ["zero_", (x) => x.expand(2, 3).zero_()],
  "copy_ expanded onto itself": [
    "copy_",
    (x) => {
      const e = x.expand(2, 3);
      return e.copy_(e);
    },
  ],
  "copy_ shifted narrow": ["copy_", (x) => x.narrow(0, 1, 4).copy_(x.narrow(0, 0, 4))],
  "add_ shifted narrow": ["add_", (x) => x.narrow(0, 0, 4).add_(x.narrow(0, 1, 4))],
  "add_ t() of a 2x2": ["add_", (x) => x.add_(x.t())],
  "add_ t() of a 3x3": ["add_", (x) => x.add_(x.t())],
  "mul_ permuted": ["mul_", (x) => x.mul_(x.permute(2, 0, 1))],
  "add_ own element": ["add_", (x) => x.add_(x.select(0, 0))],
  "add_ own first slice, broadcast": ["add_", (x) => x.add_(x.slice(0, 0, 1))],
  "copy_ own element": ["copy_", (x) => x.copy_(x.select(0, 0))],
  "copy_ overlapping rows": ["copy_", (x) => x.slice(0, 1).copy_(x.slice(0, 0, 2))],
  "scatter_ src is self": ["scatter_", (x) => x.scatter_(0, tensor([2, 1, 0]), x)],
  "scatter_ src overlaps self": ["scatter_", (x) => x.scatter_(0, tensor([0, 1]), x.slice(0, 1))],
  "scatter_add_ src is self": ["scatterAdd_", (x) => x.scatterAdd_(0, tensor([2, 1, 0]), x)],
  "add_ expanded": ["add_", (x) => x.expand(2, 3).add_(1)],
  "mul_ expanded": ["mul_", (x) => x.expand(2, 3).mul_(2)],
  "add_ expanded self": [
    "add_",
    (x) => {
      const e = x.expand(2, 3);
      return e.add_(e);
    },
  ],
  "copy_ into expanded": ["copy_", (x) => x.expand(2, 3).copy_(zeros([2, 3]))],
  "clamp_ expanded": ["clamp_", (x) => x.expand(3, 2).clamp_(0, 1)],
  "relu_ expanded": ["relu_", (x) => x.expand(2, 3).relu_()],
  "uniform_ expanded": ["uniform_", (x) => x.expand(2, 3).uniform_()],
  "copy_ into unsqueezed expanded": [
    "copy_",
    (x) =>
      x
        .unsqueeze(0)
        .expand(2, 1, 3)
        .copy_(ones([2, 1, 3])),
  ],
  "scatter_ into expanded": ["scatter_", (x) => x.expand(2, 3).scatter_(0, tensor([[0, 1, 0]]), 1)],
  "scatter_add_ into expanded": [
    "scatterAdd_",
    (x) => x.expand(2, 3).scatterAdd_(0, tensor([[0, 1, 0]]), ones([1, 3])),
  ],
  "copy_ strided slice overlapping": ["copy_", (x) => x.slice(0, 0, 3).copy_(x.slice(0, 0, undefined, 2))],
  "copy_ overlapping column blocks": ["copy_", (x) => x.slice(1, 1, 3).copy_(x.slice(1, 2))],
  "add_ own element expanded": ["add_", (x) => x.add_(x.slice(0, 0, 1).expand(4))],
  "masked_fill_ expanded": ["maskedFill_", (x) => x.expand(2, 3).maskedFill_(tensor([true, false, true]), 7)],
  "add_ squeezed self": ["add_", (x) => x.add_(x.squeeze(0))],
};

const PARTIAL =
  "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.";
const INTERNAL =
  "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.";

/**
 * Where tsgrad deliberately answers otherwise than PyTorch (README, "In place"). PyTorch compares
 * only dense tensors and runs the strided ones, whatever they share ("too hard"); tsgrad decides
 * exactly, so it refuses the first three, whose memory does overlap. It refuses masked_fill_ into an
 * expanded view, which PyTorch only deprecates. It runs `x.add_(x.squeeze(0))`, which reads exactly
 * the elements it writes, where PyTorch's refusal comes from comparing stride lists of different lengths.
 */
const TSGRAD_DIFFERS: Record<string, string | "runs"> = {
  "copy_ strided slice overlapping": PARTIAL,
  "copy_ overlapping column blocks": PARTIAL,
  "add_ own element expanded": PARTIAL,
  "masked_fill_ expanded": INTERNAL,
  "add_ squeezed self": "runs",
};

describe("in-place writes whose source shares self's storage, against PyTorch", () => {
  const x0 = (shape: number[]) =>
    arange(shape.reduce((a, b) => a * b, 1))
      .float()
      .reshape(shape);

  for (const c of FIX.inplace_alias) {
    const differs = TSGRAD_DIFFERS[c.name];
    const what =
      differs === undefined ? (c.error ? "throws as PyTorch" : "PyTorch's values") : "deliberately differs";
    it(`${c.name}: ${what}`, () => {
      const [op, program] = ALIAS_PROGRAMS[c.name]!;
      const x = x0(c.shape);
      if (differs === "runs") {
        expect(c.error).toBe(PARTIAL);
        const expected = x.clone().add(x.clone().squeeze(0));
        program(x);
        expect(x.tolist()).toEqual(expected.tolist());
      } else if (differs !== undefined || c.error !== undefined) {
        const message = differs ?? c.error!;
        const before = x.tolist();
        const version = x.version;
        expect(() => program(x)).toThrow(`${op}(): ${message}`);
        expect(x.tolist(), "nothing written").toEqual(before);
        expect(x.version, "version not bumped").toBe(version);
      } else {
        const r = program(x);
        expectTensorClose(r.storage === x.storage ? x : r, c.out!, "value");
      }
    });
  }

  it("runs every program of the fixture and no other", () => {
    expect(FIX.inplace_alias.map((c) => c.name).sort()).toEqual(Object.keys(ALIAS_PROGRAMS).sort());
  });

  it("the same checks apply when autograd records the op", () => {
    // (The gradients of recorded aliasing ops against PyTorch: autograd/engine.test.ts.)
    const a = tensor([1, 2, 3, 4, 5], { requiresGrad: true }).mul(1);
    expect(() => a.add_(a.detach().narrow(0, 0, 1))).toThrow(`add_(): ${PARTIAL}`);
    expect(() => a.copy_(a.detach().select(0, 2))).toThrow(`copy_(): ${PARTIAL}`);
    expect(() => a.expand(2, 5).mul_(tensor([2], { requiresGrad: true }))).toThrow(`mul_(): ${INTERNAL}`);
    expect(a.version).toBe(0);
    expect(a.gradFn!.name).toBe("MulBackward0");
  });

  it("a tensor and its .data share memory, so partial overlap through .data is caught too", () => {
    const x = arange(4).float();
    expect(() => x.data.narrow(0, 1, 3).copy_(x.narrow(0, 0, 3))).toThrow(`copy_(): ${PARTIAL}`);
    expect(() => x.narrow(0, 1, 3).add_(x.data.narrow(0, 0, 3))).toThrow(`add_(): ${PARTIAL}`);
  });
});

// ---- views made under noGrad ------------------------------------------------------------------------

describe("a view made under noGrad, modified in place with grad mode on", () => {
  const NO_GRAD_VIEW =
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

  it("must throw when its base requires grad (a non-leaf or a leaf), for every in-place op", () => {
    const ops: [string, (v: Tensor) => Tensor][] = [
      ["mul_", (v) => v.mul_(2)],
      ["add_", (v) => v.add_(ones([2]))],
      ["copy_", (v) => v.copy_(zeros([2]))],
      ["fill_", (v) => v.fill_(0)],
      ["zero_", (v) => v.zero_()],
      ["clamp_", (v) => v.clamp_(0, 1)],
      ["uniform_", (v) => v.uniform_()],
      ["scatter_", (v) => v.scatter_(0, tensor([0]), 1)],
      ["maskedFill_", (v) => v.maskedFill_(tensor([true, false]), 1)],
    ];
    for (const [op, f] of ops) {
      for (const leaf of [true, false]) {
        const w = tensor([1, 2, 3], { requiresGrad: true });
        const base = leaf ? w : w.mul(1);
        const v = noGrad(() => base.narrow(0, 0, 2));
        expect(() => f(v), `${op} leaf=${leaf}`).toThrow(`${op}(): ${NO_GRAD_VIEW}`);
        expect(base.tolist()).toEqual([1, 2, 3]);
        expect(base.version).toBe(0);
      }
    }
  });

  it("must throw for a view of such a view (made with grad on), and when only the other input requires grad", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    const v = noGrad(() => a.narrow(0, 0, 2));
    expect(() => v.select(0, 0).mul_(2)).toThrow(`mul_(): ${NO_GRAD_VIEW}`);
    const plain = noGrad(() => ones([3]).narrow(0, 0, 2));
    expect(() => plain.mul_(tensor([1, 2], { requiresGrad: true }))).toThrow(`mul_(): ${NO_GRAD_VIEW}`);
  });

  it("must not throw: both inside noGrad, both outside, or nothing requiring grad", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    const v = noGrad(() => a.narrow(0, 1, 2));
    noGrad(() => v.mul_(2));
    expect(a.tolist()).toEqual([1, 4, 6]);
    const plain = ones([3]);
    noGrad(() => plain.narrow(0, 0, 2)).mul_(3);
    expect(plain.tolist()).toEqual([3, 3, 1]);
    const d = noGrad(() => a.detach()); // detach() is not a view made under noGrad
    expect(d.noGradView).toBe(false);
    d.zero_();
    expect(a.tolist()).toEqual([0, 0, 0]);
    const outside = ones([3]).narrow(0, 0, 2);
    expect(outside.noGradView).toBe(false);
    outside.mul_(tensor([1, 2], { requiresGrad: true }));
    // PyTorch 1.13: the view's grad_fn is AsStridedBackward0, its base's CopySlices.
    expect([outside.gradFn!.name, outside.base!.gradFn!.name]).toEqual(["AsStridedBackward0", "CopySlices"]);
  });
});

// ---- gradcheck --------------------------------------------------------------------------------------

describe("in-place ops inside the graph: float64 gradcheck", () => {
  const x = () =>
    tensor(
      [
        [0.3, -1.2, 2.5],
        [1.7, 0.4, -0.9],
      ],
      { dtype: "float64", requiresGrad: true },
    );
  const w = () => tensor([0.7, -1.3, 2.1], { dtype: "float64", requiresGrad: true });
  it("add_ / sub_ with alpha, mul_ / div_ by a tensor that requires grad", () => {
    expect(gradcheck((a, b) => a.mul(1).add_(b, 0.5), [x(), w()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(1).sub_(b, 2), [x(), w()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(1).mul_(b), [x(), w()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(1).div_(b), [x(), w()])).toBe(true);
  });
  it("clamp_, copy_, fill_, zero_ and a chain of them", () => {
    expect(gradcheck((a) => a.mul(1).clamp_(-1, 1), [x()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(1).copy_(b), [x(), w()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(b).fill_(3).add(a), [x(), w()])).toBe(true);
    // (exp(a).zero_() would rightly throw: exp saves its output.)
    expect(gradcheck((a) => a.sin().zero_().add_(a.square()), [x()])).toBe(true);
    expect(gradcheck((a, b) => a.mul(2).add_(b).mul_(b).div_(3).sub_(a), [x(), w()])).toBe(true);
  });
  it("the in-place activations relu_, leakyRelu_, elu_, silu_ (any slope and alpha)", () => {
    expect(gradcheck((a) => relu_(a.mul(1)), [x()])).toBe(true);
    for (const s of [0.2, -0.5]) expect(gradcheck((a) => leakyRelu_(a.mul(1), s), [x()])).toBe(true);
    for (const al of [1, 0.5, -0.5]) expect(gradcheck((a) => elu_(a.mul(1), al), [x()])).toBe(true);
    expect(gradcheck((a) => silu_(a.mul(2)).mul(a), [x()])).toBe(true);
  });
});

describe("in-place activations: the out-of-place values, written into the input", () => {
  const CASES: [string, (t: Tensor) => Tensor, (t: Tensor) => Tensor, string][] = [
    ["relu_", relu_, relu, "ReluBackward0"],
    ["leakyRelu_", (t) => leakyRelu_(t, 0.1), (t) => leakyRelu(t, 0.1), "LeakyReluBackward1"],
    ["elu_", (t) => elu_(t, 0.5), (t) => elu(t, 0.5), "EluBackward1"],
    ["silu_", silu_, silu, "SiluBackward0"],
  ];
  for (const [name, inPlace, outOfPlace, node] of CASES) {
    it(`${name}: same values, returns its input, bumps the version, PyTorch's node ${node}`, () => {
      const x = tensor([-2, -0.5, 0, 0.5, 3], { dtype: "float64" });
      const expected = outOfPlace(x).tolist();
      const v = x.version;
      expect(inPlace(x)).toBe(x);
      expect(x.tolist()).toEqual(expected);
      expect(x.version).toBe(v + 1);
      const leaf = tensor([1, -1], { dtype: "float64", requiresGrad: true });
      expect(inPlace(leaf.mul(1)).gradFn!.name).toBe(node);
      expect(() => inPlace(leaf)).toThrow(
        /a leaf Variable that requires grad is being used in an in-place operation/,
      );
    });
  }
});

describe("the in-place unary methods are their out-of-place op written back (values, grad_fn, gradients)", () => {
  // [method, the out-of-place op it writes back]
  const TABLE: [string, (t: Tensor) => Tensor][] = [
    ["sigmoid_", (t) => t.sigmoid()],
    ["tanh_", (t) => t.tanh()],
    ["abs_", (t) => t.abs()],
    ["log_", (t) => t.log()],
    ["sin_", (t) => t.sin()],
    ["cos_", (t) => t.cos()],
    ["floor_", (t) => t.floor()],
    ["ceil_", (t) => t.ceil()],
    ["trunc_", (t) => t.trunc()],
    ["reciprocal_", (t) => t.reciprocal()],
    ["rsqrt_", (t) => t.rsqrt()],
    ["square_", (t) => t.square()],
    ["sign_", (t) => t.sign()],
    ["log1p_", (t) => t.log1p()],
    ["expm1_", (t) => t.expm1()],
    ["erf_", (t) => t.erf()],
    ["pow_ 3", (t) => t.pow(3)],
    ["clampMin_ 1", (t) => t.clampMin(1)],
    ["clampMax_ 1", (t) => t.clampMax(1)],
  ];
  const call = (t: Tensor, spec: string): Tensor => {
    const [name, arg] = spec.split(" ");
    const m = (t as unknown as Record<string, (...a: number[]) => Tensor>)[name!]!;
    return arg === undefined ? m.call(t) : m.call(t, Number(arg));
  };
  for (const [spec, op] of TABLE) {
    it(spec, () => {
      // Away from integers and from 1, where floor/sign/clamp have their kinks.
      const values = [0.3, 1.7, 2.2];
      const x = tensor(values, { dtype: "float64", requiresGrad: true });
      const y = x.mul(1);
      const z = call(y, spec);
      expect(z).toBe(y);
      const ref = op(tensor(values, { dtype: "float64", requiresGrad: true }).mul(1));
      expect(z.tolist()).toEqual(ref.tolist());
      expect(z.gradFn?.name).toBe(ref.gradFn?.name);
      expect(y.version).toBe(1);
      expect(
        gradcheck(
          (t: Tensor) => call(t.mul(1), spec),
          [tensor(values, { dtype: "float64", requiresGrad: true })],
        ),
      ).toBe(true);
    });
  }
});
