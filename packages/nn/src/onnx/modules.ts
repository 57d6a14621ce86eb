/**
 * The ONNX form of each layer tsgrad's exporter knows, one `registerBuiltin` per layer type,
 * mostly the nodes torch.onnx writes for the same PyTorch module (Linear → Gemm, Dropout in eval →
 * Identity, ...). Each reads the layer's settings and names those that have no ONNX form.
 */
import { cat, normalizeDim, ones, stack, type Tensor, zeros } from "@tsgrad/core";
// Layers by the package name, so that the built bundle shares nn's classes (instanceof) with the
// user's `@tsgrad/nn` instead of carrying copies.
import {
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  Dropout,
  Dropout1d,
  Dropout2d,
  ELU,
  Embedding,
  Flatten,
  GELU,
  GroupNorm,
  GRU,
  Identity,
  InstanceNorm1d,
  InstanceNorm2d,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  LSTM,
  MaxPool1d,
  MaxPool2d,
  type Module,
  MultiheadAttention,
  ReLU,
  RNN,
  type RNNBase,
  Sequential,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
  Transformer,
  TransformerDecoder,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerEncoderLayer,
  Unflatten,
} from "@tsgrad/nn";
import {
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxValue,
  onnxElemType,
  registerBuiltin,
} from "./graph.js";

/** A size given as an int or a tuple, as `nd` numbers. */
function tuple(v: number | readonly number[], nd: number): number[] {
  return typeof v === "number" ? Array(nd).fill(v) : [...v];
}

/** Checks that `x` has `rank` dims (the batched form ONNX's Conv and pools take). */
function needRank(g: OnnxGraph, m: Module, x: OnnxValue, rank: number): void {
  if (x.tensor.dim() !== rank) {
    g.unsupported(
      m,
      `ONNX needs a batched ${rank}-D input [N, C, ...], but got shape [${x.tensor._shape.join(", ")}] (add the batch dim with unsqueeze(0))`,
    );
  }
}

/**
 * Registers `exporter` for a layer's 1-D and 2-D classes (`nd` 1 and 2), called once the input is
 * checked to be batched (`needRank`, rank `nd + 2`).
 */
function registerNd<M extends Module>(
  classes: readonly [abstract new (...args: any[]) => M, abstract new (...args: any[]) => M],
  exporter: (g: OnnxGraph, m: M, x: OnnxValue, nd: 1 | 2) => string,
): void {
  classes.forEach((cls, i) => {
    const nd = i === 0 ? 1 : 2;
    registerBuiltin(cls, (g, m, [x]) => {
      needRank(g, m, x!, nd + 2);
      return exporter(g, m, x!, nd);
    });
  });
}

/** `x·Wᵀ + b` for a weight `[out, in]`: Gemm on 2-D input (as torch.onnx writes F.linear), else MatMul + Add. */
function linear(
  g: OnnxGraph,
  x: string,
  rank: number,
  w: Tensor,
  b: Tensor | null,
  names: readonly [string, string] | [] = [],
): string {
  const wName = g.param(w, names[0]);
  const bName = b === null ? null : g.param(b, names[1]);
  if (rank === 2) return g.node("Gemm", bName === null ? [x, wName] : [x, wName, bName], { transB: 1 });
  const y = g.node("MatMul", [x, g.node("Transpose", [wName], { perm: [1, 0] })]);
  return bName === null ? y : g.node("Add", [y, bName]);
}

// ---- containers and pass-throughs ---------------------------------------------------------------

registerBuiltin(Sequential, (g, m, inputs) => {
  let x = inputs[0]!;
  for (let i = 0; i < m.length; i++) x = g.module(m.at(i), [x]);
  // An empty Sequential is the identity.
  return m.length === 0 ? g.node("Identity", [x.name]) : x;
});
registerBuiltin(Identity, (g, _m, [x]) => g.node("Identity", [x!.name]));
// torch.onnx.export runs the model in eval mode, where dropout is the identity (exportOnnx does too).
for (const D of [Dropout, Dropout1d, Dropout2d]) {
  registerBuiltin(D, (g, m, [x]) => {
    if (m.training) g.unsupported(m, "dropout in training mode has no ONNX form here; call model.eval()");
    return g.node("Identity", [x!.name]);
  });
}

