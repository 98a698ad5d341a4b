import { GPU } from 'gpu.js';

/**
 * The gpu.js modes this backend can run on. `gpu` lets gpu.js pick the best
 * GL backend it finds (headlessgl → webgl2 → webgl → webasm); the others pin
 * one. `webgpu` is left out on purpose: its kernels only return Promises, and
 * the `Backend` contract is synchronous.
 */
export type GpujsMode = 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/** The modes a user may ask for, in the order auto-detection tries them. */
export const GPUJS_MODES: readonly GpujsMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu', 'gpu'];

/** The mode that actually runs kernels (never the umbrella `gpu`). */
export type ResolvedMode = Exclude<GpujsMode, 'gpu'>;

/** Whether a mode keeps data in GL textures (and so reads back through the GPU). */
export function isGlMode(mode: ResolvedMode): boolean {
  return mode === 'headlessgl' || mode === 'webgl2' || mode === 'webgl';
}

/** Reads `GRAD_GPUJS_MODE` where a `process` exists; a browser has none, and must not crash on it. */
function envMode(): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.['GRAD_GPUJS_MODE'];
  return value === undefined || value === '' ? undefined : value;
}

/** Whether gpu.js can run `mode` here (no GPU is created to find out). */
export function isModeAvailable(mode: GpujsMode): boolean {
  switch (mode) {
    case 'headlessgl':
      return GPU.isHeadlessGLSupported;
    case 'webgl2':
      return GPU.isWebGL2Supported;
    case 'webgl':
      return GPU.isWebGLSupported;
    case 'webasm':
      return GPU.isWebAssemblySupported;
    case 'cpu':
      return true;
    case 'gpu':
      return GPU.isGPUSupported;
  }
}

const hints: Record<GpujsMode, string> = {
  headlessgl:
    "it needs the optional native 'gl' module built (Debian: apt-get install libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++; then, in this repository, `pnpm setup:gl`, elsewhere `npm rebuild gl`) and a display (`xvfb-run -a` on a machine without one)",
  webgl2: 'it needs a browser with WebGL 2',
  webgl: 'it needs a browser with WebGL',
  webasm: 'it needs WebAssembly',
  cpu: 'it should always work',
  gpu: 'no GL or WebAssembly backend was found',
};

/**
 * Why `mode` cannot run here and what it needs, in words for a user.
 *
 * ```ts
 * if (!isModeAvailable('headlessgl')) console.warn(whyUnavailable('headlessgl'));
 * ```
 */
export function whyUnavailable(mode: GpujsMode): string {
  return `gpu.js mode '${mode}' is not available here: ${hints[mode]}`;
}

/**
 * The mode to run: the option, else `GRAD_GPUJS_MODE`, else the first mode
 * of {@link GPUJS_MODES} that works here. An unknown or unavailable mode that
 * was asked for throws, naming what it needs: silently running somewhere else
 * would hide the very thing the user chose.
 */
export function chooseMode(requested?: string): GpujsMode {
  const asked = requested ?? envMode();
  if (asked === undefined) return GPUJS_MODES.find(isModeAvailable) ?? 'cpu';
  if (!(GPUJS_MODES as readonly string[]).includes(asked)) {
    throw new Error(`gpujs backend: unknown mode '${asked}'; expected one of ${GPUJS_MODES.join(', ')}`);
  }
  const mode = asked as GpujsMode;
  if (!isModeAvailable(mode)) {
    throw new Error(`gpujs backend: ${whyUnavailable(mode)}`);
  }
  return mode;
}
