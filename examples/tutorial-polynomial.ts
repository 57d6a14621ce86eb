/**
 * PyTorch's tutorial "Learning PyTorch with Examples"
 * (pytorch.org/tutorials/beginner/pytorch_with_examples.html), ported line by line: fit
 * y = sin(x) on x = linspace(-π, π, 2000) with a third-order polynomial, six ways.
 *
 *   polynomialTensor    tensors, gradients written by hand           (polynomial_tensor.py)
 *   polynomialAutograd  tensors and autograd                         (polynomial_autograd.py)
 *   polynomialNn        nn.Sequential(Linear(3, 1), Flatten(0, 1))   (polynomial_nn.py)
 *   polynomialOptim     the same with optim.RMSprop                  (polynomial_optim.py)
 *   polynomialModule    a custom Module, Polynomial3                 (polynomial_module.py)
 *   dynamicNet          DynamicNet, control flow in forward          (dynamic_net.py)
 *
 * Each function is the tutorial's program with the Python line beside the TypeScript one where
 * they differ in more than spelling. What the tutorial prints is passed to `log` instead. A run
 * may pin the initial weights (`init`, the values PyTorch drew: tsgrad's generator is not
 * PyTorch's) and DynamicNet's random choices (`random`); examples/tutorial-polynomial.test.ts
 * runs them so against PyTorch's numbers (tools/fixtures/gen_tutorial.py).
 *
 *   pnpm exec tsx --conditions=tsgrad-source examples/tutorial-polynomial.ts
 */
import { type FloatDType, linspace, noGrad, randn, setDefaultDtype, type Tensor, tensor } from "@tsgrad/core";
import { MSELoss } from "@tsgrad/losses";
import { Flatten, Linear, Module, Parameter, RMSprop, SGD, Sequential } from "@tsgrad/nn";
import { isMain } from "./lib/cli.js";

/** What a run reports: the tutorial's `print(t, loss.item())` lines. */
export type LossLog = (t: number, loss: number) => void;

/** How to run one program. */
export interface TutorialOptions {
  /** float32 as the tutorial; float64 sets `dtype` (the first two) or the default dtype (the others). */
  dtype?: FloatDType;
  /** Initial weights by name (`a`, ... or state-dict keys), copied over the random ones. */
  init?: ReadonlyMap<string, Tensor>;
  /** Where `print(t, loss.item())` goes (default: console.log). */
  log?: LossLog;
}

/** What a run returns: the weights at the end, by the same names as `init`, and the "Result:" line. */
export interface TutorialResult {
  weights: Map<string, Tensor>;
  result: string;
}

const print: LossLog = (t, loss) => console.log(t, loss);

/** Copies the pinned initial values over freshly drawn weights (no line of the tutorial). */
function pin(init: ReadonlyMap<string, Tensor> | undefined, weights: Record<string, Tensor>): void {
  if (init === undefined) return;
  noGrad(() => {
    for (const [name, w] of Object.entries(weights)) w.copy_(init.get(name)!);
  });
}

/**
 * The programs that leave the dtype to the default run under `setDefaultDtype(options.dtype)`, given
 * the run's `init` and `log`.
 */
function withDefaultDtype(
  options: TutorialOptions,
  run: (init: ReadonlyMap<string, Tensor> | undefined, log: LossLog) => TutorialResult,
): TutorialResult {
  const { dtype = "float32", init, log = print } = options;
  setDefaultDtype(dtype);
  try {
    return run(init, log);
  } finally {
    setDefaultDtype("float32");
  }
}

/** The first two programs' weights a, b, c, d: `torch.randn((), ...)` each, in that order, then pinned. */
function scalarWeights(
  init: ReadonlyMap<string, Tensor> | undefined,
  options: { dtype: FloatDType; requiresGrad?: boolean },
): Record<"a" | "b" | "c" | "d", Tensor> {
  const weights = {
    a: randn([], options),
    b: randn([], options),
    c: randn([], options),
    d: randn([], options),
  };
  pin(init, weights);
  return weights;
}

/** The first two programs' end: the weights and the "Result:" line. */
function scalarResult(weights: Record<"a" | "b" | "c" | "d", Tensor>): TutorialResult {
  const { a, b, c, d } = weights;
  return {
    weights: new Map(Object.entries(weights)),
    result: `Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`,
  };
}

/** polynomial_tensor.py: the forward pass and the gradients by hand, on tensors. */
export function polynomialTensor(options: TutorialOptions = {}): TutorialResult {
  const { dtype = "float32", init, log = print } = options;
  const x = linspace(-Math.PI, Math.PI, 2000, { dtype }); // torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
  const y = x.sin(); //                                       torch.sin(x)

  const { a, b, c, d } = scalarWeights(init, { dtype }); //    a = torch.randn((), dtype=dtype), and b, c, d

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3))); // a + b * x + c * x ** 2 + d * x ** 3

    const loss = yPred.sub(y).pow(2).sum().item(); //         (y_pred - y).pow(2).sum().item()
    if (t % 100 === 99) log(t, loss);

    const gradYPred = yPred.sub(y).mul(2.0); //               2.0 * (y_pred - y)
    const gradA = gradYPred.sum();
    const gradB = gradYPred.mul(x).sum();
    const gradC = gradYPred.mul(x.pow(2)).sum();
    const gradD = gradYPred.mul(x.pow(3)).sum();

    a.sub_(gradA.mul(learningRate)); //                      a -= learning_rate * grad_a
    b.sub_(gradB.mul(learningRate));
    c.sub_(gradC.mul(learningRate));
    d.sub_(gradD.mul(learningRate));
  }

  return scalarResult({ a, b, c, d });
}

