import { relative, resolve } from 'node:path';
import type { Options } from './args.js';
import { selectBackend, type BackendInfo } from './backend.js';
import { exponent, fixed } from './format.js';
import { writeOutputs, type Written } from './outputs.js';
import { makeProgress } from './progress.js';
import { train, type LogEntry } from './train.js';

/** The machine-readable result (`--json`). */
export interface RunResult {
  backend: string;
  mode?: string;
  seed: number;
  lr: number;
  epochs: number;
  optimizer: string;
  w: number;
  b: number;
  loss: number;
  seconds: number;
  log: LogEntry[];
  files: Written;
}

export interface RunIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Where relative paths start: the directory the user typed the command in. */
  cwd: string;
}

/** Shows a path the way the user would type it from where they ran the command. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function summary(result: RunResult, backend: BackendInfo, cwd: string): string {
  const f = result.files;
  const pair = (a: string, b: string) => `${shown(a, cwd)}, ${shown(b, cwd)}`;
  const rows: Array<[string, string]> = [
    [pair(f.fitSvg, f.fitPng), 'the data and the fitted line'],
    [pair(f.lossSvg, f.lossPng), 'the loss per iteration (log scale)'],
    [pair(f.graphSvg, f.graphPng), 'the graph of one training step (DOT: ' + shown(f.graphDot, cwd) + ')'],
    [shown(f.report, cwd), 'all of it on one page'],
  ];
  const width = Math.max(...rows.map(([p]) => p.length));
  return [
    `trained ${result.epochs} iterations in ${result.seconds.toFixed(2)} s on ${backend.label}: ` +
      `w = ${fixed(result.w)}, b = ${fixed(result.b)}, loss = ${exponent(result.loss)} (the data: y = 3x + 0.8)`,
    'wrote:',
    ...rows.map(([p, what]) => `  ${p.padEnd(width)}  ${what}`),
  ].join('\n');
}

/** One run of the demo: pick the backend, train, write the files, report. */
export async function run(options: Options, io: RunIo): Promise<RunResult> {
  const backend = await selectBackend(options.backend);
  if (backend.notice) io.stderr.write(`${backend.notice}\n`);
  // With --json, stdout carries only the JSON, so progress goes to stderr.
  const progress = makeProgress({ total: options.epochs, stream: options.json ? io.stderr : io.stdout, quiet: options.quiet });
  let trained;
  try {
    trained = train({ ...options, onStep: progress.step, onLog: progress.log });
  } finally {
    progress.stop();
  }
  const files = await writeOutputs(resolve(io.cwd, options.out), trained, options, backend);
  const result: RunResult = {
    backend: backend.name,
    ...(backend.mode ? { mode: backend.mode } : {}),
    seed: options.seed,
    lr: options.lr,
    epochs: options.epochs,
    optimizer: options.optimizer,
    w: trained.w,
    b: trained.b,
    loss: trained.loss,
    seconds: trained.seconds,
    log: trained.log,
    files,
  };
  if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(`${summary(result, backend, io.cwd)}\n`);
  return result;
}
