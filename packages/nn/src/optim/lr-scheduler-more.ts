/**
 * More learning-rate schedulers of PyTorch's `torch.optim.lr_scheduler`: ExponentialLR,
 * MultiStepLR, ConstantLR, LinearLR, SequentialLR, ChainedScheduler, OneCycleLR,
 * CosineAnnealingWarmRestarts and ReduceLROnPlateau, each giving PyTorch 1.13's lr sequence.
 */
import { checkOptions, type OptionsSpec, Tensor, typeNameOf } from "@tsgrad/core";
import {
  checkOptimizer,
  currentLrs,
  LRScheduler,
  type LRSchedulerOptions,
  type SchedulerStateDict,
} from "./lr-scheduler.js";
import type { Optimizer } from "./optimizer.js";

type AnyOptimizer = Optimizer<any, any>;

const INTEGERS = {
  test: (v: unknown) => Array.isArray(v) && v.every((x) => Number.isInteger(x)),
  expected: "an array of integers",
};
const NUMBER_OR_NUMBERS = {
  test: (v: unknown) => typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number")),
  expected: "a number or an array of numbers (one per parameter group)",
};

/** {@link ExponentialLR}'s options. */
export interface ExponentialLROptions extends LRSchedulerOptions {
  /** Multiplicative factor of the decay per epoch. */
  gamma: number;
}

const EXPONENTIAL_OPTIONS: OptionsSpec<ExponentialLROptions> = { gamma: "finite", lastEpoch: "number" };

/**
 * Multiplies each group's lr by `gamma` every epoch (`torch.optim.lr_scheduler.ExponentialLR`).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: ExponentialLR(optimizer, gamma=0.9)
 * const sched = new ExponentialLR(opt, { gamma: 0.9 });
 */
export class ExponentialLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "ExponentialLR";
  /** The multiplicative decay factor (PyTorch's `gamma`). */
  gamma: number;
  protected override readonly stateFields = { gamma: "gamma" };

  constructor(optimizer: AnyOptimizer, options: ExponentialLROptions) {
    const { gamma, lastEpoch = -1 } = checkOptions("ExponentialLR", options, EXPONENTIAL_OPTIONS, 2);
    if (gamma === undefined) throw new TypeError("ExponentialLR(): missing required option 'gamma'");
    super(optimizer, lastEpoch);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.scaledLrs(this.lastEpoch === 0 ? 1 : this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}

/** {@link MultiStepLR}'s options. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** The epochs at which the lr is multiplied by `gamma` (a milestone listed k times multiplies by gammaᵏ). */
  milestones: readonly number[];
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

const MULTISTEP_OPTIONS: OptionsSpec<MultiStepLROptions> = {
  milestones: INTEGERS,
  gamma: "finite",
  lastEpoch: "number",
};

/**
 * Multiplies each group's lr by `gamma` at each milestone epoch (`torch.optim.lr_scheduler.MultiStepLR`).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "MultiStepLR";
  /** How many times each milestone was listed (PyTorch's `Counter(milestones)`). */
  milestones: Map<number, number>;
  /** The multiplicative decay factor (PyTorch's `gamma`). */
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: MultiStepLROptions) {
    const {
      milestones,
      gamma = 0.1,
      lastEpoch = -1,
    } = checkOptions("MultiStepLR", options, MULTISTEP_OPTIONS, 2);
    if (milestones === undefined) throw new TypeError("MultiStepLR(): missing required option 'milestones'");
    super(optimizer, lastEpoch);
    this.milestones = new Map();
    for (const m of milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const k = this.milestones.get(this.lastEpoch);
    return this.scaledLrs(k === undefined ? 1 : this.gamma ** k);
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, k] of this.milestones) if (m <= this.lastEpoch) passed += k;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }

  /** As PyTorch's: `milestones` is the counter, `{ 30: 1, 80: 1 }`. */
  override stateDict(): SchedulerStateDict {
    return { milestones: Object.fromEntries(this.milestones), gamma: this.gamma, ...super.stateDict() };
  }

  override loadStateDict(state: SchedulerStateDict): void {
    super.loadStateDict(state);
    if (state.milestones !== undefined) {
      this.milestones = new Map(
        Object.entries(state.milestones as Record<string, number>).map(([m, k]) => [Number(m), k]),
      );
    }
    if (state.gamma !== undefined) this.gamma = state.gamma as number;
  }
}

