import {
  Generator,
  getBackend,
  isWasmAvailable,
  noGrad,
  randint,
  randn,
  setBackend,
  type Tensor,
  tensor,
} from "@tsgrad/core";
import { afterAll, describe, expect, it } from "vitest";
import { crossEntropy } from "./cross-entropy.js";
import { expNonPositive } from "./kernels.js";
import { LabelSmoothingLoss } from "./label-smoothing.js";

const gen = new Generator().manualSeed(7);

describe("expNonPositive", () => {
  it("matches Math.exp to 1e-15 relative over (−708, 0]", () => {
    let worst = 0;
    // A deterministic sweep: dense near 0 (softmax's usual range) and out to −708.
    for (let i = 0; i <= 200000; i++) {
      const d = -708 * (i / 200000) ** 3;
      const want = Math.exp(d);
      worst = Math.max(worst, Math.abs(expNonPositive(d) - want) / want);
    }
    expect(worst).toBeLessThan(1e-15);
  });

  it("gives exact results at the edges and defers the rest to Math.exp", () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expNonPositive(Number.NaN)).toBeNaN();
    expect(expNonPositive(1)).toBe(Math.exp(1));
    expect(expNonPositive(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(expNonPositive(-740)).toBe(Math.exp(-740)); // subnormal result
    expect(expNonPositive(-800)).toBe(0);
  });
});

/** The logits' gradient of `f`, run once or twice (retainGraph) on a fresh leaf. */
function grads(x: Tensor, f: (x: Tensor) => Tensor, times: 1 | 2): number[][] {
  const leaf = x.detach().requiresGrad_();
  const loss = f(leaf);
  const out: number[][] = [];
  for (let i = 0; i < times; i++) {
    leaf.grad = null;
    loss.backward(null, { retainGraph: i + 1 < times });
    out.push(Array.from(leaf.grad!.toTypedArray()));
  }
  return out;
}

describe("fused cross-entropy: the in-place backward (exp buffer) equals the recomputing one", () => {
  // The first backward scales the forward's exp buffer; a second one (retainGraph) recomputes
  // every exp from x and the saved row max and log Σ exp. Both must give the same gradient.
  const x3 = randn([3, 5, 4], { dtype: "float64", generator: gen });
  const t3 = randint(0, 5, [3, 4], { generator: gen });
  const w = tensor([0.5, 2, 1, 0.25, 3], { dtype: "float64" });
  const cases: [string, (x: Tensor) => Tensor][] = [
    [
      "smoothed, weighted, class dim 1 of 3-D",
      (x) => crossEntropy(x, t3, { weight: w, labelSmoothing: 0.2 }),
    ],
    ["unsmoothed, sum", (x) => crossEntropy(x, t3, { reduction: "sum" })],
    [
      "ignore_index, none",
      (x) => crossEntropy(x, t3.where(t3.ne(2), tensor(-100)), { reduction: "none" }).sum(),
    ],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      const [first, second] = grads(x3, f, 2) as [number[], number[]];
      expect(first.length).toBe(60);
      for (let i = 0; i < first.length; i++) {
        expect(Math.abs(first[i]! - second[i]!)).toBeLessThanOrEqual(1e-15 + 1e-13 * Math.abs(second[i]!));
      }
    });
  }

  it("the seed's LabelSmoothingLoss on float32 agrees with its float64 gradient", () => {
    const x = randn([6, 7], { dtype: "float64", generator: gen });
    const t = randint(0, 7, [6], { generator: gen });
    const crit = new LabelSmoothingLoss(7, 0.1);
    const [g64] = grads(x, (v) => crit.call(v, t), 1) as [number[]];
    const [g32] = grads(
      noGrad(() => x.float()),
      (v) => crit.call(v, t),
      1,
    ) as [number[]];
    for (let i = 0; i < g64.length; i++) {
      // Float32 rounds the stored exp once and the scaled result once: a few float32 ulps.
      expect(Math.abs(g32[i]! - g64[i]!)).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(g64[i]!));
    }
  });

  it("the loss value does not depend on whether the exp buffer is built (grad mode on or off)", () => {
    const x = randn([4, 5], { dtype: "float64", generator: gen }).requiresGrad_();
    const t = tensor([1, 0, 4, 2]);
    const a = crossEntropy(x, t, { labelSmoothing: 0.1 }).item();
    const b = noGrad(() => crossEntropy(x, t, { labelSmoothing: 0.1 })).item();
    expect(b).toBe(a);
  });
});

