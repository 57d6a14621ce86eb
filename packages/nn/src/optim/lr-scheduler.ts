/**
 * Learning-rate schedulers, as PyTorch's `torch.optim.lr_scheduler`: each one sets the `lr` of
 * every parameter group of its optimizer when `step()` is called, once per epoch (or iteration),
 * after `optimizer.step()`.
 */
import { checkOptions, className, type OptionsSpec, typeNameOf } from "@tsgrad/core";
import { Optimizer } from "./optimizer.js";

/** Throws PyTorch's TypeError, after `op(): `, unless `optimizer` is an Optimizer. */
export function checkOptimizer(op: string, optimizer: unknown): asserts optimizer is Optimizer<any, any> {
  if (!(optimizer instanceof Optimizer)) {
    const name =
      optimizer === null || optimizer === undefined ? String(optimizer) : typeNameOf(Object(optimizer));
    throw new TypeError(`${op}(): ${name} is not an Optimizer`);
  }
}

/** The lrs of `optimizer`'s groups as they are. */
export function currentLrs(optimizer: Optimizer<any, any>): number[] {
  return optimizer.paramGroups.map((g) => g.lr);
}

/** Options every scheduler takes. */
export interface LRSchedulerOptions {
  /** The index of the last epoch, to resume a schedule (default -1: start from the beginning). */
  lastEpoch?: number;
}

const STEP_LR_OPTIONS: OptionsSpec<StepLROptions> = {
  stepSize: "number",
  gamma: "finite",
  lastEpoch: "number",
};
const COSINE_OPTIONS: OptionsSpec<CosineAnnealingLROptions> = {
  tMax: "number",
  etaMin: "finite",
  lastEpoch: "number",
};
const LAMBDA_LR_OPTIONS: OptionsSpec<LambdaLROptions> = {
  lrLambda: "any", // checked by LambdaLR, which also needs the number of groups
  lastEpoch: "number",
};
const LAMBDA_LR_REST: OptionsSpec<LRSchedulerOptions> = { lastEpoch: LAMBDA_LR_OPTIONS.lastEpoch };

/** The state of a scheduler (`state_dict()`), with PyTorch's key names. */
export type SchedulerStateDict = Record<string, unknown>;

/** PyTorch's UserWarning when `scheduler.step()` comes before the first `optimizer.step()`. */
const SCHEDULER_FIRST =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: " +
  "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. " +
  "See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

/**
 * Base class of the learning-rate schedulers (PyTorch's `LRScheduler`, `_LRScheduler` in 1.13).
 *
 * On creation it records each group's starting lr as `initialLr` (PyTorch's `initial_lr`) and
 * takes the first step (epoch 0). Subclasses compute the new lrs in `getLr()`; like PyTorch's
 * chainable schedulers most compute them from the groups' current lr, so other code may change a
 * group's lr in between.
 */
export abstract class LRScheduler {
  /** The name errors use; a subclass that does not declare one uses its class name. */
  static readonly typeName: string = "LRScheduler";
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer<any, any>;
  /** Each group's `initialLr` (`base_lrs`). */
  baseLrs: number[];
  /** The index of the last epoch (`last_epoch`), 0 after construction. */
  lastEpoch: number;
  /** How many times `step()` ran, counting the one at construction (`_step_count`). */
  protected stepCount = 0;
  /** The lrs set by the last `step()` (`_last_lr`). */
  protected lastLr: number[] = [];
  /** A subclass's own settings in its state dict: PyTorch's key → the field that holds it. */
  protected readonly stateFields: Readonly<Record<string, string>> = {};

