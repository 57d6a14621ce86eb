import { fixtureErrors, type OpCase, type Operand, type OpTable, tagged } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { describeTensorOps, loadFixture } from "../../test/op-table.js";
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  gradcheck,
  interpolate,
  maxPool1d,
  maxPool2d,
  maxUnpool2d,
  noGrad,
  ones,
  rand,
  randn,
  type Tensor,
  tensor,
  type ValuesIndices,
  zeros,
} from "../index.js";

// ---- PyTorch cases (tools/fixtures/gen_pool.py): values, gradients and grad_fn names ------------

const FIX = loadFixture<{ cases: OpCase[]; errors: { name: string; message: string }[] }>("pool");

const T = (x: Operand): Tensor => x as Tensor;
/** A max pool's result as the cases list PyTorch's outputs: the tensor, or values then indices. */
const outs = (r: Tensor | ValuesIndices): Tensor[] => ("values" in r ? [r.values, r.indices] : [r]);

/** The ops as the cases name them; params are tsgrad's options, written by the generator. */
const POOL: OpTable = {
  max_pool2d: ([x], { kernelSize, ...o }) => outs(maxPool2d(T(x!), kernelSize, o)),
  max_pool1d: ([x], { kernelSize, ...o }) => outs(maxPool1d(T(x!), kernelSize, o)),
  avg_pool2d: ([x], { kernelSize, ...o }) => avgPool2d(T(x!), kernelSize, o),
  avg_pool1d: ([x], { kernelSize, ...o }) => avgPool1d(T(x!), kernelSize, o),
  adaptive_avg_pool2d: ([x], { outputSize }) => adaptiveAvgPool2d(T(x!), outputSize),
  adaptive_avg_pool1d: ([x], { outputSize }) => adaptiveAvgPool1d(T(x!), outputSize),
  adaptive_max_pool2d: ([x], { outputSize, ...o }) => outs(adaptiveMaxPool2d(T(x!), outputSize, o)),
  max_unpool2d: ([x, i], { kernelSize, ...o }) => maxUnpool2d(T(x!), T(i!), kernelSize, o),
  interpolate: ([x], p) => interpolate(T(x!), p),
};

describeTensorOps(
  "pooling and resampling match PyTorch (pool.json)",
  FIX.cases,
  POOL,
  "pooling and resampling: float64 gradcheck at the cases' inputs",
);

describe("pool.json covers what it should", () => {
  const names = FIX.cases.map((c) => c.name);
  const has = (re: RegExp) => names.some((n) => re.test(n));
  it("ties, NaN, unbatched inputs, views, empty batches, float32 and float64", () => {
    for (const re of [/max_pool2d ties/, /max_pool1d ties/, /adaptive_max_pool2d ties/, /nan and -inf/]) {
      expect(has(re), String(re)).toBe(true);
    }
    for (const op of ["max_pool2d", "max_pool1d", "avg_pool2d", "avg_pool1d", "adaptive_avg_pool2d"])
      expect(has(new RegExp(`^${op} unbatched`)), op).toBe(true);
    expect(has(/transposed input/)).toBe(true);
    expect(has(/empty batch/)).toBe(true);
    expect(FIX.cases.filter((c) => c.inputs[0]!.dtype === "float32").length).toBe(FIX.cases.length / 2);
  });
  it("every op has float64 gradchecks, and no max-pool case with ties is gradchecked", () => {
    const checked = tagged(FIX.cases, "gradcheck");
    for (const op of Object.keys(POOL))
      expect(
        checked.some((c) => c.op === op),
        op,
      ).toBe(true);
    expect(checked.some((c) => /ties|nan/.test(c.name))).toBe(false);
  });
  it("records PyTorch's grad_fn names, 1-D pools ending in SqueezeBackward1", () => {
    const seen = new Set(FIX.cases.map((c) => c.outputs[0]!.grad_fn));
    for (const n of [
      "MaxPool2DWithIndicesBackward0",
      "AvgPool2DBackward0",
      "AdaptiveAvgPool2DBackward0",
      "AdaptiveMaxPool2DBackward0",
      "MaxUnpool2DBackward0",
      "MeanBackward1",
      "SqueezeBackward1",
      "UpsampleNearest2DBackward1",
      "UpsampleNearest1DBackward1",
      "UpsampleNearestExact2DBackward1",
      "UpsampleBilinear2DBackward1",
      "UpsampleLinear1DBackward1",
    ])
      expect(seen.has(n), n).toBe(true);
  });
});