registerBuiltin(Flatten, (g, m, [x]) => {
  const shape = x!.tensor._shape;
  const r = shape.length;
  if (r === 0) return g.node("Reshape", [x!.name, g.ints([1])]);
  const s = normalizeDim("Flatten", m.startDim, r);
  const e = normalizeDim("Flatten", m.endDim, r);
  // Reshape's 0 copies the input's dim at the same position, so leading dims stay dynamic; dims
  // after `endDim` are written as the example's sizes.
  const target = [...Array(s).fill(0), -1, ...shape.slice(e + 1)];
  return g.node("Reshape", [x!.name, g.ints(target)]);
});

registerBuiltin(Unflatten, (g, m, [x]) => {
  const shape = x!.tensor._shape;
  const d = normalizeDim("unflatten", m.dim, shape.length);
  // As Flatten: leading dims copied (0), the split dim's sizes, trailing dims as in the example.
  const target = [...Array(d).fill(0), ...m.unflattenedSize, ...shape.slice(d + 1)];
  return g.node("Reshape", [x!.name, g.ints(target)]);
});

// ---- activations --------------------------------------------------------------------------------

registerBuiltin(ReLU, (g, _m, [x]) => g.node("Relu", [x!.name]));
registerBuiltin(Tanh, (g, _m, [x]) => g.node("Tanh", [x!.name]));
registerBuiltin(Sigmoid, (g, _m, [x]) => g.node("Sigmoid", [x!.name]));
registerBuiltin(LeakyReLU, (g, m, [x]) => g.node("LeakyRelu", [x!.name], { alpha: { f: m.negativeSlope } }));
registerBuiltin(ELU, (g, m, [x]) => g.node("Elu", [x!.name], { alpha: { f: m.alpha } }));
registerBuiltin(SiLU, (g, _m, [x]) => g.node("Mul", [x!.name, g.node("Sigmoid", [x!.name])]));
registerBuiltin(Softplus, (g, m, [x]) => {
  // ONNX's Softplus has no beta; torch.onnx writes softplus(βx)/β and, as here, drops the
  // threshold (above it PyTorch returns x, which differs from log1p(exp(x)) by < exp(-threshold)).
  if (m.beta === 1) return g.node("Softplus", [x!.name]);
  const beta = g.scalar(m.beta, x!.tensor.dtype);
  return g.node("Div", [g.node("Softplus", [g.node("Mul", [x!.name, beta])]), beta]);
});
registerBuiltin(GELU, (g, m, [x]) => gelu(g, x!, m.approximate));

/** GELU: ONNX's Gelu from opset 20, before that its formula (as torch.onnx writes it). */
function gelu(g: OnnxGraph, x: OnnxValue, approximate: "none" | "tanh"): string {
  if (g.opsetVersion >= 20) return g.node("Gelu", [x.name], { approximate });
  const dt = x.tensor.dtype;
  const half = g.node("Mul", [x.name, g.scalar(0.5, dt)]);
  let inner: string;
  if (approximate === "none") {
    inner = g.node("Erf", [g.node("Div", [x.name, g.scalar(Math.SQRT2, dt)])]);
  } else {
    const cube = g.node("Mul", [g.node("Mul", [x.name, x.name]), x.name]);
    const sum = g.node("Add", [x.name, g.node("Mul", [cube, g.scalar(0.044715, dt)])]);
    inner = g.node("Tanh", [g.node("Mul", [sum, g.scalar(Math.sqrt(2 / Math.PI), dt)])]);
  }
  return g.node("Mul", [half, g.node("Add", [inner, g.scalar(1, dt)])]);
}

