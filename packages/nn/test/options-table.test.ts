import { type Tensor, zeros } from "@tsgrad/core";
import { type OptionsRow, describeOptionsTable } from "../../core/test/options-scan.js";
import * as nn from "../src/index.js";
import { exportOnnxFile } from "../src/node-io.js";
import { exportOnnx } from "../src/onnx/index.js";

const leaf = (): Tensor => zeros([2], { requiresGrad: true });
const sgd = () => new nn.SGD([leaf()], { lr: 0.1 });
// The transformer rows: d_model 4, 2 heads, a 4-wide feed-forward, one layer each side, on a
// [3, 1, 4] source and a [2, 1, 4] target.
const encoderLayer = () => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 4 });
const decoderLayer = () => new nn.TransformerDecoderLayer(4, 2, { dimFeedforward: 4 });
const tinyTransformer = () => ({
  dModel: 4,
  nhead: 2,
  numEncoderLayers: 1,
  numDecoderLayers: 1,
  dimFeedforward: 4,
});
const src = () => zeros([3, 1, 4]);
const tgt = () => zeros([2, 1, 4]);

/** Every option-taking function, method and constructor of @tsgrad/nn, called with an unknown key. */
const ROWS: OptionsRow[] = [
  {
    where: "module.ts:registerBuffer",
    op: "registerBuffer",
    call: (o) => new nn.Module().registerBuffer("b", null, o),
  },
  { where: "module.ts:zeroGrad", op: "zeroGrad", call: (o) => new nn.Linear(2, 2).zeroGrad(o) },
  { where: "module.ts:to", op: "to", call: (o) => new nn.Linear(2, 2).to(o) },
  {
    where: "module.ts:namedParameters",
    op: "namedParameters",
    call: (o) => new nn.Linear(2, 2).namedParameters(o),
  },
  { where: "module.ts:parameters", op: "parameters", call: (o) => new nn.Linear(2, 2).parameters(o) },
  { where: "module.ts:namedBuffers", op: "namedBuffers", call: (o) => new nn.Linear(2, 2).namedBuffers(o) },
  { where: "module.ts:buffers", op: "buffers", call: (o) => new nn.Linear(2, 2).buffers(o) },
  { where: "module.ts:stateDict", op: "stateDict", call: (o) => new nn.Linear(2, 2).stateDict(o) },
  {
    where: "module.ts:loadStateDict",
    op: "loadStateDict",
    call: (o) => {
      const lin = new nn.Linear(2, 2);
      lin.loadStateDict(lin.stateDict(), o);
    },
  },
  { where: "layers/linear.ts:Linear", op: "Linear", call: (o) => new nn.Linear(2, 2, o) },
  { where: "layers/activation.ts:ReLU", op: "ReLU", call: (o) => new nn.ReLU(o) },
  { where: "layers/activation.ts:LeakyReLU", op: "LeakyReLU", call: (o) => new nn.LeakyReLU(0.1, o) },
  { where: "layers/activation.ts:ELU", op: "ELU", call: (o) => new nn.ELU(1, o) },
  // PyTorch's keywords in the leading number's place: nn.LeakyReLU(negative_slope=0.2, inplace=True).
  { where: "layers/activation.ts:leadingNumber", op: "LeakyReLU", call: (o) => new nn.LeakyReLU(o) },
  { op: "ELU", call: (o) => new nn.ELU(o) },
  { op: "Softmax", call: (o) => new nn.Softmax({ dim: 1, ...o }) },
  { op: "Softplus", call: (o) => new nn.Softplus(o) },
  { op: "Dropout", call: (o) => new nn.Dropout(o) },
  { op: "Unflatten", call: (o) => new nn.Unflatten({ dim: 1, unflattenedSize: [2], ...o }) },
  { where: "layers/linear.ts:Flatten", op: "Flatten", call: (o) => new nn.Flatten(o) },
  { where: "layers/activation.ts:SiLU", op: "SiLU", call: (o) => new nn.SiLU(o) },
  { where: "layers/normalization.ts:LayerNorm", op: "LayerNorm", call: (o) => new nn.LayerNorm(2, o) },
  { where: "layers/embedding.ts:Embedding", op: "Embedding", call: (o) => new nn.Embedding(3, 2, o) },
  {
    where: "layers/embedding.ts:fromPretrained",
    op: "Embedding.fromPretrained",
    call: (o) => nn.Embedding.fromPretrained(zeros([3, 2]), o),
  },
  // One constructor (the base's) checks the options of all three, under the name of the class built.
  { where: "layers/dropout.ts:DropoutNd", op: "Dropout", call: (o) => new nn.Dropout(0.5, o) },
  {
    where: "data/dataloader.ts:DataLoader",
    op: "DataLoader",
    call: (o) => new nn.DataLoader(new nn.TensorDataset(zeros([2])), o),
  },
  {
    where: "data/sampler.ts:RandomSampler",
    op: "RandomSampler",
    call: (o) => new nn.RandomSampler(new nn.TensorDataset(zeros([2])), o),
  },
  {
    where: "data/dataset.ts:randomSplit",
    op: "randomSplit",
    call: (o) => nn.randomSplit(new nn.TensorDataset(zeros([2])), [1, 1], o),
  },
  { where: "layers/activation.ts:GELU", op: "GELU", call: (o) => new nn.GELU(o) },
  {
    where: "layers/transformer.ts:MultiheadAttention",
    op: "MultiheadAttention",
    call: (o) => new nn.MultiheadAttention(4, 2, o),
  },
  {
    where: "layers/transformer.ts:forward",
    op: "MultiheadAttention.forward",
    call: (o) => {
      const x = zeros([3, 1, 4]);
      new nn.MultiheadAttention(4, 2).call(x, x, x, o);
    },
  },
  {
    where: "layers/transformer.ts:NonDynamicallyQuantizableLinear",
    op: "Linear",
    call: (o) => new nn.NonDynamicallyQuantizableLinear(2, 2, o),
  },
  {
    where: "layers/transformer.ts:TransformerEncoderLayer",
    op: "TransformerEncoderLayer",
    call: (o) => new nn.TransformerEncoderLayer(4, 2, o),
  },
  {
    op: "TransformerEncoderLayer.forward",
    call: (o) => encoderLayer().call(src(), o),
  },
  {
    where: "layers/transformer.ts:TransformerDecoderLayer",
    op: "TransformerDecoderLayer",
    call: (o) => new nn.TransformerDecoderLayer(4, 2, o),
  },
  {
    op: "TransformerDecoderLayer.forward",
    call: (o) => decoderLayer().call(src(), tgt(), o),
  },
  {
    where: "layers/transformer.ts:TransformerEncoder",
    op: "TransformerEncoder",
    call: (o) => new nn.TransformerEncoder(encoderLayer(), 1, o),
  },
  {
    op: "TransformerEncoder.forward",
    call: (o) => new nn.TransformerEncoder(encoderLayer(), 1).call(src(), o),
  },
  {
    where: "layers/transformer.ts:TransformerDecoder",
    op: "TransformerDecoder",
    call: (o) => new nn.TransformerDecoder(decoderLayer(), 1, o),
  },
  {
    op: "TransformerDecoder.forward",
    call: (o) => new nn.TransformerDecoder(decoderLayer(), 1).call(src(), tgt(), o),
  },
  {
    where: "layers/transformer.ts:Transformer",
    op: "Transformer",
    call: (o) => new nn.Transformer({ ...tinyTransformer(), ...o }),
  },
  {
    op: "Transformer.forward",
    call: (o) => new nn.Transformer(tinyTransformer()).call(src(), tgt(), o),
  },
  {
    where: "layers/transformer.ts:generateSquareSubsequentMask",
    op: "generateSquareSubsequentMask",
    call: (o) => nn.Transformer.generateSquareSubsequentMask(2, o),
  },
  { where: "init.ts:uniform_", op: "uniform_", call: (o) => nn.init.uniform_(zeros([2, 2]), o) },
  { where: "init.ts:normal_", op: "normal_", call: (o) => nn.init.normal_(zeros([2, 2]), o) },
  { where: "init.ts:truncNormal_", op: "truncNormal_", call: (o) => nn.init.truncNormal_(zeros([2, 2]), o) },
  { where: "init.ts:orthogonal_", op: "orthogonal_", call: (o) => nn.init.orthogonal_(zeros([2, 2]), o) },
  ...(["xavierUniform_", "xavierNormal_", "kaimingUniform_", "kaimingNormal_"] as const).map(
    (op): OptionsRow => ({ where: `init.ts:${op}`, op, call: (o) => nn.init[op](zeros([2, 2]), o) }),
  ),
  { where: "optim/sgd.ts:SGD", op: "SGD", call: (o) => new nn.SGD([leaf()], { lr: 0.1, ...o }) },
  { where: "optim/adam.ts:Adam", op: "Adam", call: (o) => new nn.Adam([leaf()], o) },
  { where: "optim/adam.ts:AdamW", op: "AdamW", call: (o) => new nn.AdamW([leaf()], o) },
  { where: "optim/rmsprop.ts:RMSprop", op: "RMSprop", call: (o) => new nn.RMSprop([leaf()], o) },
  { where: "optim/adagrad.ts:Adagrad", op: "Adagrad", call: (o) => new nn.Adagrad([leaf()], o) },
  { where: "optim/adadelta.ts:Adadelta", op: "Adadelta", call: (o) => new nn.Adadelta([leaf()], o) },
  { where: "optim/adamax.ts:Adamax", op: "Adamax", call: (o) => new nn.Adamax([leaf()], o) },
  { where: "optim/nadam.ts:NAdam", op: "NAdam", call: (o) => new nn.NAdam([leaf()], o) },
  { where: "optim/radam.ts:RAdam", op: "RAdam", call: (o) => new nn.RAdam([leaf()], o) },
  { op: "RMSprop", call: (o) => new nn.RMSprop([{ params: [leaf()], ...o }]) },
  { where: "utils/rnn.ts:padSequence", op: "padSequence", call: (o) => nn.padSequence([zeros([2])], o) },
  {
    where: "utils/rnn.ts:packPaddedSequence",
    op: "packPaddedSequence",
    call: (o) => nn.packPaddedSequence(zeros([2, 1]), [2], o),
  },
  {
    where: "utils/rnn.ts:padPackedSequence",
    op: "padPackedSequence",
    call: (o) => nn.padPackedSequence(nn.packSequence([zeros([2])]), o),
  },
  { where: "utils/rnn.ts:packSequence", op: "packSequence", call: (o) => nn.packSequence([zeros([2])], o) },
  {
    where: "utils/clip-grad.ts:clipGradNorm_",
    op: "clipGradNorm_",
    call: (o) => nn.clipGradNorm_([leaf()], 1, o),
  },
  {
    where: "optim/lr-scheduler-more.ts:ExponentialLR",
    op: "ExponentialLR",
    call: (o) => new nn.ExponentialLR(sgd(), { gamma: 0.9, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:MultiStepLR",
    op: "MultiStepLR",
    call: (o) => new nn.MultiStepLR(sgd(), { milestones: [2], ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:ConstantLR",
    op: "ConstantLR",
    call: (o) => new nn.ConstantLR(sgd(), o),
  },
  { where: "optim/lr-scheduler-more.ts:LinearLR", op: "LinearLR", call: (o) => new nn.LinearLR(sgd(), o) },
  {
    where: "optim/lr-scheduler-more.ts:SequentialLR",
    op: "SequentialLR",
    call: (o) => {
      const opt = sgd();
      return new nn.SequentialLR(opt, { schedulers: [new nn.ConstantLR(opt)], milestones: [], ...o });
    },
  },
  {
    where: "optim/lr-scheduler-more.ts:OneCycleLR",
    op: "OneCycleLR",
    call: (o) => new nn.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 5, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:CosineAnnealingWarmRestarts",
    op: "CosineAnnealingWarmRestarts",
    call: (o) => new nn.CosineAnnealingWarmRestarts(sgd(), { t0: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:ReduceLROnPlateau",
    op: "ReduceLROnPlateau",
    call: (o) => new nn.ReduceLROnPlateau(sgd(), o),
  },
  { where: "optim/optimizer.ts:zeroGrad", op: "zeroGrad", call: (o) => sgd().zeroGrad(o) },
  // Parameter groups, given to the constructor or added later.
  { op: "SGD", call: (o) => new nn.SGD([{ params: [leaf()], ...o }], { lr: 0.1 }) },
  { op: "Adam", call: (o) => new nn.Adam([{ params: [leaf()], ...o }]) },
  { op: "SGD.addParamGroup", call: (o) => sgd().addParamGroup({ params: [leaf()], ...o }) },
  {
    where: "optim/lr-scheduler.ts:StepLR",
    op: "StepLR",
    call: (o) => new nn.StepLR(sgd(), { stepSize: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler.ts:CosineAnnealingLR",
    op: "CosineAnnealingLR",
    call: (o) => new nn.CosineAnnealingLR(sgd(), { tMax: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler.ts:LambdaLR",
    op: "LambdaLR",
    call: (o) => new nn.LambdaLR(sgd(), { lrLambda: () => 1, ...o }),
  },
  { op: "LambdaLR", call: (o) => new nn.LambdaLR(sgd(), () => 1, o) }, // the positional lr_lambda
  { where: "layers/normalization.ts:BatchNorm1d", op: "BatchNorm1d", call: (o) => new nn.BatchNorm1d(2, o) },
  { where: "layers/normalization.ts:BatchNorm2d", op: "BatchNorm2d", call: (o) => new nn.BatchNorm2d(2, o) },
  {
    where: "layers/normalization.ts:InstanceNorm1d",
    op: "InstanceNorm1d",
    call: (o) => new nn.InstanceNorm1d(2, o),
  },
  {
    where: "layers/normalization.ts:InstanceNorm2d",
    op: "InstanceNorm2d",
    call: (o) => new nn.InstanceNorm2d(2, o),
  },
  { where: "layers/normalization.ts:GroupNorm", op: "GroupNorm", call: (o) => new nn.GroupNorm(1, 2, o) },
  { op: "Dropout1d", call: (o) => new nn.Dropout1d(0.5, o) },
  { op: "Dropout2d", call: (o) => new nn.Dropout2d(0.5, o) },
  {
    where: "onnx/index.ts:exportOnnx",
    op: "exportOnnx",
    call: (o) => exportOnnx(new nn.Linear(2, 2), zeros([1, 2]), o),
  },
  {
    where: "node-io.ts:exportOnnxFile",
    op: "exportOnnx",
    // The options are checked before anything is written.
    call: (o) => exportOnnxFile("/nonexistent/model.onnx", new nn.Linear(2, 2), zeros([1, 2]), o),
  },
  {
    where: "safetensors.ts:saveSafetensors",
    op: "saveSafetensors",
    call: (o) => nn.saveSafetensors(new Map(), null, o),
  },
  { where: "layers/pooling.ts:MaxPool2d", op: "MaxPool2d", call: (o) => new nn.MaxPool2d(2, o) },
  { where: "layers/pooling.ts:MaxPool1d", op: "MaxPool1d", call: (o) => new nn.MaxPool1d(2, o) },
  { where: "layers/pooling.ts:AvgPool2d", op: "AvgPool2d", call: (o) => new nn.AvgPool2d(2, o) },
  { where: "layers/pooling.ts:AvgPool1d", op: "AvgPool1d", call: (o) => new nn.AvgPool1d(2, o) },
  {
    where: "layers/pooling.ts:AdaptiveMaxPool2d",
    op: "AdaptiveMaxPool2d",
    call: (o) => new nn.AdaptiveMaxPool2d(2, o),
  },
  { where: "layers/pooling.ts:MaxUnpool2d", op: "MaxUnpool2d", call: (o) => new nn.MaxUnpool2d(2, o) },
  { where: "layers/pooling.ts:Upsample", op: "Upsample", call: (o) => new nn.Upsample(o) },
  { where: "layers/recurrent.ts:RNN", op: "RNN", call: (o) => new nn.RNN(2, 2, o) },
  { where: "layers/recurrent.ts:LSTM", op: "LSTM", call: (o) => new nn.LSTM(2, 2, o) },
  { where: "layers/recurrent.ts:GRU", op: "GRU", call: (o) => new nn.GRU(2, 2, o) },
  { where: "layers/recurrent.ts:RNNCell", op: "RNNCell", call: (o) => new nn.RNNCell(2, 2, o) },
  { where: "layers/recurrent.ts:LSTMCell", op: "LSTMCell", call: (o) => new nn.LSTMCell(2, 2, o) },
  { where: "layers/recurrent.ts:GRUCell", op: "GRUCell", call: (o) => new nn.GRUCell(2, 2, o) },
  // One base constructor each checks the options of both dims, under the name of the class built.
  { where: "layers/conv.ts:ConvLayer", op: "Conv1d", call: (o) => new nn.Conv1d(1, 1, 1, o) },
  { op: "Conv2d", call: (o) => new nn.Conv2d(1, 1, 1, o) },
  {
    where: "layers/conv.ts:ConvTransposeNd",
    op: "ConvTranspose1d",
    call: (o) => new nn.ConvTranspose1d(1, 1, 1, o),
  },
  { op: "ConvTranspose2d", call: (o) => new nn.ConvTranspose2d(1, 1, 1, o) },
  {
    where: "layers/conv.ts:forward",
    op: "ConvTranspose2d.forward",
    call: (o) => new nn.ConvTranspose2d(1, 1, 1).call(zeros([1, 1, 2, 2]), o),
  },
  {
    where: "browser-io.ts:saveToIndexedDB",
    op: "saveToIndexedDB",
    call: (o) => nn.saveToIndexedDB(new nn.Linear(2, 2).stateDict(), "k", o),
  },
  {
    where: "browser-io.ts:loadFromIndexedDB",
    op: "loadFromIndexedDB",
    call: (o) => nn.loadFromIndexedDB("k", o),
  },
  { where: "train-loop.ts:trainLoop", op: "trainLoop", call: (o) => nn.trainLoop(o as never) },
];

const EXEMPT: Record<string, string> = {
  "onnx/graph.ts:module":
    "ONNX values for a module's forward options; a key its exporter does not take is exportOnnx's error",
  "onnx/graph.ts:moduleOutputs": "as module: each key checked against what the module's exporter takes",
  "train-loop.ts:run": "the body of trainLoop, which has checked the options it passes",
  "layers/normalization.ts:NormBase": "gets the options its subclasses pass on, and checks them",
  "layers/normalization.ts:BatchNormBase":
    "passes BatchNorm1d's and BatchNorm2d's options to NormBase's check",
  "layers/normalization.ts:InstanceNormBase": "checks the instance norms' options, then NormBase does",
  "layers/transformer.ts:TransformerLayerBase":
    "gets the options its subclasses' constructors pass, and checks them",
  "layers/transformer.ts:attention": "MultiheadAttention.forward's options, checked there",
  "layers/activation.ts:InplaceActivation": "checks the options ReLU, LeakyReLU, ELU and SiLU pass on",
  "layers/transformer.ts:TransformerStack":
    "checks the options TransformerEncoder and TransformerDecoder pass, against the spec each passes",
  "layers/conv.ts:convSettings": "checks the options of Conv1d and Conv2d (called from their constructors)",
  "layers/conv.ts:transposeSettings": "checks the options of ConvTranspose1d and ConvTranspose2d",
  "layers/conv.ts:settings": "the defaults for options convSettings and transposeSettings have checked",
  "init.ts:kaimingStd": "internal, after kaimingUniform_'s and kaimingNormal_'s check",
  "optim/adam.ts:AdamBase": "hands Adam's and AdamW's options to ElementwiseOptimizer, which checks them",
  "optim/common.ts:ElementwiseOptimizer":
    "checks its subclass's options with the subclass's spec (each has its row)",
  "optim/common.ts:AdamLikeOptimizer":
    "hands its subclass's options to ElementwiseOptimizer, which checks them",
  "optim/optimizer.ts:checkOptions": "the subclasses' range checks (PyTorch's messages), on checked options",
  "optim/sgd.ts:checkOptions": "SGD's range checks, on checked options",
  "optim/rmsprop.ts:checkOptions": "RMSprop's range checks, on checked options",
  "optim/rmsprop.ts:stepParam": "a step over a checked group",
  "optim/adagrad.ts:checkOptions": "Adagrad's range checks, on checked options",
  "optim/adagrad.ts:stepParam": "a step over a checked group",
  "optim/adadelta.ts:checkOptions": "Adadelta's range checks, on checked options",
  "optim/adadelta.ts:stepParam": "a step over a checked group",
  "optim/adamax.ts:stepParam": "a step over a checked group",
  "optim/nadam.ts:checkOptions": "NAdam's range checks, on checked options",
  "optim/nadam.ts:stepParam": "a step over a checked group",
  "optim/radam.ts:stepParam": "a step over a checked group",
  "optim/adagrad.ts:newState": "the state of a parameter of a checked group",
  "optim/common.ts:adamLikeDefaults":
    "defaults for options Adam, AdamW, Adamax, NAdam and RAdam have checked",
  "optim/common.ts:checkAdamLike":
    "the range checks of Adam, AdamW, Adamax, NAdam and RAdam, on checked options",
  "optim/sgd.ts:stepParam": "a step over a checked group",
  "optim/adam.ts:stepParam": "a step over a checked group",
  "layers/pooling.ts:MaxPoolNd": "the base of MaxPool1d and MaxPool2d, which check the options",
  "layers/recurrent.ts:RNNBase": "gets the options RNN, LSTM and GRU have checked",
  "layers/recurrent.ts:RNNCellBase": "gets the options RNNCell, LSTMCell and GRUCell have checked",
};

describeOptionsTable("@tsgrad/nn", new URL("../src", import.meta.url), ROWS, EXEMPT);
