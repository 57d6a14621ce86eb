import { type DType, type Tensor, tensor } from "@tsgrad/core";
import { readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import {
  buildOptimizer,
  camel,
  expectReplayFromStep3,
  expectStateDictAfter2,
  expectWeights,
  initialParams,
  itMatchesTrajectories,
  type MakeOptimizer,
  stateDictFromJson,
  stepWithFixtureGrads,
  weightsAfterStep2,
} from "../../test/optim-helpers.js";
import { Adadelta } from "./adadelta.js";
import { Adagrad } from "./adagrad.js";
import { Adamax } from "./adamax.js";
import { NAdam } from "./nadam.js";
import { RAdam } from "./radam.js";
import { RMSprop } from "./rmsprop.js";

// Trajectories from PyTorch 1.13 (tools/fixtures/gen_optim_more.py), on optim.json's weights and
// gradients: 5 steps, or more with the 5 gradients repeated.
const fx = readJson(new URL("../../test/fixtures/optim-more.json", import.meta.url));
const REPLAYS: Record<string, number[][][]> = readJson(
  new URL("../../test/fixtures/optim_dtype.json", import.meta.url),
).replays;
const CLASSES = { RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam } as const;
type Name = keyof typeof CLASSES;
const make: MakeOptimizer = (params, options, c) => new CLASSES[c.optimizer as Name](params, options as any);
// PyTorch's step counters and NAdam's mu_product are float32 0-d tensors; the rest follow the params.
const stateDtype = (k: string): DType => (k === "step" || k === "mu_product" ? "float32" : "float64");

describe("RMSprop, Adagrad, Adadelta, Adamax, NAdam and RAdam match PyTorch 1.13 step by step", () => {
  for (const name of Object.keys(CLASSES)) {
    it(`has fixture cases for ${name}`, () => {
      expect(fx.optimizers.filter((c: any) => c.optimizer === name).length).toBeGreaterThanOrEqual(4);
    });
  }
  itMatchesTrajectories(fx.optimizers, make);

  for (const c of fx.optimizers.filter((c: any) => c.steps > 5)) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${c.name}: all ${c.steps} steps (${dtype})`, () => {
        const params = initialParams(dtype);
        const opt = buildOptimizer(c, params, make);
        for (let step = 0; step < c.steps; step++) {
          stepWithFixtureGrads(opt, params, step % 5, dtype);
          expectWeights(c, params, step, dtype);
        }
      });
    }
  }
});

describe("their state dicts are PyTorch's", () => {
  for (const c of fx.optimizers.filter((c: any) => c.stateAfter2)) {
    const torchSd = c.stateAfter2;
    it(`${c.name}: same layout and values as PyTorch's after 2 steps`, () => {
      expectStateDictAfter2(c, make, stateDtype);
    });

    it(`${c.name}: loading PyTorch's state then replaying steps 3-5 gives PyTorch's weights`, () => {
      const params = weightsAfterStep2(c);
      // Built with another lr: the loaded param_groups must replace it.
      const opt = new CLASSES[c.optimizer as Name](params, { lr: 7 });
      opt.loadStateDict(stateDictFromJson(torchSd, stateDtype));
      expect(opt.paramGroups[0]!.lr).toBe(torchSd.param_groups[0].lr);
      for (const [i, entry] of Object.entries(torchSd.state) as [string, any][]) {
        // RMSprop's and Adadelta's step stays the plain number PyTorch 1.13 keeps.
        if (typeof entry.step === "number") expect(opt.stateDict().state[Number(i)]!.step).toBe(entry.step);
      }
      // Loading casts NAdam's float32 mu_product to the float64 parameters' dtype, as PyTorch's
      // load_state_dict does, so the replay follows PyTorch's own load-and-replay run
      // (optim_dtype.json, tools/fixtures/gen_optim_dtype.py), not the uninterrupted one.
      const replay = REPLAYS[c.name];
      expectReplayFromStep3(
        replay ? { ...c, float64: [...c.float64.slice(0, 2), ...replay] } : c,
        opt,
        params,
      );
    });
  }
});