registerBuiltin(Softmax, (g, m, [x]) =>
  g.node("Softmax", [x!.name], { axis: normalizeDim("Softmax", m.dim, x!.tensor.dim()) }),
);
registerBuiltin(LogSoftmax, (g, m, [x]) =>
  g.node("LogSoftmax", [x!.name], { axis: normalizeDim("LogSoftmax", m.dim, x!.tensor.dim()) }),
);

// ---- linear, embedding, normalization -----------------------------------------------------------

registerBuiltin(Linear, (g, m, [x]) => linear(g, x!.name, x!.tensor.dim(), m.weight, m.bias));

registerBuiltin(Embedding, (g, m, [x]) => {
  if (m.maxNorm !== null) {
    g.unsupported(m, `maxNorm=${m.maxNorm} renormalizes the weight in forward, which has no ONNX form`);
  }
  return g.node("Gather", [g.param(m.weight), x!.name], { axis: 0 });
});

registerBuiltin(LayerNorm, (g, m, [x]) => {
  const dt = x!.tensor.dtype;
  const scale = g.param(m.weight ?? ones(m.normalizedShape, { dtype: dt }));
  const inputs = m.bias === null ? [x!.name, scale] : [x!.name, scale, g.param(m.bias)];
  return g.node("LayerNormalization", inputs, { axis: -m.normalizedShape.length, epsilon: { f: m.eps } });
});

for (const B of [BatchNorm1d, BatchNorm2d]) {
  registerBuiltin(B, (g, m, [x]) => {
    const mean = m.getBuffer("running_mean");
    const variance = m.getBuffer("running_var");
    if (!mean || !variance) {
      return g.unsupported(
        m,
        "trackRunningStats=false normalizes with the batch's statistics even in eval mode, which has no ONNX BatchNormalization form",
      );
    }
    const dt = x!.tensor.dtype;
    const n = m.numFeatures;
    const scale = g.param(m.getParameter("weight") ?? ones([n], { dtype: dt }));
    const bias = g.param(m.getParameter("bias") ?? zeros([n], { dtype: dt }));
    return g.node("BatchNormalization", [x!.name, scale, bias, g.param(mean), g.param(variance)], {
      epsilon: { f: m.eps },
    });
  });
}

registerBuiltin(GroupNorm, (g, m, [x]) => {
  // As torch.onnx: InstanceNormalization over [N, groups, -1] (each group of each sample), the
  // input's shape back, then the per-channel affine.
  const dt = x!.tensor.dtype;
  const G = m.numGroups;
  const grouped = g.node("Reshape", [x!.name, g.ints([0, G, -1])]);
  const normed = g.node(
    "InstanceNormalization",
    [grouped, g.param(ones([G], { dtype: dt })), g.param(zeros([G], { dtype: dt }))],
    {
      epsilon: { f: m.eps },
    },
  );
  let y = g.node("Reshape", [normed, g.node("Shape", [x!.name])]);
  const perChannel = [m.numChannels, ...Array(Math.max(x!.tensor.dim() - 2, 0)).fill(1)];
  const path = g.pathOf(m) === "" ? "" : `${g.pathOf(m)}.`;
  if (m.weight !== null) y = g.node("Mul", [y, g.param(m.weight.reshape(perChannel), `${path}weight`)]);
  if (m.bias !== null) y = g.node("Add", [y, g.param(m.bias.reshape(perChannel), `${path}bias`)]);
  return y;
});

registerNd([InstanceNorm1d, InstanceNorm2d], (g, m, x) => {
  const dt = x.tensor.dtype;
  const n = m.numFeatures;
  const scale = g.param(m.getParameter("weight") ?? ones([n], { dtype: dt }));
  const bias = g.param(m.getParameter("bias") ?? zeros([n], { dtype: dt }));
  const mean = m.getBuffer("running_mean");
  const variance = m.getBuffer("running_var");
  // In eval with trackRunningStats, PyTorch normalizes with the running statistics.
  if (m.trackRunningStats && mean && variance) {
    return g.node("BatchNormalization", [x.name, scale, bias, g.param(mean), g.param(variance)], {
      epsilon: { f: m.eps },
    });
  }
  return g.node("InstanceNormalization", [x.name, scale, bias], { epsilon: { f: m.eps } });
});

