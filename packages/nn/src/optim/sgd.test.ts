import { readFileSync } from "node:fs";
import { type DType, type Tensor, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import type { Optimizer, OptimizerStateDict } from "./optimizer.js";
import { SGD } from "./sgd.js";

// Trajectories from PyTorch 1.13 (tools/fixtures/gen_optim.py): 2 params, 5 steps of fixed gradients.
const fx = JSON.parse(readFileSync(new URL("../../test/fixtures/optim.json", import.meta.url), "utf8"));
// [rtol, atol]. float32's atol: a weight that passes near 0 is the difference of two O(0.1) terms
// (θ − lr·d), and PyTorch rounds d to float32 before subtracting while we keep it in double, so the
// result differs by about one float32 ulp of those terms (~3e-8), not of the small result.
const TOL: Record<string, [number, number]> = { float64: [1e-12, 1e-14], float32: [1e-6, 1e-7] };

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
  return new SGD(input, camel(c.options));
}

function setGrads(params: Tensor[], step: number, dtype: DType): void {
  params.forEach((p, k) => {
    const g = fx.grads[step][k];
    p.grad = g === null ? null : leaf(fx.shapes[k], g, dtype).detach();
  });
}

const cases = fx.optimizers.filter((c: any) => c.optimizer === "SGD");

describe("SGD matches PyTorch 1.13 step by step", () => {
  it("has the fixture cases", () => expect(cases.length).toBeGreaterThanOrEqual(8));
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

describe("SGD state dict in PyTorch's layout", () => {
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
        const buf = ours.momentum_buffer as Tensor;
        expect(buf.shape).toEqual(entry.momentum_buffer.shape);
        expectClose(buf.storage.data, entry.momentum_buffer.data, TOL.float64!, `momentum_buffer ${i}`);
      }
    });

    it(`${c.name}: loading PyTorch's state then replaying steps 3-5 gives PyTorch's weights`, () => {
      const params = fx.init.map((_: number[], k: number) => leaf(fx.shapes[k], c.float64[1][k], "float64"));
      // Built with other options: the loaded param_groups must replace them.
      const groups = c.groups
        ? c.groups.map((g: any) => ({ params: g.params.map((i: number) => params[i]) }))
        : params;
      const opt = new SGD(groups, { lr: 123, momentum: 0.1, dampening: 0.3 });
      opt.loadStateDict(fromJson(torchSd));
      expect(opt.paramGroups[0]!.lr).toBe(torchSd.param_groups[0].lr);
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

/** A JSON state dict from the fixture with its {shape, data} entries turned into float64 tensors. */
function fromJson(sd: any): OptimizerStateDict {
  const state: OptimizerStateDict["state"] = {};
  for (const [i, entry] of Object.entries(sd.state) as [string, any][]) {
    state[Number(i)] = {};
    for (const [k, v] of Object.entries(entry) as [string, any][]) {
      state[Number(i)]![k] = v === null ? null : tensor(v.data, { dtype: "float64" }).reshape(v.shape);
    }
  }
  return { state, param_groups: sd.param_groups };
}

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
