/**
 * The bad-input catalogue of @tsgrad/nn, as data (same format as core's
 * `packages/core/test/errors-cases.ts`). `errors-catalogue.test.ts` runs every case with core's
 * `verifyErrorCase`; `tools/gen-errors-doc.ts` renders them into docs/errors.md.
 *
 * Its `nnBehaviourNotes` are inputs that look wrong but are deliberately not errors (a NaN that
 * PyTorch also returns, a warning), documented beside the errors and checked the same way.
 */
import { type Tensor, tensor, zeros } from "@tsgrad/core";
import type { BehaviourNote, ErrorCase } from "../../core/test/errors-cases.js";
import { exportOnnx } from "../src/onnx/index.js";
import {
  BatchNorm1d,
  BatchNorm2d,
  Dropout1d,
  Dropout2d,
  GroupNorm,
  InstanceNorm1d,
  InstanceNorm2d,
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingWarmRestarts,
  LinearLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  CosineAnnealingLR,
  Dropout,
  Embedding,
  GRU,
  GRUCell,
  init,
  LambdaLR,
  LayerNorm,
  Linear,
  LSTM,
  LSTMCell,
  loadSafetensors,
  Module,
  ModuleDict,
  MultiheadAttention,
  type MultiheadAttentionForwardOptions,
  Transformer,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerEncoderLayer,
  ModuleList,
  NAdam,
  clipGradNorm_,
  clipGradValue_,
  vectorToParameters,
  Parameter,
  RAdam,
  ReLU,
  RMSprop,
  RNN,
  RNNCell,
  SGD,
  saveSafetensors,
  Sequential,
  StepLR,
  BatchSampler,
  DataLoader,
  RandomSampler,
  randomSplit,
  SequentialSampler,
  TensorDataset,
  defaultCollate,
  MaxPool2d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  Upsample,
  Unflatten,
} from "../src/index.js";

import * as nn from "../src/index.js";

// `BehaviourNote` (an input that is deliberately not an error) lives beside core's `ErrorCase`.
export { type BehaviourNote, verifyBehaviourNote } from "../../core/test/errors-cases.js";

// Wrong argument types are the point of some rows: this gets them past the type checker.
const any = (v: unknown): any => v;
const leaf = (shape: number[]): Tensor => zeros(shape, { requiresGrad: true });
/** Strictly loads a Linear(2, 3)'s own state dict, changed by `edit`, back into it. */
const loadEditedStateDict = (edit: (sd: Map<string, Tensor>) => unknown): void => {
  const lin = new Linear(2, 3);
  const sd = lin.stateDict();
  edit(sd);
  lin.loadStateDict(sd);
};
/** Loads `state` into an SGD with momentum over one [2] leaf, with that optimizer's own param_groups. */
const loadSgdState = (state: Record<number, { momentum_buffer: Tensor }>): void => {
  const opt = new SGD([leaf([2])], { lr: 0.1, momentum: 0.9 });
  opt.loadStateDict({ ...opt.stateDict(), state });
};

/** A module with one buffer, `mean`. */
class WithBuffer extends Module {
  mean: Tensor = this.registerBuffer("mean", zeros([2]));
}

/** A module that forgot to implement forward. */
class Net extends Module {}

/** A module with one parameter `w` and one submodule `fc`, to register more names on. */
class Model extends Module {
  w: Parameter;
  fc: Linear;
  constructor() {
    super();
    this.w = this.registerParameter("w", new Parameter(zeros([2])));
    this.fc = this.registerModule("fc", new Linear(2, 3));
  }
  override forward(x: Tensor): Tensor {
    return this.fc.call(x.mul(this.w));
  }
}

/** safetensors bytes: the 8-byte length, the header JSON (or raw text), then `data` bytes. */
function st(header: unknown, dataBytes = 0, rawHeader?: string): Uint8Array {
  const json = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

/** Valid bytes whose declared header length is `n`. */
function withHeaderLength(n: number): Uint8Array {
  const b = saveSafetensors({ w: zeros([2]) });
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

const sgd = (): SGD => new SGD([leaf([2])], { lr: 0.1 });
const mha = (): MultiheadAttention => new MultiheadAttention(8, 2);
/** Self-attention of a [4, 3, 8] input through a fresh MultiheadAttention(8, 2). */
const selfAttend = (options: MultiheadAttentionForwardOptions): unknown => {
  const x = zeros([4, 3, 8]);
  return mha().call(x, x, x, options);
};
const smallTransformer = (): Transformer =>
  new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 });

/** A dataset of 10 samples for the data-loading rows. */
const dataset = (): TensorDataset => new TensorDataset(zeros([10, 2]));