// ---- convolution and pooling --------------------------------------------------------------------

// A transposed layer's padAmounts are its padding twice, [p, p] per dim, like a numeric padding's.
for (const [C, nd] of [
  [Conv1d, 1],
  [Conv2d, 2],
  [ConvTranspose1d, 1],
  [ConvTranspose2d, 2],
] as const) {
  registerBuiltin(C, (g, m, inputs) => {
    const x = inputs[0]!;
    if (m.transposed && inputs.length > 1)
      g.unsupported(m, "an outputSize argument is not supported; set outputPadding instead");
    needRank(g, m, x, nd + 2);
    if (m.paddingMode !== "zeros")
      g.unsupported(m, `paddingMode '${m.paddingMode}' is not supported (only 'zeros')`);
    const pad = (m as unknown as { padAmounts: readonly (readonly [number, number])[] }).padAmounts;
    const w = g.param(m.weight);
    return g.node(
      m.transposed ? "ConvTranspose" : "Conv",
      m.bias === null ? [x.name, w] : [x.name, w, g.param(m.bias)],
      {
        kernel_shape: [...m.kernelSize],
        strides: [...m.stride],
        pads: [...pad.map((p) => p[0]), ...pad.map((p) => p[1])],
        ...(m.transposed ? { output_padding: [...m.outputPadding] } : {}),
        dilations: [...m.dilation],
        group: m.groups,
      },
    );
  });
}

/**
 * The `pads` and `ceil_mode` of a pool. PyTorch's ceil mode drops a last window that would start
 * in the right padding, which ONNX's shape formula does not (ORT's kernels do, so its output and
 * the graph's declared shape would disagree). So ceil mode is written as floor mode with the right
 * padding grown to give PyTorch's size: exact where padded elements do not count (MaxPool, and
 * AveragePool without count_include_pad). With count_include_pad the grown padding would count, so
 * there ceil_mode stays, and a dropped window is an error.
 */
function poolPads(
  g: OnnxGraph,
  m: Module,
  x: OnnxValue,
  k: readonly number[],
  s: readonly number[],
  p: readonly number[],
  d: readonly number[],
  ceilMode: boolean,
  padCounts: boolean,
): { pads: number[]; ceil_mode: number } {
  const sizes = x.tensor._shape.slice(2);
  if (!ceilMode) return { pads: [...p, ...p], ceil_mode: 0 };
  const span = sizes.map((L, i) => L + 2 * p[i]! - d[i]! * (k[i]! - 1) - 1);
  const out = span.map((v, i) => {
    let o = Math.ceil(v / s[i]!) + 1;
    if ((o - 1) * s[i]! >= sizes[i]! + p[i]!) o -= 1;
    return o;
  });
  if (padCounts) {
    if (out.some((o, i) => o !== Math.ceil(span[i]! / s[i]!) + 1)) {
      g.unsupported(
        m,
        "ceilMode with countIncludePad drops a last window that starts in the padding here, which ONNX's AveragePool cannot say",
      );
    }
    return { pads: [...p, ...p], ceil_mode: 1 };
  }
  const extra = out.map((o, i) => Math.max(0, (o - 1) * s[i]! - span[i]!));
  return { pads: [...p, ...p.map((v, i) => v + extra[i]!)], ceil_mode: 0 };
}

registerNd([MaxPool1d, MaxPool2d], (g, m, x, nd) => {
  if (m.returnIndices)
    g.unsupported(m, "returnIndices=true is not supported (its indices are PyTorch's, not ONNX's)");
  const k = tuple(m.kernelSize, nd);
  const s = tuple(m.stride, nd);
  const d = tuple(m.dilation, nd);
  return g.node("MaxPool", [x.name], {
    kernel_shape: k,
    strides: s,
    dilations: d,
    ...poolPads(g, m, x, k, s, tuple(m.padding, nd), d, m.ceilMode, false),
  });
});

