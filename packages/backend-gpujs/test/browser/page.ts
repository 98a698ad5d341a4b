// The page script of the browser test, bundled by esbuild: the cross-backend
// program on @grad/backend-cpu and on gpu.js in the browser's own mode
// (webgl2 under headless Chromium), results handed back to the test.
import { registerBackend } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs } from '../../src/index.js';
import { program, regression, type Results } from '../program.js';

export interface PageReport {
  mode: string;
  fallbacks: number;
  transfersPerStep: number[];
  cpu: Results;
  gpujs: Results;
  cpuRegression: Results;
  gpujsRegression: Results;
}

(globalThis as { runGradPage?: (mode: string) => PageReport }).runGradPage = (mode: string): PageReport => {
  registerBackend(cpu());
  const reference = program('cpu');
  const cpuRegression = regression('cpu', 40);
  const backend = gpujs({ mode: mode as 'webgl2' });
  registerBackend(backend);
  const result = program('gpujs');
  const transfers: number[] = [];
  const gpujsRegression = regression('gpujs', 40, () => transfers.push(backend.transfers));
  return {
    mode: backend.mode,
    fallbacks: backend.stats().fallbacks,
    transfersPerStep: transfers.slice(1).map((t, i) => t - transfers[i]!),
    cpu: reference,
    gpujs: result,
    cpuRegression,
    gpujsRegression,
  };
};