// ---- behaviour the table does not show -----------------------------------------------------------

describe("pooling: gradient routing, indices and shapes", () => {
  it("a tie sends the whole gradient to the first maximum in scan order", () => {
    const x = ones([1, 1, 2, 2], { dtype: "float64", requiresGrad: true }); // four equal values
    maxPool2d(x, 2).sum().backward();
    expect(x.grad!.tolist()).toEqual([
      [
        [
          [1, 0],
          [0, 0],
        ],
      ],
    ]);
    const y = tensor([[[2, 0, 2, 2]]], { dtype: "float64", requiresGrad: true });
    maxPool1d(y, 3, { stride: 1 }).sum().backward(); // windows [2 0 2], [0 2 2]
    expect(y.grad!.tolist()).toEqual([[[1, 0, 1, 0]]]);
  });

  it("indices are int32 positions in each input plane, and maxUnpool2d puts the values back", () => {
    // Positive, so that the zeros unpooling adds never win a window.
    const x = rand([2, 3, 4, 6]).add(0.1);
    const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
    expect(indices.dtype).toBe("int32");
    expect(indices.shape).toEqual([2, 3, 2, 3]);
    const flat = x.reshape([2, 3, 24]);
    expect(
      flat
        .gather(2, indices.reshape([2, 3, 6]))
        .reshape([2, 3, 2, 3])
        .tolist(),
    ).toEqual(values.tolist());
    const back = maxUnpool2d(values, indices, 2);
    expect(back.shape).toEqual([2, 3, 4, 6]);
    expect(maxPool2d(back, 2).tolist()).toEqual(values.tolist());
  });

  it("an unbatched input gives the batched result of its single sample", () => {
    const x = randn([3, 7, 6]);
    const b = x.unsqueeze(0);
    expect(maxPool2d(x, 3, { stride: 2, padding: 1 }).tolist()).toEqual(
      maxPool2d(b, 3, { stride: 2, padding: 1 }).squeeze(0).tolist(),
    );
    expect(avgPool2d(x, 2).tolist()).toEqual(avgPool2d(b, 2).squeeze(0).tolist());
    expect(adaptiveMaxPool2d(x, [2, 4]).tolist()).toEqual(adaptiveMaxPool2d(b, [2, 4]).squeeze(0).tolist());
  });

  it("a backward through sum() (an expanded gradient) matches the one through mul(ones)", () => {
    for (const f of [
      (t: Tensor) => maxPool2d(t, 2),
      (t: Tensor) => avgPool2d(t, 3, { stride: 2, padding: 1 }),
      (t: Tensor) => adaptiveAvgPool2d(t, [3, 2]),
      (t: Tensor) => interpolate(t, { scaleFactor: 2, mode: "bilinear" }),
    ]) {
      const a = randn([1, 2, 5, 5], { requiresGrad: true });
      const b = a.detach().clone().requiresGrad_(true);
      f(a).sum().backward();
      const y = f(b);
      y.mul(ones(y.shape)).sum().backward();
      expect(a.grad!.tolist()).toEqual(b.grad!.tolist());
    }
  });

  it("max_pool1d: an output of length 0 is empty without a gradient and an error with one, as in PyTorch", () => {
    expect(maxPool1d(zeros([2, 3, 4]), 5).shape).toEqual([2, 3, 0]);
    expect(noGrad(() => maxPool1d(zeros([2, 3, 4], { requiresGrad: true }), 5)).shape).toEqual([2, 3, 0]);
    expect(() => maxPool1d(zeros([2, 3, 6], { requiresGrad: true }), 7)).toThrow(
      FIX.errors.find((e) => e.name === "max_pool1d output too small with grad")!.message,
    );
  });

  it("area mode is adaptive average pooling", () => {
    const x = randn([1, 2, 9, 7]);
    expect(interpolate(x, { size: [4, 3], mode: "area" }).tolist()).toEqual(
      adaptiveAvgPool2d(x, [4, 3]).tolist(),
    );
  });

  it("gradchecks with stride, padding and dilation together (float64)", () => {
    const x = randn([1, 2, 9, 8], { dtype: "float64", requiresGrad: true });
    expect(
      gradcheck((t) => maxPool2d(t, [3, 2], { stride: [2, 1], padding: 1, dilation: [2, 1] }), [x]),
    ).toBe(true);
    expect(
      gradcheck((t) => avgPool2d(t, [3, 2], { stride: [2, 3], padding: [1, 1], ceilMode: true }), [x]),
    ).toBe(true);
    expect(
      gradcheck((t) => interpolate(t, { size: [4, 11], mode: "bilinear", alignCorners: true }), [x]),
    ).toBe(true);
  });
});