function averagePool(
  g: OnnxGraph,
  m: Module,
  x: OnnxValue,
  nd: number,
  kernel: number | readonly number[],
  stride: number | readonly number[],
  padding: number | readonly number[],
  ceilMode: boolean,
  countIncludePad: boolean,
): string {
  const k = tuple(kernel, nd);
  const s = tuple(stride, nd);
  const ones = Array(nd).fill(1);
  return g.node("AveragePool", [x.name], {
    kernel_shape: k,
    strides: s,
    ...poolPads(g, m, x, k, s, tuple(padding, nd), ones, ceilMode, countIncludePad),
    count_include_pad: countIncludePad ? 1 : 0,
  });
}

registerBuiltin(AvgPool1d, (g, m, [x]) => {
  needRank(g, m, x!, 3);
  return averagePool(g, m, x!, 1, m.kernelSize, m.stride, m.padding, m.ceilMode, m.countIncludePad);
});
registerBuiltin(AvgPool2d, (g, m, [x]) => {
  needRank(g, m, x!, 4);
  if (m.divisorOverride !== null)
    g.unsupported(m, `divisorOverride=${m.divisorOverride} has no ONNX AveragePool form`);
  return averagePool(g, m, x!, 2, m.kernelSize, m.stride, m.padding, m.ceilMode, m.countIncludePad);
});

registerBuiltin(AdaptiveAvgPool2d, (g, m, [x]) => {
  needRank(g, m, x!, 4);
  const inSize = x!.tensor._shape.slice(2);
  const out = tuple(m.outputSize as number | readonly number[], 2).map((s, i) => s ?? inSize[i]!);
  if (out.every((s) => s === 1)) return g.node("GlobalAveragePool", [x!.name]);
  // As torch.onnx: an AveragePool when the output size divides the input size, else no ONNX form.
  if (out.some((s, i) => inSize[i]! % s !== 0)) {
    g.unsupported(m, `output size [${out.join(", ")}] does not divide the input size [${inSize.join(", ")}]`);
  }
  const k = inSize.map((s, i) => s / out[i]!);
  return averagePool(g, m, x!, 2, k, k, 0, false, true);
});

// ---- attention and transformer layers -----------------------------------------------------------

/**
 * `F.multi_head_attention_forward` for self-attention without masks, on `x` `[L, N, E]` (or
 * `[N, L, E]` with batchFirst, `[L, E]` unbatched): the same steps as tsgrad's forward. Reshapes
 * use 0 (copy the dim) and -1 (infer it), so sequence and batch sizes stay dynamic.
 */
