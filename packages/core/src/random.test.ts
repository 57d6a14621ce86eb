import { describe, expect, it } from "vitest";
import { rand } from "./creation.js";
import { Generator, manualSeed } from "./random.js";

/**
 * The generator as it was before seeds reached 2^64 (splitmix32 of the seed folded to 32 bits, then
 * xoshiro128**): fixtures and examples depend on these streams for seeds below 2^32.
 */
function oldStream(seed: number, n: number): number[] {
  let x = (seed >>> 0) ^ Math.floor(seed / 4294967296);
  const next = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let [s0, s1, s2, s3] = [next(), next(), next(), next()];
  const rotl = (v: number, k: number): number => (v << k) | (v >>> (32 - k));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
  }
  return out;
}

function stream(g: Generator, n: number): number[] {
  return Array.from({ length: n }, () => g.nextUint32());
}

describe("manualSeed", () => {
  it("keeps the streams of seeds below 2^32", () => {
    for (const seed of [0, 1, 2, 7, 42, 12345, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]) {
      expect(stream(new Generator(seed), 8), `seed ${seed}`).toEqual(oldStream(seed, 8));
    }
  });

  it("gives distinct seeds distinct streams up to 2^64 (the old folding made 2^32 + 1 a copy of 0)", () => {
    const seeds: bigint[] = [
      0n,
      1n,
      2n ** 32n,
      2n ** 32n + 1n,
      2n ** 33n,
      2n ** 53n,
      2n ** 63n,
      2n ** 64n - 1n,
    ];
    // Low and high words swapped, and equal, must not collide either.
    for (const [lo, hi] of [
      [5n, 9n],
      [9n, 5n],
      [7n, 7n],
      [0xffffffffn, 0n],
      [0n, 0xffffffffn],
    ] as const) {
      seeds.push((hi << 32n) | lo);
    }
    const firsts = seeds.map((s) => stream(new Generator(s), 4).join(","));
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it("maps a negative seed to its two's complement, as PyTorch: -1 is 2^64 - 1, not 0", () => {
    expect(manualSeed(-1).initialSeed()).toBe(2n ** 64n - 1n);
    const a = rand([4]).tolist();
    manualSeed(2n ** 64n - 1n);
    expect(rand([4]).tolist()).toEqual(a);
    manualSeed(0);
    expect(rand([4]).tolist()).not.toEqual(a);
    expect(new Generator(-(2n ** 63n)).initialSeed()).toBe(2n ** 63n);
  });

  it("takes a bigint or a safe integer for the same seed, and reports it as given", () => {
    expect(stream(new Generator(123n), 4)).toEqual(stream(new Generator(123), 4));
    expect(new Generator(2 ** 53 - 1).initialSeed()).toBe(2 ** 53 - 1);
    expect(new Generator(2n ** 53n).initialSeed()).toBe(2n ** 53n);
    expect(new Generator(5n).initialSeed()).toBe(5);
  });

  it("rejects non-integers, unsafe numbers and seeds outside PyTorch's range", () => {
    expect(() => manualSeed(Number.NaN)).toThrow(TypeError);
    expect(() => manualSeed(Number.NaN)).toThrow(
      "manualSeed(): seed must be an integer (a number or a bigint), but got a number (NaN)",
    );
    expect(() => manualSeed("3" as never)).toThrow('but got a string ("3")');
    expect(() => manualSeed(2 ** 53)).toThrow("pass a bigint");
    expect(() => manualSeed(-(2n ** 63n) - 1n)).toThrow("manualSeed(): seed must be in [-2^63, 2^64 - 1]");
    expect(() => new Generator().manualSeed(0.5)).toThrow(TypeError);
  });
});