/** {@link ConstantLR}'s options. */
export interface ConstantLROptions extends LRSchedulerOptions {
  /** The factor applied to the lr until `totalIters` (default 1/3). */
  factor?: number;
  /** The number of epochs the factor applies (default 5). */
  totalIters?: number;
}

const CONSTANT_OPTIONS: OptionsSpec<ConstantLROptions> = {
  factor: "number",
  totalIters: "integer",
  lastEpoch: "number",
};

/**
 * Multiplies each group's lr by `factor` for the first `totalIters` epochs
 * (`torch.optim.lr_scheduler.ConstantLR`), e.g. as a warmup.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: ConstantLR(optimizer, factor=0.5, total_iters=4)
 * const sched = new ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "ConstantLR";
  /** The factor applied to the learning rate (PyTorch's `factor`). */
  factor: number;
  /** The number of steps the factor lasts (PyTorch's `total_iters`). */
  totalIters: number;
  protected override readonly stateFields = { factor: "factor", total_iters: "totalIters" };

  constructor(optimizer: AnyOptimizer, options: ConstantLROptions = {}) {
    const {
      factor = 1 / 3,
      totalIters = 5,
      lastEpoch = -1,
    } = checkOptions("ConstantLR", options, CONSTANT_OPTIONS, 2);
    if (!(factor >= 0 && factor <= 1)) {
      throw new Error("ConstantLR(): Constant multiplicative factor expected to be between 0 and 1.");
    }
    super(optimizer, lastEpoch);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.scaledLrs(this.factor);
    return this.scaledLrs(this.lastEpoch === this.totalIters ? 1 / this.factor : 1);
  }

  protected override closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + after * (1 - this.factor)));
  }
}

/** {@link LinearLR}'s options. */
export interface LinearLROptions extends LRSchedulerOptions {
  /** The factor at epoch 0 (default 1/3). */
  startFactor?: number;
  /** The factor from epoch `totalIters` on (default 1). */
  endFactor?: number;
  /** The number of epochs of the linear change (default 5). */
  totalIters?: number;
}

const LINEAR_OPTIONS: OptionsSpec<LinearLROptions> = {
  startFactor: "number",
  endFactor: "number",
  totalIters: "integer",
  lastEpoch: "number",
};

/**
 * Changes each group's lr linearly from `startFactor`·lr to `endFactor`·lr over `totalIters` epochs
 * (`torch.optim.lr_scheduler.LinearLR`), with PyTorch's recursive formula.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: LinearLR(optimizer, start_factor=0.1, total_iters=10)
 * const sched = new LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "LinearLR";
  /** The factor at the first step (PyTorch's `start_factor`). */
  startFactor: number;
  /** The factor at the end (PyTorch's `end_factor`). */
  endFactor: number;
  /** The number of steps the factor lasts (PyTorch's `total_iters`). */
  totalIters: number;
  protected override readonly stateFields = {
    start_factor: "startFactor",
    end_factor: "endFactor",
    total_iters: "totalIters",
  };

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    const {
      startFactor = 1 / 3,
      endFactor = 1,
      totalIters = 5,
      lastEpoch = -1,
    } = checkOptions("LinearLR", options, LINEAR_OPTIONS, 2);
    if (!(startFactor >= 0 && startFactor <= 1)) {
      throw new Error("LinearLR(): Starting multiplicative factor expected to be between 0 and 1.");
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new Error("LinearLR(): Ending multiplicative factor expected to be between 0 and 1.");
    }
    super(optimizer, lastEpoch);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch, startFactor, endFactor, totalIters } = this;
    if (lastEpoch === 0) return this.scaledLrs(startFactor);
    if (lastEpoch > totalIters) return this.scaledLrs(1);
    const d = endFactor - startFactor;
    return this.scaledLrs(1 + d / (totalIters * startFactor + (lastEpoch - 1) * d));
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch, startFactor, endFactor, totalIters } = this;
    return this.baseLrs.map(
      (base) =>
        base * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, lastEpoch)) / totalIters),
    );
  }
}

