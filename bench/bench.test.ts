/**
 * Keeps the harness from rotting: runs `run.ts --quick` for tsgrad and tfjs-cpu in child
 * processes, as `pnpm bench` does, and checks the report's shape and sanity verdicts. Timings are
 * never asserted.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LibResult } from "./common.js";
import { median } from "./common.js";
import { QUICK, readData, writeData } from "./data.js";
import { generate } from "./generate.js";
import type { BenchReport } from "./run.js";
import { check, loadReference } from "./sanity.js";

const benchDir = fileURLToPath(new URL(".", import.meta.url));

describe("bench data", () => {
  it("is deterministic and matches the PyTorch reference's fingerprint", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-bench-test-"));
    try {
      const fp1 = writeData(join(dir, "a"), QUICK, generate(QUICK));
      const fp2 = writeData(join(dir, "b"), QUICK, generate(QUICK));
      expect(fp1).toBe(fp2);
      const ref = JSON.parse(readFileSync(join(benchDir, "reference.json"), "utf8"));
      // If this fails, data.ts changed: rerun bench/reference.py (see its docstring).
      expect(ref.quick.fingerprint).toBe(fp1);
      const d = readData(join(dir, "a"));
      expect(Array.from(d.i32("w3.y").slice(0, 3))).toEqual([0, 0, 0]);
      expect(d.f32("w2.fc1.weight").length).toBe(QUICK.w2.inF * QUICK.w2.hidden);
      // fc1 init bound is 1/sqrt(in), as PyTorch's nn.Linear.
      const bound = 1 / Math.sqrt(QUICK.w2.inF);
      expect(d.f32("w2.fc1.weight").every((v) => Math.abs(v) <= bound)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("median handles odd and even lengths", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("sanity checks", () => {
  const fake = (w2: number[], acc: number, w4: number): LibResult =>
    ({
      w2: { losses: w2 },
      w3: { accuracy: acc, loss: 0.3 },
      w4: { loss: w4 },
    }) as unknown as LibResult;
  const ref = loadReference(
    QUICK,
    JSON.parse(readFileSync(join(benchDir, "reference.json"), "utf8")).quick.fingerprint,
  )!;

  it("accepts the reference values and reports wrong ones as wrong", () => {
    expect(ref.source).toMatch(/PyTorch/);
    const ok = check(fake([ref.w2First, ref.w2Last], ref.w3Accuracy, ref.w4Loss), ref);
    expect([ok.w2, ok.w3, ok.w4]).toEqual([null, null, null]);
    const bad = check(fake([ref.w2First, ref.w2Last * 1.1], ref.w3Accuracy - 0.2, Number.NaN), ref);
    expect(bad.w2).toMatch(/last loss/);
    expect(bad.w3).toMatch(/accuracy/);
    expect(bad.w4).toMatch(/non-finite/);
  });

  it("checks W5–W7 against PyTorch's loss at the first and the last step run", () => {
    const want = ref.steps!.w5!;
    const run = (losses: number[]) =>
      check(
        { ...fake([ref.w2First, ref.w2Last], ref.w3Accuracy, ref.w4Loss), w5: { losses } } as LibResult,
        ref,
      ).w5;
    expect(run(want.slice(0, 3))).toBeNull();
    expect(run([want[0]! * 1.01, ...want.slice(1, 3)])).toMatch(/first loss/);
    expect(run([...want.slice(0, 2), want[2]! * 1.01])).toMatch(/loss at step 2/);
    expect(run([want[0]!, Number.NaN])).toMatch(/non-finite/);
  });
});

describe("bench --quick", () => {
  it("runs tsgrad and tfjs-cpu in child processes and both pass the sanity checks", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-bench-test-"));
    try {
      const out = join(dir, "report.json");
      const p = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "--conditions=tsgrad-source",
          "run.ts",
          "--quick",
          "--libs",
          "tsgrad,tfjs-cpu",
          "--out",
          out,
        ],
        { cwd: benchDir, encoding: "utf8" },
      );
      expect(p.stderr + p.stdout).not.toMatch(/FAILED/);
      expect(p.status).toBe(0);
      expect(p.stdout).toMatch(/\| W4 smoothed CE fwd\+bwd, ms ↓ \|/);
      const report = JSON.parse(readFileSync(out, "utf8")) as BenchReport;
      expect(report.config).toBe("quick");
      expect(report.reference).toMatch(/PyTorch/);
      expect(report.outcomes.map((o) => o.lib)).toEqual(["tsgrad", "tfjs-cpu"]);
      for (const o of report.outcomes) {
        expect(o.error).toBeNull();
        expect(o.verdict).toMatchObject({ w2: null, w3: null, w4: null, w5: null, w6: null, w7: null });
        const r = o.result!;
        for (const key of ["w5", "w6", "w7"] as const) {
          expect(r[key]!.losses.length, `${o.lib} ${key}`).toBe(QUICK[key].warmup + QUICK[key].timed);
        }
        expect(r.w1.map((w) => w.n)).toEqual(QUICK.w1.sizes);
        expect(r.w1.every((w) => w.timesMs.length === QUICK.w1.reps && w.gflops > 0)).toBe(true);
        expect(r.w2.losses.length).toBe(QUICK.w2.warmup + QUICK.w2.timed);
        expect(r.w2.timesMs.length).toBe(QUICK.w2.timed);
        expect(r.maxRssMB).toBeGreaterThan(10);
        expect(r.importMs).toBeGreaterThan(0);
        // Plain-node import: measured, or (tsgrad without a build) a note saying why not.
        const pi = o.plainImport!;
        if (pi.medianMs === null)
          expect(`${o.lib}: ${pi.note}`).toMatch(/^tsgrad: no \w+\/dist \(run pnpm build\)$/);
        else expect(pi.medianMs).toBeGreaterThan(0);
      }
      expect(p.stdout).toMatch(/\| import, plain node \(tsgrad: built dist\/\), ms ↓ \|/);
      // Same data and weights: the two libraries' training curves agree.
      const [a, b] = report.outcomes.map((o) => o.result!.w2.losses);
      for (let i = 0; i < a!.length; i++) expect(a![i]).toBeCloseTo(b![i]!, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("bench --quick, PyTorch columns", () => {
  const quick = (libs: string, env: NodeJS.ProcessEnv = process.env) => {
    const dir = mkdtempSync(join(tmpdir(), "tsgrad-bench-test-"));
    try {
      const out = join(dir, "report.json");
      const p = spawnSync(
        process.execPath,
        ["--import", "tsx", "--conditions=tsgrad-source", "run.ts", "--quick", "--libs", libs, "--out", out],
        { cwd: benchDir, encoding: "utf8", env },
      );
      return { p, report: p.status === 0 ? (JSON.parse(readFileSync(out, "utf8")) as BenchReport) : null };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const torch = spawnSync("/usr/bin/python3", ["-c", "import torch"]).status === 0;
  // Debian's torch runs with either BLAS; a machine may have only one of them installed (run.ts skips
  // a column whose BLAS is missing), so check the column whose library is there.
  const referenceBlas = existsSync("/usr/lib/x86_64-linux-gnu/blas");
  const column = referenceBlas ? "pytorch" : "pytorch-openblas";

  it.runIf(torch)("runs W1–W7 in PyTorch on the same data and passes its own sanity checks", () => {
    const { p, report } = quick(column);
    expect(p.stderr + p.stdout).not.toMatch(/FAILED/);
    const o = report!.outcomes[0]!;
    expect(o.verdict).toMatchObject({ w2: null, w3: null, w4: null, w5: null, w6: null, w7: null });
    expect(o.result!.w1.map((w) => w.n)).toEqual(QUICK.w1.sizes);
    expect(o.result!.w5!.losses.length).toBe(QUICK.w5.warmup + QUICK.w5.timed);
    expect(o.result!.describe).toMatch(
      referenceBlas ? /^PyTorch .*, 1 thread, BLAS libblas\.so/ : /^PyTorch .*, 1 thread, BLAS .*openblas/,
    );
  });

  it("skips the PyTorch columns with a note where torch cannot be imported", () => {
    const { p, report } = quick("pytorch", { ...process.env, TSGRAD_BENCH_PYTHON: "/nonexistent/python3" });
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/pytorch: skipped — PyTorch is not importable with \/nonexistent\/python3/);
    expect(report!.outcomes[0]!.result).toBeNull();
  });
});
