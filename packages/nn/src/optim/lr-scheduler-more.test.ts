import { readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { Adagrad } from "./adagrad.js";
import { Adam } from "./adam.js";
import { StepLR } from "./lr-scheduler.js";
import {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
} from "./lr-scheduler-more.js";
import type { LRScheduler } from "./lr-scheduler.js";
import type { Optimizer } from "./optimizer.js";
import { SGD } from "./sgd.js";
import { zeros } from "@tsgrad/core";

// lr sequences from PyTorch 1.13 (tools/fixtures/gen_optim_more.py): an optimizer with groups at lr
// 0.1 and 0.05 (SGD with momentum 0.9, or Adam), the groups' lrs after construction and after each
// of 30 optimizer.step() + scheduler.step() pairs; ReduceLROnPlateau steps with fx.metrics.
const fx = readJson(new URL("../../test/fixtures/optim-more.json", import.meta.url));

function makeOptimizer(kind: string | undefined): Optimizer<any, any> {
  const groups = [{ params: [zeros(2).requiresGrad_()] }, { params: [zeros(1).requiresGrad_()], lr: 0.05 }];
  return kind === "Adam" ? new Adam(groups, { lr: 0.1 }) : new SGD(groups, { lr: 0.1, momentum: 0.9 });
}

/** One scheduler of a SequentialLR / ChainedScheduler case: [class, PyTorch keywords]. */
function child(opt: Optimizer<any, any>, [name, o]: [string, any]): LRScheduler {
  switch (name) {
    case "ConstantLR":
      return new ConstantLR(opt, { factor: o.factor, totalIters: o.total_iters });
    case "ExponentialLR":
      return new ExponentialLR(opt, { gamma: o.gamma });
    case "LinearLR":
      return new LinearLR(opt, { startFactor: o.start_factor, totalIters: o.total_iters });
    case "StepLR":
      return new StepLR(opt, { stepSize: o.step_size, gamma: o.gamma });
    case "MultiStepLR":
      return new MultiStepLR(opt, { milestones: o.milestones, gamma: o.gamma });
  }
  throw new Error(`unknown scheduler ${name}`);
}

type Sched = LRScheduler | ReduceLROnPlateau;

function makeScheduler(c: any, opt: Optimizer<any, any>): Sched {
  const o = c.options;
  switch (c.scheduler) {
    case "ExponentialLR":
      return new ExponentialLR(opt, { gamma: o.gamma });
    case "MultiStepLR":
      return new MultiStepLR(opt, { milestones: o.milestones, gamma: o.gamma });
    case "LinearLR":
      return new LinearLR(opt, {
        startFactor: o.start_factor,
        endFactor: o.end_factor,
        totalIters: o.total_iters,
      });
    case "ConstantLR":
      return new ConstantLR(opt, { factor: o.factor, totalIters: o.total_iters });
    case "CosineAnnealingWarmRestarts":
      return new CosineAnnealingWarmRestarts(opt, { t0: o.T_0, tMult: o.T_mult, etaMin: o.eta_min });
    case "OneCycleLR":
      return new OneCycleLR(opt, {
        maxLr: o.max_lr,
        totalSteps: o.total_steps,
        epochs: o.epochs,
        stepsPerEpoch: o.steps_per_epoch,
        pctStart: o.pct_start,
        annealStrategy: o.anneal_strategy,
        cycleMomentum: o.cycle_momentum,
        baseMomentum: o.base_momentum,
        maxMomentum: o.max_momentum,
        divFactor: o.div_factor,
        finalDivFactor: o.final_div_factor,
        threePhase: o.three_phase,
      });
    case "ReduceLROnPlateau":
      return new ReduceLROnPlateau(opt, {
        mode: o.mode,
        factor: o.factor,
        patience: o.patience,
        threshold: o.threshold,
        thresholdMode: o.threshold_mode,
        cooldown: o.cooldown,
        minLr: o.min_lr,
        eps: o.eps,
      });
    case "SequentialLR":
      return new SequentialLR(opt, {
        schedulers: o.schedulers.map((s: [string, any]) => child(opt, s)),
        milestones: o.milestones,
      });
    case "ChainedScheduler":
      return new ChainedScheduler(o.schedulers.map((s: [string, any]) => child(opt, s)));
  }
  throw new Error(`unknown scheduler ${c.scheduler}`);
}

function expectNumbers(actual: unknown, expected: unknown, what: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), what).toBe(true);
    expect((actual as unknown[]).length, what).toBe(expected.length);
    expected.forEach((e, i) => {
      expectNumbers((actual as unknown[])[i], e, `${what}[${i}]`);
    });
  } else if (typeof expected === "number") {
    const a = actual as number;
    if (!(Math.abs(a - expected) <= 1e-12 * Math.abs(expected) + 1e-16)) {
      throw new Error(`${what}: got ${a}, PyTorch ${expected}`);
    }
  } else if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), what).toEqual(
      Object.keys(expected)
        .filter((k) => k !== "verbose" && k !== "_get_lr_called_within_step")
        .sort(),
    );
    for (const [k, v] of Object.entries(expected)) {
      if (k !== "verbose" && k !== "_get_lr_called_within_step")
        expectNumbers((actual as any)[k], v, `${what}.${k}`);
    }
  } else if (expected === "inf" || expected === "-inf") {
    expect(actual, what).toBe(expected === "inf" ? Infinity : -Infinity);
  } else expect(actual, what).toBe(expected);
}

