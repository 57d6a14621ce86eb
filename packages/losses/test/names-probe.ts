// The script built-names.test.ts runs from the TypeScript sources, against the built packages
// (compiled to one plain .mjs) and as a minified bundle: every name a user sees must print the same.
import { manualSeed, ones, type Tensor, tensor, zeros } from "@tsgrad/core";
import {
  Adam,
  AdamW,
  CosineAnnealingLR,
  Dropout,
  Embedding,
  LambdaLR,
  LayerNorm,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ReLU,
  SGD,
  Sequential,
  StepLR,
} from "@tsgrad/nn";
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  LabelSmoothingLoss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
} from "@tsgrad/losses";

/** A user's model that names itself, so its repr survives a minifier. */
class MyNet extends Module {
  static override readonly typeName: string = "MyNet";
  readonly fc: Linear;
  readonly act: ReLU;
  constructor() {
    super();
    this.fc = this.registerModule("fc", new Linear(3, 2));
    this.act = this.registerModule("act", new ReLU());
  }
  override forward(x: Tensor): Tensor {
    return this.act.call(this.fc.call(x));
  }
}

/** User classes that do not name themselves: their JavaScript class name is used. */
class Plain extends Module {
  constructor() {
    super();
    this.registerModule("inner", new Linear(1, 1));
  }
}
class MyLinear extends Linear {}

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return "no error";
}

/**
 * `named`: what must print the same everywhere, minified or not. `unnamed`: the classes above that
 * rely on their JavaScript name, which a minifier renames unless it keeps names.
 */
export function run() {
  manualSeed(0);
  const model = new Sequential(
    new Linear(4, 3),
    new ReLU(),
    new LayerNorm([3]),
    new Dropout(0.25),
    new ModuleList([new Embedding(10, 3), new ReLU()]),
    new ModuleDict({ head: new Linear(3, 3, { bias: false }) }),
    new MyNet(),
  );
  const params = [...model.parameters()];
  const sgd = new SGD(params, { lr: 0.1, momentum: 0.9 });
  const adam = new Adam(params, { lr: 1e-3 });
  const adamw = new AdamW(params);

  const x = tensor(
    [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ],
    { requiresGrad: true },
  );
  const y = new Linear(4, 3).call(x);
  const w = tensor([1.5, -2], { requiresGrad: true });

  const named = {
    model: String(model),
    myNet: String(new MyNet()),
    parameter: String(new Parameter(ones([2, 2]))),
    tensor: String(tensor([[1, 2.5]])),
    int: String(tensor([1, 2], { dtype: "int32" })),
    gradFns: [
      String(y),
      String(y.relu().sum()),
      String(w.mul(w).exp()),
      String(w.logSoftmax(0)),
      String(w.reshape([2, 1]).t()),
      String(w.max()),
    ],
    optimizers: [String(sgd), String(adam), String(adamw)],
    losses: [
      new CrossEntropyLoss({ labelSmoothing: 0.1 }),
      new NLLLoss(),
      new KLDivLoss(),
      new MSELoss(),
      new L1Loss(),
      new HuberLoss(),
      new SmoothL1Loss(),
      new BCELoss(),
      new BCEWithLogitsLoss(),
      new LabelSmoothingLoss(3, 0.1),
    ].map(String),
    errors: [
      errorText(() => model.loadStateDict(new Map([["0.weight", zeros([3, 4])]]))),
      errorText(() => new MyNet().loadStateDict(new Map())),
      errorText(() => new Linear(2, 2).call([1, 2] as never)),
      errorText(() => new Linear(2, 2).call(new ReLU() as never)),
      errorText(() => new Linear(2, 2).registerParameter("extra", new ReLU() as never)),
      errorText(() => new Sequential(new Linear(1, 1), sgd as never)),
      errorText(() => sgd.loadStateDict({ state: {}, param_groups: [] })),
      errorText(() => adam.loadStateDict(zeros([1]) as never)),
      errorText(() => new SGD([new Parameter(zeros([1])), new ReLU() as never], { lr: 0.1 })),
      errorText(() => adamw.addParamGroup(5 as never)),
      errorText(() => new StepLR(model as never, { stepSize: 1 })),
      errorText(() => new CosineAnnealingLR(sgd, { tMax: 10, lastEpoch: 3 })),
      errorText(() => new LambdaLR(undefined as never, { lrLambda: () => 1 })),
      errorText(() => new LambdaLR(adam, { lrLambda: () => 1, lastEpoch: 0.5 })),
    ],
  };
  const unnamed = {
    plain: String(new Plain()),
    myLinear: String(new MyLinear(2, 2)),
    error: errorText(() => new Plain().loadStateDict(new Map())),
  };
  return { named, unnamed };
}
