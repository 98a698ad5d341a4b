// Second derivatives on gpu.js. The backend packages run the conformance suite
// with second-order checks only where the device holds float64 (the cpu
// backend); gpu.js holds float32, so its own suite skips them. The support
// matrix still wants the answer, so this runs the suite's second-order
// checks on each gpu.js mode with float32 finite differences (its looser
// tolerances) — a result for the matrix, not a gate in `pnpm test`.
import { describe, it } from 'vitest';
import { runConformance } from '@grad/core/testing';
import { gpujs, isModeAvailable } from '@grad/backend-gpujs';

for (const mode of ['cpu', 'webasm', 'headlessgl'] as const) {
  if (isModeAvailable(mode)) {
    runConformance({ backend: () => gpujs({ mode }), label: `gpujs (${mode})`, secondOrder: true });
  } else {
    describe(`gpujs (${mode})`, () => it.skip('mode unavailable here', () => {}));
  }
}
