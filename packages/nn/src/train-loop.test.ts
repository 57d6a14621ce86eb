import { manualSeed, randn, type Tensor, tensor } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import {
  Adam,
  DataLoader,
  Linear,
  Module,
  ReLU,
  SGD,
  Sequential,
  TensorDataset,
  type TrainLoopOptions,
  trainLoop,
  yieldToEventLoop,
} from "./index.js";

/** A small regression problem and a fresh model, the same on every call. */
function problem() {
  manualSeed(3);
  const x = randn([24, 3]);
  const y = x.matmul(tensor([[1], [-2], [0.5]])).add(0.1);
  const model = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
  return { x, y, model };
}
const mse = (out: Tensor, target: Tensor): Tensor => out.sub(target).pow(2).mean();
/** trainLoop of a `problem()` on its one full batch, by SGD (lr 0.01) on `mse`, unless `options` say otherwise. */
function trainProblem(
  { x, y, model }: ReturnType<typeof problem>,
  options: Pick<TrainLoopOptions, "epochs"> & Partial<TrainLoopOptions>,
) {
  const optimizer = options.optimizer ?? new SGD(model.parameters(), { lr: 0.01 });
  return trainLoop({ model, optimizer, loss: mse, data: [[x, y]], ...options });
}
const weights = (m: Sequential) =>
  [...m.parameters()].map((p) => Array.from(p.toTypedArray() as Float32Array));

/** The loop as PyTorch users write it, synchronously: what trainLoop must reproduce bit for bit. */
function syncLoop(epochs: number, batchSize: number | null) {
  const { x, y, model } = problem();
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  manualSeed(7);
  const data =
    batchSize === null
      ? [[x, y] as const]
      : new DataLoader(new TensorDataset(x, y), { batchSize, shuffle: true });
  for (let e = 0; e < epochs; e++) {
    let sum = 0;
    let n = 0;
    for (const [xb, yb] of data as Iterable<[Tensor, Tensor]>) {
      opt.zeroGrad();
      const l = mse(model.call(xb), yb);
      l.backward();
      opt.step();
      sum += l.item();
      n++;
    }
    losses.push(sum / n);
  }
  return { losses, weights: weights(model) };
}

