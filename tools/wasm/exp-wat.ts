/**
 * The WebAssembly text of the float32 row-exp kernel (WASM SIMD, 128-bit) behind softmax,
 * logSoftmax, logsumexp and the fused cross-entropy losses on the wasm backend. tools/gen-wasm.ts
 * assembles it with wabt and embeds the bytes in packages/core/src/kernels/wasm/modules.ts; the
 * host side is packages/core/src/kernels/wasm/exp.ts.
 *
 * exprows(x, e, stats, rows, n, flags): for each of `rows` contiguous rows of n float32 at byte
 * offset x (row r at x + 4·r·n):
 * - the shift m: the row max (−∞ for an empty row; a NaN element is skipped by the max, but it
 *   makes s, hence every result of the row, NaN, as in the TypeScript kernels); with FLAG_INF_ZERO
 *   a ±∞ max shifts by 0 instead; with FLAG_GIVEN_SHIFT it is read from stats (what an earlier
 *   call stored) and the max pass is skipped;
 * - s = Σ exp(x_c − m), summed in float64 lanes; with FLAG_STORE each exp(x_c − m) is stored as
 *   float32 at e (same layout as x; e = x works in place); with FLAG_NORMALIZE they are then
 *   divided by s (a softmax);
 * - with FLAG_SUM_D, Σ (x_c − m) in float64 (x promoted first, so each term is exact).
 * stats (float64, 3 per row at byte offset `stats`): [m, s, Σ(x − m)].
 *
 * exp(d), f32x4: d clamped to [−110, 89] (NaN stays NaN: `pmax`/`pmin` with d first return d when
 * a comparison is false), k = nearest(d·log2 e), r = d − k·C1 − k·C2 with Cephes' split of ln 2
 * (C1 = 0.693359375 has 9 significant bits, so k·C1 is exact for |k| < 2^15), exp(r) by Cephes'
 * expf polynomial 1 + r + r²·P(r) (deg P = 5, |r| ≤ ln 2 / 2), and the result scaled by 2^k as
 * two exponent-field multiplications 2^⌊k/2⌋ · 2^(k − ⌊k/2⌋), so that k = 128 (exp(88.7) just
 * below FLT_MAX) and k < −126 (subnormal results, rounded once by the last product) need no
 * branch. Below −110 the result rounds to 0, above 89 to +∞ (exp(88.73) already overflows).
 * The error (tested in kernels/wasm/exp.test.ts over a dense sweep of [−104, 89]): at most 1 ulp
 * of the correctly rounded float32 result, about 1.2e−7 relative; subnormal results are within
 * 1 ulp of the subnormal grid (an absolute error below 1.5e−45).
 */
import { get, i32, Wat } from "./wat.js";

const FLAG_INF_ZERO = 1;
const FLAG_STORE = 2;
const FLAG_SUM_D = 4;
const FLAG_GIVEN_SHIFT = 8;
const FLAG_NORMALIZE = 16;

/** The flags by name, as the host (kernels/wasm/exp.ts) sees them through modules.ts. */
export const EXP_FLAGS = {
  infZero: FLAG_INF_ZERO,
  store: FLAG_STORE,
  sumD: FLAG_SUM_D,
  givenShift: FLAG_GIVEN_SHIFT,
  normalize: FLAG_NORMALIZE,
} as const;

const f32 = (v: number) => `(f32.const ${v === Infinity ? "inf" : v === -Infinity ? "-inf" : v})`;
const splat = (v: number) => `(f32x4.splat ${f32(v)})`;
const vget = get;

const MAGIC = 12582912; // 1.5·2^23
const MAGIC_BITS = 0x4b400000; // its float32 bits

/** Cephes expf's coefficients of P, highest degree first. */
const P = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
];

