import { describe, it } from "vitest";
import {
  amaxRef,
  amaxVjp,
  arbDim,
  arbDimSet,
  arbInput,
  arbShape,
  backwardUpstream,
  build,
  DTYPES,
  expectInputGrad,
  expectNd,
  expectOpError,
  fc,
  fmtNd,
  magnitude,
  maxDimRef,
  maxDimVjp,
  meanRef,
  meanVjp,
  named,
  type Nd,
  reductionDims,
  roundTo,
  runs,
  sumRef,
  sumVjp,
  type Tensor,
  tolFor,
  ts,
  varRef,
  varVjp,
  wrapDim,
} from "./prelude.js";

interface Reduction {
  name: string;
  op: (x: Tensor, dims: number[] | null, keepdim: boolean) => Tensor;
  ref: (x: Nd, dims: number[], keepdim: boolean) => Nd;
  /** `all`: reduced over every element with no dim given (or a 0-d input), PyTorch's special case. */
  vjp: (x: Nd, dims: number[], g: Nd, all: boolean) => Nd;
  /** True when the op needs at least one element in every reduced slice. */
  needsElements?: boolean;
}

const REDUCTIONS: Reduction[] = (
  [
    { name: "sum", op: (x, d, k) => ts.sum(x, d, k), ref: sumRef, vjp: sumVjp },
    { name: "mean", op: (x, d, k) => ts.mean(x, d, k), ref: meanRef, vjp: meanVjp },
    { name: "amax", op: (x, d, k) => ts.amax(x, d, k), ref: amaxRef, vjp: amaxVjp, needsElements: true },
    {
      name: "var",
      op: (x, d, k) => ts.var(x, d, 1, k),
      ref: (x, d, k) => varRef(x, d, 1, k),
      vjp: (x, d, g, all) => varVjp(x, d, 1, g, all),
    },
    {
      name: "var(correction=0)",
      op: (x, d, k) => ts.var(x, d, 0, k),
      ref: (x, d, k) => varRef(x, d, 0, k),
      vjp: (x, d, g, all) => varVjp(x, d, 0, g, all),
    },
  ] as Reduction[]
).map(named);

describe("property: reductions over random dim sets (negative dims, keepdim) vs naive reference", () => {
  const arb = arbShape().chain((shape) =>
    fc.record({
      op: fc.constantFrom(...REDUCTIONS),
      x: arbInput(shape),
      dims: fc.oneof(fc.constant(null), arbDimSet(shape.length)),
      keepdim: fc.boolean(),
      dtype: fc.constantFrom(...DTYPES),
      seed: fc.integer(),
    }),
  );

  it("forward and gradient, or a clear error when a reduced slice is empty", () => {
    fc.assert(
      fc.property(arb, ({ op, x, dims, keepdim, dtype, seed }) => {
        const label = `${op.name}(x, dim=${dims === null ? "None" : `[${dims}]`}, keepdim=${keepdim}) ${dtype}, x = ${x}`;
        const rd = reductionDims(dims, x.shape.length);
        const bx = build(x, dtype, dtype === "float64");
        if (op.needsElements && rd.some((d) => x.shape[d] === 0)) {
          expectOpError(label, op.name, () => op.op(bx.view, dims, keepdim));
          return;
        }
        const xr = roundTo(dtype, x.nd);
        const out = op.op(bx.view, dims, keepdim);
        // Sums of up to 256 terms: rounding scales with the terms' size, not the result's.
        const scale = magnitude(xr) ** 2 * 16;
        expectNd(`${label}: forward`, out, op.ref(xr, rd, keepdim), tolFor(dtype), scale);
        if (dtype !== "float64") return;
        const g = backwardUpstream(out, seed, dtype);
        const gk = keepdim ? g : { shape: op.ref(xr, rd, true).shape, data: g.data };
        const gx = op.vjp(xr, rd, gk, dims === null || x.shape.length === 0);
        const gs = scale * Math.max(1, magnitude(g));
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx, gs);
      }),
      runs(300),
    );
  });
});

describe("property: max(dim) returns values, first indices, and routes the gradient to them", () => {
  const arb = arbShape().chain((shape) =>
    fc.record({
      x: arbInput(shape),
      dim: arbDim(shape.length),
      keepdim: fc.boolean(),
      seed: fc.integer(),
    }),
  );

  it("matches the reference (ties resolved to the first index)", () => {
    fc.assert(
      fc.property(arb, ({ x, dim, keepdim, seed }) => {
        const label = `max(x, dim=${dim}, keepdim=${keepdim}) float64, x = ${x}`;
        const d = wrapDim(dim, x.shape.length);
        const bx = build(x, "float64", true);
        if (x.shape.length > 0 && x.shape[d] === 0) {
          expectOpError(label, "max", () => bx.view.max(dim, keepdim));
          return;
        }
        const { values, indices } = bx.view.max(dim, keepdim);
        const ref = maxDimRef(x.nd, d, keepdim);
        expectNd(`${label}: values`, values, ref.values, tolFor("float64"));
        expectNd(`${label}: indices`, indices, ref.indices, { rtol: 0, atol: 0 });
        if (indices.dtype !== "int32") throw new Error(`${label}: indices dtype ${indices.dtype}`);
        const g = backwardUpstream(values, seed, "float64");
        const gx = maxDimVjp(x.nd, d, { shape: maxDimRef(x.nd, d, true).values.shape, data: g.data });
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx);
      }),
      runs(200),
    );
  });
});
