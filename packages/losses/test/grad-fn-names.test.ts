/**
 * `grad_fn` names against PyTorch 1.13 (fixtures/grad_fn_names.json, written by
 * tools/fixtures/gen_grad_fn_names.py): each loss, nn.Linear, the softmax family and every other
 * op family in the table (normalizations, functional ops, pools, convolutions, attention) report the
 * tools/fixtures/gen_grad_fn_names.py): each loss, nn.Linear, the softmax family and convolution report the
 * name PyTorch prints for the same call, whatever kernel tsgrad runs (a fused loss keeps its
 * implementation and reports PyTorch's name through `nameGradFn` or its `record` name).
 */
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  batchNorm,
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  dropout,
  embedding,
  fold,
  gelu,
  groupNorm,
  instanceNorm,
  interpolate,
  layerNorm,
  maxPool1d,
  maxPool2d,
  maxUnpool2d,
  normalize,
  ones,
  pad,
  rand,
  randint,
  randn,
  scaledDotProductAttention,
  stack,
  tensor,
  type Tensor,
  unfold,
  zeros,
} from "@tsgrad/core";
import { Conv2d, Linear, MultiheadAttention } from "@tsgrad/nn";
import { readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  klDiv,
  LabelSmoothingLoss,
  l1Loss,
  mseLoss,
  nllLoss,
  smoothL1Loss,
} from "../src/index.js";

interface NameRecord {
  fn: string;
  shape: number[];
  options: Record<string, any>;
  name: string;
}

const { records } = readJson<{ records: NameRecord[] }>(
  new URL("./fixtures/grad_fn_names.json", import.meta.url),
);

const f64 = { dtype: "float64" } as const;
const leaf = (shape: number[]): Tensor => randn(shape, { ...f64, requiresGrad: true });
const classDim = (shape: number[]): number => (shape.length > 1 ? 1 : 0);
const classTarget = (shape: number[]): Tensor =>
  randint(
    0,
    3,
    shape.filter((_, i) => i !== classDim(shape)),
  );
const unit = (shape: number[]): Tensor => rand(shape, f64);

