import { describe, expect, it } from "vitest";
import { cat, detectAnomaly, isAnomalyEnabled, setDetectAnomaly, tensor } from "../index.js";

/** Runs `fn` and returns the message of the error it throws (the test fails if it does not throw). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error("expected the call to throw");
}

describe("anomaly detection (torch.autograd.detect_anomaly)", () => {
  it("is off by default and restored after detectAnomaly()", () => {
    expect(isAnomalyEnabled()).toBe(false);
    detectAnomaly(() => expect(isAnomalyEnabled()).toBe(true));
    expect(isAnomalyEnabled()).toBe(false);
    expect(() =>
      detectAnomaly(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isAnomalyEnabled()).toBe(false);
  });

  it("without anomaly mode, sqrt at 0 gives an inf gradient silently (as in PyTorch)", () => {
    const x = tensor([0, 4], { dtype: "float64", requiresGrad: true });
    x.sqrt().sum().backward();
    expect(x.grad!.tolist()).toEqual([Number.POSITIVE_INFINITY, 0.25]);
  });

  it("names SqrtBackward0 and the forward call's line in this file", () => {
    const msg = messageOf(() =>
      detectAnomaly(() => {
        const x = tensor([0, 4], { dtype: "float64", requiresGrad: true });
        const y = x.sqrt().sum();
        y.backward();
      }),
    );
    expect(msg).toMatch(/^Function 'SqrtBackward0' returned inf values in its 0th output\./);
    expect(msg).toContain("The forward call that created it:");
    // The forward stack reaches this test file (the line of `x.sqrt()`).
    expect(msg).toMatch(/anomaly\.test\.ts:\d+:\d+/);
    expect(msg).toMatch(/at Tensor\.sqrt/);
  });

  it("reports nan (0 * inf) and blames the op whose backward made it, not its consumers", () => {
    const msg = messageOf(() =>
      detectAnomaly(() => {
        const x = tensor([0, 1], { dtype: "float64", requiresGrad: true });
        // d/dx log(x) at 0 is inf; multiplied by the zero upstream gradient of mul(0) it is nan.
        x.log().mul(0).sum().backward();
      }),
    );
    expect(msg).toMatch(/^Function 'LogBackward0' returned nan values in its 0th output\./);
  });

  it("setDetectAnomaly(true) turns it on globally until turned off", () => {
    setDetectAnomaly(true);
    try {
      const x = tensor([1, 0], { dtype: "float64", requiresGrad: true });
      expect(() => x.reciprocal().sum().backward()).toThrow(/'ReciprocalBackward0' returned inf/);
    } finally {
      setDetectAnomaly(false);
    }
    const x = tensor([1, 0], { dtype: "float64", requiresGrad: true });
    x.reciprocal().sum().backward();
    expect(x.grad!.tolist()).toEqual([-1, Number.NEGATIVE_INFINITY]);
  });

  it("reaches user code through deep composite ops (more than V8's default 10 frames)", () => {
    const nest = (depth: number, x: ReturnType<typeof tensor>): ReturnType<typeof tensor> =>
      depth === 0 ? x.sqrt() : nest(depth - 1, x);
    const msg = messageOf(() =>
      detectAnomaly(() => {
        const x = tensor([0], { dtype: "float64", requiresGrad: true });
        nest(12, x).sum().backward();
      }),
    );
    expect(msg).toMatch(/^Function 'SqrtBackward0'/);
    // The outermost frame inside this test (the detectAnomaly callback) is still in the stack.
    const frames = msg.split("\n").filter((l) => l.includes("anomaly.test.ts"));
    expect(frames.length).toBeGreaterThan(12);
  });

  it("checks only the gradient's own elements, not the rest of the buffer it views", () => {
    // cat's backward hands each input a narrow() view of the upstream gradient; the inf below
    // belongs to b, which does not require grad, so a's gradient is finite and nothing throws.
    const a = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const b = tensor([3], { dtype: "float64" });
    detectAnomaly(() => cat([a, b]).backward(tensor([1, 2, Number.POSITIVE_INFINITY], { dtype: "float64" })));
    expect(a.grad!.tolist()).toEqual([1, 2]);
  });

  it("names the right output when only a later input's gradient is not finite", () => {
    const a = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const b = tensor([3], { dtype: "float64", requiresGrad: true });
    const msg = messageOf(() =>
      detectAnomaly(() =>
        cat([a, b]).backward(tensor([1, 2, Number.POSITIVE_INFINITY], { dtype: "float64" })),
      ),
    );
    expect(msg).toMatch(/^Function 'CatBackward0' returned inf values in its 1th output\./);
  });

  it("records no stack when off (zero cost)", () => {
    const x = tensor([1], { requiresGrad: true });
    expect(x.exp().gradFn!.stack).toBeUndefined();
    const y = detectAnomaly(() => x.exp());
    expect(y.gradFn!.stack).toMatch(/anomaly\.test\.ts/);
  });
});
