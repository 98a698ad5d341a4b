/**
 * Grad mode: whether ops record the graph. noGrad / enableGrad /
 * setGradEnabled / inferenceMode, their nesting and restoring after errors.
 * Async callbacks (the mode across `await`) are in grad-mode-async.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import './setup-backend.js';
import { enableGrad, inferenceMode, isGradEnabled, noGrad, ones, setGradEnabled, tensor, Tensor } from '@grad/core';

afterEach(() => {
  setGradEnabled(true);
});

describe('noGrad', () => {
  it('results have requiresGrad false and no gradFn; the value is returned', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2).add(1));
    expect(y.tolist()).toEqual([3, 5]);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.isLeaf).toBe(true);
    // the leaf itself is unchanged
    expect(x.requiresGrad).toBe(true);
    expect(noGrad(() => 42)).toBe(42);
  });

  it('isGradEnabled is false inside and true again after', () => {
    expect(isGradEnabled()).toBe(true);
    const inside = noGrad(() => isGradEnabled());
    expect(inside).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('noGrad.wrap makes a function that always runs without recording', () => {
    const w = tensor([2, 3], { requiresGrad: true });
    const predict = noGrad.wrap((x: Tensor, b: number) => x.mul(w).add(b));
    const y = predict(tensor([1, 1]), 10);
    expect(y.tolist()).toEqual([12, 13]);
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    // the same computation outside is recorded
    expect(tensor([1, 1]).mul(w).requiresGrad).toBe(true);
  });

  it('enableGrad inside noGrad records again', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const [a, b, c] = noGrad(() => {
      const a = x.mul(2);
      const b = enableGrad(() => x.mul(3));
      const c = x.mul(4);
      return [a, b, c] as const;
    });
    expect(a.requiresGrad).toBe(false);
    expect(b.requiresGrad).toBe(true);
    expect(b.gradFn!.name).toBe('MulBackward0');
    expect(c.requiresGrad).toBe(false);
    b.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
    const wrapped = noGrad(() => enableGrad.wrap(() => isGradEnabled())());
    expect(wrapped).toBe(true);
  });

  it('setGradEnabled turns recording off until turned back on', () => {
    const x = tensor([1], { requiresGrad: true });
    setGradEnabled(false);
    expect(isGradEnabled()).toBe(false);
    expect(x.mul(2).requiresGrad).toBe(false);
    // noGrad inside restores the (off) mode it found
    noGrad(() => {});
    expect(isGradEnabled()).toBe(false);
    // enableGrad turns it on only for its call
    expect(enableGrad(() => x.mul(2).requiresGrad)).toBe(true);
    expect(isGradEnabled()).toBe(false);
    setGradEnabled(true);
    expect(x.mul(2).requiresGrad).toBe(true);
  });
});

describe('nesting and errors', () => {
  it('nested modes restore in order', () => {
    const trace: boolean[] = [];
    noGrad(() => {
      trace.push(isGradEnabled());
      enableGrad(() => {
        trace.push(isGradEnabled());
        noGrad(() => trace.push(isGradEnabled()));
        trace.push(isGradEnabled());
      });
      trace.push(isGradEnabled());
    });
    trace.push(isGradEnabled());
    expect(trace).toEqual([false, true, false, true, false, true]);
  });

  it('a throwing fn still restores the mode, at every level', () => {
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    const afterInner = noGrad(() => {
      try {
        enableGrad(() => {
          throw new Error('inner');
        });
      } catch {
        // swallowed
      }
      return isGradEnabled();
    });
    expect(afterInner).toBe(false);
    expect(isGradEnabled()).toBe(true);
    const wrapped = noGrad.wrap(() => {
      throw new RangeError('wrapped');
    });
    expect(wrapped).toThrow(RangeError);
    expect(isGradEnabled()).toBe(true);
  });
});

describe('inferenceMode', () => {
  it('results do not require grad and record nothing', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = inferenceMode(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.tolist()).toEqual([2, 4]);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(isGradEnabled()).toBe(true);
  });

  it('setting requiresGrad on an inference tensor throws, afterwards too', () => {
    const t = inferenceMode(() => ones(2));
    const msg = 'Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.';
    expect(() => t.requiresGrad_()).toThrow(msg);
    expect(() => (t.requiresGrad = true)).toThrow(msg);
    expect(t.requiresGrad).toBe(false);
    // a tensor made after inferenceMode is a normal one
    expect(ones(2).requiresGrad_().requiresGrad).toBe(true);
  });

  it('an inference tensor cannot be saved for backward later (PyTorch’s text)', () => {
    const t = inferenceMode(() => ones(2));
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.mul(t)).toThrow(
      'Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and use it in autograd.',
    );
    expect(t.requiresGrad).toBe(false);
    // the work-around: a clone made outside is a normal tensor
    expect(w.mul(t.clone()).requiresGrad).toBe(true);
  });

  it('a throwing fn leaves inference mode', () => {
    expect(() =>
      inferenceMode(() => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(isGradEnabled()).toBe(true);
    expect(() => ones(1).requiresGrad_()).not.toThrow();
  });
});

