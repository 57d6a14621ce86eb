import { type Tensor, tensor, zeros } from "@tsgrad/core";
import { type OptionsRow, describeOptionsTable } from "../../core/test/options-scan.js";
import * as L from "../src/index.js";

const z = (): Tensor => zeros([2, 3]);
const y = (): Tensor => tensor([0, 1]);
const p = (): Tensor => zeros([2, 3]).add(0.5);

/** Every loss, functional and module form, called with an unknown key. */
const ROWS: OptionsRow[] = [
  { where: "cross-entropy.ts:crossEntropy", op: "cross_entropy", call: (o) => L.crossEntropy(z(), y(), o) },
  {
    where: "cross-entropy.ts:CrossEntropyLoss",
    op: "CrossEntropyLoss",
    call: (o) => new L.CrossEntropyLoss(o),
  },
  { where: "nll.ts:nllLoss", op: "nll_loss", call: (o) => L.nllLoss(z(), y(), o) },
  { where: "nll.ts:NLLLoss", op: "NLLLoss", call: (o) => new L.NLLLoss(o) },
  { where: "kl-div.ts:klDiv", op: "kl_div", call: (o) => L.klDiv(z(), p(), o) },
  { where: "kl-div.ts:KLDivLoss", op: "KLDivLoss", call: (o) => new L.KLDivLoss(o) },
  {
    where: "bce.ts:binaryCrossEntropy",
    op: "binary_cross_entropy",
    call: (o) => L.binaryCrossEntropy(p(), p(), o),
  },
  { where: "bce.ts:BCELoss", op: "BCELoss", call: (o) => new L.BCELoss(o) },
  {
    where: "bce.ts:binaryCrossEntropyWithLogits",
    op: "binary_cross_entropy_with_logits",
    call: (o) => L.binaryCrossEntropyWithLogits(z(), p(), o),
  },
  { where: "bce.ts:BCEWithLogitsLoss", op: "BCEWithLogitsLoss", call: (o) => new L.BCEWithLogitsLoss(o) },
  { where: "regression.ts:mseLoss", op: "mse_loss", call: (o) => L.mseLoss(z(), z(), o) },
  { where: "regression.ts:l1Loss", op: "l1_loss", call: (o) => L.l1Loss(z(), z(), o) },
  { where: "regression.ts:huberLoss", op: "huber_loss", call: (o) => L.huberLoss(z(), z(), o) },
  { where: "regression.ts:smoothL1Loss", op: "smooth_l1_loss", call: (o) => L.smoothL1Loss(z(), z(), o) },
  { where: "regression.ts:MSELoss", op: "MSELoss", call: (o) => new L.MSELoss(o) },
  { where: "regression.ts:L1Loss", op: "L1Loss", call: (o) => new L.L1Loss(o) },
  { where: "regression.ts:HuberLoss", op: "HuberLoss", call: (o) => new L.HuberLoss(o) },
  { where: "regression.ts:SmoothL1Loss", op: "SmoothL1Loss", call: (o) => new L.SmoothL1Loss(o) },
  {
    where: "label-smoothing.ts:labelSmoothingLoss",
    op: "LabelSmoothingLoss",
    call: (o) => L.labelSmoothingLoss(z(), y(), o),
  },
  {
    where: "label-smoothing.ts:labelSmoothingLossReference",
    op: "LabelSmoothingLoss",
    call: (o) => L.labelSmoothingLossReference(z(), y(), o),
  },
];

const EXEMPT: Record<string, string> = {
  "regression.ts:RegressionLoss": "gets the options its subclasses' constructors pass on",
  "regression.ts:prepare": "checks the options of the regression losses (with checkPairLoss)",
  "common.ts:classLossPrologue": "checks the options of crossEntropy and nllLoss",
  "nll.ts:ClassLossModule": "gets the options NLLLoss's and CrossEntropyLoss's constructors pass on",
  "common.ts:checkPairLoss": "checks the options of BCE's, KL's and the regression losses' functions",
  "label-smoothing.ts:prepare": "checks the options of labelSmoothingLoss and labelSmoothingLossReference",
  "cross-entropy.ts:indexTargetCE": "internal (the fused kernel's switches, set by the losses themselves)",
  "cross-entropy.ts:indexTargetGradRecorded":
    "internal (indexTargetCE's options, for its createGraph backward)",
  "common.ts:classLossSettings": "checks the values of crossEntropy's, nllLoss's and their modules' options",
  "common.ts:resolveReduction": "reads the reduction of options its loss has checked",
  "common.ts:usesLegacyReduction": "reads sizeAverage / reduce of options its loss has checked",
};

describeOptionsTable("@tsgrad/losses", new URL("../src", import.meta.url), ROWS, EXEMPT);
