import { itChecksCases, itGradchecksCases, type OpTable, tagged } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { tensoropsCases } from "../../test/op-table.js";
import {
  gradcheck,
  indexPut,
  maskedSelect,
  ones,
  scatterReduce,
  type Tensor,
  take,
  takeAlongDim,
  tensor,
  where,
  zeros,
} from "../index.js";

/** The ops of core_tensorops.json by name; each mirrors the OPS table of gen_core_tensorops.py. */
const OPS: OpTable = {
  masked_select: ([x, m]) => maskedSelect(x as Tensor, m as Tensor),
  masked_scatter: ([x, m, s]) => (x as Tensor).maskedScatter(m as Tensor, s as Tensor),
  index_fill: ([x, i], a) => (x as Tensor).indexFill(a.dim, i as Tensor, a.value),
  index_add: ([x, i, s], a) =>
    (x as Tensor).indexAdd(a.dim, i as Tensor, s as Tensor, { alpha: a.alpha ?? 1 }),
  index_copy: ([x, i, s], a) => (x as Tensor).indexCopy(a.dim, i as Tensor, s as Tensor),
  index_put: (i, a) => indexPut(i[0] as Tensor, i.slice(1, -1) as Tensor[], i.at(-1)!, a.accumulate ?? false),
  take: ([x, i]) => take(x as Tensor, i as Tensor),
  take_along_dim: ([x, i], a) => takeAlongDim(x as Tensor, i as Tensor, a.dim),
  where_cond: ([c]) => where(c as Tensor),
  scatter_reduce_opt: ([x, i, s], a) =>
    (x as Tensor).scatter(a.dim, i as Tensor, s ?? a.value, { reduce: a.reduce }),
  scatter_reduce: ([x, i, s], a) =>
    scatterReduce(x as Tensor, a.dim, i as Tensor, s as Tensor, a.reduce, {
      includeSelf: a.includeSelf ?? true,
    }),
};

const f32 = { dtype: "float32" } as const;
const CASES = tensoropsCases("indexing", "scatter");

describe("indexing ops of issue 13 match PyTorch (core_tensorops.json)", () => {
  itChecksCases(tagged(CASES, "indexing"), OPS);
  it("covers every op", () => {
    const ops = new Set(CASES.map((c) => c.op));
    for (const op of Object.keys(OPS)) expect(ops.has(op), op).toBe(true);
  });
});

describe("scatter(reduce=) and scatterReduce match PyTorch (core_tensorops.json)", () => {
  itChecksCases(tagged(CASES, "scatter"), OPS);
});

describe("float64 gradchecks at the PyTorch cases", () => {
  itGradchecksCases(CASES, OPS);
});

describe("indexing ops: in place and beyond PyTorch", () => {
  it("the in-place forms write into the tensor and return it", () => {
    const x = zeros([2, 3]);
    expect(x.indexFill_(1, tensor([0, 2]), 7)).toBe(x);
    x.indexAdd_(0, tensor([1]), ones([1, 3]), { alpha: 2 });
    x.indexCopy_(1, tensor([1]), tensor([[5], [6]], f32));
    expect(x.tolist()).toEqual([
      [7, 5, 7],
      [9, 6, 9],
    ]);
    x.maskedScatter_(tensor([[true, false, false]]), tensor([1, 2], f32));
    x.indexPut_([tensor([1]), tensor([2])], 1, true);
    x.scatter_(1, tensor([[0], [0]]), 2, { reduce: "multiply" });
    expect(x.tolist()).toEqual([
      [2, 5, 7],
      [4, 6, 10],
    ]);
  });
  it("in-place forms on a non-leaf keep the graph (gradients as the out-of-place ops)", () => {
    const a = tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
    const y = a.mul(2);
    y.indexPut_([tensor([0, 0])], tensor([10, 20], { dtype: "float64" }), true);
    y.sum().backward();
    expect(a.grad!.tolist()).toEqual([2, 2, 2]);
  });
  it("scatter with reduce has no gradient, as in PyTorch 1.13: backward raises", () => {
    const x = zeros([3], { requiresGrad: true });
    const y = x.scatter(0, tensor([0]), 2, { reduce: "add" });
    expect(() => y.sum().backward()).toThrow(
      "scatter(): the derivative for scatter with reduce is not implemented, as in PyTorch 1.13",
    );
  });
  it("scatterReduce with a src larger than the index: zero gradient outside the index (PyTorch 1.13 fails)", () => {
    for (const reduce of ["sum", "prod", "mean", "amax", "amin"] as const) {
      const x = tensor(
        [
          [0.5, -1],
          [2, 3],
        ],
        { dtype: "float64", requiresGrad: true },
      );
      const s = tensor(
        [
          [1.5, 2.5, 9],
          [-0.5, 4, 9],
        ],
        { dtype: "float64", requiresGrad: true },
      );
      const f = (xx: Tensor, ss: Tensor) =>
        scatterReduce(
          xx,
          1,
          tensor([
            [1, 0],
            [0, 0],
          ]),
          ss,
          reduce,
        );
      expect(gradcheck(f, [x, s]), reduce).toBe(true);
      f(x, s).sum().backward();
      expect([s.grad!.tolist()[0]![2], s.grad!.tolist()[1]![2]]).toEqual([0, 0]);
    }
  });
  it("maskedSelect of a transposed view: the right gradient (PyTorch 1.13 scatters in memory order)", () => {
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [10, 11, 12],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const m = tensor([
      [true, false, true, false],
      [false, false, true, true],
      [true, true, false, false],
    ]);
    expect(gradcheck((t) => maskedSelect(t.t(), m), [a])).toBe(true);
    maskedSelect(a.t(), m)
      .mul(tensor([1, 2, 3, 4, 5, 6], { dtype: "float64" }))
      .sum()
      .backward();
    // PyTorch 1.13 gives [[1, 0, 2], [0, 0, 3], [4, 5, 0], [0, 6, 0]].
    expect(a.grad!.tolist()).toEqual([
      [1, 0, 5],
      [0, 0, 6],
      [2, 3, 0],
      [0, 4, 0],
    ]);
  });
  it("takeAlongDim with argsort gives sort's values", () => {
    const x = tensor([
      [3, 1, 2],
      [0, 5, -1],
    ]);
    expect(takeAlongDim(x, x.argsort(1), 1).tolist()).toEqual(x.sort(1).values.tolist());
  });
});
