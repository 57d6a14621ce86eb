/**
 * The seed blog post's `LabelSmoothingLoss` walkthrough, with no Node imports, so the command-line
 * example (seed-walkthrough.ts) and the browser playground (examples/web) print the same lines:
 * log_softmax → zeros_like → fill_ → scatter_ → weighted sum → mean → backward, each step under
 * the PyTorch line it mirrors, printed exactly as PyTorch prints it; then the seed's loss beside
 * PyTorch's `CrossEntropyLoss(label_smoothing=β)` and a float64 gradcheck.
 */
import { type DType, gradcheck, makeDot, noGrad, ones, type Tensor, tensor, zerosLike } from "@tsgrad/core";
import { CrossEntropyLoss, LabelSmoothingLoss } from "@tsgrad/losses";

/** The blog's worked example: n = 5 samples, K = 3 classes. */
export const PRED = [
  [0.1796, -0.044, 0.4484],
  [-0.2746, 0.1361, 0.3606],
  [-0.1053, 0.0179, 0.4667],
  [-0.0686, -0.2447, 0.4115],
  [-0.0467, 0.3776, 0.0937],
];
export const TARGET = [0, 1, 2, 1, 0];

/** One printed step: the PyTorch line, the tsgrad line, and the tensor as printed. */
export interface Step {
  key: string;
  pytorch: string;
  tsgrad: string;
  printed: string;
}

export interface WalkthroughResult {
  steps: Step[];
  smoothing: number;
  /** β = α·K/(K − 1), PyTorch's label_smoothing giving the seed's target distribution. */
  beta: number;
  /** The seed's loss (default weight ones(K)/K). */
  loss: number;
  /** CrossEntropyLoss(label_smoothing = β) on the same logits. */
  crossEntropy: number;
  /** Whether the float64 gradcheck of the seed's loss passed. */
  gradcheck: boolean;
  /** The loss's autograd graph as Graphviz DOT (`makeDot(loss, { params: { pred } })`, torchviz's `make_dot`). */
  graph: string;
}

export interface WalkthroughInput {
  /** The seed's smoothing α (the post uses 0.01). */
  smoothing: number;
  /** Logits `[n, K]`, K ≥ 2 (default: the post's {@link PRED}). */
  pred?: number[][];
  /** Class indices `[n]` (default: the post's {@link TARGET}). */
  target?: number[];
  /** The seed's per-class `weight`, K numbers (default: the seed's `ones(K) / K`). */
  weight?: number[];
  /** Prints one line. */
  log: (line: string) => void;
}

/** The seed's `forward`, line for line (see the blog post); `weight` as the seed's attribute. */
function seedLoss(pred: Tensor, target: Tensor, classes: number, smoothing: number, weight: Tensor): Tensor {
  const logp = pred.logSoftmax(-1);
  const trueDist = noGrad(() =>
    zerosLike(logp)
      .fill_(smoothing / (classes - 1))
      .scatter_(1, target.data.unsqueeze(1), 1 - smoothing),
  );
  return trueDist.neg().mul(logp).mul(weight).sum(-1).mean();
}

