import { describe, expect, it } from "vitest";
import { zeros } from "../index.js";
import {
  detectAnomaly,
  enableGrad,
  inferenceMode,
  isAnomalyEnabled,
  isGradEnabled,
  noGrad,
  setDetectAnomaly,
  setGradEnabled,
} from "./grad-mode.js";

describe("noGrad / enableGrad with an async function", () => {
  it("refuses an async function before running any of it", () => {
    let ran = false;
    expect(() =>
      noGrad(async () => {
        ran = true;
      }),
    ).toThrow(TypeError);
    expect(ran).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() => noGrad(async () => 1)).toThrow(
      /^noGrad\(\): fn is async \(it returns a Promise\), and grad mode off cannot follow an await/,
    );
  });

  it("refuses a function that returns a Promise or another thenable, with the mode already restored", () => {
    expect(() => noGrad(() => Promise.resolve(1))).toThrow("grad mode off cannot follow an await");
    expect(isGradEnabled()).toBe(true);
    const modes: boolean[] = [];
    expect(() =>
      noGrad(() =>
        enableGrad(() => {
          modes.push(isGradEnabled());
          // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point here
          return { then: () => undefined };
        }),
      ),
    ).toThrow("enableGrad(): fn is async (it returns a Promise), and grad mode on cannot follow an await");
    expect(modes).toEqual([true]);
    expect(isGradEnabled()).toBe(true);
  });

  it("says what to do instead", () => {
    expect(() => noGrad(async () => 1)).toThrow(
      "Call noGrad() inside the async function, around the synchronous work (await load(); const y = noGrad(() => model.call(x));)",
    );
    expect(() => noGrad(async () => 1)).toThrow(
      "const prev = setGradEnabled(false); try { ... } finally { setGradEnabled(prev); }",
    );
    expect(() => detectAnomaly(async () => 1)).toThrow(
      "detectAnomaly(): fn is async (it returns a Promise), and anomaly detection on cannot follow an await",
    );
    expect(isAnomalyEnabled()).toBe(false);
  });

  it("still runs synchronous functions, returning their value (a tensor, undefined, a plain object)", () => {
    const w = zeros([2], { requiresGrad: true });
    expect(noGrad(() => w.mul(2)).requiresGrad).toBe(false);
    expect(noGrad(() => undefined)).toBeUndefined();
    // biome-ignore lint/suspicious/noThenProperty: a `then` that is not a function is not a thenable
    const notThenable = Object.fromEntries([["then", 1]]);
    expect(enableGrad(() => notThenable)).toBe(notThenable);
  });

  it("a non-function is a TypeError", () => {
    expect(() => noGrad(5 as never)).toThrow("noGrad(): expected a function to run, but got number");
  });
});

describe("setGradEnabled / setDetectAnomaly take booleans only", () => {
  it("refuses strings and numbers, leaving the mode as it was", () => {
    expect(() => setGradEnabled("false" as never)).toThrow(
      'setGradEnabled(): mode must be a boolean, but got a string ("false")',
    );
    expect(() => setGradEnabled(0 as never)).toThrow("but got number");
    expect(isGradEnabled()).toBe(true);
    expect(() => setDetectAnomaly(1 as never)).toThrow("setDetectAnomaly(): mode must be a boolean");
    expect(isAnomalyEnabled()).toBe(false);
    expect(setGradEnabled(false)).toBe(true);
    expect(setGradEnabled(true)).toBe(false);
  });
});

describe("inferenceMode (torch.inference_mode)", () => {
  it("records nothing, as noGrad; inferenceMode(false, fn) leaves the mode as it is", () => {
    const w = zeros([2], { requiresGrad: true });
    expect(inferenceMode(() => w.mul(2)).requiresGrad).toBe(false);
    expect(inferenceMode(true, () => isGradEnabled())).toBe(false);
    expect(inferenceMode(false, () => isGradEnabled())).toBe(true);
    expect(noGrad(() => inferenceMode(false, () => isGradEnabled()))).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() => inferenceMode("yes" as never, () => 1)).toThrow("inferenceMode(): mode must be a boolean");
  });
  it("prints a grad_fn readably, as PyTorch's <MulBackward0 object at 0x...> without the address", () => {
    const z = zeros([2], { requiresGrad: true }).mul(2);
    expect(`Gradient function for z = ${z.gradFn}`).toBe("Gradient function for z = <MulBackward0 object>");
  });
});
