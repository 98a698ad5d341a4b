/** The results: markdown tables (times, ratios to the fastest peer, throughput, memory) and the JSON beside them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import type { MemoryReport } from './libs/types.js';
import type { Cell } from './run-lib.js';
import type { Limits } from './limits.js';
import type { SoakResult } from './soak.js';

export const GRAD = 'grad (cpu)';

export interface Row {
  id: string;
  title: string;
  unit: string;
  flops?: number;
  bytes?: number;
  cells: Record<string, Cell>;
}

export interface Results {
  date: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load average at the start and the end: above 1, other processes shared the CPU. */
  load: number;
  loadEnd?: number;
  quick?: boolean;
  limits?: Limits;
  /** Column order; grad's column is named GRAD. */
  libs: string[];
  rows: Row[];
  memory: Record<string, MemoryReport[]>;
  soaks?: SoakResult[];
  notes: string[];
}

export function environment(): Pick<Results, 'date' | 'commit' | 'node' | 'cpu' | 'cores' | 'load'> {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // not a git checkout
  }
  return { date: new Date().toISOString(), commit, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, load: +loadavg()[0]!.toFixed(2) };
}

export function fmt(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** The run's throughput: GFLOP/s for compute rows, GB/s for memory-bound ones. */
function throughput(row: Row, c: Cell): string {
  if (c.medianMs == null) return '';
  if (row.flops) return ` (${fmt(row.flops / (c.medianMs * 1e6))} GFLOP/s)`;
  if (row.bytes) return ` (${fmt(row.bytes / (c.medianMs * 1e6))} GB/s)`;
  return '';
}

function cellText(row: Row, c: Cell | undefined): string {
  if (!c) return '–';
  if (c.value === null) return c.error ? `✗ ${c.error}` : '–';
  return `${fmt(c.value)}${throughput(row, c)}`;
}

/** The fastest peer of a row (not grad), or null when no peer ran it. */
export function fastestPeer(row: Row): { lib: string; value: number } | null {
  let best: { lib: string; value: number } | null = null;
  for (const [lib, c] of Object.entries(row.cells)) {
    if (lib === GRAD || c.value == null) continue;
    if (!best || c.value < best.value) best = { lib, value: c.value };
  }
  return best;
}

/** grad's time over the fastest peer's: above 1 grad is slower. */
export function ratioToFastest(row: Row): string {
  const g = row.cells[GRAD]?.value;
  const best = fastestPeer(row);
  if (g == null || !best) return '–';
  return `${fmt(g / best.value)}× (${best.lib})`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function timingTable(r: Results): string {
  const header = ['workload', 'unit', ...r.libs, 'grad ÷ fastest peer'];
  const rows = r.rows.map((row) => [row.title, row.unit, ...r.libs.map((l) => cellText(row, row.cells[l])), ratioToFastest(row)]);
  return table(header, rows);
}

function mb(bytes: number): string {
  return `${bytes >= 0 ? '' : '−'}${(Math.abs(bytes) / 2 ** 20).toFixed(2)} MB`;
}

function signedMb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 2 ** 20).toFixed(2)} MB`;
}

/** The plain loops, sampled as they ran: growth of heap + array buffers after a full GC. */
export function soakTable(soaks: readonly SoakResult[]): string {
  const rows = soaks.map((s) => {
    const first = s.samples[0]!;
    const last = s.samples[s.samples.length - 1]!;
    const at200k = s.samples.find((x) => x.step === 200_000);
    const max = Math.max(...s.samples.map((x) => x.live));
    const usPerStep = last.step ? ((last.seconds * 1e6) / last.step).toFixed(0) : '–';
    return [
      s.title,
      `${s.stepsRun.toLocaleString('en')}${s.stepsRun < s.stepsPlanned ? ` of ${s.stepsPlanned.toLocaleString('en')} (${s.note ?? 'stopped'})` : ''}`,
      mb(first.live),
      at200k ? signedMb(at200k.live - first.live) : '–',
      signedMb(last.live - first.live),
      signedMb(max - first.live),
      `${s.samples.length}`,
      usPerStep,
      `${first.tensors} → ${last.tensors}`,
    ];
  });
  return table(['plain loop', 'steps', 'live at start', 'Δ at 200,000 steps', 'Δ at the end', 'largest Δ', 'samples', 'µs / step', 'memory().tensors'], rows);
}

export function memoryTable(r: Results): string {
  const rows: string[][] = [];
  for (const [lib, reports] of Object.entries(r.memory)) {
    for (const m of reports) {
      rows.push([
        lib,
        m.variant,
        m.steps.toLocaleString('en'),
        mb(m.heapBefore),
        mb(m.heapAfter),
        signedMb(m.heapAfter - m.heapBefore),
        m.tensorsBefore === undefined ? '–' : `${m.tensorsBefore} → ${m.tensorsAfter}`,
      ]);
    }
  }
  return table(['library', 'loop', 'steps', 'heap before', 'heap after', 'Δ heap', 'tensors (library count)'], rows);
}

function limitsLine(l: Limits): string {
  const simd = l.wasmSimdGflops == null ? 'no WebAssembly SIMD' : `WebAssembly SIMD ${fmt(l.wasmSimdGflops)} GFLOP/s`;
  return `This machine, one thread: ${simd} (f32x4 multiply/add peak), plain JavaScript ${fmt(l.jsGflops)} GFLOP/s (scalar loop peak), memory copy ${fmt(l.copyGBs)} GB/s (64 MB \`TypedArray.set\`, bytes copied per second).`;
}

export function markdown(r: Results): string {
  const load = r.loadEnd === undefined ? `load average ${r.load} at start` : `load average ${r.load} at start, ${r.loadEnd} at the end`;
  return [
    '# grad benchmarks',
    '',
    `${r.date} · commit ${r.commit} · Node ${r.node} · ${r.cpu} × ${r.cores} · ${load}${r.quick ? ' · **quick mode** (tiny sizes: a smoke run, not figures)' : ''}`,
    '',
    ...(r.limits ? [limitsLine(r.limits), ''] : []),
    'One process per library, run one after another, single thread. Median of several timed runs after warm-up, forward + backward, the same seeded float32 inputs. `grad ÷ fastest peer` above 1× means grad is slower. GFLOP/s counts the matmuls (multiply + add = 2); GB/s counts x read once and ∂x written once.',
    '',
    timingTable(r),
    '',
    ...(r.soaks?.length
      ? [
          '## Memory: plain loops, sampled as they run',
          '',
          'Written as the README teaches (no `tidy`, no `await`, grads zeroed in place); the loop never yields, so finalizers never run in it. Each sample: a full GC, then heap used + array buffers; Δ from a sample after warm-up. On the CPU, `memory().tensors` counts storages made and not disposed (the collector frees the rest unseen: see core\'s `memory()`).',
          '',
          soakTable(r.soaks),
          '',
        ]
      : []),
    ...(Object.keys(r.memory).length
      ? [
          '## Memory: the regression loop per library, heap after a full GC (the event loop turns, so finalizers run)',
          '',
          "Tensor counts are each library's own (`tf.memory()`, grad's `memory()`); grad's CPU count includes every storage its process made and did not dispose, collected or not.",
          '',
          memoryTable(r),
          '',
        ]
      : []),
    ...(r.notes.length ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function write(dir: string, r: Results): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/latest.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(`${dir}/latest.md`, markdown(r));
}
