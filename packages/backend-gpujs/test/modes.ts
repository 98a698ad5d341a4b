import { isModeAvailable, type GpujsMode } from '../src/index.js';

/**
 * The modes the tests run in Node. A mode absent on this machine skips with
 * its reason printed in the summary, except under CI=true, where webasm, cpu
 * and headlessgl must run (CI installs the native `gl` module's build
 * dependencies, runs `pnpm setup:gl`, and runs the tests under xvfb-run).
 */
export const NODE_MODES = ['cpu', 'webasm', 'headlessgl'] as const satisfies readonly GpujsMode[];

const needs: Partial<Record<GpujsMode, string>> = {
  headlessgl:
    "it needs the native 'gl' module (Debian: apt-get install libxi-dev libglu1-mesa-dev libglew-dev pkg-config, then pnpm setup:gl) and a display (apt-get install xvfb xauth; pnpm test runs under xvfb-run when it is there)",
};

/** Whether a mode's tests can run here, and if not, why, for `describeWhere`. */
export function modeRequirement(mode: GpujsMode): { available: boolean; reason: string } {
  return {
    available: isModeAvailable(mode),
    reason: `gpu.js mode '${mode}' is unavailable here: ${needs[mode] ?? 'gpu.js cannot run it on this machine'}`,
  };
}
