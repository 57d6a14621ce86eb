/**
 * Micro-benchmark of small ops, where per-call overhead (argument checks, shape bookkeeping,
 * allocation) dominates the arithmetic: the cost a change to how tensors keep their shape shows up
 * in first. Not part of `pnpm bench` (W1–W4 time whole workloads). Run it alone on a quiet machine:
 *
 *   pnpm exec tsx --conditions=tsgrad-source bench/small-ops.ts [--reps 7] [--only logSoftmax]
 *
 * Prints, per case, the CPU time per call of this process (min and median over reps; each rep
 * times the whole loop) and the median wall time. Compare two trees by running both alternately.
 */
import { add, randn, type Tensor, tensor } from "@tsgrad/core";
import { median } from "./common.js";

interface Case {
  name: string;
  calls: number;
  run: (calls: number) => number;
}

const a4 = tensor([1, 2, 3, 4]);
const b4 = tensor([0.5, 0.25, 0.125, 1]);
const logits = randn(32, 10);
const w = randn(10, 10, { requiresGrad: true });

const CASES: Case[] = [
  {
    name: "add [4] + [4]",
    calls: 200_000,
    run: (n) => {
      let t: Tensor = a4;
      for (let i = 0; i < n; i++) t = add(a4, b4);
      return t.numel();
    },
  },
  {
    name: "logSoftmax [32,10] dim -1",
    calls: 20_000,
    run: (n) => {
      let t: Tensor = logits;
      for (let i = 0; i < n; i++) t = logits.logSoftmax(-1);
      return t.numel();
    },
  },
  {
    name: "reshape+transpose+sum [32,10]",
    calls: 50_000,
    run: (n) => {
      let t: Tensor = logits;
      for (let i = 0; i < n; i++) t = logits.reshape(10, 32).transpose(0, 1).sum(0);
      return t.numel();
    },
  },
  {
    name: "matmul+relu+sum backward [32,10]@[10,10]",
    calls: 5_000,
    run: (n) => {
      for (let i = 0; i < n; i++) {
        w.grad = null;
        logits.matmul(w).relu().sum().backward();
      }
      return w.grad!.numel();
    },
  },
];

function main(): void {
  const at = process.argv.indexOf("--reps");
  const reps = at >= 0 ? Number(process.argv[at + 1]) : 7;
  const only = process.argv.indexOf("--only");
  const cases = only >= 0 ? CASES.filter((c) => c.name.includes(process.argv[only + 1]!)) : CASES;
  let sink = 0;
  for (const c of cases) {
    sink += c.run(Math.ceil(c.calls / 10)); // warm-up
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      sink += c.run(c.calls);
      const dc = process.cpuUsage(c0);
      wall.push(performance.now() - t0);
      cpu.push((dc.user + dc.system) / 1000);
    }
    // CPU time is what this process spent, so other processes on a busy machine inflate it far
    // less than wall time; the minimum over reps is the least disturbed one.
    const us = (ms: number) => ((ms * 1000) / c.calls).toFixed(3).padStart(8);
    const sorted = cpu.slice().sort((x, y) => x - y);
    console.log(
      `${c.name.padEnd(42)} ${String(c.calls).padStart(7)} calls  cpu min ${us(sorted[0]!)} median ${us(median(cpu))}  wall median ${us(median(wall))} µs/call`,
    );
  }
  if (sink === -1) console.log(sink);
}

main();
