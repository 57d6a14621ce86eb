import {
  expectClose,
  expectTensorClose,
  type FixtureTensor,
  type FixtureValue,
  fixtureErrors,
  fromFixture,
  itChecksCases,
  type OpCase,
  type OpTable,
  tagged,
  unitTol,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { gradcheckInput3 } from "../../test/op-table.js";
import { loadFixture } from "../../test/op-table.js";
import { gradcheck, logSoftmax, logsumexp, scalarTensor, softmax, type Tensor, tensor } from "../index.js";

// ---- PyTorch cases (tools/fixtures/gen_seed_ops.py): one row per op, input, dim -----------------
//
// checkOpCase compares each row's output and gradient with PyTorch's: NaN must meet NaN and an
// infinity the same infinity; rtol 1e-5 (float32) / 1e-10 (float64), plus an atol of rtol times
// the tensor's largest finite magnitude: PyTorch accumulates in the input dtype while tsgrad's
// kernels accumulate in doubles, so values that cancel (a gradient near 0, a log-softmax near 0)
// differ by a rounding error of the row's scale, not of their own. Rows tagged "relative" (logits
// of ±1e15 and ±1e30) compare each element with rtol and an absolute floor of rtol instead, so a
// 1e30 entry does not widen the tolerance of the small ones beside it.

/** The softmax family as the rows name it; params are {dim, keepdim?}. */
const SOFTMAX: OpTable = {
  softmax: ([x], p) => (x as Tensor).softmax(p.dim),
  log_softmax: ([x], p) => (x as Tensor).logSoftmax(p.dim),
  logsumexp: ([x], p) => (x as Tensor).logsumexp(p.dim, p.keepdim ?? false),
};

/** A row; huge-logit logsumexp rows also keep PyTorch's own (differing) gradient as `torch_grad`. */
type Case = OpCase & { torch_grad?: FixtureValue[] };
const FIX = loadFixture<{
  softmax: Case[];
  softmax_stability: Case[];
  errors: { name: string; message: string }[];
}>("seed_ops");

const input = (c: Case): FixtureTensor => c.inputs[0] as FixtureTensor;

// ---- tests --------------------------------------------------------------------------------------

describe("softmax family against PyTorch", () => {
  itChecksCases(FIX.softmax, SOFTMAX);

  it("covers every dim, negative ones included, of 2-D and 3-D inputs, and lists of dims", () => {
    const seen = new Set(
      FIX.softmax.map((c) => `${c.op} ${input(c).shape.length} ${JSON.stringify(c.params.dim)}`),
    );
    for (const op of ["softmax", "log_softmax", "logsumexp"]) {
      for (const nd of [2, 3]) for (let d = -nd; d < nd; d++) expect(seen.has(`${op} ${nd} ${d}`)).toBe(true);
    }
    expect(FIX.softmax.some((c) => Array.isArray(c.params.dim) && input(c).shape.length === 3)).toBe(true);
  });
});

describe("softmax family: numerical stability (PyTorch values)", () => {
  itChecksCases(FIX.softmax_stability, SOFTMAX);

  it("covers logits of ±1e15 and ±1e30 in both float dtypes, along rows and columns", () => {
    const huge = tagged(FIX.softmax_stability, "relative");
    const seen = new Set(huge.map((c) => `${c.op} ${input(c).dtype} ${c.params.dim}`));
    for (const op of ["softmax", "log_softmax", "logsumexp"]) {
      for (const dtype of ["float32", "float64"])
        for (const dim of [-1, 0]) expect(seen.has(`${op} ${dtype} ${dim}`)).toBe(true);
    }
    const x64 = input(huge.find((c) => input(c).dtype === "float64")!).values;
    for (const v of [1e15, -1e15, 1e30, -1e30]) expect(x64).toContain(v);
  });

  it("[[1e15, 1e15, 0]] float32: logSoftmax is [-0.6931, -0.6931, -1e15], as in PyTorch", () => {
    const c = tagged(FIX.softmax_stability, "relative").find(
      (k) => k.op === "log_softmax" && input(k).dtype === "float32",
    )!;
    const got = tensor([[1e15, 1e15, 0]], { dtype: "float32" })
      .logSoftmax(1)
      .toTypedArray();
    expectClose(got, c.outputs[0]!.values.slice(0, 3), unitTol("float32"), "logSoftmax");
  });

  it("logsumexp's gradient of huge logits is softmax·g, where PyTorch's exp(x − lse)·g is off", () => {
    // The reason for the catalogue's note: PyTorch's own backward differs from softmax·g here.
    const off = FIX.softmax_stability.filter((c) =>
      c.torch_grad?.some((v, i) => Math.abs(Number(v) - Number(c.grads[0]![i])) > 0.01),
    );
    expect(off.map((c) => input(c).dtype).sort()).toEqual(["float32", "float32", "float64", "float64"]);
  });

  it("gives finite, exact values for logits of ±1e4 (float64) and ±80 (float32)", () => {
    const x64 = tensor([1e4, -1e4, 0], { dtype: "float64" });
    expect(x64.logSoftmax(0).tolist()).toEqual([0, -2e4, -1e4]);
    expect(x64.logsumexp(0).item()).toBe(1e4);
    expect(x64.softmax(0).tolist()).toEqual([1, 0, 0]);
    const x32 = tensor([80, -80, 0], { dtype: "float32" });
    expect(x32.logSoftmax(0).tolist()).toEqual([0, -160, -80]);
    expect(x32.logsumexp(0).item()).toBe(80);
    // exp(80) overflows float32 (max ≈ 3.4e38) in a naive kernel; the shifted one stays finite.
    expect(x32.softmax(0).toTypedArray().every(Number.isFinite)).toBe(true);
  });

  it("a -inf logit gives -inf out of logSoftmax and a finite gradient", () => {
    const x = tensor([[1, -Infinity, 2]], { dtype: "float64", requiresGrad: true });
    const y = x.logSoftmax(-1);
    expect(y.tolist()[0][1]).toBe(-Infinity);
    y.backward(tensor([[0.5, 1, -2]], { dtype: "float64" }));
    expect(x.grad!.toTypedArray().every(Number.isFinite)).toBe(true);
    // g − softmax·Σg, and softmax is 0 at the -inf logit: the gradient there is g itself.
    expect(x.grad!.tolist()[0][1]).toBe(1);
  });

  it("an all -inf slice: logsumexp is -inf (not NaN); softmax, logSoftmax and the gradient are NaN as in PyTorch", () => {
    const x = tensor(
      [
        [-Infinity, -Infinity],
        [0, -Infinity],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const l = x.logsumexp(1);
    expect(l.tolist()).toEqual([-Infinity, 0]);
    l.sum().backward();
    const g = x.grad!.tolist();
    expect(Number.isNaN(g[0][0]) && Number.isNaN(g[0][1])).toBe(true);
    expect(g[1]).toEqual([1, 0]);
    expect(x.softmax(1).tolist()[0].every(Number.isNaN)).toBe(true);
    expect(x.logSoftmax(1).tolist()[0].every(Number.isNaN)).toBe(true);
  });
});

describe("fused backward rules equal the composed versions (float64)", () => {
  const base = FIX.softmax.filter(
    (c) => input(c).dtype === "float64" && input(c).shape.length === 3 && c.op === "softmax",
  );
  for (const c of base) {
    const dim = c.params.dim as number;
    const x = input(c);
    it(`dim=${dim}`, () => {
      const g = fromFixture({ values: c.weights[0]!, shape: x.shape, dtype: x.dtype });
      const fused = [fromFixture(x, true), fromFixture(x, true), fromFixture(x, true)];
      const composed = [fromFixture(x, true), fromFixture(x, true), fromFixture(x, true)];
      const ys = [fused[0]!.softmax(dim), fused[1]!.logSoftmax(dim), fused[2]!.logsumexp(dim, true)];
      const zs = [
        composed[0]!.exp().div(composed[0]!.exp().sum(dim, true)),
        composed[1]!.sub(composed[1]!.logsumexp(dim, true)),
        composed[2]!.exp().sum(dim, true).log(),
      ];
      for (let k = 0; k < 3; k++) {
        const gk = k === 2 ? g.sum(dim, true) : g;
        expectTensorClose(
          ys[k]!,
          { values: Array.from(zs[k]!.toTypedArray()), shape: zs[k]!.shape.slice(), dtype: x.dtype },
          "forward",
        );
        ys[k]!.backward(gk);
        zs[k]!.backward(gk);
        const ref = composed[k]!.grad!;
        expectTensorClose(
          fused[k]!.grad!,
          { values: Array.from(ref.toTypedArray()), shape: x.shape, dtype: x.dtype },
          `grad ${k}`,
        );
      }
    });
  }

  it("softmax backward is y·(g − Σ g·y) and logSoftmax backward is g − softmax·Σg", () => {
    const x = tensor([[0.3, -1.2, 2.5, 0.1]], { dtype: "float64", requiresGrad: true });
    const g = tensor([[1, -0.5, 0.25, 2]], { dtype: "float64" });
    const y = x.softmax(1);
    y.backward(g);
    const yv = y.tolist()[0] as number[];
    const gv = g.tolist()[0] as number[];
    const s = yv.reduce((a, v, i) => a + v * gv[i]!, 0);
    (x.grad!.tolist()[0] as number[]).forEach((v, i) => {
      expect(v).toBeCloseTo(yv[i]! * (gv[i]! - s), 14);
    });
    const x2 = tensor([[0.3, -1.2, 2.5, 0.1]], { dtype: "float64", requiresGrad: true });
    x2.logSoftmax(1).backward(g);
    const sg = gv.reduce((a, v) => a + v, 0);
    (x2.grad!.tolist()[0] as number[]).forEach((v, i) => {
      expect(v).toBeCloseTo(gv[i]! - yv[i]! * sg, 14);
    });
  });
});

describe("softmax family: float64 gradcheck", () => {
  const x3 = gradcheckInput3;
  for (const dim of [0, 1, 2, -1, -2, -3]) {
    it(`softmax / logSoftmax / logsumexp, dim=${dim}`, () => {
      expect(gradcheck((t) => softmax(t, dim), [x3()])).toBe(true);
      expect(gradcheck((t) => logSoftmax(t, dim), [x3()])).toBe(true);
      expect(gradcheck((t) => logsumexp(t, dim), [x3()])).toBe(true);
      expect(gradcheck((t) => logsumexp(t, dim, true), [x3()])).toBe(true);
    });
  }
  it("logsumexp over lists of dims", () => {
    expect(gradcheck((t) => logsumexp(t, [0, 2]), [x3()])).toBe(true);
    expect(gradcheck((t) => logsumexp(t, [-1, -2], true), [x3()])).toBe(true);
    expect(gradcheck((t) => logsumexp(t, []), [x3()])).toBe(true);
  });
  it("large logits and a non-contiguous input", () => {
    const big = tensor([[1e4, 1e4 - 1, 1e4 + 0.5]], { dtype: "float64", requiresGrad: true });
    expect(gradcheck((t) => logSoftmax(t, 1), [big])).toBe(true);
    expect(gradcheck((t) => softmax(t.transpose(0, 2), 1), [x3()])).toBe(true);
  });
});

describe("softmax family: shapes and arguments", () => {
  it("works on non-contiguous inputs", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 0.5, -1],
    ]);
    expect(x.t().softmax(0).tolist()).toEqual(x.softmax(1).t().tolist());
    expect(x.t().logsumexp(0).tolist()).toEqual(x.logsumexp(1).tolist());
  });

  it("0-d input, as PyTorch: softmax 1, logSoftmax 0, logsumexp the value", () => {
    const s = scalarTensor(2.5);
    expect(s.softmax(0).item()).toBe(1);
    expect(s.logSoftmax(-1).item()).toBe(0);
    expect(s.logsumexp(0).item()).toBe(2.5);
    expect(s.softmax(0).shape).toEqual([]);
  });

  it("logsumexp keepdim shapes, and [] reducing every dim", () => {
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(x.float().logsumexp([0, 2], true).shape).toEqual([1, 2, 1]);
    expect(x.float().logsumexp([0, 2]).shape).toEqual([2]);
    expect(x.float().logsumexp([]).shape).toEqual([]);
    expect(x.float().logsumexp([]).item()).toBeCloseTo(
      Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4)),
      6,
    );
  });

  it("logsumexp of an integer tensor is computed in float32, as in PyTorch", () => {
    const y = tensor([[1, 2]]).logsumexp(1);
    expect(y.dtype).toBe("float32");
    expect(y.item()).toBeCloseTo(2.3132617, 6);
  });

  it("dtype casts the input first, positionally (x.softmax(1, torch.float64)) or as { dtype }", () => {
    const x = tensor([[0.1, -2, 3.5]], { dtype: "float32", requiresGrad: true });
    for (const [name, f] of [
      ["softmax", softmax],
      ["logSoftmax", logSoftmax],
    ] as const) {
      const expected = f(x.double(), 1).tolist();
      for (const y of [f(x, 1, "float64"), f(x, 1, { dtype: "float64" }), x[name](1, "float64")]) {
        expect(y.dtype).toBe("float64");
        expect(y.tolist()).toEqual(expected);
      }
      // null and {} leave the dtype alone; integers may be cast to a float (PyTorch allows it).
      expect(f(x, 1, null).dtype).toBe("float32");
      expect(f(x, 1, {}).dtype).toBe("float32");
      expect(f(tensor([1, 2]), 0, "float64").tolist()).toEqual(f(tensor([1, 2]).double(), 0).tolist());
      // The gradient reaches the float32 input through the cast.
      x.grad = null;
      f(x, 1, "float64").select(1, 0).sum().backward();
      expect(x.grad!.dtype).toBe("float32");
    }
    expect(
      gradcheck(
        (a) => a.softmax(0, "float64"),
        [tensor([0.3, -1.2, 2], { dtype: "float64", requiresGrad: true })],
      ),
    ).toBe(true);
    expect(() => softmax(x, 1, "float16" as never)).toThrow(/softmax\(\): unsupported dtype 'float16'/);
    expect(() => logSoftmax(x, 1, { dtyp: "float64" } as never)).toThrow(
      "log_softmax(): got an unexpected option 'dtyp'",
    );
    expect(() => softmax(x, 1, "int32")).toThrow(/softmax\(\): /);
  });

  it("records PyTorch's node names", () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    expect(x.softmax(1).gradFn!.name).toBe("SoftmaxBackward0");
    expect(x.logSoftmax(1).gradFn!.name).toBe("LogSoftmaxBackward0");
    expect(x.logsumexp([0, 1]).gradFn!.name).toBe("LogsumexpBackward0");
  });

  const err = fixtureErrors(FIX.errors);
  it("rejects an out-of-range dim with PyTorch's message", () => {
    const z = tensor([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]).float();
    expect(() => z.softmax(2)).toThrow(err("softmax dim out of range"));
    expect(() => z.logSoftmax(-3)).toThrow(err("log_softmax dim out of range"));
    expect(() => z.logsumexp(2)).toThrow(err("logsumexp dim out of range"));
    expect(() => z.softmax(2)).toThrow(/^softmax\(\)/);
    expect(() => z.logsumexp([0, -2])).toThrow(
      "logsumexp(): dim 0 appears multiple times in the list of dims",
    );
  });

  it("rejects integer input to softmax and logSoftmax, naming the op and dtype", () => {
    expect(() => tensor([[1, 2]]).softmax(1)).toThrow(
      "softmax(): expected a floating point input, but got int32",
    );
    expect(() => tensor([[1, 2]]).logSoftmax(1)).toThrow(
      "log_softmax(): expected a floating point input, but got int32",
    );
  });
});
