import { afterEach, describe, expect, it, vi } from 'vitest';
import { GPUJS_DTYPES, gpujs, isModeAvailable } from '../src/index.js';
import { view } from './views.js';

describe('gpujs limits and mode selection', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('holds float32, int32 and bool, and refuses float64 naming the dtype and the backend', () => {
    const b = gpujs({ mode: 'cpu' });
    expect(GPUJS_DTYPES).toEqual(['float32', 'int32', 'bool']);
    expect(b.dtypes).not.toContain('float64');
    expect(() => b.fromArray(new Float64Array([1]), 'float64')).toThrow(/gpujs backend \(cpu\) cannot hold float64 tensors/);
    expect(() => b.full(2, 1, 'float64')).toThrow(/float64/);
    const x = view(b.fromArray(Float32Array.from([1]), 'float32'), [1]);
    expect(() => b.kernels.cast(x, 'float64')).toThrow(/cannot hold float64/);
  });

  it('refuses a tensor past its index limit with the size and the limit, never a wrong answer', () => {
    const b = gpujs({ mode: 'cpu' });
    expect(b.maxElements).toBe(2 ** 24);
    expect(() => b.full(2 ** 24 + 1, 0, 'float32')).toThrow(/16777217 elements is too large: the limit is 16777216/);
    const x = view(b.full(1, 0, 'float32'), [2 ** 12, 2 ** 13], [0, 0]);
    expect(() => b.kernels.contiguous(x)).toThrow(/33554432 elements/);
  });

  it('takes the mode from the option, else GRAD_GPUJS_MODE, else detects one', () => {
    expect(gpujs({ mode: 'cpu' }).mode).toBe('cpu');
    vi.stubEnv('GRAD_GPUJS_MODE', 'cpu');
    expect(gpujs().mode).toBe('cpu');
    expect(gpujs({ mode: 'webasm' }).mode).toBe('webasm');
    vi.stubEnv('GRAD_GPUJS_MODE', '');
    const auto = gpujs();
    expect(['headlessgl', 'webasm']).toContain(auto.mode);
    expect(auto.name).toBe('gpujs');
  });

  it('explains an unknown or unavailable mode', () => {
    expect(() => gpujs({ mode: 'vulkan' as never })).toThrow(/unknown mode 'vulkan'/);
    // webgl2 is a browser mode: never available in Node
    expect(isModeAvailable('webgl2')).toBe(false);
    expect(() => gpujs({ mode: 'webgl2' })).toThrow(/mode 'webgl2' is not available here: it needs a browser with WebGL 2/);
  });

  it('counts a compiled kernel once per signature, whatever the shape', () => {
    const b = gpujs({ mode: 'webasm' });
    const run = (n: number): void => {
      const s = b.fromArray(new Float32Array(n).fill(1), 'float32');
      b.read(b.kernels.unary('exp', view(s, [n])));
    };
    run(3);
    const compiled = b.stats().compiled;
    run(7);
    run(1000);
    expect(b.stats().compiled).toBe(compiled);
  });
});
