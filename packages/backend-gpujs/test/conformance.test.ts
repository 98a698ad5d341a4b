import { runConformance } from '@grad/core/testing';
import { describeWhere } from '@grad/vitest-config/requirements';
import { gpujs } from '../src/index.js';
import { modeRequirement, NODE_MODES } from './modes.js';

// The whole conformance suite of @grad/core/testing, once per gpu.js mode
// this machine has (float32 on the device, so no second-order float64 checks).
for (const mode of NODE_MODES) {
  const requirement = modeRequirement(mode);
  if (requirement.available) {
    runConformance({ backend: () => gpujs({ mode }), label: `gpujs (${mode})` });
  } else {
    describeWhere(`conformance gpujs (${mode})`, requirement, () => {});
  }
}
