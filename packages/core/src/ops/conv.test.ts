import { fixtureErrors, type OpCase, type Operand, type OpTable, tagged } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { describeTensorOps, loadFixture } from "../../test/op-table.js";
import { setKernels } from "../kernels/index.js";
import {
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  fold,
  gradcheck,
  manualSeed,
  randn,
  type Tensor,
  unfold,
  zeros,
} from "../index.js";

// ---- PyTorch cases (tools/fixtures/gen_conv.py): values, grad_fn and gradients w.r.t. input,
// weight and bias, float32 and float64; the float64 rows are also gradchecked. -------------------

const T = (x: Operand): Tensor => x as Tensor;
/** The op's keyword options from a case's params (the generator's names). */
const convOpts = (p: Record<string, any>) => {
  const { bias: _bias, ...rest } = p;
  return rest;
};
const bias = (i: Operand[], p: Record<string, any>) => (p.bias ? T(i[2]!) : null);

const OPS: OpTable = {
  conv1d: (i, p) => conv1d(T(i[0]!), T(i[1]!), bias(i, p), convOpts(p)),
  conv2d: (i, p) => conv2d(T(i[0]!), T(i[1]!), bias(i, p), convOpts(p)),
  conv_transpose1d: (i, p) => convTranspose1d(T(i[0]!), T(i[1]!), bias(i, p), convOpts(p)),
  conv_transpose2d: (i, p) => convTranspose2d(T(i[0]!), T(i[1]!), bias(i, p), convOpts(p)),
  unfold: (i, { kernelSize, ...o }) => unfold(T(i[0]!), kernelSize, o),
  fold: (i, { outputSize, kernelSize, ...o }) => fold(T(i[0]!), outputSize, kernelSize, o),
};

const FIX = loadFixture<{ cases: OpCase[]; errors: { name: string; message: string }[] }>("conv");
const err = fixtureErrors(FIX.errors);

describeTensorOps(
  "convolution, unfold and fold match PyTorch (conv.json)",
  FIX.cases,
  OPS,
  "convolution, unfold and fold: float64 gradchecks at the PyTorch cases",
);

describe("the fixture covers the configurations", () => {
  const names = FIX.cases.map((c) => c.name).join("\n");
  it.each([
    "stride 2",
    "dilation",
    "groups 2",
    "depthwise",
    "padding same even kernel",
    "padding valid",
    "unbatched",
    "output_padding",
    "transposed input",
  ])("%s", (what) => expect(names).toContain(what));
  it("both float dtypes, every float64 row gradchecked", () => {
    const f64 = FIX.cases.filter((c) => c.name.endsWith("float64"));
    expect(f64.length * 2).toBe(FIX.cases.length);
    expect(tagged(FIX.cases, "gradcheck").length).toBe(f64.length);
  });
});

// ---- beyond the fixture -------------------------------------------------------------------------

describe("convolution goes through the matmul kernel", () => {
  it("forward and backward of conv2d and convTranspose2d call kernels.matmul", () => {
    let calls = 0;
    const previous = setKernels({});
    const counting = setKernels({
      matmul: (...args) => {
        calls++;
        previous.matmul(...args);
      },
    });
    try {
      const x = randn([2, 3, 6, 6], { requiresGrad: true });
      const w = randn([4, 3, 3, 3], { requiresGrad: true });
      conv2d(x, w).sum().backward();
      expect(calls).toBeGreaterThanOrEqual(3 * 2); // forward, d/dinput, d/dweight, per sample
      calls = 0;
      const wt = randn([3, 2, 2, 2], { requiresGrad: true });
      convTranspose2d(x, wt).sum().backward();
      expect(calls).toBeGreaterThanOrEqual(3 * 2);
    } finally {
      setKernels(counting);
    }
  });
});

describe("unfold and fold are each other's adjoint", () => {
  it("<unfold(x), y> = <x, fold(y)> (float64)", () => {
    manualSeed(3);
    const opts = { dilation: [2, 1], padding: [1, 2], stride: [1, 2] } as const;
    const x = randn([2, 3, 7, 6], { dtype: "float64" });
    const u = unfold(x, [2, 3], opts);
    const y = randn(u.shape, { dtype: "float64" });
    const lhs = u.mul(y).sum().item();
    const rhs = x
      .mul(fold(y, [7, 6], [2, 3], opts))
      .sum()
      .item();
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-10 * Math.abs(lhs) + 1e-12);
  });

  it("conv2d equals unfold, matmul, view (float64)", () => {
    manualSeed(5);
    const x = randn([2, 3, 6, 5], { dtype: "float64" });
    const w = randn([4, 3, 3, 2], { dtype: "float64" });
    const y = conv2d(x, w, { padding: 1, stride: [1, 2] });
    const cols = unfold(x, [3, 2], { padding: 1, stride: [1, 2] });
    const z = w.reshape([4, -1]).matmul(cols).view(y.shape);
    expect(y.sub(z).abs().max().item()).toBeLessThan(1e-12);
  });
});

