/**
 * The float32 WebAssembly SIMD ceiling of one thread of this machine: how many GFLOP/s a tight
 * loop of f32x4 multiply-adds reaches in this Node, with nothing else in the way (no packing, no
 * edges, operands in registers or L1). It bounds what any 128-bit wasm matmul kernel — tsgrad's,
 * or XNNPACK's in tfjs-wasm — can reach on one thread, which is the argument of
 * docs/performance.md's "Remaining gaps".
 *
 *   pnpm --filter @tsgrad/bench peak        (node --no-liftoff: timed on the optimising compiler)
 *   cd bench && node --no-liftoff --experimental-wasm-relaxed-simd --import tsx simd-peak.ts   (adds relaxed_madd)
 *
 * Two loop bodies, each R × V independent f32x4 accumulators (enough to hide the add latency):
 * "registers" multiplies values held in locals; "tile" is shaped like a matmul micro-kernel
 * (per step: V vector loads of B, R splatted loads of A from L1, R·V multiply-adds).
 */
import wabtInit from "wabt";

type Op = "mul+add" | "relaxed_madd";

function wat(shape: "registers" | "tile", op: Op, rows: number, vecs: number): string {
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  const locals: string[] = [];
  for (let r = 0; r < rows; r++) for (let v = 0; v < vecs; v++) locals.push(`(local ${acc(r, v)} v128)`);
  for (let r = 0; r < rows; r++) locals.push(`(local $a${r} v128)`);
  for (let v = 0; v < vecs; v++) locals.push(`(local $b${v} v128)`);
  const body: string[] = [];
  if (shape === "tile") {
    // B's vectors and A's scalars from a 4 KB window that stays in L1; one splat of A live at a time.
    for (let v = 0; v < vecs; v++)
      body.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $p)))`);
  }
  for (let r = 0; r < rows; r++) {
    const a = shape === "tile" ? "$a0" : `$a${r}`;
    if (shape === "tile")
      body.push(`(local.set $a0 (v128.load32_splat offset=${2048 + 4 * r} (local.get $p)))`);
    for (let v = 0; v < vecs; v++) {
      const c = acc(r, v);
      body.push(
        op === "mul+add"
          ? `(local.set ${c} (f32x4.add (local.get ${c}) (f32x4.mul (local.get ${a}) (local.get $b${v}))))`
          : `(local.set ${c} (f32x4.relaxed_madd (local.get ${a}) (local.get $b${v}) (local.get ${c})))`,
      );
    }
  }
  const sum: string[] = [];
  for (let r = 0; r < rows; r++)
    for (let v = 0; v < vecs; v++)
      sum.push(`(local.set $s (f32x4.add (local.get $s) (local.get ${acc(r, v)})))`);
  return `(module
  (memory (export "mem") 1)
  (func (export "run") (param $n i32) (result f32)
    (local $p i32) (local $s v128) ${locals.join(" ")}
    ${Array.from({ length: rows }, (_, r) => `(local.set $a${r} (f32x4.splat (f32.const 1.0001)))`).join(" ")}
    ${Array.from({ length: vecs }, (_, v) => `(local.set $b${v} (f32x4.splat (f32.const 0.9999)))`).join(" ")}
    (block $done (loop $step
      (br_if $done (i32.eqz (local.get $n)))
      ${body.join("\n      ")}
      (local.set $p (i32.and (i32.add (local.get $p) (i32.const 64)) (i32.const 1023)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $step)))
    ${sum.join(" ")}
    (f32x4.extract_lane 0 (local.get $s))))`;
}

async function main(): Promise<void> {
  const wabt = await wabtInit();
  const features = { simd: true, relaxed_simd: true };
  const relaxedProbe = new Uint8Array(
    wabt.parseWat("probe.wat", wat("registers", "relaxed_madd", 1, 1), features).toBinary({}).buffer,
  );
  const ops: Op[] = WebAssembly.validate(relaxedProbe) ? ["mul+add", "relaxed_madd"] : ["mul+add"];
  const cpu = (await import("node:os")).cpus()[0]?.model ?? "unknown CPU";
  console.log(`wasm SIMD float32 ceiling, one thread: ${cpu}, Node ${process.version}`);
  if (ops.length === 1)
    console.log("(relaxed_madd not validated: run node with --experimental-wasm-relaxed-simd)");
  const steps = 2_000_000;
  for (const shape of ["registers", "tile"] as const)
    for (const op of ops)
      for (const [rows, vecs] of [
        [4, 2],
        [5, 2],
        [6, 2],
        [3, 3],
        [4, 3],
      ] as const) {
        const parsed = wabt.parseWat("peak.wat", wat(shape, op, rows, vecs), features);
        const bytes = new Uint8Array(parsed.toBinary({}).buffer);
        parsed.destroy();
        const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
        const run = instance.exports.run as (n: number) => number;
        run(10_000); // tier up
        let best = Infinity;
        for (let rep = 0; rep < 7; rep++) {
          const t0 = performance.now();
          run(steps);
          best = Math.min(best, performance.now() - t0);
        }
        const gflops = (steps * rows * vecs * 4 * 2) / (best * 1e6);
        console.log(
          `${shape.padEnd(9)} ${op.padEnd(12)} ${rows}×${vecs * 4} tile: ${gflops.toFixed(1)} GFLOP/s (best of 7)`,
        );
      }
}

await main();
