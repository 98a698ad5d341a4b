import { runApiFuzz } from '@grad/core/testing';
import { gpujs } from '../src/index.js';

/**
 * API fuzzing on gpu.js (`@grad/core/testing`'s runApiFuzz): random calls of
 * every op, often with invalid arguments, must return well-formed results or
 * throw clear errors here too. Fewer cases than on the CPU: each new shape
 * compiles a kernel. The `cpu` mode runs the same kernel code paths (the
 * checks and dispatch are mode-independent) fastest.
 */
runApiFuzz({ backend: () => gpujs({ mode: 'cpu' }), label: 'gpujs (cpu)', cases: Number(process.env['GRAD_FUZZ_CASES_GPUJS'] ?? 2000), seed: 20261202 });
