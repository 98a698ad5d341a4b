import { afterAll, beforeAll, expect, it } from 'vitest';
import { crossEntropy, registerBackend, RuntimeError, tensor, zeros, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs, type GpujsBackend, type IndexCheckTiming } from '../src/index.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';

// Out-of-range gather/scatter indices are refused on gpu.js with the CPU
// backend's error text, checked on the device: `immediate` throws from the
// op, `deferred` from the next read of any value, with no transfer per op.
registerBackend(cpu());

const idx = (values: unknown, device: string): Tensor => tensor(values as number[], { dtype: 'int32', device });
const m = (device: string): Tensor => tensor([[1, 2, 3], [4, 5, 6]], { device });

/** The CPU backend's error for the same call: the text gpujs must give. */
function cpuError(run: (device: string) => unknown): string {
  try {
    run('cpu');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the CPU backend accepted it');
}

/** Runs `op` on gpujs and then reads `probe`; returns the error and where it was thrown. */
function refusal(b: GpujsBackend, op: () => unknown, probe: () => unknown): { at: 'op' | 'read'; error: Error } {
  try {
    op();
  } catch (e) {
    return { at: 'op', error: e as Error };
  }
  try {
    probe();
  } catch (e) {
    return { at: 'read', error: e as Error };
  }
  throw new Error(`gpujs (${b.mode}) accepted it`);
}

for (const mode of NODE_MODES) {
  for (const timing of ['immediate', 'deferred'] as const satisfies readonly IndexCheckTiming[]) {
    describeWhere(`gpujs (${mode}) index checks, ${timing}`, modeRequirement(mode), () => {
      const b: GpujsBackend = gpujs({ mode, indexChecks: timing });
      beforeAll(() => registerBackend(b));
      afterAll(() => {
        expect(b.stats().fallbacks).toBe(0);
        b.destroy();
      });
      const unrelated = (): number => tensor([7], { device: 'gpujs' }).item();
      const expectRefused = (run: (device: string) => unknown): Error => {
        const want = cpuError(run);
        const transfers = b.transfers;
        const { at, error } = refusal(b, () => run('gpujs'), unrelated);
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toBe(want);
        expect(at).toBe(timing === 'immediate' ? 'op' : 'read');
        // No value crossed to the host: the check's state is read apart, and the refused read returned nothing.
        expect(b.transfers).toBe(transfers);
        // Reported once: the backend works normally afterwards.
        expect(unrelated()).toBe(7);
        return error;
      };

      it('reports which timing it uses', () => {
        expect(b.indexChecks).toBe(timing);
      });

      it('gather: an index past the end, with the CPU text', () => {
        const error = expectRefused((d) => m(d).gather(1, idx([[0, 3], [1, 1]], d)));
        expect(error.message).toBe('index 3 is out of bounds for dimension 1 with size 3');
        if (timing === 'deferred') expect(String(error.cause)).toContain('gather');
      });

      it('gather: the first bad index in row-major order wins, through a transposed index view', () => {
        // index.t() walks [[9, 0], [-4, 1], [0, 1]]: row-major, 9 comes first.
        expectRefused((d) => m(d).t().gather(1, idx([[9, -4, 0], [0, 1, 1]], d).t()));
      });

      it('gather: a bad index in a later chunk of a long index (> 4096)', () => {
        const values = Array.from({ length: 3 * 4096 }, (_, i) => (i === 9000 ? 5 : i === 11000 ? 8 : i % 3));
        expectRefused((d) => tensor([1, 2, 3], { device: d }).gather(0, idx(values, d)));
      });

      it('gather: negative indices are refused, as PyTorch does', () => {
        const transfers = b.transfers;
        const { at, error } = refusal(b, () => m('gpujs').gather(1, idx([[0, -1], [1, 1]], 'gpujs')), unrelated);
        expect(error.message).toBe('index -1 is out of bounds for dimension 1 with size 3');
        expect(at).toBe(timing === 'immediate' ? 'op' : 'read');
        expect(b.transfers).toBe(transfers);
      });

      it('scatterAdd: an index past the end, with the CPU text', () => {
        const error = expectRefused((d) => zeros([2, 3], { device: d }).scatterAdd(1, idx([[0, 5], [1, 1]], d), m(d)));
        expect(error.message).toBe('index 5 is out of bounds for dimension 1 with size 3');
      });

      it('indexSelect (an embedding lookup): a row past the end', () => {
        const table = (d: string): Tensor => tensor([[1, 1], [2, 2], [3, 3]], { device: d });
        const error = expectRefused((d) => table(d).indexSelect(0, idx([0, 2, 3], d)));
        expect(error.message).toBe('index 3 is out of bounds for dimension 0 with size 3');
      });

      it('crossEntropy: a target past the last class is refused, not turned into a loss', () => {
        const logits = tensor([[1, 2, 3], [1, 0, 0]], { device: 'gpujs' });
        // The loss's own item() is the read, so both timings throw from it. The
        // CPU says `Target 3 is out of bounds.` from core's host-side check;
        // here the gather inside the loss refuses it.
        const { error } = refusal(b, () => crossEntropy(logits, idx([0, 3], 'gpujs')).item(), unrelated);
        expect(error.message).toBe('index 3 is out of bounds for dimension 1 with size 3');
      });

      it('two bad ops before a read: the first is reported, once', () => {
        const { error } = refusal(
          b,
          () => {
            m('gpujs').gather(1, idx([[0, 4], [1, 1]], 'gpujs'));
            m('gpujs').gather(1, idx([[0, 6], [1, 1]], 'gpujs'));
          },
          unrelated,
        );
        expect(error.message).toBe('index 4 is out of bounds for dimension 1 with size 3');
        expect(unrelated()).toBe(7);
      });

      it('good indices: right values, and in deferred timing no check read until a value is read', () => {
        const reads = b.stats().checkReads;
        const transfers = b.transfers;
        const g = m('gpujs').gather(1, idx([[2, 0], [1, 1]], 'gpujs'));
        const s = zeros([2, 3], { device: 'gpujs' }).scatterAdd(1, idx([[0, 0], [2, 1]], 'gpujs'), m('gpujs'));
        const scalar = tensor(5, { device: 'gpujs' }).gather(0, idx([0, 0], 'gpujs'));
        expect(b.stats().checkReads - reads).toBe(timing === 'immediate' ? 3 : 0);
        expect(b.transfers).toBe(transfers);
        expect(g.tolist()).toEqual([[3, 1], [5, 5]]);
        // row 0: 1 + 2 into column 0; row 1: 4 into column 2, 5 into column 1
        expect(s.tolist()).toEqual([[3, 0, 0], [0, 5, 4]]);
        expect(scalar.tolist()).toEqual([5, 5]);
        // one check read covers all three ops in deferred timing
        expect(b.stats().checkReads - reads).toBe(timing === 'immediate' ? 3 : 1);
      });

      it('backward through gather checks the same way (its scatterAdd indices are the forward ones)', () => {
        const x = tensor([[1, 2, 3], [4, 5, 6]], { device: 'gpujs', requiresGrad: true });
        const y = x.gather(1, idx([[2, 2], [0, 1]], 'gpujs'));
        y.sum().backward();
        // d/dx Σ gather = how often each element was picked
        expect(x.grad!.tolist()).toEqual([[0, 0, 2], [1, 1, 0]]);
      });
    });
  }
}