export const nnErrorCases: ErrorCase[] = [
  // ---- Module ----------------------------------------------------------------------------------
  {
    id: "module-missing-forward",
    group: "Modules",
    doc: "calling a Module subclass that has no forward",
    code: "class Net extends Module {}; new Net().call(x)",
    call: () => new Net().call(zeros([2])),
    message: 'Module [Net] is missing the required "forward" function',
    op: "forward",
    prefix: false,
  },
  {
    id: "module-unregistered-field",
    group: "Modules",
    doc: "a class field holding a Module that was never registered (PyTorch registers on assignment)",
    code: "class Naive extends Module { fc1 = new Linear(3, 4); ... }; new Naive().parameters()",
    call: () => {
      class Naive extends Module {
        fc1 = new Linear(3, 4);
        override forward(x: Tensor): Tensor {
          return this.fc1.call(x);
        }
      }
      return [...new Naive().parameters()];
    },
    message:
      "Module [Naive]: field 'fc1' holds a Linear that is not registered, so parameters(), stateDict() and toString() would leave it out. PyTorch registers a Module on assignment; tsgrad needs this.fc1 = this.registerModule(\"fc1\", ...).",
    op: "Naive",
    prefix: false,
  },
  {
    id: "register-parameter-non-tensor",
    group: "Modules",
    doc: "registering a number as a parameter",
    code: 'm.registerParameter("p", 3)',
    call: () => new Model().registerParameter("p", any(3)),
    message:
      "registerParameter(): cannot assign 'number' object to parameter 'p' (torch.nn.Parameter or None required)",
    op: "registerParameter",
    type: "TypeError",
  },
  {
    id: "register-parameter-plain-tensor",
    group: "Modules",
    doc: "registering a plain tensor (not a Parameter) as a parameter",
    code: 'm.registerParameter("p", zeros([2]))',
    call: () => new Model().registerParameter("p", any(zeros([2]))),
    message:
      "registerParameter(): cannot assign 'Tensor(float32, [2])' object to parameter 'p' (torch.nn.Parameter or None required)",
    op: "registerParameter",
    type: "TypeError",
  },
  {
    id: "register-parameter-empty-name",
    group: "Modules",
    doc: "an empty parameter name",
    code: 'm.registerParameter("", new Parameter(zeros([2])))',
    call: () => new Model().registerParameter("", new Parameter(zeros([2]))),
    message: 'registerParameter(): parameter name can\'t be empty string ""',
    op: "registerParameter",
  },
  {
    id: "register-parameter-dotted-name",
    group: "Modules",
    doc: "a parameter name containing '.'",
    code: 'm.registerParameter("fc.w", new Parameter(zeros([2])))',
    call: () => new Model().registerParameter("fc.w", new Parameter(zeros([2]))),
    message: 'registerParameter(): parameter name can\'t contain ".", got: fc.w',
    op: "registerParameter",
  },
  {
    id: "register-parameter-name-not-string",
    group: "Modules",
    doc: "a parameter name that is not a string",
    code: "m.registerParameter(1, new Parameter(zeros([2])))",
    call: () => new Model().registerParameter(any(1), new Parameter(zeros([2]))),
    message: "registerParameter(): parameter name should be a string. Got number",
    op: "registerParameter",
    type: "TypeError",
  },
  {
    id: "register-parameter-name-taken",
    group: "Modules",
    doc: "a parameter name already used by a submodule",
    code: 'm.registerParameter("fc", new Parameter(zeros([2])))',
    call: () => new Model().registerParameter("fc", new Parameter(zeros([2]))),
    message: "registerParameter(): attribute 'fc' already exists",
    op: "registerParameter",
  },
  {
    id: "register-parameter-method-name",
    group: "Modules",
    doc: "a parameter name that shadows a Module method",
    code: 'm.registerParameter("forward", new Parameter(zeros([2])))',
    call: () => new Model().registerParameter("forward", new Parameter(zeros([2]))),
    message: "registerParameter(): attribute 'forward' already exists",
    op: "registerParameter",
  },
  {
    id: "register-buffer-non-tensor",
    group: "Modules",
    doc: "registering an array as a buffer",
    code: 'm.registerBuffer("b", [1, 2])',
    call: () => new Model().registerBuffer("b", any([1, 2])),
    message: "registerBuffer(): cannot assign 'Array' object to buffer 'b' (torch Tensor or None required)",
    op: "registerBuffer",
    type: "TypeError",
  },
  {
    id: "register-module-non-module",
    group: "Modules",
    doc: "registering something that is not a Module as a submodule",
    code: 'm.registerModule("sub", {})',
    call: () => new Model().registerModule("sub", any({})),
    message: "registerModule(): Object is not a Module subclass",
    op: "registerModule",
    type: "TypeError",
  },
  {
    id: "parameter-non-tensor",
    group: "Modules",
    doc: "a Parameter made from an array",
    code: "new Parameter([1, 2])",
    call: () => new Parameter(any([1, 2])),
    message: "Parameter(): expected a Tensor as data, got Array",
    op: "Parameter",
    type: "TypeError",
  },
  {
    id: "get-submodule-missing",
    group: "Modules",
    doc: "a submodule path that does not exist",
    code: 'new Sequential(new Linear(2, 2)).getSubmodule("0.fc")',
    call: () => new Sequential(new Linear(2, 2)).getSubmodule("0.fc"),
    message: "getSubmodule(): Linear has no attribute `fc`",
    op: "getSubmodule",
  },
  {
    id: "module-train-non-bool",
    group: "Modules",
    doc: "a training mode that is not a boolean",
    code: 'm.train("eval")',
    call: () => new Model().train(any("eval")),
    message: "train(): training mode is expected to be boolean, but got string",
    op: "train",
  },
  {
    id: "module-to-int",
    group: "Modules",
    doc: "converting a module to an integer dtype",
    code: 'm.to("int32")',
    call: () => new Model().to("int32"),
    message:
      "to(): nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32",
    op: "to",
    type: "TypeError",
  },
  {
    id: "module-to-cuda",
    group: "Modules",
    doc: "moving a module to a GPU (tsgrad runs on the CPU)",
    code: 'm.to("cuda")',
    call: () => new Model().to(any("cuda")),
    message:
      "to(): tsgrad runs on the CPU only, so device 'cuda' is not available; use \"cpu\" (or leave the device out)",
    op: "to",
  },
  {
    id: "module-to-float16",
    group: "Modules",
    doc: "a dtype tsgrad does not have (PyTorch converts to half)",
    code: 'm.to("float16")',
    call: () => new Model().to(any("float16")),
    message: "to(): unsupported dtype 'float16' (expected one of float32, float64, int32, bool)",
    op: "to",
    type: "TypeError",
  },
  {
    id: "module-named-parameters-prefix",
    group: "Modules",
    doc: "a prefix that is not a string",
    code: "m.namedParameters(0)",
    call: () => new Model().namedParameters(any(0)),
    message: "namedParameters(): argument 'prefix' must be a string, but got a number (0)",
    op: "namedParameters",
    type: "TypeError",
  },
  {
    id: "module-parameters-recurse",
    group: "Modules",
    doc: "a recurse flag that is not a boolean",
    code: 'm.parameters("yes")',
    call: () => new Model().parameters(any("yes")),
    message: "parameters(): argument 'recurse' (position 1) must be a boolean, but got a string (\"yes\")",
    op: "parameters",
    type: "TypeError",
  },
  {
    id: "module-parameters-unknown-option",
    group: "Modules",
    doc: "a misspelt keyword of namedParameters",
    code: 'm.namedParameters({ prefx: "net" })',
    call: () => new Model().namedParameters(any({ prefx: "net" })),
    message: "namedParameters(): got an unexpected option 'prefx' (did you mean 'prefix'?)",
    op: "namedParameters",
    type: "TypeError",
  },
  {
    id: "module-to-copy",
    group: "Modules",
    doc: "`copy`, which only a tensor's `to` takes (PyTorch: .to() does not accept copy argument)",
    code: "m.to({ copy: true })",
    call: () => new Model().to(any({ copy: true })),
    message: "to(): got an unexpected option 'copy' (valid options: dtype, device)",
    op: "to",
    type: "TypeError",
  },

  // ---- state dicts -----------------------------------------------------------------------------
  {
    id: "load-state-dict-missing",
    group: "Module state dicts",
    doc: "strict loading with keys missing from the state dict",
    code: 'const sd = lin.stateDict(); sd.delete("bias"); lin.loadStateDict(sd)',
    call: () => loadEditedStateDict((sd) => sd.delete("bias")),
    message: 'Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". ',
    op: "loading state_dict",
    prefix: false,
  },
  {
    id: "load-state-dict-unexpected",
    group: "Module state dicts",
    doc: "strict loading with keys the module does not have",
    code: 'const sd = lin.stateDict(); sd.set("scale", zeros([1])); lin.loadStateDict(sd)',
    call: () => loadEditedStateDict((sd) => sd.set("scale", zeros([1]))),
    message: 'Error(s) in loading state_dict for Linear:\n\tUnexpected key(s) in state_dict: "scale". ',
    op: "loading state_dict",
    prefix: false,
  },
  {
    id: "load-state-dict-size-mismatch",
    group: "Module state dicts",
    doc: "a tensor of the wrong shape (an error even when not strict)",
    code: "new Linear(2, 3).loadStateDict(new Linear(2, 4).stateDict(), { strict: false })",
    call: () => new Linear(2, 3).loadStateDict(new Linear(2, 4).stateDict(), { strict: false }),
    message:
      "Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param with shape torch.Size([4, 2]) from checkpoint, the shape in current model is torch.Size([3, 2]).\n\tsize mismatch for bias: copying a param with shape torch.Size([4]) from checkpoint, the shape in current model is torch.Size([3]).",
    op: "loading state_dict",
    prefix: false,
  },
  {
    id: "load-state-dict-non-tensor",
    group: "Module state dicts",
    doc: "a value that is not a tensor",
    code: "new Linear(1, 1).loadStateDict({ weight: [[1]], bias: zeros([1]) })",
    call: () => new Linear(1, 1).loadStateDict({ weight: any([[1]]), bias: zeros([1]) }),
    message:
      'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received Array',
    op: "loading state_dict",
    prefix: false,
  },
  {
    id: "load-state-dict-not-dict",
    group: "Module state dicts",
    doc: "something that is not a state dict",
    code: "lin.loadStateDict(null)",
    call: () => new Linear(1, 1).loadStateDict(any(null)),
    message: "loadStateDict(): Expected state_dict to be dict-like, got null.",
    op: "loadStateDict",
    type: "TypeError",
  },

  // ---- layers ----------------------------------------------------------------------------------
  {
    id: "linear-in-features",
    group: "Layers",
    doc: "an input whose last dim is not inFeatures",
    code: "new Linear(2, 5).call(zeros([4, 3]))",
    call: () => new Linear(2, 5).call(zeros([4, 3])),
    message:
      "Linear: mat1 and mat2 shapes cannot be multiplied (4x3 and 2x5): expected input of shape [*, 2] (in_features=2), but got [4, 3]",
    op: "Linear",
    prefix: false,
  },
  {
    id: "linear-scalar-input",
    group: "Layers",
    doc: "a 0-d input",
    code: "new Linear(1, 1).call(tensor(1.5))",
    call: () => new Linear(1, 1).call(tensor(1.5)),
    message: "Linear: expected an input with at least 1 dim, got a 0-d tensor",
    op: "Linear",
    prefix: false,
  },
  {
    id: "linear-dtype",
    group: "Layers",
    doc: "a float64 input to a float32 layer",
    code: 'new Linear(2, 5).call(zeros([4, 2], { dtype: "float64" }))',
    call: () => new Linear(2, 5).call(zeros([4, 2], { dtype: "float64" })),
    message:
      "Linear: expected input of dtype float32 (the weight's), but got float64 with shape [4, 2]; convert one of them (input.to(...) or module.double())",
    op: "Linear",
    prefix: false,
  },
  {
    id: "linear-array-input",
    group: "Layers",
    doc: "a JS array instead of a tensor",
    code: "new Linear(2, 3).call([[1, 2]])",
    call: () => new Linear(2, 3).call(any([[1, 2]])),
    message: "Linear: expected input to be a Tensor, but got an array",
    op: "Linear",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "activation-array-input",
    group: "Layers",
    doc: "a JS array given to an activation",
    code: "new ReLU().call([1, -1])",
    call: () => new ReLU().call(any([1, -1])),
    message: "ReLU: expected input to be a Tensor, but got an array",
    op: "ReLU",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "sequential-inner-mismatch",
    group: "Layers",
    doc: "layers whose sizes do not chain (the error comes from the layer that fails)",
    code: "new Sequential(new Linear(2, 3), new Linear(4, 1)).call(zeros([1, 2]))",
    call: () => new Sequential(new Linear(2, 3), new Linear(4, 1)).call(zeros([1, 2])),
    message:
      "Linear: mat1 and mat2 shapes cannot be multiplied (1x3 and 4x1): expected input of shape [*, 4] (in_features=4), but got [1, 3]",
    op: "Linear",
    prefix: false,
  },
  {
    id: "linear-bad-features",
    group: "Layers",
    doc: "a fractional or negative feature count",
    code: "new Linear(2.5, 3)",
    call: () => new Linear(2.5, 3),
    message: "Linear(): inFeatures must be a non-negative integer, got 2.5",
    op: "Linear",
  },
  {
    id: "dropout-p-range",
    group: "Layers",
    doc: "a dropout probability above 1",
    code: "new Dropout(1.5)",
    call: () => new Dropout(1.5),
    message: "Dropout(): dropout probability has to be between 0 and 1, but got 1.5",
    op: "Dropout",
  },
  {
    id: "dropout-p-negative",
    group: "Layers",
    doc: "a negative dropout probability",
    code: "new Dropout(-0.1)",
    call: () => new Dropout(-0.1),
    message: "Dropout(): dropout probability has to be between 0 and 1, but got -0.1",
    op: "Dropout",
  },
  {
    id: "dropout-p-nan",
    group: "Layers",
    doc: "a NaN dropout probability",
    code: "new Dropout(NaN)",
    call: () => new Dropout(Number.NaN),
    message: "Dropout(): dropout probability has to be between 0 and 1, but got NaN",
    op: "Dropout",
  },
  {
    id: "dropout-int-input",
    group: "Layers",
    doc: "dropout on an integer tensor in training mode",
    code: "new Dropout(0.5).call(tensor([1, 2]))",
    call: () => new Dropout(0.5).call(tensor([1, 2])),
    message: "Dropout: expected a floating point input, got int32",
    op: "Dropout",
    prefix: false,
  },
  {
    id: "layer-norm-shape",
    group: "Layers",
    doc: "an input whose trailing dims are not normalizedShape",
    code: "new LayerNorm([3]).call(zeros([2, 4]))",
    call: () => new LayerNorm([3]).call(zeros([2, 4])),
    message:
      "LayerNorm: Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[2, 4]",
    op: "LayerNorm",
    prefix: false,
  },
  {
    id: "layer-norm-int",
    group: "Layers",
    doc: "an integer input",
    code: "new LayerNorm(3).call(tensor([[1, 2, 3]]))",
    call: () => new LayerNorm(3).call(tensor([[1, 2, 3]])),
    message: "LayerNorm: expected a floating point input, got int32",
    op: "LayerNorm",
    prefix: false,
  },
  {
    id: "layer-norm-too-few-dims",
    group: "Layers",
    doc: "an input with fewer dims than normalizedShape",
    code: "new LayerNorm([2, 3]).call(zeros([3]))",
    call: () => new LayerNorm([2, 3]).call(zeros([3])),
    message:
      "LayerNorm: Given normalized_shape=[2, 3], expected input with shape [*, 2, 3], but got input of size[3]",
    op: "LayerNorm",
    prefix: false,
  },
  {
    id: "layer-norm-empty-shape",
    group: "Layers",
    doc: "an empty normalizedShape",
    code: "new LayerNorm([])",
    call: () => new LayerNorm([]),
    message:
      "LayerNorm(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []",
    op: "LayerNorm",
  },
  {
    id: "layer-norm-negative-shape",
    group: "Layers",
    doc: "a negative size in normalizedShape",
    code: "new LayerNorm(-4)",
    call: () => new LayerNorm(-4),
    message: "LayerNorm(): normalized_shape must hold non-negative integers, but got [-4]",
    op: "LayerNorm",
  },
  {
    id: "embedding-out-of-range",
    group: "Layers",
    doc: "an index past the end of the table",
    code: "new Embedding(10, 3).call(tensor([1, 10]))",
    call: () => new Embedding(10, 3).call(tensor([1, 10])),
    message: "Embedding: index out of range in self (index 10 with num_embeddings=10)",
    op: "Embedding",
    prefix: false,
  },
  {
    id: "embedding-negative",
    group: "Layers",
    doc: "a negative index (indices never wrap)",
    code: "new Embedding(10, 3).call(tensor([-1]))",
    call: () => new Embedding(10, 3).call(tensor([-1])),
    message: "Embedding: index out of range in self (index -1 with num_embeddings=10)",
    op: "Embedding",
    prefix: false,
  },
  {
    id: "embedding-float-indices",
    group: "Layers",
    doc: "float indices",
    code: "new Embedding(10, 3).call(tensor([1.0, 2.0]).float())",
    call: () => new Embedding(10, 3).call(tensor([1, 2]).float()),
    message:
      "Embedding: Expected tensor for argument #1 'indices' to have int32 dtype (PyTorch: Long or Int), but got float32",
    op: "Embedding",
    prefix: false,
  },
  {
    id: "embedding-padding-idx",
    group: "Layers",
    doc: "a paddingIdx outside the table",
    code: "new Embedding(10, 3, { paddingIdx: 10 })",
    call: () => new Embedding(10, 3, { paddingIdx: 10 }),
    message: "Embedding(): Padding_idx must be within num_embeddings (got padding_idx=10, num_embeddings=10)",
    op: "Embedding",
  },
  {
    id: "embedding-negative-size",
    group: "Layers",
    doc: "a negative table size",
    code: "new Embedding(-1, 3)",
    call: () => new Embedding(-1, 3),
    message: "Embedding(): num_embeddings must be a non-negative integer, got -1",
    op: "Embedding",
  },

  // ---- containers ------------------------------------------------------------------------------
  {
    id: "sequential-index",
    group: "Containers",
    doc: "an index past the end",
    code: "new Sequential(new Linear(2, 2), new ReLU()).at(2)",
    call: () => new Sequential(new Linear(2, 2), new ReLU()).at(2),
    message: "Sequential.at(): index 2 is out of range (length 2)",
    op: "Sequential.at",
  },
  {
    id: "sequential-negative-index",
    group: "Containers",
    doc: "a negative index before the start",
    code: "new Sequential(new ReLU()).at(-2)",
    call: () => new Sequential(new ReLU()).at(-2),
    message: "Sequential.at(): index -2 is out of range (length 1)",
    op: "Sequential.at",
  },
  {
    id: "sequential-fractional-index",
    group: "Containers",
    doc: "a fractional index",
    code: "new Sequential(new ReLU()).at(0.5)",
    call: () => new Sequential(new ReLU()).at(0.5),
    message: "Sequential.at(): index must be an integer, got 0.5",
    op: "Sequential.at",
    type: "TypeError",
  },
  {
    id: "sequential-non-module",
    group: "Containers",
    doc: "a function (not a Module) in a Sequential",
    code: "new Sequential(new Linear(2, 2), (x) => x.relu())",
    call: () =>
      new Sequential(
        new Linear(2, 2),
        any((x: Tensor) => x.relu()),
      ),
    message: "Sequential(): function is not a Module subclass",
    op: "Sequential",
    type: "TypeError",
  },
  {
    id: "sequential-number",
    group: "Containers",
    doc: "a number where a module belongs",
    code: "new Sequential(5)",
    call: () => new Sequential(any(5)),
    message: "Sequential(): 5 is not a Module subclass",
    op: "Sequential",
    type: "TypeError",
  },
  {
    id: "sequential-array",
    group: "Containers",
    doc: "an array of modules (PyTorch takes them as arguments)",
    code: "new Sequential([new ReLU()])",
    call: () => new Sequential(any([new ReLU()])),
    message:
      "Sequential(): Array is not a Module subclass (pass the modules as arguments: new Sequential(...modules))",
    op: "Sequential",
    type: "TypeError",
  },
  {
    id: "module-list-pop-empty",
    group: "Containers",
    doc: "pop() from an empty ModuleList",
    code: "new ModuleList().pop()",
    call: () => new ModuleList().pop(),
    message: "ModuleList.pop(): index -1 is out of range (length 0)",
    op: "ModuleList.pop",
  },
  {
    id: "module-dict-missing-key",
    group: "Containers",
    doc: "a key that is not in the ModuleDict",
    code: 'new ModuleDict({ act: new ReLU() }).get("fc")',
    call: () => new ModuleDict({ act: new ReLU() }).get("fc"),
    message: "ModuleDict.get(): no module under key 'fc'",
    op: "ModuleDict.get",
  },

  // ---- init ------------------------------------------------------------------------------------
  {
    id: "init-uniform-tensor-keywords",
    group: "Initialisation",
    doc: "Tensor.uniform_'s keywords to init.uniform_ (PyTorch's are a and b)",
    code: "init.uniform_(w, { from: -1, to: 1 })",
    call: () => init.uniform_(zeros([2]), any({ from: -1, to: 1 })),
    message: "uniform_(): got an unexpected option 'from' (valid options: a, b, generator)",
    op: "uniform_",
    type: "TypeError",
  },
  {
    id: "init-fan-1d",
    group: "Initialisation",
    doc: "a fan-based init on a 1-D tensor (fan in/out need 2 dims)",
    code: "init.xavierUniform_(zeros([3]))",
    call: () => init.xavierUniform_(zeros([3])),
    message:
      "xavierUniform_(): Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape [3])",
    op: "xavierUniform_",
  },
  {
    id: "init-kaiming-0d",
    group: "Initialisation",
    doc: "kaiming init on a 0-d tensor",
    code: "init.kaimingNormal_(zeros([]))",
    call: () => init.kaimingNormal_(zeros([])),
    message:
      "kaimingNormal_(): Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape [])",
    op: "kaimingNormal_",
  },
  {
    id: "init-fans-1d",
    group: "Initialisation",
    doc: "fan in/out of a 1-D tensor",
    code: "init.calculateFanInAndFanOut(zeros([3]))",
    call: () => init.calculateFanInAndFanOut(zeros([3])),
    message:
      "calculateFanInAndFanOut(): Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape [3])",
    op: "calculateFanInAndFanOut",
  },
  {
    id: "init-kaiming-mode",
    group: "Initialisation",
    doc: "an unknown fan mode",
    code: 'init.kaimingUniform_(zeros([3, 2]), { mode: "fan_avg" })',
    call: () => init.kaimingUniform_(zeros([3, 2]), { mode: any("fan_avg") }),
    message: "kaimingUniform_(): Mode fan_avg not supported, please use one of fan_in, fan_out",
    op: "kaimingUniform_",
  },
  {
    id: "init-gain-unknown",
    group: "Initialisation",
    doc: "an unknown nonlinearity",
    code: 'init.calculateGain("swish")',
    call: () => init.calculateGain(any("swish")),
    message: "calculateGain(): Unsupported nonlinearity swish",
    op: "calculateGain",
  },
  {
    id: "init-gain-slope",
    group: "Initialisation",
    doc: "a non-finite leaky_relu slope",
    code: 'init.calculateGain("leaky_relu", NaN)',
    call: () => init.calculateGain("leaky_relu", Number.NaN),
    message: "calculateGain(): negative_slope NaN not a valid number",
    op: "calculateGain",
  },

  // ---- optimizers ------------------------------------------------------------------------------
  {
    id: "optim-step-not-closure",
    group: "Optimizers",
    doc: "a value where step's closure belongs (it would have been taken for no closure)",
    code: "opt.step(0)",
    call: () => new SGD([leaf([2])], { lr: 0.1 }).step(any(0)),
    message: "SGD.step(): closure must be a function that returns the loss, but got a number (0)",
    op: "SGD.step",
    type: "TypeError",
  },
  {
    id: "optim-empty-params",
    group: "Optimizers",
    doc: "an empty parameter list",
    code: "new SGD([], { lr: 0.1 })",
    call: () => new SGD([], { lr: 0.1 }),
    message: "SGD(): optimizer got an empty parameter list",
    op: "SGD",
  },
  {
    id: "optim-empty-generator",
    group: "Optimizers",
    doc: "parameters of a module that has none (an exhausted or empty iterator)",
    code: "new Adam(new ReLU().parameters())",
    call: () => new Adam(new ReLU().parameters()),
    message: "Adam(): optimizer got an empty parameter list",
    op: "Adam",
  },
  {
    id: "optim-single-tensor",
    group: "Optimizers",
    doc: "a single tensor instead of a list",
    code: "new SGD(w, { lr: 0.1 })",
    call: () => new SGD(any(leaf([2])), { lr: 0.1 }),
    message:
      "SGD(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "optim-not-iterable",
    group: "Optimizers",
    doc: "a module instead of its parameters",
    code: "new Adam(model)",
    call: () => new Adam(any(new Linear(2, 2))),
    message:
      "Adam(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got Linear",
    op: "Adam",
    type: "TypeError",
  },
  {
    id: "optim-non-tensor",
    group: "Optimizers",
    doc: "a number among the parameters",
    code: "new SGD([{ params: [w, 3] }], { lr: 0.1 })",
    call: () => new SGD([{ params: [leaf([2]), any(3)] }], { lr: 0.1 }),
    message:
      "SGD(): optimizer can only optimize Tensors, but one of the params is number (param 1 of group 0)",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "optim-non-leaf",
    group: "Optimizers",
    doc: "a computed (non-leaf) tensor",
    code: "new SGD([w.mul(2)], { lr: 0.1 })",
    call: () => new SGD([leaf([2]).mul(2)], { lr: 0.1 }),
    message:
      "SGD(): can't optimize a non-leaf Tensor (param 0 of group 0 was computed by MulBackward0; pass the leaf tensors it was computed from)",
    op: "SGD",
  },
  {
    id: "optim-group-without-params",
    group: "Optimizers",
    doc: "a parameter group without params",
    code: "new SGD([{ lr: 0.1 }], { lr: 0.1 })",
    call: () => new SGD([any({ lr: 0.1 })], { lr: 0.1 }),
    message: "SGD(): param group 0 must be a dict with a 'params' entry, but got Object",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "optim-negative-lr",
    group: "Optimizers",
    doc: "a negative learning rate",
    code: "new SGD([w], { lr: -0.1 })",
    call: () => new SGD([leaf([2])], { lr: -0.1 }),
    message: "SGD(): Invalid learning rate: -0.1",
    op: "SGD",
  },
  {
    id: "optim-nan-lr",
    group: "Optimizers",
    doc: "a NaN learning rate",
    code: "new Adam([w], { lr: NaN })",
    call: () => new Adam([leaf([2])], { lr: Number.NaN }),
    message: "Adam(): Invalid learning rate: NaN",
    op: "Adam",
  },
  {
    id: "optim-sgd-no-lr",
    group: "Optimizers",
    doc: "SGD without a learning rate",
    code: "new SGD([w])",
    call: () => new SGD([leaf([2])]),
    message: "SGD(): parameter group didn't specify a value of required optimization parameter lr (group 0)",
    op: "SGD",
  },
  {
    id: "optim-group-negative-lr",
    group: "Optimizers",
    doc: "a negative learning rate in one parameter group",
    code: "new SGD([{ params: [w], lr: -1 }], { lr: 0.1 })",
    call: () => new SGD([{ params: [leaf([2])], lr: -1 }], { lr: 0.1 }),
    message: "SGD(): Invalid learning rate: -1",
    op: "SGD",
  },
  {
    id: "optim-negative-momentum",
    group: "Optimizers",
    doc: "a negative momentum",
    code: "new SGD([w], { lr: 0.1, momentum: -0.9 })",
    call: () => new SGD([leaf([2])], { lr: 0.1, momentum: -0.9 }),
    message: "SGD(): Invalid momentum value: -0.9",
    op: "SGD",
  },
  {
    id: "optim-nesterov-no-momentum",
    group: "Optimizers",
    doc: "Nesterov without momentum",
    code: "new SGD([w], { lr: 0.1, nesterov: true })",
    call: () => new SGD([leaf([2])], { lr: 0.1, nesterov: true }),
    message: "SGD(): Nesterov momentum requires a momentum and zero dampening (got momentum=0, dampening=0)",
    op: "SGD",
  },
  {
    id: "optim-nesterov-dampening",
    group: "Optimizers",
    doc: "Nesterov with dampening",
    code: "new SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })",
    call: () => new SGD([leaf([2])], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
    message:
      "SGD(): Nesterov momentum requires a momentum and zero dampening (got momentum=0.9, dampening=0.1)",
    op: "SGD",
  },
  {
    id: "optim-negative-weight-decay",
    group: "Optimizers",
    doc: "a negative weight decay",
    code: "new AdamW([w], { weightDecay: -0.01 })",
    call: () => new AdamW([leaf([2])], { weightDecay: -0.01 }),
    message: "AdamW(): Invalid weight_decay value: -0.01",
    op: "AdamW",
  },
  {
    id: "optim-beta-one",
    group: "Optimizers",
    doc: "a beta of 1 (the bias correction divides by 1 − βᵗ = 0)",
    code: "new Adam([w], { betas: [0.9, 1] })",
    call: () => new Adam([leaf([2])], { betas: [0.9, 1] }),
    message: "Adam(): Invalid beta parameter at index 1: 1",
    op: "Adam",
  },
  {
    id: "optim-beta-negative",
    group: "Optimizers",
    doc: "a negative beta",
    code: "new Adam([w], { betas: [-0.1, 0.999] })",
    call: () => new Adam([leaf([2])], { betas: [-0.1, 0.999] }),
    message: "Adam(): Invalid beta parameter at index 0: -0.1",
    op: "Adam",
  },
  {
    id: "optim-betas-not-pair",
    group: "Optimizers",
    doc: "betas that are not a pair",
    code: "new Adam([w], { betas: [0.9] })",
    call: () => new Adam([leaf([2])], { betas: any([0.9]) }),
    message: "Adam(): option 'betas' must be a pair of numbers [beta1, beta2], but got [0.9]",
    op: "Adam",
    type: "TypeError",
  },
  {
    id: "optim-negative-eps",
    group: "Optimizers",
    doc: "a negative eps",
    code: "new Adam([w], { eps: -1e-8 })",
    call: () => new Adam([leaf([2])], { eps: -1e-8 }),
    message: "Adam(): Invalid epsilon value: -1e-8",
    op: "Adam",
  },
  {
    id: "optim-rmsprop-negative-alpha",
    group: "Optimizers",
    doc: "RMSprop with a negative alpha",
    code: "new RMSprop([w], { alpha: -0.1 })",
    call: () => new RMSprop([leaf([2])], { alpha: -0.1 }),
    message: "RMSprop(): Invalid alpha value: -0.1",
    op: "RMSprop",
  },
  {
    id: "optim-rmsprop-negative-momentum",
    group: "Optimizers",
    doc: "RMSprop with a negative momentum",
    code: "new RMSprop([w], { momentum: -0.5 })",
    call: () => new RMSprop([leaf([2])], { momentum: -0.5 }),
    message: "RMSprop(): Invalid momentum value: -0.5",
    op: "RMSprop",
  },
  {
    id: "optim-adagrad-negative-lr-decay",
    group: "Optimizers",
    doc: "Adagrad with a negative lrDecay",
    code: "new Adagrad([w], { lrDecay: -1 })",
    call: () => new Adagrad([leaf([2])], { lrDecay: -1 }),
    message: "Adagrad(): Invalid lr_decay value: -1",
    op: "Adagrad",
  },
  {
    id: "optim-adagrad-negative-initial-accumulator",
    group: "Optimizers",
    doc: "Adagrad with a negative initialAccumulatorValue",
    code: "new Adagrad([w], { initialAccumulatorValue: -1 })",
    call: () => new Adagrad([leaf([2])], { initialAccumulatorValue: -1 }),
    message: "Adagrad(): Invalid initial_accumulator_value value: -1",
    op: "Adagrad",
  },
  {
    id: "optim-adadelta-rho",
    group: "Optimizers",
    doc: "Adadelta with rho outside [0, 1]",
    code: "new Adadelta([w], { rho: 1.5 })",
    call: () => new Adadelta([leaf([2])], { rho: 1.5 }),
    message: "Adadelta(): Invalid rho value: 1.5",
    op: "Adadelta",
  },
  {
    id: "optim-adamax-beta",
    group: "Optimizers",
    doc: "Adamax with a beta outside [0, 1)",
    code: "new Adamax([w], { betas: [0.9, -1] })",
    call: () => new Adamax([leaf([2])], { betas: [0.9, -1] }),
    message: "Adamax(): Invalid beta parameter at index 1: -1",
    op: "Adamax",
  },
  {
    id: "optim-nadam-negative-momentum-decay",
    group: "Optimizers",
    doc: "NAdam with a negative momentumDecay",
    code: "new NAdam([w], { momentumDecay: -1 })",
    call: () => new NAdam([leaf([2])], { momentumDecay: -1 }),
    message: "NAdam(): Invalid momentum_decay value: -1",
    op: "NAdam",
  },
  {
    id: "optim-radam-negative-eps",
    group: "Optimizers",
    doc: "RAdam with a negative eps",
    code: "new RAdam([w], { eps: -1 })",
    call: () => new RAdam([leaf([2])], { eps: -1 }),
    message: "RAdam(): Invalid epsilon value: -1",
    op: "RAdam",
  },
  {
    id: "optim-duplicate-param",
    group: "Optimizers",
    doc: "the same parameter twice in a group",
    code: "new SGD([w, w], { lr: 0.1 })",
    call: () => {
      const w = leaf([2]);
      return new SGD([w, w], { lr: 0.1 });
    },
    message:
      "SGD(): optimizer contains a parameter group with duplicate parameters (param 1 of group 0 is param 0 again)",
    op: "SGD",
  },
  {
    id: "optim-param-two-groups",
    group: "Optimizers",
    doc: "a parameter in two groups",
    code: "new SGD([{ params: [a] }, { params: [b, a] }], { lr: 0.1 })",
    call: () => {
      const a = leaf([2]);
      return new SGD([{ params: [a] }, { params: [leaf([2]), a] }], { lr: 0.1 });
    },
    message:
      "SGD(): some parameters appear in more than one parameter group (param 1 of group 1 is already in group 0)",
    op: "SGD",
  },
  {
    id: "optim-add-group-twice",
    group: "Optimizers",
    doc: "adding a group with a parameter the optimizer already has",
    code: "new SGD([w], { lr: 0.1 }).addParamGroup({ params: [w] })",
    call: () => {
      const w = leaf([2]);
      new SGD([w], { lr: 0.1 }).addParamGroup({ params: [w] });
    },
    message:
      "SGD.addParamGroup(): some parameters appear in more than one parameter group (param 0 of group 1 is already in group 0)",
    op: "SGD.addParamGroup",
  },
  {
    id: "optim-load-group-count",
    group: "Optimizers",
    doc: "loading a state dict with a different number of parameter groups",
    code: "sgd1.loadStateDict(sgdWithTwoGroups.stateDict())",
    call: () => {
      const two = new SGD([{ params: [leaf([2])] }, { params: [leaf([2])] }], { lr: 0.1 });
      sgd().loadStateDict(two.stateDict());
    },
    message:
      "SGD.loadStateDict(): loaded state dict has a different number of parameter groups (2 saved, 1 in the optimizer)",
    op: "SGD.loadStateDict",
  },
  {
    id: "optim-load-group-size",
    group: "Optimizers",
    doc: "loading a state dict whose group has a different number of parameters",
    code: "new SGD([w], { lr: 0.1 }).loadStateDict(new SGD([a, b], { lr: 0.1 }).stateDict())",
    call: () => sgd().loadStateDict(new SGD([leaf([2]), leaf([2])], { lr: 0.1 }).stateDict()),
    message:
      "SGD.loadStateDict(): loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group 0: 2 saved, 1 in the optimizer)",
    op: "SGD.loadStateDict",
  },
  {
    id: "optim-load-state-shape",
    group: "Optimizers",
    doc: "loading a momentum buffer of the wrong shape",
    code: "opt.loadStateDict({ state: { 0: { momentum_buffer: zeros([3]) } }, param_groups: ... })",
    call: () => loadSgdState({ 0: { momentum_buffer: zeros([3]) } }),
    message:
      "SGD.loadStateDict(): state 'momentum_buffer' of parameter 0 has shape [3], but the parameter has shape [2]",
    op: "SGD.loadStateDict",
  },
  {
    id: "optim-load-state-unknown-param",
    group: "Optimizers",
    doc: "loading state for a parameter index that is in no group",
    code: "opt.loadStateDict({ state: { 5: { ... } }, param_groups: ... })",
    call: () => loadSgdState({ 5: { momentum_buffer: zeros([2]) } }),
    message:
      "SGD.loadStateDict(): loaded state dict has state for parameter 5, which is in none of its param_groups",
    op: "SGD.loadStateDict",
  },
  {
    id: "optim-load-not-state-dict",
    group: "Optimizers",
    doc: "loading a module's state dict into an optimizer",
    code: "opt.loadStateDict(model.stateDict())",
    call: () => sgd().loadStateDict(any(new Linear(2, 2).stateDict())),
    message:
      "SGD.loadStateDict(): expected a state dict with 'state' and 'param_groups' (from stateDict()), but got Map",
    op: "SGD.loadStateDict",
    type: "TypeError",
  },

  // ---- schedulers ------------------------------------------------------------------------------
  {
    id: "sched-step-size",
    group: "Learning-rate schedulers",
    doc: "a zero step size",
    code: "new StepLR(opt, { stepSize: 0 })",
    call: () => new StepLR(sgd(), { stepSize: 0 }),
    message: "StepLR(): stepSize must be a positive integer, got 0",
    op: "StepLR",
  },
  {
    id: "sched-tmax",
    group: "Learning-rate schedulers",
    doc: "a zero period",
    code: "new CosineAnnealingLR(opt, { tMax: 0 })",
    call: () => new CosineAnnealingLR(sgd(), { tMax: 0 }),
    message: "CosineAnnealingLR(): tMax must be positive, got 0",
    op: "CosineAnnealingLR",
  },
  {
    id: "sched-lambda-count",
    group: "Learning-rate schedulers",
    doc: "one lambda per group, but the wrong number of them",
    code: "new LambdaLR(optWithOneGroup, { lrLambda: [f, g] })",
    call: () => new LambdaLR(sgd(), { lrLambda: [(e) => e, (e) => e] }),
    message: "LambdaLR(): Expected 1 lr_lambdas, but got 2",
    op: "LambdaLR",
  },
  {
    id: "sched-lambda-not-function",
    group: "Learning-rate schedulers",
    doc: "a number instead of a function",
    code: "new LambdaLR(opt, { lrLambda: 0.95 })",
    call: () => new LambdaLR(sgd(), { lrLambda: any(0.95) }),
    message: "LambdaLR(): lrLambda must be a function or an array of functions, but got number",
    op: "LambdaLR",
    type: "TypeError",
  },
  {
    id: "sched-not-optimizer",
    group: "Learning-rate schedulers",
    doc: "something that is not an optimizer",
    code: "new StepLR(model, { stepSize: 10 })",
    call: () => new StepLR(any(new Linear(2, 2)), { stepSize: 10 }),
    message: "StepLR(): Linear is not an Optimizer",
    op: "StepLR",
    type: "TypeError",
  },
  {
    id: "sched-resume-no-initial-lr",
    group: "Learning-rate schedulers",
    doc: "resuming (lastEpoch given) an optimizer that never had a scheduler",
    code: "new StepLR(opt, { stepSize: 3, lastEpoch: 4 })",
    call: () => new StepLR(sgd(), { stepSize: 3, lastEpoch: 4 }),
    message:
      "StepLR(): param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer (lastEpoch=4)",
    op: "StepLR",
  },
  {
    id: "sched-last-epoch-fractional",
    group: "Learning-rate schedulers",
    doc: "a fractional lastEpoch",
    code: "new CosineAnnealingLR(opt, { tMax: 10, lastEpoch: 2.5 })",
    call: () => new CosineAnnealingLR(sgd(), { tMax: 10, lastEpoch: 2.5 }),
    message: "CosineAnnealingLR(): lastEpoch must be an integer, got 2.5",
    op: "CosineAnnealingLR",
  },

  // ---- safetensors -----------------------------------------------------------------------------
  {
    id: "safetensors-too-short",
    group: "Safetensors",
    doc: "fewer than 8 bytes",
    code: "loadSafetensors(new Uint8Array(3))",
    call: () => loadSafetensors(new Uint8Array(3)),
    message: "loadSafetensors(): file is 3 bytes, too short for the 8-byte header length",
    op: "loadSafetensors",
  },
  {
    id: "safetensors-truncated-header",
    group: "Safetensors",
    doc: "a header length past the end of the bytes (a truncated file)",
    code: "loadSafetensors(bytes.subarray(0, 20))",
    call: () => loadSafetensors(saveSafetensors({ w: zeros([2]) }).subarray(0, 20)),
    message: "loadSafetensors(): header length 56 runs past the end of the file (20 bytes, so at most 12)",
    op: "loadSafetensors",
  },
  {
    id: "safetensors-huge-header",
    group: "Safetensors",
    doc: "an absurd header length (nothing is allocated for it)",
    code: "header length 2^40 in the first 8 bytes",
    call: () => {
      const b = withHeaderLength(0);
      new DataView(b.buffer).setUint32(4, 256, true);
      return loadSafetensors(b);
    },
    message:
      "loadSafetensors(): header length 1099511627776 runs past the end of the file (72 bytes, so at most 64)",
    op: "loadSafetensors",
  },
  {
    id: "safetensors-bad-json",
    group: "Safetensors",
    doc: "a header that is not JSON",
    code: 'header {"w": { (cut off)',
    call: () => loadSafetensors(st(null, 0, '{"w": {')),
    // The parser's own words vary with the JS engine's version, so only they are left open.
    message: /^loadSafetensors\(\): header is not valid UTF-8 JSON \(.+\)$/,
    op: "loadSafetensors",
  },
  {
    id: "safetensors-header-array",
    group: "Safetensors",
    doc: "a header that is JSON but not an object",
    code: "header [1, 2]",
    call: () => loadSafetensors(st([1, 2])),
    message: 'loadSafetensors(): header must be a JSON object starting with "{", but its first byte is 0x5b',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-unknown-dtype",
    group: "Safetensors",
    doc: "a dtype tsgrad cannot read",
    code: 'header {"w": {"dtype": "C64", ...}}',
    call: () => loadSafetensors(st({ w: { dtype: "C64", shape: [1], data_offsets: [0, 8] } }, 8)),
    message:
      'loadSafetensors(): unknown dtype "C64" for "w" (supported: F64, F32, F16, BF16, I64, I32, BOOL)',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-offsets-out-of-range",
    group: "Safetensors",
    doc: "data_offsets past the end of the data",
    code: 'header {"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}} with 8 data bytes',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, 8)),
    message: 'loadSafetensors(): data_offsets of "w" [0, 16] are out of range: the data section is 8 bytes',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-offsets-reversed",
    group: "Safetensors",
    doc: "data_offsets with begin after end",
    code: '"data_offsets": [8, 0]',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [2], data_offsets: [8, 0] } }, 8)),
    message: 'loadSafetensors(): data_offsets of "w" must be [begin, end] with 0 <= begin <= end, got [8,0]',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-offsets-overlap",
    group: "Safetensors",
    doc: "two tensors sharing bytes",
    code: '"a": [0, 8], "b": [4, 12]',
    call: () =>
      loadSafetensors(
        st(
          {
            a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
            b: { dtype: "F32", shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
      ),
    message: 'loadSafetensors(): data_offsets of "b" [4, 12] overlap those of "a" [0, 8]',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-hole",
    group: "Safetensors",
    doc: "data bytes that belong to no tensor",
    code: '"w": [4, 12] (bytes 0..4 unused)',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, 12)),
    message: 'loadSafetensors(): data bytes 0..4 belong to no tensor (before "w")',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-shape-bytes",
    group: "Safetensors",
    doc: "a shape that disagrees with the byte count",
    code: '"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8)),
    message:
      'loadSafetensors(): shape [3] of "w" with dtype F32 needs 12 bytes, but data_offsets [0, 8] hold 8',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-huge-shape",
    group: "Safetensors",
    doc: "an absurd shape (nothing is allocated for it)",
    code: '"shape": [1e9, 1e9] with 8 data bytes',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [1e9, 1e9], data_offsets: [0, 8] } }, 8)),
    message:
      'loadSafetensors(): shape [1000000000, 1000000000] of "w" with dtype F32 needs 4000000000000000000 bytes (more than 2^53 elements), but data_offsets [0, 8] hold 8',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-negative-shape",
    group: "Safetensors",
    doc: "a negative size in a shape",
    code: '"shape": [-2]',
    call: () => loadSafetensors(st({ w: { dtype: "F32", shape: [-2], data_offsets: [0, 8] } }, 8)),
    message: 'loadSafetensors(): shape of "w" must be an array of non-negative integers, got [-2]',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-trailing-bytes",
    group: "Safetensors",
    doc: "extra bytes after the last tensor",
    code: "saved bytes with 4 more appended",
    call: () => {
      const b = saveSafetensors({ w: zeros([2]) });
      const longer = new Uint8Array(b.length + 4);
      longer.set(b);
      return loadSafetensors(longer);
    },
    message: "loadSafetensors(): data section is 12 bytes but the tensors cover only 8",
    op: "loadSafetensors",
  },
  {
    id: "safetensors-i64-range",
    group: "Safetensors",
    doc: "an I64 value outside int32 (tsgrad's integer dtype)",
    code: '"w": {"dtype": "I64", "shape": [1]} holding 2^40',
    call: () => {
      const b = st({ w: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, 8);
      new DataView(b.buffer).setBigInt64(b.length - 8, 2n ** 40n, true);
      return loadSafetensors(b);
    },
    message:
      'loadSafetensors(): "w" (I64) holds 1099511627776 at element 0, outside the int32 range tsgrad uses for integers',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-bool-byte",
    group: "Safetensors",
    doc: "a BOOL byte that is neither 0 nor 1",
    code: '"w": {"dtype": "BOOL", "shape": [1]} holding byte 7',
    call: () => {
      const b = st({ w: { dtype: "BOOL", shape: [1], data_offsets: [0, 1] } }, 1);
      b[b.length - 1] = 7;
      return loadSafetensors(b);
    },
    message: 'loadSafetensors(): "w" (BOOL) holds byte 7 at element 0; booleans must be 0 or 1',
    op: "loadSafetensors",
  },
  {
    id: "safetensors-metadata-non-string",
    group: "Safetensors",
    doc: "saving metadata with a non-string value",
    code: "saveSafetensors(sd, { epoch: 3 })",
    call: () => saveSafetensors({ w: zeros([2]) }, any({ epoch: 3 })),
    message: 'saveSafetensors(): metadata values must be strings, but "epoch" is number',
    op: "saveSafetensors",
    type: "TypeError",
  },
  {
    id: "safetensors-save-non-tensor",
    group: "Safetensors",
    doc: "saving a value that is not a tensor",
    code: "saveSafetensors({ w: [1, 2] })",
    call: () => saveSafetensors({ w: any([1, 2]) }),
    message: 'saveSafetensors(): value for "w" is not a Tensor',
    op: "saveSafetensors",
    type: "TypeError",
  },
  {
    id: "safetensors-save-reserved-name",
    group: "Safetensors",
    doc: "a tensor named __metadata__",
    code: "saveSafetensors({ __metadata__: zeros([1]) })",
    call: () => saveSafetensors({ __metadata__: zeros([1]) }),
    message: 'saveSafetensors(): "__metadata__" is reserved and cannot name a tensor',
    op: "saveSafetensors",
  },
  // ---- options objects (core's checkOptions) --------------------------------------------------
  {
    id: "options-optim-near-miss",
    group: "Options objects",
    doc: "a misspelt optimizer option",
    code: "new SGD(ps, { lr: 0.1, momentumm: 0.9 })",
    call: () => new SGD([leaf([2])], any({ lr: 0.1, momentumm: 0.9 })),
    message: "SGD(): got an unexpected option 'momentumm' (did you mean 'momentum'?)",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "options-optim-snake-case",
    group: "Options objects",
    doc: "PyTorch's snake_case keyword for an optimizer",
    code: "new Adam(ps, { weight_decay: 0.01 })",
    call: () => new Adam([leaf([2])], any({ weight_decay: 0.01 })),
    message: "Adam(): got an unexpected option 'weight_decay' (did you mean 'weightDecay'?)",
    op: "Adam",
    type: "TypeError",
  },
  {
    id: "options-optim-number",
    group: "Options objects",
    doc: "the learning rate where the options object goes (PyTorch's positional lr)",
    code: "new SGD(ps, 0.1)",
    call: () => new SGD([leaf([2])], any(0.1)),
    message:
      "SGD(): expected an options object as argument 2, but got a number (0.1) (did you mean { lr: 0.1 }?)",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "options-optim-unknown",
    group: "Options objects",
    doc: "an optimizer option tsgrad does not have",
    code: "new AdamW(ps, { foreach: true })",
    call: () => new AdamW([leaf([2])], any({ foreach: true })),
    message:
      "AdamW(): got an unexpected option 'foreach' (valid options: lr, betas, eps, weightDecay, amsgrad, maximize)",
    op: "AdamW",
    type: "TypeError",
  },
  {
    id: "options-optim-lr-null",
    group: "Options objects",
    doc: "a null learning rate",
    code: "new SGD(ps, { lr: null })",
    call: () => new SGD([leaf([2])], { lr: any(null) }),
    message: "SGD(): option 'lr' must be a number, but got null",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "options-optim-eps-string",
    group: "Options objects",
    doc: "a number written as a string",
    code: 'new Adam(ps, { eps: "1e-8" })',
    call: () => new Adam([leaf([2])], { eps: any("1e-8") }),
    message: "Adam(): option 'eps' must be a number, but got a string (\"1e-8\")",
    op: "Adam",
    type: "TypeError",
  },
  {
    id: "options-param-group-near-miss",
    group: "Options objects",
    doc: "a misspelt option in a parameter group (PyTorch keeps it silently)",
    code: "new SGD([{ params: ps, momentumm: 0.9 }], { lr: 0.1 })",
    call: () => new SGD([{ params: [leaf([2])], momentumm: 0.9 }], { lr: 0.1 }),
    message: "SGD(): got an unexpected option 'momentumm' in param group 0 (did you mean 'momentum'?)",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "options-param-group-value",
    group: "Options objects",
    doc: "a string learning rate in a parameter group",
    code: 'new SGD([{ params: ps, lr: "0.1" }])',
    call: () => new SGD([{ params: [leaf([2])], lr: any("0.1") }]),
    message: "SGD(): option 'lr' of param group 0 must be a number, but got a string (\"0.1\")",
    op: "SGD",
    type: "TypeError",
  },
  {
    id: "options-add-param-group-snake-case",
    group: "Options objects",
    doc: "PyTorch's snake_case key in addParamGroup",
    code: "opt.addParamGroup({ params: [b], weight_decay: 0 })",
    call: () => new SGD([leaf([2])], { lr: 0.1 }).addParamGroup({ params: [leaf([2])], weight_decay: 0 }),
    message:
      "SGD.addParamGroup(): got an unexpected option 'weight_decay' in param group 1 (did you mean 'weightDecay'?)",
    op: "SGD.addParamGroup",
    type: "TypeError",
  },
  {
    id: "options-scheduler-snake-case",
    group: "Options objects",
    doc: "PyTorch's T_max for a scheduler",
    code: "new CosineAnnealingLR(opt, { T_max: 10 })",
    call: () => new CosineAnnealingLR(new SGD([leaf([2])], { lr: 0.1 }), any({ T_max: 10 })),
    message: "CosineAnnealingLR(): got an unexpected option 'T_max' (did you mean 'tMax'?)",
    op: "CosineAnnealingLR",
    type: "TypeError",
  },
  {
    id: "options-scheduler-number",
    group: "Options objects",
    doc: "the step size where the options object goes (PyTorch's positional step_size)",
    code: "new StepLR(opt, 30)",
    call: () => new StepLR(new SGD([leaf([2])], { lr: 0.1 }), any(30)),
    message:
      "StepLR(): expected an options object as argument 2, but got a number (30) (did you mean { stepSize: 30 }?)",
    op: "StepLR",
    type: "TypeError",
  },
  {
    id: "options-scheduler-gamma",
    group: "Options objects",
    doc: "a NaN decay factor",
    code: "new StepLR(opt, { stepSize: 10, gamma: NaN })",
    call: () => new StepLR(new SGD([leaf([2])], { lr: 0.1 }), { stepSize: 10, gamma: Number.NaN }),
    message: "StepLR(): option 'gamma' must be a finite number, but got a number (NaN)",
    op: "StepLR",
    type: "TypeError",
  },
  {
    id: "options-layer-boolean",
    group: "Options objects",
    doc: "bias as a positional boolean (PyTorch's Linear(2, 3, False))",
    code: "new Linear(2, 3, false)",
    call: () => new Linear(2, 3, any(false)),
    message:
      "Linear(): expected an options object as argument 3, but got a boolean (false) (did you mean { bias: false }?)",
    op: "Linear",
    type: "TypeError",
  },
  {
    id: "options-layer-snake-case",
    group: "Options objects",
    doc: "PyTorch's snake_case keyword for a layer",
    code: "new Embedding(10, 3, { padding_idx: 0 })",
    call: () => new Embedding(10, 3, any({ padding_idx: 0 })),
    message: "Embedding(): got an unexpected option 'padding_idx' (did you mean 'paddingIdx'?)",
    op: "Embedding",
    type: "TypeError",
  },
  {
    id: "options-layer-unknown",
    group: "Options objects",
    doc: "F.dropout's training flag on the Dropout layer (which follows train() / eval())",
    code: "new Dropout(0.1, { training: false })",
    call: () => new Dropout(0.1, any({ training: false })),
    message: "Dropout(): got an unexpected option 'training' (valid options: inplace, generator)",
    op: "Dropout",
    type: "TypeError",
  },
  {
    id: "options-layer-value",
    group: "Options objects",
    doc: "a string eps",
    code: 'new LayerNorm(4, { eps: "1e-5" })',
    call: () => new LayerNorm(4, { eps: any("1e-5") }),
    message: "LayerNorm(): option 'eps' must be a non-negative number, but got a string (\"1e-5\")",
    op: "LayerNorm",
    type: "TypeError",
  },
  {
    id: "options-init-case",
    group: "Options objects",
    doc: "an init option in the wrong case",
    code: 'init.kaimingUniform_(w, { nonLinearity: "relu" })',
    call: () => init.kaimingUniform_(zeros([2, 2]), any({ nonLinearity: "relu" })),
    message: "kaimingUniform_(): got an unexpected option 'nonLinearity' (did you mean 'nonlinearity'?)",
    op: "kaimingUniform_",
    type: "TypeError",
  },
  {
    id: "options-module-method-boolean",
    group: "Options objects",
    doc: "strict as a positional boolean (PyTorch's load_state_dict(sd, False))",
    code: "model.loadStateDict(sd, false)",
    call: () => new Linear(2, 3).loadStateDict(new Map(), any(false)),
    message:
      "loadStateDict(): expected an options object as argument 2, but got a boolean (false) (did you mean { strict: false }?)",
    op: "loadStateDict",
    type: "TypeError",
  },
  {
    id: "options-module-method-snake-case",
    group: "Options objects",
    doc: "PyTorch's keep_vars",
    code: "model.stateDict({ keep_vars: true })",
    call: () => new Linear(2, 3).stateDict(any({ keep_vars: true })),
    message: "stateDict(): got an unexpected option 'keep_vars' (did you mean 'keepVars'?)",
    op: "stateDict",
    type: "TypeError",
  },

  // ---- a parameter or buffer field replaced ---------------------------------------------------------
  {
    id: "module-parameter-field-replaced",
    group: "Modules",
    doc: "a plain tensor assigned over a parameter (PyTorch raises at the assignment: \"cannot assign 'torch.FloatTensor' as parameter 'weight'\")",
    code: "lin.weight = zeros([3, 2]); lin.call(x)",
    call: () => {
      const lin = new Linear(2, 3);
      (lin as any).weight = zeros([3, 2]);
      lin.call(zeros([1, 2]));
    },
    message:
      "Module [Linear]: field 'weight' holds a plain Tensor [3, 2], not the parameter registered as 'weight', so forward() would use it while parameters(), optimizers and stateDict() use the registered one. To replace the parameter, register the new one: module.weight = module.registerParameter(\"weight\", new Parameter(t)); to change its values, copy into it: noGrad(() => module.weight.copy_(t)).",
    op: "Linear",
    prefix: false,
  },
  {
    id: "module-parameter-field-null",
    group: "Modules",
    doc: "null assigned over a parameter (PyTorch unregisters it; tsgrad cannot see the assignment, so it asks for registerParameter)",
    code: "lin.bias = null; lin.call(x)",
    call: () => {
      const lin = new Linear(2, 3);
      lin.bias = null;
      lin.call(zeros([1, 2]));
    },
    message:
      "Module [Linear]: field 'bias' holds null, not the parameter registered as 'bias', so forward() would use it while parameters(), optimizers and stateDict() use the registered one. To remove the parameter, register its absence: module.bias = module.registerParameter(\"bias\", null).",
    op: "Linear",
    prefix: false,
  },
  {
    id: "module-buffer-field-replaced",
    group: "Modules",
    doc: "a new tensor assigned over a buffer",
    code: "m.mean = zeros([2]); m.stateDict()",
    call: () => {
      const m = new WithBuffer();
      m.mean = zeros([2]);
      m.stateDict();
    },
    message:
      "Module [WithBuffer]: field 'mean' holds a plain Tensor [2], not the buffer registered as 'mean', so forward() would use it while parameters(), optimizers and stateDict() use the registered one. To replace the buffer, register the new one: module.mean = module.registerBuffer(\"mean\", t).",
    op: "WithBuffer",
    prefix: false,
  },
  {
    id: "sched-linear-start-factor",
    group: "Learning-rate schedulers",
    doc: "a LinearLR start factor outside [0, 1]",
    code: "new LinearLR(opt, { startFactor: 1.5 })",
    call: () => new LinearLR(sgd(), { startFactor: 1.5 }),
    message: "LinearLR(): Starting multiplicative factor expected to be between 0 and 1.",
    op: "LinearLR",
  },
  {
    id: "sched-constant-factor",
    group: "Learning-rate schedulers",
    doc: "a ConstantLR factor outside [0, 1]",
    code: "new ConstantLR(opt, { factor: 1.5 })",
    call: () => new ConstantLR(sgd(), { factor: 1.5 }),
    message: "ConstantLR(): Constant multiplicative factor expected to be between 0 and 1.",
    op: "ConstantLR",
  },
  {
    id: "sched-warm-restarts-t0",
    group: "Learning-rate schedulers",
    doc: "a CosineAnnealingWarmRestarts first period that is not a positive integer",
    code: "new CosineAnnealingWarmRestarts(opt, { t0: 0 })",
    call: () => new CosineAnnealingWarmRestarts(sgd(), { t0: 0 }),
    message: "CosineAnnealingWarmRestarts(): Expected positive integer T_0, but got 0",
    op: "CosineAnnealingWarmRestarts",
  },
  {
    id: "sched-plateau-factor",
    group: "Learning-rate schedulers",
    doc: "a ReduceLROnPlateau factor of 1 or more",
    code: "new ReduceLROnPlateau(opt, { factor: 1 })",
    call: () => new ReduceLROnPlateau(sgd(), { factor: 1 }),
    message: "ReduceLROnPlateau(): Factor should be < 1.0.",
    op: "ReduceLROnPlateau",
  },
  {
    id: "sched-plateau-mode",
    group: "Learning-rate schedulers",
    doc: "a ReduceLROnPlateau mode other than min and max",
    code: 'new ReduceLROnPlateau(opt, { mode: "up" })',
    call: () => new ReduceLROnPlateau(sgd(), { mode: any("up") }),
    message: "ReduceLROnPlateau(): mode up is unknown!",
    op: "ReduceLROnPlateau",
  },
  {
    id: "sched-one-cycle-no-length",
    group: "Learning-rate schedulers",
    doc: "OneCycleLR without totalSteps or epochs and stepsPerEpoch",
    code: "new OneCycleLR(opt, { maxLr: 0.1 })",
    call: () => new OneCycleLR(sgd(), { maxLr: 0.1 }),
    message: "OneCycleLR(): You must define either total_steps OR (epochs AND steps_per_epoch)",
    op: "OneCycleLR",
  },
  {
    id: "sched-one-cycle-overstep",
    group: "Learning-rate schedulers",
    doc: "stepping OneCycleLR past its total steps",
    code: "const s = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 2 }); s.step(); s.step(); s.step()",
    call: () => {
      const s = new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 2 });
      s.step();
      s.step();
      s.step();
    },
    message: "OneCycleLR.step(): Tried to step 4 times. The specified number of total steps is 2",
    op: "OneCycleLR.step",
  },
  {
    id: "sched-sequential-milestones",
    group: "Learning-rate schedulers",
    doc: "SequentialLR with as many milestones as schedulers",
    code: "new SequentialLR(opt, { schedulers: [a, b], milestones: [2, 3] })",
    call: () => {
      const opt = sgd();
      return new SequentialLR(opt, {
        schedulers: [new ConstantLR(opt), new ConstantLR(opt)],
        milestones: [2, 3],
      });
    },
    message:
      "SequentialLR(): Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 2 and the number of milestones to be equal to 2",
    op: "SequentialLR",
  },
  {
    id: "sched-chained-optimizers",
    group: "Learning-rate schedulers",
    doc: "ChainedScheduler over schedulers of different optimizers",
    code: "new ChainedScheduler([new ConstantLR(opt1), new ConstantLR(opt2)])",
    call: () => new ChainedScheduler([new ConstantLR(sgd()), new ConstantLR(sgd())]),
    message:
      "ChainedScheduler(): ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and 1 to be different",
    op: "ChainedScheduler",
  },
  // ---- nn.utils ---------------------------------------------------------------------------------
  {
    id: "clip-grad-norm-nonfinite",
    group: "Gradient clipping",
    doc: "a non-finite total gradient norm with errorIfNonfinite",
    code: "w.grad = tensor([1, Infinity]); clipGradNorm_([w], 1, { errorIfNonfinite: true })",
    call: () => {
      const w = leaf([2]);
      w.grad = tensor([1, Number.POSITIVE_INFINITY], { dtype: "float32" });
      clipGradNorm_([w], 1, { errorIfNonfinite: true });
    },
    message:
      "clipGradNorm_(): The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
    op: "clipGradNorm_",
  },
  {
    id: "clip-grad-norm-max-norm",
    group: "Gradient clipping",
    doc: "a maxNorm that is not a number",
    code: 'clipGradNorm_(model.parameters(), "1")',
    call: () => clipGradNorm_([leaf([2])], any("1")),
    message: "clipGradNorm_(): maxNorm must be a number, but got string",
    op: "clipGradNorm_",
    type: "TypeError",
  },
  {
    id: "clip-grad-value-not-params",
    group: "Gradient clipping",
    doc: "clipping something that is not a tensor or tensors",
    code: "clipGradValue_(model, 0.5)",
    call: () => clipGradValue_(any(new Linear(2, 2)), 0.5),
    message: "clipGradValue_(): parameters must be a Tensor or an iterable of Tensors, but got Linear",
    op: "clipGradValue_",
    type: "TypeError",
  },
  {
    id: "vector-to-parameters-length",
    group: "Gradient clipping",
    doc: "a vector of the wrong length for vectorToParameters",
    code: "vectorToParameters(zeros([3]), [zeros([2, 2])])",
    call: () => vectorToParameters(zeros([3]), [leaf([2, 2])]),
    message: "vectorToParameters(): vec has 3 elements, but the parameters have 4 in all",
    op: "vectorToParameters",
  },
  {
    id: "vector-to-parameters-not-1d",
    group: "Gradient clipping",
    doc: "a vector that is not 1-D for vectorToParameters",
    code: "vectorToParameters(zeros([2, 2]), [w])",
    call: () => vectorToParameters(zeros([2, 2]), [leaf([4])]),
    message: "vectorToParameters(): expected a 1-D vector, but got shape [2, 2]",
    op: "vectorToParameters",
  },
  // ---- normalization layers ---------------------------------------------------------------
  {
    id: "batch-norm-1d-dims",
    group: "Normalization layers",
    doc: "a 4-D input to BatchNorm1d",
    code: "new BatchNorm1d(3).call(zeros([2, 3, 4, 5]))",
    call: () => new BatchNorm1d(3).call(zeros([2, 3, 4, 5])),
    message: "BatchNorm1d: expected 2D or 3D input (got 4D input)",
    op: "BatchNorm1d",
    prefix: false,
  },
  {
    id: "batch-norm-2d-dims",
    group: "Normalization layers",
    doc: "a 3-D input to BatchNorm2d",
    code: "new BatchNorm2d(3).call(zeros([2, 3, 4]))",
    call: () => new BatchNorm2d(3).call(zeros([2, 3, 4])),
    message: "BatchNorm2d: expected 4D input (got 3D input)",
    op: "BatchNorm2d",
    prefix: false,
  },
  {
    id: "batch-norm-channels",
    group: "Normalization layers",
    doc: "an input whose channels are not numFeatures",
    code: "new BatchNorm2d(3).call(zeros([2, 4, 2, 2]))",
    call: () => new BatchNorm2d(3).call(zeros([2, 4, 2, 2])),
    message: "batch_norm(): running_mean should contain 4 elements not 3",
    op: "batch_norm",
  },
  {
    id: "batch-norm-momentum-string",
    group: "Normalization layers",
    doc: "a momentum that is neither a number nor null",
    code: 'new BatchNorm2d(3, { momentum: "0.1" })',
    call: () => new BatchNorm2d(3, { momentum: any("0.1") }),
    message: "BatchNorm2d(): option 'momentum' must be a finite number or null, but got a string (\"0.1\")",
    op: "BatchNorm2d",
    type: "TypeError",
  },
  {
    id: "instance-norm-2d-dims",
    group: "Normalization layers",
    doc: "a 2-D input to InstanceNorm2d",
    code: "new InstanceNorm2d(3).call(zeros([2, 3]))",
    call: () => new InstanceNorm2d(3).call(zeros([2, 3])),
    message: "InstanceNorm2d: expected 3D or 4D input (got 2D input)",
    op: "InstanceNorm2d",
    prefix: false,
  },
  {
    id: "instance-norm-momentum-null",
    group: "Normalization layers",
    doc: "momentum null for an instance norm (F.instance_norm takes a number)",
    code: "new InstanceNorm1d(3, { momentum: null })",
    call: () => new InstanceNorm1d(3, { momentum: any(null) }),
    message: "InstanceNorm1d(): option 'momentum' must be a finite number, but got null",
    op: "InstanceNorm1d",
    type: "TypeError",
  },
  {
    id: "group-norm-not-divisible",
    group: "Normalization layers",
    doc: "channels not divisible by the number of groups",
    code: "new GroupNorm(4, 6)",
    call: () => new GroupNorm(4, 6),
    message: "GroupNorm(): num_channels must be divisible by num_groups",
    op: "GroupNorm",
  },
  {
    id: "dropout2d-p",
    group: "Normalization layers",
    doc: "a channel dropout probability above 1",
    code: "new Dropout2d(1.5)",
    call: () => new Dropout2d(1.5),
    message: "Dropout2d(): dropout probability has to be between 0 and 1, but got 1.5",
    op: "Dropout2d",
  },
  {
    id: "dropout2d-one-dim",
    group: "Normalization layers",
    doc: "a 1-D input to Dropout2d",
    code: "new Dropout2d().call(zeros([4]))",
    call: () => new Dropout2d().call(zeros([4])),
    message: "Dropout2d: Feature dropout requires at least 2 dimensions in the input",
    op: "Dropout2d",
    prefix: false,
  },
  {
    id: "dropout1d-dims",
    group: "Normalization layers",
    doc: "a 4-D input to Dropout1d",
    code: "new Dropout1d().call(zeros([2, 3, 4, 5]))",
    call: () => new Dropout1d().call(zeros([2, 3, 4, 5])),
    message:
      "Dropout1d: dropout1d: Expected 2D or 3D input, but received a 4D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).",
    op: "Dropout1d",
    prefix: false,
  },
  {
    id: "safetensors-int64-option",
    group: "Normalization layers",
    doc: "an int64 rule that is not a function",
    code: 'saveSafetensors(sd, null, { int64: ["num_batches_tracked"] })',
    call: () => saveSafetensors(new Map(), null, { int64: any(["num_batches_tracked"]) }),
    message: "saveSafetensors(): option 'int64' must be a function, but got [\"num_batches_tracked\"]",
    op: "saveSafetensors",
    type: "TypeError",
  },
  // ---- data loading ------------------------------------------------------------------------------
  {
    id: "data-sampler-shuffle",
    group: "Data loading (torch.utils.data)",
    doc: "a sampler together with shuffle",
    code: "new DataLoader(ds, { sampler, shuffle: true })",
    call: () => new DataLoader(dataset(), { sampler: [0, 1], shuffle: true }),
    message: "DataLoader(): sampler option is mutually exclusive with shuffle",
    op: "DataLoader",
  },
  {
    id: "data-batch-sampler-exclusive",
    group: "Data loading (torch.utils.data)",
    doc: "a batchSampler together with batchSize",
    code: "new DataLoader(ds, { batchSampler: [[0, 1]], batchSize: 2 })",
    call: () => new DataLoader(dataset(), { batchSampler: [[0, 1]], batchSize: 2 }),
    message:
      "DataLoader(): batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
    op: "DataLoader",
  },
  {
    id: "data-batch-size-null-drop-last",
    group: "Data loading (torch.utils.data)",
    doc: "dropLast without batching",
    code: "new DataLoader(ds, { batchSize: null, dropLast: true })",
    call: () => new DataLoader(dataset(), { batchSize: null, dropLast: true }),
    message:
      "DataLoader(): batch_size=None option disables auto-batching and is mutually exclusive with drop_last",
    op: "DataLoader",
  },
  {
    id: "data-batch-size-zero",
    group: "Data loading (torch.utils.data)",
    doc: "a batch size of 0",
    code: "new DataLoader(ds, { batchSize: 0 })",
    call: () => new DataLoader(dataset(), { batchSize: 0 }),
    message: "DataLoader(): batch_size should be a positive integer value, but got batch_size=0",
    op: "DataLoader",
  },
  {
    id: "data-batch-sampler-drop-last",
    group: "Data loading (torch.utils.data)",
    doc: "a dropLast that is not a boolean",
    code: 'new BatchSampler(new SequentialSampler(ds), 2, "no")',
    call: () => new BatchSampler(new SequentialSampler(dataset()), 2, any("no")),
    message: "BatchSampler(): drop_last should be a boolean value, but got drop_last=no",
    op: "BatchSampler",
    type: "TypeError",
  },
  {
    id: "data-random-sampler-num-samples",
    group: "Data loading (torch.utils.data)",
    doc: "numSamples of 0",
    code: "new RandomSampler(ds, { numSamples: 0 })",
    call: () => new RandomSampler(dataset(), { numSamples: 0 }),
    message: "RandomSampler(): num_samples should be a positive integer value, but got num_samples=0",
    op: "RandomSampler",
  },
  {
    id: "data-random-sampler-replacement",
    group: "Data loading (torch.utils.data)",
    doc: "a replacement that is not a boolean",
    code: 'new RandomSampler(ds, { replacement: "yes" })',
    call: () => new RandomSampler(dataset(), any({ replacement: "yes" })),
    message: "RandomSampler(): replacement should be a boolean value, but got replacement=yes",
    op: "RandomSampler",
    type: "TypeError",
  },
  {
    id: "data-tensor-dataset-size",
    group: "Data loading (torch.utils.data)",
    doc: "tensors of different first dims",
    code: "new TensorDataset(zeros([3]), zeros([4]))",
    call: () => new TensorDataset(zeros([3]), zeros([4])),
    message: "TensorDataset(): Size mismatch between tensors (tensor 0 has 3 rows, tensor 1 has 4)",
    op: "TensorDataset",
  },
  {
    id: "data-random-split-sum",
    group: "Data loading (torch.utils.data)",
    doc: "split lengths that do not add up to the dataset",
    code: "randomSplit(ds, [3, 3]) // ds.length === 10",
    call: () => randomSplit(dataset(), [3, 3]),
    message:
      "randomSplit(): Sum of input lengths does not equal the length of the input dataset! (lengths [3, 3] for 10 samples)",
    op: "randomSplit",
  },
  {
    id: "data-random-split-fraction",
    group: "Data loading (torch.utils.data)",
    doc: "fractions summing to 1 but outside [0, 1]",
    code: "randomSplit(ds, [1.5, -0.5])",
    call: () => randomSplit(dataset(), [1.5, -0.5]),
    message: "randomSplit(): Fraction at index 0 is not between 0 and 1",
    op: "randomSplit",
  },
  {
    id: "data-collate-unequal",
    group: "Data loading (torch.utils.data)",
    doc: "samples (arrays) of different lengths with the default collate",
    code: "defaultCollate([[1, 2], [3]])",
    call: () => defaultCollate([[1, 2], [3]]),
    message: "default_collate(): each element in list of batch should be of equal size",
    op: "default_collate",
  },
  {
    id: "data-dataset-shape",
    group: "Data loading (torch.utils.data)",
    doc: "something that is not a dataset",
    code: "new DataLoader(5)",
    call: () => new DataLoader(any(5)),
    message: "DataLoader(): dataset must have a getItem(index) method (a Dataset), but got number",
    op: "DataLoader",
    type: "TypeError",
  },
  {
    id: "max-pool2d-layer-kernel-type",
    group: "Pooling, upsampling and Unflatten",
    doc: "a kernel size that is not a number or a list",
    code: 'new MaxPool2d("2")',
    call: () => new MaxPool2d(any("2")),
    message: "MaxPool2d(): argument 'kernel_size' must be an integer or a list of integers, but got string",
    op: "MaxPool2d",
    type: "TypeError",
  },
  {
    id: "max-pool2d-layer-stride-positional",
    group: "Pooling, upsampling and Unflatten",
    doc: "a stride given positionally, as in Python",
    code: "new MaxPool2d(2, 2)",
    call: () => new MaxPool2d(2, any(2)),
    message:
      "MaxPool2d(): expected an options object as argument 2, but got a number (2) (did you mean { stride: 2 }?)",
    op: "MaxPool2d",
    type: "TypeError",
  },
  {
    id: "avg-pool2d-layer-option",
    group: "Pooling, upsampling and Unflatten",
    doc: "a snake_case option",
    code: "new AvgPool2d(2, { count_include_pad: false })",
    call: () => new AvgPool2d(2, any({ count_include_pad: false })),
    message: "AvgPool2d(): got an unexpected option 'count_include_pad' (did you mean 'countIncludePad'?)",
    op: "AvgPool2d",
    type: "TypeError",
  },
  {
    id: "max-pool2d-layer-forward",
    group: "Pooling, upsampling and Unflatten",
    doc: "a kernel larger than the input, found at the forward call",
    code: "new MaxPool2d(7).call(zeros([1, 3, 5, 5]))",
    call: () => new MaxPool2d(7).call(zeros([1, 3, 5, 5])),
    message:
      "max_pool2d(): Given input size: (3x5x5). Calculated output size: (3x0x0). Output size is too small",
    op: "max_pool2d",
  },
  {
    id: "adaptive-avg-pool2d-layer-size",
    group: "Pooling, upsampling and Unflatten",
    doc: "a fractional output size",
    code: "new AdaptiveAvgPool2d([1.5, 2])",
    call: () => new AdaptiveAvgPool2d(any([1.5, 2])),
    message:
      "AdaptiveAvgPool2d(): argument 'output_size' must be an integer, null or a list of them, but got [1.5, 2]",
    op: "AdaptiveAvgPool2d",
    type: "TypeError",
  },
  {
    id: "upsample-mode-type",
    group: "Pooling, upsampling and Unflatten",
    doc: "a mode that is not a string",
    code: "new Upsample({ mode: 3 })",
    call: () => new Upsample(any({ mode: 3 })),
    message: "Upsample(): option 'mode' must be a string, but got a number (3)",
    op: "Upsample",
    type: "TypeError",
  },
  {
    id: "upsample-forward-neither",
    group: "Pooling, upsampling and Unflatten",
    doc: "neither a size nor a scale factor, found at the forward call",
    code: "new Upsample().call(zeros([1, 1, 2, 2]))",
    call: () => new Upsample().call(zeros([1, 1, 2, 2])),
    message: "interpolate(): either size or scale_factor should be defined",
    op: "interpolate",
  },
  {
    id: "unflatten-size-type",
    group: "Pooling, upsampling and Unflatten",
    doc: "a fractional size",
    code: "new Unflatten(1, [2.5, 2])",
    call: () => new Unflatten(1, [2.5, 2]),
    message: "Unflatten(): unflattened_size must be tuple of ints, but found element of type float at pos 0",
    op: "Unflatten",
    type: "TypeError",
  },
  {
    id: "unflatten-sizes-number",
    group: "Pooling, upsampling and Unflatten",
    doc: "a number for the sizes",
    code: "new Unflatten(1, 2)",
    call: () => new Unflatten(1, any(2)),
    message: "Unflatten(): unflattened_size must be a tuple of ints, but found type int",
    op: "Unflatten",
    type: "TypeError",
  },
  {
    id: "unflatten-product",
    group: "Pooling, upsampling and Unflatten",
    doc: "sizes that do not multiply up to the dim's size",
    code: "new Unflatten(1, [2, 2]).call(zeros([3, 5]))",
    call: () => new Unflatten(1, [2, 2]).call(zeros([3, 5])),
    message:
      "unflatten(): Provided sizes [2, 2] don't multiply up to the size of dim 1 (5) in the input tensor",
    op: "unflatten",
  },
  {
    id: "unflatten-two-inferred",
    group: "Pooling, upsampling and Unflatten",
    doc: "two sizes of -1",
    code: "new Unflatten(1, [-1, -1]).call(zeros([3, 4]))",
    call: () => new Unflatten(1, [-1, -1]).call(zeros([3, 4])),
    message: "unflatten(): only one dimension can be inferred",
    op: "unflatten",
  },
  {
    id: "unflatten-empty",
    group: "Pooling, upsampling and Unflatten",
    doc: "no sizes",
    code: "new Unflatten(1, []).call(zeros([3, 4]))",
    call: () => new Unflatten(1, []).call(zeros([3, 4])),
    message: "unflatten(): sizes must be non-empty",
    op: "unflatten",
  },
  // ---- attention and transformers (PyTorch 1.13's messages, after the module's name) -----------
  {
    id: "mha-embed-dim-not-divisible",
    group: "Attention and transformers",
    doc: "an embedDim that numHeads does not divide",
    code: "new MultiheadAttention(8, 3)",
    call: () => new MultiheadAttention(8, 3),
    message: "MultiheadAttention(): embed_dim must be divisible by num_heads (got embedDim=8, numHeads=3)",
    op: "MultiheadAttention",
  },
  {
    id: "mha-zero-heads",
    group: "Attention and transformers",
    doc: "zero heads",
    code: "new MultiheadAttention(8, 0)",
    call: () => new MultiheadAttention(8, 0),
    message: "MultiheadAttention(): numHeads must be positive, got 0",
    op: "MultiheadAttention",
  },
  {
    id: "mha-dropout-range",
    group: "Attention and transformers",
    doc: "a dropout probability above 1",
    code: "new MultiheadAttention(8, 2, { dropout: 1.5 })",
    call: () => new MultiheadAttention(8, 2, { dropout: 1.5 }),
    message: "MultiheadAttention(): dropout probability has to be between 0 and 1, but got 1.5",
    op: "MultiheadAttention",
  },
  {
    id: "mha-query-4d",
    group: "Attention and transformers",
    doc: "a 4-D query",
    code: "mha.call(zeros([1, 4, 3, 8]), k, v)",
    call: () => mha().call(zeros([1, 4, 3, 8]), zeros([1, 4, 3, 8]), zeros([1, 4, 3, 8])),
    message:
      "MultiheadAttention: query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-key-2d",
    group: "Attention and transformers",
    doc: "a batched query with an unbatched key and value",
    code: "mha.call(zeros([4, 3, 8]), zeros([5, 8]), zeros([5, 8]))",
    call: () => mha().call(zeros([4, 3, 8]), zeros([5, 8]), zeros([5, 8])),
    message:
      "MultiheadAttention: For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 2-D tensors respectively",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-embed-dim",
    group: "Attention and transformers",
    doc: "a query with the wrong number of features",
    code: "new MultiheadAttention(8, 2).call(x6, x6, x6)",
    call: () => {
      const x = zeros([4, 3, 6]);
      return mha().call(x, x, x);
    },
    message: "MultiheadAttention: was expecting embedding dimension of 8, but got 6",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-key-value-shapes",
    group: "Attention and transformers",
    doc: "key and value of different lengths",
    code: "mha.call(q, zeros([5, 3, 8]), zeros([6, 3, 8]))",
    call: () => mha().call(zeros([4, 3, 8]), zeros([5, 3, 8]), zeros([6, 3, 8])),
    message:
      "MultiheadAttention: key shape torch.Size([5, 3, 8]) does not match value shape torch.Size([6, 3, 8])",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-kdim",
    group: "Attention and transformers",
    doc: "a key whose features are not kdim",
    code: "new MultiheadAttention(8, 2, { kdim: 6 }).call(q, zeros([5, 3, 5]), zeros([5, 3, 8]))",
    call: () =>
      new MultiheadAttention(8, 2, { kdim: 6 }).call(zeros([4, 3, 8]), zeros([5, 3, 5]), zeros([5, 3, 8])),
    message: "MultiheadAttention: expected key and value with 6 and 8 features (kdim, vdim), but got 5 and 8",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-dtype",
    group: "Attention and transformers",
    doc: "float64 inputs to a float32 module",
    code: "mha.call(x.double(), x.double(), x.double())",
    call: () => {
      const x = zeros([4, 3, 8], { dtype: "float64" });
      return mha().call(x, x, x);
    },
    message:
      "MultiheadAttention: expected query of dtype float32 (the parameters'), but got float64; convert one of them (x.to(...) or module.double())",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-attn-mask-2d-shape",
    group: "Attention and transformers",
    doc: "a 2-D attn_mask that is not [L, S]",
    code: "mha.call(x, x, x, { attnMask: zeros([4, 5]) })",
    call: () => selfAttend({ attnMask: zeros([4, 5]) }),
    message: "MultiheadAttention: The shape of the 2D attn_mask is torch.Size([4, 5]), but should be (4, 4).",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-attn-mask-3d-shape",
    group: "Attention and transformers",
    doc: "a 3-D attn_mask that is not [N·numHeads, L, S]",
    code: "mha.call(x, x, x, { attnMask: zeros([3, 4, 4]) })",
    call: () => selfAttend({ attnMask: zeros([3, 4, 4]) }),
    message:
      "MultiheadAttention: The shape of the 3D attn_mask is torch.Size([3, 4, 4]), but should be (6, 4, 4).",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-attn-mask-4d",
    group: "Attention and transformers",
    doc: "a 4-D attn_mask",
    code: "mha.call(x, x, x, { attnMask: zeros([1, 1, 4, 4]) })",
    call: () => selfAttend({ attnMask: zeros([1, 1, 4, 4]) }),
    message:
      "MultiheadAttention: For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found 4-D tensor instead",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-attn-mask-int",
    group: "Attention and transformers",
    doc: "an integer attn_mask",
    code: 'mha.call(x, x, x, { attnMask: zeros([4, 4], { dtype: "int32" }) })',
    call: () => selfAttend({ attnMask: zeros([4, 4], { dtype: "int32" }) }),
    message: "MultiheadAttention: Only float, byte, and bool types are supported for attn_mask, not int32",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-key-padding-mask-int",
    group: "Attention and transformers",
    doc: "an integer key_padding_mask",
    code: 'mha.call(x, x, x, { keyPaddingMask: zeros([3, 4], { dtype: "int32" }) })',
    call: () => selfAttend({ keyPaddingMask: zeros([3, 4], { dtype: "int32" }) }),
    message:
      "MultiheadAttention: only bool and floating types of key_padding_mask are supported, but got int32",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-key-padding-mask-shape",
    group: "Attention and transformers",
    doc: "a key_padding_mask that is not [N, S]",
    code: 'mha.call(x, x, x, { keyPaddingMask: zeros([3, 5], { dtype: "bool" }) })',
    call: () => selfAttend({ keyPaddingMask: zeros([3, 5], { dtype: "bool" }) }),
    message: "MultiheadAttention: expecting key_padding_mask shape of (3, 4), but got torch.Size([3, 5])",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-key-padding-mask-1d",
    group: "Attention and transformers",
    doc: "a 1-D key_padding_mask with a batched query",
    code: 'mha.call(x, x, x, { keyPaddingMask: zeros([4], { dtype: "bool" }) })',
    call: () => selfAttend({ keyPaddingMask: zeros([4], { dtype: "bool" }) }),
    message:
      "MultiheadAttention: For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found 1-D tensor instead",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-unbatched-attn-mask-shape",
    group: "Attention and transformers",
    doc: "a 3-D attn_mask of an unbatched query that is not [numHeads, L, S]",
    code: "mha.call(x2, x2, x2, { attnMask: zeros([3, 4, 4]) })",
    call: () => {
      const x = zeros([4, 8]);
      return mha().call(x, x, x, { attnMask: zeros([3, 4, 4]) });
    },
    message: "MultiheadAttention: Expected `attn_mask` shape to be (2, 4, 4) but got torch.Size([3, 4, 4])",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-float-masks",
    group: "Attention and transformers",
    doc: "a float attn_mask with a float key_padding_mask (PyTorch 1.13 silently ignores the key padding mask there: its masked_fill skips a float mask)",
    code: "mha.call(x, x, x, { attnMask: zeros([4, 4]), keyPaddingMask: zeros([3, 4]) })",
    call: () => selfAttend({ attnMask: zeros([4, 4]), keyPaddingMask: zeros([3, 4]) }),
    message:
      "MultiheadAttention: masked_fill_ only supports boolean masks, but got mask with dtype float32 (a float attn_mask cannot take a float key_padding_mask)",
    op: "MultiheadAttention",
    prefix: false,
  },
  {
    id: "mha-not-a-tensor",
    group: "Attention and transformers",
    doc: "an array as the query",
    code: "mha.call([[1, 2]], k, v)",
    call: () => mha().call(any([[1, 2]]), zeros([4, 3, 8]), zeros([4, 3, 8])),
    message: "MultiheadAttention: expected query to be a Tensor, but got an array",
    op: "MultiheadAttention",
    prefix: false,
    type: "TypeError",
  },
  // ---- recurrent layers (layers/recurrent.ts) ---------------------------------------------------
  {
    id: "rnn-input-size",
    group: "Recurrent layers",
    doc: "an input whose last dim is not inputSize",
    code: "new LSTM(64, 128).call(zeros([5, 2, 32]))",
    call: () => new LSTM(64, 128).call(zeros([5, 2, 32])),
    message: "LSTM: input.size(-1) must be equal to input_size. Expected 64, got 32",
    op: "LSTM",
    prefix: false,
  },
  {
    id: "rnn-input-rank",
    group: "Recurrent layers",
    doc: "an input that is neither [seq, batch, feature] nor unbatched [seq, feature]",
    code: "new LSTM(3, 4).call(zeros([1, 5, 2, 3]))",
    call: () => new LSTM(3, 4).call(zeros([1, 5, 2, 3])),
    message: "LSTM: input must have 3 dimensions (or 2 for an unbatched sequence), got 4: shape [1, 5, 2, 3]",
    op: "LSTM",
    prefix: false,
  },
  {
    id: "rnn-input-dtype",
    group: "Recurrent layers",
    doc: "a float64 input to a float32 layer",
    code: 'new GRU(3, 4).call(zeros([5, 2, 3], { dtype: "float64" }))',
    call: () => new GRU(3, 4).call(zeros([5, 2, 3], { dtype: "float64" })),
    message:
      "GRU: expected input of dtype float32 (the weights'), but got float64 with shape [5, 2, 3]; convert one of them (x.to(...) or module.double())",
    op: "GRU",
    prefix: false,
  },
  {
    id: "rnn-empty-sequence",
    group: "Recurrent layers",
    doc: "a sequence of no steps",
    code: "new RNN(3, 4).call(zeros([0, 2, 3]))",
    call: () => new RNN(3, 4).call(zeros([0, 2, 3])),
    message: "RNN: Expected sequence length to be larger than 0 in RNN, but got input of shape [0, 2, 3]",
    op: "RNN",
    prefix: false,
  },
  {
    id: "rnn-hidden-size",
    group: "Recurrent layers",
    doc: "an initial state of the wrong shape (here the batch size)",
    code: "new RNN(3, 4).call(zeros([5, 2, 3]), zeros([1, 3, 4]))",
    call: () => new RNN(3, 4).call(zeros([5, 2, 3]), zeros([1, 3, 4])),
    message: "RNN: Expected hidden size (1, 2, 4), got [1, 3, 4]",
    op: "RNN",
    prefix: false,
  },
  {
    id: "lstm-cell-state-size",
    group: "Recurrent layers",
    doc: "an LSTM cell state c0 of the wrong shape",
    code: "new LSTM(3, 4).call(zeros([5, 2, 3]), [zeros([1, 2, 4]), zeros([1, 2, 3])])",
    call: () => new LSTM(3, 4).call(zeros([5, 2, 3]), [zeros([1, 2, 4]), zeros([1, 2, 3])]),
    message: "LSTM: Expected hidden[1] size (1, 2, 4), got [1, 2, 3]",
    op: "LSTM",
    prefix: false,
  },
  {
    id: "rnn-hidden-rank",
    group: "Recurrent layers",
    doc: "a 2-D initial state for a batched (3-D) input",
    code: "new GRU(3, 4).call(zeros([5, 2, 3]), zeros([2, 4]))",
    call: () => new GRU(3, 4).call(zeros([5, 2, 3]), zeros([2, 4])),
    message: "GRU: For batched 3-D input, hx should also be 3-D but got 2-D tensor",
    op: "GRU",
    prefix: false,
  },
  {
    id: "lstm-hidden-rank-unbatched",
    group: "Recurrent layers",
    doc: "3-D initial states for an unbatched (2-D) input",
    code: "new LSTM(3, 4).call(zeros([5, 3]), [zeros([1, 1, 4]), zeros([1, 4])])",
    call: () => new LSTM(3, 4).call(zeros([5, 3]), [zeros([1, 1, 4]), zeros([1, 4])]),
    message: "LSTM: For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 2-D) tensors",
    op: "LSTM",
    prefix: false,
  },
  {
    id: "lstm-hidden-not-pair",
    group: "Recurrent layers",
    doc: "h0 alone given to an LSTM, which takes [h0, c0] (PyTorch's tuple)",
    code: "new LSTM(3, 4).call(x, h0)",
    call: () => new LSTM(3, 4).call(zeros([5, 2, 3]), any(zeros([1, 2, 4]))),
    message: "LSTM: expected hx to be [h0, c0], an array of two Tensors, but got Tensor",
    op: "LSTM",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "transformer-layer-activation",
    group: "Attention and transformers",
    doc: "an activation other than relu, gelu or a function",
    code: 'new TransformerEncoderLayer(8, 2, { activation: "tanh" })',
    call: () => new TransformerEncoderLayer(8, 2, { activation: any("tanh") }),
    message: "TransformerEncoderLayer(): activation should be relu/gelu, not tanh",
    op: "TransformerEncoderLayer",
  },
  {
    id: "transformer-layer-dropout",
    group: "Attention and transformers",
    doc: "a negative dropout probability",
    code: "new TransformerDecoderLayer(8, 2, { dropout: -0.1 })",
    call: () => new TransformerDecoderLayer(8, 2, { dropout: -0.1 }),
    message: "TransformerDecoderLayer(): dropout probability has to be between 0 and 1, but got -0.1",
    op: "TransformerDecoderLayer",
  },
  {
    id: "transformer-encoder-not-a-layer",
    group: "Attention and transformers",
    doc: "a TransformerEncoder of something other than an encoder layer",
    code: "new TransformerEncoder(new Linear(8, 8), 2)",
    call: () => new TransformerEncoder(any(new Linear(8, 8)), 2),
    message: "TransformerEncoder(): encoder_layer must be a TransformerEncoderLayer, but got Linear",
    op: "TransformerEncoder",
    type: "TypeError",
  },
  {
    id: "transformer-encoder-num-layers",
    group: "Attention and transformers",
    doc: "a negative number of layers",
    code: "new TransformerEncoder(layer, -1)",
    call: () => new TransformerEncoder(new TransformerEncoderLayer(8, 2, { dimFeedforward: 8 }), -1),
    message: "TransformerEncoder(): numLayers must be a non-negative integer, got -1",
    op: "TransformerEncoder",
  },
  {
    id: "transformer-batch",
    group: "Attention and transformers",
    doc: "src and tgt of different batch sizes",
    code: "transformer.call(zeros([4, 2, 8]), zeros([4, 3, 8]))",
    call: () => smallTransformer().call(zeros([4, 2, 8]), zeros([4, 3, 8])),
    message:
      "Transformer: the batch number of src and tgt must be equal (src torch.Size([4, 2, 8]), tgt torch.Size([4, 3, 8]))",
    op: "Transformer",
    prefix: false,
  },
  {
    id: "transformer-features",
    group: "Attention and transformers",
    doc: "src and tgt whose features are not d_model",
    code: "transformer.call(zeros([4, 2, 6]), zeros([4, 2, 6]))",
    call: () => smallTransformer().call(zeros([4, 2, 6]), zeros([4, 2, 6])),
    message:
      "Transformer: the feature number of src and tgt must be equal to d_model (8), but got src torch.Size([4, 2, 6]), tgt torch.Size([4, 2, 6])",
    op: "Transformer",
    prefix: false,
  },
  {
    id: "square-subsequent-mask-size",
    group: "Attention and transformers",
    doc: "a negative mask size",
    code: "Transformer.generateSquareSubsequentMask(-1)",
    call: () => Transformer.generateSquareSubsequentMask(-1),
    message: "generateSquareSubsequentMask(): sz must be a non-negative integer, got -1",
    op: "generateSquareSubsequentMask",
  },
  {
    id: "rnn-dropout-range",
    group: "Recurrent layers",
    doc: "a dropout probability outside [0, 1]",
    code: "new LSTM(3, 4, { numLayers: 2, dropout: 1.5 })",
    call: () => new LSTM(3, 4, { numLayers: 2, dropout: 1.5 }),
    message:
      "LSTM(): dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got 1.5",
    op: "LSTM",
  },
  {
    id: "rnn-num-layers",
    group: "Recurrent layers",
    doc: "zero layers",
    code: "new RNN(3, 4, { numLayers: 0 })",
    call: () => new RNN(3, 4, { numLayers: 0 }),
    message: "RNN(): num_layers must be greater than zero, got 0",
    op: "RNN",
  },
  {
    id: "rnn-hidden-zero",
    group: "Recurrent layers",
    doc: "a hidden size of 0",
    code: "new GRU(3, 0)",
    call: () => new GRU(3, 0),
    message: "GRU(): hidden_size must be greater than zero",
    op: "GRU",
  },
  {
    id: "lstm-proj-size",
    group: "Recurrent layers",
    doc: "a projection no smaller than the hidden state",
    code: "new LSTM(3, 4, { projSize: 4 })",
    call: () => new LSTM(3, 4, { projSize: 4 }),
    message: "LSTM(): proj_size has to be smaller than hidden_size (got proj_size=4, hidden_size=4)",
    op: "LSTM",
  },
  {
    id: "gru-proj-size",
    group: "Recurrent layers",
    doc: "projSize given to a GRU or an RNN",
    code: "new GRU(3, 4, { projSize: 2 })",
    call: () => new GRU(3, 4, any({ projSize: 2 })),
    message: "GRU(): proj_size argument is only supported for LSTM, not RNN or GRU",
    op: "GRU",
  },
  {
    id: "rnn-nonlinearity",
    group: "Recurrent layers",
    doc: "an unknown nonlinearity",
    code: 'new RNN(3, 4, { nonlinearity: "sigmoid" })',
    call: () => new RNN(3, 4, { nonlinearity: any("sigmoid") }),
    message: "RNN(): Unknown nonlinearity 'sigmoid'",
    op: "RNN",
  },
  {
    id: "rnn-cell-nonlinearity",
    group: "Recurrent layers",
    doc: "an unknown nonlinearity for a cell (PyTorch raises it at the first forward)",
    code: 'new RNNCell(3, 4, { nonlinearity: "sigmoid" })',
    call: () => new RNNCell(3, 4, { nonlinearity: any("sigmoid") }),
    message: "RNNCell(): Unknown nonlinearity: sigmoid",
    op: "RNNCell",
  },
  {
    id: "rnn-cell-input-size",
    group: "Recurrent layers",
    doc: "a cell input whose last dim is not inputSize",
    code: "new RNNCell(3, 4).call(zeros([2, 5]))",
    call: () => new RNNCell(3, 4).call(zeros([2, 5])),
    message: "RNNCell: input has inconsistent input_size: got 5 expected 3",
    op: "RNNCell",
    prefix: false,
  },
  {
    id: "rnn-cell-input-rank",
    group: "Recurrent layers",
    doc: "a sequence given to a cell, which takes one step",
    code: "new GRUCell(3, 4).call(zeros([1, 2, 3]))",
    call: () => new GRUCell(3, 4).call(zeros([1, 2, 3])),
    message: "GRUCell: Expected input to be 1-D or 2-D but received 3-D tensor",
    op: "GRUCell",
    prefix: false,
  },
  {
    id: "rnn-cell-hidden-batch",
    group: "Recurrent layers",
    doc: "a cell state whose batch size differs from the input's",
    code: "new RNNCell(3, 4).call(zeros([2, 3]), zeros([3, 4]))",
    call: () => new RNNCell(3, 4).call(zeros([2, 3]), zeros([3, 4])),
    message: "RNNCell: Input batch size 2 doesn't match hidden0 batch size 3",
    op: "RNNCell",
    prefix: false,
  },
  {
    id: "lstm-cell-hidden-size",
    group: "Recurrent layers",
    doc: "an LSTMCell cell state of the wrong size",
    code: "new LSTMCell(3, 4).call(zeros([2, 3]), [zeros([2, 4]), zeros([2, 5])])",
    call: () => new LSTMCell(3, 4).call(zeros([2, 3]), [zeros([2, 4]), zeros([2, 5])]),
    message: "LSTMCell: hidden1 has inconsistent hidden_size: got 5, expected 4",
    op: "LSTMCell",
    prefix: false,
  },
  {
    id: "rnn-cell-hidden-rank",
    group: "Recurrent layers",
    doc: "an unbatched cell state for a batched input",
    code: "new GRUCell(3, 4).call(zeros([2, 3]), zeros([4]))",
    call: () => new GRUCell(3, 4).call(zeros([2, 3]), zeros([4])),
    message: "GRUCell: Expected hx to be 2-D like the input, but got 1-D tensor of shape [4]",
    op: "GRUCell",
    prefix: false,
  },

  // ---- convolution layers ----------------------------------------------------------------------
  {
    id: "conv-groups",
    group: "Convolution layers",
    doc: "in_channels not divisible by groups",
    code: "new Conv2d(3, 4, 3, { groups: 2 })",
    call: () => new nn.Conv2d(3, 4, 3, { groups: 2 }),
    message: "Conv2d(): in_channels must be divisible by groups",
    op: "Conv2d",
  },
  {
    id: "conv-out-groups",
    group: "Convolution layers",
    doc: "out_channels not divisible by groups",
    code: "new Conv2d(4, 3, 3, { groups: 2 })",
    call: () => new nn.Conv2d(4, 3, 3, { groups: 2 }),
    message: "Conv2d(): out_channels must be divisible by groups",
    op: "Conv2d",
  },
  {
    id: "conv-groups-positive",
    group: "Convolution layers",
    doc: "groups 0",
    code: "new Conv1d(2, 4, 3, { groups: 0 })",
    call: () => new nn.Conv1d(2, 4, 3, { groups: 0 }),
    message: "Conv1d(): groups must be a positive integer",
    op: "Conv1d",
  },
  {
    id: "conv-same-strided",
    group: "Convolution layers",
    doc: "padding 'same' with a stride",
    code: 'new Conv2d(4, 3, 3, { padding: "same", stride: 2 })',
    call: () => new nn.Conv2d(4, 3, 3, { padding: "same", stride: 2 }),
    message: "Conv2d(): padding='same' is not supported for strided convolutions",
    op: "Conv2d",
  },
  {
    id: "conv-padding-mode",
    group: "Convolution layers",
    doc: "an unknown padding mode",
    code: 'new Conv2d(4, 3, 3, { paddingMode: "mirror" })',
    call: () => new nn.Conv2d(4, 3, 3, { paddingMode: any("mirror") }),
    message:
      "Conv2d(): padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='mirror'",
    op: "Conv2d",
  },
  {
    id: "conv-transpose-padding-mode",
    group: "Convolution layers",
    doc: "a padding mode other than zeros for a transposed convolution",
    code: 'new ConvTranspose2d(4, 3, 3, { paddingMode: "reflect" })',
    call: () => new nn.ConvTranspose2d(4, 3, 3, { paddingMode: "reflect" }),
    message: 'ConvTranspose2d(): Only "zeros" padding mode is supported for ConvTranspose2d',
    op: "ConvTranspose2d",
  },
  {
    id: "conv-kernel-size-length",
    group: "Convolution layers",
    doc: "a kernel size with more values than spatial dims",
    code: "new Conv2d(4, 3, [3, 3, 3])",
    call: () => new nn.Conv2d(4, 3, [3, 3, 3]),
    message: "Conv2d(): kernel_size must be an integer or a list of 2 integers, got [3, 3, 3]",
    op: "Conv2d",
  },
  {
    id: "conv-reflect-too-big",
    group: "Convolution layers",
    doc: "reflect padding as large as the input",
    code: 'new Conv2d(1, 1, 3, { padding: 3, paddingMode: "reflect" }).call(zeros([1, 1, 3, 3]))',
    call: () => new nn.Conv2d(1, 1, 3, { padding: 3, paddingMode: "reflect" }).call(zeros([1, 1, 3, 3])),
    message:
      "Conv2d: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 1, 3, 3]",
    op: "Conv2d",
    prefix: false,
  },
  {
    id: "conv-transpose-output-size",
    group: "Convolution layers",
    doc: "an output size a transposed convolution cannot give",
    code: "new ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14, 12])",
    call: () => new nn.ConvTranspose2d(3, 2, 3, { stride: 2 }).call(zeros([2, 3, 5, 5]), [14, 12]),
    message:
      "ConvTranspose2d: requested an output size of [14, 12], but valid sizes range from [11, 11] to [12, 12] (for an input of torch.Size([5, 5]))",
    op: "ConvTranspose2d",
    prefix: false,
  },
  {
    id: "conv-input-channels",
    group: "Convolution layers",
    doc: "an input with other channels than the layer's",
    code: "new Conv2d(2, 3, 3).call(zeros([1, 3, 5, 5]))",
    call: () => new nn.Conv2d(2, 3, 3).call(zeros([1, 3, 5, 5])),
    message:
      "conv2d(): Given groups=1, weight of size [3, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead",
    op: "conv2d",
  },
  // ---- Module backward hooks ---------------------------------------------------------------
  {
    id: "module-full-backward-hook-count",
    group: "Module backward hooks",
    doc: "a full backward hook that returns more input gradients than the module has inputs",
    code: "lin.registerFullBackwardHook((m, gi) => [gi[0], gi[0]]); lin.call(x).sum().backward()",
    call: () => {
      const lin = new nn.Linear(3, 2);
      lin.registerFullBackwardHook((_m, gi) => [gi[0]!, gi[0]!]);
      lin
        .call(leaf([2, 3]))
        .sum()
        .backward();
    },
    message:
      "registerFullBackwardHook(): Backward hook returned an invalid number of grad_input, got 2, but expected 1",
    op: "registerFullBackwardHook",
  },
  {
    id: "module-full-backward-hook-type",
    group: "Module backward hooks",
    doc: "a full backward hook that returns something other than an array of tensors",
    code: "lin.registerFullBackwardHook(() => 1); lin.call(x).sum().backward()",
    call: () => {
      const lin = new nn.Linear(3, 2);
      lin.registerFullBackwardHook(() => any(1));
      lin
        .call(leaf([2, 3]))
        .sum()
        .backward();
    },
    message:
      "registerFullBackwardHook(): a backward hook must return an array of Tensors (or nulls) or undefined",
    op: "registerFullBackwardHook",
    type: "TypeError",
  },
  {
    id: "train-loop-missing-option",
    group: "Training loop",
    doc: "trainLoop without one of model, optimizer, loss, data, epochs",
    code: "trainLoop({ model, optimizer, loss, data: [[x, y]] })",
    call: () => {
      const model = new Linear(2, 1);
      return nn.trainLoop(any({ model, optimizer: sgd(), loss: (a: Tensor) => a.sum(), data: [] }));
    },
    message: "trainLoop(): missing required option 'epochs'",
    op: "trainLoop",
    type: "TypeError",
  },
  {
    id: "train-loop-negative-epochs",
    group: "Training loop",
    doc: "a negative number of epochs",
    code: "trainLoop({ ..., epochs: -1 })",
    call: () =>
      nn.trainLoop({
        model: new Linear(2, 1),
        optimizer: sgd(),
        loss: (a: Tensor) => a.sum(),
        data: [],
        epochs: -1,
      }),
    message: "trainLoop(): epochs must be a non-negative integer, but got -1",
    op: "trainLoop",
  },
  {
    id: "train-loop-not-an-optimizer",
    group: "Training loop",
    doc: "a model (or anything without zeroGrad() and step()) passed as the optimizer",
    code: "trainLoop({ model, optimizer: model, ... })",
    call: () => {
      const model = new Linear(2, 1);
      return nn.trainLoop({
        model,
        optimizer: any(model),
        loss: (a: Tensor) => a.sum(),
        data: [],
        epochs: 1,
      });
    },
    message:
      "trainLoop(): option 'optimizer' must be an optimizer (an object with zeroGrad() and step()), but got an object",
    op: "trainLoop",
    type: "TypeError",
  },
  {
    id: "train-loop-data-not-iterable",
    group: "Training loop",
    doc: "data that is not an iterable of [input, target] batches",
    code: "trainLoop({ ..., data: { x, y } })",
    call: () =>
      nn.trainLoop({
        model: new Linear(2, 1),
        optimizer: sgd(),
        loss: (a: Tensor) => a.sum(),
        data: any({ x: zeros([2, 2]), y: zeros([2]) }),
        epochs: 1,
      }),
    message: "trainLoop(): option 'data' must be an iterable of [input, target] batches, but got an object",
    op: "trainLoop",
    type: "TypeError",
  },
  {
    id: "indexeddb-unavailable",
    group: "Browser storage",
    doc: "saving to IndexedDB where there is none (Node)",
    code: "saveToIndexedDB(model.stateDict(), 'my-model')",
    call: () => nn.saveToIndexedDB(new Linear(2, 1).stateDict(), "my-model"),
    message:
      "saveToIndexedDB(): indexedDB is not available here (it is a browser API); in Node, use saveFile / loadFile from @tsgrad/nn/node-io",
    op: "saveToIndexedDB",
  },
  {
    id: "indexeddb-key",
    group: "Browser storage",
    doc: "an IndexedDB key that is not a non-empty string",
    code: "loadFromIndexedDB(3)",
    call: () => nn.loadFromIndexedDB(any(3)),
    message: "loadFromIndexedDB(): key must be a non-empty string, but got 3",
    op: "loadFromIndexedDB",
    type: "TypeError",
  },
  {
    id: "download-no-document",
    group: "Browser storage",
    doc: "a download where there is no page (Node, a worker)",
    code: "downloadSafetensors(model.stateDict())",
    call: () => nn.downloadSafetensors(new Linear(2, 1).stateDict()),
    message:
      "downloadSafetensors(): there is no document here (it needs a page); in a worker, post saveSafetensors(stateDict) to the page, and in Node use saveFile from @tsgrad/nn/node-io",
    op: "downloadSafetensors",
  },

  // ---- ONNX export -----------------------------------------------------------------------------
  {
    id: "onnx-unsupported-module",
    group: "ONNX export",
    doc: "exporting a module type the exporter does not know",
    code: "exportOnnx(new Sequential(new Linear(2, 4), new Upsample({ scaleFactor: 2 })), x)",
    call: () => exportOnnx(new Sequential(new Linear(2, 4), new Upsample({ scaleFactor: 2 })), zeros([1, 2])),
    message:
      /^exportOnnx\(\): cannot export Upsample \('1'\): no ONNX exporter for this module type\. Supported: .*Sequential.*; for another module, register one with registerOnnxExporter/,
    op: "exportOnnx",
  },
  {
    id: "onnx-overridden-forward",
    group: "ONNX export",
    doc: "a subclass of a known layer that overrides forward",
    code: "class Doubled extends Linear { forward(x) { return super.forward(x).mul(2); } }",
    call: () => {
      class Doubled extends Linear {
        static override readonly typeName: string = "Doubled";
        override forward(input: Tensor): Tensor {
          return super.forward(input).mul(2);
        }
      }
      return exportOnnx(new Doubled(2, 2), zeros([1, 2]));
    },
    message:
      /^exportOnnx\(\): cannot export Doubled \(the model\): its forward\(\) is not Linear's, so Linear's exporter does not apply/,
    op: "exportOnnx",
  },
  {
    id: "onnx-unsupported-setting",
    group: "ONNX export",
    doc: "a layer setting with no ONNX form",
    code: "exportOnnx(new Conv2d(1, 1, 3, { paddingMode: 'reflect' }), x)",
    call: () => exportOnnx(new nn.Conv2d(1, 1, 3, { paddingMode: "reflect" }), zeros([1, 1, 4, 4])),
    message:
      "exportOnnx(): cannot export Conv2d (the model): paddingMode 'reflect' is not supported (only 'zeros')",
    op: "exportOnnx",
  },
  {
    id: "onnx-opset-range",
    group: "ONNX export",
    doc: "an opset outside the exporter's range",
    code: "exportOnnx(model, x, { opsetVersion: 13 })",
    call: () => exportOnnx(new Linear(2, 2), zeros([1, 2]), { opsetVersion: 13 }),
    message:
      "exportOnnx(): opsetVersion must be from 17 to 21, but got 13 (LayerNormalization needs opset 17)",
    op: "exportOnnx",
  },
  {
    id: "onnx-unknown-option",
    group: "ONNX export",
    doc: "torch.onnx.export's snake_case keyword",
    code: "exportOnnx(model, x, { dynamic_axes: { input: [0] } })",
    call: () => exportOnnx(new Linear(2, 2), zeros([1, 2]), { dynamic_axes: { input: [0] } } as never),
    message: "exportOnnx(): got an unexpected option 'dynamic_axes' (did you mean 'dynamicAxes'?)",
    op: "exportOnnx",
    type: "TypeError",
  },
  {
    id: "onnx-dynamic-axes-name",
    group: "ONNX export",
    doc: "dynamicAxes naming a value that is not an input or output",
    code: "exportOnnx(model, x, { dynamicAxes: { x: [0] } })",
    call: () => exportOnnx(new Linear(2, 2), zeros([1, 2]), { dynamicAxes: { x: [0] } }),
    message:
      "exportOnnx(): option 'dynamicAxes' names 'x', which is not an input or output (those are 'input', 'output')",
    op: "exportOnnx",
  },
];

