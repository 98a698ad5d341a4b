import 'vitest';

interface AllCloseMatchers<R = unknown> {
  /** Elementwise |actual - expected| <= atol + rtol·|expected| (torch.allclose). */
  toBeAllClose(expected: unknown, options?: { rtol?: number; atol?: number }): R;
}

declare module 'vitest' {
  interface Assertion<T = any> extends AllCloseMatchers<T> {}
  interface AsymmetricMatchersContaining extends AllCloseMatchers {}
}