function attention(
  g: OnnxGraph,
  m: MultiheadAttention,
  x: OnnxValue,
  kv: OnnxValue,
  mask: OnnxValue | undefined,
): string {
  if (m.inProjWeight === null)
    g.unsupported(m, "separate q/k/v projection weights (kdim or vdim ≠ embedDim) are not supported");
  if (m.biasK !== null || m.addZeroAttn) g.unsupported(m, "addBiasKv and addZeroAttn are not supported");
  if (m.training && m.dropout > 0) g.unsupported(m, "attention dropout in training mode; call model.eval()");
  const E = m.embedDim;
  const hd = m.headDim;
  const dt = x.tensor.dtype;
  const rank = x.tensor.dim();
  const toSeqFirst = (v: OnnxValue): string =>
    rank === 2
      ? g.node("Unsqueeze", [v.name, g.ints([1])])
      : m.batchFirst
        ? g.node("Transpose", [v.name], { perm: [1, 0, 2] })
        : v.name;
  const seqFirst = toSeqFirst(x);
  const kvFirst = kv.name === x.name ? seqFirst : toSeqFirst(kv);
  const b = m.inProjBias;
  const at = g.pathOf(m) === "" ? "" : `${g.pathOf(m)}.`;
  const project = (i: number): string => {
    // The q, k and v rows of the packed in-projection, named after it.
    const w = m.inProjWeight!.narrow(0, i * E, E);
    const part = "qkv"[i]!;
    const y = linear(g, i === 0 ? seqFirst : kvFirst, 3, w, b === null ? null : b.narrow(0, i * E, E), [
      `${at}in_proj_weight.${part}`,
      `${at}in_proj_bias.${part}`,
    ]);
    // [L, N, E] -> [L, N·H, hd] -> [N·H, L, hd]
    return g.node("Transpose", [g.node("Reshape", [y, g.ints([0, -1, hd])])], { perm: [1, 0, 2] });
  };
  const q = g.node("Div", [project(0), g.scalar(Math.sqrt(hd), dt)]);
  const k = project(1);
  const v = project(2);
  let scores = g.node("MatMul", [q, g.node("Transpose", [k], { perm: [0, 2, 1] })]);
  if (mask !== undefined) {
    // `[L, S]` or `[N·H, L, S]`, broadcast over the scores; a bool mask (true = not allowed) is
    // made additive with -inf, a float one is added as it is (cast to the scores' dtype).
    const md = mask.tensor.dtype;
    const additive =
      md === "bool"
        ? g.node("Where", [mask.name, g.scalar(Number.NEGATIVE_INFINITY, dt), g.scalar(0, dt)])
        : md === dt
          ? mask.name
          : g.node("Cast", [mask.name], { to: onnxElemType(dt) });
    scores = g.node("Add", [additive, scores]);
  }
  const weights = g.node("Softmax", [scores], { axis: -1 });
  // [N·H, L, hd] -> [L, N·H, hd] -> [L, N, E]
  const heads = g.node("Transpose", [g.node("MatMul", [weights, v])], { perm: [1, 0, 2] });
  const merged = g.node("Reshape", [heads, g.ints([0, -1, E])]);
  const out = linear(g, merged, 3, m.outProj.weight, m.outProj.bias);
  if (rank === 2) return g.node("Squeeze", [out, g.ints([1])]);
  return m.batchFirst ? g.node("Transpose", [out], { perm: [1, 0, 2] }) : out;
}

registerBuiltin(
  MultiheadAttention,
  (g, m, inputs, { attnMask }) => {
    const [q, k, v] = inputs;
    if (g.pathOf(m) === "") {
      g.unsupported(
        m,
        "as the exported model itself: its forward returns [output, weights]; export the layer that uses it",
      );
    }
    if (k!.name !== v!.name) {
      g.unsupported(m, "only key = value is supported (self-attention, or attention over a memory)");
    }
    const name = attention(g, m, q!, k!, attnMask);
    // The same tensor objects where the values are the same: MultiheadAttention picks its packed
    // in-projection by identity, as PyTorch does.
    const kt = k!.name === q!.name ? q!.tensor : k!.tensor;
    const [tensor] = m.call(q!.tensor, kt, kt, {
      needWeights: false,
      attnMask: attnMask?.tensor ?? null,
    });
    return { name, tensor };
  },
  ["attnMask"],
);

/** A transformer layer's activation as ONNX (relu or exact gelu, its `activationReluOrGelu` flag). */
function layerActivation(
  g: OnnxGraph,
  m: TransformerEncoderLayer | TransformerDecoderLayer,
): (h: OnnxValue) => OnnxValue {
  if (m.activationReluOrGelu === 0)
    g.unsupported(m, "a custom activation function has no ONNX form; use 'relu' or 'gelu'");
  return (h) => ({
    name: m.activationReluOrGelu === 1 ? g.node("Relu", [h.name]) : gelu(g, h, "none"),
    tensor: m.activation(h.tensor),
  });
}

/** `a + b` as an ONNX Add, with its value. */
function addValues(g: OnnxGraph, a: OnnxValue, b: OnnxValue): OnnxValue {
  return { name: g.node("Add", [a.name, b.name]), tensor: a.tensor.add(b.tensor) };
}