/** The walkthrough on `input` (the post's example by default), printing through `input.log`. */
export function runWalkthrough(input: WalkthroughInput): WalkthroughResult {
  const { smoothing } = input;
  const say = (line = "") => input.log(line);
  const steps: Step[] = [];
  const show = (key: string, pytorch: string, tsgrad: string, t: Tensor) => {
    const printed = t.toString();
    steps.push({ key, pytorch, tsgrad, printed });
    const tag = `[${steps.length}]`;
    say(`${tag} PyTorch: ${pytorch}`);
    say(`${" ".repeat(tag.length)} tsgrad:  ${tsgrad}`);
    say(printed);
    say();
  };
  const isPost = input.pred === undefined && input.target === undefined;
  const predRows = input.pred ?? PRED;
  const targetRows = input.target ?? TARGET;
  const pred = tensor(predRows, { requiresGrad: true });
  const classes = pred.shape[1] ?? 0;
  if (pred.dim() !== 2 || classes < 2) {
    throw new Error(
      `walkthrough: pred must be [n, K] with K >= 2 classes, got shape [${pred.shape.join(", ")}]`,
    );
  }
  const target = tensor(targetRows);
  if (input.weight !== undefined) {
    const w = input.weight;
    if (
      !Array.isArray(w) ||
      w.length !== classes ||
      !w.every((v) => typeof v === "number" && Number.isFinite(v))
    ) {
      throw new Error(
        `walkthrough: weight must be ${classes} finite numbers (one per class), got ${JSON.stringify(w)}`,
      );
    }
  }

  say(`The seed's LabelSmoothingLoss, step by step (K = ${classes} classes, smoothing α = ${smoothing})`);
  say("Each step: the PyTorch line from the blog post, the tsgrad line that mirrors it, and what it prints.");
  say();

  show(
    "pred",
    isPost
      ? "pred = torch.tensor([[0.1796, -0.0440, 0.4484], ...], requires_grad=True)"
      : "pred = torch.tensor(pred, requires_grad=True)",
    isPost
      ? "const pred = tensor([[0.1796, -0.044, 0.4484], ...], { requiresGrad: true });"
      : "const pred = tensor(pred, { requiresGrad: true });",
    pred,
  );
  show(
    "target",
    `target = torch.tensor([${targetRows.join(", ")}])`,
    `const target = tensor([${targetRows.join(", ")}]);`,
    target,
  );

  const logp = pred.logSoftmax(-1);
  show("logp", "logp = pred.log_softmax(dim=-1)", "const logp = pred.logSoftmax(-1);", logp);
  if (isPost) {
    say("    (The post shows -1.0699, -1.2397 and -1.4158 in three places: its pred was printed rounded to");
    say("    4 decimals. On these rounded inputs PyTorch prints exactly what tsgrad prints above.)");
    say();
  }

  // The seed builds its target distribution under torch.no_grad(); noGrad(() => ...) is the same.
  const trueDist = noGrad(() => zerosLike(logp).fill_(smoothing / (classes - 1)));
  show(
    "fill",
    "true_dist = torch.zeros_like(logp); true_dist.fill_(smoothing / (classes - 1))",
    "const trueDist = noGrad(() => zerosLike(logp).fill_(smoothing / (classes - 1)));",
    trueDist,
  );
  const index = target.data.unsqueeze(1);
  show("index", "target.data.unsqueeze(1)", "target.data.unsqueeze(1)", index);
  noGrad(() => trueDist.scatter_(1, index, 1 - smoothing));
  show(
    "scatter",
    "true_dist.scatter_(1, target.data.unsqueeze(1), 1 - smoothing)",
    "noGrad(() => trueDist.scatter_(1, target.data.unsqueeze(1), 1 - smoothing));",
    trueDist,
  );
  if (isPost) {
    say(
      `    (The post prints 0.5000 off the target here: a typo. It is α/(K − 1) = ${smoothing / (classes - 1)}.)`,
    );
    say();
  }

  const weight = input.weight === undefined ? ones([classes]).div(classes) : tensor(input.weight);
  show(
    "weight",
    input.weight === undefined
      ? "weight = torch.ones(classes) / classes"
      : `weight = torch.tensor([${input.weight.join(", ")}])`,
    input.weight === undefined
      ? "const weight = ones([classes]).div(classes);"
      : `const weight = tensor([${input.weight.join(", ")}]);`,
    weight,
  );
  const loss = trueDist.neg().mul(logp).mul(weight).sum(-1).mean();
  show(
    "loss",
    "loss = torch.mean(torch.sum(-true_dist * logp * weight, dim=-1))",
    "const loss = trueDist.neg().mul(logp).mul(weight).sum(-1).mean();",
    loss,
  );
  const graph = makeDot(loss, { params: { pred } });
  loss.backward();
  show("grad", "loss.backward(); pred.grad", "loss.backward(); pred.grad", pred.grad!);

  const moduleLoss = new LabelSmoothingLoss(classes, smoothing, -1, weight).call(pred, target);
  say(
    `The same loss from the module: new LabelSmoothingLoss(${classes}, α${input.weight === undefined ? "" : ", -1, weight"}).call(pred, target).item()`,
  );
  say(`  = ${moduleLoss.item().toPrecision(7)}   (the lines above: ${loss.item().toPrecision(7)})`);
  say();

  // ---- the two conventions -------------------------------------------------------------------
  const beta = (smoothing * classes) / (classes - 1);
  say("Two ways to write label smoothing:");
  say("  the seed (this post):                         true class 1 − α,         each other class α/(K − 1)");
  say("  PyTorch's CrossEntropyLoss(label_smoothing=β): true class 1 − β + β/K, each other class β/K");
  say(`  The targets agree when α/(K − 1) = β/K, i.e. β = α·K/(K − 1) = ${beta} here;`);
  say("  and the seed's default weight ones(K)/K divides the loss by K, so seed loss = CE / K.");
  say();
  const pred2 = tensor(predRows, { requiresGrad: true });
  const ce = new CrossEntropyLoss({ labelSmoothing: beta }).call(pred2, target);
  show(
    "ce",
    `ce = torch.nn.CrossEntropyLoss(label_smoothing=beta)(pred, target)  # beta = ${beta}`,
    `const ce = new CrossEntropyLoss({ labelSmoothing: beta }).call(pred, target);`,
    ce,
  );
  show("ce_over_k", "ce / classes", "ce.detach().div(classes)", ce.detach().div(classes));
  ce.backward();
  show(
    "ce_grad_over_k",
    "ce.backward(); pred.grad / classes",
    "ce.backward(); pred.grad!.div(classes)",
    pred2.grad!.div(classes),
  );
  const lossOnes = new LabelSmoothingLoss(classes, smoothing, -1, ones([classes])).call(
    pred2.detach(),
    target,
  );
  show(
    "loss_ones",
    "weight = torch.ones(classes); loss  # the textbook scale",
    "new LabelSmoothingLoss(classes, smoothing, -1, ones([classes])).call(pred.detach(), target)",
    lossOnes,
  );
  say(
    `  With weight ones(K) the seed's loss is the textbook one and equals CE(β): ${lossOnes.item().toPrecision(7)} vs ${ce.item().toPrecision(7)}.`,
  );
  say();

  // ---- the gradient, checked numerically in float64 ---------------------------------------------
  const dtype: DType = "float64";
  const pred64 = tensor(predRows, { dtype, requiresGrad: true });
  const w64 = weight.to(dtype);
  const ok = gradcheck((p) => seedLoss(p, target, classes, smoothing, w64), [pred64], {
    eps: 1e-6,
    atol: 1e-5,
    rtol: 1e-3,
  });
  show(
    "loss64",
    "loss in float64",
    isPost
      ? 'tensor(PRED, { dtype: "float64", requiresGrad: true }) → the same lines'
      : 'tensor(pred, { dtype: "float64", requiresGrad: true }) → the same lines',
    seedLoss(pred64, target, classes, smoothing, w64),
  );
  say(`gradcheck(seedLoss, [pred64]) = ${ok}   (torch.autograd.gradcheck: True) — backward() matches`);
  say(`central finite differences for all ${pred64.numel()} logits.`);

  return { steps, smoothing, beta, loss: loss.item(), crossEntropy: ce.item(), gradcheck: ok, graph };
}
