/**
 * The Hessian of a small function, three ways, against its closed form:
 *
 *   f(x, y) = x²·y + sin(x)·eʸ
 *   ∂²f/∂x² = 2y − sin(x)·eʸ     ∂²f/∂x∂y = 2x + cos(x)·eʸ     ∂²f/∂y² = sin(x)·eʸ
 *
 *   1. `autograd.functional.hessian(f, p)`                    (torch.autograd.functional.hessian)
 *   2. a gradient of the gradient, row by row:  g = grad(f(p), p, { createGraph: true }),
 *      then H[i] = grad(g[i], p)                             (the same by hand)
 *   3. `autograd.functional.hvp(f, p, v)` = H·v, by the double-backward trick
 *
 *   pnpm hessian [-- --x 0.7 --y -0.3]
 */
import { parseArgs } from "node:util";
import { autograd, stack, type Tensor, tensor } from "@tsgrad/core";
import { cliArgs, isMain, numberFlag } from "./lib/cli.js";

/** f(x, y) = x²·y + sin(x)·eʸ, of a point p = [x, y]. */
export function f(p: Tensor): Tensor {
  const [x, y] = [p.select(0, 0), p.select(0, 1)];
  return x.square().mul(y).add(x.sin().mul(y.exp()));
}

/** The closed-form Hessian of {@link f} at (x, y), row-major 2×2. */
export function closedForm(x: number, y: number): number[][] {
  const e = Math.exp(y);
  return [
    [2 * y - Math.sin(x) * e, 2 * x + Math.cos(x) * e],
    [2 * x + Math.cos(x) * e, Math.sin(x) * e],
  ];
}

/** What {@link hessianAt} computes: each method's Hessian and its largest difference to the closed form. */
export interface HessianReport {
  functional: number[][];
  byHand: number[][];
  /** H·v for v = [1, −2], by hvp. */
  hvp: number[];
  closed: number[][];
  maxDiff: number;
}

const rows = (t: Tensor): number[][] => t.tolist() as number[][];

/** The Hessian of f at (x, y) by the three methods, in float64. */
export function hessianAt(x: number, y: number): HessianReport {
  const p = tensor([x, y], { dtype: "float64" });
  const functional = rows(autograd.functional.hessian(f, p) as Tensor);

  const q = p.clone().requiresGrad_(true);
  const [g] = autograd.grad(f(q), q, { createGraph: true });
  const byHand = rows(stack([0, 1].map((i) => autograd.grad(g!.select(0, i), q, { retainGraph: true })[0]!)));

  const v = tensor([1, -2], { dtype: "float64" });
  const [, hv] = autograd.functional.hvp(f, p, v);
  const closed = closedForm(x, y);
  const hvClosed = closed.map((r) => r[0]! * 1 + r[1]! * -2);
  const hvList = (hv as Tensor).tolist() as number[];
  let maxDiff = 0;
  for (let i = 0; i < 2; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(hvList[i]! - hvClosed[i]!));
    for (let j = 0; j < 2; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(functional[i]![j]! - closed[i]![j]!));
      maxDiff = Math.max(maxDiff, Math.abs(byHand[i]![j]! - closed[i]![j]!));
    }
  }
  return { functional, byHand, hvp: hvList, closed, maxDiff };
}

function main(): void {
  const { values } = parseArgs({
    args: cliArgs(process.argv.slice(2)),
    options: { x: { type: "string" }, y: { type: "string" } },
  });
  const x = numberFlag("x", values.x, 0.7);
  const y = numberFlag("y", values.y, -0.3);
  const r = hessianAt(x, y);
  const show = (m: number[][]) =>
    m.map((row) => `  [${row.map((v) => v.toFixed(12).padStart(16)).join(", ")}]`).join("\n");
  console.log(`f(x, y) = x²·y + sin(x)·eʸ at (x, y) = (${x}, ${y})`);
  console.log(`autograd.functional.hessian:\n${show(r.functional)}`);
  console.log(`grad of grad, row by row:\n${show(r.byHand)}`);
  console.log(`closed form:\n${show(r.closed)}`);
  console.log(`hvp with v = [1, -2]: [${r.hvp.map((v) => v.toFixed(12)).join(", ")}]`);
  console.log(`largest difference to the closed form: ${r.maxDiff.toExponential(2)}`);
}

if (isMain(import.meta.url)) main();
