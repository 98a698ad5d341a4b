/** The results: a console/markdown table of medians and grad/peer ratios, and the JSON beside it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import type { MemoryReport } from './libs/types.js';

export interface Cell {
  /** Median in the row's unit, or null when the library cannot run it. */
  value: number | null;
  runsMs?: number[];
  error?: string;
}

export interface Row {
  id: string;
  title: string;
  unit: string;
  /** A published figure to compare with, where one exists. */
  reference?: string;
  cells: Record<string, Cell>;
}

export interface Results {
  date: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run started: above the core count, other processes shared the CPU. */
  load: number;
  libs: string[];
  rows: Row[];
  memory: Record<string, MemoryReport[]>;
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

function fmt(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function cellText(c: Cell | undefined): string {
  if (!c) return '–';
  if (c.value === null) return c.error ? `✗ ${c.error}` : '–';
  return fmt(c.value);
}

/** grad's time over the peer's: above 1 grad is slower, below 1 grad is faster. */
function ratio(row: Row, grad: string, peer: string): string {
  const g = row.cells[grad]?.value;
  const p = row.cells[peer]?.value;
  if (g == null || p == null) return '–';
  return `${fmt(g / p)}×`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function timingTable(r: Results): string {
  const [grad, ...peers] = r.libs as [string, ...string[]];
  const header = ['benchmark', 'unit', ...r.libs, ...peers.map((p) => `grad / ${p}`), 'reference'];
  const rows = r.rows.map((row) => [
    row.title,
    row.unit,
    ...r.libs.map((l) => cellText(row.cells[l])),
    ...peers.map((p) => ratio(row, grad, p)),
    row.reference ?? '',
  ]);
  return table(header, rows);
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MB`;
}

export function memoryTable(r: Results): string {
  const rows: string[][] = [];
  for (const [lib, reports] of Object.entries(r.memory)) {
    for (const m of reports) {
      const delta = m.heapAfter - m.heapBefore;
      rows.push([
        lib,
        m.variant,
        String(m.steps),
        mb(m.heapBefore),
        mb(m.heapAfter),
        `${delta >= 0 ? '+' : ''}${mb(delta)}`,
        m.tensorsBefore === undefined ? '–' : `${m.tensorsBefore} → ${m.tensorsAfter}`,
      ]);
    }
  }
  return table(['library', 'loop', 'steps', 'heap before', 'heap after', 'Δ heap', 'live tensors'], rows);
}

export function markdown(r: Results): string {
  return [
    '# grad benchmarks',
    '',
    `${r.date} · commit ${r.commit} · Node ${r.node} · ${r.cpu} × ${r.cores} · load average ${r.load} at start`,
    '',
    'Median of several timed runs after warm-up. Ratios are grad / peer: above 1× grad is slower.',
    '',
    timingTable(r),
    '',
    '## Memory: the regression loop, heap after a full GC',
    '',
    memoryTable(r),
    '',
    ...(r.notes.length ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function write(dir: string, r: Results): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/latest.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(`${dir}/latest.md`, markdown(r));
}