  protected constructor(optimizer: Optimizer<any, any>, lastEpoch = -1) {
    const op = className(new.target);
    checkOptimizer(op, optimizer);
    if (!Number.isInteger(lastEpoch))
      throw new Error(`${op}(): lastEpoch must be an integer, got ${lastEpoch}`);
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new Error(
            `${op}(): param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer (lastEpoch=${lastEpoch})`,
          );
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /**
   * The first step, taken at the end of each subclass's constructor (once its fields are set);
   * SequentialLR takes it again for its first scheduler (PyTorch's `_initial_step`).
   */
  initialStep(): void {
    this.optimizer.stepCount = 0;
    this.stepCount = 0;
    this.step();
  }

  /** The lrs for epoch `lastEpoch`, one per parameter group. */
  protected abstract getLr(): number[];

  /** Advances the schedule by one epoch and sets every group's `lr`. Call after `optimizer.step()`. */
  step(): void {
    // The old order (scheduler first) skips the schedule's first value: PyTorch's warning, once.
    if (this.stepCount === 1 && this.optimizer.stepCount < 1) console.warn(SCHEDULER_FIRST);
    this.stepCount++;
    this.lastEpoch++;
    this.setLrs(this.getLr());
  }

  /** Sets each group's `lr` to its value in `values` and records them as the last lrs. */
  protected setLrs(values: number[]): void {
    const groups = this.optimizer.paramGroups;
    for (let i = 0; i < groups.length; i++) groups[i]!.lr = values[i]!;
    this.lastLr = currentLrs(this.optimizer);
  }

  /**
   * Each group's current lr times `factor`: the chainable form of PyTorch's multiplicative
   * schedules (StepLR, ExponentialLR, MultiStepLR, ConstantLR, LinearLR), `group['lr'] * factor`.
   */
  protected scaledLrs(factor: number): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr * factor);
  }

  /**
   * The lrs of epoch `lastEpoch` from the initial lrs alone (PyTorch's `_get_closed_form_lr`), for
   * schedules that have such a form; undefined otherwise.
   */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /**
   * Jumps to epoch `epoch` (PyTorch's deprecated `step(epoch)`): the closed form where there is one,
   * else `getLr()`. SequentialLR calls it with 0 when it switches to the next scheduler.
   */
  stepToEpoch(epoch: number): void {
    this.stepCount++;
    this.lastEpoch = epoch;
    this.setLrs(this.closedFormLr() ?? this.getLr());
  }

  /** The lrs set by the last `step()`, one per group (`get_last_lr()`). */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** The scheduler's state (`state_dict()`): everything but the optimizer, with PyTorch's keys. */
  stateDict(): SchedulerStateDict {
    const fields = this as unknown as Record<string, unknown>;
    const own: SchedulerStateDict = {};
    for (const [key, field] of Object.entries(this.stateFields)) own[key] = fields[field];
    return {
      ...own,
      base_lrs: this.baseLrs.slice(),
      last_epoch: this.lastEpoch,
      _step_count: this.stepCount,
      _last_lr: this.lastLr.slice(),
    };
  }

  /** Restores a state from `stateDict()` (`load_state_dict`); keys it does not hold are left as they are. */
  loadStateDict(state: SchedulerStateDict): void {
    if (state.base_lrs !== undefined) this.baseLrs = (state.base_lrs as number[]).slice();
    if (state.last_epoch !== undefined) this.lastEpoch = state.last_epoch as number;
    if (state._step_count !== undefined) this.stepCount = state._step_count as number;
    if (state._last_lr !== undefined) this.lastLr = (state._last_lr as number[]).slice();
    const fields = this as unknown as Record<string, unknown>;
    for (const [key, field] of Object.entries(this.stateFields)) {
      if (state[key] !== undefined) fields[field] = state[key];
    }
  }
}

/** {@link StepLR}'s options. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Period of the decay, in epochs (a positive integer). */
  stepSize: number;
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs (`torch.optim.lr_scheduler.StepLR`).
 *
 * lr_epoch = lr₀ · gamma^⌊epoch / stepSize⌋ when nothing else changes the lr.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { opt.step(); sched.step(); }
 * opt.paramGroups[0]!.lr; // 0.0001
 */
export class StepLR extends LRScheduler {
  static override readonly typeName: string = "StepLR";
  /** The period of the decay, in steps (PyTorch's `step_size`). */
  stepSize: number;
  /** The multiplicative decay factor (PyTorch's `gamma`). */
  gamma: number;
  protected override readonly stateFields = { step_size: "stepSize", gamma: "gamma" };

  constructor(optimizer: Optimizer<any, any>, options: StepLROptions) {
    const { stepSize, gamma = 0.1, lastEpoch = -1 } = checkOptions("StepLR", options, STEP_LR_OPTIONS, 2);
    if (!Number.isInteger(stepSize) || stepSize <= 0) {
      throw new Error(`StepLR(): stepSize must be a positive integer, got ${stepSize}`);
    }
    super(optimizer, lastEpoch);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const decays = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return this.scaledLrs(decays ? this.gamma : 1);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** {@link CosineAnnealingLR}'s options. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** Half-period of the cosine, in epochs (PyTorch's `T_max`). */
  tMax: number;
  /** Minimum learning rate (PyTorch's `eta_min`, default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing from each group's initial lr down to `etaMin` over `tMax` epochs, then back
 * up, and so on (`torch.optim.lr_scheduler.CosineAnnealingLR`, without restarts):
 *
 * η_t = η_min + ½(η_max − η_min)(1 + cos(π·t / tMax)).
 *
 * Computed with PyTorch's recursive form (each lr from the previous one), so the sequence equals
 * PyTorch's to the last bits and follows lr changes made by other code.
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * const sched = new CosineAnnealingLR(opt, { tMax: 50, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  static override readonly typeName: string = "CosineAnnealingLR";
  /** The number of steps to the minimum (PyTorch's `T_max`). */
  tMax: number;
  /** The minimum learning rate (PyTorch's `eta_min`). */
  etaMin: number;
  protected override readonly stateFields = { T_max: "tMax", eta_min: "etaMin" };

