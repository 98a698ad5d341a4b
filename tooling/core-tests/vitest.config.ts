import { gradProject } from '@grad/vitest-config';

export default gradProject({ name: 'core-tests' });
