/**
 * `@grad/backend-gpujs`: grad's tensors and gradients on gpu.js (WebGL,
 * headless GL, WebAssembly or plain JavaScript).
 *
 * ```ts
 * import { registerBackend } from '@grad/core';
 * import { gpujs } from '@grad/backend-gpujs';
 * registerBackend(gpujs());   // or: await useBackend('gpujs'), or GRAD_BACKEND=gpujs
 * ```
 */
export { gpujs } from './backend.js';
export type { GpujsBackend, GpujsOptions } from './backend.js';
export type { IndexCheckTiming } from './checks.js';
export type { DeviceStats } from './device.js';
export { GPUJS_MODES, isModeAvailable, whyUnavailable } from './mode.js';
export type { GpujsMode, ResolvedMode } from './mode.js';
export { GPUJS_DTYPES } from './storage.js';
