import { type Tensor, zeros } from "@tsgrad/core";
import { type OptionsRow, describeOptionsTable } from "../../core/test/options-scan.js";
import {
  Adam,
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
];

const EXEMPT: Record<string, string> = {
  "init.ts:kaimingStd": "internal, after kaimingUniform_'s and kaimingNormal_'s check",
  "optim/adam.ts:AdamBase": "gets the options Adam and AdamW have checked",
  "optim/optimizer.ts:checkOptions": "the subclasses' range checks (PyTorch's messages), on checked options",
  "optim/sgd.ts:checkOptions": "SGD's range checks, on checked options",
  "optim/adam.ts:checkOptions": "Adam's range checks, on checked options",
  "optim/sgd.ts:updateGroup": "a step over a checked group",
  "optim/adam.ts:updateGroup": "a step over a checked group",
};

describeOptionsTable("@tsgrad/nn", new URL("../src", import.meta.url), ROWS, EXEMPT);