describe.runIf(isWasmAvailable())(
  "fused cross-entropy on the wasm backend (core's SIMD row exp) agrees with the TypeScript loops",
  () => {
    const before = getBackend();
    afterAll(() => setBackend(before));
    /** Loss and the gradients of the first and a retained second backward, under `backend`. */
    const runOn = (backend: "wasm" | "js", x: Tensor, f: (x: Tensor) => Tensor) => {
      setBackend(backend);
      const leaf = x.detach().requiresGrad_();
      const loss = f(leaf);
      const value = Array.from(loss.detach().toTypedArray());
      const gs = grads(x, f, 2);
      return { value, gs };
    };
    const close = (got: number[], want: number[], what: string) => {
      expect(got.length, what).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        const tol = 1e-7 + 2e-6 * Math.abs(want[i]!);
        if (!(Math.abs(got[i]! - want[i]!) <= tol) && !(Number.isNaN(got[i]!) && Number.isNaN(want[i]!))) {
          expect(got[i], `${what}[${i}]`).toBeCloseTo(want[i]!, 6);
        }
      }
    };
    // Class counts around the kernel's 4- and 8-wide steps, and one large vocabulary.
    for (const C of [3, 4, 7, 9, 1000]) {
      const N = 6;
      const x = noGrad(() => randn([N, C], { generator: gen }).mul(3));
      const t = randint(0, C, [N], { generator: gen });
      const ignored = t.where(tensor([1, 0, 1, 1, 0, 1]).bool(), tensor(-100));
      const w = noGrad(() => randn([C], { generator: gen }).abs().add(0.5));
      const probs = noGrad(() => randn([N, C], { generator: gen }).softmax(1));
      const cases: [string, (v: Tensor) => Tensor][] = [
        ["smoothed mean", (v) => crossEntropy(v, t, { labelSmoothing: 0.1 })],
        ["unsmoothed sum", (v) => crossEntropy(v, t, { reduction: "sum" })],
        [
          "smoothed, weighted, none",
          (v) => crossEntropy(v, t, { weight: w, labelSmoothing: 0.2, reduction: "none" }).sum(),
        ],
        ["ignore_index rows", (v) => crossEntropy(v, ignored, { labelSmoothing: 0.1 })],
        ["probability targets", (v) => crossEntropy(v, probs, { labelSmoothing: 0.1 })],
        ["the seed's LabelSmoothingLoss", (v) => new LabelSmoothingLoss(C, 0.1).call(v, t)],
      ];
      for (const [name, f] of cases) {
        it(`${name}, C = ${C}`, () => {
          const js = runOn("js", x, f);
          const wasm = runOn("wasm", x, f);
          close(wasm.value, js.value, "loss");
          close(wasm.gs[0]!, js.gs[0]!, "first backward");
          close(wasm.gs[1]!, js.gs[1]!, "second backward");
        });
      }
    }

    it("NaN and infinite logits give the TypeScript loops' loss and gradient", () => {
      const x = tensor([
        [1, 2, Number.NaN, 4, 5],
        [Number.NEGATIVE_INFINITY, 0, 1, 2, 3],
        [0, 1, Number.POSITIVE_INFINITY, 2, 3],
      ]);
      const t = tensor([0, 1, 3]);
      for (const labelSmoothing of [0, 0.1]) {
        const f = (v: Tensor) => crossEntropy(v, t, { labelSmoothing, reduction: "none" }).sum();
        const js = runOn("js", x, f);
        const wasm = runOn("wasm", x, f);
        close(wasm.value, js.value, "loss");
        close(wasm.gs[0]!, js.gs[0]!, "gradient");
      }
    });
  },
);
