/**
 * Property test of crossEntropy against a naive float64 reference written from PyTorch's formula
 * (shared/SEMANTICS.md), with gradients by central finite differences on that reference.
 * Self-contained (no tsgrad code in the reference); lives in @tsgrad/losses because core must not
 * depend on losses. More runs with TSGRAD_DEEP=1 (see the root `test:deep` script).
 */
import { type Tensor, tensor } from "@tsgrad/core";
import { close, TOL } from "@tsgrad/testing";
import fc from "fast-check";
import { describe, it } from "vitest";
import { crossEntropy } from "../../src/index.js";

const deep = process.env.TSGRAD_DEEP;
const numRuns = (n: number) => (deep && deep !== "0" ? n * (Number(deep) > 1 ? Number(deep) : 20) : n);

type Reduction = "none" | "mean" | "sum";

interface Case {
  /** Input shape: [C], [N, C] or [N, C, d]. */
  shape: number[];
  logits: number[];
  /** Class indices (one per position; may be the ignore index), or null for probability targets. */
  index: number[] | null;
  /** Probability targets, row-major in the input's layout, when `index` is null. */
  probs: number[] | null;
  weight: number[] | null;
  beta: number;
  reduction: Reduction;
  ignoreIndex: number;
  seed: number;
}

/** Positions (n, spatial) and the flat offset of class c at position p in the input's layout. */
function layout(shape: number[]): { C: number; P: number; at: (p: number, c: number) => number } {
  if (shape.length === 1) return { C: shape[0]!, P: 1, at: (_p, c) => c };
  const [N, C] = [shape[0]!, shape[1]!];
  const S = shape.slice(2).reduce((a, b) => a * b, 1);
  return { C, P: N * S, at: (p, c) => Math.floor(p / S) * C * S + c * S + (p % S) };
}

/** PyTorch's cross_entropy in float64 with plain loops. Returns the per-position losses or the reduced scalar. */
function reference(k: Case, logits: number[]): number[] {
  const { C, P, at } = layout(k.shape);
  const w = (c: number) => (k.weight ? k.weight[c]! : 1);
  const losses: number[] = [];
  let denom = 0;
  for (let p = 0; p < P; p++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < C; c++) m = Math.max(m, logits[at(p, c)]!);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(logits[at(p, c)]! - m);
    const logp = (c: number) => logits[at(p, c)]! - m - Math.log(s);
    if (k.index) {
      const y = k.index[p]!;
      if (y === k.ignoreIndex) {
        losses.push(0);
        continue;
      }
      let smooth = 0;
      for (let c = 0; c < C; c++) smooth -= w(c) * logp(c);
      losses.push((1 - k.beta) * -w(y) * logp(y) + (k.beta / C) * smooth);
      denom += w(y);
    } else {
      let l = 0;
      for (let c = 0; c < C; c++) l -= w(c) * (k.probs![at(p, c)]! * (1 - k.beta) + k.beta / C) * logp(c);
      losses.push(l);
      denom += 1;
    }
  }
  if (k.reduction === "none") return losses;
  const total = losses.reduce((a, b) => a + b, 0);
  return [k.reduction === "sum" ? total : total / denom];
}

function upstream(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s >>> 8) % 9) / 4 - 1;
  });
}

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    shape: fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 5 })).map(([c]) => [c]),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })).map(([n, c]) => [n, c]),
      fc
        .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
        .map(([n, c, d]) => [n, c, d]),
    ),
    probTargets: fc.boolean(),
    weighted: fc.boolean(),
    beta: fc.constantFrom(0, 0.1, 0.5, 1),
    reduction: fc.constantFrom<Reduction>("none", "mean", "sum"),
    seed: fc.integer(),
  })
  .chain(({ shape, probTargets, weighted, beta, reduction, seed }) => {
    const { C, P } = layout(shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const val = fc.double({ min: -4, max: 4, noNaN: true });
    return fc.record({
      shape: fc.constant(shape),
      logits: fc.array(val, { minLength: n, maxLength: n }),
      // Mostly real classes; sometimes the ignore index (never for probability targets).
      index: probTargets
        ? fc.constant(null)
        : fc.array(
            fc.oneof(
              { arbitrary: fc.integer({ min: 0, max: C - 1 }), weight: 5 },
              { arbitrary: fc.constant(-100), weight: 1 },
            ),
            {
              minLength: P,
              maxLength: P,
            },
          ),
      probs: probTargets
        ? fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })
        : fc.constant(null),
      weight: weighted
        ? fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: C, maxLength: C })
        : fc.constant(null),
      beta: fc.constant(beta),
      reduction: fc.constant(reduction),
      ignoreIndex: fc.constant(-100),
      seed: fc.constant(seed),
    });
  });

function f64(values: number[], shape: readonly number[], requiresGrad = false): Tensor {
  return tensor(Float64Array.from(values), { dtype: "float64", requiresGrad: false })
    .reshape(shape)
    .detach()
    .requiresGrad_(requiresGrad);
}

describe("property: crossEntropy vs a naive reference of PyTorch's formula", () => {
  it("loss (every reduction, weights, label smoothing, ignore_index, probability targets) and gradient", () => {
    fc.assert(
      fc.property(arbCase, (k) => {
        const label = `crossEntropy(input ${JSON.stringify(k.shape)} ${JSON.stringify(k.logits)}, target ${JSON.stringify(k.index ?? k.probs)}, weight ${JSON.stringify(k.weight)}, labelSmoothing ${k.beta}, reduction ${k.reduction})`;
        const x = f64(k.logits, k.shape, true);
        const target = k.index
          ? tensor(Int32Array.from(k.index)).reshape(
              k.shape.length === 1 ? [] : [k.shape[0]!, ...k.shape.slice(2)],
            )
          : f64(k.probs!, k.shape);
        const out = crossEntropy(x, target, {
          weight: k.weight ? f64(k.weight, [k.weight.length]) : null,
          labelSmoothing: k.beta,
          reduction: k.reduction,
        });
        const expected = reference(k, k.logits);
        const got = Array.from(out.toTypedArray());
        if (
          got.length !== expected.length ||
          got.some((v, i) => !close(v, expected[i]!, TOL.property("float64")))
        ) {
          throw new Error(`${label}: loss ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
        }
        // Gradient of Σ g ⊙ loss, by central differences on the reference (all-ignored mean is NaN: skip).
        if (expected.some(Number.isNaN)) return;
        const g = upstream(expected.length, k.seed);
        out.backward(f64(g, out.shape));
        const analytic = Array.from(x.grad!.toTypedArray());
        const eps = 1e-6;
        const h = (v: number[]) => reference(k, v).reduce((a, l, i) => a + g[i]! * l, 0);
        for (let i = 0; i < k.logits.length; i++) {
          const plus = k.logits.slice();
          const minus = k.logits.slice();
          plus[i]! += eps;
          minus[i]! -= eps;
          const numeric = (h(plus) - h(minus)) / (2 * eps);
          // Central differences are accurate to ~eps² · f''' plus rounding ~1e-16/eps: 1e-6 is ample.
          if (!close(analytic[i]!, numeric, { rtol: 1e-5, atol: 1e-6 })) {
            throw new Error(
              `${label}, g ${JSON.stringify(g)}: d/dinput[${i}] is ${analytic[i]}, finite differences give ${numeric}`,
            );
          }
        }
      }),
      { numRuns: numRuns(200) },
    );
  });
});
