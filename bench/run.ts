/**
 * `pnpm bench` — W1–W7 (see WORKLOADS in docs/performance.md) for tsgrad (three variants),
 * TensorFlow.js (cpu and wasm backends) and PyTorch (1 and 2 threads), each library in its own
 * fresh child process on the same data.
 *
 * Options:
 *   --quick              tiny sizes and iterations (smoke test; numbers not meaningful)
 *   --libs a,b           subset of tsgrad,tsgrad-1t,tsgrad-js,tfjs-cpu,tfjs-wasm,pytorch,pytorch-2t,
 *                        pytorch-openblas,pytorch-openblas-2t
 *                        (default: all; tsgrad-1t is the wasm backend on one thread, tsgrad-js the
 *                        pure-TypeScript backend; the PyTorch columns run /usr/bin/python3 and are skipped, with a note,
 *                        where torch is not importable)
 *   --out FILE           where to write the raw JSON (default bench/results/<date>-<config>.json)
 *   --data-only BASE     write the data to BASE.json/BASE.bin and exit (for bench/reference.py)
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isTsgrad,
  type Lib,
  LIBS,
  type LibResult,
  median,
  STEP_WORKLOADS,
  TSGRAD_VARIANTS,
} from "./common.js";
import { FULL, QUICK, writeData } from "./data.js";
import { generate } from "./generate.js";
import { check, loadReference, type Verdict } from "./sanity.js";

interface Outcome {
  lib: Lib;
  result: LibResult | null;
  error: string | null;
  verdict: Verdict | null;
  wallMs: number;
  /** 1-minute load average when the child started: other work on the machine skews timings. */
  load: number;
  /** The import measured under plain node (no tsx), see {@link measurePlainImport}. */
  plainImport: PlainImport | null;
  /** Why a library was left out (PyTorch not importable here), null when it ran or failed. */
  skipped?: string | null;
}

/** Import time of a library's packages in fresh plain-node processes. */
export interface PlainImport {
  /** Median over the processes, ms; null when it could not be measured (see `note`). */
  medianMs: number | null;
  timesMs: number[];
  /** Why the figure is missing or doubtful (no dist/, dist older than the sources), else null. */
  note: string | null;
}

/** What each library's user imports (tsgrad resolves to the built `dist/` under plain node). */
const IMPORTS: Record<Lib, string[]> = {
  tsgrad: ["@tsgrad/core", "@tsgrad/nn", "@tsgrad/losses"],
  "tsgrad-1t": ["@tsgrad/core", "@tsgrad/nn", "@tsgrad/losses"],
  "tsgrad-js": ["@tsgrad/core", "@tsgrad/nn", "@tsgrad/losses"],
  "tfjs-cpu": ["@tensorflow/tfjs"],
  "tfjs-wasm": ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
  pytorch: [],
  "pytorch-2t": [],
  "pytorch-openblas": [],
  "pytorch-openblas-2t": [],
};

/**
 * Which BLAS each PyTorch column loads: Debian's torch links `libblas.so.3`, and the directory put
 * first on LD_LIBRARY_PATH for that child alone picks the reference BLAS (Debian's default) or
 * OpenBLAS (`apt-get install libopenblas0-pthread`, what a Python user usually runs).
 */
const BLAS_DIRS: Record<"reference" | "openblas", string[]> = {
  reference: ["/usr/lib/x86_64-linux-gnu/blas", "/usr/lib/x86_64-linux-gnu/lapack"],
  openblas: ["/usr/lib/x86_64-linux-gnu/openblas-pthread"],
};
const blasOf = (lib: Lib) => (lib.includes("openblas") ? "openblas" : "reference");
const threadsOf = (lib: Lib) => (lib.endsWith("-2t") ? "2" : "1");

/** The Python that runs the PyTorch columns (Debian's python3-torch lives under /usr/bin/python3). */
const PYTHON = process.env.TSGRAD_BENCH_PYTHON ?? "/usr/bin/python3";
const isPytorch = (lib: Lib) => lib.startsWith("pytorch");

