import { describe, expect, it } from "vitest";
import { describeGroup } from "../../test/more-cases.js";
import { itGradchecksFns, type NamedFn } from "@tsgrad/testing";
import { manualSeed, randint, randn, tensor, zeros } from "../index.js";
import { argsort, sort, topk } from "./sort.js";

describeGroup("core_more", "sort", "sort, argsort and topk", "sort and topk");

describe("sort and topk gradcheck on random inputs (float64)", () => {
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const fns: NamedFn[] = [
    ["sort dim -1", (x) => x.sort().values],
    ["sort dim 0 descending", (x) => x.sort(0, true).values],
    ["sort dim 1", (x) => sort(x, 1).values],
    ["topk k=2 dim -1", (x) => x.topk(2).values],
    ["topk k=1 dim 0 smallest", (x) => topk(x, 1, 0, false).values],
    ["topk k=3 dim 1", (x) => x.topk(3, 1).values],
    ["sort then a nonlinear use", (x) => x.sort(-1).values.mul(x.exp()).sum(1)],
  ];
  itGradchecksFns(fns, 31, () => randn([2, 3, 4], f64));
});

describe("sort properties", () => {
  it("values equal the input gathered at the indices, and are ordered", () => {
    manualSeed(32);
    const x = randn([3, 50]);
    for (const desc of [false, true]) {
      const { values, indices } = x.sort(1, desc);
      expect(x.gather(1, indices).toTypedArray()).toEqual(values.toTypedArray());
      const rows = values.tolist() as number[][];
      for (const r of rows)
        for (let j = 1; j < r.length; j++) expect(desc ? r[j - 1]! >= r[j]! : r[j - 1]! <= r[j]!).toBe(true);
      expect(argsort(x, 1, desc).toTypedArray()).toEqual(indices.toTypedArray());
    }
  });
  it("is stable on long rows with many ties (merge passes over several widths)", () => {
    manualSeed(33);
    const x = randint(0, 5, [1000]);
    const data = Array.from(x.toTypedArray());
    // Array.prototype.sort is stable, so this is the stable order by value.
    const asc = data.map((_, i) => i).sort((a, b) => data[a]! - data[b]!);
    const desc = data.map((_, i) => i).sort((a, b) => data[b]! - data[a]!);
    expect(Array.from(x.argsort().toTypedArray())).toEqual(asc);
    expect(Array.from(x.argsort(0, true).toTypedArray())).toEqual(desc);
  });
  it("the stable option changes nothing: the sort is always stable", () => {
    const x = tensor([2, 1, 2, 1, 0, 2]);
    expect(x.sort(-1, false, { stable: true }).indices.tolist()).toEqual(x.sort().indices.tolist());
    expect(x.sort().indices.tolist()).toEqual([4, 1, 3, 0, 2, 5]);
  });
  it("keeps -0 and 0 distinct in the values, ordered as equal", () => {
    const { values, indices } = tensor([0, -0, 1, -1], { dtype: "float64" }).sort();
    expect(indices.tolist()).toEqual([3, 0, 1, 2]);
    expect(Object.is(values.tolist()[2], -0)).toBe(true);
  });
  it("topk with sorted=false returns the same (sorted) result", () => {
    manualSeed(34);
    const x = randn([4, 7]);
    const a = x.topk(3, 1, true, false);
    const b = x.topk(3, 1);
    expect(a.indices.tolist()).toEqual(b.indices.tolist());
  });
  it("topk gives top-k accuracy the PyTorch way", () => {
    const logits = tensor([
      [0.1, 2.0, 0.3, 0.5],
      [1.5, 0.2, 0.9, 1.1],
      [0.0, 0.1, 0.2, 3.0],
    ]);
    const target = tensor([2, 3, 0]);
    const top2 = logits.topk(2, 1).indices;
    expect(top2.tolist()).toEqual([
      [1, 3],
      [0, 3],
      [3, 2],
    ]);
    const hit = top2.eq(target.unsqueeze(1)).any();
    expect(hit.item()).toBe(1);
    const perRow = top2.eq(target.unsqueeze(1)).sum(1);
    expect(perRow.tolist()).toEqual([0, 1, 0]);
  });
  it("indices are int32 and do not require grad; values keep the dtype", () => {
    const x = randn([2, 3], { requiresGrad: true });
    const { values, indices } = x.sort();
    expect(indices.dtype).toBe("int32");
    expect(indices.requiresGrad).toBe(false);
    expect(values.dtype).toBe("float32");
    expect(values.toString()).toContain("grad_fn=<SortBackward0>");
  });
});

