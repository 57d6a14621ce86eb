import { tensor, zeros } from "@tsgrad/core";
import { describe, expect, it, vi } from "vitest";
import { OPTIM_FIXTURE as fx } from "../../test/optim-helpers.js";
import { CosineAnnealingLR, LambdaLR, type LRScheduler, type LrLambda, StepLR } from "./lr-scheduler.js";
import { SGD } from "./sgd.js";

// lr sequences from PyTorch 1.13 (tools/fixtures/gen_optim.py): SGD with groups at lr 0.1 and 0.05,
// get_last_lr() after construction and after each of 30 steps.

function makeOptimizer(resume = false): SGD {
  const opt = new SGD(
    [{ params: [zeros(2).requiresGrad_()] }, { params: [zeros(1).requiresGrad_()], lr: 0.05 }],
    { lr: 0.1 },
  );
  if (resume) {
    // As the generator does: the groups remember their initial lr and now run at a quarter of it.
    for (const g of opt.paramGroups) {
      g.initialLr = g.lr;
      g.lr = g.lr / 4;
    }
  }
  return opt;
}

function makeScheduler(c: any, opt: SGD): LRScheduler {
  const o = c.options;
  const lastEpoch = o.last_epoch ?? -1;
  switch (c.scheduler) {
    case "StepLR":
      return new StepLR(opt, { stepSize: o.step_size, gamma: o.gamma, lastEpoch });
    case "CosineAnnealingLR":
      return new CosineAnnealingLR(opt, { tMax: o.T_max, etaMin: o.eta_min, lastEpoch });
    case "LambdaLR": {
      // The generator writes each Python lambda's JS twin beside it.
      const fns = o.lambdas_js.map((src: string) => new Function(`return ${src}`)() as LrLambda);
      return new LambdaLR(opt, { lrLambda: fns.length === 1 ? fns[0] : fns, lastEpoch });
    }
  }
  throw new Error(`unknown scheduler ${c.scheduler}`);
}

function expectLrs(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) => {
    const err = Math.abs(v - expected[i]!);
    if (!(err <= 1e-12 * Math.abs(expected[i]!) + 1e-16)) {
      throw new Error(`${what} group ${i}: got ${v}, PyTorch ${expected[i]} (error ${err})`);
    }
  });
}

describe("schedulers match PyTorch 1.13's lr sequences over 30 steps", () => {
  it("has the fixture cases", () => expect(fx.schedulers.length).toBeGreaterThanOrEqual(8));
  for (const c of fx.schedulers) {
    it(c.name, () => {
      const opt = makeOptimizer(c.options.resume);
      const sched = makeScheduler(c, opt);
      expectLrs(sched.getLastLr(), c.lrs[0], `${c.name} after construction`);
      for (let step = 1; step < c.lrs.length; step++) {
        opt.step();
        if (step - 1 === c.options.halve_at) opt.paramGroups[0]!.lr *= 0.5;
        sched.step();
        expectLrs(sched.getLastLr(), c.lrs[step], `${c.name} step ${step}`);
        expectLrs(
          opt.paramGroups.map((g) => g.lr),
          c.lrs[step],
          `${c.name} group lr at step ${step}`,
        );
      }
    });

    it(`${c.name}: state dict as PyTorch's after 10 steps; loading it resumes the sequence`, () => {
      const opt = makeOptimizer(c.options.resume);
      const sched = makeScheduler(c, opt);
      for (let step = 0; step < 10; step++) {
        if (step === c.options.halve_at) opt.paramGroups[0]!.lr *= 0.5;
        sched.step();
      }
      const sd = sched.stateDict();
      const torchSd = c.stateAfter10;
      for (const [k, v] of Object.entries(sd)) {
        if (k === "lr_lambdas")
          expect(v).toEqual([null, null]); // one per group, as PyTorch saves plain functions
        else if (Array.isArray(v)) expectLrs(v, torchSd[k], k);
        else expect(v, k).toBe(torchSd[k]);
      }
      // Only PyTorch's bookkeeping of warnings and printing is missing.
      const missing = Object.keys(torchSd).filter((k) => !(k in sd));
      expect(missing.sort()).toEqual(["_get_lr_called_within_step", "verbose"]);

      // A fresh optimizer and scheduler, then both states loaded: continues where the first was.
      const opt2 = makeOptimizer();
      opt2.loadStateDict(opt.stateDict());
      const sched2 = makeScheduler({ ...c, options: { ...c.options, last_epoch: undefined } }, opt2);
      sched2.loadStateDict(JSON.parse(JSON.stringify(sd)));
      expectLrs(sched2.getLastLr(), c.lrs[10], `${c.name} after loading`);
      for (let step = 11; step < c.lrs.length; step++) {
        sched2.step();
        expectLrs(sched2.getLastLr(), c.lrs[step], `${c.name} resumed step ${step}`);
      }
    });
  }
});

