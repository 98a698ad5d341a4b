import { RuntimeError, type StridedView } from '@grad/core';
import { chunkLoop, chunks, dot, kernelFunction, names, numel, splitIndex } from './codegen.js';
import type { Device, DeviceBuffer } from './device.js';
import { bufferOf } from './storage.js';

/**
 * When an out-of-range index is reported: `immediate` throws from the op
 * itself, `deferred` from the next `read()` (the next transfer to the host),
 * as CUDA reports a device-side assert at the next synchronisation.
 */
export type IndexCheckTiming = 'immediate' | 'deferred';

// The state on the device: [failed (0/1), the bad index, dim, size].
const STATE_LENGTH = 4;

/** The CPU backend's text for an index out of range, word for word. */
export function outOfBoundsMessage(index: number, dim: number, size: number): string {
  return `index ${index} is out of bounds for dimension ${dim} with size ${size}`;
}

/**
 * Range checks of gather/scatter indices, on the device. A kernel cannot
 * throw, and reading every index tensor back to the host would cost a round
 * trip per op; so each check is two small kernels that fold "the first index
 * outside [0, size), in row-major order" into one 4-value state buffer that
 * stays on the device. The state is read when the program next reads
 * anything (`flush`, called by `read()`), and the first failure since then
 * is thrown with the CPU backend's words.
 *
 * In `cpu` and `webasm` modes the state is a host Float32Array, so reading
 * it costs nothing and the default timing is `immediate`; in GL modes the
 * read is a GPU sync, and the default is `deferred`.
 */
export class IndexChecks {
  private state: DeviceBuffer | null = null;
  /** Whether a check ran since the state was last read. */
  private dirty = false;
  /** The op behind the first failure (host-side, for the error's cause). */
  private pendingOps: string[] = [];

  constructor(
    private readonly device: Device,
    readonly timing: IndexCheckTiming,
  ) {}

  /**
   * Checks every element of `index` against [0, size) (PyTorch refuses
   * negative gather/scatter indices too). No transfer in `deferred` timing.
   */
  check(op: string, index: StridedView, dim: number, size: number): void {
    const n = numel(index.shape);
    if (n === 0) return;
    const rank = index.shape.length;
    const nch = chunks(n);
    const shape = names('sh', rank);
    const strides = names('is', rank);
    const coords = names('c', rank);
    const indexArgs = [...index.shape, bufferOf(index.storage), index.offset, ...index.strides];
    const indexParams = [...shape, 'ix', 'io', ...strides];
    // Pass 1, one thread per chunk of CHUNK indices: the first bad position in it, else n.
    const scan = (): string =>
      kernelFunction(
        ['n', 'size', ...indexParams],
        [
          'var ch = this.thread.x;',
          'var first = n;',
          ...chunkLoop('j', 'n', [
            splitIndex('j', rank, 'sh', 'c').replace(/\n {2}/g, '\n'),
            `var t = ix[${dot('io', coords, strides)}];`,
            'if (first == n) { if (t < 0 || t >= size) { first = j; } }',
          ]),
          'return first;',
        ],
      );
    const partial = this.device.run(`check:scan|r${rank}`, scan, nch, [n, size, ...indexArgs]);
    // Pass 2, four threads: keep an earlier failure, else record this op's first (chunks are in order).
    const record = (): string =>
      kernelFunction(
        ['old', 'p', 'nch', 'n', 'dim', 'size', ...indexParams],
        [
          'var k = this.thread.x;',
          'if (old[0] != 0) { return old[k]; }',
          'var first = n;',
          'for (var q = 0; q < nch; q++) { var pq = p[q]; if (pq < first) { first = pq; } }',
          'if (first >= n) { return 0; }',
          'if (k == 0) { return 1; }',
          'if (k == 2) { return dim; }',
          'if (k == 3) { return size; }',
          splitIndex('first', rank, 'sh', 'c'),
          `return ix[${dot('io', coords, strides)}];`,
        ],
      );
    const old = this.currentState();
    this.state = this.device.run(`check:record|r${rank}`, record, STATE_LENGTH, [old, partial, nch, n, dim, size, ...indexArgs]);
    this.device.free(old);
    this.device.free(partial);
    this.dirty = true;
    // Bounded: only the first failure is ever reported, and only ops since the last read are named.
    if (this.pendingOps.length < 64) this.pendingOps.push(op);
    if (this.timing === 'immediate') this.flush();
  }

  /** Reads the state if a check ran since the last read; throws the first failure (and forgets it). */
  flush(): void {
    if (!this.dirty || this.state === null) return;
    this.dirty = false;
    const ops = this.pendingOps;
    this.pendingOps = [];
    const [failed, index, dim, size] = this.device.readState(this.state, STATE_LENGTH);
    if (failed === 0) return;
    // Start over from a clean state, so the failure is reported once.
    this.device.free(this.state);
    this.state = null;
    const message = outOfBoundsMessage(index!, dim!, size!);
    if (this.timing === 'immediate') throw new RuntimeError(message);
    const where = [...new Set(ops)].join(', ');
    throw new RuntimeError(message, {
      cause: `gpujs (${this.device.mode}) checks indices on the device and reports the first bad one at the next read; it came from one of: ${where}`,
    });
  }

  /** Frees the state buffer (the backend is being destroyed). */
  destroy(): void {
    if (this.state !== null) this.device.free(this.state);
    this.state = null;
  }

  private currentState(): DeviceBuffer {
    // The same compiled kernel as Context.fill.
    return this.state ?? this.device.run('fill', () => 'function (v) { return v; }', STATE_LENGTH, [0]);
  }
}