/** Inputs of @tsgrad/nn that are deliberately not errors. */
export const nnBehaviourNotes: BehaviourNote[] = [
  {
    id: "dropout-p-one",
    doc: "Dropout with p = 1 in training mode",
    code: "new Dropout(1).call(ones([3]))",
    run: () => new Dropout(1).call(tensor([1, 2, 3]).float()),
    result: "tensor([0., 0., 0.])",
    why: "every element is dropped; PyTorch also returns zeros (not NaN from the 1/(1 − p) scale)",
  },
  {
    id: "kaiming-zero-size",
    doc: "kaiming init of a tensor with a zero-size dim",
    code: "init.kaimingUniform_(zeros([0, 3]))",
    run: () => init.kaimingUniform_(zeros([0, 3])),
    result: "tensor([], size=(0, 3))",
    why: "nothing to fill; PyTorch warns and does the same",
  },
  {
    id: "options-undefined-value",
    doc: "an option set to undefined",
    code: "new Adam(ps, { lr: undefined }).paramGroups[0].lr",
    run: () => new Adam([leaf([2])], { lr: undefined }).paramGroups[0]!.lr,
    result: "0.001",
    why: "undefined is JS's way to leave an option out (e.g. `{ lr: args.lr }`), so it means the default, as an omitted keyword does",
  },
  {
    id: "optim-load-torch-only-keys",
    doc: "loading an optimizer state dict whose groups hold keys tsgrad's options lack",
    code: "sd.param_groups[0].foreach = null; opt.loadStateDict(sd)",
    run: () => {
      const opt = new SGD([leaf([2])], { lr: 0.1 });
      const sd = opt.stateDict();
      sd.param_groups[0]!.foreach = null;
      opt.loadStateDict(sd);
      return "foreach" in opt.paramGroups[0]!;
    },
    result: "true",
    why: "PyTorch's own state dicts carry `foreach`, `differentiable`, `capturable`; they load as saved. Only options the user writes are checked",
  },
  {
    id: "rnn-dropout-one-layer",
    doc: "dropout on a one-layer RNN, LSTM or GRU",
    code: "new LSTM(3, 4, { dropout: 0.5 })",
    run: () => {
      const lstm = new LSTM(3, 4, { dropout: 0.5 });
      const x = zeros([2, 1, 3]).add(1);
      return Boolean(lstm.call(x)[0].eq(lstm.call(x)[0]).all().item());
    },
    result: "true",
    why: "dropout acts between layers, so a single layer has none and is deterministic in training mode; PyTorch warns and does the same",
  },
];
