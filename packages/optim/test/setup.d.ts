// The shared matchers' types (toBeAllClose); vitest loads the matchers themselves.
import '@grad/vitest-config/matchers';
