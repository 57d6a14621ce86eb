import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExample } from "@tsgrad/testing";
import { afterAll, describe, expect, it } from "vitest";
import { main, parseOptions } from "./toy-classifier.js";

const out = mkdtempSync(join(tmpdir(), "tsgrad-toy-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Short settings: 180 points, a 2-16-16-3 MLP, 80 epochs (well under a second of training).
const SHORT = ["--points", "60", "--epochs", "80", "--hidden", "16", "--lr", "0.03", "--out", out];

const run = (argv?: string[]) => runExample(main, argv);

/** A light structural check of an SVG file: root element, closing tag, and balanced <g>. */
function checkSvg(text: string, mustContain: string[]): void {
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(text.trimEnd().endsWith("</svg>")).toBe(true);
  expect(text.match(/<g[ >]/g)?.length ?? 0).toBe(text.match(/<\/g>/g)?.length ?? 0);
  expect(text).not.toMatch(/NaN|undefined|Infinity/);
  for (const s of mustContain) expect(text, s).toContain(s);
}

describe("toy-classifier", () => {
  it("checks gradients, trains, compares smoothing 0 and 0.1, and writes the pictures", async () => {
    const { result, output } = await run(SHORT);
    expect(result).not.toBeNull();
    const r = result!;

    // The gradient check ran in float64 and agreed with finite differences.
    expect(r.gradcheck!.passed).toBe(true);
    expect(r.gradcheck!.logitsMaxError).toBeLessThan(1e-6);
    expect(r.gradcheck!.params.map((p) => p.name)).toEqual([
      "0.weight",
      "0.bias",
      "2.weight",
      "2.bias",
      "4.weight",
      "4.bias",
    ]);
    for (const p of r.gradcheck!.params) expect(p.maxAbsError, p.name).toBeLessThan(1e-6);
    expect(output).toContain("gradcheck passed");
    expect(output).toMatch(/loss w\.r\.t\. 2\.weight \[16, 16\]\s+max \|error\| \d\.\d\de-\d+/);

    // Learned something real even with short settings (chance is 33 %).
    expect(r.main.trainAccuracy).toBeGreaterThan(0.9);
    expect(r.main.testAccuracy).toBeGreaterThan(0.85);
    expect(output).toMatch(/held-out accuracy \d+\.\d %/);

    // The model's PyTorch-style repr and the weight decision are printed.
    expect(output).toContain("(0): Linear(in_features=2, out_features=16, bias=True)");
    expect(output).toContain("LabelSmoothingLoss(3, smoothing=0.1, dim=-1, weight=ones(3))");

    // Plain progress lines (not a TTY), about 10 of them per run, ending at the last epoch.
    expect(output).toContain("train α=0.1 epoch 80/80");
    expect(output).toContain("train α=0 epoch 80/80");

    // Calibration side by side: smoothing lowers confidence; ECE/NLL are sane numbers.
    const other = r.other!;
    expect(other.smoothing).toBe(0);
    expect(r.main.calibration.meanConfidence).toBeLessThan(other.calibration.meanConfidence);
    for (const c of [r.main.calibration, other.calibration]) {
      expect(c.ece).toBeGreaterThanOrEqual(0);
      expect(c.ece).toBeLessThan(1);
      expect(c.nll).toBeGreaterThan(0);
      expect(c.bins).toHaveLength(15);
    }
    expect(output).toContain("expected calib. error (15 bins)");

    // Files: three SVGs (and PNGs unless resvg failed to load, which it then says).
    const svgs = r.files.filter((f) => f.endsWith(".svg"));
    expect(svgs.map((f) => f.slice(out.length + 1))).toEqual([
      "decision-regions.svg",
      "curves.svg",
      "reliability.svg",
    ]);
    checkSvg(readFileSync(join(out, "decision-regions.svg"), "utf8"), [
      "<rect",
      "<circle",
      ">x₁</text>",
      ">x₂</text>",
      ">class 2</text>",
      ">held-out point</text>",
      "held-out accuracy",
    ]);
    checkSvg(readFileSync(join(out, "curves.svg"), "utf8"), [
      "<polyline",
      ">Loss</text>",
      ">Accuracy</text>",
      ">epoch</text>",
      ">train, smoothing 0.1</text>",
      ">held-out, smoothing 0</text>",
    ]);
    checkSvg(readFileSync(join(out, "reliability.svg"), "utf8"), [
      "<pattern",
      ">confidence (top softmax probability)</text>",
      ">perfect calibration</text>",
      "ECE",
    ]);
    if (r.pngNote === null) {
      const pngs = r.files.filter((f) => f.endsWith(".png"));
      expect(pngs).toHaveLength(3);
      for (const f of pngs)
        expect([...readFileSync(f).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    } else {
      expect(output).toContain("PNG skipped");
    }
    for (const f of r.files) expect(output).toContain(f.split("/").at(-1)!);
  });

  it("gives the same numbers for the same seed, and different ones for another seed", async () => {
    const quick = [
      "--points",
      "30",
      "--epochs",
      "15",
      "--hidden",
      "8",
      "--no-gradcheck",
      "--no-compare",
      "--out",
      out,
    ];
    const a = (await run([...quick, "--seed", "3"])).result!;
    const b = (await run([...quick, "--seed", "3"])).result!;
    const c = (await run([...quick, "--seed", "4"])).result!;
    // Everything but the wall-clock time must match exactly.
    const numbers = (x: typeof a.main) => ({ ...x, seconds: 0 });
    expect(numbers(b.main)).toEqual(numbers(a.main));
    expect(c.main.calibration.nll).not.toBe(a.main.calibration.nll);
    expect(a.gradcheck).toBeNull();
    expect(a.other).toBeNull();
  });

  it("parses flags with defaults, --help, and clear errors", async () => {
    const d = parseOptions([]);
    expect(d).toMatchObject({ smoothing: 0.1, epochs: 250, hidden: 32, lr: 0.02, seed: 0, gradcheck: true });
    expect(parseOptions(["--smoothing", "0", "--no-gradcheck"])).toMatchObject({
      smoothing: 0,
      gradcheck: false,
    });
    const help = await run(["--help"]);
    expect(help.result).toBeNull();
    for (const flag of ["--smoothing", "--epochs", "--hidden", "--lr", "--seed", "--out", "--no-gradcheck"]) {
      expect(help.output).toContain(flag);
    }
    expect(() => parseOptions(["--epochs", "2.5"])).toThrow("--epochs: expected an integer >= 1, got '2.5'");
    expect(() => parseOptions(["--smoothing", "abc"])).toThrow(
      "--smoothing: expected a number in [0, 0.99], got 'abc'",
    );
    expect(() => parseOptions(["--bogus"])).toThrow(/Unknown option '--bogus'/);
  });
});
