import { describe, it } from "vitest";
import {
  arbBroadcastPair,
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
  map1,
  map2,
  named,
  roundTo,
  runs,
  type Tensor,
  tolFor,
  ts,
  unbroadcast,
  where3,
} from "./prelude.js";

interface Unary {
  name: string;
  op: (x: Tensor) => Tensor;
  f: (x: number) => number;
  /** d/dx written in the same arithmetic order as tsgrad's rule, given x, y = f(x) and g. */
  vjp: (x: number, y: number, g: number) => number;
}

const UNARY: Unary[] = (
  [
    { name: "neg", op: ts.neg, f: (x) => -x, vjp: (_x, _y, g) => -g },
    { name: "exp", op: ts.exp, f: Math.exp, vjp: (_x, y, g) => g * y },
    { name: "log", op: ts.log, f: Math.log, vjp: (x, _y, g) => g / x },
    { name: "log1p", op: ts.log1p, f: Math.log1p, vjp: (x, _y, g) => g / (x + 1) },
    { name: "sqrt", op: ts.sqrt, f: Math.sqrt, vjp: (_x, y, g) => g / (y * 2) },
    { name: "tanh", op: ts.tanh, f: Math.tanh, vjp: (_x, y, g) => g * (1 - y * y) },
    { name: "sigmoid", op: ts.sigmoid, f: (x) => 1 / (1 + Math.exp(-x)), vjp: (_x, y, g) => g * y * (1 - y) },
    { name: "relu", op: ts.relu, f: (x) => (x > 0 ? x : 0), vjp: (x, _y, g) => (x > 0 ? g : 0) },
    { name: "abs", op: ts.abs, f: Math.abs, vjp: (x, _y, g) => g * Math.sign(x) },
    { name: "square", op: ts.square, f: (x) => x * x, vjp: (x, _y, g) => g * x * 2 },
    { name: "sin", op: ts.sin, f: Math.sin, vjp: (x, _y, g) => g * Math.cos(x) },
    { name: "cos", op: ts.cos, f: Math.cos, vjp: (x, _y, g) => -(g * Math.sin(x)) },
    { name: "reciprocal", op: ts.reciprocal, f: (x) => 1 / x, vjp: (_x, y, g) => -(g * (y * y)) },
    {
      name: "leakyRelu",
      op: (x) => ts.leakyRelu(x, 0.1),
      f: (x) => (x > 0 ? x : 0.1 * x),
      vjp: (x, _y, g) => (x > 0 ? g : g * 0.1),
    },
  ] as Unary[]
).map(named);

interface Binary {
  name: string;
  op: (a: Tensor, b: Tensor) => Tensor;
  f: (a: number, b: number) => number;
  /** Per-element contributions to (da, db) before un-broadcasting. */
  vjp: (a: number, b: number, g: number) => [number, number];
}

const BINARY: Binary[] = (
  [
    { name: "add", op: (a, b) => ts.add(a, b), f: (a, b) => a + b, vjp: (_a, _b, g) => [g, g] },
    {
      name: "add(alpha=-2.5)",
      op: (a, b) => ts.add(a, b, -2.5),
      f: (a, b) => a + -2.5 * b,
      vjp: (_a, _b, g) => [g, g * -2.5],
    },
    { name: "sub", op: (a, b) => ts.sub(a, b), f: (a, b) => a - b, vjp: (_a, _b, g) => [g, -g] },
    {
      name: "sub(alpha=3)",
      op: (a, b) => ts.sub(a, b, 3),
      f: (a, b) => a + -3 * b,
      vjp: (_a, _b, g) => [g, g * -3],
    },
    { name: "mul", op: ts.mul, f: (a, b) => a * b, vjp: (a, b, g) => [g * b, g * a] },
    { name: "div", op: ts.div, f: (a, b) => a / b, vjp: (a, b, g) => [g / b, -((g * a) / (b * b))] },
    {
      name: "maximum",
      op: ts.maximum,
      f: (a, b) => (a > b ? a : b),
      vjp: (a, b, g) => (a === b ? [g * 0.5, g * 0.5] : a > b ? [g, 0] : [0, g]),
    },
    {
      name: "minimum",
      op: ts.minimum,
      f: (a, b) => (a < b ? a : b),
      vjp: (a, b, g) => (a === b ? [g * 0.5, g * 0.5] : a < b ? [g, 0] : [0, g]),
    },
  ] as Binary[]
).map(named);

describe("property: unary elementwise ops vs naive reference", () => {
  const arb = fc.record({
    op: fc.constantFrom(...UNARY),
    x: arbShape().chain((s) => arbInput(s)),
    dtype: fc.constantFrom(...DTYPES),
    seed: fc.integer(),
  });

  it("forward (float64 and float32) and gradient (float64), on strided views", () => {
    fc.assert(
      fc.property(arb, ({ op, x, dtype, seed }) => {
        const label = `${op.name}(x) ${dtype}, x = ${x}`;
        const xr = roundTo(dtype, x.nd);
        const expected = roundTo(dtype, map1(xr, op.f));
        const requiresGrad = dtype === "float64";
        const bx = build(x, dtype, requiresGrad);
        const out = op.op(bx.view);
        expectNd(`${label}: forward`, out, expected, tolFor(dtype));
        if (!requiresGrad) return;
        const g = backwardUpstream(out, seed, dtype);
        const gx = { shape: x.shape, data: x.values.map((v, k) => op.vjp(v, expected.data[k]!, g.data[k]!)) };
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx);
      }),
      runs(300),
    );
  });
});