describe("schedulers and the optimizer", () => {
  it("record each group's initial lr, kept in the optimizer's state dict as initial_lr", () => {
    const opt = makeOptimizer();
    const sched = new StepLR(opt, { stepSize: 2 });
    sched.step();
    sched.step();
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.05]);
    expect(opt.stateDict().param_groups.map((g) => g.initial_lr)).toEqual([0.1, 0.05]);
    expect(sched.baseLrs).toEqual([0.1, 0.05]);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.01, 15);
  });

  it("the optimizer steps with the lr the scheduler set", () => {
    const p = tensor([1], { dtype: "float64" }).requiresGrad_();
    const opt = new SGD([p], { lr: 1 });
    const sched = new LambdaLR(opt, { lrLambda: (e) => 1 / 2 ** e });
    for (let i = 0; i < 3; i++) {
      p.grad = tensor([1], { dtype: "float64" });
      opt.step();
      sched.step();
    }
    expect(p.item()).toBe(1 - 1 - 0.5 - 0.25);
  });

  it("getLastLr returns a copy", () => {
    const sched = new CosineAnnealingLR(makeOptimizer(), { tMax: 5 });
    sched.getLastLr()[0] = 42;
    expect(sched.getLastLr()[0]).toBe(0.1);
  });
});

describe("LambdaLR's positional lr_lambda", () => {
  it("takes the function (or list) where PyTorch code passes it, with the same lrs as the keyword form", () => {
    const lrs = (make: (opt: SGD) => LRScheduler) => {
      const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
      const sched = make(opt);
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        opt.step();
        sched.step();
        out.push(sched.getLastLr()[0]!);
      }
      return out;
    };
    const f: LrLambda = (e) => 0.5 ** e;
    const keyword = lrs((opt) => new LambdaLR(opt, { lrLambda: f }));
    expect(lrs((opt) => new LambdaLR(opt, f))).toEqual(keyword);
    expect(lrs((opt) => new LambdaLR(opt, [f]))).toEqual(keyword);
    expect(lrs((opt) => new LambdaLR(opt, f, { lastEpoch: -1 }))).toEqual(keyword);
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
    expect(() => new LambdaLR(opt, f, { lrLambda: f } as never)).toThrow("unexpected option 'lrLambda'");
  });
});

describe("stepping the scheduler before the optimizer", () => {
  it("warns once, with PyTorch's UserWarning, and not in the right order", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const run = (schedulerFirst: boolean) => {
      const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
      const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
      for (let i = 0; i < 3; i++) {
        if (schedulerFirst) sched.step();
        opt.step();
        if (!schedulerFirst) sched.step();
      }
    };
    run(false);
    expect(warn).not.toHaveBeenCalled();
    run(true);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
    ]);
    warn.mockRestore();
  });
});

describe("scheduler errors", () => {
  it("resuming without initial_lr, as PyTorch", () => {
    const message = fx.errors.resume_no_initial_lr.replace(/^"|"$/g, "");
    expect(() => new StepLR(makeOptimizer(), { stepSize: 3, lastEpoch: 4 })).toThrow(message);
  });

  it("a list of lambdas of the wrong length, as PyTorch", () => {
    expect(() => new LambdaLR(makeOptimizer(), { lrLambda: [() => 1] })).toThrow(fx.errors.lambda_count);
    expect(() => new LambdaLR(makeOptimizer(), { lrLambda: [() => 1] })).toThrow(
      "Expected 2 lr_lambdas, but got 1",
    );
  });

  it("bad periods and a non-optimizer", () => {
    expect(() => new StepLR(makeOptimizer(), { stepSize: 0 })).toThrow(
      "StepLR(): stepSize must be a positive integer, got 0",
    );
    expect(() => new CosineAnnealingLR(makeOptimizer(), { tMax: 0 })).toThrow(
      "CosineAnnealingLR(): tMax must be positive, got 0",
    );
    expect(() => new StepLR({ paramGroups: [] } as any, { stepSize: 1 })).toThrow(
      "Object is not an Optimizer",
    );
  });
});
