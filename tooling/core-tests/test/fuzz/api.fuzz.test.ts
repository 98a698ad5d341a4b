import { runApiFuzz } from '@grad/core/testing';
import { cpu } from '@grad/backend-cpu';

/**
 * API fuzzing of core on the CPU backend (`@grad/core/testing`'s runApiFuzz):
 * 3,000 random method calls and 3,000 function calls in `pnpm test`;
 * `pnpm bench` here runs 50,000 of each (GRAD_FUZZ_CASES).
 */
runApiFuzz({ backend: () => cpu({ threads: 1 }), cases: Number(process.env['GRAD_FUZZ_CASES'] ?? 3000), seed: 20261165 });