describe("property: binary elementwise ops with broadcasting vs naive reference", () => {
  const arb = fc.record({
    op: fc.constantFrom(...BINARY),
    ab: arbBroadcastPair().chain(([sa, sb]) => fc.tuple(arbInput(sa), arbInput(sb))),
    dtype: fc.constantFrom(...DTYPES),
    seed: fc.integer(),
  });

  it("forward and gradients (each input summed back over its broadcast dims)", () => {
    fc.assert(
      fc.property(arb, ({ op, ab: [a, b], dtype, seed }) => {
        const label = `${op.name}(a, b) ${dtype}, a = ${a}, b = ${b}`;
        const [ar, br] = [roundTo(dtype, a.nd), roundTo(dtype, b.nd)];
        const expected = roundTo(dtype, map2(ar, br, op.f));
        const requiresGrad = dtype === "float64";
        const [ba, bb] = [build(a, dtype, requiresGrad), build(b, dtype, requiresGrad)];
        const out = op.op(ba.view, bb.view);
        expectNd(`${label}: forward`, out, expected, tolFor(dtype));
        if (!requiresGrad) return;
        const g = backwardUpstream(out, seed, dtype);
        const dA: number[] = [];
        const dB: number[] = [];
        // Per-output-element contributions, computed on the operands broadcast to g's shape.
        const aB = map2(ar, g, (x) => x);
        const bB = map2(br, g, (x) => x);
        for (let k = 0; k < g.data.length; k++) {
          const [da, db] = op.vjp(aB.data[k]!, bB.data[k]!, g.data[k]!);
          dA.push(da);
          dB.push(db);
        }
        const scale = magnitude(g) * Math.max(1, magnitude(ar, br));
        expectInputGrad(
          `${label}, g = ${fmtNd(g)}: grad of a`,
          a,
          ba,
          unbroadcast({ shape: g.shape, data: dA }, a.shape),
          scale,
        );
        expectInputGrad(
          `${label}, g = ${fmtNd(g)}: grad of b`,
          b,
          bb,
          unbroadcast({ shape: g.shape, data: dB }, b.shape),
          scale,
        );
      }),
      runs(300),
    );
  });

  it("a tensor with a plain number operand: forward and gradient", () => {
    const arbS = fc.record({
      op: fc.constantFrom(...BINARY),
      x: arbShape().chain((s) => arbInput(s)),
      s: fc.constantFrom(0.5, -2, 3, 0),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(arbS, ({ op, x, s, seed }) => {
        const label = `${op.name}(x, ${s}) float64, x = ${x}`;
        const bx = build(x, "float64", true);
        const out = op.op(bx.view, s as unknown as Tensor);
        const sNd = { shape: [], data: [s] };
        expectNd(`${label}: forward`, out, map2(x.nd, sNd, op.f), tolFor("float64"));
        const g = backwardUpstream(out, seed, "float64");
        const gx = { shape: x.shape, data: x.values.map((v, k) => op.vjp(v, s, g.data[k]!)[0]) };
        expectInputGrad(`${label}, g = ${fmtNd(g)}: grad of x`, x, bx, gx);
      }),
      runs(150),
    );
  });
});

describe("property: where(cond, x, y) with three-way broadcasting", () => {
  const arb = arbShape()
    .chain((out) => fc.tuple(fc.constant(out), ...[0, 1, 2].map(() => arbShapeFrom(out))))
    .chain(([_out, sc, sx, sy]) =>
      fc.tuple(
        arbInput(sc, { value: fc.constantFrom(0, 1), junk: 1 }),
        arbInput(sx),
        arbInput(sy),
        fc.integer(),
      ),
    );

  it("selects elementwise and routes the gradient to the chosen side only", () => {
    fc.assert(
      fc.property(arb, ([c, x, y, seed]) => {
        const label = `where(cond, x, y) float64, cond = ${c}, x = ${x}, y = ${y}`;
        const bc = build(c, "bool");
        const [bx, by] = [build(x, "float64", true), build(y, "float64", true)];
        const out = ts.where(bc.view, bx.view, by.view);
        expectNd(`${label}: forward`, out, where3(c.nd, x.nd, y.nd), tolFor("float64"));
        const g = backwardUpstream(out, seed, "float64");
        const zero = { shape: [], data: [0] };
        const scale = magnitude(g);
        expectInputGrad(`${label}: grad of x`, x, bx, unbroadcast(where3(c.nd, g, zero), x.shape), scale);
        expectInputGrad(`${label}: grad of y`, y, by, unbroadcast(where3(c.nd, zero, g), y.shape), scale);
      }),
      runs(200),
    );
  });
});

function arbShapeFrom(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.map((s, i) => (ones[i] ? 1 : s)).slice(drop));
}

describe("property: binary ops reject shapes that do not broadcast", () => {
  it("throws an Error naming the op and both shapes, never a kernel crash", () => {
    const arb = fc
      .tuple(arbShape({ minRank: 1 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 2, max: 4 }))
      .filter(([s, i]) => i < s.length && s[i]! !== 1)
      .map(([s, i, extra]) => {
        const t = s.slice();
        t[i] = s[i]! + extra;
        return [s, t] as const;
      });
    fc.assert(
      fc.property(arb, fc.constantFrom(...BINARY), ([sa, sb], op) => {
        const a = ts.zeros(sa, { dtype: "float64" });
        const b = ts.zeros(sb, { dtype: "float64" });
        const opName = op.name.replace(/\(.*$/, "");
        const err = expectOpError(`${op.name}([${sa}], [${sb}])`, opName, () => op.op(a, b));
        if (
          !err.message.startsWith(`${opName}(): The size of tensor a`) ||
          !err.message.includes(`[${sa.join(", ")}]`)
        ) {
          throw new Error(`${op.name}([${sa}], [${sb}]): unclear message: ${err.message}`);
        }
      }),
      runs(100),
    );
  });
});
