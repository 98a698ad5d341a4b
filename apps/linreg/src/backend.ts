import { registerBackend, useBackend } from '@grad/core';
import type { BackendName } from './args.js';

/** What ran: the backend's name, and for gpu.js the mode it picked. */
export interface BackendInfo {
  name: BackendName;
  /** gpu.js mode (`webasm`, `cpu`, `headlessgl`…), absent on the cpu backend. */
  mode?: string;
  /** A label for humans: `cpu`, `gpujs (webasm)`. */
  label: string;
  /** Something the user should hear once, before training (e.g. a faster mode that is missing and how to get it). */
  notice?: string;
}

/**
 * Makes `name` the default backend.
 *
 * The app imports the backend package itself and registers it before calling
 * core's `useBackend`: `useBackend` alone resolves `@grad/backend-<name>` from
 * the working directory, which is wrong when the CLI runs from elsewhere
 * (`node apps/linreg/dist/cli.js` from the repository root, `--out` in /tmp…).
 * Registered first, `useBackend` just selects it.
 */
export async function selectBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'gpujs') {
    const { gpujs, isModeAvailable, whyUnavailable } = await import('@grad/backend-gpujs');
    const backend = gpujs();
    registerBackend(backend);
    await useBackend('gpujs');
    // In Node the GL path is headlessgl; without it gpu.js falls back to
    // WebAssembly or plain JavaScript, which a user asking for "gpujs" should know.
    const notice = isModeAvailable('headlessgl')
      ? undefined
      : `note: running gpu.js in its '${backend.mode}' mode. ${whyUnavailable('headlessgl')}.`;
    return { name, mode: backend.mode, label: `gpujs (${backend.mode})`, ...(notice ? { notice } : {}) };
  }
  const { cpu } = await import('@grad/backend-cpu');
  registerBackend(cpu());
  await useBackend('cpu');
  return { name, label: 'cpu' };
}