/** Emits `$out = exp($in)` on f32x4 locals, through the scratch locals $t, $k, $r, $p, $ki. */
function emitExp(w: Wat, input: string, out: string): void {
  w.emit(`(local.set $t (f32x4.pmin (f32x4.pmax ${vget(input)} ${splat(-110)}) ${splat(89)}))`);
  // k = nearest(t·log2 e) by adding 1.5·2^23 (the addition rounds; |t·log2 e| < 2^22): its bits
  // minus the constant's are k as an integer, and subtracting the constant gives k as a float.
  w.emit(`(local.set $ki (f32x4.add (f32x4.mul ${vget("t")} ${splat(Math.LOG2E)}) ${splat(MAGIC)}))`);
  w.emit(`(local.set $k (f32x4.sub ${vget("ki")} ${splat(MAGIC)}))`);
  w.emit(`(local.set $ki (i32x4.sub ${vget("ki")} (i32x4.splat (i32.const ${MAGIC_BITS}))))`);
  w.emit(
    `(local.set $r (f32x4.sub (f32x4.sub ${vget("t")} (f32x4.mul ${vget("k")} ${splat(0.693359375)})) (f32x4.mul ${vget("k")} ${splat(-2.1219444e-4)})))`,
  );
  w.emit(`(local.set $p ${splat(P[0]!)})`);
  for (const c of P.slice(1))
    w.emit(`(local.set $p (f32x4.add (f32x4.mul ${vget("p")} ${vget("r")}) ${splat(c)}))`);
  // 1 + r + r²·P(r)
  w.emit(
    `(local.set $p (f32x4.add (f32x4.add (f32x4.mul ${vget("p")} (f32x4.mul ${vget("r")} ${vget("r")})) ${vget("r")}) ${splat(1)}))`,
  );
  // 2^k = 2^k1 · 2^k2, k1 = k >> 1, each built in the exponent field: (k_i + 127) << 23.
  w.emit(`(local.set $k (i32x4.shr_s ${vget("ki")} (i32.const 1)))`);
  w.emit(`(local.set $ki (i32x4.sub ${vget("ki")} ${vget("k")}))`);
  const pow2 = (v: string) =>
    `(i32x4.shl (i32x4.add ${vget(v)} (i32x4.splat (i32.const 127))) (i32.const 23))`;
  w.emit(`(local.set ${"$"}${out} (f32x4.mul (f32x4.mul ${vget("p")} ${pow2("k")}) ${pow2("ki")}))`);
}

/** The f64x2 lanes of a f32x4's high half, moved to the low half first. */
const high = (v: string) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
const flag = (f: number) => `(i32.and ${get("flags")} ${i32(f)})`;