// ---- errors: PyTorch's message for each bad call (pool.json's "errors") -------------------------

const x4 = () => zeros([2, 3, 5, 5]);
const x3 = () => zeros([2, 3, 6]);
const x2 = () => zeros([3, 5]);
const pooled = () => maxPool2d(randn([2, 3, 5, 5]), 2, { returnIndices: true });
const any = (v: unknown): any => v;

/** The tsgrad call of each error the generator recorded, under the same name. */
const BAD: Record<string, () => unknown> = {
  "max_pool2d kernel_size length": () => maxPool2d(x4(), [1, 2, 3]),
  "max_pool2d stride length": () => maxPool2d(x4(), 2, { stride: [1, 2, 3] }),
  "max_pool2d padding length": () => maxPool2d(x4(), 2, { stride: 2, padding: [1, 2, 3] }),
  "max_pool2d dilation length": () => maxPool2d(x4(), 2, { stride: 2, dilation: [1, 2, 3] }),
  "max_pool2d 2-D input": () => maxPool2d(x2(), 2),
  "max_pool2d stride zero": () => maxPool2d(x4(), 2, { stride: 0 }),
  "max_pool2d negative kernel": () => maxPool2d(x4(), -1, { stride: 1 }),
  "max_pool2d negative stride": () => maxPool2d(x4(), 2, { stride: -1 }),
  "max_pool2d zero dilation": () => maxPool2d(x4(), 2, { stride: 1, dilation: 0 }),
  "max_pool2d pad too big": () => maxPool2d(x4(), 3, { stride: 1, padding: 2 }),
  "max_pool2d pad too big along W": () => maxPool2d(x4(), [3, 1], { stride: 1, padding: [0, 1] }),
  "max_pool2d negative pad": () => maxPool2d(x4(), 3, { stride: 1, padding: -1 }),
  "max_pool2d output too small": () => maxPool2d(x4(), 7),
  "max_pool2d empty channels": () => maxPool2d(zeros([2, 0, 5, 5]), 2),
  "max_pool1d 4-D input": () => maxPool1d(x4(), 2),
  "max_pool1d kernel_size length": () => maxPool1d(x3(), [2, 2]),
  "max_pool1d stride length": () => maxPool1d(x3(), 2, { stride: [2, 2] }),
  "max_pool1d zero kernel": () => maxPool1d(x3(), 0),
  "max_pool1d zero stride": () => maxPool1d(x3(), 2, { stride: 0 }),
  "max_pool1d negative padding": () => maxPool1d(x3(), 2, { stride: 1, padding: -1 }),
  "max_pool1d pad too big": () => maxPool1d(x3(), 3, { stride: 1, padding: 2 }),
  "max_pool1d zero dilation": () => maxPool1d(x3(), 2, { stride: 1, dilation: 0 }),
  "max_pool1d indices 4-D input": () => maxPool1d(x4(), 2, { returnIndices: true }),
  "max_pool1d indices kernel_size length": () => maxPool1d(x3(), [2, 2], { returnIndices: true }),
  "max_pool1d output too small with grad": () => maxPool1d(zeros([2, 3, 6], { requiresGrad: true }), 7),
  "avg_pool2d kernel_size length": () => avgPool2d(x4(), [1, 2, 3]),
  "avg_pool2d padding length": () => avgPool2d(x4(), 2, { stride: 2, padding: [1, 2, 3] }),
  "avg_pool2d divisor zero": () => avgPool2d(x4(), 2, { divisorOverride: 0 }),
  "avg_pool2d pad too big": () => avgPool2d(x4(), 3, { stride: 1, padding: 2 }),
  "avg_pool2d output too small": () => avgPool2d(x4(), 7),
  "avg_pool2d 5-D input": () => avgPool2d(zeros([1, 1, 1, 4, 4]), 2),
  "avg_pool1d 4-D input": () => avgPool1d(x4(), 2),
  "avg_pool1d kernel_size length": () => avgPool1d(x3(), [2, 2]),
  "avg_pool1d stride length": () => avgPool1d(x3(), 2, { stride: [2, 2] }),
  "avg_pool1d padding length": () => avgPool1d(x3(), 2, { stride: 2, padding: [0, 0] }),
  "adaptive_avg_pool2d 2-D input": () => adaptiveAvgPool2d(x2(), 2),
  "adaptive_avg_pool2d negative size": () => adaptiveAvgPool2d(x4(), [-1, 2]),
  "adaptive_avg_pool2d three sizes": () => adaptiveAvgPool2d(x4(), [1, 2, 3]),
  "adaptive_avg_pool2d empty height": () => adaptiveAvgPool2d(zeros([2, 3, 0, 4]), 2),
  "adaptive_avg_pool2d more sizes than dims": () => adaptiveAvgPool2d(x2(), [null, null, 2]),
  "adaptive_avg_pool1d 4-D input": () => adaptiveAvgPool1d(x4(), 2),
  "adaptive_avg_pool1d two sizes": () => adaptiveAvgPool1d(x3(), [2, 2]),
  "adaptive_avg_pool1d negative size": () => adaptiveAvgPool1d(x3(), -1),
  "adaptive_max_pool2d 2-D input": () => adaptiveMaxPool2d(x2(), 2),
  "adaptive_max_pool2d negative size": () => adaptiveMaxPool2d(x4(), [-1, 2]),
  "adaptive_max_pool2d three sizes": () => adaptiveMaxPool2d(x4(), [1, 2, 3]),
  "adaptive_max_pool2d empty height": () => adaptiveMaxPool2d(zeros([2, 3, 0, 4]), 2),
  "max_unpool2d invalid index": () =>
    maxUnpool2d(
      pooled().values,
      tensor([
        [
          [
            [0, 1],
            [2, 17],
          ],
        ],
      ]).expand([2, 3, 2, 2]),
      2,
    ),
  "max_unpool2d negative index": () => maxUnpool2d(pooled().values, tensor([-1]).expand([2, 3, 2, 2]), 2),
  "max_unpool2d output_size length": () => {
    const { values, indices } = pooled();
    return maxUnpool2d(values, indices, 2, { outputSize: [3, 5, 5] });
  },
  "max_unpool2d output_size range": () => {
    const { values, indices } = pooled();
    return maxUnpool2d(values, indices, 2, { outputSize: [7, 5] });
  },
  "max_unpool2d indices shape": () => {
    const { values, indices } = pooled();
    return maxUnpool2d(values, indices.slice(0, 0, 1), 2);
  },
  "max_unpool2d 2-D input": () => {
    const { values, indices } = pooled();
    return maxUnpool2d(values.select(0, 0).select(0, 0), indices.select(0, 0).select(0, 0), 2);
  },
  "max_unpool2d empty channels": () =>
    maxUnpool2d(zeros([2, 0, 2, 2]), zeros([2, 0, 2, 2], { dtype: "int32" }), 2),
  "interpolate size and scale_factor": () => interpolate(x4(), { size: 2, scaleFactor: 2 }),
  "interpolate neither size nor scale_factor": () => interpolate(x4()),
  "interpolate size length": () => interpolate(x4(), { size: [2] }),
  "interpolate scale_factor length": () => interpolate(x4(), { scaleFactor: [2, 1.5, 3] }),
  "interpolate align_corners with nearest": () => interpolate(x4(), { size: 2, alignCorners: true }),
  "interpolate recompute with size": () => interpolate(x4(), { size: 2, recomputeScaleFactor: true }),
  "interpolate bilinear 3-D": () => interpolate(x3(), { size: 2, mode: "bilinear" }),
  "interpolate linear 4-D": () => interpolate(x4(), { size: 2, mode: "linear" }),
  "interpolate trilinear 4-D": () => interpolate(x4(), { size: 2, mode: any("trilinear") }),
  "interpolate 2-D input": () => interpolate(x2(), { size: 2 }),
  "interpolate unknown mode": () => interpolate(x4(), { size: 2, mode: any("foo") }),
  "interpolate zero size": () => interpolate(x4(), { size: 0 }),
  "interpolate small scale 1-D": () => interpolate(x3(), { scaleFactor: 0.1 }),
  "interpolate empty channels": () => interpolate(zeros([2, 0, 4, 4]), { size: 2 }),
  "interpolate zero height": () => interpolate(zeros([2, 3, 0, 4]), { size: 2 }),
  "interpolate antialias with nearest": () => interpolate(x4(), { size: 2, antialias: true }),
};

