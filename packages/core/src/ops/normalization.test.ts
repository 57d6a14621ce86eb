import {
  describeOpTable,
  expectTensorClose,
  type FixtureTensor,
  type FixtureValue,
  fixtureErrors,
  fromFixture,
  type OpCase,
  type OpTable,
  type Operand,
} from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/op-table.js";
import {
  batchNorm,
  gradcheck,
  groupNorm,
  instanceNorm,
  layerNorm,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";

// ---- PyTorch cases (tools/fixtures/gen_norm.py) -------------------------------------------------

/**
 * The inputs of a row: x, then weight and bias if `affine`, then the running stats if `running`;
 * `affine` is the options every norm takes (weight, bias, eps).
 */
function split(ins: Operand[], p: Record<string, any>) {
  const t = ins as Tensor[];
  let k = 1;
  const weight = p.affine ? t[k++]! : null;
  const bias = p.affine ? t[k++]! : null;
  const runningMean = p.running ? t[k++]! : null;
  const runningVar = p.running ? t[k++]! : null;
  return { x: t[0]!, runningMean, runningVar, affine: { weight, bias, eps: p.eps as number | undefined } };
}

const NORM: OpTable = {
  batch_norm: (ins, p) => {
    const { x, runningMean, runningVar, affine } = split(ins, p);
    return batchNorm(x, runningMean, runningVar, { ...affine, training: p.training, momentum: p.momentum });
  },
  group_norm: (ins, p) => {
    const { x, affine } = split(ins, p);
    return groupNorm(x, p.num_groups, affine);
  },
  instance_norm: (ins, p) => {
    const { x, runningMean, runningVar, affine } = split(ins, p);
    return instanceNorm(x, {
      ...affine,
      runningMean,
      runningVar,
      useInputStats: p.use_input_stats,
      momentum: p.momentum,
    });
  },
  layer_norm: (ins, p) => {
    const { x, affine } = split(ins, p);
    return layerNorm(x, p.normalized_shape, affine);
  },
};

interface RunningStep {
  x: FixtureTensor;
  y: FixtureTensor;
  running_mean: FixtureValue[];
  running_var: FixtureValue[];
}
interface RunningCase {
  name: string;
  op: "batch_norm" | "instance_norm";
  dtype: "float32" | "float64";
  momentum: number;
  running_mean: FixtureValue[];
  running_var: FixtureValue[];
  steps: RunningStep[];
}
const FIX = loadFixture<{
  cases: OpCase[];
  running: RunningCase[];
  errors: { name: string; message: string }[];
}>("norm");

describeOpTable({
  title: "normalizations match PyTorch (norm.json): values, grad_fn, gradients",
  cases: FIX.cases,
  covers: ["batch_norm", "group_norm", "instance_norm", "layer_norm"],
  check: NORM,
  gradcheck: { title: "normalizations: float64 gradcheck at the fixture inputs", ops: NORM },
});

describe("running statistics after several training calls match PyTorch", () => {
  for (const c of FIX.running) {
    it(c.name, () => {
      const vec = (v: FixtureValue[]): Tensor =>
        fromFixture({ values: v, shape: [v.length], dtype: c.dtype });
      const rm = vec(c.running_mean);
      const rv = vec(c.running_var);
      c.steps.forEach((s, i) => {
        const x = fromFixture(s.x);
        const y =
          c.op === "batch_norm"
            ? batchNorm(x, rm, rv, { training: true, momentum: c.momentum })
            : instanceNorm(x, { runningMean: rm, runningVar: rv, momentum: c.momentum });
        expectTensorClose(y, s.y, `step ${i} output`);
        const shape = [s.running_mean.length];
        expectTensorClose(rm, { values: s.running_mean, shape, dtype: c.dtype }, `step ${i} running_mean`);
        expectTensorClose(rv, { values: s.running_var, shape, dtype: c.dtype }, `step ${i} running_var`);
      });
    });
  }

  it("eval mode leaves the running statistics alone, and so does training without them", () => {
    const rm = tensor([0.5, -1]);
    const rv = tensor([2, 0.5]);
    const before = rm.version;
    batchNorm(randn([4, 2]), rm, rv);
    instanceNorm(randn([3, 2, 4]), { runningMean: rm, runningVar: rv, useInputStats: false });
    expect(rm.tolist()).toEqual([0.5, -1]);
    expect(rv.tolist()).toEqual([2, 0.5]);
    batchNorm(randn([4, 2]), rm, rv, { training: true });
    expect(rm.version).toBeGreaterThan(before);
  });

  it("an empty batch leaves the running statistics alone and gives an empty output, as in PyTorch", () => {
    const rm = tensor([0.5, -1]);
    const rv = tensor([2, 0.5]);
    const x = zeros([0, 2], { requiresGrad: true });
    const y = batchNorm(x, rm, rv, { training: true });
    expect(y.shape).toEqual([0, 2]);
    expect(rm.tolist()).toEqual([0.5, -1]);
    expect(rv.tolist()).toEqual([2, 0.5]);
    y.sum().backward();
    expect(x.grad!.shape).toEqual([0, 2]);
  });
});

describe("normalizations: gradcheck beyond the fixture", () => {
  const f64 = { dtype: "float64", requiresGrad: true } as const;
  it("batch norm with running stats given, in both modes, over input, weight and bias", () => {
    const rm = tensor([0.1, -0.2, 0.3], { dtype: "float64" });
    const rv = tensor([0.5, 1.5, 1], { dtype: "float64" });
    for (const training of [true, false]) {
      expect(
        gradcheck(
          (x, w, b) => batchNorm(x, rm, rv, { weight: w, bias: b, training }),
          [randn([4, 3, 2], f64), randn([3], f64), randn([3], f64)],
        ),
      ).toBe(true);
    }
  });
  it("group, instance and layer norm with weight only", () => {
    expect(
      gradcheck((x, w) => groupNorm(x, 2, { weight: w }), [randn([2, 4, 3], f64), randn([4], f64)]),
    ).toBe(true);
    expect(
      gradcheck((x, w) => instanceNorm(x, { weight: w }), [randn([2, 3, 4], f64), randn([3], f64)]),
    ).toBe(true);
    expect(
      gradcheck((x, w) => layerNorm(x, [2, 3], { weight: w }), [randn([4, 2, 3], f64), randn([2, 3], f64)]),
    ).toBe(true);
  });
  it("only the parameters require grad", () => {
    const x = randn([3, 2, 2], { dtype: "float64" });
    expect(
      gradcheck(
        (w, b) => batchNorm(x, null, null, { weight: w, bias: b, training: true }),
        [randn([2], f64), randn([2], f64)],
      ),
    ).toBe(true);
    expect(
      gradcheck((w, b) => layerNorm(x, [2], { weight: w, bias: b }), [randn([2], f64), randn([2], f64)]),
    ).toBe(true);
    expect(
      gradcheck((w, b) => groupNorm(x, 1, { weight: w, bias: b }), [randn([2], f64), randn([2], f64)]),
    ).toBe(true);
  });
});

describe("normalizations: the closed forms equal the composed formulas (float64)", () => {
  it("batch norm training: (x − mean) / √(var + eps) · w + b over (N, L)", () => {
    const x = randn([5, 3, 4], { dtype: "float64", requiresGrad: true });
    const x2 = x.detach().requiresGrad_();
    const w = randn([3], { dtype: "float64" }).reshape([1, 3, 1]);
    const y = batchNorm(x, null, null, { weight: w.reshape([3]), training: true, eps: 1e-3 });
    const mean = x2.mean([0, 2], true);
    const variance = x2.sub(mean).square().mean([0, 2], true);
    const z = x2.sub(mean).div(variance.add(1e-3).sqrt()).mul(w);
    const values = (t: Tensor) => ({
      values: Array.from(t.toTypedArray()),
      shape: t.shape.slice(),
      dtype: t.dtype,
    });
    expectTensorClose(y, values(z), "forward");
    const g = randn([5, 3, 4], { dtype: "float64" });
    y.backward(g);
    z.backward(g);
    expectTensorClose(x.grad!, values(x2.grad!), "grad");
  });
});

describe("normalizations: arguments", () => {
  const err = fixtureErrors(FIX.errors);
  it("rejects bad sizes with PyTorch's messages, naming the op", () => {
    const x = randn([4, 3]);
    const c3 = ones([3]);
    const cases: [() => unknown, string, string][] = [
      [() => batchNorm(x, zeros([4]), c3), "batch_norm running_mean size", "batch_norm"],
      [() => batchNorm(x, zeros([3]), c3, { weight: ones([2]) }), "batch_norm weight size", "batch_norm"],
      [() => batchNorm(x, null, null), "batch_norm eval without running stats", "batch_norm"],
      [
        () => batchNorm(randn([1, 3]), null, null, { training: true }),
        "batch_norm one value per channel",
        "batch_norm",
      ],
      [() => groupNorm(randn([2, 6, 4]), 4), "group_norm channels not divisible", "group_norm"],
      [() => groupNorm(randn([2, 6, 4]), 3, { weight: ones([4]) }), "group_norm weight shape", "group_norm"],
      [() => instanceNorm(randn([2, 3, 1])), "instance_norm one spatial element", "instance_norm"],
      [
        () => instanceNorm(randn([2, 3, 4]), { useInputStats: false }),
        "instance_norm eval without running stats",
        "instance_norm",
      ],
      [() => layerNorm(randn([3, 5]), [10]), "layer_norm shape", "layer_norm"],
      [() => layerNorm(randn([3, 4]), [4], { weight: ones([3]) }), "layer_norm weight shape", "layer_norm"],
    ];
    for (const [call, name, op] of cases) {
      expect(call, name).toThrow(`${op}(): ${err(name)}`);
    }
  });

  it("rejects integer inputs, parameters of another dtype, and too few dims", () => {
    expect(() => batchNorm(tensor([[1, 2]]), null, null, { training: true })).toThrow(
      "batch_norm(): expected a floating point input, but got int32",
    );
    expect(() => layerNorm(randn([2, 3]), 3, { weight: ones([3], { dtype: "float64" }) })).toThrow(
      "layer_norm(): expected weight to have dtype float32 (the input's), but got float64",
    );
    expect(() => groupNorm(randn([4]), 2)).toThrow(
      "group_norm(): expected an input with at least 2 dims (N, C, *), but got shape [4]",
    );
    expect(() => batchNorm(randn([2, 3]), null, null, { momentum: null as unknown as number })).toThrow(
      "batch_norm(): option 'momentum' must be a finite number, but got null",
    );
  });

  it("names PyTorch's nodes; the running statistics get no gradient", () => {
    const x = randn([4, 3], { requiresGrad: true });
    const rm = zeros([3], { requiresGrad: true });
    const rv = ones([3]);
    const y = batchNorm(x, rm, rv, { training: true });
    expect(y.gradFn!.name).toBe("NativeBatchNormBackward0");
    y.sum().backward();
    expect(rm.grad).toBeNull();
    expect(groupNorm(x, 3).gradFn!.name).toBe("NativeGroupNormBackward0");
    expect(layerNorm(x, [3]).gradFn!.name).toBe("NativeLayerNormBackward0");
    expect(instanceNorm(x.reshape([2, 2, 3])).gradFn!.name).toBe("ViewBackward0");
  });
});
