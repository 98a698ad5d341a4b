import { expect, it } from 'vitest';
import { memory, registerBackend } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs } from '../src/index.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';
import { program, regression } from './program.js';

// The same tensor program, forward and backward, on the CPU backend and on
// gpu.js in each mode: values and gradients agree to float32 tolerance.
registerBackend(cpu());
const reference = program('cpu');

for (const mode of NODE_MODES) {
  describeWhere(`cpu and gpujs (${mode}) agree`, modeRequirement(mode), () => {
    it('on a program touching every kernel, values and gradients', () => {
      const backend = gpujs({ mode });
      registerBackend(backend);
      const got = program('gpujs');
      for (const key of Object.keys(reference)) {
        expect(got[key], key).toBeAllClose(reference[key], { rtol: 1e-4, atol: 1e-5 });
      }
      expect(backend.stats().fallbacks).toBe(0);
      backend.destroy();
    });

    it('a training loop reads back only the loss it prints, and holds device memory flat', () => {
      const backend = gpujs({ mode });
      registerBackend(backend);
      const transfers: number[] = [];
      const tensors: number[] = [];
      const got = regression('gpujs', 60, () => {
        transfers.push(backend.transfers);
        tensors.push(memory()['gpujs']?.tensors ?? -1);
      });
      // one read per step: the loss
      expect(transfers.slice(1).map((t, i) => t - transfers[i]!)).toEqual(new Array(59).fill(1));
      expect(new Set(tensors.slice(5)).size).toBe(1);
      registerBackend(cpu());
      const want = regression('cpu', 60);
      expect(got['w']).toBeAllClose(want['w'], { rtol: 1e-4, atol: 1e-5 });
      expect(got['b']).toBeAllClose(want['b'], { rtol: 1e-4, atol: 1e-5 });
      expect(got['loss']).toBeAllClose(want['loss'], { rtol: 1e-3, atol: 1e-6 });
      backend.destroy();
    });
  });
}