function stepBoth(opt: Optimizer<any, any>, sched: Sched, i: number): void {
  opt.step();
  if (sched instanceof ReduceLROnPlateau) sched.step(fx.metrics[i]);
  else sched.step();
}

const momentumOf = (opt: Optimizer<any, any>, key: string) =>
  opt.paramGroups.map((g) => (key === "betas" ? g.betas : g.momentum));

describe("the other schedulers match PyTorch 1.13's lr sequences over 30 steps", () => {
  for (const name of [
    "ExponentialLR",
    "MultiStepLR",
    "LinearLR",
    "ConstantLR",
    "SequentialLR",
    "ChainedScheduler",
    "OneCycleLR",
    "CosineAnnealingWarmRestarts",
    "ReduceLROnPlateau",
  ]) {
    it(`has fixture cases for ${name}`, () => {
      expect(fx.schedulers.filter((c: any) => c.scheduler === name).length).toBeGreaterThanOrEqual(1);
    });
  }

  for (const c of fx.schedulers) {
    it(c.name, () => {
      const opt = makeOptimizer(c.options.optimizer);
      const sched = makeScheduler(c, opt);
      const key = c.options.optimizer === "Adam" ? "betas" : "momentum";
      expectNumbers(sched.getLastLr(), c.lrs[0], `${c.name} after construction`);
      if (c.momentum) expectNumbers(momentumOf(opt, key), c.momentum[0], `${c.name} momentum`);
      for (let step = 1; step < c.lrs.length; step++) {
        stepBoth(opt, sched, step - 1);
        expectNumbers(sched.getLastLr(), c.lrs[step], `${c.name} step ${step}`);
        expectNumbers(
          opt.paramGroups.map((g) => g.lr),
          c.lrs[step],
          `${c.name} group lr at step ${step}`,
        );
        if (c.momentum)
          expectNumbers(momentumOf(opt, key), c.momentum[step], `${c.name} momentum at step ${step}`);
      }
    });

    it(`${c.name}: state dict as PyTorch's after 10 steps; loading it resumes the sequence`, () => {
      const opt = makeOptimizer(c.options.optimizer);
      const sched = makeScheduler(c, opt);
      for (let i = 0; i < 10; i++) stepBoth(opt, sched, i);
      const sd = sched.stateDict();
      expectNumbers(sd, c.stateAfter10, `${c.name} state`);

      const opt2 = makeOptimizer(c.options.optimizer);
      opt2.loadStateDict(opt.stateDict());
      const sched2 = makeScheduler(c, opt2);
      opt2.loadStateDict(opt.stateDict()); // the new scheduler's first step changed the lrs
      sched2.loadStateDict(structuredClone(sd));
      expectNumbers(sched2.getLastLr(), c.lrs[10], `${c.name} after loading`);
      for (let step = 11; step < c.lrs.length; step++) {
        stepBoth(opt2, sched2, step - 1);
        expectNumbers(sched2.getLastLr(), c.lrs[step], `${c.name} resumed step ${step}`);
      }
    });
  }
});

