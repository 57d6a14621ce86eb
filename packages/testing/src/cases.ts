/**
 * The one op case format and its runner, after tinygrad's `helper_test_op`: a generator in
 * tools/fixtures runs the op in PyTorch on fixed inputs and writes one record per case
 * (fixture_common.py's `case_record`); `checkOpCase(case, fn)` runs the tsgrad op on the same
 * inputs and compares values and gradients, in whatever float dtype the case was written in.
 */
import { autograd, gradcheck, gradgradcheck, manualSeed, type Tensor } from "../../core/src/index.js";
import { describe, expect, it } from "vitest";
import { expectTensorClose, type Tol, unitTol } from "./close.js";
import { type FixtureTensor, type FixtureValue, fromFixture } from "./fixtures.js";

/** A view applied to an input before the op, e.g. `["transpose", 0, 1]`, so ops see strided data. */
export type ViewStep = [string, ...number[]];

/** A case input: a tensor (maybe viewed before the op) or a Python scalar. */
export interface OpInput extends Partial<FixtureTensor> {
  scalar?: number;
  view?: ViewStep[];
}

/** An output as PyTorch produced it; `requires_grad` and `grad_fn` are checked when present. */
export interface OpOutput extends FixtureTensor {
  grad_fn?: string | null;
}

/**
 * One case: the op's inputs and params, PyTorch's outputs, the upstream weight of each output
 * (loss = Σ sum(out_i · w_i); null for outputs without a gradient) and d loss / d input_j (null
 * where input j takes none).
 *
 * Tags: the test file that owns the case (`"elementwise"`, `"softmax"`, ...); `"gradcheck"`:
 * also run a float64 gradcheck at the case's inputs; `"relative"`: compare with `unitTol`, not
 * `scaledTol` (a huge entry must not widen the tolerance of the small ones beside it).
 */
export interface OpCase {
  name: string;
  op: string;
  inputs: OpInput[];
  params: Record<string, any>;
  outputs: OpOutput[];
  weights: (FixtureValue[] | null)[];
  grads: (FixtureValue[] | null)[];
  tags: string[];
}

export type Operand = Tensor | number;
/** Runs an op on a case's operands (tensors with views applied, scalars as numbers) and params. */
export type OpFn = (inputs: Operand[], params: Record<string, any>) => Tensor | Tensor[];
/** Ops by the `op` name their cases carry. */
export type OpTable = Record<string, OpFn>;

/** The cases of `cases` tagged `tag`. */
export function tagged<C extends { tags: string[] }>(cases: readonly C[], tag: string): C[] {
  return cases.filter((c) => c.tags.includes(tag));
}

/** Applies a fixture view chain (`[["t"], ["slice", 1, 0, 8, 2]]`) to a leaf. */
export function applyView(x: Tensor, chain: readonly ViewStep[] | undefined): Tensor {
  let t = x;
  for (const [name, ...a] of chain ?? []) {
    if (name === "transpose") t = t.transpose(a[0]!, a[1]!);
    else if (name === "permute") t = t.permute(a);
    else if (name === "t") t = t.t();
    else if (name === "slice") t = t.slice(a[0]!, a[1], a[2], a[3]);
    else if (name === "expand") t = t.expand(a);
    else if (name === "select") t = t.select(a[0]!, a[1]!);
    else throw new Error(`applyView(): unknown view ${name}`);
  }
  return t;
}

function opFn(c: OpCase, fn: OpFn | OpTable): OpFn {
  if (typeof fn === "function") return fn;
  const f = fn[c.op];
  if (!f)
    throw new Error(`no op ${JSON.stringify(c.op)} in the op table given for case ${JSON.stringify(c.name)}`);
  return f;
}

function leavesOf(c: OpCase): (Tensor | null)[] {
  return c.inputs.map((inp) => (inp.scalar !== undefined ? null : fromFixture(inp as FixtureTensor)));
}

function run(c: OpCase, fn: OpFn, leaves: readonly (Tensor | null)[]): Tensor[] {
  const operands = c.inputs.map((inp, j) =>
    inp.scalar !== undefined ? inp.scalar : applyView(leaves[j]!, inp.view),
  );
  const out = fn(operands, c.params);
  return Array.isArray(out) ? out : [out];
}

/** The tolerance a case's tags ask for: `unitTol` for "relative", else expectTensorClose's default. */
function tolOf(c: OpCase, expected: FixtureTensor): Tol | undefined {
  return c.tags.includes("relative") ? unitTol(expected.dtype) : undefined;
}