/** Null when `import torch` works in {@link PYTHON}, else why not (the columns are then skipped). */
function torchMissing(): string | null {
  const p = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (p.status === 0) return null;
  const why = p.error ? String(p.error.message) : (p.stderr || "").trim().split("\n").pop();
  return `PyTorch is not importable with ${PYTHON} (${why}); apt-get install python3-torch`;
}
const benchDir = fileURLToPath(new URL(".", import.meta.url));

/** The newest modification time of the non-test .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Import time as a user of the published packages sees it: a fresh `node` (no tsx, no
 * source condition) imports the library's packages, timed inside that process, so it is the
 * cost above bare node. For tsgrad this loads `packages/<pkg>/dist` (run `pnpm build` first);
 * the child's own figure (`importMs`) goes through tsx and the TypeScript sources instead.
 */
export function measurePlainImport(lib: Lib, reps: number): PlainImport {
  if (isPytorch(lib))
    return {
      medianMs: null,
      timesMs: [],
      note: "`import torch` is timed in the child (the import row above)",
    };
  let note: string | null = null;
  if (isTsgrad(lib)) {
    for (const pkg of ["core", "nn", "losses"]) {
      const dist = join(benchDir, "..", "packages", pkg, "dist", "index.js");
      if (!existsSync(dist)) return { medianMs: null, timesMs: [], note: `no ${pkg}/dist (run pnpm build)` };
      if (newestSource(join(benchDir, "..", "packages", pkg, "src")) > statSync(dist).mtimeMs) {
        note = `${pkg}/dist is older than its sources (run pnpm build)`;
      }
    }
  }
  const code =
    "const t0 = performance.now();\n" +
    IMPORTS[lib].map((m) => `await import(${JSON.stringify(m)});\n`).join("") +
    "process.stdout.write(String(performance.now() - t0));";
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const timesMs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const p = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
      cwd: benchDir,
      encoding: "utf8",
      env,
    });
    const ms = Number(p.stdout);
    if (p.status !== 0 || !Number.isFinite(ms)) {
      const err = (p.stderr || "").trim().split("\n").slice(0, 3).join(" ");
      return { medianMs: null, timesMs, note: `plain import failed: ${err}` };
    }
    timesMs.push(ms);
  }
  return { medianMs: median(timesMs), timesMs, note };
}

export interface BenchReport {
  date: string;
  config: string;
  machine: { cpu: string; cores: number; memGB: number; node: string; platform: string };
  fingerprint: string;
  reference: string;
  outcomes: Outcome[];
}

function parseArgs(argv: string[]) {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const libs = (get("--libs")?.split(",") ?? [...LIBS]) as Lib[];
  for (const l of libs) if (!LIBS.includes(l)) throw new Error(`bench: unknown library '${l}' in --libs`);
  return { quick: argv.includes("--quick"), libs, out: get("--out"), dataOnly: get("--data-only") };
}

function runChild(lib: Lib, dataBase: string, dir: string): Outcome {
  const outFile = join(dir, `${lib}.json`);
  const load = loadavg()[0]!;
  const t0 = performance.now();
  // The parent runs under tsx: JavaScript children get the same loader and export conditions.
  const p = isPytorch(lib)
    ? spawnSync(PYTHON, [join(benchDir, "pytorch_child.py"), lib, dataBase, outFile, threadsOf(lib)], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
        env: {
          ...process.env,
          LD_LIBRARY_PATH: [...BLAS_DIRS[blasOf(lib)], process.env.LD_LIBRARY_PATH ?? ""].join(":"),
        },
      })
    : spawnSync(process.execPath, [...process.execArgv, join(benchDir, "child.ts"), lib, dataBase, outFile], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
        env: { ...process.env, ...TSGRAD_VARIANTS[lib] },
      });
  const wallMs = performance.now() - t0;
  if (p.status !== 0) {
    const err = (p.stderr || p.stdout || String(p.error ?? "")).trim().split("\n").slice(0, 12).join("\n");
    return {
      lib,
      result: null,
      error: `exit ${p.status}: ${err}`,
      verdict: null,
      wallMs,
      load,
      plainImport: null,
    };
  }
  const result = JSON.parse(readFileSync(outFile, "utf8")) as LibResult;
  return { lib, result, error: null, verdict: null, wallMs, load, plainImport: null };
}