  constructor(optimizer: Optimizer<any, any>, options: CosineAnnealingLROptions) {
    const {
      tMax,
      etaMin = 0,
      lastEpoch = -1,
    } = checkOptions("CosineAnnealingLR", options, COSINE_OPTIONS, 2);
    // PyTorch fails later with ZeroDivisionError; say so up front.
    if (!(tMax > 0)) throw new Error(`CosineAnnealingLR(): tMax must be positive, got ${tMax}`);
    super(optimizer, lastEpoch);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch, tMax, etaMin } = this;
    if (lastEpoch === 0) return currentLrs(this.optimizer);
    if (this.stepCount === 1 && lastEpoch > 0) {
      // Resuming (lastEpoch given): the closed form, as PyTorch does on its first step.
      return this.baseLrs.map(
        (base) => etaMin + ((base - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / tMax))) / 2,
      );
    }
    if ((lastEpoch - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * lastEpoch) / tMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / tMax))) *
          (g.lr - etaMin) +
        etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch, tMax, etaMin } = this;
    return this.baseLrs.map(
      (base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * lastEpoch) / tMax))) / 2,
    );
  }
}

/** A function from the epoch index to a factor of the initial lr. */
export type LrLambda = (epoch: number) => number;

/** {@link LambdaLR}'s options. */
export interface LambdaLROptions extends LRSchedulerOptions {
  /** One function for every group, or a list with one function per group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/**
 * Sets each group's lr to its initial lr times `lrLambda(epoch)`
 * (`torch.optim.lr_scheduler.LambdaLR`).
 *
 * @example
 * const opt = new SGD(new Linear(4, 2).parameters(), { lr: 0.1 });
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 * new LambdaLR(opt, (epoch) => 0.95 ** epoch); // the same, positionally as in PyTorch
 * // one function per group:
 * const twoGroups = new SGD([{ params: new Linear(2, 1).parameters() }, { params: new Linear(2, 1).parameters() }], { lr: 0.1 });
 * new LambdaLR(twoGroups, { lrLambda: [(e) => Math.floor(e / 30), (e) => 0.95 ** e] });
 */
export class LambdaLR extends LRScheduler {
  static override readonly typeName: string = "LambdaLR";
  /** The function of each group that gives its factor (PyTorch's `lr_lambdas`). */
  lrLambdas: LrLambda[];

  constructor(optimizer: Optimizer<any, any>, options: LambdaLROptions);
  /** PyTorch's positional form, `LambdaLR(optimizer, lambda epoch: ...)`, other options after it. */
  constructor(
    optimizer: Optimizer<any, any>,
    lrLambda: LrLambda | readonly LrLambda[],
    options?: LRSchedulerOptions,
  );
  constructor(
    optimizer: Optimizer<any, any>,
    first: LambdaLROptions | LrLambda | readonly LrLambda[],
    rest?: LRSchedulerOptions,
  ) {
    const positional = typeof first === "function" || Array.isArray(first);
    const { lrLambda, lastEpoch = -1 } = positional
      ? { ...checkOptions("LambdaLR", rest, LAMBDA_LR_REST, 3), lrLambda: first as LrLambda | LrLambda[] }
      : checkOptions("LambdaLR", first as LambdaLROptions, LAMBDA_LR_OPTIONS, 2);
    checkOptimizer("LambdaLR", optimizer);
    const n = optimizer.paramGroups.length;
    let lambdas: LrLambda[];
    if (typeof lrLambda === "function") lambdas = new Array<LrLambda>(n).fill(lrLambda);
    else {
      if (!Array.isArray(lrLambda) || !lrLambda.every((f) => typeof f === "function")) {
        throw new TypeError(
          `LambdaLR(): lrLambda must be a function or an array of functions, but got ${typeof lrLambda}`,
        );
      }
      if (lrLambda.length !== n) {
        throw new Error(`LambdaLR(): Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
      }
      lambdas = lrLambda.slice();
    }
    super(optimizer, lastEpoch);
    this.lrLambdas = lambdas;
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch));
  }

  /** As PyTorch's, with `lr_lambdas` all null: functions are not saved. */
  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), lr_lambdas: this.lrLambdas.map(() => null) };
  }
}
