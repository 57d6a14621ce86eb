import { describe, expect, it } from "vitest";
import { gradcheckInput3 } from "../../test/op-table.js";
import {
  gather,
  gradcheck,
  indexSelect,
  maskedFill,
  noGrad,
  oneHot,
  scatter,
  scatterAdd,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";
import {
  expectTensorClose,
  type FixtureTensor,
  fixtureErrors,
  fromFixture,
  itChecksCases,
  type OpCase,
  type OpTable,
} from "@tsgrad/testing";
import { loadFixture } from "../../test/op-table.js";

// ---- fixture cases (PyTorch values from tools/fixtures/gen_seed_ops.py) -------------------------

interface IndexCase {
  dim: number;
  x: FixtureTensor;
  index: FixtureTensor;
  src?: FixtureTensor;
  value?: number;
  g: FixtureTensor;
  out: FixtureTensor;
  grad?: FixtureTensor;
  grad_x?: FixtureTensor;
  grad_src?: FixtureTensor;
  forward_only?: boolean;
}
interface MaskCase {
  x: FixtureTensor;
  mask: FixtureTensor;
  value: number;
  g?: FixtureTensor;
  out: FixtureTensor;
  grad?: FixtureTensor;
}
const FIX = loadFixture<{
  gather: OpCase[];
  scatter: IndexCase[];
  scatter_value: IndexCase[];
  scatter_add: IndexCase[];
  index_select: OpCase[];
  masked_fill: MaskCase[];
  one_hot: { t: FixtureTensor; num_classes: number; out: FixtureTensor }[];
  errors: { name: string; message: string }[];
}>("seed_ops");

// Values compare with expectTensorClose: shape, dtype, rtol 1e-5 (float32) / 1e-10 (float64) with
// an rtol·max|e| floor (a float32 sum of several gradients carries a rounding error of the sum's
// scale even where the result is near 0), exact for int32 and bool.

const label = (c: IndexCase): string => `${c.x.dtype} [${c.x.shape}] dim=${c.dim} index [${c.index.shape}]`;
const fixtureError = fixtureErrors(FIX.errors);
// tsgrad appends the values after PyTorch's sentence
const err = (name: string): string => fixtureError(name).replace(/\.$/, "");

/** The input rank and dim of a case in either layout (an op case's first input and params.dim). */
const rankDim = (c: IndexCase | OpCase): [number, number] =>
  "params" in c ? [c.inputs[0]!.shape!.length, c.params.dim] : [c.x.shape.length, c.dim];

function dimsCovered(cases: (IndexCase | OpCase)[]): void {
  const seen = cases.map(rankDim);
  for (const nd of [2, 3]) {
    for (let d = -nd; d < nd; d++) {
      expect(seen.some(([r, k]) => r === nd && k === d)).toBe(true);
    }
  }
}

/** gather and indexSelect as the op cases name them: inputs [x, index], params {dim}. */
const INDEX_OPS: OpTable = {
  gather: ([x, index], p) => (x as Tensor).gather(p.dim, index as Tensor),
  index_select: ([x, index], p) => (x as Tensor).indexSelect(p.dim, index as Tensor),
};

// ---- gather -------------------------------------------------------------------------------------

describe("gather against PyTorch", () => {
  itChecksCases(FIX.gather, INDEX_OPS);

  it("covers every dim of 2-D and 3-D inputs and duplicate indices", () => {
    dimsCovered(FIX.gather);
    const dup = FIX.gather.at(-1)!;
    expect(dup.inputs[1]!.values).toEqual([1, 1, 1, 0, 2, 2, 0, 2]);
  });

  it("its backward is a scatterAdd of the upstream gradient", () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const index = tensor([
      [2, 2, 0, 2],
      [1, 0, 1, 1],
    ]);
    const g = tensor(
      [
        [0.5, 1, -2, 4],
        [3, 7, -1, 0.25],
      ],
      { dtype: "float64" },
    );
    x.gather(1, index).backward(g);
    expect(x.grad!.tolist()).toEqual(zeros([2, 3], { dtype: "float64" }).scatterAdd(1, index, g).tolist());
    expect(x.grad!.tolist()).toEqual([
      [-2, 0, 5.5],
      [7, 2.25, 0],
    ]);
  });

  it("reads non-contiguous input and index", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]).float();
    const index = tensor([
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    // x.t() is [3, 2]; index.t() is [2, 3].
    expect(x.t().gather(1, index).tolist()).toEqual(x.t().contiguous().gather(1, index).tolist());
    expect(x.gather(0, index.t()).tolist()).toEqual(x.gather(0, index.t().contiguous()).tolist());
    expect(x.gather(0, index.t()).tolist()).toEqual([
      [1, 5, 3],
      [4, 5, 3],
    ]);
  });
});

