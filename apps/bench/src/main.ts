/**
 * `pnpm bench`: every benchmark for grad and each peer, in one process, one
 * after another (never concurrently, so they do not share the two cores).
 *
 *   node --expose-gc --import tsx src/main.ts [--only=matmul,chain] [--libs=grad,tfjs-cpu] [--no-write]
 */
import { fileURLToPath } from 'node:url';
import { measure, type TimingOptions } from './harness.js';
import { environment, memoryTable, timingTable, write, type Cell, type Results, type Row } from './report.js';
import { grad } from './libs/grad.js';
import { tfjsCpu, tfjsWasm } from './libs/tfjs.js';
import { jsPytorch } from './libs/js-pytorch.js';
import type { CaseFactory, Lib } from './libs/types.js';

const REGRESSION_STEPS = 5000;
const CHAIN = 10_000;
const CHAIN_LONG = 100_000;
const MEMORY_STEPS = 10_000;

interface Bench {
  id: string;
  title: string;
  unit: string;
  reference?: string;
  timing: Partial<TimingOptions>;
  /** The library's factory for this benchmark, if it has one. */
  factory: (lib: Lib) => CaseFactory | undefined;
  /** Converts the median milliseconds into the row's unit. */
  scale?: (ms: number) => number;
  /** Libraries to run this on (default: all). */
  only?: string[];
}

const benches: Bench[] = [
  {
    id: 'matmul',
    title: 'matmul 512×512, forward + backward',
    unit: 'ms',
    reference: 'jax-js (jit): 30 ms',
    timing: { warmup: 1, minRuns: 3, maxRuns: 9, budgetMs: 3000 },
    factory: (l) => l.matmul512,
  },
  {
    id: 'regression',
    title: `tutorial regression, ${REGRESSION_STEPS} steps`,
    unit: 'ms',
    reference: 'jax-js: 213 ms',
    timing: { warmup: 1, minRuns: 3, maxRuns: 7, budgetMs: 3000 },
    factory: (l) => l.regression?.(REGRESSION_STEPS),
  },
  {
    id: 'chain',
    title: `op chain: ${CHAIN.toLocaleString('en')} add/mul on [4], forward + backward`,
    unit: 'µs / op',
    reference: 'js-pytorch: 2 µs / op',
    timing: { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 3000 },
    factory: (l) => l.opChain?.(CHAIN),
    scale: (ms) => (ms * 1000) / (CHAIN + 1),
  },
  {
    id: 'chain-1k',
    title: 'op chain: 1,000 add/mul on [4] (js-pytorch\'s recursive backward overflows the stack at 10,000)',
    unit: 'µs / op',
    timing: { warmup: 3, minRuns: 5, maxRuns: 25, budgetMs: 2000 },
    factory: (l) => l.opChain?.(1000),
    scale: (ms) => (ms * 1000) / 1001,
  },
  {
    id: 'chain-long',
    title: `op chain: ${CHAIN_LONG.toLocaleString('en')} ops (linear if µs/op matches the row above)`,
    unit: 'µs / op',
    timing: { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 3000 },
    factory: (l) => l.opChain?.(CHAIN_LONG),
    scale: (ms) => (ms * 1000) / (CHAIN_LONG + 1),
    only: ['grad (cpu)', 'tfjs-cpu'],
  },
  {
    id: 'mlp',
    title: 'MLP step 784→128→10, batch 64 (relu, cross-entropy, SGD)',
    unit: 'ms / step',
    timing: { warmup: 3, minRuns: 5, maxRuns: 20, budgetMs: 3000 },
    factory: (l) => l.mlpStep,
  },
];

function flag(name: string): string[] | null {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3).split(',') : null;
}

function short(e: unknown): string {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return msg.length > 60 ? `${msg.slice(0, 57)}…` : msg;
}

async function main(): Promise<void> {
  const onlyBenches = flag('only');
  const onlyLibs = flag('libs');
  const libs = [grad, tfjsCpu, tfjsWasm, jsPytorch].filter((l) => !onlyLibs || onlyLibs.some((n) => l.name.startsWith(n)));
  const results: Results = { ...environment(), libs: libs.map((l) => l.name), rows: [], memory: {}, notes: [] };

  for (const b of benches) {
    if (onlyBenches && !onlyBenches.includes(b.id)) continue;
    const row: Row = { id: b.id, title: b.title, unit: b.unit, cells: {}, ...(b.reference ? { reference: b.reference } : {}) };
    for (const lib of libs) {
      const factory = b.factory(lib);
      if (!factory || (b.only && !b.only.includes(lib.name))) continue;
      let cell: Cell;
      try {
        await lib.activate?.();
        const run = await factory();
        const t = await measure(run, b.timing);
        cell = { value: (b.scale ?? ((ms) => ms))(t.medianMs), runsMs: t.runsMs.map((ms) => +ms.toFixed(3)) };
      } catch (e) {
        cell = { value: null, error: short(e) };
      }
      row.cells[lib.name] = cell;
      console.error(`  ${b.id.padEnd(11)} ${lib.name.padEnd(11)} ${cell.value === null ? `✗ ${cell.error}` : `${cell.value.toFixed(3)} ${b.unit}`}`);
    }
    results.rows.push(row);
  }

  if (!onlyBenches || onlyBenches.includes('memory')) {
    for (const lib of libs) {
      if (!lib.memory || lib === tfjsWasm) continue; // wasm memory is outside the JS heap
      try {
        await lib.activate?.();
        results.memory[lib.name] = await lib.memory(MEMORY_STEPS);
        console.error(`  memory      ${lib.name} done`);
      } catch (e) {
        results.notes.push(`memory, ${lib.name}: ${short(e)}`);
      }
    }
  }

  const long = results.rows.find((r) => r.id === 'chain-long')?.cells[grad.name]?.value;
  const short10k = results.rows.find((r) => r.id === 'chain')?.cells[grad.name]?.value;
  if (long != null && short10k != null) {
    results.notes.push(
      `Linearity: grad's µs/op at ${CHAIN_LONG.toLocaleString('en')} ops ÷ at ${CHAIN.toLocaleString('en')} ops = ${(long / short10k).toFixed(2)} (1 is linear; quadratic work would give ~10). The excess over 1 is garbage collection of the 100,000-node graph, not the engine's traversal.`,
    );
  }

  console.log(`\n${timingTable(results)}\n\n${memoryTable(results)}\n`);
  for (const n of results.notes) console.log(`- ${n}`);
  if (!process.argv.includes('--no-write')) {
    const dir = fileURLToPath(new URL('../results', import.meta.url));
    write(dir, results);
    console.log(`\nwrote ${dir}/latest.json and latest.md`);
  }
}

await main();
