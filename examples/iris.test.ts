import { runExample } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { main } from "./iris.js";

const run = (argv?: string[]) => runExample(main, argv);

describe("iris", () => {
  it("trains on a stratified split and reports test accuracy and a confusion matrix", async () => {
    const { result, output } = await run(["--epochs", "100"]);
    const r = result!;
    expect(r.trainSize + r.testSize).toBe(150);
    expect(r.testSize).toBe(30);
    expect(r.species).toEqual(["setosa", "versicolor", "virginica"]);
    // Stratified: 10 test flowers per species (the confusion matrix's row sums).
    expect(r.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10]);
    const diag = r.confusion.reduce((a, row, i) => a + row[i]!, 0);
    expect(r.testAccuracy).toBeCloseTo(diag / 30, 6);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.trainAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.missed).toHaveLength(30 - diag);
    expect(output).toMatch(/test accuracy \d+\.\d %/);
    expect(output).toContain("Confusion matrix");
    expect(output).toMatch(/ {2}setosa +\d+ +\d+ +\d+/);
    expect(output).toContain("iris epoch 100/100");
  });

  it("prints help and rejects bad flags by name", async () => {
    const { result, output } = await run(["-h"]);
    expect(result).toBeNull();
    expect(output).toContain("--test-fraction");
    await expect(run(["--hidden", "0"])).rejects.toThrow("--hidden: expected an integer >= 1, got '0'");
  });
});
