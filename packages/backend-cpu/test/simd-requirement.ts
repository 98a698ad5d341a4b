import { simdSupported } from '../src/wasm/simd-probe.js';

/**
 * The WebAssembly SIMD kernels' tests need an engine with SIMD (every Node
 * since 16, every current browser). Without it they skip with this reason,
 * except under CI=true, where they fail.
 */
export const simdRequirement = {
  available: simdSupported(),
  reason: 'this JavaScript engine has no WebAssembly SIMD: the backend runs its plain TypeScript kernels (tested by the plain-path conformance run)',
};
