import { gradProject } from '@grad/vitest-config';

export default gradProject({ name: 'pytorch-oracle', setupFiles: ['./test/setup-backend.ts'], testTimeout: 120_000 });
