/**
 * The WebAssembly text of the float32 matmul kernel (WASM SIMD, 128-bit), written out by this
 * generator so that the 5×8 register tile is spelled once, as loops over its rows and vectors, and
 * the text has one line per instruction. tools/gen-wasm.ts assembles it with wabt and embeds the
 * bytes in packages/core/src/kernels/wasm/modules.ts.
 *
 * sgemm(m, k, n, a, aRs, aCs, b, bRs, bCs, c, ap, bp): C[m, n] = A[m, k] @ B[k, n], float32 at
 * byte offsets a, b, c of the module's memory; A and B are read through element strides (rows,
 * columns), so a transposed operand is packed straight from its storage; C is row-major; ap and bp
 * are scratch (5·KC and KC·n floats). A call
 * only touches its own rows of A and C and its own scratch, so threads can share one product by
 * rows, each with its own ap and bp, and get the same bits as one thread.
 *
 * Layout (the same scheme as the TypeScript kernel in kernels/matmul.ts, sized for SIMD):
 * - k is cut into blocks of KC. Per block, B's rows are packed column tile by column tile,
 *   [n/8][KC][8], so a tile's inner loop reads 32 consecutive bytes per step; per 5-row strip,
 *   A's block is packed [KC][5], so its five values per step are loaded with immediate offsets and
 *   splatted (`v128.load32_splat`).
 * - The tile is 5 rows × 8 columns: 10 f32x4 accumulators + 2 B vectors + 1 splat = 13 of the
 *   15 SIMD registers V8 gives wasm on x64 (a 6×8 tile spills; measured in the issue's probe).
 * - Accumulators are float32 lanes summed over one k-block (KC terms) and then added into C, so a
 *   long k is summed in KC-term pieces rather than one running float32 sum.
 * - Rows past the last multiple of 5 and columns past the last multiple of 8 are scalar dot
 *   products over the same blocks.
 */

import { add, get, i32, mul, Wat } from "./wat.js";

/** k-block length: a packed tile panel (KC × 8 floats, 8 KB) and A's strip (5 × KC, 5 KB) stay in L1. */
export const KC = 256;
export const ROWS = 5;

/**
 * The module's text. `shared`: the memory is imported (`env.memory`, shared, up to 4 GiB), so
 * worker threads run the same kernel on rows of one product; otherwise the module owns its memory.
 * `relaxed`: the tile's multiply-adds are `f32x4.relaxed_madd` (relaxed SIMD: a fused multiply-add
 * where the CPU has one, so one instruction and one rounding instead of two), for engines that
 * validate it (Chromium; Node 20 only with --experimental-wasm-relaxed-simd).
 */
