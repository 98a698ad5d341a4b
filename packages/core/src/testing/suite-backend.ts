import { afterAll, beforeAll } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { getBackend, listBackends, registerBackend, setBackend } from '../backend/registry.js';

/** Inside a describe block: the backend under test is registered and the default for the block, and the previous default comes back after. */
export function useBackendInSuite(backend: Backend): void {
  let previous: string | null = null;
  beforeAll(() => {
    previous = getBackend();
    registerBackend(backend);
    setBackend(backend.name);
  });
  afterAll(() => {
    if (previous !== null && listBackends().includes(previous)) setBackend(previous);
  });
}