/** The module's text: its own memory (exported) and the `exprows` function. */
export function expWat(): string {
  const w = new Wat();
  const emit = (line: string) => w.emit(line);
  emit("(module");
  emit('(memory (export "memory") 1)');
  emit(
    '(func (export "exprows") (param $x i32) (param $e i32) (param $stats i32) (param $rows i32) (param $n i32) (param $flags i32)',
  );
  for (const l of ["row", "j", "n4", "n8", "xp", "ep", "sp", "bytes"]) emit(`(local $${l} i32)`);
  emit("(local $m f32) (local $tail f64) (local $tailD f64) (local $sum f64) (local $shift64 f64)");
  for (const l of ["vm", "sv", "d", "ev", "s0", "s1", "d0", "d1", "xv", "t", "k", "r", "p", "ki", "inv"])
    emit(`(local $${l} v128)`);
  emit(`(local.set $n4 (i32.shl (i32.and ${get("n")} (i32.const -4)) (i32.const 2)))`);
  emit(`(local.set $bytes (i32.shl ${get("n")} (i32.const 2)))`);
  emit(`(local.set $n8 (i32.shl (i32.and ${get("n")} (i32.const -8)) (i32.const 2)))`);
  w.loop("rows", "row", i32(0), get("rows"), i32(1), () => {
    emit(`(local.set $xp (i32.add ${get("x")} (i32.mul ${get("row")} ${get("bytes")})))`);
    emit(`(local.set $ep (i32.add ${get("e")} (i32.mul ${get("row")} ${get("bytes")})))`);
    emit(`(local.set $sp (i32.add ${get("stats")} (i32.mul ${get("row")} (i32.const 24))))`);
    // The shift.
    emit(`(if ${flag(FLAG_GIVEN_SHIFT)}`);
    emit(`(then (local.set $m (f32.demote_f64 (f64.load ${get("sp")}))))`);
    emit("(else");
    // pmax (one maxps; it skips a NaN element, which makes Σ exp NaN anyway), on two
    // accumulators so that consecutive maxima do not wait on each other.
    emit(`(local.set $vm ${splat(-Infinity)})`);
    emit(`(local.set $sv ${splat(-Infinity)})`);
    w.loop("max", "j", i32(0), get("n8"), i32(32), () => {
      emit(`(local.set $vm (f32x4.pmax ${get("vm")} (v128.load (i32.add ${get("xp")} ${get("j")}))))`);
      emit(
        `(local.set $sv (f32x4.pmax ${get("sv")} (v128.load offset=16 (i32.add ${get("xp")} ${get("j")}))))`,
      );
    });
    emit(
      `(if (i32.lt_u ${get("n8")} ${get("n4")}) (then (local.set $vm (f32x4.pmax ${get("vm")} (v128.load (i32.add ${get("xp")} ${get("n8")}))))))`,
    );
    emit(`(local.set $vm (f32x4.pmax ${get("vm")} ${get("sv")}))`);
    emit(`(local.set $vm (f32x4.pmax ${get("vm")} ${high(get("vm"))}))`);
    emit(
      `(local.set $m (f32x4.extract_lane 0 (f32x4.pmax ${get("vm")} (i8x16.shuffle 4 5 6 7 0 1 2 3 8 9 10 11 12 13 14 15 ${get("vm")} ${get("vm")}))))`,
    );
    w.loop("maxt", "j", get("n4"), get("bytes"), i32(4), () => {
      emit(`(local.set $t (v128.load32_zero (i32.add ${get("xp")} ${get("j")})))`);
      emit(
        `(if (f32.gt (f32x4.extract_lane 0 ${get("t")}) ${get("m")}) (then (local.set $m (f32x4.extract_lane 0 ${get("t")}))))`,
      );
    });
    emit(
      `(if (i32.and ${flag(FLAG_INF_ZERO)} (f32.eq (f32.abs ${get("m")}) ${f32(Infinity)})) (then (local.set $m ${f32(0)})))`,
    );
    emit(")");
    emit(")");
    emit(`(local.set $shift64 (f64.promote_f32 ${get("m")}))`);
    emit(`(local.set $sv (f32x4.splat ${get("m")}))`);
    for (const a of ["s0", "s1", "d0", "d1"]) emit(`(local.set $${a} (v128.const i64x2 0 0))`);
    emit("(local.set $tail (f64.const 0)) (local.set $tailD (f64.const 0))");
    // The exps: vectors, then the tail one element at a time through lane 0 of the same code.
    const body = (tail: boolean) => {
      const at = `(i32.add ${get("xp")} ${get("j")})`;
      const eat = `(i32.add ${get("ep")} ${get("j")})`;
      emit(tail ? `(local.set $xv (v128.load32_zero ${at}))` : `(local.set $xv (v128.load ${at}))`);
      emit(`(local.set $d (f32x4.sub ${get("xv")} ${get("sv")}))`);
      emitExp(w, "d", "ev");
      if (tail) {
        emit(`(if ${flag(FLAG_STORE)} (then (f32.store ${eat} (f32x4.extract_lane 0 ${get("ev")}))))`);
        emit(
          `(local.set $tail (f64.add ${get("tail")} (f64.promote_f32 (f32x4.extract_lane 0 ${get("ev")}))))`,
        );
        emit(
          `(local.set $tailD (f64.add ${get("tailD")} (f64.sub (f64.promote_f32 (f32x4.extract_lane 0 ${get("xv")})) ${get("shift64")})))`,
        );
        return;
      }
      emit(`(if ${flag(FLAG_STORE)} (then (v128.store ${eat} ${get("ev")})))`);
      emit(`(local.set $s0 (f64x2.add ${get("s0")} (f64x2.promote_low_f32x4 ${get("ev")})))`);
      emit(`(local.set $s1 (f64x2.add ${get("s1")} (f64x2.promote_low_f32x4 ${high(get("ev"))})))`);
      emit(`(if ${flag(FLAG_SUM_D)}`);
      emit("(then");
      const sh = `(f64x2.splat ${get("shift64")})`;
      emit(
        `(local.set $d0 (f64x2.add ${get("d0")} (f64x2.sub (f64x2.promote_low_f32x4 ${get("xv")}) ${sh})))`,
      );
      emit(
        `(local.set $d1 (f64x2.add ${get("d1")} (f64x2.sub (f64x2.promote_low_f32x4 ${high(get("xv"))}) ${sh})))`,
      );
      emit(")");
      emit(")");
    };
    // One loop for every flag combination (the flag tests are per vector and always predicted
    // right; four specialised copies made the module 2.2× larger for ~5 % in a standalone loop).
    w.loop("exp", "j", i32(0), get("n4"), i32(16), () => body(false));
    w.loop("expt", "j", get("n4"), get("bytes"), i32(4), () => body(true));
    const lanes = (v: string) =>
      `(f64.add (f64x2.extract_lane 0 ${get(v)}) (f64x2.extract_lane 1 ${get(v)}))`;
    emit(`(local.set $sum (f64.add (f64.add ${lanes("s0")} ${lanes("s1")}) ${get("tail")}))`);
    emit(`(f64.store ${get("sp")} ${get("shift64")})`);
    emit(`(f64.store offset=8 ${get("sp")} ${get("sum")})`);
    emit(
      `(f64.store offset=16 ${get("sp")} (f64.add (f64.add ${lanes("d0")} ${lanes("d1")}) ${get("tailD")}))`,
    );
    // Softmax: e / s, as e · (1/s) with 1/s rounded once to float32.
    emit(`(if ${flag(FLAG_NORMALIZE)}`);
    emit("(then");
    emit(`(local.set $inv (f32x4.splat (f32.demote_f64 (f64.div (f64.const 1) ${get("sum")}))))`);
    w.loop("norm", "j", i32(0), get("n4"), i32(16), () => {
      const eat = `(i32.add ${get("ep")} ${get("j")})`;
      emit(`(v128.store ${eat} (f32x4.mul (v128.load ${eat}) ${get("inv")}))`);
    });
    w.loop("normt", "j", get("n4"), get("bytes"), i32(4), () => {
      const eat = `(i32.add ${get("ep")} ${get("j")})`;
      emit(`(f32.store ${eat} (f32.mul (f32.load ${eat}) (f32x4.extract_lane 0 ${get("inv")})))`);
    });
    emit(")");
    emit(")");
  });
  emit(")");
  emit(")");
  return w.text();
}