/** The tsgrad call each record's `fn` stands for, on fresh inputs of the record's shape. */
const CALLS: Record<string, (shape: number[], o: Record<string, any>) => Tensor> = {
  nll_loss: (s, o) => nllLoss(leaf(s), classTarget(s), o),
  cross_entropy: (s, { target, ...o }) =>
    crossEntropy(leaf(s), target === "index" ? classTarget(s) : randn(s, f64).softmax(classDim(s)), o),
  mse_loss: (s, o) => mseLoss(leaf(s), unit(s), o),
  l1_loss: (s, o) => l1Loss(leaf(s), unit(s), o),
  smooth_l1_loss: (s, o) => smoothL1Loss(leaf(s), unit(s), o),
  huber_loss: (s, o) => huberLoss(leaf(s), unit(s), o),
  binary_cross_entropy: (s, o) => binaryCrossEntropy(rand(s, { ...f64, requiresGrad: true }), unit(s), o),
  binary_cross_entropy_with_logits: (s, o) => binaryCrossEntropyWithLogits(leaf(s), unit(s), o),
  kl_div: (s, o) => klDiv(leaf(s), unit(s), o),
  label_smoothing: (s, o) => new LabelSmoothingLoss(o.classes, o.smoothing).call(leaf(s), classTarget(s)),
  linear: (s, o) => new Linear(3, 2, { bias: o.bias, dtype: "float64" }).call(leaf(s)),
  log_softmax: (s, o) => leaf(s).logSoftmax(o.dim),
  softmax: (s, o) => leaf(s).softmax(o.dim),
  logsumexp: (s, o) => leaf(s).logsumexp(o.dim),
  batch_norm: (s, o) =>
    batchNorm(leaf(s), zeros([3], f64), ones([3], f64), {
      weight: leaf([3]),
      bias: leaf([3]),
      training: o.training,
    }),
  group_norm: (s, o) => groupNorm(leaf(s), o.numGroups, { weight: leaf([3]), bias: leaf([3]) }),
  layer_norm: (s, o) => layerNorm(leaf(s), o.normalizedShape),
  instance_norm: (s) => instanceNorm(leaf(s), { weight: leaf([3]), bias: leaf([3]) }),
  normalize: (s, o) => normalize(leaf(s), o),
  pad: (s, { pad: sizes, ...o }) => pad(leaf(s), sizes, o),
  embedding: (s, o) =>
    embedding(
      tensor([
        [0, 2],
        [4, 1],
      ]),
      leaf(s),
      o,
    ),
  dropout: (s, o) => dropout(leaf(s), o),
  max_pool2d: (s, { kernelSize, ...o }) => maxPool2d(leaf(s), kernelSize, { ...o, returnIndices: false }),
  max_pool1d: (s, { kernelSize, ...o }) => maxPool1d(leaf(s), kernelSize, { ...o, returnIndices: false }),
  avg_pool2d: (s, { kernelSize, ...o }) => avgPool2d(leaf(s), kernelSize, o),
  avg_pool1d: (s, { kernelSize, ...o }) => avgPool1d(leaf(s), kernelSize, o),
  adaptive_avg_pool2d: (s, o) => adaptiveAvgPool2d(leaf(s), o.outputSize),
  adaptive_avg_pool1d: (s, o) => adaptiveAvgPool1d(leaf(s), o.outputSize),
  adaptive_max_pool2d: (s, o) => adaptiveMaxPool2d(leaf(s), o.outputSize),
  max_unpool2d: (s, o) =>
    maxUnpool2d(
      leaf(s),
      tensor([
        [0, 3],
        [8, 15],
      ]).expand(s),
      o.kernelSize,
    ),
  interpolate: (s, o) => interpolate(leaf(s), o),
  scaled_dot_product_attention: (s) => scaledDotProductAttention(leaf(s), leaf(s), leaf(s)),
  multihead_attention: (s, { output, ...o }) => {
    const x = leaf(s);
    const mha = new MultiheadAttention(4, 2, { batchFirst: o.batchFirst, dtype: "float64" });
    return mha.call(x, x, x, { averageAttnWeights: o.averageAttnWeights })[output as 0 | 1]!;
  },
  conv1d: (s, o) => conv1d(leaf(s), leaf(o.weight), o.bias ? leaf([o.weight[0]]) : null),
  conv2d: (s, o) => conv2d(leaf(s), leaf(o.weight), o.bias ? leaf([o.weight[0]]) : null),
  conv_transpose1d: (s, o) => convTranspose1d(leaf(s), leaf(o.weight), o.bias ? leaf([o.weight[1]]) : null),
  conv_transpose2d: (s, o) => convTranspose2d(leaf(s), leaf(o.weight), o.bias ? leaf([o.weight[1]]) : null),
  unfold: (s, o) => unfold(leaf(s), o.kernelSize),
  fold: (s, o) => fold(leaf(s), o.outputSize, o.kernelSize),
  Conv2d: (s, o) =>
    new Conv2d(3, 2, 3, { padding: 1, paddingMode: o.paddingMode, dtype: "float64" }).call(leaf(s)),
  matmul: (s, o) => leaf(s).matmul(leaf(o.other)),
  mm: (s, o) => leaf(s).mm(leaf(o.other)),
  bmm: (s, o) => leaf(s).bmm(leaf(o.other)),
  dot: (s, o) => leaf(s).dot(leaf(o.other)),
  stack: (s, o) => stack([leaf(s), leaf(s)], o.dim),
  t: (s) => leaf(s).t(),
  reshape: (s, o) => shaped(s, o.t).reshape(o.to),
  flatten: (s, o) => shaped(s, o.t).flatten(),
  unflatten: (s, o) => shaped(s, o.t).unflatten(o.dim, o.sizes),
  select: (s, o) => leaf(s).select(o.dim, o.index),
  unbind: (s, o) => leaf(s).unbind(o.dim)[1]!,
  split: (s, o) => leaf(s).split(o.size, o.dim)[typeof o.size === "number" ? 1 : 0]!,
  chunk: (s, o) => leaf(s).chunk(o.chunks, o.dim)[0]!,
  gelu: (s, o) => gelu(leaf(s), { approximate: o.approximate }),
};

/** A float64 leaf of `shape`, or (t) the transpose of one of the reversed shape: a non-contiguous input. */
function shaped(shape: number[], t: boolean): Tensor {
  return t ? leaf(shape.slice().reverse()).t() : leaf(shape);
}

describe("grad_fn names as PyTorch 1.13 shows them", () => {
  it("the table covers every op family it lists, each call in CALLS", () => {
    expect([...new Set(records.map((r) => r.fn))].sort()).toEqual(Object.keys(CALLS).sort());
    expect(records.length).toBe(248);
  });

  for (const fn of Object.keys(CALLS)) {
    it(`${fn}: ${records.filter((r) => r.fn === fn).length} calls`, () => {
      for (const r of records.filter((k) => k.fn === fn)) {
        const out = CALLS[fn]!(r.shape, r.options);
        expect(out.gradFn?.name, `${fn} [${r.shape}] ${JSON.stringify(r.options)}`).toBe(r.name);
      }
    });
  }
});
