/**
 * A physics-informed fit: a small MLP u(x) learns the solution of u'' = −u on [0, 2π] with
 * u(0) = 0 and u'(0) = 1 (that is, sin x) from the equation alone — no samples of sin. The
 * derivatives u' and u'' of the network with respect to its input come from
 * `autograd.grad(..., { createGraph: true })`, so the loss, which contains u'', is differentiated
 * once more with respect to the weights by an ordinary `backward()`.
 *
 *   loss = mean((u'' + u)²) + u(0)² + (u'(0) − 1)²
 *
 * The PyTorch program it mirrors:
 *
 *     x = torch.linspace(0, 2 * math.pi, n).reshape(-1, 1).requires_grad_()
 *     u = net(x)
 *     du, = torch.autograd.grad(u.sum(), x, create_graph=True)
 *     d2u, = torch.autograd.grad(du.sum(), x, create_graph=True)
 *     loss = ((d2u + u) ** 2).mean() + u[0] ** 2 + (du[0] - 1) ** 2
 *     opt.zero_grad(); loss.backward(); opt.step()
 *
 *   pnpm pinn [-- --steps 2000 --points 64 --hidden 24]
 */
import { parseArgs } from "node:util";
import { autograd, linspace, manualSeed, type Tensor } from "@tsgrad/core";
import { Adam, Linear, Sequential, Tanh } from "@tsgrad/nn";
import { cliArgs, isMain, numberFlag } from "./lib/cli.js";

/** The settings of a run. */
export interface PinnOptions {
  /** Optimizer steps (default 2000). */
  steps?: number;
  /** Collocation points on [0, 2π] (default 64). */
  points?: number;
  /** Width of the two hidden layers (default 24). */
  hidden?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** The seed of the initial weights (default 0). */
  seed?: number;
  /** Where progress lines go (default console.log); called every `every` steps. */
  log?: (line: string) => void;
  every?: number;
}

/** What a run returns: the loss at each step, the network, and its largest error against sin. */
export interface PinnResult {
  losses: number[];
  net: Sequential;
  /** max |u(x) − sin x| over 201 points of [0, 2π]. */
  maxError: number;
}

/** u, u' and u'' of `net` at the points `x` (shape [n, 1], requiring grad), each [n, 1]. */
export function derivatives(net: Sequential, x: Tensor): { u: Tensor; du: Tensor; d2u: Tensor } {
  const u = net.call(x);
  const [du] = autograd.grad(u.sum(), x, { createGraph: true }); // Σ: each u_i depends on x_i only
  const [d2u] = autograd.grad(du!.sum(), x, { createGraph: true });
  return { u, du: du!, d2u: d2u! };
}

/** The physics-informed loss: the residual of u'' + u = 0, and the two initial conditions. */
export function pinnLoss(net: Sequential, x: Tensor): Tensor {
  const { u, du, d2u } = derivatives(net, x);
  const residual = d2u.add(u).square().mean();
  const u0 = u.select(0, 0).squeeze();
  const du0 = du.select(0, 0).squeeze();
  return residual.add(u0.square()).add(du0.sub(1).square());
}

/** Trains the MLP u(x) on u'' = −u, u(0) = 0, u'(0) = 1. */
export function trainPinn(options: PinnOptions = {}): PinnResult {
  const { steps = 2000, points = 64, hidden = 24, lr = 0.01, seed = 0, every = 200 } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  manualSeed(seed);
  const net = new Sequential(
    new Linear(1, hidden, { dtype: "float64" }),
    new Tanh(),
    new Linear(hidden, hidden, { dtype: "float64" }),
    new Tanh(),
    new Linear(hidden, 1, { dtype: "float64" }),
  );
  const opt = new Adam(net.parameters(), { lr });
  const x = linspace(0, 2 * Math.PI, points, { dtype: "float64" })
    .reshape([-1, 1])
    .requiresGrad_(true);
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    opt.zeroGrad();
    const loss = pinnLoss(net, x);
    loss.backward();
    opt.step();
    losses.push(loss.item());
    if (step % every === 0 || step === steps) log(`step ${step}  loss ${loss.item().toExponential(3)}`);
  }
  return { losses, net, maxError: maxErrorAgainstSin(net) };
}

/** max |u(x) − sin x| on a fine grid of [0, 2π]. */
export function maxErrorAgainstSin(net: Sequential): number {
  const grid = linspace(0, 2 * Math.PI, 201, { dtype: "float64" }).reshape([-1, 1]);
  return net.call(grid).sub(grid.sin()).abs().max().item();
}

function main(): void {
  const { values } = parseArgs({
    args: cliArgs(process.argv.slice(2)),
    options: { steps: { type: "string" }, points: { type: "string" }, hidden: { type: "string" } },
  });
  const steps = numberFlag("steps", values.steps, 2000, { min: 1, integer: true });
  const points = numberFlag("points", values.points, 64, { min: 2, integer: true });
  const hidden = numberFlag("hidden", values.hidden, 24, { min: 1, integer: true });
  console.log(`Fitting u'' = -u, u(0) = 0, u'(0) = 1 on [0, 2π] with a ${hidden}-${hidden} tanh MLP`);
  const { maxError } = trainPinn({ steps, points, hidden });
  console.log(`max |u(x) - sin x| on [0, 2π]: ${maxError.toFixed(4)}`);
}

if (isMain(import.meta.url)) main();