describe("pooling and resampling: PyTorch's messages for bad arguments", () => {
  const err = fixtureErrors(FIX.errors);
  it("has a tsgrad call for every message the generator recorded, and no other", () => {
    expect(Object.keys(BAD).sort()).toEqual(FIX.errors.map((e) => e.name).sort());
  });
  for (const [name, call] of Object.entries(BAD)) {
    it(name, () => {
      expect(call).toThrow(err(name));
      expect(call).toThrow(
        new RegExp(`^${name.split(" ")[0]}\\(\\): |^max_pool2d\\(\\): |^adaptive_avg_pool2d\\(\\): `),
      );
    });
  }

  it("refuses what tsgrad does not have by name, and integer inputs", () => {
    expect(() => interpolate(x4(), { size: 2, mode: any("bicubic") })).toThrow(
      "interpolate(): mode 'bicubic' with 4-D input is not supported by tsgrad",
    );
    expect(() => interpolate(zeros([1, 1, 2, 2, 2]), { size: 3 })).toThrow(
      "interpolate(): mode 'nearest' with 5-D input is not supported by tsgrad",
    );
    expect(() => interpolate(x4(), { size: 2, mode: "bilinear", antialias: true })).toThrow(
      "interpolate(): antialias=True (mode 'bilinear') is not supported by tsgrad",
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: "int32" }), 2)).toThrow(
      "max_pool2d(): expected a floating point input, but got int32",
    );
    expect(() => interpolate(zeros([1, 1, 4, 4], { dtype: "int32" }), { size: 2 })).toThrow(
      "interpolate(): expected a floating point input, but got int32",
    );
    expect(() => interpolate(x4(), { scaleFactor: Number.POSITIVE_INFINITY })).toThrow(
      "interpolate(): value cannot be converted to type int64_t without overflow (scale_factor Infinity)",
    );
    expect(() => avgPool2d(x2(), 2)).toThrow(
      "avg_pool2d(): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[3, 5]",
    );
    expect(() => maxUnpool2d(zeros([1, 1, 2, 2]), zeros([1, 1, 2, 2]), 2)).toThrow(
      "max_unpool2d(): elements in indices should be type int32 (tsgrad's index dtype) but got: float32",
    );
  });

  it("refuses non-integer sizes and unknown options with a TypeError", () => {
    expect(() => maxPool2d(x4(), 1.5)).toThrow(TypeError);
    expect(() => maxPool2d(x4(), 1.5)).toThrow(
      "max_pool2d(): argument 'kernel_size' must be an integer, but got 1.5",
    );
    expect(() => maxPool2d(x4(), 2, any({ stride: 1.5 }))).toThrow(
      "max_pool2d(): option 'stride' must be an integer, a list of integers or null, but got a number (1.5)",
    );
    expect(() => avgPool2d(x4(), 2, any({ count_include_pad: false }))).toThrow(
      "avg_pool2d(): got an unexpected option 'count_include_pad' (did you mean 'countIncludePad'?)",
    );
    expect(() => interpolate(x4(), any({ scale_factor: 2 }))).toThrow(TypeError);
  });
});
