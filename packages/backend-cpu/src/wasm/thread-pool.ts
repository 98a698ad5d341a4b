/**
 * Worker threads for large matmuls: `worker_threads` in Node (reached with
 * `process.getBuiltinModule`, so no Node import sits in the browser's import
 * graph), Web Workers in browsers. Every thread instantiates the same
 * compiled module over one shared WebAssembly memory; the calling thread
 * packs the operands, wakes the workers, and all of them take chunks of rows
 * of A panels from a shared counter until none is left; then it waits. Work is synchronous end to end (`Atomics.wait` on a
 * per-worker word), so kernels keep their synchronous signature.
 *
 * Only workers that have reported ready take work: a worker still starting
 * (Node takes tens of milliseconds) leaves its share to the calling thread,
 * so nothing ever waits on start-up, and the results are the same either way
 * (gemm-blocks.ts: each C element is computed the same way by any thread).
 */
import { gemmBlocks, type GemmKernel } from './gemm-blocks.js';

/** Int32 words per worker in the control block (256 bytes: no false sharing). */
const SLOT = 64;
const SEQ = 0;
const DONE = 1;
const READY = 2;
const ARGS = 4;
/** A worker that has not answered in this long is taken as lost: an error, never a hang. */
const TIMEOUT_MS = 60_000;

/**
 * Rows of panels are handed out in chunks from a shared counter (word 0 of
 * the control block): every participant takes the next chunk until none is
 * left, so a thread the OS deschedules (a loaded machine) simply takes fewer
 * chunks instead of holding everyone at the barrier. Which thread computes a
 * chunk does not change its values.
 */
function runChunks(all: Int32Array, blocks: typeof gemmBlocks, gemm: GemmKernel, a: ArrayLike<number>): void {
  // a: [bytes, aAt, bAt, cAt, mPanels, chunk, nPanels, k, ldc, aPanel, bPanel, mr, nr, kcMax, mcPanels]
  for (;;) {
    const p0 = Atomics.add(all, 0, 1) * a[5]!;
    if (p0 >= a[4]!) return;
    blocks(gemm, a[1]!, a[2]!, a[3]!, p0, Math.min(p0 + a[5]!, a[4]!), a[6]!, a[7]!, a[8]!, a[9]!, a[10]!, a[11]!, a[12]!, a[0]!, a[13]!, a[14]!);
  }
}

/** The worker's whole program, placed in its script as source text. */
function workerMain(data: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer; index: number }, blocks: typeof gemmBlocks, chunks: typeof runChunks): void {
  const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
  const exports = instance.exports as Record<string, GemmKernel>;
  const all = new Int32Array(data.control);
  const ctl = new Int32Array(data.control, data.index * 64 * 4, 64);
  Atomics.store(ctl, 2, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    if (seen < 0) return;
    const a = ctl.slice(4, 19);
    chunks(all, blocks, a[0] === 4 ? exports.gemm_f32! : exports.gemm_f64!, a);
    Atomics.store(ctl, 1, seen);
    Atomics.notify(ctl, 1);
  }
}

interface NodeWorker {
  unref(): void;
  terminate(): unknown;
}

type WorkerFactory = (data: object) => { terminate(): unknown } | null;

/** How this environment starts a worker running `workerMain`, or null if it cannot. */
function workerFactory(): WorkerFactory | null {
  const body = `const gemmBlocks = ${gemmBlocks.toString()};\nconst runChunks = ${runChunks.toString()};\nconst workerMain = ${workerMain.toString()};\n`;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const wt = proc?.getBuiltinModule?.('node:worker_threads') as { Worker: new (src: string, o: object) => NodeWorker } | undefined;
  if (wt) {
    const src = `${body}workerMain(process.getBuiltinModule('node:worker_threads').workerData, gemmBlocks, runChunks);`;
    return (data) => {
      const w = new wt.Worker(src, { eval: true, workerData: data });
      w.unref(); // a pool never keeps the process alive
      return w;
    };
  }
  const W = (globalThis as { Worker?: new (url: string) => { postMessage(d: unknown): void; terminate(): void } }).Worker;
  if (typeof W === 'function' && typeof Blob === 'function' && typeof URL?.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([`${body}onmessage = (e) => workerMain(e.data, gemmBlocks, runChunks);`], { type: 'text/javascript' }));
    return (data) => {
      const w = new W(url);
      w.postMessage(data);
      return w;
    };
  }
  return null;
}

/** Whether `Atomics.wait` may block this thread (not a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class ThreadPool {
  private readonly ctl: Int32Array;
  private readonly workers: Array<{ terminate(): unknown }> = [];
  private readonly block = canBlock();
  private seq = 0;

  /** `threads` counts the calling thread: threads − 1 workers. Throws if workers cannot start here. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, readonly threads: number) {
    const start = workerFactory();
    if (!start) throw new Error('no worker threads in this environment');
    const control = new SharedArrayBuffer(threads * SLOT * 4);
    this.ctl = new Int32Array(control);
    for (let i = 1; i < threads; i++) {
      const w = start({ module, memory, control, index: i });
      if (w) this.workers.push(w);
    }
  }

  /**
   * Runs gemmBlocks over panel rows [0, mPanels), in chunks shared out
   * between the calling thread and the ready workers (runChunks). The other
   * arguments are gemmBlocks' (see gemm-blocks.ts); `gemm` is the calling
   * thread's kernel.
   */
  gemm(gemm: GemmKernel, bytes: 4 | 8, aAt: number, bAt: number, cAt: number, mPanels: number, nPanels: number, k: number, ldc: number, aPanel: number, bPanel: number, mr: number, nr: number, kcMax: number, mcPanels: number): void {
    const ready: number[] = [];
    for (let i = 1; i <= this.workers.length; i++) if (Atomics.load(this.ctl, i * SLOT + READY) === 1) ready.push(i);
    // About four chunks per thread (enough to rebalance), each at most one L2 block of A.
    const chunk = Math.max(1, Math.min(mcPanels, Math.ceil(mPanels / (4 * (ready.length + 1)))));
    const args = [bytes, aAt, bAt, cAt, mPanels, chunk, nPanels, k, ldc, aPanel, bPanel, mr, nr, kcMax, mcPanels];
    Atomics.store(this.ctl, 0, 0);
    this.seq++;
    for (const w of ready) {
      const base = w * SLOT;
      this.ctl.set(args, base + ARGS);
      Atomics.store(this.ctl, base + SEQ, this.seq);
      Atomics.notify(this.ctl, base + SEQ);
    }
    runChunks(this.ctl, gemmBlocks, gemm, args);
    for (const w of ready) this.wait(w * SLOT + DONE);
  }

  private wait(index: number): void {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(this.ctl, index);
      if (done === this.seq) return;
      if (Date.now() > deadline) throw new Error(`cpu backend: a matmul worker thread did not finish within ${TIMEOUT_MS / 1000} s`);
      if (this.block) Atomics.wait(this.ctl, index, done, 100);
    }
  }

  /** Stops the workers. */
  close(): void {
    for (let i = 1; i <= this.workers.length; i++) {
      Atomics.store(this.ctl, i * SLOT + SEQ, -1);
      Atomics.notify(this.ctl, i * SLOT + SEQ);
    }
    for (const w of this.workers) void w.terminate();
  }
}
