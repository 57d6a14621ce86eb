/**
 * Second derivatives of the losses (and the seed's LabelSmoothingLoss) against PyTorch
 * (tools/fixtures/gen_higher_order.py → fixtures/higher_order.json), and a float64 gradgradcheck
 * of each: the fused backwards switch to a recorded form under `createGraph: true`.
 */
import { ones, tensor, type Tensor } from "@tsgrad/core";
import {
  checkSecondOrderCase,
  fixtureLoader,
  gradgradcheckOpCase,
  type Operand,
  type OpTable,
  type SecondOrderCase,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  LabelSmoothingLoss,
  mseLoss,
  nllLoss,
} from "../src/index.js";

const FIXTURE = fixtureLoader(new URL("./fixtures/", import.meta.url))<{ cases: SecondOrderCase[] }>(
  "higher_order",
);

const T = (x: Operand): Tensor => x as Tensor;
const weight = (w: number[] | undefined) => (w === undefined ? undefined : tensor(w, { dtype: "float64" }));
/** Mirrors the `losses` table of gen_higher_order.py. */
const OPS: OpTable = {
  crossEntropy: ([x, t], p) => crossEntropy(T(x), T(t), { ...p, weight: weight(p.weight) }),
  nllLoss: ([x, t], p) => nllLoss(T(x).logSoftmax(1), T(t), { weight: weight(p.weight) }),
  // The generator runs with float64 as the default dtype, so the seed's default weight
  // ones(K) / K is float64 there.
  labelSmoothing: ([x, t], p) => {
    const w = weight(p.weight) ?? ones([p.classes], { dtype: "float64" }).div(p.classes);
    return new LabelSmoothingLoss(p.classes, p.smoothing, -1, w).call(T(x), T(t));
  },
  bce: ([x, y]) => binaryCrossEntropy(T(x), T(y)),
  bceLogits: ([x, y]) => binaryCrossEntropyWithLogits(T(x), T(y)),
  mse: ([x, y]) => mseLoss(T(x), T(y)),
};

describe("second derivatives of the losses match PyTorch (higher_order.json)", () => {
  it("covers crossEntropy, nllLoss and the seed's LabelSmoothingLoss", () => {
    const ops = new Set(FIXTURE.cases.map((c) => c.op));
    for (const op of ["crossEntropy", "nllLoss", "labelSmoothing", "bce"]) expect(ops.has(op), op).toBe(true);
  });
  for (const c of FIXTURE.cases) it(c.name, () => checkSecondOrderCase(c, OPS));
});

describe("gradgradcheck of the losses in float64", () => {
  for (const c of FIXTURE.cases) it(c.name, () => expect(gradgradcheckOpCase(c, OPS)).toBe(true));
});
