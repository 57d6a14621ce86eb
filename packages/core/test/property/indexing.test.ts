import { describe, it } from "vitest";
import {
  arbDim,
  arbIndexInput,
  arbInput,
  arbShape,
  backwardUpstream,
  build,
  type DType,
  expectInputGrad,
  expectNd,
  expectOpError,
  fc,
  fmtNd,
  gatherRef,
  gatherVjp,
  type InputSpec,
  numel,
  runs,
  scatterRef,
  scatterVjp,
  tolFor,
  ts,
  unravel,
  wrapDim,
} from "./prelude.js";

/**
 * Index values for `gather`/`scatter_add` (any value in [0, size), duplicates allowed) or for
 * `scatter` (distinct along `dim` within each line, so the result does not depend on write order).
 */
function indexValues(shape: number[], dim: number, size: number, distinct: boolean, seed: number): number[] {
  let s = seed >>> 0 || 7;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  const n = numel(shape);
  const out = new Array<number>(n).fill(0);
  if (!distinct || shape.length === 0) {
    for (let k = 0; k < n; k++) out[k] = size === 0 ? 0 : next() % size;
    return out;
  }
  // One shuffled prefix of 0..size-1 per line along `dim`.
  const lines = new Map<string, number[]>();
  for (let k = 0; k < n; k++) {
    const idx = unravel(k, shape);
    const key = idx.map((v, i) => (i === dim ? "*" : v)).join(",");
    let perm = lines.get(key);
    if (!perm) {
      perm = Array.from({ length: size }, (_, i) => i);
      for (let i = size - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      lines.set(key, perm);
    }
    out[k] = perm[idx[dim]!]!;
  }
  return out;
}

interface Case {
  self: InputSpec;
  dim: number;
  index: InputSpec;
  src: InputSpec;
  seed: number;
}

/** self shape S, dim d, index shape I (I[i] <= S[i] off d; along d any size, or <= S[d] if distinct), src >= I. */
function arbCase(distinct: boolean): fc.Arbitrary<Case> {
  return arbShape()
    .chain((self) =>
      fc.record({
        self: fc.constant(self),
        dim: arbDim(self.length),
        caps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: self.length, maxLength: self.length }),
        extra: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: self.length, maxLength: self.length }),
        seed: fc.integer(),
      }),
    )
    .chain(({ self, dim, caps, extra, seed }) => {
      const d = wrapDim(dim, self.length);
      const size = self.length === 0 ? 1 : self[d]!;
      let ishape = self.map((s, i) =>
        i === d ? (distinct ? Math.min(caps[i]!, s) : caps[i]!) : Math.min(caps[i]!, s),
      );
      // With nothing to point at along dim, only an empty index is valid.
      if (size === 0 && numel(ishape) > 0) ishape = ishape.map((s, i) => (i === d ? 0 : s));
      const values = indexValues(ishape, d, size, distinct, seed);
      return fc.record({
        self: arbInput(self),
        dim: fc.constant(dim),
        index: arbIndexInput(ishape, values, size),
        src: arbInput(ishape.map((s, i) => s + extra[i]!)),
        seed: fc.constant(seed),
      });
    });
}

function buildIndex(spec: InputSpec): ts.Tensor {
  return build(spec, "int32").view;
}

const F64: DType = "float64";

describe("property: gather vs naive reference", () => {
  it("forward and gradient (a scatter-add of the upstream gradient)", () => {
    fc.assert(
      fc.property(arbCase(false), ({ self, dim, index, seed }) => {
        const label = `gather(x, ${dim}, index) float64, x = ${self}, index = ${index}`;
        const d = wrapDim(dim, self.shape.length);
        const bx = build(self, F64, true);
        const out = ts.gather(bx.view, dim, buildIndex(index));
        expectNd(`${label}: forward`, out, gatherRef(self.nd, d, index.nd), tolFor(F64));
        const g = backwardUpstream(out, seed, F64);
        const gx = gatherVjp(self.nd, d, index.nd, g);
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, self, bx, gx, 16);
      }),
      runs(250),
    );
  });
});

