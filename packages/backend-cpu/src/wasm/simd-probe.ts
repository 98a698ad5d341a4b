/**
 * Whether this engine runs WebAssembly SIMD: `WebAssembly.validate` of a
 * tiny module whose one function uses a v128 value (`i32x4.splat`). Engines
 * without WebAssembly at all, or without the SIMD proposal (Safari before
 * 16.4, old Node), answer false and the backend keeps its TypeScript loops.
 */
import { I32, ModuleBuilder } from './emitter.js';

let supported: boolean | null = null;

export function simdSupported(): boolean {
  if (supported === null) {
    try {
      const m = new ModuleBuilder();
      m.func('probe', [I32], [], (c, x) => void c.get(x).simd('i32x4.splat').drop());
      supported = typeof WebAssembly === 'object' && WebAssembly.validate(m.encode());
    } catch {
      supported = false;
    }
  }
  return supported;
}
