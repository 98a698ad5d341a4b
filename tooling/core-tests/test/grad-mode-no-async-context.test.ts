/**
 * Grad mode on a platform without AsyncLocalStorage (a browser): simulated by
 * hiding `process.getBuiltinModule` before any async callback is seen (each
 * test file gets its own copy of core's modules). An async callback is
 * refused before it runs, with an error saying what to do; synchronous
 * callbacks work as everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import './setup-backend.js';
import { enableGrad, inferenceMode, isGradEnabled, noGrad, setGradEnabled, tensor } from '@grad/core';

const proc = process as { getBuiltinModule?: unknown };
const original = proc.getBuiltinModule;
beforeAll(() => {
  proc.getBuiltinModule = undefined;
});
afterAll(() => {
  proc.getBuiltinModule = original;
  setGradEnabled(true);
});

describe('without AsyncLocalStorage', () => {
  it('noGrad / enableGrad / inferenceMode refuse an async callback before running it', () => {
    let ran = 0;
    const body = async (): Promise<void> => {
      ran++;
      await Promise.resolve();
    };
    expect(() => noGrad(body)).toThrow(TypeError);
    expect(() => noGrad(body)).toThrow(
      "noGrad() got an async callback, but this platform has no AsyncLocalStorage, so grad mode cannot follow it across its awaits",
    );
    expect(() => enableGrad(body)).toThrow(/^enableGrad\(\) got an async callback/);
    expect(() => inferenceMode(body)).toThrow(/^inferenceMode\(\) got an async callback/);
    expect(() => noGrad.wrap(body)()).toThrow(/Call noGrad\(\) around the synchronous tensor code/);
    expect(ran).toBe(0);
    expect(isGradEnabled()).toBe(true);
  });

  it('synchronous callbacks inside an async function work, which is what the error advises', async () => {
    const x = tensor([1], { requiresGrad: true });
    await Promise.resolve();
    const y = noGrad(() => x.mul(2));
    await Promise.resolve();
    expect(y.requiresGrad).toBe(false);
    expect(x.mul(2).requiresGrad).toBe(true);
    expect(isGradEnabled()).toBe(true);
  });
});
