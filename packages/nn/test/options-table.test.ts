import { type Tensor, zeros } from "@tsgrad/core";
import { type OptionsRow, describeOptionsTable } from "../../core/test/options-scan.js";
import * as nn from "../src/index.js";
import {
  ConstantLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  clipGradNorm_,
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  CosineAnnealingLR,
  Dropout,
  Embedding,
  GELU,
  init,
  LambdaLR,
  LayerNorm,
  Linear,
  Module,
  NAdam,
  RAdam,
  RMSprop,
  SGD,
  StepLR,
} from "../src/index.js";

const leaf = (): Tensor => zeros([2], { requiresGrad: true });
const sgd = () => new SGD([leaf()], { lr: 0.1 });

/** Every option-taking function, method and constructor of @tsgrad/nn, called with an unknown key. */
const ROWS: OptionsRow[] = [
  {
    where: "module.ts:registerBuffer",
    op: "registerBuffer",
    call: (o) => new Module().registerBuffer("b", null, o),
  },
  { where: "module.ts:zeroGrad", op: "zeroGrad", call: (o) => new Linear(2, 2).zeroGrad(o) },
  { where: "module.ts:stateDict", op: "stateDict", call: (o) => new Linear(2, 2).stateDict(o) },
  {
    where: "module.ts:loadStateDict",
    op: "loadStateDict",
    call: (o) => {
      const lin = new Linear(2, 2);
      lin.loadStateDict(lin.stateDict(), o);
    },
  },
  { where: "layers/linear.ts:Linear", op: "Linear", call: (o) => new Linear(2, 2, o) },
  { where: "layers/normalization.ts:LayerNorm", op: "LayerNorm", call: (o) => new LayerNorm(2, o) },
  { where: "layers/embedding.ts:Embedding", op: "Embedding", call: (o) => new Embedding(3, 2, o) },
  { where: "layers/dropout.ts:Dropout", op: "Dropout", call: (o) => new Dropout(0.5, o) },
  { where: "layers/activation.ts:GELU", op: "GELU", call: (o) => new GELU(o) },
  {
    where: "init.ts:xavierUniform_",
    op: "xavierUniform_",
    call: (o) => init.xavierUniform_(zeros([2, 2]), o),
  },
  { where: "init.ts:xavierNormal_", op: "xavierNormal_", call: (o) => init.xavierNormal_(zeros([2, 2]), o) },
  {
    where: "init.ts:kaimingUniform_",
    op: "kaimingUniform_",
    call: (o) => init.kaimingUniform_(zeros([2, 2]), o),
  },
  {
    where: "init.ts:kaimingNormal_",
    op: "kaimingNormal_",
    call: (o) => init.kaimingNormal_(zeros([2, 2]), o),
  },
  { where: "optim/sgd.ts:SGD", op: "SGD", call: (o) => new SGD([leaf()], { lr: 0.1, ...o }) },
  { where: "optim/adam.ts:Adam", op: "Adam", call: (o) => new Adam([leaf()], o) },
  { where: "optim/adam.ts:AdamW", op: "AdamW", call: (o) => new AdamW([leaf()], o) },
  { where: "optim/rmsprop.ts:RMSprop", op: "RMSprop", call: (o) => new RMSprop([leaf()], o) },
  { where: "optim/adagrad.ts:Adagrad", op: "Adagrad", call: (o) => new Adagrad([leaf()], o) },
  { where: "optim/adadelta.ts:Adadelta", op: "Adadelta", call: (o) => new Adadelta([leaf()], o) },
  { where: "optim/adamax.ts:Adamax", op: "Adamax", call: (o) => new Adamax([leaf()], o) },
  { where: "optim/nadam.ts:NAdam", op: "NAdam", call: (o) => new NAdam([leaf()], o) },
  { where: "optim/radam.ts:RAdam", op: "RAdam", call: (o) => new RAdam([leaf()], o) },
  { op: "RMSprop", call: (o) => new RMSprop([{ params: [leaf()], ...o }]) },
  {
    where: "utils/clip-grad.ts:clipGradNorm_",
    op: "clipGradNorm_",
    call: (o) => clipGradNorm_([leaf()], 1, o),
  },
  {
    where: "optim/lr-scheduler-more.ts:ExponentialLR",
    op: "ExponentialLR",
    call: (o) => new ExponentialLR(sgd(), { gamma: 0.9, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:MultiStepLR",
    op: "MultiStepLR",
    call: (o) => new MultiStepLR(sgd(), { milestones: [2], ...o }),
  },
  { where: "optim/lr-scheduler-more.ts:ConstantLR", op: "ConstantLR", call: (o) => new ConstantLR(sgd(), o) },
  { where: "optim/lr-scheduler-more.ts:LinearLR", op: "LinearLR", call: (o) => new LinearLR(sgd(), o) },
  {
    where: "optim/lr-scheduler-more.ts:SequentialLR",
    op: "SequentialLR",
    call: (o) => {
      const opt = sgd();
      return new SequentialLR(opt, { schedulers: [new ConstantLR(opt)], milestones: [], ...o });
    },
  },
  {
    where: "optim/lr-scheduler-more.ts:OneCycleLR",
    op: "OneCycleLR",
    call: (o) => new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 5, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:CosineAnnealingWarmRestarts",
    op: "CosineAnnealingWarmRestarts",
    call: (o) => new CosineAnnealingWarmRestarts(sgd(), { t0: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler-more.ts:ReduceLROnPlateau",
    op: "ReduceLROnPlateau",
    call: (o) => new ReduceLROnPlateau(sgd(), o),
  },
  { where: "optim/optimizer.ts:zeroGrad", op: "zeroGrad", call: (o) => sgd().zeroGrad(o) },
  // Parameter groups, given to the constructor or added later.
  { op: "SGD", call: (o) => new SGD([{ params: [leaf()], ...o }], { lr: 0.1 }) },
  { op: "Adam", call: (o) => new Adam([{ params: [leaf()], ...o }]) },
  { op: "SGD.addParamGroup", call: (o) => sgd().addParamGroup({ params: [leaf()], ...o }) },
  {
    where: "optim/lr-scheduler.ts:StepLR",
    op: "StepLR",
    call: (o) => new StepLR(sgd(), { stepSize: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler.ts:CosineAnnealingLR",
    op: "CosineAnnealingLR",
    call: (o) => new CosineAnnealingLR(sgd(), { tMax: 2, ...o }),
  },
  {
    where: "optim/lr-scheduler.ts:LambdaLR",
    op: "LambdaLR",
    call: (o) => new LambdaLR(sgd(), { lrLambda: () => 1, ...o }),
  },
  { where: "layers/conv.ts:Conv1d", op: "Conv1d", call: (o) => new nn.Conv1d(1, 1, 1, o) },
  { where: "layers/conv.ts:Conv2d", op: "Conv2d", call: (o) => new nn.Conv2d(1, 1, 1, o) },
  {
    where: "layers/conv.ts:ConvTranspose1d",
    op: "ConvTranspose1d",
    call: (o) => new nn.ConvTranspose1d(1, 1, 1, o),
  },
  {
    where: "layers/conv.ts:ConvTranspose2d",
    op: "ConvTranspose2d",
    call: (o) => new nn.ConvTranspose2d(1, 1, 1, o),
  },
];

const EXEMPT: Record<string, string> = {
  "layers/conv.ts:convSettings": "checks the options of Conv1d and Conv2d (called from their constructors)",
  "layers/conv.ts:transposeSettings": "checks the options of ConvTranspose1d and ConvTranspose2d",
  "init.ts:kaimingStd": "internal, after kaimingUniform_'s and kaimingNormal_'s check",
  "optim/adam.ts:AdamBase": "gets the options Adam and AdamW have checked",
  "optim/optimizer.ts:checkOptions": "the subclasses' range checks (PyTorch's messages), on checked options",
  "optim/sgd.ts:checkOptions": "SGD's range checks, on checked options",
  "optim/adam.ts:checkOptions": "Adam's range checks, on checked options",
  "optim/rmsprop.ts:checkOptions": "RMSprop's range checks, on checked options",
  "optim/rmsprop.ts:stepParam": "a step over a checked group",
  "optim/adagrad.ts:checkOptions": "Adagrad's range checks, on checked options",
  "optim/adagrad.ts:stepParam": "a step over a checked group",
  "optim/adadelta.ts:checkOptions": "Adadelta's range checks, on checked options",
  "optim/adadelta.ts:stepParam": "a step over a checked group",
  "optim/adamax.ts:checkOptions": "Adamax's range checks, on checked options",
  "optim/adamax.ts:stepParam": "a step over a checked group",
  "optim/nadam.ts:checkOptions": "NAdam's range checks, on checked options",
  "optim/nadam.ts:stepParam": "a step over a checked group",
  "optim/radam.ts:checkOptions": "RAdam's range checks, on checked options",
  "optim/radam.ts:stepParam": "a step over a checked group",
  "optim/adagrad.ts:newState": "the state of a parameter of a checked group",
  "optim/common.ts:adamLikeDefaults": "defaults for options Adamax, NAdam and RAdam have checked",
  "optim/common.ts:checkAdamLike": "the range checks of Adamax, NAdam and RAdam, on checked options",
  "optim/sgd.ts:updateGroup": "a step over a checked group",
  "optim/adam.ts:updateGroup": "a step over a checked group",
};

describeOptionsTable("@tsgrad/nn", new URL("../src", import.meta.url), ROWS, EXEMPT);
