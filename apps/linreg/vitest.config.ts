import { gradProject } from '@grad/vitest-config';

export default gradProject({ name: 'linreg', testTimeout: 60_000 });
