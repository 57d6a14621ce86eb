/**
 * The seed, line for line: the blog post's LabelSmoothingLoss forward on its worked example
 * (pred 5×3, target [0, 1, 2, 1, 0], smoothing 0.01, K = 3), each step checked against real
 * PyTorch's values and printed strings (tools/fixtures/gen_seed_ops.py, "seed").
 *
 *     pred = pred.log_softmax(dim=self.dim)
 *     with torch.no_grad():
 *         true_dist = torch.zeros_like(pred)
 *         true_dist.fill_(self.smoothing / (self.cls - 1))
 *         true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
 *     return torch.mean(torch.sum(-true_dist * pred * self.weight, dim=self.dim))
 */
import { describe, expect, it } from "vitest";
import { gradcheck, noGrad, ones, type Tensor, tensor, zerosLike } from "../src/index.js";
import { expectTensorClose, type FixtureTensor, POST_LOG_SOFTMAX } from "@tsgrad/testing";
import { loadFixture } from "./op-table.js";

interface Step {
  tensor: FixtureTensor;
  repr: string;
}
const SEED = loadFixture<{
  seed: {
    values: number[][];
    target: number[];
    classes: number;
    smoothing: number;
    steps: Record<string, Step>;
    float64: { loss: number; grad: FixtureTensor };
  };
}>("seed_ops").seed;

/** Checks a step's values and its printed form against PyTorch's. */
function check(name: string, t: Tensor): void {
  const step = SEED.steps[name]!;
  expectTensorClose(t, step.tensor, name); // rtol 1e-5 / 1e-10 with an rtol·max|e| floor; exact for int32
  expect(t.toString(), `${name}: printed`).toBe(step.repr);
}

/** The seed's forward, returning every intermediate. */
function forward(pred: Tensor, target: Tensor, classes: number, smoothing: number, weight: Tensor) {
  const logp = pred.logSoftmax(-1);
  const steps = noGrad(() => {
    const trueDist = zerosLike(logp);
    const zeros = trueDist.clone();
    const filled = trueDist.fill_(smoothing / (classes - 1));
    const afterFill = trueDist.clone();
    const idx = target.data.unsqueeze(1);
    const scattered = trueDist.scatter_(1, idx, 1 - smoothing);
    return { trueDist, zeros, filled, afterFill, idx, scattered };
  });
  const neg = steps.trueDist.neg();
  const prod = neg.mul(logp);
  const weighted = prod.mul(weight);
  const rows = weighted.sum(-1);
  const loss = rows.mean();
  return { logp, ...steps, neg, prod, weighted, rows, loss };
}

describe("the seed's LabelSmoothingLoss, step by step against PyTorch", () => {
  const { classes, smoothing } = SEED;
  const pred = tensor(SEED.values, { requiresGrad: true });
  const target = tensor(SEED.target);
  const weight = ones([classes]).div(classes);
  const s = forward(pred, target, classes, smoothing, weight);

  it("inputs print as in the post", () => {
    check("pred", pred.detach());
    check("pred_requires_grad", pred);
    check("target", target);
    expect(target.dtype).toBe("int32");
    check("weight", weight);
  });

  it("pred.log_softmax(dim=-1)", () => {
    check("log_softmax", s.logp);
    // The post printed these from an unrounded pred; its 4 decimals agree within 1e-4.
    const post = POST_LOG_SOFTMAX;
    const got = s.logp.tolist() as number[][];
    got.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(Math.abs(v - post[i]![j]!)).toBeLessThan(1.5e-4);
      });
    });
  });

  it("zeros_like, fill_ and scatter_ run in place under no_grad and return the tensor", () => {
    check("zeros_like", s.zeros);
    expect(s.filled).toBe(s.trueDist);
    check("fill_", s.afterFill);
    check("target_unsqueeze", s.idx);
    expect(s.scattered).toBe(s.trueDist);
    check("scatter_", s.trueDist);
    expect(s.trueDist.requiresGrad).toBe(false);
    expect(s.trueDist.version).toBe(2);
  });

  it("true_dist off-target is 0.0050, not the post's 0.5000 (a typo in the post)", () => {
    const row = s.trueDist.tolist()[0] as number[];
    expect(row[1]).toBe(Math.fround(0.005));
    expect(row[0]).toBe(Math.fround(0.99));
    expect(s.trueDist.toString()).not.toContain("0.5000");
    // Each row is a distribution: 0.99 + 2 · 0.005 = 1.
    for (const r of s.trueDist.sum(-1).tolist() as number[]) expect(r).toBeCloseTo(1, 6);
  });

  it("-true_dist * pred * weight, sum(-1), mean()", () => {
    check("neg", s.neg);
    expect(s.trueDist.mul(-1).tolist()).toEqual(s.neg.tolist()); // multiply by -1 is the same
    check("mul_pred", s.prod);
    check("mul_weight", s.weighted);
    check("sum", s.rows);
    check("mean", s.loss);
  });

  it("the gradient of pred after backward", () => {
    s.loss.backward();
    check("pred_grad", pred.grad!);
  });
});

describe("the seed in float64", () => {
  const { classes, smoothing } = SEED;
  const target = tensor(SEED.target);
  const weight = ones([classes], { dtype: "float64" }).div(classes);

  it("loss and gradient match PyTorch to 1e-10", () => {
    const pred = tensor(SEED.values, { dtype: "float64", requiresGrad: true });
    const { loss } = forward(pred, target, classes, smoothing, weight);
    expect(Math.abs(loss.item() - SEED.float64.loss)).toBeLessThanOrEqual(1e-10 * SEED.float64.loss);
    loss.backward();
    expectTensorClose(pred.grad!, SEED.float64.grad, "grad");
  });

  it("passes gradcheck", () => {
    const pred = tensor(SEED.values, { dtype: "float64", requiresGrad: true });
    expect(gradcheck((p) => forward(p, target, classes, smoothing, weight).loss, [pred])).toBe(true);
  });

  it("an out-of-range target fails in scatter_ with PyTorch's message", () => {
    const pred = tensor(SEED.values, { dtype: "float64", requiresGrad: true });
    expect(() => forward(pred, tensor([0, 1, 3, 1, 0]), classes, smoothing, weight)).toThrow(
      "index 3 is out of bounds for dimension 1 with size 3",
    );
    expect(() => forward(pred, tensor([0, 1, -1, 1, 0]), classes, smoothing, weight)).toThrow(
      "index -1 is out of bounds for dimension 1 with size 3",
    );
  });
});
