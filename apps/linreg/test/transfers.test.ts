/**
 * On gpu.js the demo's training steps leave the data on the device: the only
 * reads back to the host are the ones a printed line needs (the losses since
 * the last line, in one transfer, and w and b).
 */
import { describe, expect, it } from 'vitest';
import { registerBackend, setBackend, listBackends } from '@grad/core';
import { gpujs } from '@grad/backend-gpujs';
import { train } from '../src/train.js';

describe('host transfers of the training loop on gpu.js', () => {
  it('reads back only what each printed line shows', () => {
    const backend = gpujs({ mode: 'cpu' });
    const previous = listBackends().includes('cpu') ? 'cpu' : null;
    registerBackend(backend);
    setBackend('gpujs');
    const before = backend.transfers;
    const result = train({ seed: 0, lr: 0.01, epochs: 400, optimizer: 'manual', every: 200 });
    const reads = backend.transfers - before;
    if (previous) setBackend(previous);
    expect(result.log).toHaveLength(2);
    expect(result.losses.every((l) => l > 0)).toBe(true);
    // Per printed line: one read for its 200 losses, one for w, one for b; then w and b once more for the result.
    expect(reads).toBeLessThanOrEqual(2 * 3 + 2);
  }, 60_000);
});
