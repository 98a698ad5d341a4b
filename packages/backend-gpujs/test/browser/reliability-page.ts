// The page script of the browser reliability test: the NaN/±∞ cases and a
// deferred index check, on gpu.js in the browser's own mode (webgl2 under
// headless Chromium, ANGLE on SwiftShader: a GLSL compiler other than Mesa's).
import { registerBackend, tensor } from '@grad/core';
import { gpujs } from '../../src/index.js';
import { runCases } from '../nan-inf-cases.js';

export interface ReliabilityReport {
  mode: string;
  indexChecks: string;
  fallbacks: number;
  values: Record<string, unknown>;
  /** Where the out-of-range gather threw ('op' or 'read'), its message and cause, and a read afterwards. */
  gather: { at: string; message: string; cause: string; transfersBefore: number; transfersAfter: number; readAfter: number };
}

(globalThis as { runReliabilityPage?: (mode: string) => ReliabilityReport }).runReliabilityPage = (mode: string): ReliabilityReport => {
  const backend = gpujs({ mode: mode as 'webgl2' });
  registerBackend(backend);
  const values = runCases('gpujs');
  const gather = { at: 'none', message: '', cause: '', transfersBefore: backend.transfers, transfersAfter: 0, readAfter: 0 };
  const x = tensor([[1, 2, 3], [4, 5, 6]], { device: 'gpujs' });
  let stage = 'op';
  try {
    x.gather(1, tensor([[0, 3], [1, 1]], { dtype: 'int32', device: 'gpujs' }));
    stage = 'read';
    gather.transfersAfter = backend.transfers;
    tensor([7], { device: 'gpujs' }).item();
  } catch (e) {
    gather.at = stage;
    gather.message = (e as Error).message;
    gather.cause = String((e as Error).cause);
  }
  gather.readAfter = tensor([7], { device: 'gpujs' }).item();
  const report = { mode: backend.mode, indexChecks: backend.indexChecks, fallbacks: backend.stats().fallbacks, values, gather };
  backend.destroy();
  return report;
};
