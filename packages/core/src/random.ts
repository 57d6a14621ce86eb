/**
 * Seeded random numbers. tsgrad's stream is its own (xoshiro128**, seeded through splitmix32):
 * `manualSeed(n)` makes runs repeatable, but the numbers differ from PyTorch's for the same seed.
 */

/** A random number generator (`torch.Generator`). */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;
  private seed = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds this generator and returns it. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new Error(`manualSeed(): seed must be a finite number, got ${seed}`);
    this.seed = seed;
    // splitmix32 spreads the seed (including its high bits) over the four words of state.
    let x = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spare = null;
    return this;
  }

  initialSeed(): number {
    return this.seed;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let defaultGenerator = new Generator(0);

/** The global generator used when an op is given none (`torch.default_generator`). */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** Seeds the global generator (`torch.manual_seed`) and returns it. */
export function manualSeed(seed: number): Generator {
  defaultGenerator = defaultGenerator.manualSeed(seed);
  return defaultGenerator;
}

/** Fills `out` with U(from, to) samples; a float32 array rounds each double sample on store. */
export function fillUniform(
  gen: Generator,
  out: Float32Array | Float64Array,
  from: number,
  to: number,
): void {
  const span = to - from;
  for (let i = 0; i < out.length; i++) out[i] = from + span * gen.random();
}

/** Fills `out` with N(mean, std²) samples; a float32 array rounds each double sample on store. */
export function fillNormal(
  gen: Generator,
  out: Float32Array | Float64Array,
  mean: number,
  std: number,
): void {
  for (let i = 0; i < out.length; i++) out[i] = mean + std * gen.normal();
}