// ---- scatter ------------------------------------------------------------------------------------

/**
 * A scatter (`accumulate` false) or scatterAdd case with a src tensor: forward, the in-place form
 * (same values, returning the tensor itself), then the gradients of self and src.
 */
function checkScatterSrcCase(c: IndexCase, accumulate: boolean): void {
  const x = fromFixture(c.x, true);
  const src = fromFixture(c.src!, true);
  const index = fromFixture(c.index);
  const y = accumulate ? x.scatterAdd(c.dim, index, src) : x.scatter(c.dim, index, src);
  expectTensorClose(y, c.out, "forward");
  const t = fromFixture(c.x);
  const tsrc = fromFixture(c.src!);
  expect(accumulate ? t.scatterAdd_(c.dim, index, tsrc) : t.scatter_(c.dim, index, tsrc)).toBe(t);
  expectTensorClose(t, c.out, accumulate ? "scatterAdd_" : "scatter_");
  if (c.forward_only) return;
  y.backward(fromFixture(c.g));
  expectTensorClose(x.grad!, c.grad_x!, "grad self");
  expectTensorClose(src.grad!, c.grad_src!, "grad src");
}

describe("scatter (src tensor) against PyTorch", () => {
  for (const c of FIX.scatter) {
    it(`${label(c)}${c.forward_only ? " (src larger than index)" : ""}`, () => checkScatterSrcCase(c, false));
  }
  it("covers every dim of 2-D and 3-D inputs", () => dimsCovered(FIX.scatter));

  it("a src larger than the index gets a zero gradient where it was never read", () => {
    // PyTorch 1.13 raises "returned an invalid gradient" here; tsgrad pads with zeros.
    const x = zeros([3, 4], { dtype: "float64" });
    const src = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const index = tensor([
      [3, 0],
      [1, 2],
    ]);
    x.scatter(1, index, src).backward(
      tensor(
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
        { dtype: "float64" },
      ),
    );
    expect(src.grad!.tolist()).toEqual([
      [4, 1, 0],
      [6, 7, 0],
      [0, 0, 0],
    ]);
  });
});

describe("scatter (value) against PyTorch", () => {
  for (const c of FIX.scatter_value) {
    it(label(c), () => {
      const x = fromFixture(c.x, true);
      const index = fromFixture(c.index);
      const y = x.scatter(c.dim, index, c.value!);
      expectTensorClose(y, c.out, "forward");
      expect(y.gradFn!.name).toBe("ScatterBackward1");
      const t = fromFixture(c.x);
      expect(t.scatter_(c.dim, index, c.value!)).toBe(t);
      expectTensorClose(t, c.out, "scatter_");
      y.backward(fromFixture(c.g));
      expectTensorClose(x.grad!, c.grad_x!, "grad self");
    });
  }
  it("covers every dim of 2-D and 3-D inputs", () => dimsCovered(FIX.scatter_value));

  it("writes into an int32 tensor, truncating nothing that fits", () => {
    const t = zeros([2, 3], { dtype: "int32" });
    t.scatter_(1, tensor([[2], [0]]), 7);
    expect(t.tolist()).toEqual([
      [0, 0, 7],
      [7, 0, 0],
    ]);
  });
});

describe("scatterAdd against PyTorch", () => {
  for (const c of FIX.scatter_add) {
    it(`${label(c)}${c.forward_only ? " (src larger than index)" : ""}`, () => checkScatterSrcCase(c, true));
  }

  it("covers every dim of 2-D and 3-D inputs, with duplicate indices along dim", () => {
    dimsCovered(FIX.scatter_add);
    // Each case's index is longer than self along dim, so it must repeat some position.
    for (const c of FIX.scatter_add.filter((k) => !k.forward_only)) {
      const d = (c.dim + c.x.shape.length) % c.x.shape.length;
      expect(c.index.shape[d]).toBeGreaterThan(c.x.shape[d]!);
    }
  });
});

