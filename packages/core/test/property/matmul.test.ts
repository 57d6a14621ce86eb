import { describe, it } from "vitest";
import {
  arbBroadcastFrom,
  arbInput,
  arbShape,
  arbSize,
  backwardUpstream,
  build,
  DTYPES,
  expectInputGrad,
  expectNd,
  expectOpError,
  fc,
  fmtNd,
  magnitude,
  matmulPlan,
  matmulRef,
  matmulVjp,
  roundTo,
  runs,
  tolFor,
  ts,
} from "./prelude.js";

/** Operand shapes for every torch.matmul case: 1-D·1-D, 1-D·N-D, N-D·1-D, and batched broadcast. */
const arbMatmulShapes = fc
  .record({
    ra: fc.integer({ min: 1, max: 4 }),
    rb: fc.integer({ min: 1, max: 4 }),
    m: arbSize(3),
    k: arbSize(4),
    n: arbSize(3),
    batch: arbShape({ maxRank: 2, maxSize: 3 }),
  })
  .chain(({ ra, rb, m, k, n, batch }) => {
    // Each operand's batch dims are the last (rank − 2) of `batch`, each possibly 1.
    const batchFor = (r: number) =>
      r <= 2 ? fc.constant<number[]>([]) : arbBroadcastFrom(batch).map((b) => padTo(b, r - 2));
    return fc
      .tuple(batchFor(ra), batchFor(rb))
      .map(([ba, bb]) => [ra === 1 ? [k] : [...ba, m, k], rb === 1 ? [k] : [...bb, k, n]]);
  });

/** Left-pads with 1s (or trims leading dims) to exactly `r` dims. */
function padTo(s: number[], r: number): number[] {
  const out = s.slice(Math.max(0, s.length - r));
  while (out.length < r) out.unshift(1);
  return out;
}

describe("property: matmul in all rank cases vs naive loops", () => {
  const arb = arbMatmulShapes.chain(([sa, sb]) =>
    fc.record({ a: arbInput(sa), b: arbInput(sb), dtype: fc.constantFrom(...DTYPES), seed: fc.integer() }),
  );

  it("forward and both gradients (batch dims summed back when broadcast)", () => {
    fc.assert(
      fc.property(arb, ({ a, b, dtype, seed }) => {
        const label = `matmul(a, b) ${dtype}, a = ${a}, b = ${b}`;
        const [ar, br] = [roundTo(dtype, a.nd), roundTo(dtype, b.nd)];
        const grad = dtype === "float64";
        const [ba, bb] = [build(a, dtype, grad), build(b, dtype, grad)];
        const out = ts.matmul(ba.view, bb.view);
        const expected = matmulRef(ar, br);
        const scale = 4 * magnitude(ar) * magnitude(br);
        expectNd(`${label}: forward`, out, expected, tolFor(dtype), scale);
        if (a.shape.length === 2 && b.shape.length === 2) {
          expectNd(`${label}: mm`, ts.mm(ba.view, bb.view), expected, tolFor(dtype), scale);
        }
        if (a.shape.length === 3 && b.shape.length === 3 && a.shape[0] === b.shape[0]) {
          expectNd(`${label}: bmm`, ts.bmm(ba.view, bb.view), expected, tolFor(dtype), scale);
        }
        if (!grad) return;
        const g = backwardUpstream(out, seed, dtype);
        const [ga, gb] = matmulVjp(ar, br, g);
        const gs = 16 * magnitude(g) * Math.max(1, magnitude(ar, br));
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of a`, a, ba, ga, gs);
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of b`, b, bb, gb, gs);
      }),
      runs(300),
    );
  });

  it("shapes that cannot be multiplied give matmul's error, never a kernel crash", () => {
    const arbBad = fc
      .tuple(arbShape({ maxRank: 4 }), arbShape({ maxRank: 4 }))
      .filter(([sa, sb]) => matmulPlan(sa, sb) === null);
    fc.assert(
      fc.property(arbBad, ([sa, sb]) => {
        const a = ts.zeros(sa, { dtype: "float64" });
        const b = ts.zeros(sb, { dtype: "float64" });
        expectOpError(`matmul([${sa}], [${sb}])`, "matmul", () => ts.matmul(a, b));
      }),
      runs(150),
    );
  });
});
