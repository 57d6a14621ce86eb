import { describe, expect, it } from "vitest";
import { declaredParams, MAX_ARGS } from "./arity.js";
import { ones, Tensor } from "./index.js";

describe("declaredParams: the parameters a function declares, from its source", () => {
  it("counts defaults, destructuring and nested brackets; a rest parameter is any number", () => {
    const cases: [(...a: never[]) => unknown, number][] = [
      [() => 0, 0],
      [(a: number) => a, 1],
      [((a: number, b = 1) => a + b) as never, 2],
      [
        ((a: unknown, b = { c: [1, 2], d: "(,)" }, f = (x: number, y: number) => x + y) => [
          a,
          b,
          f,
        ]) as never,
        3,
      ],
      [((a: unknown, ...rest: unknown[]) => [a, rest]) as never, Number.POSITIVE_INFINITY],
      [
        function named(this: unknown, a: number, { b, c }: { b: number; c: number } = { b: 1, c: 2 }) {
          return a + b + c;
        } as never,
        2,
      ],
      [Math.max as never, Number.POSITIVE_INFINITY],
      [((x: number) => x).bind(null) as never, Number.POSITIVE_INFINITY],
    ];
    for (const [fn, n] of cases) expect(declaredParams(fn), String(fn)).toBe(n);
  });

  it("every Tensor method refuses more arguments than it declares, naming itself", () => {
    const x = ones([2, 2]);
    let checked = 0;
    for (const name of Object.getOwnPropertyNames(Tensor.prototype)) {
      const d = Object.getOwnPropertyDescriptor(Tensor.prototype, name)!;
      // The methods attached in methods.ts carry their count; tensor.ts's own (dim, numel, ...) do not.
      const max = (d.value as { [MAX_ARGS]?: number } | undefined)?.[MAX_ARGS];
      if (typeof d.value !== "function" || max === undefined || max === Number.POSITIVE_INFINITY) continue;
      const args = new Array(max + 1).fill(undefined);
      expect(() => (d.value as (...a: unknown[]) => unknown).apply(x, args), name).toThrow(
        `${name}(): takes at most`,
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});
