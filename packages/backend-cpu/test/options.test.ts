import { describe, expect, it } from 'vitest';
import { cpu } from '../src/index.js';

/** cpu()'s options are checked: a misspelt key is refused with the known ones, never ignored. */
describe('cpu() options', () => {
  it('refuses an unknown key, suggesting the close one', () => {
    expect(() => cpu({ thread: 2 } as never)).toThrow("cpu() got an unexpected option 'thread'; did you mean 'threads'? (its options: simd, threads)");
  });
  it('refuses a simd value it does not know', () => {
    expect(() => cpu({ simd: 'yes' as never })).toThrow(`cpu backend: simd must be true, false or 'always', got "yes"`);
  });
  it('takes the known ones', () => {
    expect(cpu({ simd: false, threads: 1 }).name).toBe('cpu');
  });
});
