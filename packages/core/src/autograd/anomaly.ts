/**
 * Anomaly detection (torch.autograd.detect_anomaly): while on, each node
 * remembers the stack of the forward call that made it; an error raised in
 * backward names the node that failed ("Error detected in PowBackward0") and
 * the user's source line of the forward call (beyond PyTorch, which prints
 * the whole Python stack as a warning); and, unless `checkNan: false`, a
 * backward that produces NaN throws. It reads gradient values back to the
 * host, so it is for debugging only.
 */
import { RuntimeError, TypeError } from '../errors.js';
import { valueTypeName } from '../shape.js';
import { checkOptions } from '../options.js';
let anomalyEnabled = false;
let checkNan = true;

export interface AnomalyOptions {
  /** Throw when a backward function returns NaN (default true). */
  checkNan?: boolean;
}

/** Turns anomaly detection on or off (torch.autograd.set_detect_anomaly). */
export function setDetectAnomaly(flag: boolean, options: AnomalyOptions = {}): void {
  anomalyEnabled = flag;
  checkNan = options.checkNan ?? true;
}

export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

/** @internal Whether anomaly mode also checks backward results for NaN. */
export function anomalyChecksNan(): boolean {
  return checkNan;
}

/**
 * Runs `fn` with anomaly detection on.
 *
 * ```ts
 * autograd.detectAnomaly(() => x.div(zero).sum().backward()); // throws, naming DivBackward0
 * autograd.detectAnomaly(() => loss.backward(), { checkNan: false }); // names failing nodes, lets NaN through
 * ```
 */
export function detectAnomaly<T>(fn: () => T, options: AnomalyOptions = {}): T {
  if (typeof fn !== 'function') throw new TypeError(`detectAnomaly() expects a function to run, got ${valueTypeName(fn)}`);
  checkOptions('detectAnomaly', options, ['checkNan']);
  options ??= {};
  const previous = anomalyEnabled;
  const previousCheck = checkNan;
  anomalyEnabled = true;
  checkNan = options.checkNan ?? true;
  try {
    return fn();
  } finally {
    anomalyEnabled = previous;
    checkNan = previousCheck;
  }
}

/** @internal The forward stack, when anomaly detection is on. */
export function anomalyTrace(): string | null {
  return anomalyEnabled ? (new RuntimeError().stack ?? null) : null;
}

/**
 * The first frame of a stack outside this library: the user's line that
 * called the op. The library's own frames are those in the directory tree
 * this file is in (src/ when run from source, dist/ when bundled).
 */
export function userFrame(stack: string): string | null {
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  const own = frames.find((l) => /anomaly\.(ts|js)|[\\/]dist[\\/]/.test(l));
  const root = own ? libraryRoot(own) : null;
  const user = frames.find((l) => !(root && l.includes(root)) && !/node:internal|node_modules|\(native\)/.test(l));
  return user ? user.trim().replace(/^at /, '') : null;
}

/** .../packages/core/src/ for a frame in src/autograd/anomaly.ts; .../dist/ for a bundle. */
function libraryRoot(frame: string): string | null {
  const m = /\(?((?:file:\/\/)?[^()\s]*?[\\/](?:src|dist)[\\/])[^()\s]*:\d+:\d+\)?$/.exec(frame.trim());
  return m ? m[1]! : null;
}

/**
 * The error of a failing backward node, told in anomaly mode which node it
 * was and where its forward op was called: PyTorch's "Error detected in
 * PowBackward0. Traceback of forward call that caused the error:", with
 * the user's source line.
 */
export function withAnomalyContext(e: unknown, node: { name: string; _forwardTrace: string | null }): unknown {
  if (!(e instanceof Error) || (e as { _anomalyNamed?: boolean })._anomalyNamed) return e;
  const line = node._forwardTrace ? userFrame(node._forwardTrace) : null;
  const where = line ? `\n  at ${line}` : ' (the node was made before anomaly detection was enabled)';
  e.message += `\n\nError detected in ${node.name}. Traceback of forward call that caused the error:${where}`;
  if (node._forwardTrace) e.message += `\nFull stack of the forward call:\n${node._forwardTrace.split('\n').slice(1).join('\n')}`;
  (e as { _anomalyNamed?: boolean })._anomalyNamed = true;
  return e;
}