registerBuiltin(
  TransformerEncoderLayer,
  (g, m, [src], { srcMask }) => {
    const act = layerActivation(g, m);
    const add = (a: OnnxValue, b: OnnxValue): OnnxValue => addValues(g, a, b);
    const sa = (h: OnnxValue): OnnxValue =>
      g.module(m.dropout1, [g.module(m.selfAttn, [h, h, h], { attnMask: srcMask })]);
    const ff = (h: OnnxValue): OnnxValue =>
      g.module(m.dropout2, [g.module(m.linear2, [g.module(m.dropout, [act(g.module(m.linear1, [h]))])])]);
    let x = src!;
    if (m.normFirst) {
      x = add(x, sa(g.module(m.norm1, [x])));
      return add(x, ff(g.module(m.norm2, [x])));
    }
    x = g.module(m.norm1, [add(x, sa(x))]);
    return g.module(m.norm2, [add(x, ff(x))]);
  },
  ["srcMask"],
);

registerBuiltin(
  TransformerDecoderLayer,
  (g, m, [tgt, memory], { tgtMask, memoryMask }) => {
    const act = layerActivation(g, m);
    const add = (a: OnnxValue, b: OnnxValue): OnnxValue => addValues(g, a, b);
    const sa = (h: OnnxValue): OnnxValue =>
      g.module(m.dropout1, [g.module(m.selfAttn, [h, h, h], { attnMask: tgtMask })]);
    const mha = (h: OnnxValue): OnnxValue =>
      g.module(m.dropout2, [g.module(m.multiheadAttn, [h, memory!, memory!], { attnMask: memoryMask })]);
    const ff = (h: OnnxValue): OnnxValue =>
      g.module(m.dropout3, [g.module(m.linear2, [g.module(m.dropout, [act(g.module(m.linear1, [h]))])])]);
    let x = tgt!;
    if (m.normFirst) {
      x = add(x, sa(g.module(m.norm1, [x])));
      x = add(x, mha(g.module(m.norm2, [x])));
      return add(x, ff(g.module(m.norm3, [x])));
    }
    x = g.module(m.norm1, [add(x, sa(x))]);
    x = g.module(m.norm2, [add(x, mha(x))]);
    return g.module(m.norm3, [add(x, ff(x))]);
  },
  ["tgtMask", "memoryMask"],
);

registerBuiltin(
  TransformerDecoder,
  (g, m, [tgt, memory], options) => {
    let x = tgt!;
    for (const layer of m.layers) x = g.module(layer, [x, memory!], options);
    return m.norm === null ? x : g.module(m.norm, [x]);
  },
  ["tgtMask", "memoryMask"],
);

registerBuiltin(
  Transformer,
  (g, m, [src, tgt], { srcMask, tgtMask, memoryMask }) => {
    const memory = g.module(m.encoder, [src!], { mask: srcMask });
    return g.module(m.decoder, [tgt!, memory], { tgtMask, memoryMask });
  },
  ["srcMask", "tgtMask", "memoryMask"],
);

registerBuiltin(
  TransformerEncoder,
  (g, m, [src], { mask }) => {
    let x = src!;
    for (const layer of m.layers) x = g.module(layer, [x], { srcMask: mask });
    return m.norm === null ? x : g.module(m.norm, [x]);
  },
  ["mask"],
);

// ---- recurrent layers ---------------------------------------------------------------------------

/**
 * PyTorch's gate blocks in ONNX's order: LSTM (i, f, g, o) → (i, o, f, c), GRU (r, z, n) → (z, r, h);
 * an RNN has one block.
 */
const ONNX_GATE_ORDER: Readonly<Record<string, readonly number[]>> = { LSTM: [0, 3, 1, 2], GRU: [1, 0, 2] };

/**
 * RNN, LSTM and GRU as ONNX's RNN / LSTM / GRU nodes, one per layer (ONNX's take one layer, both
 * directions): the weights restacked to ONNX's `[directions, gates·hidden, in]` with its gate
 * order, PyTorch's GRU being ONNX's `linear_before_reset=1`. Returns `[output, hN]` (LSTM `[output,
 * hN, cN]`) as the layer's forward does.
 */
