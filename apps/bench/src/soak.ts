/**
 * Memory in long plain loops, sampled as they run:
 *
 *   node --expose-gc --import tsx src/soak.ts --kind=cpu-regression --steps=1000000 --every=50000
 *
 * The loop is the tutorial's, written as the README teaches (no tidy, no
 * await, grads zeroed in place). It never yields to the event loop, like a
 * real training script, so FinalizationRegistry callbacks never run in it.
 * Each sample is a full collection (`gc()`, synchronous: it does not yield
 * either) and then the heap plus array buffers in use, and the backend's
 * memory() count. Growth is measured from a sample taken after a warm-up.
 *
 * Kinds: `cpu-regression`, `cpu-mlp` (784-256-10, batch 128) and
 * `gpujs-regression` (gpu.js in its `webasm` mode). `--time-cap=<s>` stops a
 * loop early (the report says how many steps ran).
 */
import { memory, registerBackend, setBackend } from '@grad/core';
import { FULL } from './workloads.js';
import { flag } from './cli.js';

export interface Sample {
  step: number;
  /** Heap used + array buffers after a full GC, in bytes. */
  live: number;
  /** Seconds since the loop started. */
  seconds: number;
  /** The backend's memory() count of storages (an upper bound on the CPU: see core's memory()). */
  tensors: number;
}

export interface SoakResult {
  kind: string;
  title: string;
  stepsPlanned: number;
  stepsRun: number;
  samples: Sample[];
  /** Why it stopped early, if it did. */
  note?: string;
}

const gc = (globalThis as { gc?: () => void }).gc;

function sample(step: number, t0: number, device: string): Sample {
  if (!gc) throw new Error('the soak needs node --expose-gc');
  // Twice: array buffers' backing stores are released by a sweeper that a
  // single collection may leave running; the second finds them freed.
  gc();
  gc();
  const m = process.memoryUsage();
  return { step, live: m.heapUsed + m.arrayBuffers, seconds: (performance.now() - t0) / 1000, tensors: memory()[device]?.tensors ?? 0 };
}

export async function soak(kind: string, steps: number, every: number, timeCapS: number): Promise<SoakResult> {
  const g = await import('./libs/grad.js'); // registers the CPU backend
  let device = 'cpu';
  let title: string;
  let step: () => void;
  if (kind === 'cpu-mlp') {
    title = `MLP ${FULL.mlp.inputs}-${FULL.mlp.hidden}-${FULL.mlp.classes}, batch ${FULL.mlp.batch}, plain SGD loop (cpu)`;
    step = g.mlpSetup(FULL.mlp);
  } else {
    if (kind === 'gpujs-regression') {
      const { gpujs } = await import('@grad/backend-gpujs');
      registerBackend(gpujs({ mode: 'webasm' }));
      setBackend('gpujs');
      device = 'gpujs';
    } else if (kind !== 'cpu-regression') throw new Error(`unknown soak kind ${kind}`);
    title = `the tutorial's regression, plain loop (${device === 'cpu' ? 'cpu' : 'gpu.js webasm'})`;
    const s = g.regressionSetup();
    step = () => g.regressionStep(s);
  }
  const warmup = Math.min(1000, Math.max(1, Math.floor(steps / 100)));
  for (let i = 0; i < warmup; i++) step();
  const t0 = performance.now();
  const samples = [sample(0, t0, device)];
  let ran = 0;
  let note: string | undefined;
  while (ran < steps) {
    const chunk = Math.min(every, steps - ran);
    for (let i = 0; i < chunk; i++) step();
    ran += chunk;
    const s = sample(ran, t0, device);
    samples.push(s);
    console.error(`  soak ${kind} ${ran.toLocaleString('en')} steps: ${((s.live - samples[0]!.live) / 2 ** 20).toFixed(2)} MB, ${s.seconds.toFixed(1)} s`);
    if (s.seconds > timeCapS && ran < steps) {
      note = `stopped by the ${timeCapS} s time cap`;
      break;
    }
  }
  return { kind, title, stepsPlanned: steps, stepsRun: ran, samples, ...(note ? { note } : {}) };
}

if (process.argv[1]?.endsWith('soak.ts')) {
  const kind = flag('kind')?.[0] ?? 'cpu-regression';
  const steps = Number(flag('steps')?.[0] ?? 10_000);
  const every = Number(flag('every')?.[0] ?? Math.max(1, Math.floor(steps / 20)));
  const cap = Number(flag('time-cap')?.[0] ?? Infinity);
  const result = await soak(kind, steps, every, cap);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
