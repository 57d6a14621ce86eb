import { Generator } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { makeSpiral, trainTestSplit } from "./spiral.js";

describe("spiral data", () => {
  it("follows the CS231n formula: r = i/(n−1), t = 4j + 4i/(n−1) + noise·z", () => {
    const { x, y } = makeSpiral(5, 3, { noise: 0, generator: new Generator(0) });
    expect(x.shape).toEqual([15, 2]);
    expect(Array.from(y.toTypedArray())).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const xs = x.toTypedArray();
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 5; i++) {
        const r = i / 4;
        const t = 4 * j + i;
        const k = j * 5 + i;
        expect(xs[2 * k]).toBeCloseTo(r * Math.sin(t), 6);
        expect(xs[2 * k + 1]).toBeCloseTo(r * Math.cos(t), 6);
      }
    }
  });

  it("is repeatable for a seed and splits without losing or repeating rows", () => {
    const a = makeSpiral(20, 3, { generator: new Generator(7) });
    const b = makeSpiral(20, 3, { generator: new Generator(7) });
    const c = makeSpiral(20, 3, { generator: new Generator(8) });
    expect(Array.from(a.x.toTypedArray())).toEqual(Array.from(b.x.toTypedArray()));
    expect(Array.from(a.x.toTypedArray())).not.toEqual(Array.from(c.x.toTypedArray()));
    const { train, test } = trainTestSplit(a, 0.2, new Generator(1));
    expect(train.y.shape).toEqual([48]);
    expect(test.y.shape).toEqual([12]);
    const key = (xs: ArrayLike<number>, i: number) => `${xs[2 * i]},${xs[2 * i + 1]}`;
    const all = new Set(Array.from({ length: 60 }, (_, i) => key(a.x.toTypedArray(), i)));
    const seen = [
      ...Array.from({ length: 48 }, (_, i) => key(train.x.toTypedArray(), i)),
      ...Array.from({ length: 12 }, (_, i) => key(test.x.toTypedArray(), i)),
    ];
    expect(new Set(seen)).toEqual(all);
    expect(() => makeSpiral(1)).toThrow("makeSpiral(): pointsPerClass must be an integer >= 2, got 1");
    expect(() => trainTestSplit(a, 1, new Generator(0))).toThrow("trainTestSplit(): testFraction 1");
  });
});
