import type { UserWorkspaceConfig } from 'vitest/config';
export declare function gradProject(options: {
  name: string;
  setupFiles?: string[];
  testTimeout?: number;
  environment?: string;
  include?: string[];
}): UserWorkspaceConfig;
