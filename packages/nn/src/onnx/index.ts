/**
 * `@tsgrad/nn/onnx`: a model's forward as an ONNX file (`torch.onnx.export`). A subpath of its own
 * so that the main entry and the `<script>` build do not carry protobufjs.
 *
 * @module @tsgrad/nn/onnx
 */
import { checkOptions, noGrad, type OptionsSpec, Tensor } from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import { OnnxGraph, type OnnxValue, onnxElemType } from "./graph.js";
import { type DimMessage, encodeModel, type ValueInfoMessage } from "./proto.js";
import { BUILTINS_REGISTERED } from "./modules.js";

export {
  OnnxGraph,
  registerOnnxExporter,
  supportedModules,
  type OnnxAttribute,
  type OnnxForwardOptions,
  type OnnxModuleExporter,
  type OnnxValue,
} from "./graph.js";
export {
  decodeModel,
  type AttributeMessage,
  type DimMessage,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from "./proto.js";

/** The lowest opset `exportOnnx` writes (LayerNormalization is an ONNX op from 17 on). */
export const MIN_OPSET = 17;
/** The highest opset `exportOnnx` writes. */
export const MAX_OPSET = 21;

/**
 * The options of `exportOnnx`: `torch.onnx.export`'s `input_names`, `output_names`,
 * `dynamic_axes` and `opset_version`.
 *
 * @example
 * const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
 * const x = randn([2, 4]);
 * exportOnnx(model, x, { inputNames: ["x"], outputNames: ["y"], dynamicAxes: { x: [0], y: [0] }, opsetVersion: 18 });
 */
export interface ExportOnnxOptions {
  /** Names of the graph inputs, one per example input (default `["input"]`, `input0`, ... for several). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default `["output"]`; `output0`, ... for a forward returning several). */
  outputNames?: readonly string[];
  /**
   * Dims of inputs and outputs whose size is not fixed, by value name: `{ input: { 0: "batch" } }`,
   * or `{ input: [0] }` to name them `input_dynamic_axes_1`, ... as torch.onnx does.
   */
  dynamicAxes?: Readonly<Record<string, readonly number[] | Readonly<Record<number, string>>>>;
  /** The ONNX opset (default 17; from 17 to 21). */
  opsetVersion?: number;
}

const isStrings = (v: unknown): boolean =>
  Array.isArray(v) && v.every((s) => typeof s === "string" && s !== "");

const EXPORT_OPTIONS: OptionsSpec<ExportOnnxOptions> = {
  inputNames: { test: isStrings, expected: "an array of non-empty strings" },
  outputNames: { test: isStrings, expected: "an array of non-empty strings" },
  dynamicAxes: {
    test: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    expected: "an object mapping value names to axes",
  },
  opsetVersion: "integer",
};

/** The ONNX IR version that goes with an opset (onnx's `VERSION_TABLE`). */
function irVersionFor(opset: number): number {
  return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

/**
 * Writes `model`'s forward on `exampleInput` as an ONNX model and returns the file's bytes
 * (`torch.onnx.export(model, args, f, input_names=..., output_names=..., dynamic_axes=...,
 * opset_version=...)`). As PyTorch does, the model is exported in eval mode (dropout is the
 * identity, batch norms use their running statistics) and its train/eval flags are restored after.
 * Parameters and buffers become initializers under their state-dict names.
 *
 * The exporter knows tsgrad's layers: Sequential, Linear (Gemm, or MatMul + Add past 2-D),
 * Identity, Flatten, Unflatten, Dropout*, ReLU, LeakyReLU, Tanh, Sigmoid, GELU, SiLU, ELU, Softplus,
 * Softmax, LogSoftmax, LayerNorm, BatchNorm1d/2d, GroupNorm, InstanceNorm1d/2d, Embedding (Gather),
 * Conv1d/2d, ConvTranspose1d/2d, MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool2d,
 * the transformer layers (TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer,
 * TransformerDecoder, Transformer, with their MultiheadAttention; masks as values given to
 * `g.module` by a registered exporter), and RNN, LSTM and
 * GRU (from a zero state; their `[output, hN]` / `[output, [hN, cN]]` become outputs `output0`,
 * `output1`, ...). Any other module (or a subclass that overrides `forward`) is an error naming it;
 * teach it one with `registerOnnxExporter`.
 *
 * @param model the module to export (the root of the names)
 * @param exampleInput the forward's input (or inputs): it fixes the input dtypes and the sizes of
 *   the dims not listed in `dynamicAxes`
 *
 * @example
 * import { exportOnnx } from "@tsgrad/nn/onnx";
 * const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
 * const bytes = exportOnnx(model, randn([2, 4]), { dynamicAxes: { input: { 0: "batch" }, output: { 0: "batch" } } });
 * bytes instanceof Uint8Array; // true
 */
export function exportOnnx(
  model: Module,
  exampleInput: Tensor | readonly Tensor[],
  options?: ExportOnnxOptions,
): Uint8Array {
  if (!(model instanceof Module)) {
    throw new TypeError(`exportOnnx(): expected model to be a Module, but got ${typeof model}`);
  }
  if (!BUILTINS_REGISTERED) throw new Error("exportOnnx(): the layer exporters did not load");
  const o = checkOptions("exportOnnx", options, EXPORT_OPTIONS, 3);
  const inputs = exampleInput instanceof Tensor ? [exampleInput] : exampleInput;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => t instanceof Tensor)) {
    throw new TypeError("exportOnnx(): expected exampleInput to be a Tensor or a non-empty array of Tensors");
  }
  const opset = o.opsetVersion ?? MIN_OPSET;
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new Error(
      `exportOnnx(): opsetVersion must be from ${MIN_OPSET} to ${MAX_OPSET}, but got ${opset} (LayerNormalization needs opset 17)`,
    );
  }
  const inputNames = [
    ...(o.inputNames ?? (inputs.length === 1 ? ["input"] : inputs.map((_, i) => `input${i}`))),
  ];
  if (inputNames.length !== inputs.length) {
    throw new Error(
      `exportOnnx(): option 'inputNames' has ${inputNames.length} names for ${inputs.length} example inputs`,
    );
  }
  const dynamic = o.dynamicAxes ?? {};
  // The default output names are known once the forward has run (one output, or several).
  const reserved = [
    ...inputNames,
    ...(o.outputNames ?? ["output", ...Array.from({ length: 8 }, (_, i) => `output${i}`)]),
  ];

  const training = [...model.modules()].map((m) => [m, m.training] as const);
  model.eval();
  try {
    return noGrad(() => {
      const g = new OnnxGraph(opset, model, reserved);
      const inValues: OnnxValue[] = inputs.map((t, i) => ({ name: inputNames[i]!, tensor: t }));
      const outs = g.moduleOutputs(model, inValues);
      const outputNames = [
        ...(o.outputNames ?? (outs.length === 1 ? ["output"] : outs.map((_, i) => `output${i}`))),
      ];
      if (outputNames.length !== outs.length) {
        throw new Error(
          `exportOnnx(): option 'outputNames' has ${outputNames.length} names, but the model has ${outs.length} output${outs.length === 1 ? "" : "s"}`,
        );
      }
      const names = [...inputNames, ...outputNames];
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup !== undefined)
        throw new Error(`exportOnnx(): the input and output name '${dup}' is given twice`);
      for (const key of Object.keys(dynamic)) {
        if (!names.includes(key)) {
          throw new Error(
            `exportOnnx(): option 'dynamicAxes' names '${key}', which is not an input or output (those are ${names.map((n) => `'${n}'`).join(", ")})`,
          );
        }
      }
      // Each graph output is an Identity node's output under the name asked for.
      outs.forEach((out, i) => {
        g.nodes.push({
          name: `/Identity_${outputNames[i]}`,
          opType: "Identity",
          input: [out.name],
          output: [outputNames[i]!],
          attribute: [],
        });
      });
      const info = (name: string, t: Tensor): ValueInfoMessage => ({
        name,
        type: {
          tensorType: {
            elemType: onnxElemType(t.dtype),
            shape: { dim: dims(name, t._shape, dynamic[name]) },
          },
        },
      });
      return encodeModel({
        irVersion: irVersionFor(opset),
        producerName: "tsgrad",
        producerVersion: "0.1.0",
        opsetImport: [{ domain: "", version: opset }],
        graph: {
          name: model.getName(),
          node: g.nodes,
          initializer: g.initializers,
          input: inValues.map((v) => info(v.name, v.tensor)),
          output: outs.map((v, i) => info(outputNames[i]!, v.tensor)),
        },
      });
    });
  } finally {
    for (const [m, t] of training) m.training = t;
  }
}

/** The dims of a graph input or output: the example's sizes, names for the dynamic ones. */
function dims(
  name: string,
  shape: readonly number[],
  axes: readonly number[] | Readonly<Record<number, string>> | undefined,
): DimMessage[] {
  const named = new Map<number, string>();
  if (axes !== undefined) {
    const entries: [number, string][] = Array.isArray(axes)
      ? (axes as readonly number[]).map((a, i) => [a, `${name}_dynamic_axes_${i + 1}`])
      : Object.entries(axes as Record<string, string>).map(([a, n]) => [Number(a), n]);
    for (const [a, n] of entries) {
      if (!Number.isInteger(a) || a < 0 || a >= shape.length) {
        throw new Error(
          `exportOnnx(): option 'dynamicAxes' gives axis ${a} of '${name}', which has ${shape.length} dims (shape [${shape.join(", ")}])`,
        );
      }
      if (typeof n !== "string" || n === "") {
        throw new Error(
          `exportOnnx(): option 'dynamicAxes' names axis ${a} of '${name}' with ${JSON.stringify(n)}, not a string`,
        );
      }
      named.set(a, n);
    }
  }
  return shape.map((s, i) => (named.has(i) ? { dimParam: named.get(i)! } : { dimValue: s }));
}