/**
 * Checks one case against PyTorch: every output's shape, dtype, `requiresGrad` and values, then
 * the gradients of `Σ sum(out_i · w_i)` w.r.t. each input, with `expectTensorClose`'s tolerances.
 * `fn` is the op, or a table the case's `op` names one in.
 */
export function checkOpCase(c: OpCase, fn: OpFn | OpTable): Tensor[] {
  const leaves = leavesOf(c);
  const outs = run(c, opFn(c, fn), leaves);
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  outs.forEach((o, k) => {
    const e = c.outputs[k]!;
    const label = `output ${k}`;
    if (e.requires_grad !== undefined) expect(o.requiresGrad, `${label} requiresGrad`).toBe(e.requires_grad);
    if (e.grad_fn !== undefined) expect(o.gradFn?.name ?? null, `${label} grad_fn`).toBe(e.grad_fn);
    expectTensorClose(o, e, label, tolOf(c, e));
  });
  if (c.weights.every((w) => w === null)) {
    for (const l of leaves) if (l) expect(l.grad).toBeNull();
    return outs;
  }
  const loss = weightedLoss(c, outs);
  loss!.backward();
  leaves.forEach((l, j) => {
    const g = c.grads[j];
    if (!l || g === null || g === undefined) return;
    const label = `grad of input ${j}`;
    expect(l.grad, label).not.toBeNull();
    const e = { values: g, shape: l.shape.slice(), dtype: l.dtype };
    expectTensorClose(l.grad!, e, label, tolOf(c, e));
  });
  return outs;
}

/** Σ_k (output_k · weight_k).sum() over the outputs the case weights: what its grads are of. */
function weightedLoss(c: OpCase, outs: readonly Tensor[]): Tensor | null {
  let loss: Tensor | null = null;
  outs.forEach((o, k) => {
    const w = c.weights[k];
    if (!w) return;
    const term = o.mul(fromFixture({ values: w, shape: o.shape.slice(), dtype: o.dtype })).sum();
    loss = loss === null ? term : loss.add(term);
  });
  return loss;
}

/** Runs a float64 `gradcheck` of the case's op at the case's own inputs (float outputs only). */
export function gradcheckOpCase(c: OpCase, fn: OpFn | OpTable): boolean {
  const [f, inputs] = asChecked(c, fn);
  return gradcheck(f, inputs);
}

/** The case's op as a function of its tensor inputs (float outputs only), and those inputs. */
function asChecked(c: OpCase, fn: OpFn | OpTable): [(...ts: Tensor[]) => Tensor[], Tensor[]] {
  const f = opFn(c, fn);
  const leaves = leavesOf(c);
  const tensors = leaves.filter((l): l is Tensor => l !== null);
  const wrapped = (...ts: Tensor[]): Tensor[] => {
    let p = 0;
    const ls = leaves.map((l) => (l === null ? null : ts[p++]!));
    return run(c, f, ls).filter((o) => o.isFloatingPoint());
  };
  return [wrapped, tensors];
}

/**
 * A second-order case (tools/fixtures/gen_higher_order.py): an {@link OpCase} in float64 plus, for
 * the first-order gradients g_j (taken with `createGraph: true`), one weight `u_j` per input and
 * `grad2_j` = d(Σ_j sum(g_j · u_j)) / d input_j, PyTorch's Hessian-vector product (null where input
 * j takes no gradient).
 */
export interface SecondOrderCase extends OpCase {
  u: (FixtureValue[] | null)[];
  grad2: (FixtureValue[] | null)[];
}

/**
 * Checks one second-order case against PyTorch: the outputs and first-order gradients as
 * `checkOpCase` does (here through `autograd.grad` with `createGraph: true`), then the gradient of
 * Σ_j sum(g_j · u_j) with respect to each input.
 */
export function checkSecondOrderCase(c: SecondOrderCase, fn: OpFn | OpTable): void {
  const leaves = leavesOf(c);
  const outs = run(c, opFn(c, fn), leaves);
  expect(outs.length, "number of outputs").toBe(c.outputs.length);
  for (const [k, o] of outs.entries()) expectTensorClose(o, c.outputs[k]!, `output ${k}`);
  const loss = weightedLoss(c, outs);
  const diff = leaves.filter((l, j): l is Tensor => l !== null && c.grads[j] !== null);
  const gs = autograd.grad(loss!, diff, { createGraph: true });
  let total: Tensor | null = null;
  let k = 0;
  leaves.forEach((l, j) => {
    if (!l || c.grads[j] === null) return;
    const g = gs[k++]!;
    const shape = l.shape.slice();
    expectTensorClose(g, { values: c.grads[j]!, shape, dtype: l.dtype }, `grad of input ${j}`);
    if (!g.requiresGrad) return; // a gradient constant in the inputs (a linear op): its part is 0
    const term = g.mul(fromFixture({ values: c.u[j]!, shape, dtype: l.dtype })).sum();
    total = total === null ? term : (total as Tensor).add(term);
  });
  const g2 = total === null ? diff.map(() => null) : autograd.grad(total, diff, { allowUnused: true });
  k = 0;
  leaves.forEach((l, j) => {
    if (!l || c.grads[j] === null) return;
    const shape = l.shape.slice();
    const got = g2[k++] ?? l.detach().mul(0);
    expectTensorClose(got, { values: c.grad2[j]!, shape, dtype: l.dtype }, `second-order grad of input ${j}`);
  });
}

