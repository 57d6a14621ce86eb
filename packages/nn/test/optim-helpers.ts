/**
 * Shared pieces of the optimizer tests that replay PyTorch 1.13's trajectories from
 * test/fixtures/optim.json (tools/fixtures/gen_optim.py): two params of shapes [3, 2] and [2]
 * start from fixed weights, and each of 5 steps sets fixed gradients (null for some entries) and
 * calls step(); the fixture holds the weights after every step, in float64 and float32.
 *
 * Kept under test/ rather than beside the optimizers so the package build (which compiles
 * src/ minus *.test.ts) never picks it up.
 */
import { type DType, type Tensor, tensor, zeros } from "@tsgrad/core";
import { expectClose, readJson, TOL } from "@tsgrad/testing";
import { expect, it } from "vitest";
import type { Optimizer, OptimizerStateDict } from "../src/optim/optimizer.js";

/** The parsed optim.json. */
export const OPTIM_FIXTURE = readJson(new URL("./fixtures/optim.json", import.meta.url));
const fx = OPTIM_FIXTURE;

/** A leaf requiring grad with `data` stored as `dtype`. */
export function leaf(shape: number[], data: number[], dtype: DType): Tensor {
  const t = zeros(shape, { dtype });
  t.storage.data.set(data);
  return t.requiresGrad_();
}

