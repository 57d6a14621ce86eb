import { readFileSync } from "node:fs";
import { type DType, type Tensor, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { Adam, AdamW } from "./adam.js";
import type { Optimizer, OptimizerStateDict } from "./optimizer.js";

// Trajectories from PyTorch 1.13 (tools/fixtures/gen_optim.py): 2 params, 5 steps of fixed gradients.
const fx = JSON.parse(readFileSync(new URL("../../test/fixtures/optim.json", import.meta.url), "utf8"));
// [rtol, atol]. float32's atol: a weight that passes near 0 is the difference of two O(0.1) terms,
// and PyTorch rounds each intermediate (m, v, the denominator) to float32 while we keep them in
// double, so the result differs by about one float32 ulp of those terms, not of the small result.
const TOL: Record<string, [number, number]> = { float64: [1e-12, 1e-14], float32: [1e-6, 1e-7] };
const CLASSES: Record<string, typeof Adam | typeof AdamW> = { Adam, AdamW };

function leaf(shape: number[], data: number[], dtype: DType): Tensor {
  const t = zeros(shape, { dtype });
  t.storage.data.set(data);
  return t.requiresGrad_();
}

function camel(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

function expectClose(
  actual: ArrayLike<number>,
  expected: number[],
  [rtol, atol]: [number, number],
  what: string,
) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!);
    if (!(err <= atol + rtol * Math.abs(expected[i]!))) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, PyTorch ${expected[i]} (error ${err})`);
    }
  }
}

function build(c: any, params: Tensor[]): Optimizer<any, any> {
  const input = c.groups
    ? c.groups.map((g: any) => ({ ...camel(g), params: g.params.map((i: number) => params[i]) }))
    : params;
  return new CLASSES[c.optimizer]!(input, camel(c.options));
}

function setGrads(params: Tensor[], step: number, dtype: DType): void {
  params.forEach((p, k) => {
    const g = fx.grads[step][k];
    p.grad = g === null ? null : leaf(fx.shapes[k], g, dtype).detach();
  });
}

/** A JSON state dict from the fixture with its {shape, data} entries turned into tensors. */
function fromJson(sd: any): OptimizerStateDict {
  const state: OptimizerStateDict["state"] = {};
  for (const [i, entry] of Object.entries(sd.state) as [string, any][]) {
    state[Number(i)] = {};
    for (const [k, v] of Object.entries(entry) as [string, any][]) {
      // PyTorch's step is a float32 0-d tensor; the moments are float64 like the params.
      const dtype = k === "step" ? "float32" : "float64";
      state[Number(i)]![k] = tensor(v.data, { dtype }).reshape(v.shape);
    }
  }
  return { state, param_groups: sd.param_groups };
}

const cases = fx.optimizers.filter((c: any) => c.optimizer === "Adam" || c.optimizer === "AdamW");

describe("Adam and AdamW match PyTorch 1.13 step by step", () => {
  it("has the fixture cases", () => expect(cases.length).toBeGreaterThanOrEqual(12));
  for (const c of cases) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${c.name} (${dtype})`, () => {
        const params = fx.init.map((d: number[], k: number) => leaf(fx.shapes[k], d, dtype));
        const opt = build(c, params);
        for (let step = 0; step < fx.grads.length; step++) {
          setGrads(params, step, dtype);
          opt.step();
          params.forEach((p: Tensor, k: number) => {
            expect(p.dtype).toBe(dtype);
            expectClose(
              p.storage.data,
              c[dtype][step][k],
              TOL[dtype]!,
              `${c.name} step ${step + 1} param ${k}`,
            );
          });
        }
      });
    }
  }
});

describe("Adam and AdamW state dicts in PyTorch's layout", () => {
  for (const c of cases.filter((c: any) => c.stateAfter2)) {
    const torchSd = c.stateAfter2;
    it(`${c.name}: same layout and values as PyTorch's after 2 steps`, () => {
      const params = fx.init.map((d: number[], k: number) => leaf(fx.shapes[k], d, "float64"));
      const opt = build(c, params);
      for (let step = 0; step < 2; step++) {
        setGrads(params, step, "float64");
        opt.step();
      }
      const sd = opt.stateDict();
      expect(sd.param_groups).toEqual(torchSd.param_groups);
      expect(Object.keys(sd.state).sort()).toEqual(Object.keys(torchSd.state).sort());
      for (const [i, entry] of Object.entries(torchSd.state) as [string, any][]) {
        const ours = sd.state[Number(i)]!;
        expect(Object.keys(ours).sort()).toEqual(Object.keys(entry).sort());
        for (const [k, v] of Object.entries(entry) as [string, any][]) {
          const t = ours[k] as Tensor;
          expect(t.shape, `${k} ${i}`).toEqual(v.shape);
          expect(t.dtype).toBe(k === "step" ? "float32" : "float64");
          expectClose(t.storage.data, v.data, TOL.float64!, `${k} ${i}`);
        }
      }
    });

    it(`${c.name}: loading PyTorch's state then replaying steps 3-5 gives PyTorch's weights`, () => {
      const params = fx.init.map((_: number[], k: number) => leaf(fx.shapes[k], c.float64[1][k], "float64"));
      const Cls = CLASSES[c.optimizer]!;
      // Built with other options: the loaded param_groups must replace them.
      const opt = new Cls(params, { lr: 7, betas: [0.5, 0.5], amsgrad: false });
      opt.loadStateDict(fromJson(torchSd));
      expect(opt.paramGroups[0]!.betas).toEqual(torchSd.param_groups[0].betas);
      for (let step = 2; step < fx.grads.length; step++) {
        setGrads(params, step, "float64");
        opt.step();
        params.forEach((p: Tensor, k: number) => {
          expectClose(
            p.storage.data,
            c.float64[step][k],
            TOL.float64!,
            `${c.name} step ${step + 1} param ${k}`,
          );
        });
      }
    });
  }
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