/** Runs a float64 `gradgradcheck` of the case's op at the case's own inputs (float outputs only). */
export function gradgradcheckOpCase(c: OpCase, fn: OpFn | OpTable): boolean {
  const [f, inputs] = asChecked(c, fn);
  return gradgradcheck(f, inputs);
}

/** What `gradcheckModule` needs of an nn Module (structural, so the kit does not depend on nn). */
export interface GradcheckableModule {
  double(): unknown;
  parameters(): Iterable<Tensor>;
  call(x: Tensor): Tensor;
}

/**
 * Float64 gradcheck of a module over its input and all its parameters: converts the module with
 * `double()`, then checks d(output)/d(input) and d(output)/d(each parameter).
 */
export function gradcheckModule(
  module: GradcheckableModule,
  input: Tensor,
  options: Parameters<typeof gradcheck>[2] = {},
): boolean {
  module.double();
  const params = [...module.parameters()];
  return gradcheck((x) => module.call(x), [input, ...params], options);
}

/** One test per case, named after it, run by `checkOpCase(case, fn)`: an op's PyTorch table. */
export function itChecksCases(cases: readonly OpCase[], fn: OpFn | OpTable): void {
  for (const c of cases) it(c.name, () => checkOpCase(c, fn));
}

/** One test per case tagged "gradcheck": a float64 gradcheck of the op at the case's own inputs. */
export function itGradchecksCases(cases: readonly OpCase[], fn: OpFn | OpTable): void {
  for (const c of tagged(cases, "gradcheck")) it(c.name, () => expect(gradcheckOpCase(c, fn)).toBe(true));
}

/** An op family's fixture table, as `describeOpTable` runs it. */
export interface OpTableSpec<C extends OpCase> {
  /** The block's title, e.g. "views match PyTorch (core_ops.json)". */
  title: string;
  cases: readonly C[];
  /** Ops the fixture must have cases for, so that a generator which drops one fails here. */
  covers: readonly string[];
  /** The coverage test's title; "covers every op" unless given. */
  coversTitle?: string;
  /** Runs one case: `checkOpCase` against a table, or a check of the test file's own. */
  check: OpTable | ((c: C) => void);
  /** Also a float64 gradcheck of each case tagged "gradcheck", under this title, with `ops`. */
  gradcheck?: { title: string; ops: OpTable };
}

/** A fixture table's tests: that it covers `covers`, one test per case, then its gradchecks. */
export function describeOpTable<C extends OpCase>(spec: OpTableSpec<C>): void {
  const { check } = spec;
  const run = typeof check === "function" ? check : (c: C) => void checkOpCase(c, check);
  describe(spec.title, () => {
    it(spec.coversTitle ?? "covers every op", () => {
      const ops = new Set(spec.cases.map((c) => c.op));
      for (const op of spec.covers) expect(ops.has(op), op).toBe(true);
    });
    for (const c of spec.cases) it(c.name, () => run(c));
  });
  const g = spec.gradcheck;
  if (g) describe(g.title, () => itGradchecksCases(spec.cases, g.ops));
}

/** A function to gradcheck, by name: `["sum all", (x) => x.sum()]`. */
export type NamedFn = readonly [string, (x: Tensor) => Tensor | Tensor[]];

/** One float64 gradcheck per function, at an input drawn by `input()` after `manualSeed(seed)`. */
export function itGradchecksFns(fns: readonly NamedFn[], seed: number, input: () => Tensor): void {
  for (const [name, fn] of fns) {
    it(name, () => {
      manualSeed(seed);
      expect(gradcheck(fn, [input()])).toBe(true);
    });
  }
}

/** Each `[op, call]` throws an Error containing `msg` and naming its op (`"sum()"`). */
export function expectEachThrows(calls: readonly (readonly [string, () => unknown])[], msg: string): void {
  for (const [op, f] of calls) {
    expect(f, op).toThrow(msg);
    expect(f, op).toThrow(`${op}()`);
  }
}
