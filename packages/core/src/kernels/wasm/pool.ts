/**
 * Worker threads for the wasm kernels (Node's worker_threads; browsers stay on one thread for
 * now). Every worker instantiates the shared-memory build of the kernel module on one
 * `WebAssembly.Memory` with the main thread, so a product is split by rows with no copying: the
 * main thread writes each worker's arguments into the worker's control block, wakes it with
 * `Atomics.notify`, computes its own rows, then waits for the others with `Atomics.wait`.
 *
 * Workers sleep in `Atomics.wait` between products (no spinning while the other core is busy),
 * are `unref()`ed so that a script exits on its own, and report a kernel error back through their
 * control block; a worker that does not answer within {@link REPLY_TIMEOUT_MS} is an error, never a
 * hang. Node's modules are reached through `process.getBuiltinModule`, so this file imports
 * nothing from Node and the package stays loadable in a browser.
 */

/** One worker's control block (Int32 slots). */
const SEQ = 0; // bumped by the main thread to start a job; -1 stops the worker
const DONE = 1; // set to the job's SEQ by the worker when it has finished
const STATUS = 2; // 0 = ok, 1 = the kernel threw
const ARGS = 3; // the kernel's 12 arguments
const NARGS = 12;
const SLOTS = ARGS + NARGS;

/** How long the main thread waits for a worker's rows before giving up with an error. */
const REPLY_TIMEOUT_MS = 120_000;

/** The worker's whole program: instantiate the kernel on the shared memory, then serve jobs. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const { sgemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(c, ${SEQ}, seen);
  const s = Atomics.load(c, ${SEQ});
  if (s < 0) break;
  seen = s;
  try {
    sgemm(${Array.from({ length: NARGS }, (_, i) => `c[${ARGS + i}]`).join(", ")});
    c[${STATUS}] = 0;
  } catch (e) {
    c[${STATUS}] = 1;
  }
  Atomics.store(c, ${DONE}, s);
  Atomics.notify(c, ${DONE});
}
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

interface WorkerSlot {
  worker: NodeWorker;
  control: Int32Array;
  seq: number;
}

/** The `worker_threads` Worker class where this runtime has one (Node ≥ 20.16), else null. */
function nodeWorkerClass(): WorkerCtor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  return mod?.Worker ?? null;
}

/** How many threads the machine offers (`os.availableParallelism()` in Node, else 1). */
export function availableThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

/** Whether worker threads can run the kernels here. */
export function threadsSupported(): boolean {
  return nodeWorkerClass() !== null && typeof SharedArrayBuffer === "function";
}

/** A pool of `size` workers on `memory`, each running `module`; created lazily by the kernels. */
export class WorkerPool {
  private readonly slots: WorkerSlot[] = [];

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number) {
    const Worker = nodeWorkerClass();
    if (!Worker) throw new Error("setNumThreads(): worker threads are not available in this runtime");
    for (let i = 0; i < size; i++) {
      const control = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: control.buffer },
      });
      worker.unref();
      this.slots.push({ worker, control, seq: 0 });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Starts `sgemm(args)` on worker `i` (returns at once). */
  start(i: number, args: readonly number[]): void {
    const s = this.slots[i]!;
    for (let j = 0; j < NARGS; j++) s.control[ARGS + j] = args[j]!;
    s.seq = s.seq === 0x7fffffff ? 1 : s.seq + 1;
    Atomics.store(s.control, SEQ, s.seq);
    Atomics.notify(s.control, SEQ);
  }

  /** Waits until worker `i` has finished its job; throws if the kernel failed or it went silent. */
  wait(i: number): void {
    const s = this.slots[i]!;
    const c = s.control;
    // A short spin first: small jobs finish within microseconds of the main thread's own rows.
    for (let spin = 0; spin < 2000 && Atomics.load(c, DONE) !== s.seq; spin++);
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === s.seq) break;
      if (Date.now() > deadline) {
        throw new Error(
          `matmul: worker thread ${i + 1} of ${this.slots.length} did not finish its rows within ${REPLY_TIMEOUT_MS / 1000} s (it may have died); setNumThreads(1) avoids the threads`,
        );
      }
      Atomics.wait(c, DONE, done, 100);
    }
    if (c[STATUS] !== 0) throw new Error(`matmul: the wasm kernel failed in worker thread ${i + 1}`);
  }

  /** Stops the workers (they exit at their next wake-up). */
  close(): void {
    for (const s of this.slots) {
      Atomics.store(s.control, SEQ, -1);
      Atomics.notify(s.control, SEQ);
      void s.worker.terminate();
    }
    this.slots.length = 0;
  }
}
