/**
 * Results that PyTorch does not return as views are not views here either, so in-place ops on
 * them work and record as in PyTorch (`w.sum(0).mul_(2)` is MulBackward0). A kernel that computes
 * in a scratch shape (a full `sum()` in [1]) must not leak that as a view of the scratch buffer.
 * Fixture: tools/fixtures/gen_view_results.py (PyTorch 1.13).
 */
import { expectTensorClose, type FixtureTensor, fromFixture } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { type Tensor, unfold } from "../src/index.js";
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
