import { describe, expect, it } from "vitest";
import { ones, randn, tensor, zeros } from "./index.js";

describe("Tensor.requiresGrad is a checked setter", () => {
  it("sets the flag on floating leaves", () => {
    const x = zeros([2]);
    x.requiresGrad = true;
    expect(x.requiresGrad).toBe(true);
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
    x.requiresGrad = false;
    expect(x.mul(2).requiresGrad).toBe(false);
  });

  it("refuses integer and bool tensors, non-leaves and non-booleans, leaving the flag as it was", () => {
    const i = tensor([1, 2]);
    expect(() => {
      i.requiresGrad = true;
    }).toThrow("only Tensors of floating point and complex dtype can require gradients");
    expect(() => {
      tensor([true]).requiresGrad = true;
    }).toThrow("on a bool tensor");
    expect(i.requiresGrad).toBe(false);
    i.requiresGrad = false; // turning it off is always fine on a leaf
    const y = zeros([2], { requiresGrad: true }).exp();
    expect(() => {
      y.requiresGrad = false;
    }).toThrow("you can only change requires_grad flags of leaf variables. If you want");
    expect(() => {
      y.requiresGrad = true;
    }).toThrow("(setting requiresGrad = true on a tensor computed by ExpBackward0)");
    expect(y.requiresGrad).toBe(true);
    const z = zeros([2]);
    expect(() => {
      z.requiresGrad = 1 as never;
    }).toThrow(TypeError);
    expect(z.requiresGrad).toBe(false);
  });

  it("leaves requiresGrad_() (non-leaf true is a no-op, as in PyTorch) and recording working", () => {
    const y = zeros([2], { requiresGrad: true }).exp();
    expect(y.requiresGrad_(true)).toBe(y);
    expect(() => zeros([2]).requiresGrad_(1 as never)).toThrow(TypeError);
  });
});

describe("Tensor.grad is a checked setter", () => {
  it("takes null or a tensor of the same shape and dtype", () => {
    const x = zeros([2, 3], { requiresGrad: true });
    const g = ones([2, 3]);
    x.grad = g;
    expect(x.grad).toBe(g);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  it("refuses another shape (even one that broadcasts or has the same numel), dtype or type", () => {
    const x = zeros([2, 3], { requiresGrad: true });
    expect(() => {
      x.grad = ones([3, 2]);
    }).toThrow(
      "assigned grad has data of a different size (setting .grad of shape [3, 2] on a tensor of shape [2, 3])",
    );
    expect(() => {
      x.grad = ones([1, 3]);
    }).toThrow("assigned grad has data of a different size");
    expect(() => {
      x.grad = ones([2, 3], { dtype: "float64" });
    }).toThrow(
      "assigned grad has data of a different type (setting .grad of dtype float64 on a float32 tensor)",
    );
    expect(() => {
      x.grad = undefined as never;
    }).toThrow(TypeError);
    expect(() => {
      x.grad = 0 as never;
    }).toThrow("assigned grad expected to be a Tensor or null but got a number (0) (setting .grad)");
    expect(x.grad).toBeNull();
  });
});

describe("detach_ cuts the tensor itself from the graph, as PyTorch's", () => {
  it("drops gradFn and requiresGrad, returns this, and refuses a view that requires grad", () => {
    const a = randn([3], { requiresGrad: true });
    const h = a.mul(2);
    expect(h.detach_()).toBe(h);
    expect([h.requiresGrad, h.gradFn, h.isLeaf]).toEqual([false, null, true]);
    expect(() => a.mul(2).narrow(0, 1, 2).detach_()).toThrow(
      "detach_(): Can't detach views in-place. Use detach() instead.",
    );
    a.detach_();
    expect(a.requiresGrad).toBe(false);
    // A graph built before the detach still reaches through it, as in PyTorch.
    const x = randn([3], { requiresGrad: true });
    const y = x.mul(2);
    const z = y.mul(3);
    y.detach_();
    z.sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 6, 6]);
  });
});