/** PyTorch's snake_case option names (weight_decay) as tsgrad's camelCase ones (weightDecay). */
export function camel(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** Makes fixture case `c`'s optimizer from a list of params or of param groups and the (camelCase) defaults. */
export type MakeOptimizer = (params: any, options: Record<string, unknown>, c: any) => Optimizer<any, any>;

/** The fixture's starting weights as fresh `dtype` leaves. */
export function initialParams(dtype: DType): Tensor[] {
  return fx.init.map((d: number[], k: number) => leaf(fx.shapes[k], d, dtype));
}

/** The optimizer of fixture case `c` over `params`, with its groups and options. */
export function buildOptimizer(c: any, params: Tensor[], make: MakeOptimizer): Optimizer<any, any> {
  const input = c.groups
    ? c.groups.map((g: any) => ({ ...camel(g), params: g.params.map((i: number) => params[i]) }))
    : params;
  return make(input, camel(c.options), c);
}

/** Sets the fixture gradients of step `step` (0-based; null where it has none), then steps `opt`. */
export function stepWithFixtureGrads(
  opt: Optimizer<any, any>,
  params: Tensor[],
  step: number,
  dtype: DType,
): void {
  params.forEach((p, k) => {
    const g = fx.grads[step][k];
    p.grad = g === null ? null : leaf(fx.shapes[k], g, dtype).detach();
  });
  opt.step();
}

/** Asserts every param has `dtype` and PyTorch's weights after step `step` (0-based) of case `c`. */
export function expectWeights(c: any, params: Tensor[], step: number, dtype: DType): void {
  params.forEach((p, k) => {
    expect(p.dtype).toBe(dtype);
    expectClose(p.storage.data, c[dtype][step][k], TOL.optim(dtype), `${c.name} step ${step + 1} param ${k}`);
  });
}

/** One test per case and dtype: all 5 steps from the initial weights, each against PyTorch's. */
export function itMatchesTrajectories(cases: any[], make: MakeOptimizer): void {
  for (const c of cases) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${c.name} (${dtype})`, () => {
        const params = initialParams(dtype);
        const opt = buildOptimizer(c, params, make);
        for (let step = 0; step < fx.grads.length; step++) {
          stepWithFixtureGrads(opt, params, step, dtype);
          expectWeights(c, params, step, dtype);
        }
      });
    }
  }
}

/**
 * Runs steps 1-2 of case `c` from the initial float64 weights and asserts that stateDict() is
 * PyTorch's `stateAfter2`: the same param_groups, the same state keys for the same params, and
 * each state tensor with PyTorch's shape and values and the dtype `dtypeOf(key)`.
 */
export function expectStateDictAfter2(
  c: any,
  make: MakeOptimizer,
  dtypeOf: (key: string) => DType = () => "float64",
): void {
  const torchSd = c.stateAfter2;
  const params = initialParams("float64");
  const opt = buildOptimizer(c, params, make);
  for (let step = 0; step < 2; step++) stepWithFixtureGrads(opt, params, step, "float64");
  const sd = opt.stateDict();
  expect(sd.param_groups).toEqual(torchSd.param_groups);
  expect(Object.keys(sd.state).sort()).toEqual(Object.keys(torchSd.state).sort());
  for (const [i, entry] of Object.entries(torchSd.state) as [string, any][]) {
    const ours = sd.state[Number(i)]!;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(entry).sort());
    for (const [k, v] of Object.entries(entry) as [string, any][]) {
      if (typeof v === "number") {
        // A plain number in PyTorch's state (RMSprop's and Adadelta's step in 1.13).
        expect(ours[k], `${k} ${i}`).toBe(v);
        continue;
      }
      const t = ours[k] as Tensor;
      expect(t.shape, `${k} ${i}`).toEqual(v.shape);
      expect(t.dtype, `${k} ${i}`).toBe(dtypeOf(k));
      expectClose(t.storage.data, v.data, TOL.optim("float64"), `${k} ${i}`);
    }
  }
}

/** Fresh float64 leaves holding PyTorch's weights after step 2 of case `c`. */
export function weightsAfterStep2(c: any): Tensor[] {
  return fx.init.map((_: number[], k: number) => leaf(fx.shapes[k], c.float64[1][k], "float64"));
}

/** Runs steps 3-5 of case `c` with `opt` (in PyTorch's state after step 2), checking each step's weights. */
export function expectReplayFromStep3(c: any, opt: Optimizer<any, any>, params: Tensor[]): void {
  for (let step = 2; step < fx.grads.length; step++) {
    stepWithFixtureGrads(opt, params, step, "float64");
    expectWeights(c, params, step, "float64");
  }
}

/**
 * A JSON state dict from the fixture with its {shape, data} entries turned into tensors of
 * `dtypeOf(key)` (float64 unless told); null entries (PyTorch's None) and plain numbers are kept.
 */
export function stateDictFromJson(
  sd: any,
  dtypeOf: (key: string) => DType = () => "float64",
): OptimizerStateDict {
  const state: OptimizerStateDict["state"] = {};
  for (const [i, entry] of Object.entries(sd.state) as [string, any][]) {
    state[Number(i)] = {};
    for (const [k, v] of Object.entries(entry) as [string, any][]) {
      state[Number(i)]![k] =
        v === null || typeof v === "number" ? v : tensor(v.data, { dtype: dtypeOf(k) }).reshape(v.shape);
    }
  }
  return { state, param_groups: sd.param_groups };
}

/** How `itMatchesStateDicts` reloads PyTorch's state dict after 2 steps. */
export interface StateDictReload {
  /** The dtype of each state entry (default float64). */
  stateDtype?: (key: string) => DType;
  /** A fresh optimizer over `params`, built with other options than the case's. */
  rebuild: (c: any, params: Tensor[]) => Optimizer<any, any>;
  /** Checks that the loaded param_groups replaced the rebuild's options. */
  loaded: (opt: Optimizer<any, any>, torchSd: any) => void;
}

/**
 * For every case with a `stateAfter2`: the state dict after 2 steps has PyTorch's layout and
 * values, and loading PyTorch's into a rebuilt optimizer, then replaying steps 3-5, gives PyTorch's weights.
 */
export function itMatchesStateDicts(cases: any[], make: MakeOptimizer, reload: StateDictReload): void {
  const dtypeOf = reload.stateDtype ?? (() => "float64");
  for (const c of cases.filter((c: any) => c.stateAfter2)) {
    const torchSd = c.stateAfter2;
    it(`${c.name}: same layout and values as PyTorch's after 2 steps`, () => {
      expectStateDictAfter2(c, make, dtypeOf);
    });

    it(`${c.name}: loading PyTorch's state then replaying steps 3-5 gives PyTorch's weights`, () => {
      const params = weightsAfterStep2(c);
      const opt = reload.rebuild(c, params);
      opt.loadStateDict(stateDictFromJson(torchSd, dtypeOf));
      reload.loaded(opt, torchSd);
      expectReplayFromStep3(c, opt, params);
    });
  }
}
