import { tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { itMatchesTrajectories, OPTIM_FIXTURE as fx, itMatchesStateDicts } from "../../test/optim-helpers.js";
import { SGD } from "./sgd.js";

// Trajectories from PyTorch 1.13 (tools/fixtures/gen_optim.py): 2 params, 5 steps of fixed gradients.
const makeSGD = (params: any, options: Record<string, unknown>) => new SGD(params, options);
const cases = fx.optimizers.filter((c: any) => c.optimizer === "SGD");

describe("SGD matches PyTorch 1.13 step by step", () => {
  it("has the fixture cases", () => expect(cases.length).toBeGreaterThanOrEqual(8));
  itMatchesTrajectories(cases, makeSGD);
});

describe("SGD state dict in PyTorch's layout", () => {
  // SGD's only state is momentum_buffer, float64 like the params (the default stateDtype).
  itMatchesStateDicts(cases, makeSGD, {
    // Built with other options: the loaded param_groups must replace them.
    rebuild: (c, params) => {
      const groups = c.groups
        ? c.groups.map((g: any) => ({ params: g.params.map((i: number) => params[i]) }))
        : params;
      return new SGD(groups, { lr: 123, momentum: 0.1, dampening: 0.3 });
    },
    loaded: (opt, torchSd) => expect(opt.paramGroups[0]!.lr).toBe(torchSd.param_groups[0].lr),
  });
});

describe("SGD conventions", () => {
  it("the momentum buffer starts as the raw gradient, with no dampening", () => {
    const p = tensor([1, 2], { dtype: "float64" }).requiresGrad_();
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    p.grad = tensor([1, -2], { dtype: "float64" });
    opt.step();
    expect(opt.state.get(p)!.momentumBuffer!.tolist()).toEqual([1, -2]);
    expect(p.tolist()).toEqual([1 - 0.1, 2 + 0.2]);
    opt.step();
    // second step: b = 0.9·b + 0.5·g
    expect(opt.state.get(p)!.momentumBuffer!.tolist()).toEqual([0.9 * 1 + 0.5 * 1, 0.9 * -2 + 0.5 * -2]);
  });

  it("stores a null momentum buffer when momentum is 0, as PyTorch stores None", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 1], { dtype: "float32" });
    opt.step();
    expect(opt.stateDict().state[0]).toEqual({ momentum_buffer: null });
  });

  it("skips parameters whose grad is null: no update, no state, no version bump", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const q = tensor([3, 4], { requiresGrad: true });
    const opt = new SGD([p, q], { lr: 0.5, momentum: 0.9, weightDecay: 0.1 });
    p.grad = tensor([1, 1], { dtype: "float32" });
    const v = [p.version, q.version];
    opt.step();
    expect(q.tolist()).toEqual([3, 4]);
    expect(opt.state.has(q)).toBe(false);
    expect(q.version).toBe(v[1]);
    expect(p.version).toBe(v[0]! + 1);
  });

  it("updates in place: same storage, same buffer tensor across steps", () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    const data = p.storage.data;
    const opt = new SGD([p], { lr: 0.1, momentum: 0.5 });
    p.grad = tensor([1, 1, 1], { dtype: "float32" });
    opt.step();
    const buf = opt.state.get(p)!.momentumBuffer;
    opt.step();
    expect(p.storage.data).toBe(data);
    expect(opt.state.get(p)!.momentumBuffer).toBe(buf);
    expect(buf!.dtype).toBe("float32");
  });

  it("lr may be given per group only", () => {
    const p = tensor([1], { requiresGrad: true });
    const opt = new SGD([{ params: [p], lr: 0.5 }]);
    p.grad = tensor([2], { dtype: "float32" });
    opt.step();
    expect(p.tolist()).toEqual([0]);
  });
});

describe("SGD errors, with PyTorch's messages", () => {
  const p = () => tensor([1, 2], { requiresGrad: true });
  it("rejects bad options", () => {
    expect(() => new SGD([p()], { lr: -1 })).toThrow("Invalid learning rate: -1");
    expect(() => new SGD([p()], { lr: -1 })).toThrow(fx.errors.sgd_lr);
    expect(() => new SGD([p()], { lr: Number.NaN })).toThrow("Invalid learning rate: NaN");
    expect(() => new SGD([p()], { lr: 0.1, momentum: -0.5 })).toThrow(fx.errors.sgd_momentum);
    expect(() => new SGD([p()], { lr: 0.1, weightDecay: -1 })).toThrow(fx.errors.sgd_weight_decay);
    expect(() => new SGD([p()], { lr: 0.1, nesterov: true })).toThrow(fx.errors.sgd_nesterov_no_momentum);
    expect(() => new SGD([p()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(
      fx.errors.sgd_nesterov_dampening,
    );
    expect(() => new SGD([p()])).toThrow(fx.errors.sgd_no_lr);
  });

  it("checks options given per group too", () => {
    expect(() => new SGD([{ params: [p()], lr: -2 }], { lr: 0.1 })).toThrow("Invalid learning rate: -2");
  });
});