// ---- indexSelect, maskedFill, oneHot ------------------------------------------------------------

describe("indexSelect against PyTorch", () => {
  itChecksCases(FIX.index_select, INDEX_OPS);
  it("covers every dim of 2-D and 3-D inputs", () => dimsCovered(FIX.index_select));

  it("rejects a non-int32 index, a 2-D index and an out-of-range value", () => {
    const x = zeros([3, 3]);
    expect(() => x.indexSelect(0, tensor([0.5]))).toThrow("index_select(): Expected dtype int32 for index");
    expect(() => x.indexSelect(0, tensor([[0]]))).toThrow("index_select(): Index is supposed to be a vector");
    expect(() => x.indexSelect(0, tensor([3]))).toThrow("index out of range in self");
    expect(() => x.indexSelect(1, tensor([-1]))).toThrow("index out of range in self");
  });
});

describe("maskedFill against PyTorch", () => {
  for (const c of FIX.masked_fill) {
    it(`${c.x.dtype} [${c.x.shape}] mask [${c.mask.shape}]`, () => {
      const floating = c.x.dtype !== "int32";
      const x = fromFixture(c.x, floating);
      const mask = fromFixture(c.mask);
      const y = x.maskedFill(mask, c.value);
      expectTensorClose(y, c.out, "forward");
      if (floating) {
        expect(y.gradFn!.name).toBe("MaskedFillBackward0");
        y.backward(fromFixture(c.g!));
        expectTensorClose(x.grad!, c.grad!, "grad");
      }
      if (y.shape.length === c.x.shape.length) {
        const t = fromFixture(c.x);
        expect(t.maskedFill_(mask, c.value)).toBe(t);
        expectTensorClose(t, c.out, "maskedFill_");
      }
    });
  }

  it("needs a bool mask", () => {
    expect(() => zeros([2]).maskedFill(tensor([1, 0]), 1)).toThrow(
      "masked_fill(): only supports boolean masks, but got mask with dtype int32",
    );
  });
});

describe("oneHot against PyTorch", () => {
  for (const c of FIX.one_hot) {
    it(`[${c.t.shape}] numClasses=${c.num_classes}`, () => {
      const y = oneHot(fromFixture(c.t), c.num_classes);
      expect(y.dtype).toBe("int32");
      expectTensorClose(y, c.out, "oneHot");
    });
  }

  it("rejects bad input with PyTorch's messages", () => {
    expect(() => oneHot(tensor([0, 3]), 3)).toThrow(err("one_hot too large"));
    expect(() => oneHot(tensor([0, -1]), 3)).toThrow(err("one_hot negative"));
    expect(() => oneHot(tensor([0, 1]).float(), 3)).toThrow(err("one_hot float input"));
    expect(() => oneHot(tensor([0, 1]).slice(0, 0, 0))).toThrow(err("one_hot empty"));
  });

  it("rejects a non-integer numClasses clearly", () => {
    expect(() => oneHot(tensor([0, 1]), 2.5)).toThrow(
      new TypeError("one_hot(): argument 'num_classes' must be an integer, but got 2.5"),
    );
    expect(() => oneHot(tensor([0, 1]), -2)).toThrow("num_classes should be a non-negative integer or -1");
  });
});

// ---- validation ---------------------------------------------------------------------------------

