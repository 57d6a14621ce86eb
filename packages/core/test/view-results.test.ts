/**
 * Results that PyTorch does not return as views are not views here either, so in-place ops on
 * them work and record as in PyTorch (`w.sum(0).mul_(2)` is MulBackward0). A kernel that computes
 * in a scratch shape (a full `sum()` in [1]) must not leak that as a view of the scratch buffer.
 * Fixture: tools/fixtures/gen_view_results.py (PyTorch 1.13).
 */
import { expectTensorClose, type FixtureTensor, fromFixture } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { arange, type Tensor, tensor, unfold, zeros } from "../src/index.js";
import { loadFixture } from "./op-table.js";

interface ViewCase {
  name: string;
  is_view: boolean;
  inplace_grad_fn?: string;
  backward_error?: string;
  grads?: Record<string, FixtureTensor>;
}
const fixture = loadFixture<{ inputs: Record<"x" | "m" | "v", FixtureTensor>; cases: ViewCase[] }>(
  "view_results",
);

type In = { x: Tensor; m: Tensor; v: Tensor };
const OPS: Record<string, (i: In) => Tensor> = {
  "sum()": ({ x }) => x.sum(),
  "sum(0)": ({ x }) => x.sum(0),
  "sum([0,2])": ({ x }) => x.sum([0, 2]),
  "sum(1,keepdim)": ({ x }) => x.sum(1, true),
  "mean(1)": ({ x }) => x.mean(1),
  "prod()": ({ x }) => x.prod(),
  "prod(1)": ({ x }) => x.prod(1),
  "max()": ({ x }) => x.max(),
  "min()": ({ x }) => x.min(),
  "amax(1)": ({ x }) => x.amax(1),
  "amin([0,1])": ({ x }) => x.amin([0, 1]),
  "max(1).values": ({ x }) => x.max(1).values,
  "logsumexp(1)": ({ x }) => x.logsumexp(1),
  "logsumexp([0,2])": ({ x }) => x.logsumexp([0, 2]),
  "norm()": ({ x }) => x.norm(),
  "var(1)": ({ x }) => x.var(1),
  dot: ({ v }) => v.dot(v),
  "matmul(1d,1d)": ({ v }) => v.matmul(v),
  "matmul(2d,1d)": ({ m, v }) => m.matmul(v),
  "matmul(1d,2d)": ({ m, v }) => v.matmul(m.t()),
  "matmul(3d,1d)": ({ x, v }) => x.matmul(v),
  "softmax(1)": ({ x }) => x.softmax(1),
  "contiguous()": ({ x }) => x.transpose(0, 1).contiguous(),
  "clone()": ({ x }) => x.clone(),
  "detach()": ({ x }) => x.detach(),
  "unfold(unbatched)": ({ x }) => unfold(x, 2),
  "reshape(-1)": ({ x }) => x.reshape([-1]),
  "t()": ({ m }) => m.t(),
  "select(0,1)": ({ x }) => x.select(0, 1),
  "narrow(2,1,2)": ({ x }) => x.narrow(2, 1, 2),
  "squeeze(-1)": ({ m }) => m.unsqueeze(-1).squeeze(-1),
};

function leaves(): In {
  const i = fixture.inputs;
  return { x: fromFixture(i.x, true), m: fromFixture(i.m, true), v: fromFixture(i.v, true) };
}

describe("results that are views exactly when PyTorch's are (view_results.json)", () => {
  it("covers every fixture case", () => {
    expect(Object.keys(OPS).sort()).toEqual(fixture.cases.map((c) => c.name).sort());
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const inputs = leaves();
      const y = OPS[c.name]!(inputs);
      expect(y.base !== null).toBe(c.is_view);
      if (c.inplace_grad_fn === undefined) return;
      y.mul_(2);
      expect(y.gradFn?.name).toBe(c.inplace_grad_fn);
      if (c.backward_error !== undefined) {
        expect(() => y.sum().backward()).toThrow(c.backward_error);
        return;
      }
      y.sum().backward();
      for (const [k, g] of Object.entries(c.grads ?? {})) {
        expectTensorClose(inputs[k as keyof In].grad!, g, `${c.name} ${k}.grad`);
      }
    });
  }
  it("detach() shares storage and the version counter, so in-place writes through it are seen", () => {
    const { x } = leaves();
    const y = x.mul(x); // saves x
    x.detach().mul_(2);
    expect(() => y.sum().backward()).toThrow("modified by an inplace operation");
  });
});

/** A case of view_strides.json: view and reshape of a strided input, as PyTorch 1.13 does them. */
interface StridedCase {
  name: string;
  input_shape: number[];
  input_strides: number[];
  shape: number[];
  /** The view's strides, or (absent) the view was refused with `view_error`. */
  view_strides?: number[];
  view_error?: string;
  reshape_shape: number[];
  reshape_strides: number[];
  /** Whether reshape returned a view (shares the input's storage). */
  reshape_shares: boolean;
  /** The input's elements (row-major) after `reshape(...).fill_(-1)`. */
  input_after_write: number[];
  reshape_grad_fn: string;
}
const strided = loadFixture<StridedCase[]>("view_strides");

