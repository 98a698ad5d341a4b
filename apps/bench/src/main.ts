/**
 * `pnpm bench`: grad and every peer, each library in a process of its own,
 * one after another (never concurrently: they would share the two cores);
 * then this machine's limits and the memory of long plain loops.
 *
 *   node --expose-gc --import tsx src/main.ts [--quick] [--only=matmul,mlp,memory] [--libs=grad,jax-js]
 *                                            [--no-soak] [--no-write] [--mlp-cap=<s>] [--note=<text for the results>]
 *
 * Full run: about 15 minutes here. `--quick` runs tiny sizes in about a
 * minute (a smoke run; its figures mean nothing, and it writes no results
 * file). PyTorch is a peer when
 * Debian's python3-torch is installed (`/usr/bin/python3 -c 'import torch'`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { flag, short } from './cli.js';
import { defaultTiming } from './harness.js';
import { environment, write, markdown, GRAD, type Results, type Row } from './report.js';
import { FULL, QUICK, workloads } from './workloads.js';
import type { LibResult, Cell } from './run-lib.js';
import type { Limits } from './limits.js';
import type { SoakResult } from './soak.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const PYTHON = '/usr/bin/python3';
const CHILD_TIMEOUT_MS = 20 * 60_000;

/** Runs a child process; its last stdout line is JSON. Its stderr (progress) passes through. */
function child<T>(command: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // A hung child (a peer stuck in a kernel) must not hang the whole bench.
    const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], timeout: CHILD_TIMEOUT_MS });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        const why = code === null ? `was stopped after ${CHILD_TIMEOUT_MS / 60_000} minutes` : `exited with ${code}`;
        reject(new Error(`${args.find((a) => a.startsWith('--lib=') || a.startsWith('--kind=')) ?? command} ${why}: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** A TypeScript entry point of this app in a fresh Node process with this one's flags (--expose-gc, tsx). */
function node<T>(file: string, args: string[]): Promise<T> {
  return child<T>(process.execPath, [...process.execArgv, here(file), ...args]);
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Peers first, grad last (the column order). */
const LIB_IDS = ['tfjs-cpu', 'tfjs-wasm', 'js-pytorch', 'jax-js', 'jax-js-jit', 'pytorch', 'grad'];

async function pytorch(quick: boolean, only: string[] | null): Promise<LibResult> {
  const sizes = quick ? QUICK : FULL;
  const ws = workloads(sizes, quick)
    .filter((w) => !only || only.includes(w.id))
    .map((w) => ({ id: w.id, timing: { ...defaultTiming, ...w.timing } }));
  const out = await child<{ version: string; blas: string; threads: number; cells: Record<string, { medianMs?: number; runsMs?: number[]; error?: string }> }>(PYTHON, [
    here('./libs/pytorch_bench.py'),
    JSON.stringify({ sizes, workloads: ws }),
  ]);
  const cells: LibResult['cells'] = {};
  for (const w of workloads(sizes, quick)) {
    const c = out.cells[w.id];
    if (!c) continue;
    cells[w.id] =
      c.medianMs == null
        ? { value: null, error: c.error ?? 'failed' }
        : { value: w.ops ? (c.medianMs * 1000) / w.ops : c.medianMs, medianMs: c.medianMs, runsMs: c.runsMs ?? [] };
  }
  const notes = [
    `PyTorch ${out.version} (Debian's python3-torch), eager, ${out.threads} thread; its build says BLAS_INFO=${out.blas}` +
      (out.blas === 'generic' ? " (Debian's system libblas, not MKL: with the reference BLAS its matmuls are far slower than a pip-installed PyTorch's)." : '.'),
  ];
  return { name: `pytorch ${out.version} eager`, cells, memory: [], notes };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = flag('only');
  const onlyLibs = flag('libs');
  const sizes = quick ? QUICK : FULL;
  const results: Results = { ...environment(), quick, libs: [], rows: [], memory: {}, soaks: [], notes: [] };
  const rows = new Map<string, Row>(
    workloads(sizes, quick)
      .filter((w) => !only || only.includes(w.id))
      .map((w) => [w.id, { id: w.id, title: w.title, unit: w.unit, ...(w.flops ? { flops: w.flops } : {}), ...(w.bytes ? { bytes: w.bytes } : {}), cells: {} }]),
  );

  for (const id of LIB_IDS) {
    if (onlyLibs && !onlyLibs.includes(id)) continue;
    if (id === 'pytorch' && !hasTorch()) {
      results.notes.push(`PyTorch: not a peer in this run (${PYTHON} cannot import torch; Debian's python3-torch adds it).`);
      continue;
    }
    console.error(`${id}:`);
    let r: LibResult;
    try {
      r = id === 'pytorch' ? await pytorch(quick, only) : await node<LibResult>('./run-lib.ts', [`--lib=${id}`, ...(quick ? ['--quick'] : []), ...(only ? [`--only=${only.join(',')}`] : [])]);
    } catch (e) {
      results.notes.push(`${id}: ${short(e)}`);
      continue;
    }
    results.libs.push(r.name);
    for (const [w, c] of Object.entries(r.cells) as [string, Cell][]) {
      const row = rows.get(w);
      if (row) row.cells[r.name] = c;
    }
    if (r.memory.length) results.memory[r.name] = r.memory;
    results.notes.push(...r.notes);
  }
  results.rows = [...rows.values()];

  if (!only || only.includes('limits')) {
    console.error('limits:');
    try {
      results.limits = await node<Limits>('./limits.ts', []);
    } catch (e) {
      results.notes.push(`limits: ${short(e)}`);
    }
  }

  if (!process.argv.includes('--no-soak') && (!only || only.includes('memory'))) {
    const mlpCap = Number(flag('mlp-cap')?.[0] ?? 200);
    const soaks: Array<[string, number, number, number]> = quick
      ? [['cpu-regression', 20_000, 5000, 60], ['cpu-mlp', 100, 25, 60], ['gpujs-regression', 300, 100, 60]]
      : [['cpu-regression', 1_000_000, 50_000, 600], ['cpu-mlp', 20_000, 500, mlpCap], ['gpujs-regression', 10_000, 1000, 300]];
    for (const [kind, steps, every, cap] of soaks) {
      console.error(`soak ${kind}:`);
      try {
        results.soaks!.push(await node<SoakResult>('./soak.ts', [`--kind=${kind}`, `--steps=${steps}`, `--every=${every}`, `--time-cap=${cap}`]));
      } catch (e) {
        results.notes.push(`soak ${kind}: ${short(e)}`);
      }
    }
  }

  results.loadEnd = +loadavg()[0]!.toFixed(2);
  if (Math.max(results.load, results.loadEnd) > 1) {
    results.notes.unshift(
      `Other processes were running (load average ${results.load} at the start, ${results.loadEnd} at the end, on ${results.cores} cores): absolute times are inflated and noisy, and each library met a different share of the noise. Rerun on a quiet machine before quoting figures.`,
    );
  }
  const note = process.argv.find((a) => a.startsWith('--note='));
  if (note) results.notes.unshift(note.slice('--note='.length));
  if (!results.libs.includes(GRAD)) results.notes.push('grad was not run: the ratio column is empty.');
  const md = markdown(results);
  console.log(`\n${md}`);
  // A quick run's figures mean nothing: it never replaces the committed results.
  if (!quick && !process.argv.includes('--no-write')) {
    const dir = here('../results');
    write(dir, results);
    console.log(`wrote ${dir}/latest.json and latest.md`);
  }
}

await main();