function checkSchedulers(op: string, schedulers: unknown): asserts schedulers is LRScheduler[] {
  if (!Array.isArray(schedulers) || schedulers.length === 0) {
    throw new TypeError(`${op}(): schedulers must be a non-empty array of schedulers`);
  }
  schedulers.forEach((s, i) => {
    if (!(s instanceof LRScheduler)) {
      const name = s === null || s === undefined ? String(s) : typeNameOf(Object(s));
      throw new TypeError(`${op}(): scheduler ${i} is ${name}, not an LRScheduler`);
    }
  });
}

/** {@link SequentialLR}'s options. */
export interface SequentialLROptions extends LRSchedulerOptions {
  /** The schedulers, each made for the same optimizer; one runs at a time. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than `schedulers`). */
  milestones: readonly number[];
}

const SEQUENTIAL_OPTIONS: OptionsSpec<SequentialLROptions> = {
  schedulers: "any", // checked below, with PyTorch's messages
  milestones: INTEGERS,
  lastEpoch: "number",
};

/**
 * Runs `schedulers` one after the other, switching at each of `milestones`
 * (`torch.optim.lr_scheduler.SequentialLR`). At a milestone the next scheduler restarts from its
 * epoch 0 (its closed form, as PyTorch's `step(0)`).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: SequentialLR(optimizer, [ConstantLR(optimizer, 0.1, 2), ExponentialLR(optimizer, 0.9)], milestones=[2])
 * const warmup = new ConstantLR(opt, { factor: 0.1, totalIters: 2 });
 * const decay = new ExponentialLR(opt, { gamma: 0.9 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [2] });
 */
