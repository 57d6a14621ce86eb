import { describe, expect, it, vi } from "vitest";
import { expectTensorClose, type FixtureTensor } from "@tsgrad/testing";
import { loadFixture } from "../../test/op-table.js";
import { arange, noGrad, ones, type Tensor, tensor, zeros } from "../index.js";

describe("backward engine", () => {
  it("accumulates the gradient of a reused intermediate (b = a + a; c = b * b)", () => {
    const a = tensor([1.5, -2], { requiresGrad: true });
    const b = a.add(a);
    const c = b.mul(b).sum();
    c.backward();
    // c = 4a², dc/da = 8a
    expect(a.grad!.tolist()).toEqual([12, -16]);
  });

  it("runs each node once even when reached by many paths (diamond)", () => {
    const x = tensor([2], { dtype: "float64", requiresGrad: true });
    const y = x.exp();
    const z = y.mul(y).add(y.mul(3)).sum(); // e^{2x} + 3e^x
    z.backward();
    const e = Math.exp(2);
    expect(x.grad!.item()).toBeCloseTo(2 * e * e + 3 * e, 10);
  });

  it("handles a chain of 100,000 ops without recursion", () => {
    const x = tensor([1], { dtype: "float64", requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(1.00001 ** 100_000, 6);
  });

  it("accumulates .grad across backward calls", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 6]);
  });

  it("needs an explicit gradient for a non-scalar root", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow("grad can be implicitly created only for scalar outputs");
    x.mul(2).backward(tensor([1, 10]));
    expect(x.grad!.tolist()).toEqual([2, 20]);
  });

  it("refuses backward on a tensor that does not require grad", () => {
    expect(() => ones([2]).sum().backward()).toThrow("does not require grad");
  });

  it("frees saved tensors: a second backward throws unless retainGraph", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow("Trying to backward through the graph a second time");
    const z = x.mul(x).sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(x.grad!.tolist()).toEqual([2 + 4, 4 + 8]);
  });

  it("takes PyTorch's keywords first: backward({ retainGraph }), backward({ gradient })", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const z = x.mul(x).sum();
    z.backward({ retainGraph: true }); // the advice of the second-backward error, which works
    z.backward();
    expect(x.grad!.tolist()).toEqual([2 + 2, 4 + 4]);
    x.grad = null;
    x.mul(3).backward({ gradient: tensor([1, 10], { dtype: "float32" }) });
    expect(x.grad!.tolist()).toEqual([3, 30]);
    expect(() => z.backward({ retain_graph: true } as never)).toThrow(
      "backward(): got an unexpected option 'retain_graph' (did you mean 'retainGraph'?)",
    );
    expect(() => z.backward({ retainGraph: true } as never, {})).toThrow(
      "backward(): got an options object as argument 1, so there can be no argument 2",
    );
    expect(() => x.mul(3).backward({ gradient: 2 as never })).toThrow(
      "backward(): option 'gradient' must be a Tensor or null",
    );
  });

  it("reading .grad of a non-leaf warns once, as PyTorch's UserWarning; retainGrad() fills it without a word", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.sum().backward();
    expect(y.grad).toBeNull();
    expect(y.grad).toBeNull();
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retainGrad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead.",
    ]);
    const h = x.mul(3).retainGrad();
    expect([y.retainsGrad, h.retainsGrad, x.retainsGrad]).toEqual([false, true, false]);
    h.sum().backward();
    expect(h.grad!.tolist()).toEqual([1, 1]);
    expect(x.grad!.tolist()).toEqual([5, 5]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it("records nothing under noGrad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  it("keeps the gradient of a non-leaf after retainGrad()", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3).retainGrad();
    h.mul(h).sum().backward();
    expect(h.grad!.tolist()).toEqual([6, 12]);
    expect(x.grad!.tolist()).toEqual([18, 36]);
  });

  it("reduces broadcast gradients back to each input's shape", () => {
    const a = zeros([2, 3], { requiresGrad: true });
    const b = zeros([3], { requiresGrad: true });
    const c = tensor(2, { dtype: "float32", requiresGrad: true });
    a.add(b).add(c).sum().backward();
    expect(b.grad!.tolist()).toEqual([2, 2, 2]);
    expect(c.grad!.item()).toBe(6);
  });

  it("detects a saved tensor modified in place", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp(); // saves its output
    const z = y.sum();
    y.mul_(2);
    expect(() => z.backward()).toThrow(
      /modified by an inplace operation.*is at version 1; expected version 0/,
    );
  });

  it("allows in-place ops that touch nothing saved", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2); // saves nothing (scalar multiplier)
    y.add_(1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });
});

// ---- the graph in-place ops leave behind (PyTorch's values: tools/fixtures/gen_seed_ops.py) ----------

const HISTORY = loadFixture<{ inplace_history: { name: string; n: number; grad: FixtureTensor }[] }>(
  "seed_ops",
).inplace_history;

/** The programs of `history_programs` in tools/fixtures/gen_seed_ops.py, by name. */
const HISTORY_PROGRAMS: Record<string, (w: Tensor) => Tensor> = {
  "a consumer recorded before mul_": (w) => {
    const a = w.mul(1);
    const y = a.mul(2);
    a.mul_(3);
    return y;
  },
  "consumers before and after mul_": (w) => {
    const a = w.mul(1);
    const y = a.mul(2);
    a.mul_(3);
    return y.add(a);
  },
  "add_ self": (w) => {
    const a = w.mul(1);
    return a.add_(a);
  },
  "add_ a view of self": (w) => {
    const a = w.mul(1);
    return a.add_(a.view(-1));
  },
  "add_ an expression of self, then add_ self": (w) => {
    const a = w.mul(1);
    a.add_(a.flip(0).mul(0).add(a.select(0, 0)));
    return a.add_(a);
  },
  "mul_ then add_, with an earlier exp": (w) => {
    const a = w.mul(1);
    const b = a.exp();
    a.mul_(2);
    a.add_(w);
    return a.mul(b);
  },
};

describe("graph edges are fixed when an op is recorded, as PyTorch's next_functions", () => {
  for (const c of HISTORY) {
    it(`${c.name}: PyTorch's gradient`, () => {
      const w = arange(1, c.n + 1, { dtype: "float64" }).requiresGrad_(true);
      HISTORY_PROGRAMS[c.name]!(w).sum().backward();
      expectTensorClose(w.grad!, c.grad, "grad");
    });
  }

  it("runs every program of the fixture and no other", () => {
    expect(HISTORY.map((c) => c.name).sort()).toEqual(Object.keys(HISTORY_PROGRAMS).sort());
  });

  it("an in-place op does not change the next_functions of nodes recorded before it", () => {
    const a = tensor([1, 2], { requiresGrad: true }).mul(1);
    const before = a.gradFn!;
    const y = a.mul(2);
    a.add_(1);
    expect(y.gradFn!.nextFunctions.length).toBe(1);
    expect(y.gradFn!.nextFunctions[0]).toBe(before);
    expect(a.gradFn).not.toBe(before);
    expect(a.gradFn!.nextFunctions[0]).toBe(before);
  });
});