function recurrent(g: OnnxGraph, m: RNNBase, inputs: readonly OnnxValue[]): OnnxValue[] {
  if (inputs.length > 1)
    g.unsupported(m, "an initial state (h0) is not supported; export it starting from zeros");
  if (m.projSize > 0) g.unsupported(m, `projSize=${m.projSize} has no ONNX LSTM form`);
  const x = inputs[0]!;
  const rank = x.tensor.dim();
  const H = m.hiddenSize;
  const dirs = m.bidirectional ? 2 : 1;
  const op = m.mode === "LSTM" ? "LSTM" : m.mode === "GRU" ? "GRU" : "RNN";
  const order = ONNX_GATE_ORDER[op] ?? [0];
  const prefix = g.pathOf(m) === "" ? "" : `${g.pathOf(m)}.`;
  const p = (name: string) => m.getParameter(name)!;
  const reorder = (t: Tensor) => cat(order.map((i) => t.narrow(0, i * H, H)));
  const suffixes = dirs === 2 ? ["", "_reverse"] : [""];
  // Sequence first, with a batch dim: ONNX's layout 0.
  let seq = x.name;
  if (rank === 2) seq = g.node("Unsqueeze", [x.name, g.ints([1])]);
  else if (m.batchFirst) seq = g.node("Transpose", [x.name], { perm: [1, 0, 2] });
  const hs: string[] = [];
  const cs: string[] = [];
  for (let l = 0; l < m.numLayers; l++) {
    const w = stack(suffixes.map((sfx) => reorder(p(`weight_ih_l${l}${sfx}`))));
    const r = stack(suffixes.map((sfx) => reorder(p(`weight_hh_l${l}${sfx}`))));
    const nodeInputs = [seq, g.param(w, `${prefix}onnx_W_l${l}`), g.param(r, `${prefix}onnx_R_l${l}`)];
    if (m.bias) {
      const b = stack(
        suffixes.map((sfx) => cat([reorder(p(`bias_ih_l${l}${sfx}`)), reorder(p(`bias_hh_l${l}${sfx}`))])),
      );
      nodeInputs.push(g.param(b, `${prefix}onnx_B_l${l}`));
    }
    const attrs: Record<string, OnnxAttribute> = {
      hidden_size: H,
      direction: dirs === 2 ? "bidirectional" : "forward",
    };
    if (op === "GRU") attrs.linear_before_reset = 1;
    if (m.mode === "RNN_RELU") attrs.activations = Array(dirs).fill("Relu");
    const [y, yh, yc] = g.nodeN(op, nodeInputs, attrs, op === "LSTM" ? 3 : 2);
    // Y [seq, dirs, batch, H] -> [seq, batch, dirs·H], PyTorch's layout of the next layer's input.
    seq = g.node("Reshape", [g.node("Transpose", [y!], { perm: [0, 2, 1, 3] }), g.ints([0, 0, -1])]);
    hs.push(yh!);
    if (yc !== undefined) cs.push(yc);
  }
  const states = [hs, ...(op === "LSTM" ? [cs] : [])].map((list) =>
    list.length === 1 ? list[0]! : g.node("Concat", list, { axis: 0 }),
  );
  const unbatch = (name: string) => (rank === 2 ? g.node("Squeeze", [name, g.ints([1])]) : name);
  const out =
    rank === 2 ? unbatch(seq) : m.batchFirst ? g.node("Transpose", [seq], { perm: [1, 0, 2] }) : seq;
  const result = m.call(x.tensor) as [Tensor, Tensor | [Tensor, Tensor]];
  const stateTensors = Array.isArray(result[1]) ? result[1] : [result[1]];
  return [
    { name: out, tensor: result[0] },
    ...states.map((name, i) => ({ name: unbatch(name), tensor: stateTensors[i]! })),
  ];
}

for (const R of [RNN, LSTM, GRU]) registerBuiltin(R, recurrent);

/**
 * Read by `exportOnnx`: a use of this file that a bundler cannot drop. A bare `import
 * "./modules.js"` could be dropped under `"sideEffects": false`, and then no layer would export.
 */
export const BUILTINS_REGISTERED = true;
