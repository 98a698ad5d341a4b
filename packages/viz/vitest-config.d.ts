// @grad/vitest-config is plain JavaScript without declarations; this shim
// lets `tsc` check vitest.config.ts. Remove it once tooling/vitest-config
// ships an index.d.ts.
declare module '@grad/vitest-config' {
  export function gradProject(options: { name: string; setupFiles?: string[]; testTimeout?: number; environment?: string; include?: string[] }): import('vitest/config').UserWorkspaceConfig;
}
