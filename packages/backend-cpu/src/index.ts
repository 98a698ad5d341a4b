/**
 * @grad/backend-cpu — the CPU backend of grad, on typed arrays.
 *
 * ```ts
 * import { registerBackend, tensor } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * registerBackend(cpu());
 * tensor([1, 2, 3]).mul(2); // tensor([2., 4., 6.])
 * ```
 *
 * @packageDocumentation
 */
export { cpu, type CpuOptions } from './cpu-backend.js';
export type { CpuStorage } from './storage.js';