describe("index validation with PyTorch's messages", () => {
  const z = () => zeros([3, 3]);
  const long = (shape: number[]) => zeros(shape, { dtype: "int32" });
  const cases: [string, () => unknown][] = [
    ["scatter_ index out of range", () => z().scatter_(1, tensor([[0], [3], [1]]), 1)],
    ["scatter negative index", () => z().scatter(1, tensor([[-1]]), 1)],
    ["scatter index dtype", () => z().scatter(1, zeros([1, 1]), 1)],
    ["scatter_ index dtype", () => z().scatter_(1, zeros([1, 1]), 1)],
    ["gather index dtype", () => z().gather(1, zeros([1, 1]))],
    ["scatter rank", () => z().scatter(1, tensor([0]), 1)],
    ["scatter_add rank", () => z().scatterAdd(1, tensor([0]), zeros([1]))],
    ["gather rank", () => z().gather(1, tensor([0]))],
    ["scatter index larger than self", () => z().scatter(1, long([4, 1]), 1)],
    ["scatter index larger than src", () => z().scatter(1, long([2, 2]), zeros([1, 1]))],
    ["scatter_add index larger than src", () => z().scatterAdd(1, long([2, 2]), zeros([1, 1]))],
    ["gather index larger than self", () => z().gather(1, long([4, 1]))],
    ["gather index out of range", () => z().gather(0, tensor([[3, 0]]))],
    ["gather negative index", () => z().gather(0, tensor([[-1]]))],
    ["scatter_add index out of range", () => z().scatterAdd(0, tensor([[0, 5]]), zeros([1, 2]))],
    ["scatter src dtype", () => z().scatter(1, long([1, 1]), zeros([1, 1], { dtype: "float64" }))],
    ["gather dim out of range", () => z().gather(2, tensor([[0]]))],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      expect(f).toThrow(err(name));
    });
  }

  it("names the op first", () => {
    expect(() => zeros([3, 3]).scatter(1, tensor([[3]]), 1)).toThrow(
      "scatter(): index 3 is out of bounds for dimension 1 with size 3",
    );
    expect(() => zeros([3, 3]).gather(1, tensor([[0.5]]).float())).toThrow(
      "gather(): Expected dtype int32 for index, but got float32",
    );
  });

  it("a failed scatter_ leaves the tensor and its version untouched", () => {
    const t = zeros([2, 2]);
    expect(() => t.scatter_(1, tensor([[0], [2]]), 1)).toThrow("index 2 is out of bounds");
    expect(t.tolist()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(t.version).toBe(0);
  });
});

// ---- gradcheck ----------------------------------------------------------------------------------

