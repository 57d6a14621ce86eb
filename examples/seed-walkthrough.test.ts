import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExample } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { runWalkthrough } from "./lib/walkthrough.js";
import { expectSvgLabels, SEED_GRAPH_LABELS } from "./test/svg-labels.js";
import { main } from "./seed-walkthrough.js";

interface FixtureStep {
  key: string;
  pytorch: string;
  repr: string;
}
const fixture = JSON.parse(
  readFileSync(new URL("./test/fixtures/seed_walkthrough.json", import.meta.url), "utf8"),
) as {
  smoothing: number;
  beta: number;
  gradcheck: boolean;
  steps: FixtureStep[];
  /** The post's example with per-class weights, through the seed's own class in PyTorch. */
  weighted: { weight: number[]; steps: { key: string; pytorch?: string; repr: string }[] };
};

const run = (argv?: string[]) => runExample(main, argv);

describe("seed-walkthrough", () => {
  it("prints every step exactly as PyTorch 1.13 prints it, under its PyTorch caption", async () => {
    const { result, output } = await run();
    expect(result.steps.map((s) => s.key)).toEqual(fixture.steps.map((s) => s.key));
    let from = 0;
    for (const expected of fixture.steps) {
      const step = result.steps.find((s) => s.key === expected.key)!;
      // Every step, grad_fn names included (the fused smoothed cross-entropy reports PyTorch's AddBackward0).
      const want = expected.repr;
      expect(step.printed, `step ${expected.key}: ${expected.pytorch}`).toBe(want);
      expect(step.pytorch).toBe(expected.pytorch);
      // The output shows the caption, then the tsgrad line, then the tensor, in fixture order.
      const caption = output.indexOf(`PyTorch: ${expected.pytorch}`, from);
      expect(caption, `caption of ${expected.key}`).toBeGreaterThanOrEqual(0);
      const printed = output.indexOf(want, caption);
      expect(printed, `tensor of ${expected.key}`).toBeGreaterThan(caption);
      from = printed;
    }
  });

  it("shows the two smoothing conventions agreeing: seed loss = CE(β = αK/(K−1)) / K", async () => {
    const { result, output } = await run();
    expect(result.beta).toBeCloseTo(fixture.beta, 12);
    expect(result.crossEntropy / 3).toBeCloseTo(result.loss, 6);
    expect(result.gradcheck).toBe(fixture.gradcheck);
    expect(output).toContain("β = α·K/(K − 1) = 0.015");
    expect(output).toContain("gradcheck(seedLoss, [pred64]) = true");
  });

  it("takes --smoothing and rejects a bad value by name", async () => {
    const { result } = await run(["--smoothing", "0.1"]);
    expect(result.beta).toBeCloseTo(0.15, 12);
    expect(result.crossEntropy / 3).toBeCloseTo(result.loss, 6);
    await expect(run(["--smoothing", "2"])).rejects.toThrow(
      "--smoothing: expected a number in [0, 1], got '2'",
    );
    const help = await run(["--help"]);
    expect(help.output).toContain("Usage:");
    expect(help.result.steps).toEqual([]);
  });

  it("takes the seed's per-class weight (the playground's weight field) and gives PyTorch's numbers", () => {
    const { weight, steps } = fixture.weighted;
    const result = runWalkthrough({ smoothing: fixture.smoothing, weight, log: () => {} });
    for (const expected of steps) {
      const step = result.steps.find((s) => s.key === expected.key)!;
      expect(step.printed, expected.key).toBe(expected.repr);
      if (expected.pytorch) expect(step.pytorch).toBe(expected.pytorch);
    }
    expect(result.gradcheck).toBe(true);
    expect(() => runWalkthrough({ smoothing: 0.01, weight: [1, 2], log: () => {} })).toThrow(
      "walkthrough: weight must be 3 finite numbers (one per class), got [1,2]",
    );
  });

  it("draws the loss's autograd graph as an SVG where --graph says, and prints where", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-walkthrough-"));
    try {
      const file = join(dir, "graph.svg");
      const { result, output } = await run(["--graph", file]);
      const svg = readFileSync(file, "utf8");
      expectSvgLabels(svg, SEED_GRAPH_LABELS);
      expect(result.graph).toContain('[label="LogSoftmaxBackward0"]');
      expect(output).toContain(`→ ${file}`);
      expect(output).toContain(
        "loss () ← MeanBackward0 ← SumBackward1 ← MulBackward0 ← MulBackward0 ← LogSoftmaxBackward0 ← AccumulateGrad ← pred (5, 3)",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