export function matmulWat(shared = false, relaxed = false): string {
  const w = new Wat();
  const emit = (line: string) => w.emit(line);
  const loop = w.loop.bind(w);
  const acc = (r: number, v: number) => `acc${r}${v}`;
  emit("(module");
  emit(shared ? '(import "env" "memory" (memory 1 65536 shared))' : '(memory (export "memory") 1)');
  emit(
    '(func (export "sgemm") (param $m i32) (param $k i32) (param $n i32) (param $a i32) (param $aRs i32) (param $aCs i32) (param $b i32) (param $bRs i32) (param $bCs i32) (param $c i32) (param $ap i32) (param $bp i32)',
  );
  const locals = ["m5", "n8", "p0", "len", "i", "j", "p", "r", "src", "dst", "aPtr", "bPtr", "cPtr"];
  for (const l of [...locals, "aR4", "aC4", "bR4", "bC4"]) {
    emit(`(local $${l} i32)`);
  }
  emit("(local $s f32)");
  for (let r = 0; r < ROWS; r++) for (let v = 0; v < 2; v++) emit(`(local $${acc(r, v)} v128)`);
  emit("(local $b0 v128) (local $b1 v128) (local $x v128)");

  // The strides in bytes.
  for (const [to, from] of [
    ["aR4", "aRs"],
    ["aC4", "aCs"],
    ["bR4", "bRs"],
    ["bC4", "bCs"],
  ]) {
    emit(`(local.set $${to} (i32.shl ${get(from!)} (i32.const 2)))`);
  }
  emit(`(local.set $m5 (i32.sub ${get("m")} (i32.rem_u ${get("m")} ${i32(ROWS)})))`);
  emit(`(local.set $n8 (i32.and ${get("n")} (i32.const -8)))`);
  // C = 0: every block adds into it.
  emit(`(memory.fill ${get("c")} (i32.const 0) (i32.shl ${mul(get("m"), get("n"))} (i32.const 2)))`);

  loop("kblock", "p0", i32(0), get("k"), i32(KC), () => {
    emit(
      `(local.set $len (select (i32.sub ${get("k")} ${get("p0")}) ${i32(KC)} (i32.lt_u (i32.sub ${get("k")} ${get("p0")}) ${i32(KC)})))`,
    );
    // Pack B[p0 : p0 + len, 0 : n8] as [n8 / 8][len][8]: two vector copies per row where B's
    // columns are contiguous, else eight strided loads (B transposed, as in x @ W^T).
    emit(`(local.set $dst ${get("bp")})`);
    loop("packb_j", "j", i32(0), get("n8"), i32(8), () => {
      emit(`(local.set $src ${add(get("b"), add(mul(get("p0"), get("bR4")), mul(get("j"), get("bC4"))))})`);
      emit(`(if (i32.eq ${get("bCs")} (i32.const 1))`);
      emit("(then");
      loop("packb_p", "p", i32(0), get("len"), i32(1), () => {
        emit(`(v128.store offset=0 ${get("dst")} (v128.load offset=0 ${get("src")}))`);
        emit(`(v128.store offset=16 ${get("dst")} (v128.load offset=16 ${get("src")}))`);
        emit(`(local.set $src ${add(get("src"), get("bR4"))})`);
        emit(`(local.set $dst ${add(get("dst"), i32(32))})`);
      });
      emit(")");
      emit("(else");
      loop("packb_ps", "p", i32(0), get("len"), i32(1), () => {
        for (let c = 0; c < 8; c++) {
          const at = c === 0 ? get("src") : add(get("src"), mul(get("bC4"), i32(c)));
          emit(`(f32.store offset=${4 * c} ${get("dst")} (f32.load ${at}))`);
        }
        emit(`(local.set $src ${add(get("src"), get("bR4"))})`);
        emit(`(local.set $dst ${add(get("dst"), i32(32))})`);
      });
      emit(")");
      emit(")");
    });

    loop("rows", "i", i32(0), get("m5"), i32(ROWS), () => {
      // Pack A[i : i + 5, p0 : p0 + len] as [len][5].
      emit(`(local.set $dst ${get("ap")})`);
      emit(`(local.set $src ${add(get("a"), add(mul(get("i"), get("aR4")), mul(get("p0"), get("aC4"))))})`);
      loop("packa", "p", i32(0), get("len"), i32(1), () => {
        for (let r = 0; r < ROWS; r++) {
          const rowOff = r === 0 ? get("src") : add(get("src"), mul(get("aR4"), i32(r)));
          emit(`(f32.store offset=${4 * r} ${get("dst")} (f32.load ${rowOff}))`);
        }
        emit(`(local.set $src ${add(get("src"), get("aC4"))})`);
        emit(`(local.set $dst ${add(get("dst"), i32(4 * ROWS))})`);
      });

      emit(`(local.set $bPtr ${get("bp")})`);
      loop("cols", "j", i32(0), get("n8"), i32(8), () => {
        for (let r = 0; r < ROWS; r++)
          for (let v = 0; v < 2; v++) emit(`(local.set $${acc(r, v)} (v128.const i32x4 0 0 0 0))`);
        emit(`(local.set $aPtr ${get("ap")})`);
        loop("inner", "p", i32(0), get("len"), i32(1), () => {
          emit(`(local.set $b0 (v128.load offset=0 ${get("bPtr")}))`);
          emit(`(local.set $b1 (v128.load offset=16 ${get("bPtr")}))`);
          for (let r = 0; r < ROWS; r++) {
            emit(`(local.set $x (v128.load32_splat offset=${4 * r} ${get("aPtr")}))`);
            for (let v = 0; v < 2; v++) {
              const c = `(local.get $${acc(r, v)})`;
              emit(
                relaxed
                  ? `(local.set $${acc(r, v)} (f32x4.relaxed_madd (local.get $x) (local.get $b${v}) ${c}))`
                  : `(local.set $${acc(r, v)} (f32x4.add ${c} (f32x4.mul (local.get $x) (local.get $b${v}))))`,
              );
            }
          }
          emit(`(local.set $aPtr ${add(get("aPtr"), i32(4 * ROWS))})`);
          emit(`(local.set $bPtr ${add(get("bPtr"), i32(32))})`);
        });
        // C[i + r, j : j + 8] += the tile.
        emit(
          `(local.set $cPtr ${add(get("c"), `(i32.shl ${add(mul(get("i"), get("n")), get("j"))} (i32.const 2))`)})`,
        );
        for (let r = 0; r < ROWS; r++) {
          for (let v = 0; v < 2; v++) {
            const off = 16 * v;
            emit(
              `(v128.store offset=${off} ${get("cPtr")} (f32x4.add (v128.load offset=${off} ${get("cPtr")}) (local.get $${acc(r, v)})))`,
            );
          }
          if (r + 1 < ROWS)
            emit(`(local.set $cPtr ${add(get("cPtr"), `(i32.shl ${get("n")} (i32.const 2))`)})`);
        }
      });
    });

    // The ragged edges: rows [m5, m) × all columns, and rows [0, m5) × columns [n8, n).
    loop("edge_i", "i", i32(0), get("m"), i32(1), () => {
      emit(`(local.set $j (select (i32.const 0) ${get("n8")} (i32.ge_u ${get("i")} ${get("m5")})))`);
      emit("(block $edge_j_end");
      emit(`(br_if $edge_j_end (i32.ge_u ${get("j")} ${get("n")}))`);
      emit("(loop $edge_j");
      emit("(local.set $s (f32.const 0))");
      emit(`(local.set $aPtr ${add(get("a"), add(mul(get("i"), get("aR4")), mul(get("p0"), get("aC4"))))})`);
      emit(`(local.set $bPtr ${add(get("b"), add(mul(get("p0"), get("bR4")), mul(get("j"), get("bC4"))))})`);
      loop("edge_p", "p", i32(0), get("len"), i32(1), () => {
        emit(
          `(local.set $s (f32.add (local.get $s) (f32.mul (f32.load ${get("aPtr")}) (f32.load ${get("bPtr")}))))`,
        );
        emit(`(local.set $aPtr ${add(get("aPtr"), get("aC4"))})`);
        emit(`(local.set $bPtr ${add(get("bPtr"), get("bR4"))})`);
      });
      emit(
        `(local.set $cPtr ${add(get("c"), `(i32.shl ${add(mul(get("i"), get("n")), get("j"))} (i32.const 2))`)})`,
      );
      emit(`(f32.store ${get("cPtr")} (f32.add (f32.load ${get("cPtr")}) (local.get $s)))`);
      emit(`(local.set $j ${add(get("j"), i32(1))})`);
      emit(`(br_if $edge_j (i32.lt_u ${get("j")} ${get("n")}))`);
      emit(")");
      emit(")");
    });
  });
  emit(")");
  emit(")");
  return w.text();
}
