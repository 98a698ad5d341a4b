import { registerBackend, listBackends } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

// The oracle checks grad on the CPU backend: the reference every other backend is held to.
if (!listBackends().includes('cpu')) registerBackend(cpu());
