import { describe, expect, it } from 'vitest';
import { gpujs } from '../src/index.js';

/** gpujs()'s options are checked: a misspelt key is refused with the known ones, never ignored. */
describe('gpujs() options', () => {
  it('refuses an unknown key, suggesting the close one', () => {
    expect(() => gpujs({ mdoe: 'cpu' } as never)).toThrow("gpujs() got an unexpected option 'mdoe'; did you mean 'mode'? (its options: mode, indexChecks)");
  });
  it('refuses an indexChecks value it does not know', () => {
    expect(() => gpujs({ mode: 'cpu', indexChecks: 'later' as never })).toThrow(`gpujs backend: indexChecks must be 'immediate' or 'deferred', got "later"`);
  });
  it('takes the known ones', () => {
    expect(gpujs({ mode: 'cpu', indexChecks: 'immediate' }).mode).toBe('cpu');
  });
});