describe("sort and topk errors", () => {
  it("topk k larger than the dim names k and the size", () => {
    expect(() => zeros([2, 3]).topk(4)).toThrow(
      "topk(): selected index k out of range (k = 4, but dim 1 of the input of shape [2, 3] has size 3)",
    );
    expect(() => zeros([2, 3]).topk(3, 0)).toThrow(
      "(k = 3, but dim 0 of the input of shape [2, 3] has size 2)",
    );
    expect(() => zeros([5]).topk(-1)).toThrow("topk(): selected index k out of range (k = -1");
  });
  it("topk k must be an integer", () => {
    expect(() => zeros([5]).topk(1.5)).toThrow("topk(): argument 'k' must be an integer, but got 1.5");
  });
  it("dim out of range, like PyTorch", () => {
    expect(() => zeros([2, 3]).sort(2)).toThrow(
      "sort(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    expect(() => zeros([2, 3]).argsort(-3)).toThrow("argsort(): Dimension out of range");
    expect(() => zeros([2, 3]).topk(1, 3)).toThrow("topk(): Dimension out of range");
  });
  it("descending, largest and the options are checked by name", () => {
    expect(() => zeros([3]).sort(-1, 1 as never)).toThrow(
      "sort(): argument 'descending' must be a boolean, but got a number (1)",
    );
    expect(() => zeros([3]).topk(1, -1, "yes" as never)).toThrow(
      `topk(): argument 'largest' must be a boolean, but got a string ("yes")`,
    );
    expect(() => zeros([3]).sort(-1, false, { stable: 1 as never })).toThrow(
      "sort(): option 'stable' must be a boolean, but got a number (1)",
    );
    expect(() => zeros([3]).sort(-1, false, { stabel: true } as never)).toThrow(
      "sort(): got an unexpected option 'stabel' (did you mean 'stable'?)",
    );
  });
  it("take PyTorch's keywords in dim's place: x.sort(descending=True), x.topk(2, largest=False)", () => {
    const x = tensor([3, 1, 2, 5]);
    expect(x.sort({ descending: true }).values.tolist()).toEqual([5, 3, 2, 1]);
    const f = tensor([3, 1], { dtype: "float32", requiresGrad: true });
    expect(f.sort({ descending: true, stable: true }).values.gradFn?.name).toBe("SortBackward1");
    expect(f.sort({ descending: true }).values.gradFn?.name).toBe("SortBackward0");
    expect(x.argsort({ dim: 0, descending: true }).tolist()).toEqual(x.argsort(0, true).tolist());
    expect(x.topk(2, { largest: false }).values.tolist()).toEqual([1, 2]);
    expect(x.topk(2, { dim: 0, largest: false }).indices.tolist()).toEqual(
      x.topk(2, 0, false).indices.tolist(),
    );
    expect(() => x.sort({ descending: true }, true)).toThrow(
      "sort(): got an options object as argument 2, so there can be no argument 3",
    );
    expect(() => x.topk(2, { largets: false } as never)).toThrow(/did you mean 'largest'/);
  });
  it("a non-tensor input", () => {
    expect(() => sort([3, 1] as never)).toThrow("sort(): argument 'input' must be a Tensor, but got object");
  });
});