const fmt = (x: number, digits = 2) =>
  !Number.isFinite(x) ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(digits);

/** The results table, in Markdown so it can go straight into docs/performance.md. */
export function formatTable(report: BenchReport): string {
  const libs = report.outcomes.map((o) => o.lib);
  const peers = libs.filter((l) => l !== "tsgrad");
  const by = new Map(report.outcomes.map((o) => [o.lib, o]));
  const ts = by.get("tsgrad");
  const rows: string[][] = [];
  // `better` says which direction is good, so that ratios read as "tsgrad / peer" of the metric.
  const add = (label: string, get: (r: LibResult) => number, bad: (o: Outcome) => string | null) => {
    const cells = libs.map((l) => {
      const o = by.get(l)!;
      if (!o.result) return o.skipped ? "skipped" : "failed";
      const why = bad(o);
      return why ? `${fmt(get(o.result))} ✗` : fmt(get(o.result));
    });
    const ratios = peers.map((p) => {
      const a = ts?.result;
      const b = by.get(p)?.result;
      if (!a || !b || bad(ts!) || bad(by.get(p)!)) return "—";
      const ratio = get(a) / get(b);
      return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—";
    });
    rows.push([label, ...cells, ...ratios]);
  };
  const none = () => null;
  const sizes = report.outcomes.find((o) => o.result)?.result?.w1.map((w) => w.n) ?? [];
  sizes.forEach((n, i) => {
    add(`W1 matmul N=${n}, GFLOP/s ↑`, (r) => r.w1[i]!.gflops, none);
  });
  add(
    "W2 MLP step, ms ↓",
    (r) => r.w2.medianMs,
    (o) => o.verdict?.w2 ?? null,
  );
  add(
    "W3 spiral run, s ↓",
    (r) => r.w3.medianMs / 1000,
    (o) => o.verdict?.w3 ?? null,
  );
  add(
    "W3 final accuracy, %",
    (r) => 100 * r.w3.accuracy,
    (o) => o.verdict?.w3 ?? null,
  );
  add(
    "W4 smoothed CE fwd+bwd, ms ↓",
    (r) => r.w4.medianMs,
    (o) => o.verdict?.w4 ?? null,
  );
  for (const w of STEP_WORKLOADS) {
    add(
      `${w.label}, ms ↓`,
      (r) => r[w.key]?.medianMs ?? Number.NaN,
      (o) => o.verdict?.[w.key] ?? null,
    );
  }
  add("peak RSS, MB ↓", (r) => r.maxRssMB, none);
  add("import in the child (tsgrad: TS sources via tsx), ms ↓", (r) => r.importMs, none);
  const plain = new Map(report.outcomes.map((o) => [o.lib, o.plainImport?.medianMs ?? null]));
  add("import, plain node (tsgrad: built dist/), ms ↓", (r) => plain.get(r.lib) ?? Number.NaN, none);
  const header = ["workload", ...libs, ...peers.map((p) => `tsgrad / ${p}`)];
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const out = [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)];
  const m = report.machine;
  out.push("");
  out.push(`${report.config} run, ${report.date}; ${m.cpu}, ${m.cores} cores, ${m.memGB} GB, Node ${m.node}`);
  out.push(`sanity reference: ${report.reference}`);
  for (const o of report.outcomes) {
    if (o.skipped) out.push(`${o.lib}: skipped — ${o.skipped}`);
    else if (o.error) out.push(`${o.lib}: FAILED — ${o.error}`);
    else {
      for (const note of o.result?.notes ?? []) out.push(`${o.lib}: ${note}`);
      if (o.plainImport?.note) out.push(`${o.lib}: plain-node import: ${o.plainImport.note}`);
      const v = o.verdict!;
      const wrong = [
        v.w2 && `W2 ${v.w2}`,
        v.w3 && `W3 ${v.w3}`,
        v.w4 && `W4 ${v.w4}`,
        ...STEP_WORKLOADS.map((w) => v[w.key] && `${w.key.toUpperCase()} ${v[w.key]}`),
      ].filter(Boolean);
      const r = o.result!;
      out.push(
        `${o.lib}: ${r.describe}; load avg ${o.load.toFixed(1)}; init ${fmt(r.initMs)} ms; W2 loss ${r.w2.losses[0]!.toFixed(4)} → ` +
          `${r.w2.losses[r.w2.losses.length - 1]!.toFixed(4)}; W3 loss ${r.w3.loss.toFixed(4)}; ` +
          `W4 loss ${r.w4.loss.toFixed(4)}` +
          STEP_WORKLOADS.map((w) => {
            const l = r[w.key]?.losses;
            return l
              ? `; ${w.key.toUpperCase()} loss ${l[0]!.toFixed(4)} → ${l[l.length - 1]!.toFixed(4)}`
              : "";
          }).join("") +
          (wrong.length ? `; WRONG: ${wrong.join("; ")}` : ""),
      );
    }
  }
  out.push(
    "ratios: tsgrad / peer of the metric (W1: >1 means tsgrad is faster; times: <1 means tsgrad is faster)",
  );
  return out.join("\n");
}