describe("convolution: float64 gradchecks beyond the fixture", () => {
  const f64 = (shape: number[]) => randn(shape, { dtype: "float64", requiresGrad: true });
  it("conv2d, asymmetric 'same' padding, groups and dilation at once", () => {
    manualSeed(11);
    expect(
      gradcheck(
        (x, w, b) => conv2d(x, w, b, { padding: "same", groups: 2, dilation: [1, 2] }),
        [f64([1, 4, 5, 5]), f64([2, 2, 2, 3]), f64([2])],
      ),
    ).toBe(true);
  });
  it("convTranspose1d with stride, padding and output padding", () => {
    manualSeed(12);
    expect(
      gradcheck(
        (x, w) => convTranspose1d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 }),
        [f64([2, 2, 4]), f64([2, 3, 3])],
      ),
    ).toBe(true);
  });
});

describe("convolution: shapes, names and arguments", () => {
  it("takes the options in the third place when there is no bias (F.conv2d(x, w, stride=2))", () => {
    const x = randn([1, 1, 6, 6]);
    const w = randn([2, 1, 3, 3]);
    expect(conv2d(x, w, { stride: 2 }).shape).toEqual([1, 2, 2, 2]);
    expect(conv2d(x, w, null, { stride: 2 }).tolist()).toEqual(conv2d(x, w, { stride: 2 }).tolist());
    expect(() => conv2d(x, w, { stride: 2 } as any, { padding: 1 })).toThrow(
      "conv2d(): argument 'bias' must be a Tensor or null",
    );
  });

  it("an empty batch gives an empty output and zero weight gradients", () => {
    const w = randn([2, 3, 3, 3], { requiresGrad: true });
    const y = conv2d(zeros([0, 3, 5, 5]), w);
    expect(y.shape).toEqual([0, 2, 3, 3]);
    y.sum().backward();
    expect(w.grad!.abs().sum().item()).toBe(0);
  });

  it("records PyTorch's node names (unbatched inputs end in a squeeze)", () => {
    const x = randn([1, 2, 5, 5], { requiresGrad: true });
    expect(conv2d(x, randn([3, 2, 3, 3])).gradFn!.name).toBe("ConvolutionBackward0");
    expect(conv2d(x.squeeze(0), randn([3, 2, 3, 3])).gradFn!.name).toBe("SqueezeBackward1");
    expect(unfold(x, 2).gradFn!.name).toBe("Im2ColBackward0");
    expect(fold(unfold(x, 2), [5, 5], 2).gradFn!.name).toBe("Col2ImBackward0");
  });

  const x4 = () => randn([2, 3, 5, 5]);
  const w4 = () => randn([4, 3, 3, 3]);
  it.each([
    ["conv2d input dims", () => conv2d(randn([2, 3]), w4())],
    ["conv1d input dims", () => conv1d(randn([2]), randn([4, 3, 2]))],
    ["conv_transpose2d input dims", () => convTranspose2d(randn([1, 2, 3, 4, 5]), randn([2, 1, 2, 2]))],
    ["conv2d channels", () => conv2d(randn([2, 2, 5, 5]), w4())],
    ["conv2d channels unbatched", () => conv2d(randn([2, 5, 5]), w4())],
    ["conv2d groups divide weight", () => conv2d(randn([2, 4, 5, 5]), randn([3, 2, 3, 3]), { groups: 2 })],
    ["conv2d groups above weight", () => conv2d(randn([2, 4, 5, 5]), randn([1, 1, 3, 3]), { groups: 4 })],
    ["conv2d groups 0", () => conv2d(x4(), w4(), { groups: 0 })],
    ["conv2d kernel too big", () => conv2d(randn([1, 3, 2, 2]), w4())],
    ["conv1d kernel too big", () => conv1d(randn([1, 3, 2]), randn([4, 3, 3]))],
    ["conv2d bias size", () => conv2d(x4(), w4(), randn([3]))],
    ["conv2d negative padding", () => conv2d(x4(), w4(), { padding: -1 })],
    ["conv2d stride 0", () => conv2d(x4(), w4(), { stride: 0 })],
    ["conv2d dilation 0", () => conv2d(x4(), w4(), { dilation: 0 })],
    ["conv2d stride length", () => conv2d(x4(), w4(), { stride: [1, 2, 3] })],
    ["conv2d 3-D weight", () => conv2d(x4(), randn([4, 3, 3]))],
    ["conv2d weight 2-D", () => conv2d(x4(), randn([4, 3]))],
    ["conv2d same strided", () => conv2d(x4(), w4(), { padding: "same", stride: 2 })],
    ["conv2d padding string", () => conv2d(x4(), w4(), { padding: "full" as "same" })],
    ["conv_transpose2d channels", () => convTranspose2d(x4(), randn([2, 2, 2, 2]))],
    ["conv_transpose2d bias size", () => convTranspose2d(x4(), randn([3, 2, 2, 2]), randn([3]))],
    [
      "conv_transpose2d output_padding",
      () => convTranspose2d(x4(), randn([3, 2, 2, 2]), { outputPadding: 1 }),
    ],
    [
      "conv_transpose2d negative output_padding",
      () => convTranspose2d(x4(), randn([3, 2, 2, 2]), { outputPadding: -1 }),
    ],
    ["conv_transpose2d output too small", () => convTranspose2d(x4(), randn([3, 2, 2, 2]), { padding: 4 })],
    [
      "conv_transpose1d output too small",
      () => convTranspose1d(randn([2, 3, 5]), randn([3, 2, 2]), { padding: 4 }),
    ],
    [
      "conv_transpose1d output_padding",
      () => convTranspose1d(randn([2, 3, 5]), randn([3, 2, 2]), { outputPadding: 1 }),
    ],
    ["unfold zero channels", () => unfold(zeros([1, 0, 3, 4]), 2)],
    ["unfold kernel 0", () => unfold(x4(), 0)],
    ["unfold stride 0", () => unfold(x4(), 2, { stride: 0 })],
    ["unfold dilation 0", () => unfold(x4(), 2, { dilation: 0 })],
    ["unfold negative padding", () => unfold(x4(), 2, { padding: -1 })],
    ["unfold kernel too big", () => unfold(x4(), 6)],
    ["unfold kernel_size length", () => unfold(x4(), [1, 2, 3])],
    ["fold input dims", () => fold(randn([12]), [4, 5], 2)],
    ["fold divisible", () => fold(randn([1, 7, 12]), [4, 5], 2)],
    ["fold blocks", () => fold(randn([1, 12, 11]), [4, 5], 2)],
    ["fold output size 0", () => fold(randn([1, 12, 11]), [0, 5], 2)],
    ["fold output size 0 padded", () => fold(randn([1, 4, 6]), [0, 5], 2, { padding: 1 })],
    ["fold blocks non-positive", () => fold(randn([1, 9, 1]), [1, 1], 3)],
    ["fold output_size length", () => fold(randn([1, 12, 12]), [4, 5, 6], 2)],
  ] as [string, () => unknown][])("%s: PyTorch's message", (name, call) => {
    expect(call).toThrow(err(name));
  });

  it("a 2-D input to unfold is refused with the 3-D/4-D message (PyTorch fails on a dim index)", () => {
    expect(() => unfold(randn([3, 4]), 2)).toThrow(
      "unfold(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [3, 4]",
    );
  });

  it("names the op first", () => {
    expect(() => conv2d(randn([2, 3]), randn([4, 3, 3, 3]))).toThrow(/^conv2d\(\): /);
    expect(() => convTranspose1d(randn([2]), randn([4, 3, 3]))).toThrow(/^conv_transpose1d\(\): /);
    expect(() => unfold(randn([2]), 2)).toThrow(/^unfold\(\): /);
    expect(() => fold(randn([2]), 2, 2)).toThrow(/^fold\(\): /);
  });

  it("rejects integer inputs and mixed dtypes, naming both", () => {
    const w = randn([1, 1, 2, 2]);
    expect(() => conv2d(zeros([1, 1, 3, 3], { dtype: "int32" }), w)).toThrow(
      "conv2d(): expected a floating point input, but got int32",
    );
    expect(() => conv2d(randn([1, 1, 3, 3]), w.double())).toThrow(
      "conv2d(): Input type (float32) and weight type (float64) should be the same",
    );
  });
});