describe("conventions", () => {
  const p = () => tensor([1, 2], { requiresGrad: true });

  it("print like PyTorch's repr", () => {
    for (const name of Object.keys(CLASSES) as Name[]) {
      const opt = new CLASSES[name]([
        { params: [p()], lr: 0.25 },
        { params: [p()], lr: 0.5 },
      ]);
      expect(opt.toString()).toBe(fx.repr[name]);
    }
  });

  it("have PyTorch's defaults", () => {
    for (const name of Object.keys(CLASSES) as Name[]) {
      // PyTorch's param_groups for the case built with no options hold its defaults.
      const c = fx.optimizers.find((c: any) => c.name === `${name.toLowerCase()}_default`);
      const { params: _, ...torchDefaults } = c.stateAfter2.param_groups[0];
      expect(new CLASSES[name]([p()]).defaults, name).toEqual(camel(torchDefaults));
    }
  });

  it("Adagrad creates every parameter's state up front, as PyTorch; a group added later gets it on its first step", () => {
    const a = p();
    const opt = new Adagrad([a], { initialAccumulatorValue: 0.5 });
    const st = opt.stateDict().state[0]!;
    expect((st.step as Tensor).item()).toBe(0);
    expect((st.sum as Tensor).tolist()).toEqual([0.5, 0.5]);
    const b = p();
    opt.addParamGroup({ params: [b], initialAccumulatorValue: 2 });
    expect(opt.state.has(b)).toBe(false);
    b.grad = tensor([1, 1], { dtype: "float32" });
    opt.step();
    expect(opt.state.get(b)!.sum.tolist()).toEqual([3, 3]);
    expect(opt.state.get(a)!.step.item()).toBe(0); // no grad: skipped
  });

  it("keeps state buffers in the param's dtype, created once, and bumps the weights' version", () => {
    for (const name of Object.keys(CLASSES) as Name[]) {
      const w = tensor([1, 2], { requiresGrad: true });
      const opt = new CLASSES[name]([w], name === "RMSprop" ? { momentum: 0.5, centered: true } : {});
      w.grad = tensor([1, -1], { dtype: "float32" });
      const v0 = w.storage.version;
      opt.step();
      expect(w.storage.version, name).toBe(v0 + 1);
      const first = { ...opt.state.get(w)! } as Record<string, unknown>;
      opt.step();
      for (const [k, t] of Object.entries(opt.state.get(w)!)) {
        if (typeof t === "number") continue;
        expect(t, `${name}.${k}`).toBe(first[k]);
        expect((t as Tensor).dtype, `${name}.${k}`).toBe("float32");
      }
    }
  });

  it("step a non-contiguous parameter as its contiguous copy would be stepped", () => {
    for (const name of Object.keys(CLASSES) as Name[]) {
      const base = tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: "float64" },
      );
      const t = base.t().requiresGrad_();
      const c = tensor(
        [
          [1, 4],
          [2, 5],
          [3, 6],
        ],
        { dtype: "float64" },
      ).requiresGrad_();
      const g = tensor(
        [
          [0.5, -1],
          [2, 0.25],
          [-3, 1],
        ],
        { dtype: "float64" },
      );
      const a = new CLASSES[name]([t], { lr: 0.1 });
      const b = new CLASSES[name]([c], { lr: 0.1 });
      for (let k = 0; k < 3; k++) {
        t.grad = g;
        c.grad = g;
        a.step();
        b.step();
      }
      expect(t.tolist(), name).toEqual(c.tolist());
    }
  });
});

describe("errors, with PyTorch's messages", () => {
  const p = () => tensor([1, 2], { requiresGrad: true });
  const CHECKS: Array<[Name, string, Record<string, unknown>]> = [
    ["RMSprop", "lr", { lr: -1 }],
    ["RMSprop", "eps", { eps: -1 }],
    ["RMSprop", "momentum", { momentum: -0.5 }],
    ["RMSprop", "weight_decay", { weightDecay: -1 }],
    ["RMSprop", "alpha", { alpha: -0.1 }],
    ["Adagrad", "lr", { lr: -1 }],
    ["Adagrad", "lr_decay", { lrDecay: -1 }],
    ["Adagrad", "weight_decay", { weightDecay: -1 }],
    ["Adagrad", "initial_accumulator_value", { initialAccumulatorValue: -1 }],
    ["Adagrad", "eps", { eps: -1 }],
    ["Adadelta", "lr", { lr: -1 }],
    ["Adadelta", "rho", { rho: 1.5 }],
    ["Adadelta", "eps", { eps: -1 }],
    ["Adadelta", "weight_decay", { weightDecay: -1 }],
    ["Adamax", "lr", { lr: -1 }],
    ["Adamax", "eps", { eps: -1 }],
    ["Adamax", "beta0", { betas: [1.5, 0.9] }],
    ["Adamax", "beta1", { betas: [0.9, -1] }],
    ["Adamax", "weight_decay", { weightDecay: -1 }],
    ["NAdam", "lr", { lr: -1 }],
    ["NAdam", "eps", { eps: -1 }],
    ["NAdam", "beta0", { betas: [1.5, 0.9] }],
    ["NAdam", "beta1", { betas: [0.9, 1.5] }],
    ["NAdam", "weight_decay", { weightDecay: -1 }],
    ["NAdam", "momentum_decay", { momentumDecay: -1 }],
    ["RAdam", "lr", { lr: -1 }],
    ["RAdam", "eps", { eps: -1 }],
    ["RAdam", "beta0", { betas: [-0.1, 0.9] }],
    ["RAdam", "beta1", { betas: [0.9, 1] }],
    ["RAdam", "weight_decay", { weightDecay: -1 }],
  ];
  for (const [name, key, options] of CHECKS) {
    it(`${name}: ${key}`, () => {
      const msg = `${name}(): ${fx.errors[`${name}_${key}`]}`;
      expect(() => new CLASSES[name]([p()], options as any)).toThrow(msg);
      // The same check on a parameter group.
      expect(() => new CLASSES[name]([{ params: [p()], ...options }] as any)).toThrow(msg);
    });
  }

  it("refuse unknown options and options of the wrong kind, naming the optimizer", () => {
    expect(() => new RMSprop([p()], { nesterov: true } as any)).toThrow(/RMSprop\(\).*nesterov/);
    expect(() => new NAdam([p()], { maximize: true } as any)).toThrow(/NAdam\(\).*maximize/);
    expect(() => new Adamax([p()], { betas: 0.9 } as any)).toThrow(/Adamax\(\).*betas/);
  });
});
