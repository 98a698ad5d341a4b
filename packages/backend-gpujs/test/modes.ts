import { isModeAvailable, type GpujsMode } from '../src/index.js';

/**
 * The modes the tests run in Node. A mode absent on this machine skips with a
 * reason, except under CI=true, where webasm, cpu and headlessgl must run
 * (CI installs the native `gl` module's build deps and runs under xvfb-run).
 */
export const NODE_MODES = ['cpu', 'webasm', 'headlessgl'] as const satisfies readonly GpujsMode[];

const required = process.env['CI'] === 'true';

/** Whether to run a mode's tests here; throws under CI when a required mode is missing. */
export function modeRuns(mode: GpujsMode): boolean {
  const ok = isModeAvailable(mode);
  if (!ok && required) {
    throw new Error(
      `CI=true but gpu.js mode '${mode}' is unavailable: build the optional 'gl' module (apt: libxi-dev libglu1-mesa-dev libglew-dev pkg-config) and run the tests under xvfb-run -a`,
    );
  }
  return ok;
}

/** The skip reason printed in a describe's title. */
export function skipNote(mode: GpujsMode): string {
  if (mode === 'headlessgl') return " (skipped here: needs the native 'gl' module and a display; run under xvfb-run -a)";
  return ' (skipped here: unavailable)';
}
