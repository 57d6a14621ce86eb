/** The playground's training run in Node: trainRun (the worker's loop) is `step()` repeated, and stops on abort. */
import { saveSafetensors } from "@tsgrad/nn";
import { describe, expect, it } from "vitest";
import { TOY_DEFAULTS } from "../lib/toy-model.js";
import { type RunResult, setupRun, testAccuracy, trainRun } from "./src/train.js";

const options = { ...TOY_DEFAULTS, epochs: 12 };

describe("the playground's trainRun", () => {
  it("trains exactly as step() does, reporting each epoch's loss and held-out accuracy", async () => {
    const stepped = setupRun(options);
    const want = Array.from({ length: options.epochs }, () => stepped.step());
    const toy = setupRun(options);
    const seen: [number, number, number][] = [];
    const result = await trainRun(toy, undefined, (...r) => seen.push(r));
    expect(seen).toEqual(want.map((r) => [r.epoch, r.loss, r.testAccuracy]));
    expect(result.epochs).toBe(options.epochs);
    expect(result.testAccuracy).toBe(testAccuracy(toy.model, toy.test));
    expect(result.seconds).toBeGreaterThan(0);
    expect(saveSafetensors(toy.model.stateDict())).toEqual(saveSafetensors(stepped.model.stateDict()));
  });

  it("stops when its signal aborts, with the epochs done in progress", async () => {
    const controller = new AbortController();
    const toy = setupRun(options);
    const progress: RunResult = { seconds: 0, testAccuracy: 0, epochs: 0 };
    const run = trainRun(toy, controller.signal, (epoch) => epoch === 4 && controller.abort(), progress);
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(progress.epochs).toBe(4);
    const stepped = setupRun(options);
    for (let e = 0; e < 4; e++) stepped.step();
    expect(saveSafetensors(toy.model.stateDict())).toEqual(saveSafetensors(stepped.model.stateDict()));
  });
});
