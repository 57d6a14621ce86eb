/**
 * Result checks: a library's times count only if its answers are right. Reference values come from
 * PyTorch on the exact same data (bench/reference.json, written by bench/reference.py); if that
 * file is stale (data fingerprint differs), the full run falls back to WORKLOADS.md's figures with
 * looser tolerances.
 */
import { readFileSync } from "node:fs";
import { type LibResult, STEP_WORKLOADS, type StepKey } from "./common.js";
import type { Config } from "./data.js";

export interface Reference {
  fingerprint: string;
  w2First: number;
  w2Last: number;
  w3Accuracy: number;
  w3Loss: number;
  w4Loss: number;
  /** W5–W7: PyTorch's loss at every step (warm-up and timed), absent from the WORKLOADS.md fallback. */
  steps?: Partial<Record<StepKey, number[]>>;
  source: string;
}

export interface Verdict {
  w2: string | null;
  w3: string | null;
  w4: string | null;
  w5: string | null;
  w6: string | null;
  w7: string | null;
  /** Where the expected values came from. */
  reference: string;
}

/** The reference for `cfg` on data with `fingerprint`, or null when none applies. */
export function loadReference(cfg: Config, fingerprint: string): Reference | null {
  const file = new URL("./reference.json", import.meta.url);
  let all: Record<string, Reference> = {};
  try {
    all = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // No reference file yet: fall through to the WORKLOADS.md figures.
  }
  const ref = all[cfg.name];
  if (ref && ref.fingerprint === fingerprint) return { ...ref, source: "PyTorch on the same data" };
  if (cfg.name === "full") {
    return {
      fingerprint,
      w2First: 2.325,
      w2Last: 1.512,
      w3Accuracy: 0.998,
      w3Loss: Number.NaN,
      w4Loss: 8.1228,
      source: "WORKLOADS.md figures (reference.json stale: rerun bench/reference.py)",
    };
  }
  return null;
}

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
}

/** Returns a reason per workload when the result is wrong, null when it is right. */
export function check(r: LibResult, ref: Reference | null): Verdict {
  const exact = ref?.source.startsWith("PyTorch") ?? false;
  // Same data: float32 sums in different orders drift a little over 55 SGD steps / 500 Adam steps.
  const tol = exact
    ? { first: 1e-4, last: 2e-3, acc: 0.01, w4: 1e-4 }
    : { first: 0.02, last: 0.03, acc: 0.02, w4: 0.01 };
  const losses = r.w2.losses;
  const first = losses[0]!;
  const last = losses[losses.length - 1]!;
  const finite = (...xs: number[]) => xs.every(Number.isFinite);
  let w2: string | null = null;
  let w3: string | null = null;
  let w4: string | null = null;
  if (!finite(...losses)) w2 = "non-finite loss";
  if (!finite(r.w3.accuracy, r.w3.loss)) w3 = "non-finite result";
  if (!finite(r.w4.loss)) w4 = "non-finite loss";
  if (ref) {
    if (!w2 && relErr(first, ref.w2First) > tol.first)
      w2 = `first loss ${first.toFixed(5)}, expected ${ref.w2First.toFixed(5)}`;
    else if (!w2 && relErr(last, ref.w2Last) > tol.last)
      w2 = `last loss ${last.toFixed(5)}, expected ${ref.w2Last.toFixed(5)}`;
    if (!w3 && r.w3.accuracy < ref.w3Accuracy - tol.acc)
      w3 = `accuracy ${(100 * r.w3.accuracy).toFixed(2)} %, expected ${(100 * ref.w3Accuracy).toFixed(2)} %`;
    if (!w4 && relErr(r.w4.loss, ref.w4Loss) > tol.w4)
      w4 = `loss ${r.w4.loss.toFixed(5)}, expected ${ref.w4Loss.toFixed(5)}`;
  }
  const steps = { w5: null, w6: null, w7: null } as Record<StepKey, string | null>;
  for (const { key } of STEP_WORKLOADS)
    steps[key] = checkSteps(r[key]?.losses ?? null, exact ? ref?.steps?.[key] : undefined);
  return { w2, w3, w4, ...steps, reference: ref?.source ?? "none (finiteness only)" };
}

/**
 * A W5–W7 run against PyTorch's losses on the same data: the first step's loss to 1e-4 and the last
 * step's to 5e-3 (float32 sums in other orders, over up to 55 steps of momentum or Adam).
 */
function checkSteps(losses: number[] | null, want: number[] | undefined): string | null {
  if (!losses) return null;
  if (!losses.every(Number.isFinite)) return "non-finite loss";
  if (!want) return null;
  const last = losses.length - 1;
  if (relErr(losses[0]!, want[0]!) > 1e-4)
    return `first loss ${losses[0]!.toFixed(5)}, expected ${want[0]!.toFixed(5)}`;
  if (relErr(losses[last]!, want[last]!) > 5e-3)
    return `loss at step ${last} ${losses[last]!.toFixed(5)}, expected ${want[last]!.toFixed(5)}`;
  return null;
}
