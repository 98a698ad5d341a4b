import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs } from '../src/index.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';
import { cases } from './nan-inf-cases.js';
import { expectSame } from './expect-same.js';

// NaN and ±∞ through every kernel family, in each gpu.js mode, against what
// PyTorch 1.13 prints (the cases and their values: nan-inf-cases.ts), and
// against the CPU backend where the CPU backend agrees with PyTorch. GLSL
// promises nothing for NaN (max, pow, comparisons may be folded), so this is
// where a GL kernel would lie.

registerBackend(cpu());

describe('the CPU backend agrees with PyTorch (the reference below)', () => {
  for (const c of cases.filter((c) => !c.cpuDiffers)) {
    it(c.name, () => expectSame(c.run((v) => tensor(v, { device: 'cpu' })).tolist(), c.expected, c.name));
  }
});

for (const mode of NODE_MODES) {
  describeWhere(`NaN and ±∞ on gpujs (${mode}) as in PyTorch`, modeRequirement(mode), () => {
    const backend = gpujs({ mode });
    beforeAll(() => registerBackend(backend));
    afterAll(() => {
      expect(backend.stats().fallbacks).toBe(0);
      backend.destroy();
    });
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const expected = mode === 'cpu' && 'float64Modes' in c ? c.float64Modes : c.expected;
      expectSame(c.run((v) => tensor(v, { device: 'gpujs' })).tolist(), expected, c.name);
    });
  });
}