export class SequentialLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "SequentialLR";
  /** The schedulers chained (PyTorch's `_schedulers`). */
  readonly schedulers: LRScheduler[];
  /** The epochs at which the learning rate decays (PyTorch's `milestones`). */
  milestones: number[];

  constructor(optimizer: AnyOptimizer, options: SequentialLROptions) {
    const op = "SequentialLR";
    const { schedulers, milestones, lastEpoch = -1 } = checkOptions(op, options, SEQUENTIAL_OPTIONS, 2);
    checkOptimizer(op, optimizer);
    checkSchedulers(op, schedulers);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new Error(
          `${op}(): Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones === undefined || milestones.length !== schedulers.length - 1) {
      throw new Error(
        `${op}(): Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones?.length ?? 0}`,
      );
    }
    super(optimizer, -1);
    this.schedulers = schedulers.slice();
    this.milestones = milestones.slice();
    this.lastEpoch = lastEpoch + 1;
    // As PyTorch: back to the initial lrs, each scheduler one epoch back, the first one restarted.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr!;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0]!.initialStep();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  protected getLr(): number[] {
    return currentLrs(this.optimizer);
  }

  override step(): void {
    this.lastEpoch++;
    let idx = 0;
    while (idx < this.milestones.length && this.milestones[idx]! <= this.lastEpoch) idx++;
    const s = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.stepToEpoch(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  /** As PyTorch's: `_milestones`, `last_epoch`, `_last_lr` and each scheduler's state in `_schedulers`. */
  override stateDict(): SchedulerStateDict {
    return {
      _milestones: this.milestones.slice(),
      last_epoch: this.lastEpoch,
      _last_lr: this.lastLr.slice(),
      _schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  override loadStateDict(state: SchedulerStateDict): void {
    if (state._milestones !== undefined) this.milestones = (state._milestones as number[]).slice();
    if (state.last_epoch !== undefined) this.lastEpoch = state.last_epoch as number;
    if (state._last_lr !== undefined) this.lastLr = (state._last_lr as number[]).slice();
    const saved = (state._schedulers ?? []) as SchedulerStateDict[];
    saved.forEach((s, i) => {
      this.schedulers[i]?.loadStateDict(s);
    });
  }
}

/**
 * Steps all `schedulers` at every step, so that their factors multiply
 * (`torch.optim.lr_scheduler.ChainedScheduler`).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: ChainedScheduler([ConstantLR(optimizer, 0.1, 2), ExponentialLR(optimizer, 0.9)])
 * const sched = new ChainedScheduler([new ConstantLR(opt, { factor: 0.1, totalIters: 2 }), new ExponentialLR(opt, { gamma: 0.9 })]);
 */
export class ChainedScheduler extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "ChainedScheduler";
  /** The schedulers chained (PyTorch's `_schedulers`). */
  readonly schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[]) {
    const op = "ChainedScheduler";
    checkSchedulers(op, schedulers);
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i]!.optimizer !== schedulers[0]!.optimizer) {
        throw new Error(
          `${op}(): ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    }
    super(schedulers[0]!.optimizer, -1);
    this.schedulers = schedulers.slice();
    this.lastLr = currentLrs(this.optimizer);
  }

  protected getLr(): number[] {
    return currentLrs(this.optimizer);
  }

  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = currentLrs(this.optimizer);
  }

  /** As PyTorch's: `_last_lr` and each scheduler's state in `_schedulers`. */
  override stateDict(): SchedulerStateDict {
    return { _last_lr: this.lastLr.slice(), _schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(state: SchedulerStateDict): void {
    if (state._last_lr !== undefined) this.lastLr = (state._last_lr as number[]).slice();
    const saved = (state._schedulers ?? []) as SchedulerStateDict[];
    saved.forEach((s, i) => {
      this.schedulers[i]?.loadStateDict(s);
    });
  }
}

/** {@link OneCycleLR}'s options. */
export interface OneCycleLROptions extends LRSchedulerOptions {
  /** The peak lr: one for all groups, or one per group. */
  maxLr: number | readonly number[];
  /** The number of steps of the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  /** The number of epochs (PyTorch's `epochs`). */
  epochs?: number;
  /** The number of steps per epoch (PyTorch's `steps_per_epoch`). */
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** "cos" (default) or "linear". */
  annealStrategy?: "cos" | "linear";
  /** Cycle the momentum (SGD's `momentum`, Adam's first beta) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The lowest momentum (default 0.85): one for all groups, or one per group. */
  baseMomentum?: number | readonly number[];
  /** The highest momentum (default 0.95): one for all groups, or one per group. */
  maxMomentum?: number | readonly number[];
  /** The initial lr is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final lr is the initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases: up, back down to the initial lr, then down to the final lr (default false). */
  threePhase?: boolean;
}

const ONE_CYCLE_OPTIONS: OptionsSpec<OneCycleLROptions> = {
  maxLr: NUMBER_OR_NUMBERS,
  totalSteps: "number",
  epochs: "number",
  stepsPerEpoch: "number",
  pctStart: "number",
  annealStrategy: "string",
  cycleMomentum: "boolean",
  baseMomentum: NUMBER_OR_NUMBERS,
  maxMomentum: NUMBER_OR_NUMBERS,
  divFactor: "finite",
  finalDivFactor: "finite",
  threePhase: "boolean",
  lastEpoch: "number",
};

/** One phase of the one-cycle schedule, with PyTorch's keys: which group values it goes between. */
interface OneCyclePhase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

/** The group key (camelCase) of each of PyTorch's phase names. */
const PHASE_KEYS: Record<string, string> = {
  initial_lr: "initialLr",
  max_lr: "maxLr",
  min_lr: "minLr",
  max_momentum: "maxMomentum",
  base_momentum: "baseMomentum",
};

function perGroup(
  op: string,
  name: string,
  optimizer: AnyOptimizer,
  v: number | readonly number[],
): number[] {
  const n = optimizer.paramGroups.length;
  if (typeof v === "number") return new Array<number>(n).fill(v);
  if (v.length !== n) throw new Error(`${op}(): expected ${n} values for ${name}, got ${v.length}`);
  return v.slice();
}

function positiveInteger(op: string, name: string, v: number): void {
  if (!(Number.isInteger(v) && v > 0))
    throw new Error(`${op}(): Expected positive integer ${name}, but got ${v}`);
}

/**
 * The 1cycle policy (`torch.optim.lr_scheduler.OneCycleLR`): the lr rises from maxLr/divFactor to
 * maxLr over the first `pctStart` of the steps, then falls to the initial lr / finalDivFactor, while
 * the momentum does the opposite. Step it after every batch. Like PyTorch it stores `initial_lr`,
 * `max_lr`, `min_lr` (and `max_momentum`, `base_momentum`) in each parameter group.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * const batches = 20;
 * // PyTorch: OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(loader), epochs=10)
 * const sched = new OneCycleLR(opt, { maxLr: 0.01, stepsPerEpoch: batches, epochs: 10 });
 */
export class OneCycleLR extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "OneCycleLR";
  /** The total number of steps of the cycle (PyTorch's `total_steps`). */
  totalSteps: number;
  /** The cycle's phases: their end steps and start/end learning rates (PyTorch's `_schedule_phases`). */
  phases: OneCyclePhase[];
  /** `"cos"` or `"linear"` annealing between the phases (PyTorch's `anneal_strategy`). */
  annealStrategy: "cos" | "linear";
  /** Whether momentum cycles inversely to the learning rate (PyTorch's `cycle_momentum`). */
  cycleMomentum: boolean;
  /** Whether the momentum is Adam's first beta rather than SGD's `momentum`. */
  useBeta1: boolean;

  constructor(optimizer: AnyOptimizer, options: OneCycleLROptions) {
    const op = "OneCycleLR";
    const o = checkOptions(op, options, ONE_CYCLE_OPTIONS, 2);
    checkOptimizer(op, optimizer);
    let totalSteps: number;
    if (o.totalSteps === undefined && o.epochs === undefined && o.stepsPerEpoch === undefined) {
      throw new Error(`${op}(): You must define either total_steps OR (epochs AND steps_per_epoch)`);
    } else if (o.totalSteps !== undefined) {
      positiveInteger(op, "total_steps", o.totalSteps);
      totalSteps = o.totalSteps;
    } else {
      positiveInteger(op, "epochs", o.epochs!);
      positiveInteger(op, "steps_per_epoch", o.stepsPerEpoch!);
      totalSteps = o.epochs! * o.stepsPerEpoch!;
    }
    const pct = o.pctStart ?? 0.3;
    const phase = (
      end_step: number,
      start_lr: string,
      end_lr: string,
      start_momentum: string,
      end_momentum: string,
    ) => ({ end_step, start_lr, end_lr, start_momentum, end_momentum }) as OneCyclePhase;
    const phases = o.threePhase
      ? [
          phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          phase(2 * pct * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
          phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
        ]
      : [
          phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ];
    if (!(pct >= 0 && pct <= 1))
      throw new Error(`${op}(): Expected float between 0 and 1 pct_start, but got ${pct}`);
    const anneal = o.annealStrategy ?? "cos";
    if (anneal !== "cos" && anneal !== "linear") {
      throw new Error(`${op}(): anneal_strategy must by one of 'cos' or 'linear', instead got ${anneal}`);
    }
    if (o.maxLr === undefined) throw new TypeError(`${op}(): missing required option 'maxLr'`);
    const maxLrs = perGroup(op, "max_lr", optimizer, o.maxLr);
    const lastEpoch = o.lastEpoch ?? -1;
    const divFactor = o.divFactor ?? 25;
    const finalDivFactor = o.finalDivFactor ?? 1e4;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    const cycleMomentum = o.cycleMomentum ?? true;
    let useBeta1 = false;
    if (cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) {
        throw new Error(`${op}(): optimizer must support momentum with \`cycle_momentum\` option enabled`);
      }
      useBeta1 = "betas" in optimizer.defaults;
      const maxM = perGroup(op, "max_momentum", optimizer, o.maxMomentum ?? 0.95);
      const baseM = perGroup(op, "base_momentum", optimizer, o.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i]!, (g.betas as number[])[1]!];
          else g.momentum = maxM[i]!;
          g.maxMomentum = maxM[i]!;
          g.baseMomentum = baseM[i]!;
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this.phases = phases;
    this.annealStrategy = anneal;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "linear") return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new Error(
        `OneCycleLR.step(): Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const ph = this.phases[i]!;
        if (step <= ph.end_step || i === this.phases.length - 1) {
          const pct = (step - start) / (ph.end_step - start);
          const value = (name: string) => g[PHASE_KEYS[name]!] as number;
          if (this.cycleMomentum) {
            const m = this.anneal(value(ph.start_momentum), value(ph.end_momentum), pct);
            if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]!];
            else g.momentum = m;
          }
          return this.anneal(value(ph.start_lr), value(ph.end_lr), pct);
        }
        start = ph.end_step;
      }
      return g.lr; // not reached: the last phase always matches
    });
  }

  override stateDict(): SchedulerStateDict {
    const sd: SchedulerStateDict = {
      total_steps: this.totalSteps,
      _schedule_phases: this.phases.map((p) => ({ ...p })),
      cycle_momentum: this.cycleMomentum,
    };
    if (this.cycleMomentum) sd.use_beta1 = this.useBeta1;
    return { ...sd, ...super.stateDict() };
  }

  override loadStateDict(state: SchedulerStateDict): void {
    super.loadStateDict(state);
    if (state.total_steps !== undefined) this.totalSteps = state.total_steps as number;
    if (state._schedule_phases !== undefined) {
      this.phases = (state._schedule_phases as OneCyclePhase[]).map((p) => ({ ...p }));
    }
    if (state.cycle_momentum !== undefined) this.cycleMomentum = state.cycle_momentum as boolean;
    if (state.use_beta1 !== undefined) this.useBeta1 = state.use_beta1 as boolean;
  }
}

/** {@link CosineAnnealingWarmRestarts}'s options. */
export interface CosineAnnealingWarmRestartsOptions extends LRSchedulerOptions {
  /** The length of the first cycle, in epochs (PyTorch's `T_0`, a positive integer). */
  t0: number;
  /** Each cycle is `tMult` times longer than the previous one (PyTorch's `T_mult`, default 1). */
  tMult?: number;
  /** Minimum learning rate (PyTorch's `eta_min`, default 0). */
  etaMin?: number;
}

const WARM_RESTARTS_OPTIONS: OptionsSpec<CosineAnnealingWarmRestartsOptions> = {
  t0: "number",
  tMult: "number",
  etaMin: "finite",
  lastEpoch: "number",
};

/**
 * Cosine annealing with warm restarts, SGDR (`torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`):
 * η = η_min + ½(η₀ − η_min)(1 + cos(π·T_cur/T_i)), with T_cur back to 0 after each cycle of T_i epochs.
 * As in PyTorch 1.13, `_step_count` stays 0 (its step replaces the base class's).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)
 * const sched = new CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static override readonly typeName: string = "CosineAnnealingWarmRestarts";
  /** The number of steps of the first restart period (PyTorch's `T_0`). */
  t0: number;
  /** The length of the current period (PyTorch's `T_i`). */
  tI: number;
  /** The factor the period grows by after each restart (PyTorch's `T_mult`). */
  tMult: number;
  /** The minimum learning rate (PyTorch's `eta_min`). */
  etaMin: number;
  /** The steps since the last restart (PyTorch's `T_cur`). */
  tCur: number;
  protected override readonly stateFields = {
    T_0: "t0",
    T_i: "tI",
    T_mult: "tMult",
    eta_min: "etaMin",
    T_cur: "tCur",
  };

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingWarmRestartsOptions) {
    const op = "CosineAnnealingWarmRestarts";
    const { t0, tMult = 1, etaMin = 0, lastEpoch = -1 } = checkOptions(op, options, WARM_RESTARTS_OPTIONS, 2);
    if (!(Number.isInteger(t0) && t0 > 0))
      throw new Error(`${op}(): Expected positive integer T_0, but got ${t0}`);
    if (!(Number.isInteger(tMult) && tMult >= 1)) {
      throw new Error(`${op}(): Expected integer T_mult >= 1, but got ${tMult}`);
    }
    super(optimizer, lastEpoch);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tCur = lastEpoch;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { etaMin, tCur, tI } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }

  override step(): void {
    if (this.lastEpoch < 0) {
      this.stepToEpoch(0);
      return;
    }
    this.tCur += 1;
    if (this.tCur >= this.tI) {
      this.tCur -= this.tI;
      this.tI *= this.tMult;
    }
    this.lastEpoch += 1;
    this.setLrs(this.getLr());
  }

  /** PyTorch's `step(epoch)`: the position in the cycles of epoch `epoch` (which may be fractional). */
  override stepToEpoch(epoch: number): void {
    if (!(epoch >= 0))
      throw new Error(`CosineAnnealingWarmRestarts.step(): Expected non-negative epoch, but got ${epoch}`);
    const { t0, tMult } = this;
    if (epoch >= t0) {
      if (tMult === 1) this.tCur = epoch % t0;
      else {
        const n = Math.trunc(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
        this.tCur = epoch - (t0 * (tMult ** n - 1)) / (tMult - 1);
        this.tI = t0 * tMult ** n;
      }
    } else {
      this.tI = t0;
      this.tCur = epoch;
    }
    this.lastEpoch = Math.floor(epoch);
    this.setLrs(this.getLr());
  }
}

/** {@link ReduceLROnPlateau}'s options. */
export interface ReduceLROnPlateauOptions {
  /** "min" (default): the metric should decrease; "max": it should increase. */
  mode?: "min" | "max";
  /** The factor applied to the lr on a plateau (default 0.1; must be < 1). */
  factor?: number;
  /** How many epochs without improvement are tolerated before the lr is reduced (default 10). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** "rel" (default): relative to the best value; "abs": absolute. */
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** The lowest lr: one for all groups, or one per group (default 0). */
  minLr?: number | readonly number[];
  /** A reduction smaller than this is not applied (default 1e-8). */
  eps?: number;
}

const PLATEAU_OPTIONS: OptionsSpec<ReduceLROnPlateauOptions> = {
  mode: "string",
  factor: "number",
  patience: "number",
  threshold: "number",
  thresholdMode: "string",
  cooldown: "number",
  minLr: NUMBER_OR_NUMBERS,
  eps: "number",
};

/**
 * Reduces the lr by `factor` when a metric has stopped improving for `patience` epochs
 * (`torch.optim.lr_scheduler.ReduceLROnPlateau`). Call `step(metric)` once per epoch, e.g. with
 * the validation loss. Like PyTorch 1.13's, it is not an {@link LRScheduler}: it does not take a
 * step at creation and leaves `initial_lr` alone.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * // PyTorch: scheduler = ReduceLROnPlateau(optimizer, "min", factor=0.5, patience=3)
 * const sched = new ReduceLROnPlateau(opt, { mode: "min", factor: 0.5, patience: 3 });
 * for (const validationLoss of [1, 0.9, 0.9, 0.9, 0.9, 0.9]) sched.step(validationLoss);
 * opt.paramGroups[0]!.lr; // 0.05
 */
export class ReduceLROnPlateau {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "ReduceLROnPlateau";
  /** The optimizer whose learning rates are scheduled (PyTorch's `optimizer`). */
  readonly optimizer: AnyOptimizer;
  /** The factor applied to the learning rate (PyTorch's `factor`). */
  factor: number;
  /** The lower bound of each group's learning rate (PyTorch's `min_lrs`). */
  minLrs: number[];
  /** The number of epochs without improvement before the rate drops (PyTorch's `patience`). */
  patience: number;
  /** The number of epochs to wait after a drop (PyTorch's `cooldown`). */
  cooldown: number;
  /** The cooldown epochs left (PyTorch's `cooldown_counter`). */
  cooldownCounter = 0;
  /** `"min"` (lower is better) or `"max"` (PyTorch's `mode`). */
  mode: "min" | "max";
  /** The relative or absolute change that counts as an improvement (PyTorch's `threshold`). */
  threshold: number;
  /** `"rel"` (relative to the best) or `"abs"` (PyTorch's `threshold_mode`). */
  thresholdMode: "rel" | "abs";
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** The epochs since the last improvement (PyTorch's `num_bad_epochs`). */
  numBadEpochs = 0;
  /** The worst value for `mode` (PyTorch's `mode_worse`). */
  modeWorse: number;
  /** Changes of the learning rate smaller than this are skipped (PyTorch's `eps`). */
  eps: number;
  /** The index of the last step (PyTorch's `last_epoch`). */
  lastEpoch = 0;
  private lastLr: number[] | undefined;

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const op = "ReduceLROnPlateau";
    const o = checkOptions(op, options, PLATEAU_OPTIONS, 2);
    const factor = o.factor ?? 0.1;
    if (!(factor < 1)) throw new Error(`${op}(): Factor should be < 1.0.`);
    checkOptimizer(op, optimizer);
    this.optimizer = optimizer;
    this.factor = factor;
    const minLr = o.minLr ?? 0;
    const n = optimizer.paramGroups.length;
    if (typeof minLr !== "number" && minLr.length !== n) {
      throw new Error(`${op}(): expected ${n} min_lrs, got ${minLr.length}`);
    }
    this.minLrs = typeof minLr === "number" ? new Array<number>(n).fill(minLr) : minLr.slice();
    this.patience = o.patience ?? 10;
    this.cooldown = o.cooldown ?? 0;
    this.eps = o.eps ?? 1e-8;
    const mode = o.mode ?? "min";
    const thresholdMode = o.thresholdMode ?? "rel";
    if (mode !== "min" && mode !== "max") throw new Error(`${op}(): mode ${mode} is unknown!`);
    if (thresholdMode !== "rel" && thresholdMode !== "abs") {
      throw new Error(`${op}(): threshold mode ${thresholdMode} is unknown!`);
    }
    this.mode = mode;
    this.thresholdMode = thresholdMode;
    this.threshold = o.threshold ?? 1e-4;
    this.modeWorse = mode === "min" ? Infinity : -Infinity;
    this.best = this.modeWorse;
  }

  private isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode, threshold } = this;
    if (mode === "min" && thresholdMode === "rel") return a < best * (1 - threshold);
    if (mode === "min") return a < best - threshold;
    if (thresholdMode === "rel") return a > best * (threshold + 1);
    return a > best + threshold;
  }

  /** Records this epoch's metric (a number or a one-element tensor) and reduces the lrs on a plateau. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== "number") {
      throw new TypeError(
        `ReduceLROnPlateau.step(): metric must be a number or a Tensor, but got ${typeof metric}`,
      );
    }
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = currentLrs(this.optimizer);
  }

  /** The lrs after the last `step()` (the groups' lrs before the first one). */
  getLastLr(): number[] {
    return (this.lastLr ?? currentLrs(this.optimizer)).slice();
  }

  /** The state, with PyTorch's keys (`min_lrs`, `num_bad_epochs`, `best`, ...). */
  stateDict(): SchedulerStateDict {
    const sd: SchedulerStateDict = {
      factor: this.factor,
      min_lrs: this.minLrs.slice(),
      patience: this.patience,
      cooldown: this.cooldown,
      cooldown_counter: this.cooldownCounter,
      mode: this.mode,
      threshold: this.threshold,
      threshold_mode: this.thresholdMode,
      best: this.best,
      num_bad_epochs: this.numBadEpochs,
      mode_worse: this.modeWorse,
      eps: this.eps,
      last_epoch: this.lastEpoch,
    };
    if (this.lastLr !== undefined) sd._last_lr = this.lastLr.slice();
    return sd;
  }

  /** Restores a state from `stateDict()` (ours or PyTorch's); keys it does not hold are left as they are. */
  loadStateDict(state: SchedulerStateDict): void {
    const num = (k: string) => state[k] as number;
    if (state.factor !== undefined) this.factor = num("factor");
    if (state.min_lrs !== undefined) this.minLrs = (state.min_lrs as number[]).slice();
    if (state.patience !== undefined) this.patience = num("patience");
    if (state.cooldown !== undefined) this.cooldown = num("cooldown");
    if (state.cooldown_counter !== undefined) this.cooldownCounter = num("cooldown_counter");
    if (state.mode !== undefined) this.mode = state.mode as "min" | "max";
    if (state.threshold !== undefined) this.threshold = num("threshold");
    if (state.threshold_mode !== undefined) this.thresholdMode = state.threshold_mode as "rel" | "abs";
    if (state.best !== undefined) this.best = num("best");
    if (state.num_bad_epochs !== undefined) this.numBadEpochs = num("num_bad_epochs");
    if (state.eps !== undefined) this.eps = num("eps");
    if (state.last_epoch !== undefined) this.lastEpoch = num("last_epoch");
    if (state._last_lr !== undefined) this.lastLr = (state._last_lr as number[]).slice();
    this.modeWorse = this.mode === "min" ? Infinity : -Infinity;
  }
}
