import { runExample } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { main } from "./charlm.js";

const run = (argv?: string[]) => runExample(main, argv);

describe("charlm example", () => {
  it("trains a GRU and a causal transformer on the made-up text; the loss falls and samples come out", async () => {
    const { result, output } = await run([
      "--steps",
      "30",
      "--batch",
      "8",
      "--context",
      "16",
      "--sample",
      "20",
    ]);
    expect(result!.map((r) => r.model)).toEqual(["gru", "transformer"]);
    for (const r of result!) {
      // 26 characters: a uniform guess costs ln 26 ≈ 3.26 nats; 30 steps must beat the start.
      expect(r.firstLoss).toBeGreaterThan(2.5);
      expect(r.lastLoss).toBeLessThan(r.firstLoss - 0.4);
      expect(r.before).toHaveLength(20);
      expect(r.after).toHaveLength(20);
      expect(r.after).toMatch(/^[ .a-z]+$/);
    }
    expect(output).toContain("GRU(32, 64, batch_first=True)");
    expect(output).toContain("TransformerEncoderLayer(");
    expect(output).toMatch(/Sample after training: {2}"the /);
  });

  it("is repeatable for a seed and rejects an unknown model", async () => {
    const tiny = "--model gru --steps 5 --batch 4 --context 8 --sample 10".split(" ");
    const a = await run(tiny);
    const b = await run(tiny);
    expect(a.result).toEqual(b.result);
    await expect(run(["--model", "lstm"])).rejects.toThrow(
      "--model: expected gru, transformer or all, got 'lstm'",
    );
  });
});
