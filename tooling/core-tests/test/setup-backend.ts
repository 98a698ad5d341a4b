import { registerBackend, listBackends } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

// Core's own tests run on the CPU backend (a dev dependency; core itself imports no backend).
if (!listBackends().includes('cpu')) registerBackend(cpu());
