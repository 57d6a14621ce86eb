/**
 * Worker threads for the wasm kernels: Node's worker_threads, or, in a browser, Web Workers made
 * from a dedicated worker of a cross-origin-isolated page (SharedArrayBuffer needs the isolation,
 * and `Atomics.wait` is not allowed on a page's main thread). Every worker instantiates the
 * shared-memory build of the kernel module on one `WebAssembly.Memory` with the calling thread, so
 * a product is split by rows with no copying: the caller writes each worker's arguments into the
 * worker's control block, wakes it with `Atomics.notify`, computes its own rows, then waits for the
 * others with `Atomics.wait`.
 *
 * A worker is used only once it has said it is ready (its READY slot): a browser starts a worker
 * only when its creator returns to the event loop, so blocking on one that has not started would
 * hang. Until then the caller computes those rows itself (the bits are the same either way).
 *
 * Workers sleep in `Atomics.wait` between products (no spinning while the other core is busy),
 * are `unref()`ed in Node so that a script exits on its own, and report a kernel error back through
 * their control block; a worker that does not answer within {@link REPLY_TIMEOUT_MS} is an error,
 * never a hang. Node's modules are reached through `process.getBuiltinModule`, so this file imports
 * nothing from Node and the package stays loadable in a browser.
 */

/** One worker's control block (Int32 slots). */
const SEQ = 0; // bumped by the main thread to start a job; -1 stops the worker
const DONE = 1; // set to the job's SEQ by the worker when it has finished
const STATUS = 2; // 0 = ok, 1 = the kernel threw
const READY = 3; // set to 1 by the worker once its kernel is instantiated
const ARGS = 4; // the kernel's 12 arguments
const NARGS = 12;
const SLOTS = ARGS + NARGS;

/** How long the main thread waits for a worker's rows before giving up with an error. */
const REPLY_TIMEOUT_MS = 120_000;

/**
 * The worker's program after it has its `module`, `memory` and `control`: instantiate the kernel
 * on the shared memory, say it is ready, then serve jobs.
 */
const SERVE_JOBS = `
const { sgemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(control);
Atomics.store(c, ${READY}, 1);
Atomics.notify(c, ${READY});
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

/** Node: the data arrives as `workerData`. */
const NODE_WORKER_SOURCE = `
const { module, memory, control } = require("node:worker_threads").workerData;
${SERVE_JOBS}`;

/** A browser: the data arrives as the first message. */
const BROWSER_WORKER_SOURCE = `
self.onmessage = (e) => {
  self.onmessage = null;
  const { module, memory, control } = e.data;
  ${SERVE_JOBS}
};`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

/** The part of a browser's `Worker` used here. */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}
type WebWorkerCtor = new (url: string) => WebWorker;

interface WorkerSlot {
  worker: { terminate(): unknown };
  control: Int32Array;
  seq: number;
}

/** The `worker_threads` Worker class where this runtime has one (Node ≥ 20.16), else null. */
function nodeWorkerClass(): WorkerCtor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  return mod?.Worker ?? null;
}

/**
 * The browser's `Worker` class where the kernels may use it: inside a dedicated worker (where
 * `Atomics.wait` is allowed) of a cross-origin-isolated page (where SharedArrayBuffer exists).
 */
function webWorkerClass(): WebWorkerCtor | null {
  const g = globalThis as {
    Worker?: WebWorkerCtor;
    WorkerGlobalScope?: unknown;
    crossOriginIsolated?: boolean;
    document?: unknown;
  };
  const inWorker = g.WorkerGlobalScope !== undefined && g.document === undefined;
  return inWorker && g.crossOriginIsolated === true && g.Worker ? g.Worker : null;
}

/**
 * How many threads the machine offers: `os.availableParallelism()` in Node,
 * `navigator.hardwareConcurrency` in a browser, else 1.
 */
export function availableThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number } | undefined;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return os?.availableParallelism?.() ?? nav?.hardwareConcurrency ?? 1;
}

/** Whether worker threads can run the kernels here. */
export function threadsSupported(): boolean {
  return (nodeWorkerClass() !== null || webWorkerClass() !== null) && typeof SharedArrayBuffer === "function";
}

/** A pool of `size` workers on `memory`, each running `module`; created lazily by the kernels. */
export class WorkerPool {
  private readonly slots: WorkerSlot[] = [];
  /** Node's worker_threads (else a browser's Web Workers). */
  private readonly node: boolean;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number) {
    const NodeWorker = nodeWorkerClass();
    const WebWorker = NodeWorker ? null : webWorkerClass();
    this.node = NodeWorker !== null;
    if (!NodeWorker && !WebWorker) {
      throw new Error("setNumThreads(): worker threads are not available in this runtime");
    }
    const url = WebWorker
      ? URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: "text/javascript" }))
      : "";
    for (let i = 0; i < size; i++) {
      const control = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
      const data = { module, memory, control: control.buffer };
      if (NodeWorker) {
        const worker = new NodeWorker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
        worker.unref();
        this.slots.push({ worker, control, seq: 0 });
      } else {
        const worker = new WebWorker!(url);
        worker.postMessage(data);
        this.slots.push({ worker, control, seq: 0 });
      }
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * How many workers, from the first, have started and can take rows now. A Node worker starts
   * on its own, so this waits for it (the first product after setNumThreads already uses it); a
   * browser's starts only after its creator returns to the event loop, so rows go to the workers
   * ready so far and the caller computes the rest.
   */
  ready(): number {
    if (!this.node) {
      let n = 0;
      while (n < this.slots.length && Atomics.load(this.slots[n]!.control, READY) === 1) n++;
      return n;
    }
    this.slots.forEach((s, i) => {
      if (Atomics.load(s.control, READY) === 1) return;
      if (Atomics.wait(s.control, READY, 0, REPLY_TIMEOUT_MS) === "timed-out") {
        throw new Error(
          `matmul: worker thread ${i + 1} of ${this.slots.length} did not start within ${REPLY_TIMEOUT_MS / 1000} s; setNumThreads(1) avoids the threads`,
        );
      }
    });
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