/** Counts event-loop turns: a `setImmediate` task that re-queues itself until `stop()`. */
function startTicker(): { readonly ticks: number; stop(): void } {
  const state = { ticks: 0, running: true };
  const tick = () => {
    state.ticks++;
    if (state.running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get ticks() {
      return state.ticks;
    },
    stop: () => {
      state.running = false;
    },
  };
}

describe("trainLoop", () => {
  it("gives the numbers of the synchronous loop, full batch and over a shuffled DataLoader", async () => {
    for (const batchSize of [null, 5]) {
      const want = syncLoop(6, batchSize);
      const { x, y, model } = problem();
      manualSeed(7);
      const data =
        batchSize === null
          ? [[x, y] as const]
          : new DataLoader(new TensorDataset(x, y), { batchSize, shuffle: true });
      const seen: { epoch: number; loss: number; batches: number }[] = [];
      const result = await trainLoop({
        model,
        optimizer: new Adam(model.parameters(), { lr: 0.01 }),
        loss: mse,
        data: data as Iterable<[Tensor, Tensor]>,
        epochs: 6,
        onEpoch: (r) => {
          seen.push(r);
        },
        sliceMs: 0,
      });
      expect(result).toEqual({ epochs: 6, losses: want.losses });
      expect(seen.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(seen.map((r) => r.loss)).toEqual(want.losses);
      expect(seen[0]!.batches).toBe(batchSize === null ? 1 : 5);
      expect(weights(model)).toEqual(want.weights);
    }
  });

  it("takes a loss module and awaits an async onEpoch", async () => {
    const p = problem();
    const lossModule = new (class MseLoss extends Module {
      static override readonly typeName: string = "MseLoss";
      override forward(out: Tensor, target: Tensor): Tensor {
        return mse(out, target);
      }
    })();
    const order: string[] = [];
    await trainProblem(p, {
      loss: lossModule,
      epochs: 2,
      onEpoch: async ({ epoch }) => {
        order.push(`start ${epoch}`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`end ${epoch}`);
      },
    });
    expect(order).toEqual(["start 1", "end 1", "start 2", "end 2"]);
  });

  it("yields to the event loop while it trains (other tasks run between batches)", async () => {
    const p = problem();
    const ticker = startTicker();
    const ticksAt: number[] = [];
    await trainProblem(p, {
      epochs: 5,
      sliceMs: 0,
      onEpoch: () => {
        ticksAt.push(ticker.ticks);
      },
    });
    ticker.stop();
    // Each epoch's yield let the ticker run at least once more.
    for (let i = 1; i < ticksAt.length; i++) expect(ticksAt[i]).toBeGreaterThan(ticksAt[i - 1]!);
  });

  it("with the default slice, yields only every ~10 ms, not after every batch", async () => {
    const p = problem();
    const ticker = startTicker();
    const t0 = performance.now();
    await trainProblem(p, { epochs: 200 });
    const ms = performance.now() - t0;
    ticker.stop();
    expect(ticker.ticks).toBeLessThan(200);
    expect(ticker.ticks).toBeLessThanOrEqual(Math.ceil(ms / 10) + 2);
  });

  it("stops when its signal aborts: rejects with signal.reason (an AbortError), weights of the last step kept", async () => {
    const want = syncLoop(3, null);
    const p = problem();
    const { model } = p;
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = trainProblem(p, {
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs: 100,
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        epochs.push(epoch);
        if (epoch === 3) controller.abort();
      },
    });
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(error).toBe(controller.signal.reason);
    expect(epochs).toEqual([1, 2, 3]);
    expect(weights(model)).toEqual(want.weights);
  });

  it("an abort from another task stops it between batches, mid-epoch", async () => {
    const p = problem();
    const { x, y } = p;
    const controller = new AbortController();
    let batches = 0;
    const data = new DataLoader(new TensorDataset(x, y), { batchSize: 4 });
    const counted = {
      *[Symbol.iterator]() {
        for (const b of data) {
          batches++;
          yield b as [Tensor, Tensor];
        }
      },
    };
    setImmediate(() => controller.abort(new Error("user pressed Stop")));
    const onEpoch = () => {
      throw new Error("no epoch should finish");
    };
    await expect(
      trainProblem(p, {
        data: counted,
        epochs: 3,
        onEpoch,
        signal: controller.signal,
        sliceMs: 0,
      }),
    ).rejects.toThrow("user pressed Stop");
    expect(batches).toBe(1);
  });

  it("an already aborted signal rejects before any step", async () => {
    const p = problem();
    const { model } = p;
    const before = weights(model);
    const signal = AbortSignal.abort();
    await expect(
      trainProblem(p, {
        optimizer: new SGD(model.parameters(), { lr: 1 }),
        epochs: 3,
        signal,
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(weights(model)).toEqual(before);
  });

  it("epochs: 0 trains nothing; a batch that is not a pair rejects with a TypeError", async () => {
    const { x, y, model } = problem();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    expect(await trainLoop({ model, optimizer, loss: mse, data: [[x, y]], epochs: 0 })).toEqual({
      epochs: 0,
      losses: [],
    });
    await expect(trainLoop({ model, optimizer, loss: mse, data: [x] as never, epochs: 1 })).rejects.toThrow(
      new TypeError(
        "trainLoop(): each batch of data must be an [input, target] pair, but batch 0 of epoch 1 is not",
      ),
    );
  });

  it("yieldToEventLoop lets a queued task run first", async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await yieldToEventLoop();
    expect(ran).toBe(true);
  });
});
