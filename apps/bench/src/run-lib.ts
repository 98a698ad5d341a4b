/**
 * One library's benchmarks, in a process of its own (so no library's heap,
 * JIT state or WebAssembly memory affects another's):
 *
 *   node --expose-gc --import tsx src/run-lib.ts --lib=grad [--quick] [--only=matmul,mlp]
 *
 * Progress goes to stderr; the results are the last stdout line, as JSON
 * (`LibResult`), read by main.ts.
 */
import { measure } from './harness.js';
import { FULL, QUICK, workloads, type Workload, type WorkloadId } from './workloads.js';
import type { CaseFactory, Lib, MemoryReport } from './libs/types.js';
import { flag, short } from './cli.js';

export interface Cell {
  /** Median in the row's unit, or null when the library cannot run it. */
  value: number | null;
  /** Median of one run, in ms. */
  medianMs?: number;
  runsMs?: number[];
  error?: string;
}

export interface LibResult {
  name: string;
  cells: Partial<Record<WorkloadId, Cell>>;
  memory: MemoryReport[];
  notes: string[];
}

/** The library modules, loaded lazily so a process imports only its own. */
export const LIBS: Record<string, () => Promise<Lib>> = {
  grad: async () => (await import('./libs/grad.js')).grad,
  'tfjs-cpu': async () => (await import('./libs/tfjs.js')).tfjsCpu,
  'tfjs-wasm': async () => (await import('./libs/tfjs.js')).tfjsWasm,
  'js-pytorch': async () => (await import('./libs/js-pytorch.js')).jsPytorch,
  'jax-js': async () => (await import('./libs/jax.js')).jaxEager,
  'jax-js-jit': async () => (await import('./libs/jax.js')).jaxJit,
};

function factoryFor(lib: Lib, w: Workload, quick: boolean): CaseFactory | undefined {
  const s = quick ? QUICK : FULL;
  switch (w.id) {
    case 'regression':
      return lib.regression?.(s.regressionSteps);
    case 'matmul':
      return lib.matmul?.(s.matmul);
    case 'mlp':
      return lib.mlp?.(s.mlp);
    case 'tanh':
      return lib.tanh?.(s.tanh);
    case 'chain-2k':
      return lib.chain?.(s.chainShort);
    case 'chain-10k':
      return lib.chain?.(s.chainLong);
  }
}

export async function runLib(lib: Lib, quick: boolean, only: string[] | null, memorySteps: number): Promise<LibResult> {
  const result: LibResult = { name: lib.name, cells: {}, memory: [], notes: [] };
  await lib.activate?.();
  for (const w of workloads(quick ? QUICK : FULL, quick)) {
    if (only && !only.includes(w.id)) continue;
    const factory = factoryFor(lib, w, quick);
    if (!factory) continue;
    let cell: Cell;
    try {
      const run = await factory();
      const t = await measure(run, w.timing);
      const value = w.ops ? (t.medianMs * 1000) / w.ops : t.medianMs;
      cell = { value, medianMs: t.medianMs, runsMs: t.runsMs.map((ms) => +ms.toFixed(3)) };
    } catch (e) {
      cell = { value: null, error: short(e) };
    }
    result.cells[w.id] = cell;
    console.error(`  ${lib.name.padEnd(12)} ${w.id.padEnd(10)} ${cell.value === null ? `✗ ${cell.error}` : `${cell.value.toPrecision(4)} ${w.unit}`}`);
  }
  if (lib.memory && (!only || only.includes('memory'))) {
    try {
      result.memory = await lib.memory(memorySteps);
    } catch (e) {
      result.notes.push(`memory, ${lib.name}: ${short(e)}`);
    }
  }
  return result;
}

async function main(): Promise<void> {
  const id = flag('lib')?.[0];
  const load = id ? LIBS[id] : undefined;
  if (!id || !load) throw new Error(`--lib= one of ${Object.keys(LIBS).join(', ')}`);
  const quick = process.argv.includes('--quick');
  const lib = await load();
  const result = await runLib(lib, quick, flag('only'), quick ? 200 : 10_000);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
