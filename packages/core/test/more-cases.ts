/**
 * The data-driven cases of `core_more.json` (written by tools/fixtures/gen_core_more.py): sort,
 * argsort, topk, repeat, tile, tril, triu, flip, nonzero, isclose, allclose, silu, softplus, elu.
 * Their ops join the OPS table of op-table.ts, so the same `checkOpCase` / `gradcheckOpCase` run
 * them (grad_fn names included); `checkMoreCase` adds the topk cases with ties.
 */
import { expect } from "vitest";
import { allclose, elu, isclose, softplus, silu, type Tensor, tensor } from "../src/index.js";
import {
  checkOpCase,
  expectClose,
  type FixtureTensor,
  fromFixture,
  describeOpTable,
  type OpCase,
  type OpTable,
  tagged,
  tolFor,
} from "@tsgrad/testing";
import { loadFixture, OP_GROUPS, OPS, opCases } from "./op-table.js";

export interface MoreCase extends OpCase {
  tie_indices?: boolean;
}

const T = (x: Tensor | number): Tensor => x as Tensor;
const opts = (a: Record<string, any>) => ({ rtol: a.rtol, atol: a.atol, equalNan: a.equalNan });

// The ops of core_more.json by test group, as in op-table.ts.
const SORT: OpTable = {
  sort: (i, a) => {
    const r = T(i[0]!).sort(
      a.dim ?? -1,
      a.descending ?? false,
      a.stable === undefined ? {} : { stable: a.stable },
    );
    return [r.values, r.indices];
  },
  argsort: (i, a) => T(i[0]!).argsort(a.dim ?? -1, a.descending ?? false, { stable: a.stable ?? false }),
  topk: (i, a) => {
    const r = T(i[0]!).topk(a.k, a.dim ?? -1, a.largest ?? true, a.sorted ?? true);
    return [r.values, r.indices];
  },
};
const REARRANGE: OpTable = {
  repeat: (i, a) => T(i[0]!).repeat(a.sizes),
  tile: (i, a) => T(i[0]!).tile(a.dims),
  tril: (i, a) => T(i[0]!).tril(a.diagonal ?? 0),
  triu: (i, a) => T(i[0]!).triu(a.diagonal ?? 0),
  flip: (i, a) => T(i[0]!).flip(a.dims),
};
const COMPARE: OpTable = {
  nonzero: (i) => T(i[0]!).nonzero(),
  isclose: (i, a) => isclose(T(i[0]!), T(i[1]!), opts(a)),
  allclose: (i, a) => tensor(allclose(T(i[0]!), T(i[1]!), opts(a))),
};
const ACTIVATION: OpTable = {
  silu: (i) => silu(T(i[0]!)),
  softplus: (i, a) => softplus(T(i[0]!), a.beta ?? 1, a.threshold ?? 20),
  elu: (i, a) => elu(T(i[0]!), a.alpha ?? 1),
};
Object.assign(OP_GROUPS, { sort: SORT, rearrange: REARRANGE, compare: COMPARE, activation: ACTIVATION });

/** The ops of core_more.json by name; each mirrors the OPS table of gen_core_more.py. */
export const MORE_OPS: typeof OPS = { ...SORT, ...REARRANGE, ...COMPARE, ...ACTIVATION };
Object.assign(OPS, MORE_OPS);

/** The cases of core_more.json owned by one test file (tagged `group`). */
export function moreCases(group: string): MoreCase[] {
  return tagged(loadFixture<{ cases: MoreCase[] }>("core_more").cases, group);
}

/**
 * The PyTorch table of one test file: the cases of `fixture` tagged `group`, a test that they cover
 * every op of the group (OP_GROUPS) and one `checkOpCase` test per case, under "<what> match
 * PyTorch (<fixture>.json)"; given `family`, a float64 gradcheck of each case tagged "gradcheck",
 * under "<family> gradcheck at the fixture inputs (float64)". Returns the cases.
 */
export function describeGroup(
  fixture: "core_ops" | "core_more",
  group: string,
  what: string,
  family?: string,
): MoreCase[] {
  const cases = fixture === "core_ops" ? opCases(group) : moreCases(group);
  describeOpTable({
    title: `${what} match PyTorch (${fixture}.json)`,
    cases,
    covers: Object.keys(OP_GROUPS[group]!),
    check: checkMoreCase,
    ...(family === undefined
      ? {}
      : { gradcheck: { title: `${family} gradcheck at the fixture inputs (float64)`, ops: OPS } }),
  });
  return cases;
}

/** `checkOpCase` (values, gradients and grad_fn names), or the topk check for ties at the cut. */
export function checkMoreCase(c: MoreCase): void {
  if (c.tie_indices) checkTieCase(c);
  else checkOpCase(c, OPS);
}

/**
 * topk with ties at the cut: PyTorch's choice among equal values is unspecified, so check the
 * values exactly, that the indices are distinct and point at those values, and that the gradient
 * of `sum(values * w)` lands on exactly the returned indices.
 */
function checkTieCase(c: MoreCase): void {
  const x = fromFixture(c.inputs[0] as FixtureTensor);
  const { values, indices } = x.topk(c.params.k, c.params.dim ?? -1, c.params.largest ?? true);
  const d = c.params.dim ?? -1;
  expectClose(values.toTypedArray(), c.outputs[0]!.values, tolFor(values.dtype), "values");
  expect(indices.shape).toEqual(c.outputs[1]!.shape);
  expect(x.detach().gather(d, indices).toTypedArray()).toEqual(values.toTypedArray());
  for (const row of indices.tolist() as number[][]) expect(new Set(row).size).toBe(row.length);
  const w = fromFixture({ values: c.weights[0]!, shape: values.shape.slice(), dtype: values.dtype });
  values.mul(w).sum().backward();
  const expected = x.detach().mul(0).scatter(d, indices, w);
  expect(x.grad!.toTypedArray()).toEqual(expected.toTypedArray());
}