/**
 * The inputs of view_strides.json, built as gen_view_results.py builds them; `g` is applied to the
 * base before the views are taken (the identity, or an op that gives the base a history).
 */
type Base = (t: Tensor) => Tensor;
const ar = (g: Base, n: number, ...shape: number[]) => g(arange(n, { dtype: "float32" }).reshape(shape));
const STRIDED: Record<string, (g: Base) => Tensor> = {
  "split(16,2)[0] -> [3,8,4,4]": (g) => ar(g, 3 * 8 * 48, 3, 8, 48).split(16, 2)[0]!,
  "t() -> [3,2,1]": (g) => ar(g, 6, 2, 3).t(),
  "t() -> [6]": (g) => ar(g, 6, 2, 3).t(),
  "chunk(2,1)[0] -> [2,3,1]": (g) => ar(g, 12, 2, 6).chunk(2, 1)[0]!,
  "[::2] -> [2,3]": (g) => ar(g, 12, 4, 3).slice(0, 0, undefined, 2),
  "[::2] -> [6]": (g) => ar(g, 12, 4, 3).slice(0, 0, undefined, 2),
  "permute(2,0,1) -> [4,6]": (g) => ar(g, 24, 2, 3, 4).permute(2, 0, 1),
  "permute(2,0,1) -> [24]": (g) => ar(g, 24, 2, 3, 4).permute(2, 0, 1),
  "permute(1,0,2) -> [3,8]": (g) => ar(g, 24, 2, 3, 4).permute(1, 0, 2),
  "permute(1,0,2) -> [6,4]": (g) => ar(g, 24, 2, 3, 4).permute(1, 0, 2),
  "expand(3,4) -> [3,2,2]": (g) => ar(g, 3, 3, 1).expand(3, 4),
  "expand(3,4) -> [12]": (g) => ar(g, 3, 3, 1).expand(3, 4),
  "narrow(1,1,2) -> [2,8]": (g) => ar(g, 24, 2, 3, 4).narrow(1, 1, 2),
  "narrow(1,1,2) -> [-1]": (g) => ar(g, 24, 2, 3, 4).narrow(1, 1, 2),
  "narrow(2,1,2) -> [6,2]": (g) => ar(g, 24, 2, 3, 4).narrow(2, 1, 2),
  "t().unsqueeze(1) -> [3,2]": (g) => ar(g, 6, 2, 3).t().unsqueeze(1),
  "t().unsqueeze(1) -> [1,3,1,2,1]": (g) => ar(g, 6, 2, 3).t().unsqueeze(1),
  "select(1,0) -> [2,1,4]": (g) => ar(g, 24, 2, 3, 4).select(1, 0),
  "select(2,1) -> [3,2]": (g) => ar(g, 24, 2, 3, 4).select(2, 1),
  "transpose(0,1)[1:] -> [2,2,2]": (g) => ar(g, 24, 2, 3, 4).transpose(0, 1).slice(0, 1),
  "zeros(0,3).t() -> [-1]": (g) => g(zeros([0, 3])).t(),
  "zeros(0,3).t() -> [3,0]": (g) => g(zeros([0, 3])).t(),
  "0-d -> [1,1]": (g) => g(tensor(5, { dtype: "float32" })),
};

describe("view and reshape of strided inputs: PyTorch's strides, aliasing and grad_fn (view_strides.json)", () => {
  it("covers every fixture case", () => {
    expect(Object.keys(STRIDED).sort()).toEqual(strided.map((c) => c.name).sort());
  });
  for (const c of strided) {
    it(c.name, () => {
      const x = STRIDED[c.name]!((t) => t);
      expect([x.shape, x.stride()]).toEqual([c.input_shape, c.input_strides]);
      if (c.view_strides !== undefined) {
        const v = x.view(c.shape);
        expect(v.stride()).toEqual(c.view_strides);
        expect(v.storage).toBe(x.storage);
      } else {
        expect(() => x.view(c.shape)).toThrow(c.view_error!);
      }
      const r = x.reshape(c.shape);
      expect([r.shape, r.stride()]).toEqual([c.reshape_shape, c.reshape_strides]);
      expect(r.storage === x.storage).toBe(c.reshape_shares);
      r.fill_(-1);
      expect(x.reshape(-1).tolist()).toEqual(c.input_after_write);
      // In a graph: the same views of a base with a history.
      const leaf = zeros([], { requiresGrad: true });
      const y = STRIDED[c.name]!((t) => t.add(leaf));
      expect(y.reshape(c.shape).gradFn?.name).toBe(c.reshape_grad_fn);
    });
  }
  it("a view of a strided view backpropagates to the right elements", () => {
    const w = arange(24, { dtype: "float64" }).reshape(2, 3, 4).requiresGrad_();
    const q = w.narrow(2, 1, 2).view(6, 2); // strides [4, 1]: rows of w's slice
    q.mul(arange(12, { dtype: "float64" }).reshape(6, 2))
      .sum()
      .backward();
    const expected = zeros([2, 3, 4], { dtype: "float64" });
    expected.narrow(2, 1, 2).copy_(arange(12, { dtype: "float64" }).reshape(2, 3, 2));
    expect(w.grad!.tolist()).toEqual(expected.tolist());
  });
});
