/**
 * In-place ops on views in a graph (PyTorch's CopySlices) and views taken before their base
 * changed, against PyTorch 1.13 (fixtures/copy_slices.json, tools/fixtures/gen_copy_slices.py).
 */
import { expectTensorClose, type FixtureTensor } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { gradcheck, noGrad, type Tensor, tensor, zeros } from "../src/index.js";
import { loadFixture } from "./op-table.js";

interface Program {
  name: string;
  grads: FixtureTensor[];
  written: FixtureTensor;
  base_grad_fn: string | null;
  view_grad_fn: string | null;
}
const FIX = loadFixture<Program[]>("copy_slices");

const f64 = { dtype: "float64" } as const;
const leaf = (values: number[] | number[][]) => tensor(values, { dtype: "float64", requiresGrad: true });
type Run = { leaves: Tensor[]; written: Tensor; base: Tensor; view: Tensor; loss: Tensor };

/** The programs of gen_copy_slices.py, line for line. */
const PROGRAMS: Record<string, () => Run> = {
  "seq2seq outputs[t] = w * (t + 1)": () => {
    const w = leaf([1, 2, 3]);
    const outputs = zeros([2, 3], f64);
    for (let t = 0; t < 2; t++) outputs.select(0, t).copy_(w.mul(t + 1));
    const loss = outputs
      .mul(
        tensor(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          f64,
        ),
      )
      .sum()
      .add(w.sum());
    return { leaves: [w], written: outputs, base: outputs, view: outputs.select(0, 0), loss };
  },
  "z[0:1].fill_(0)": () => {
    const w = leaf([1, 2, 3]);
    const z = w.mul(2);
    const v = z.slice(0, 0, 1);
    v.fill_(0);
    return { leaves: [w], written: z, base: z, view: v, loss: z.mul(z).sum() };
  },
  "z[:, 0:2].relu_()": () => {
    const w = leaf([
      [-1, 2, -3, 4],
      [5, -6, 7, -8],
    ]);
    const z = w.mul(1);
    const v = z.slice(1, 0, 2);
    v.relu_();
    return { leaves: [w], written: z, base: z, view: v, loss: z.mul(z).sum() };
  },
  "z[:, 0].mul_(3)": () => {
    const w = leaf([
      [1, 2],
      [3, 4],
    ]);
    const z = w.mul(1);
    const v = z.select(1, 0);
    v.mul_(3);
    return { leaves: [w], written: z, base: z, view: v, loss: z.mul(z).sum() };
  },
  "v = y[0]; y.mul_(3); v used after": () => {
    const x = leaf([1, 2]);
    const y = x.mul(2);
    const v = y.select(0, 0);
    y.mul_(3);
    return { leaves: [x], written: y, base: y, view: v, loss: v.mul(1) };
  },
  "z[1:3].copy_(b * b)": () => {
    const a = leaf([1, 2, 3, 4]);
    const b = leaf([10, 20]);
    const z = a.mul(1);
    const v = z.slice(0, 1, 3);
    v.copy_(b.mul(b));
    return { leaves: [a, b], written: z, base: z, view: v, loss: z.mul(tensor([1, 2, 3, 4], f64)).sum() };
  },
  "z.t()[1].add_(...)": () => {
    const w = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const z = w.mul(1);
    const v = z.t().select(0, 1);
    v.add_(tensor([100, 200], f64));
    return { leaves: [w], written: z, base: z, view: v, loss: z.mul(z).sum() };
  },
  "views of views written twice": () => {
    const w = leaf([1, 2, 3, 4, 5, 6]);
    const z = w.mul(1).reshape([2, 3]);
    z.select(0, 0).slice(0, 1).mul_(2);
    z.select(0, 1).add_(z.select(0, 0));
    return { leaves: [w], written: z, base: z, view: z.select(0, 1), loss: z.mul(z).sum() };
  },
  "first = z[0:2]; z[1:3].mul_(10); first used after": () => {
    const w = leaf([1, 2, 3]);
    const z = w.mul(1);
    const first = z.slice(0, 0, 2);
    z.slice(0, 1, 3).mul_(10);
    return { leaves: [w], written: z, base: z, view: first, loss: first.mul(tensor([1, 5], f64)).sum() };
  },
};

describe("in-place ops on views in a graph, as PyTorch's CopySlices (copy_slices.json)", () => {
  it("covers every program", () => {
    expect(Object.keys(PROGRAMS).sort()).toEqual(FIX.map((c) => c.name).sort());
  });
  for (const c of FIX) {
    it(c.name, () => {
      const r = PROGRAMS[c.name]!();
      expectTensorClose(r.written, c.written, `${c.name} values`);
      // requiresGrad first: a view taken before its base changed follows the base on use.
      expect([r.base.requiresGrad, r.view.requiresGrad]).toEqual([true, true]);
      expect([r.base.gradFn?.name ?? null, r.view.gradFn?.name ?? null]).toEqual([
        c.base_grad_fn,
        c.view_grad_fn,
      ]);
      r.loss.backward();
      r.leaves.forEach((l, i) => {
        expectTensorClose(l.grad!, c.grads[i]!, `${c.name} grad ${i}`);
      });
    });
  }

  it("gradchecks in float64: a slice written in place, with the value and the base both in the graph", () => {
    const f = (a: Tensor, b: Tensor) => {
      const z = a.mul(a);
      z.slice(0, 1, 3).mul_(b);
      z.select(0, 0).copy_(b.sum());
      return z.mul(tensor([1, 2, 3, 4], f64)).sum();
    };
    expect(gradcheck(f, [leaf([0.5, -1.5, 2, 3]), leaf([1.5, -0.5])])).toBe(true);
  });

  it("a stale view first read under noGrad still follows its base once used with grad mode on", () => {
    const x = leaf([1, 2]);
    const y = x.mul(2);
    const v = y.select(0, 0);
    y.mul_(3);
    expect(noGrad(() => v.requiresGrad)).toBe(true);
    expect(v.isLeaf).toBe(false);
    v.mul(1).backward();
    expect(x.grad!.tolist()).toEqual([6, 0]);
  });

  it("a view of a leaf that requires grad is still refused, with PyTorch's message", () => {
    const w = leaf([1, 2, 3]);
    expect(() => w.slice(0, 0, 2).mul_(2)).toThrow(
      "mul_(): a view of a leaf Variable that requires grad is being used in an in-place operation.",
    );
  });
});
