import { tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { itMatchesTrajectories, OPTIM_FIXTURE as fx, itMatchesStateDicts } from "../../test/optim-helpers.js";
import { Adam, AdamW } from "./adam.js";

// Trajectories from PyTorch 1.13 (tools/fixtures/gen_optim.py): 2 params, 5 steps of fixed gradients.
const CLASSES: Record<string, typeof Adam | typeof AdamW> = { Adam, AdamW };
const cases = fx.optimizers.filter((c: any) => c.optimizer === "Adam" || c.optimizer === "AdamW");
const makeAdam = (params: any, options: Record<string, unknown>, c: any) =>
  new CLASSES[c.optimizer]!(params, options);
// PyTorch's step is a float32 0-d tensor; the moments are float64 like the params.
const stateDtype = (k: string) => (k === "step" ? "float32" : "float64");

describe("Adam and AdamW match PyTorch 1.13 step by step", () => {
  it("has the fixture cases", () => expect(cases.length).toBeGreaterThanOrEqual(12));
  itMatchesTrajectories(cases, makeAdam);
});

describe("Adam and AdamW state dicts in PyTorch's layout", () => {
  itMatchesStateDicts(cases, makeAdam, {
    stateDtype,
    // Built with other options: the loaded param_groups must replace them.
    rebuild: (c, params) => new CLASSES[c.optimizer]!(params, { lr: 7, betas: [0.5, 0.5], amsgrad: false }),
    loaded: (opt, torchSd) => expect(opt.paramGroups[0]!.betas).toEqual(torchSd.param_groups[0].betas),
  });
});

describe("Adam conventions", () => {
  it("the first step moves each weight by lr·sign(g) (bias correction, eps after √v̂)", () => {
    const p = tensor([1, 2, 3], { dtype: "float64" }).requiresGrad_();
    const opt = new Adam([p], { lr: 0.1, eps: 0 });
    p.grad = tensor([0.5, -2, 1e-3], { dtype: "float64" });
    opt.step();
    const got = p.tolist() as number[];
    [0.9, 2.1, 2.9].forEach((v, i) => {
      expect(got[i]).toBeCloseTo(v, 14);
    });
  });

  it("eps is added to the bias-corrected √v, not to √v", () => {
    // With g = 1e-3 and eps = 1e-3: √v̂ = 1e-3, so the step is lr·1e-3/(1e-3 + 1e-3) = lr/2.
    // Adding eps before the correction, (√v + ε)/√(1 − β₂), would give a step of about 0.031.
    const p = tensor([0], { dtype: "float64" }).requiresGrad_();
    const opt = new Adam([p], { lr: 1, eps: 1e-3 });
    p.grad = tensor([1e-3], { dtype: "float64" });
    opt.step();
    expect(p.item()).toBeCloseTo(-0.5, 12);
  });

  it("amsgrad keeps the running maximum of v", () => {
    const p = tensor([0], { dtype: "float64" }).requiresGrad_();
    const opt = new Adam([p], { lr: 0.1, amsgrad: true });
    p.grad = tensor([10], { dtype: "float64" });
    opt.step();
    p.grad = tensor([0], { dtype: "float64" });
    opt.step();
    const st = opt.state.get(p)!;
    expect(st.maxExpAvgSq!.item()).toBeCloseTo(0.001 * 100, 12);
    expect(st.expAvgSq.item()).toBeCloseTo(0.999 * 0.1, 12);
    expect(st.step.item()).toBe(2);
  });

  it("AdamW shrinks the weights before the Adam step; Adam adds the decay to the gradient", () => {
    const p = tensor([2], { dtype: "float64" }).requiresGrad_();
    const q = tensor([2], { dtype: "float64" }).requiresGrad_();
    new AdamW([p], { lr: 0.1, weightDecay: 0.5, eps: 0 }).step();
    expect(p.item()).toBe(2); // no grad: skipped entirely, even the decay
    const w = new AdamW([p], { lr: 0.1, weightDecay: 0.5, eps: 0 });
    const a = new Adam([q], { lr: 0.1, weightDecay: 0.5, eps: 0 });
    p.grad = tensor([1], { dtype: "float64" });
    q.grad = tensor([1], { dtype: "float64" });
    w.step();
    a.step();
    expect(p.item()).toBeCloseTo(2 * (1 - 0.05) - 0.1, 14);
    expect(q.item()).toBeCloseTo(2 - 0.1, 14); // g + λθ = 2 > 0: one step of lr
  });

  it("AdamW's weightDecay defaults to 1e-2, Adam's to 0", () => {
    const p = tensor([1], { requiresGrad: true });
    expect(new AdamW([p]).paramGroups[0]!.weightDecay).toBe(1e-2);
    expect(new Adam([p]).paramGroups[0]!.weightDecay).toBe(0);
    expect(new Adam([p]).defaults).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 });
  });

  it("keeps state buffers in the param's dtype, created once", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const opt = new Adam([p], { amsgrad: true });
    p.grad = tensor([1, 1], { dtype: "float32" });
    opt.step();
    const st = opt.state.get(p)!;
    const [m, v, mx] = [st.expAvg, st.expAvgSq, st.maxExpAvgSq];
    opt.step();
    expect(opt.state.get(p)!.expAvg).toBe(m);
    expect(opt.state.get(p)!.expAvgSq).toBe(v);
    expect(opt.state.get(p)!.maxExpAvgSq).toBe(mx);
    expect([m.dtype, v.dtype, mx!.dtype]).toEqual(["float32", "float32", "float32"]);
  });

  it("prints like PyTorch's repr", () => {
    const p = tensor([0, 0], { requiresGrad: true });
    const q = tensor([0, 0], { requiresGrad: true });
    expect(new Adam([p, q], { lr: 0.5, betas: [0.8, 0.9], amsgrad: true }).toString()).toBe(fx.repr.adam);
  });
});

describe("Adam and AdamW errors, with PyTorch's messages", () => {
  const p = () => tensor([1, 2], { requiresGrad: true });
  it("rejects bad options", () => {
    expect(() => new Adam([p()], { lr: -1 })).toThrow(fx.errors.adam_lr);
    expect(() => new Adam([p()], { eps: -1 })).toThrow(fx.errors.adam_eps);
    expect(() => new Adam([p()], { betas: [1.5, 0.999] })).toThrow("Invalid beta parameter at index 0: 1.5");
    expect(() => new Adam([p()], { betas: [1.5, 0.999] })).toThrow(fx.errors.adam_beta0);
    expect(() => new Adam([p()], { betas: [0.9, 1] })).toThrow(fx.errors.adam_beta1);
    expect(() => new Adam([p()], { weightDecay: -0.5 })).toThrow(fx.errors.adam_weight_decay);
    expect(() => new AdamW([p()], { betas: [-0.5, 0.999] })).toThrow(fx.errors.adamw_beta0);
    expect(() => new AdamW([p()], { lr: -1 })).toThrow("Invalid learning rate: -1");
  });
});
