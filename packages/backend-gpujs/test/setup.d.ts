// The workspace's toBeAllClose matcher (registered by the shared vitest config) for the type checker.
import '@grad/vitest-config/matchers';
