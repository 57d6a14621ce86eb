/**
 * The playground's two training runs (the default smoothing and the other one) done in Node, for
 * the browser test to compare with the page: on the same wasm kernel as the page's worker, so the
 * numbers and the saved weights can be compared bit for bit. Chromium validates relaxed SIMD and
 * Node 20 does not by default: for a "relaxed-simd" page the runs go to a child Node started with
 * --experimental-wasm-relaxed-simd (the same fused multiply-adds), else they run in this process.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type CpuCapability, getCpuCapability } from "@tsgrad/core";
import { saveSafetensors } from "@tsgrad/nn";
import type { Calibration } from "../lib/metrics.js";
import { TOY_DEFAULTS } from "../lib/toy-model.js";
import { otherSmoothing, setupRun, testCalibration, trainRun } from "./src/train.js";

export interface NodeRuns {
  capability: CpuCapability;
  /** The default run's training time and held-out accuracy (a fraction). */
  seconds: number;
  testAccuracy: number;
  /** Both runs' calibration, by smoothing ascending. */
  calibration: { smoothing: string; c: Calibration }[];
  /** The default run's weights as a .safetensors file. */
  weights: Uint8Array;
}

/** Both runs here, on this process's kernel. */
export async function runHere(): Promise<NodeRuns> {
  const run = setupRun({ ...TOY_DEFAULTS });
  const { seconds, testAccuracy } = await trainRun(run);
  const other = setupRun({ ...TOY_DEFAULTS, smoothing: otherSmoothing(TOY_DEFAULTS.smoothing) });
  await trainRun(other);
  const calibration = [run, other]
    .map((r) => ({ smoothing: String(r.options.smoothing), c: testCalibration(r.model, r.test) }))
    .sort((a, b) => Number(a.smoothing) - Number(b.smoothing));
  return {
    capability: getCpuCapability(),
    seconds,
    testAccuracy,
    calibration,
    weights: saveSafetensors(run.model.stateDict()),
  };
}

/** Both runs on the kernel a page reported (`#threads`'s data-cpu-capability). */
export async function runOn(capability: CpuCapability): Promise<NodeRuns> {
  if (capability === getCpuCapability()) return runHere();
  const flags = capability === "relaxed-simd" ? ["--experimental-wasm-relaxed-simd"] : [];
  const self = fileURLToPath(import.meta.url);
  const p = spawnSync(process.execPath, [...flags, "--import", "tsx", "--conditions=tsgrad-source", self], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    timeout: 120_000,
  });
  if (p.status !== 0) throw new Error(`node-runs child failed (${p.status}): ${p.stderr}`);
  const got = JSON.parse(p.stdout) as Omit<NodeRuns, "weights"> & { weights: string };
  if (got.capability !== capability)
    throw new Error(`node-runs child ran on "${got.capability}", not the page's "${capability}"`);
  return { ...got, weights: new Uint8Array(Buffer.from(got.weights, "base64")) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runHere();
  console.log(JSON.stringify({ ...r, weights: Buffer.from(r.weights).toString("base64") }));
}