describe("scheduler errors, with PyTorch's messages", () => {
  const opt = () => makeOptimizer(undefined);
  const one = () => new SGD([zeros(2).requiresGrad_()], { lr: 0.1 });
  const cases: Array<[string, string, () => unknown]> = [
    ["linear_start", "LinearLR", () => new LinearLR(opt(), { startFactor: 1.5 })],
    ["linear_end", "LinearLR", () => new LinearLR(opt(), { endFactor: 1.5 })],
    ["constant_factor", "ConstantLR", () => new ConstantLR(opt(), { factor: 1.5 })],
    ["warm_t0", "CosineAnnealingWarmRestarts", () => new CosineAnnealingWarmRestarts(opt(), { t0: 0 })],
    [
      "warm_tmult",
      "CosineAnnealingWarmRestarts",
      () => new CosineAnnealingWarmRestarts(opt(), { t0: 2, tMult: 0 }),
    ],
    ["plateau_factor", "ReduceLROnPlateau", () => new ReduceLROnPlateau(opt(), { factor: 1 })],
    ["plateau_mode", "ReduceLROnPlateau", () => new ReduceLROnPlateau(opt(), { mode: "up" as any })],
    [
      "plateau_threshold_mode",
      "ReduceLROnPlateau",
      () => new ReduceLROnPlateau(opt(), { thresholdMode: "pct" as any }),
    ],
    ["plateau_min_lr", "ReduceLROnPlateau", () => new ReduceLROnPlateau(one(), { minLr: [0.1, 0.2] })],
    ["onecycle_total", "OneCycleLR", () => new OneCycleLR(one(), { maxLr: 0.1 })],
    ["onecycle_total_neg", "OneCycleLR", () => new OneCycleLR(one(), { maxLr: 0.1, totalSteps: -1 })],
    [
      "onecycle_pct",
      "OneCycleLR",
      () => new OneCycleLR(one(), { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 }),
    ],
    [
      "onecycle_anneal",
      "OneCycleLR",
      () => new OneCycleLR(one(), { maxLr: 0.1, totalSteps: 10, annealStrategy: "sin" as any }),
    ],
    [
      "onecycle_epochs",
      "OneCycleLR",
      () => new OneCycleLR(one(), { maxLr: 0.1, epochs: 0, stepsPerEpoch: 3 }),
    ],
    ["onecycle_max_lr", "OneCycleLR", () => new OneCycleLR(one(), { maxLr: [0.1, 0.2], totalSteps: 10 })],
    [
      "onecycle_overstep",
      "OneCycleLR.step",
      () => {
        const s = new OneCycleLR(one(), { maxLr: 0.1, totalSteps: 2 });
        s.step();
        s.step();
        s.step();
      },
    ],
    [
      "sequential_optimizer",
      "SequentialLR",
      () => {
        const o = one();
        return new SequentialLR(o, {
          schedulers: [new ConstantLR(o), new ConstantLR(one())],
          milestones: [2],
        });
      },
    ],
    [
      "sequential_milestones",
      "SequentialLR",
      () => {
        const o = one();
        return new SequentialLR(o, {
          schedulers: [new ConstantLR(o), new ConstantLR(o)],
          milestones: [2, 3],
        });
      },
    ],
    [
      "chained_optimizer",
      "ChainedScheduler",
      () => new ChainedScheduler([new ConstantLR(one()), new ConstantLR(one())]),
    ],
  ];
  for (const [key, op, fn] of cases) {
    it(key, () => {
      expect(fn).toThrow(`${op}(): ${fx.errors[key]}`);
    });
  }

  it("OneCycleLR with an optimizer without momentum, as PyTorch", () => {
    expect(
      () => new OneCycleLR(new Adagrad([zeros(2).requiresGrad_()]), { maxLr: 0.1, totalSteps: 3 }),
    ).toThrow(`OneCycleLR(): ${fx.errors.onecycle_momentum}`);
  });

  it("refuses unknown options and schedulers that are not schedulers", () => {
    expect(() => new ExponentialLR(opt(), { gamma: 0.9, step_size: 2 } as any)).toThrow(
      /ExponentialLR\(\).*step_size/,
    );
    expect(() => new ChainedScheduler([{} as any])).toThrow(
      "ChainedScheduler(): scheduler 0 is Object, not an LRScheduler",
    );
    expect(() => new ReduceLROnPlateau(opt()).step("0.5" as any)).toThrow(
      "ReduceLROnPlateau.step(): metric must be a number or a Tensor, but got string",
    );
  });
});
