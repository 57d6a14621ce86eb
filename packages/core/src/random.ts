/**
 * Seeded random numbers. tsgrad's stream is its own (xoshiro128**, seeded through splitmix32):
 * `manualSeed(n)` makes runs repeatable, but the numbers differ from PyTorch's for the same seed.
 */

/**
 * A random number generator (`torch.Generator`).
 *
 * @example
 * const g = new Generator(42);
 * const a = randn([3], { generator: g });
 * g.manualSeed(42);
 * randn([3], { generator: g }).allclose(a); // true
 */
export class Generator {
  /** The name messages use for this class (`className`), which a bundler's renaming cannot change. */
  static readonly typeName: string = "Generator";
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;
  private seed: number | bigint = 0;

  constructor(seed: number | bigint = 0) {
    this.manualSeed(seed);
  }

  /**
   * Re-seeds this generator and returns it. Seeds are PyTorch's: integers in [−2^63, 2^64 − 1],
   * a negative one standing for its two's complement (−1 is 2^64 − 1, as in PyTorch). Beyond
   * 2^53 pass a bigint: a JS number there has already lost its low bits.
   */
  manualSeed(seed: number | bigint): this {
    const s = checkSeed("manualSeed", seed);
    this.seed = s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
    const lo = Number(s & 0xffffffffn);
    const hi = Number(s >> 32n);
    // splitmix32 spreads the low word over the four words of state (the only word there was
    // before seeds reached 2^64, so seeds below 2^32 keep their streams).
    let x = lo;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // The high word enters through a bijection that maps 0 to 0: s0 fixes the low word and s1
    // then fixes the high one, so distinct seeds always give distinct states.
    if (hi !== 0) {
      this.s1 = (this.s1 ^ fmix32(hi)) >>> 0;
      this.s3 = (this.s3 ^ fmix32(~hi)) >>> 0;
    }
    this.spare = null;
    return this;
  }

  /** The seed, as `manualSeed` stored it: in [0, 2^64), a bigint above 2^53 (`initial_seed()`). */
  initialSeed(): number | bigint {
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

/** MurmurHash3's finalizer: a bijection of 32-bit words (0 ↦ 0). */
function fmix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_64 = 1n << 64n;

/** A seed as a bigint in [0, 2^64); TypeError for a non-integer, Error outside PyTorch's range. */
function checkSeed(op: string, seed: unknown): bigint {
  let s: bigint;
  if (typeof seed === "bigint") s = seed;
  else if (typeof seed === "number" && Number.isInteger(seed)) {
    if (!Number.isSafeInteger(seed)) {
      throw new TypeError(
        `${op}(): seed ${BigInt(seed)} is beyond 2^53, where a JS number has lost its low bits; pass a bigint (e.g. ${op}(2n ** 60n))`,
      );
    }
    s = BigInt(seed);
  } else {
    const got =
      typeof seed === "number"
        ? `a number (${seed})`
        : typeof seed === "string"
          ? `a string (${JSON.stringify(seed)})`
          : seed === null
            ? "null"
            : typeof seed;
    throw new TypeError(`${op}(): seed must be an integer (a number or a bigint), but got ${got}`);
  }
  if (s < -(1n << 63n) || s >= TWO_64) {
    throw new Error(`${op}(): seed must be in [-2^63, 2^64 - 1] (as in PyTorch), but got ${s}`);
  }
  return s < 0n ? s + TWO_64 : s;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let defaultGenerator = new Generator(0);

/**
 * The global generator used when an op is given none (`torch.default_generator`).
 *
 * @example
 * manualSeed(3) === getDefaultGenerator(); // true
 */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/**
 * Seeds the global generator (`torch.manual_seed`) and returns it; see `Generator.manualSeed`.
 *
 * @example
 * manualSeed(0);
 * const a = rand(3);
 * manualSeed(0);
 * rand(3).allclose(a); // true
 */
export function manualSeed(seed: number | bigint): Generator {
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