describe("property: scatter and scatterAdd vs naive reference", () => {
  for (const accumulate of [false, true]) {
    const name = accumulate ? "scatter_add" : "scatter";
    it(`${name}: forward and gradients of self and src`, () => {
      fc.assert(
        fc.property(arbCase(!accumulate), ({ self, dim, index, src, seed }) => {
          const label = `${name}(x, ${dim}, index, src) float64, x = ${self}, index = ${index}, src = ${src}`;
          const d = wrapDim(dim, self.shape.length);
          const bx = build(self, F64, true);
          const bs = build(src, F64, true);
          const idx = buildIndex(index);
          const out = accumulate
            ? ts.scatterAdd(bx.view, dim, idx, bs.view)
            : ts.scatter(bx.view, dim, idx, bs.view);
          expectNd(
            `${label}: forward`,
            out,
            scatterRef(self.nd, d, index.nd, src.nd, accumulate),
            tolFor(F64),
            16,
          );
          const g = backwardUpstream(out, seed, F64);
          const [gx, gs] = scatterVjp(self.nd, d, index.nd, src.nd, accumulate, g);
          expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, self, bx, gx, 1, 16);
          expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of src`, src, bs, gs, 1, 16);
        }),
        runs(250),
      );
    });
  }

  it("scatter of a number: forward and gradient of self", () => {
    fc.assert(
      fc.property(arbCase(true), fc.constantFrom(0, -1.5, 7), ({ self, dim, index, seed }, value) => {
        const label = `scatter(x, ${dim}, index, ${value}) float64, x = ${self}, index = ${index}`;
        const d = wrapDim(dim, self.shape.length);
        const bx = build(self, F64, true);
        const out = ts.scatter(bx.view, dim, buildIndex(index), value);
        const srcNd = { shape: index.shape, data: index.values.map(() => value) };
        expectNd(`${label}: forward`, out, scatterRef(self.nd, d, index.nd, srcNd, false), tolFor(F64));
        const g = backwardUpstream(out, seed, F64);
        const [gx] = scatterVjp(self.nd, d, index.nd, srcNd, false, g);
        expectNd(`${label}, g = ${fmtNd(g)}: grad of x (view)`, bx.view.grad, gx, tolFor(F64));
      }),
      runs(150),
    );
  });

  it("an out-of-range or negative index is a clear error naming the op, never a wrap-around", () => {
    const arbBad = arbCase(false)
      .filter((c) => c.index.values.length > 0)
      .chain((c) =>
        fc.record({
          c: fc.constant(c),
          pos: fc.integer({ min: 0, max: c.index.values.length - 1 }),
          bad: fc.constantFrom(-1, -2, 1, 5),
          op: fc.constantFrom("gather", "scatter", "scatter_add"),
        }),
      );
    fc.assert(
      fc.property(arbBad, ({ c, pos, bad, op }) => {
        const d = wrapDim(c.dim, c.self.shape.length);
        const size = c.self.shape.length === 0 ? 1 : c.self.shape[d]!;
        const values = c.index.values.slice();
        values[pos] = bad < 0 ? bad : size - 1 + bad;
        const index = ts.tensor(Int32Array.from(values)).reshape(c.index.shape);
        const x = build(c.self, F64).view;
        const src = build(c.src, F64).view;
        const what = `${op}(x ${c.self}, ${c.dim}, index [${values}])`;
        const call = () =>
          op === "gather"
            ? ts.gather(x, c.dim, index)
            : op === "scatter"
              ? ts.scatter(x, c.dim, index, src)
              : ts.scatterAdd(x, c.dim, index, src);
        const err = expectOpError(what, op, call);
        if (!err.message.includes(String(values[pos])))
          throw new Error(`${what}: message does not name the bad index: ${err.message}`);
      }),
      runs(150),
    );
  });
});