describe("indexing ops: float64 gradcheck", () => {
  const x3 = gradcheckInput3;
  // Along dim -2 of [2, 3, 4]: unique positions per column (for scatter), repeats (for the rest).
  const unique = tensor([
    [
      [2, 0, 1, 1],
      [0, 1, 2, 0],
    ],
    [
      [1, 2, 0, 2],
      [2, 0, 1, 1],
    ],
  ]);
  const dup = tensor([
    [
      [2, 2, 1, 0],
      [2, 2, 1, 0],
      [0, 2, 2, 0],
    ],
    [
      [1, 1, 1, 1],
      [0, 2, 1, 0],
      [1, 1, 0, 0],
    ],
  ]);
  const src = () =>
    tensor(
      [
        [
          [1.5, -0.5, 0.25, 2],
          [0.75, 1.25, -1, 0.5],
        ],
        [
          [-2, 0.3, 0.6, 1.1],
          [0.9, -0.7, 1.4, -0.2],
        ],
      ],
      { dtype: "float64", requiresGrad: true },
    );
  const dupSrc = () =>
    tensor(
      [
        [
          [1.5, -0.5, 0.25, 2],
          [0.75, 1.25, -1, 0.5],
          [0.1, 0.2, 0.3, 0.4],
        ],
        [
          [-2, 0.3, 0.6, 1.1],
          [0.9, -0.7, 1.4, -0.2],
          [-0.1, -0.2, -0.3, -0.4],
        ],
      ],
      { dtype: "float64", requiresGrad: true },
    );

  it("gather with duplicate indices, dims -2 and 2", () => {
    expect(gradcheck((t) => gather(t, -2, dup), [x3()])).toBe(true);
    expect(
      gradcheck(
        (t) =>
          gather(
            t,
            2,
            tensor([
              [
                [3, 3],
                [0, 1],
                [2, 2],
              ],
              [
                [1, 1],
                [0, 0],
                [3, 0],
              ],
            ]),
          ),
        [x3()],
      ),
    ).toBe(true);
  });
  it("scatter w.r.t. self and src (tensor and value)", () => {
    expect(gradcheck((t, s) => scatter(t, -2, unique, s), [x3(), src()])).toBe(true);
    expect(gradcheck((t) => scatter(t, 1, unique, 0.5), [x3()])).toBe(true);
  });
  it("scatter with src larger than the index", () => {
    const s = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const x = zeros([3, 4], { dtype: "float64", requiresGrad: true });
    const index = tensor([
      [3, 0],
      [1, 2],
    ]);
    expect(gradcheck((t, u) => scatter(t, 1, index, u), [x, s])).toBe(true);
    expect(gradcheck((t, u) => scatterAdd(t, 1, index, u), [x, s])).toBe(true);
  });
  it("scatterAdd with duplicate indices w.r.t. self and src", () => {
    expect(gradcheck((t, s) => scatterAdd(t, 1, dup, s), [x3(), dupSrc()])).toBe(true);
    const dim0 = tensor([
      [
        [1, 1, 0, 0],
        [0, 0, 1, 1],
        [1, 0, 1, 0],
      ],
    ]);
    expect(gradcheck((t, s) => scatterAdd(t, 0, dim0, s.narrow(0, 0, 1)), [x3(), dupSrc()])).toBe(true);
  });
  it("indexSelect with duplicates and maskedFill with a broadcast mask", () => {
    expect(gradcheck((t) => indexSelect(t, -1, tensor([3, 0, 3, 1])), [x3()])).toBe(true);
    expect(gradcheck((t) => indexSelect(t, 0, tensor([1, 1, 0])), [x3()])).toBe(true);
    const mask = tensor([[true], [false], [true]]);
    expect(gradcheck((t) => maskedFill(t, mask, -3), [x3()])).toBe(true);
    const big = tensor([
      [[true, false, false, true]],
      [[false, false, true, true]],
      [[true, true, true, true]],
    ]);
    expect(gradcheck((t) => maskedFill(t.select(0, 0), big, 2), [x3()])).toBe(true);
  });
  it("scatter_ and scatterAdd_ on a non-leaf inside the graph", () => {
    expect(gradcheck((t, s) => t.mul(1).scatter_(-2, unique, s), [x3(), src()])).toBe(true);
    expect(gradcheck((t, s) => t.mul(1).scatterAdd_(1, dup, s), [x3(), dupSrc()])).toBe(true);
    expect(gradcheck((t) => t.mul(1).maskedFill_(tensor([[true], [false], [true]]), 4), [x3()])).toBe(true);
  });
  it("under noGrad nothing is recorded", () => {
    const x = x3();
    const y = noGrad(() => x.gather(1, dup));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });
});

describe("maskedFill with a 0-d tensor value (PyTorch's MaskedFillBackward1)", () => {
  const m = tensor([true, false, true]);
  it("fills with the value and sends it the gradient where the mask is true", () => {
    const x = zeros([3], { requiresGrad: true });
    const v = tensor(2, { dtype: "float32", requiresGrad: true });
    const y = x.maskedFill(m, v);
    // PyTorch: tensor([2., 0., 2.], grad_fn=<MaskedFillBackward1>); x.grad [0, 2, 0], v.grad 4
    expect([y.tolist(), y.gradFn?.name]).toEqual([[2, 0, 2], "MaskedFillBackward1"]);
    y.mul(tensor([1, 2, 3]))
      .sum()
      .backward();
    expect([x.grad!.tolist(), v.grad!.item()]).toEqual([[0, 2, 0], 4]);
    // tensor([2, 0]): a float value into an int tensor truncates, as a number does
    expect(
      zeros([2], { dtype: "int32" })
        .maskedFill(tensor([true, false]), tensor(2.7))
        .tolist(),
    ).toEqual([2, 0]);
  });
  it("gradchecks in float64 and refuses a value with dims", () => {
    const f64 = { dtype: "float64" as const, requiresGrad: true };
    expect(
      gradcheck((x, v) => x.maskedFill(m, v).square(), [tensor([0.5, -1, 2], f64), tensor(1.5, f64)]),
    ).toBe(true);
    expect(() => zeros([3]).maskedFill(m, tensor([1]))).toThrow(
      "masked_fill(): masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
    );
  });
});