/** polynomial_autograd.py: the same with autograd computing the gradients. */
export function polynomialAutograd(options: TutorialOptions = {}): TutorialResult {
  const { dtype = "float32", init, log = print } = options;
  const x = linspace(-Math.PI, Math.PI, 2000, { dtype });
  const y = x.sin();

  const { a, b, c, d } = scalarWeights(init, { dtype, requiresGrad: true }); // torch.randn((), dtype=dtype, requires_grad=True)

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));

    const loss = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) log(t, loss.item());

    loss.backward();

    noGrad(() => {
      //                                                      with torch.no_grad():
      a.sub_(a.grad!.mul(learningRate)); //                       a -= learning_rate * a.grad
      b.sub_(b.grad!.mul(learningRate));
      c.sub_(c.grad!.mul(learningRate));
      d.sub_(d.grad!.mul(learningRate));

      a.grad = null; //                                           a.grad = None
      b.grad = null;
      c.grad = null;
      d.grad = null;
    });
  }

  return scalarResult({ a, b, c, d });
}

/** The start of the two Sequential programs: the points, y = sin(x), the features xx = (x, x², x³) and the model. */
function sequentialStart(init: ReadonlyMap<string, Tensor> | undefined): {
  xx: Tensor;
  y: Tensor;
  model: Sequential;
} {
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = x.sin();

  const p = tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);

  const model = new Sequential(new Linear(3, 1), new Flatten(0, 1));
  if (init) model.loadStateDict(init);
  return { xx, y, model };
}

/** What `train` steps with: an optimizer, or polynomial_nn's update by hand. */
interface Update {
  zeroGrad(): void;
  step(): void;
}

/**
 * The training loop the tutorial writes out in each of the four nn programs: `model(x)`, the loss,
 * `print(t, loss.item())` every `logEvery` steps, then zero_grad(), backward() and step().
 */
function train(
  steps: number,
  logEvery: number,
  log: LossLog,
  model: Module,
  x: Tensor,
  y: Tensor,
  criterion: MSELoss,
  update: Update,
): void {
  for (let t = 0; t < steps; t++) {
    const yPred = model.call(x); //                           model(x)

    const loss = criterion.call(yPred, y);
    if (t % logEvery === logEvery - 1) log(t, loss.item()); // if t % 100 == 99: print(t, loss.item())

    update.zeroGrad();
    loss.backward();
    update.step();
  }
}

/** The "Result:" line of the two Sequential programs, read from `model[0]`. */
function linearResult(model: Sequential): string {
  const linearLayer = model.at<Linear>(0); //                 model[0]
  const w = linearLayer.weight;
  return `Result: y = ${linearLayer.bias!.item()} + ${w.select(1, 0).item()} x + ${w.select(1, 1).item()} x^2 + ${w.select(1, 2).item()} x^3`;
}

/** polynomial_nn.py: `nn.Sequential(Linear(3, 1), Flatten(0, 1))`, MSELoss and a manual update. */
export function polynomialNn(options: TutorialOptions = {}): TutorialResult {
  return withDefaultDtype(options, (init, log) => {
    const { xx, y, model } = sequentialStart(init);

    const lossFn = new MSELoss({ reduction: "sum" });

    const learningRate = 1e-6;
    train(2000, 100, log, model, xx, y, lossFn, {
      zeroGrad: () => model.zeroGrad(),
      step: () =>
        noGrad(() => {
          for (const param of model.parameters()) param.sub_(param.grad!.mul(learningRate)); // param -= learning_rate * param.grad
        }),
    });

    return { weights: model.stateDict(), result: linearResult(model) };
  });
}

/** polynomial_optim.py: the same model, trained by `optim.RMSprop`. */
export function polynomialOptim(options: TutorialOptions = {}): TutorialResult {
  return withDefaultDtype(options, (init, log) => {
    const { xx, y, model } = sequentialStart(init);
    const lossFn = new MSELoss({ reduction: "sum" });

    const learningRate = 1e-3;
    const optimizer = new RMSprop(model.parameters(), { lr: learningRate });
    train(2000, 100, log, model, xx, y, lossFn, optimizer);

    return { weights: model.stateDict(), result: linearResult(model) };
  });
}

