import { describe, it } from 'vitest';
import { runConformance } from '@grad/core/testing';
import { gpujs } from '../src/index.js';
import { modeRuns, NODE_MODES, skipNote } from './modes.js';

// The whole conformance suite of @grad/core/testing, once per gpu.js mode
// this machine has (float32 on the device, so no second-order float64 checks).
for (const mode of NODE_MODES) {
  if (modeRuns(mode)) {
    runConformance({ backend: () => gpujs({ mode }), label: `gpujs (${mode})` });
  } else {
    describe(`conformance gpujs (${mode})${skipNote(mode)}`, () => {
      it.skip('needs the mode', () => {});
    });
  }
}
