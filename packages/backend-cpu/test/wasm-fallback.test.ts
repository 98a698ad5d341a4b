import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StridedView } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

// Where WebAssembly validates but may not compile (a Content-Security-Policy
// without 'wasm-unsafe-eval'), the backend computes with its TypeScript loops.

describe('WebAssembly that cannot compile', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to TypeScript for matmul, elementwise ops and reductions, with the same results', () => {
    const RealWasm = WebAssembly;
    let refused = 0;
    vi.stubGlobal('WebAssembly', {
      // (The namespace's members are not enumerable: listed one by one.)
      validate: RealWasm.validate,
      Memory: RealWasm.Memory,
      Instance: RealWasm.Instance,
      CompileError: RealWasm.CompileError,
      Module: function Module() {
        refused++;
        throw new RealWasm.CompileError('WebAssembly.Module(): Refused to compile or instantiate WebAssembly module');
      },
    });
    const be = cpu({ threads: 1 });
    const n = 64;
    const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) - 6);
    const a: StridedView = { storage: be.fromArray(data, 'float32'), shape: [1, n, n], strides: [0, n, 1], offset: 0 };
    const c = be.read(be.kernels.matmul(a, a));
    // C[0][0] = Σ_k A[0][k]·A[k][0], exact in float32 for these small integers.
    let c00 = 0;
    for (let k = 0; k < n; k++) c00 += data[k]! * data[k * n]!;
    expect(c[0]).toBe(c00);
    const flat: StridedView = { storage: a.storage, shape: [n * n], strides: [1], offset: 0 };
    const t = be.read(be.kernels.unary('tanh', flat));
    expect(t[5]).toBe(Math.fround(Math.tanh(data[5]!)));
    const s = be.read(be.kernels.reduce('sum', flat, [0]));
    expect(s[0]).toBe(data.reduce((p, q) => p + q, 0));
    // The backend did try WebAssembly (once: the refusal is remembered).
    expect(refused).toBe(1);
  });
});
