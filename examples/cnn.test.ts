import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExample } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { buildCnn, main } from "./cnn.js";

const run = (argv?: string[]) => runExample(main, argv);

describe("cnn example", () => {
  it("trains the LeNet-style CNN on drawn digits, beats chance on held-out digits and draws its predictions", async () => {
    const out = mkdtempSync(join(tmpdir(), "tsgrad-cnn-"));
    try {
      const { result, output } = await run([
        "--train",
        "300",
        "--test",
        "100",
        "--epochs",
        "2",
        "--out",
        out,
      ]);
      const r = result!;
      expect(r.epochLosses).toHaveLength(2);
      expect(r.epochLosses[1]!).toBeLessThan(r.epochLosses[0]!);
      // Ten classes: chance is 10 %; two short epochs already do far better.
      expect(r.testAccuracy).toBeGreaterThan(0.3);
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
      expect(r.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(Array(10).fill(10));
      expect(output).toContain("Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
      expect(output).toContain(
        "BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
      );
      expect(output).toContain("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
      expect(output).toMatch(/held-out accuracy \d+\.\d %/);
      expect(existsSync(r.picture!)).toBe(true);
      expect(readFileSync(r.picture!, "utf8")).toMatch(/→/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("builds a model whose head matches the image size, and rejects a size the poolings cannot halve twice", async () => {
    expect(buildCnn(16).toString()).toContain("Linear(in_features=256, out_features=64, bias=True)");
    expect(buildCnn(28).toString()).toContain("Linear(in_features=784, out_features=64, bias=True)");
    await expect(run(["--size", "18"])).rejects.toThrow(
      "--size: expected a multiple of 4 (two 2×2 poolings), got '18'",
    );
  });
});