export function runBench(argv: string[]): BenchReport {
  const args = parseArgs(argv);
  const cfg = args.quick ? QUICK : FULL;
  const arrays = generate(cfg);
  if (args.dataOnly) {
    writeData(args.dataOnly, cfg, arrays);
    return null as never;
  }
  const dir = mkdtempSync(join(tmpdir(), "tsgrad-bench-"));
  try {
    const dataBase = join(dir, "data");
    const fingerprint = writeData(dataBase, cfg, arrays);
    const ref = loadReference(cfg, fingerprint);
    const outcomes: Outcome[] = [];
    const noTorch = args.libs.some(isPytorch) ? torchMissing() : null;
    for (const lib of args.libs) {
      const missingBlas = isPytorch(lib) ? BLAS_DIRS[blasOf(lib)].find((d) => !existsSync(d)) : undefined;
      const skip =
        noTorch ??
        (missingBlas
          ? `no ${missingBlas} (for ${blasOf(lib)} BLAS: apt-get install ${blasOf(lib) === "openblas" ? "libopenblas0-pthread" : "libblas3"})`
          : null);
      if (isPytorch(lib) && skip) {
        outcomes.push({
          lib,
          result: null,
          error: null,
          verdict: null,
          wallMs: 0,
          load: 0,
          plainImport: null,
          // The reason: no torch, or (torch present) no BLAS library for this column.
          skipped: skip,
        });
        continue;
      }
      process.stderr.write(`bench: running ${lib} (${cfg.name})…\n`);
      const o = runChild(lib, dataBase, dir);
      if (o.result) o.verdict = check(o.result, ref);
      o.plainImport = measurePlainImport(lib, args.quick ? 1 : 5);
      outcomes.push(o);
    }
    const report: BenchReport = {
      date: new Date().toISOString(),
      config: cfg.name,
      machine: {
        cpu: cpus()[0]?.model ?? "unknown",
        cores: cpus().length,
        memGB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      },
      fingerprint,
      reference: ref?.source ?? "none (finiteness only)",
      outcomes,
    };
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const argv = process.argv.slice(2);
  const report = runBench(argv);
  if (report) {
    const { out } = parseArgs(argv);
    const file =
      out ??
      fileURLToPath(
        new URL(`./results/${report.date.replace(/[:.]/g, "-")}-${report.config}.json`, import.meta.url),
      );
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, JSON.stringify(report, null, 1));
    console.log(formatTable(report));
    console.log(`raw results: ${file}`);
    if (report.outcomes.some((o) => o.error)) process.exitCode = 1;
  }
}
