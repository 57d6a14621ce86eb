import { describe, it } from "vitest";
import {
  arbDim,
  arbDimSet,
  arbInput,
  arbShape,
  arbValue,
  backwardUpstream,
  build,
  DTYPES,
  expectInputGrad,
  expectNd,
  fc,
  fmtNd,
  logsumexpRef,
  logsumexpVjp,
  reductionDims,
  roundTo,
  runs,
  softmaxRef,
  softmaxVjp,
  tolFor,
  ts,
  wrapDim,
} from "./prelude.js";

/** Logits: ordinary values, plus large ones (stability) and -inf (masked logits), now and then. */
const arbLogit = fc.oneof(
  { arbitrary: arbValue, weight: 12 },
  { arbitrary: fc.constantFrom(1e4, -1e4, 700, -700), weight: 1 },
  { arbitrary: fc.constant(Number.NEGATIVE_INFINITY), weight: 1 },
);

describe("property: softmax and logSoftmax vs naive reference", () => {
  const arb = arbShape().chain((shape) =>
    fc.record({
      log: fc.boolean(),
      x: arbInput(shape, { value: arbLogit }),
      dim: arbDim(shape.length),
      dtype: fc.constantFrom(...DTYPES),
      seed: fc.integer(),
    }),
  );

  it("forward and gradient along any dim, on strided views", () => {
    fc.assert(
      fc.property(arb, ({ log, x, dim, dtype, seed }) => {
        const name = log ? "logSoftmax" : "softmax";
        const label = `${name}(x, ${dim}) ${dtype}, x = ${x}`;
        const d = wrapDim(dim, x.shape.length);
        const xr = roundTo(dtype, x.nd);
        const grad = dtype === "float64";
        const bx = build(x, dtype, grad);
        const out = log ? ts.logSoftmax(bx.view, dim) : ts.softmax(bx.view, dim);
        // log_softmax of 1e4-sized logits: absolute error scales with the logits' size.
        expectNd(`${label}: forward`, out, softmaxRef(xr, d, log), tolFor(dtype), log ? 1e4 : 1);
        if (!grad) return;
        const g = backwardUpstream(out, seed, dtype);
        const gx = softmaxVjp(xr, d, log, g);
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx, 16);
      }),
      runs(300),
    );
  });
});

describe("property: logsumexp over random dim sets vs naive reference", () => {
  const arb = arbShape().chain((shape) =>
    fc.record({
      x: arbInput(shape, { value: arbLogit }),
      dims: arbDimSet(shape.length, 1),
      keepdim: fc.boolean(),
      dtype: fc.constantFrom(...DTYPES),
      seed: fc.integer(),
    }),
  );

  it("forward (an all -inf or empty slice gives -inf) and gradient", () => {
    fc.assert(
      fc.property(arb, ({ x, dims, keepdim, dtype, seed }) => {
        const label = `logsumexp(x, [${dims}], keepdim=${keepdim}) ${dtype}, x = ${x}`;
        const rd = reductionDims(dims, x.shape.length);
        const xr = roundTo(dtype, x.nd);
        const grad = dtype === "float64";
        const bx = build(x, dtype, grad);
        const out = ts.logsumexp(bx.view, dims, keepdim);
        expectNd(`${label}: forward`, out, logsumexpRef(xr, rd, keepdim), tolFor(dtype), 1e4);
        if (!grad) return;
        const g = backwardUpstream(out, seed, dtype);
        const gx = logsumexpVjp(xr, rd, { shape: logsumexpRef(xr, rd, true).shape, data: g.data });
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx, 16);
      }),
      runs(300),
    );
  });
});