/** polynomial_module.py's `Polynomial3`: four scalar parameters. */
export class Polynomial3 extends Module {
  static override readonly typeName: string = "Polynomial3";
  readonly a: Parameter;
  readonly b: Parameter;
  readonly c: Parameter;
  readonly d: Parameter;

  constructor() {
    super();
    this.a = this.registerParameter("a", new Parameter(randn([]))); // self.a = torch.nn.Parameter(torch.randn(()))
    this.b = this.registerParameter("b", new Parameter(randn([])));
    this.c = this.registerParameter("c", new Parameter(randn([])));
    this.d = this.registerParameter("d", new Parameter(randn([])));
  }

  override forward(x: Tensor): Tensor {
    return this.a
      .add(this.b.mul(x))
      .add(this.c.mul(x.pow(2)))
      .add(this.d.mul(x.pow(3)));
  }

  string(): string {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3`;
  }
}

/** polynomial_module.py: `Polynomial3`, MSELoss(reduction='sum') and SGD(lr=1e-6). */
export function polynomialModule(options: TutorialOptions = {}): TutorialResult {
  return withDefaultDtype(options, (init, log) => {
    const x = linspace(-Math.PI, Math.PI, 2000);
    const y = x.sin();

    const model = new Polynomial3();
    if (init) model.loadStateDict(init);

    const criterion = new MSELoss({ reduction: "sum" });
    const optimizer = new SGD(model.parameters(), { lr: 1e-6 });
    train(2000, 100, log, model, x, y, criterion, optimizer);

    return { weights: model.stateDict(), result: `Result: ${model.string()}` };
  });
}

/** What DynamicNet asks Python's `random` module for. */
export interface RandInt {
  /** A whole number in [lo, hi], both included (`random.randint`). */
  randint(lo: number, hi: number): number;
}

/** Python's `random.randint`, on Math.random. */
export const mathRandom: RandInt = {
  randint: (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1)),
};

/** A deterministic stand-in for `random` (as in gen_tutorial.py): randint(lo, hi) cycles lo, lo + 1, ..., hi. */
export class FixedChoices implements RandInt {
  static readonly typeName: string = "FixedChoices";
  private calls = 0;
  randint(lo: number, hi: number): number {
    const v = lo + (this.calls % (hi - lo + 1));
    this.calls++;
    return v;
  }
}

/**
 * dynamic_net.py's `DynamicNet`: a cubic plus, on each call, 0, 1 or 2 more terms sharing the weight
 * `e`. (The tutorial writes out Polynomial3's a, b, c, d and cubic again; here it extends it.)
 */
export class DynamicNet extends Polynomial3 {
  static override readonly typeName: string = "DynamicNet";
  readonly e: Parameter;

  constructor(private readonly random: RandInt = mathRandom) {
    super();
    this.e = this.registerParameter("e", new Parameter(randn([])));
  }

  override forward(x: Tensor): Tensor {
    let y = super.forward(x);
    const end = this.random.randint(4, 6); // range(4, random.randint(4, 6)) draws once
    for (let exp = 4; exp < end; exp++) y = y.add(this.e.mul(x.pow(exp))); // y = y + self.e * x ** exp
    return y;
  }

  override string(): string {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3 + ${this.e.item()} x^4 ? + ${this.e.item()} x^5 ?`;
  }
}

/** DynamicNet's run: the tutorial's 30000 steps, printing every 2000, on Math.random by default. */
export interface DynamicNetOptions extends TutorialOptions {
  random?: RandInt;
  steps?: number;
  logEvery?: number;
}

/** dynamic_net.py: `DynamicNet`, MSELoss(reduction='sum') and SGD(lr=1e-8, momentum=0.9). */
export function dynamicNet(options: DynamicNetOptions = {}): TutorialResult {
  const { random = mathRandom, steps = 30000, logEvery = 2000 } = options;
  return withDefaultDtype(options, (init, log) => {
    const x = linspace(-Math.PI, Math.PI, 2000);
    const y = x.sin();

    const model = new DynamicNet(random);
    if (init) model.loadStateDict(init);

    const criterion = new MSELoss({ reduction: "sum" });
    const optimizer = new SGD(model.parameters(), { lr: 1e-8, momentum: 0.9 });
    // if t % 2000 == 1999: print(t, loss.item()). PyTorch 1.13's zero_grad() zeroes the grads
    // (tsgrad's zeroGrad() follows 2.x: null): `e`, unused on the steps that draw no x^4 term, then
    // still takes its momentum step, as in 1.13.
    train(steps, logEvery, log, model, x, y, criterion, {
      zeroGrad: () => optimizer.zeroGrad({ setToNone: false }),
      step: () => optimizer.step(),
    });

    return { weights: model.stateDict(), result: `Result: ${model.string()}` };
  });
}

function main(): void {
  for (const [name, run] of Object.entries({
    polynomialTensor,
    polynomialAutograd,
    polynomialNn,
    polynomialOptim,
    polynomialModule,
    dynamicNet,
  })) {
    console.log(`---- ${name}`);
    console.log(run().result);
  }
}

if (isMain(import.meta.url)) main();
