/**
 * Grad mode across `await` (Node: AsyncLocalStorage). An async callback of
 * noGrad / enableGrad / inferenceMode keeps its mode for its whole run, after
 * every await, and code running concurrently (other tasks, the caller between
 * awaits) keeps its own. Each test interleaves tasks on timers and promise
 * chains and checks who saw what, and which tensors were recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import './setup-backend.js';
import { enableGrad, inferenceMode, isGradEnabled, noGrad, ones, setGradEnabled, tensor } from '@grad/core';

afterEach(() => setGradEnabled(true));

/** Resumes on a later macrotask (a timer). */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resumes after `n` microtask hops (a Promise.resolve chain). */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe('async callbacks keep their mode across await', () => {
  it('two concurrent tasks, noGrad and enableGrad, each see their own mode while interleaving', async () => {
    const x = tensor([1], { requiresGrad: true });
    const trace: string[] = [];
    // What each task sees at each step: [isGradEnabled(), x.mul(2).requiresGrad].
    const off = noGrad(async () => {
      const seen: boolean[][] = [];
      for (let i = 0; i < 4; i++) {
        trace.push(`off${i}`);
        seen.push([isGradEnabled(), x.mul(2).requiresGrad]);
        await (i % 2 === 0 ? sleep(2) : ticks(3));
      }
      return seen;
    });
    // enableGrad nested in an async noGrad: on inside, off in the part of the outer task around it.
    const on = noGrad(async () => {
      await ticks(1);
      const outerBefore = isGradEnabled();
      const inner = await enableGrad(async () => {
        const seen: boolean[][] = [];
        for (let i = 0; i < 4; i++) {
          trace.push(`on${i}`);
          seen.push([isGradEnabled(), x.mul(2).requiresGrad]);
          await (i % 2 === 0 ? ticks(2) : sleep(1));
        }
        return seen;
      });
      return { outerBefore, inner, outerAfter: isGradEnabled() };
    });
    // The caller runs between the tasks' awaits and keeps recording.
    const caller: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      trace.push(`caller${i}`);
      caller.push(isGradEnabled(), x.mul(2).requiresGrad);
      await sleep(1);
    }
    const [offSeen, onSeen] = await Promise.all([off, on]);
    expect(offSeen).toEqual(Array(4).fill([false, false]));
    expect(onSeen.inner).toEqual(Array(4).fill([true, true]));
    expect(onSeen.outerBefore).toBe(false);
    expect(onSeen.outerAfter).toBe(false);
    expect(caller.every(Boolean)).toBe(true);
    expect(isGradEnabled()).toBe(true);
    // They really interleaved: each one ran again before the others finished.
    const last = (p: string) => trace.lastIndexOf(`${p}3`);
    const first = (p: string) => trace.indexOf(`${p}0`);
    expect(first('on')).toBeLessThan(last('off'));
    expect(first('off')).toBeLessThan(last('on'));
    expect(first('caller')).toBeLessThan(last('off'));
  });

  it('the graph recorded by a training task is intact while an evaluation task runs under noGrad', async () => {
    const w = tensor([2, -1], { requiresGrad: true });
    const data = tensor([3, 4]);
    const evaluation = noGrad(async () => {
      await ticks(1);
      const pred = w.mul(data).sum(); // not recorded
      await sleep(1);
      return pred;
    });
    // Training step in the caller, spread over awaits: loss = Σ (w·data)², dL/dw = 2·(w·data)·data
    const prod = w.mul(data);
    await ticks(2);
    const loss = prod.pow(2).sum();
    await sleep(1);
    loss.backward();
    const pred = await evaluation;
    expect(pred.requiresGrad).toBe(false);
    expect(pred.gradFn).toBeNull();
    expect(pred.item()).toBe(2); // 2·3 - 1·4
    expect(loss.gradFn!.name).toBe('SumBackward0');
    // w·data = [6, -4] → 2·[6, -4]·[3, 4] = [36, -32]
    expect(w.grad!.tolist()).toEqual([36, -32]);
  });

  it('a synchronous noGrad/enableGrad nested in an async callback wins, and ends with its call', async () => {
    const x = tensor([1], { requiresGrad: true });
    const seen = await noGrad(async () => {
      await sleep(1);
      const recorded = enableGrad(() => x.mul(3));
      const afterEnable = isGradEnabled();
      await ticks(2);
      const nested = enableGrad(() => noGrad(() => isGradEnabled()));
      const wrapped = enableGrad.wrap((t: typeof x) => t.mul(2))(x);
      return { recorded, afterEnable, nested, wrapped, end: x.mul(2).requiresGrad };
    });
    expect(seen.recorded.gradFn!.name).toBe('MulBackward0');
    expect(seen.afterEnable).toBe(false);
    expect(seen.nested).toBe(false);
    expect(seen.wrapped.requiresGrad).toBe(true);
    expect(seen.end).toBe(false);
    // d(3x)/dx = 3
    seen.recorded.backward();
    expect(x.grad!.tolist()).toEqual([3]);
  });

  it('setGradEnabled inside an async callback changes only that callback, until it ends', async () => {
    const x = tensor([1], { requiresGrad: true });
    const task = enableGrad(async () => {
      await ticks(1);
      setGradEnabled(false);
      const a = [isGradEnabled(), x.mul(2).requiresGrad];
      await sleep(2);
      const b = [isGradEnabled(), x.mul(2).requiresGrad];
      setGradEnabled(true);
      await ticks(1);
      return [a, b, [isGradEnabled()]];
    });
    const sibling = noGrad(async () => {
      await sleep(1);
      setGradEnabled(true); // the sibling's own change
      await sleep(2);
      return isGradEnabled();
    });
    const caller: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(1);
      caller.push(isGradEnabled(), x.mul(2).requiresGrad);
    }
    expect(await task).toEqual([[false, false], [false, false], [true]]);
    expect(await sibling).toBe(true);
    expect(caller.every(Boolean)).toBe(true);
    // At top level, setGradEnabled is the global switch again.
    setGradEnabled(false);
    expect(await noGrad(async () => enableGrad(() => isGradEnabled()))).toBe(true);
    expect(isGradEnabled()).toBe(false);
  });

  it('errors restore the mode: a rejected callback, and a throwing call nested in one', async () => {
    const x = tensor([1], { requiresGrad: true });
    const failing = noGrad(async () => {
      await sleep(1);
      throw new RangeError('boom');
    });
    expect(isGradEnabled()).toBe(true);
    await expect(failing).rejects.toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);

    const inside = await noGrad(async () => {
      await ticks(1);
      try {
        enableGrad(() => {
          throw new Error('sync inner');
        });
      } catch {
        // swallowed
      }
      const afterSync = isGradEnabled();
      await expect(
        enableGrad(async () => {
          await sleep(1);
          throw new Error('async inner');
        }),
      ).rejects.toThrow('async inner');
      return [afterSync, isGradEnabled()];
    });
    expect(inside).toEqual([false, false]);
    expect(isGradEnabled()).toBe(true);
  });

  it('inferenceMode(async …) makes inference tensors after its awaits, and only inside', async () => {
    const outside: boolean[] = [];
    const task = inferenceMode(async () => {
      await sleep(1);
      const t = ones(2);
      await ticks(2);
      return { t, grad: isGradEnabled() };
    });
    await ticks(1);
    const normal = ones(2);
    const { t, grad } = await task;
    outside.push(isGradEnabled());
    expect(grad).toBe(false);
    expect(() => t.requiresGrad_()).toThrow('Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.');
    expect(normal.requiresGrad_().requiresGrad).toBe(true);
    expect(outside).toEqual([true]);
  });

  it('noGrad.wrap(async fn) holds the mode for each call, with its arguments', async () => {
    const w = tensor([2], { requiresGrad: true });
    const predict = noGrad.wrap(async (x: number, delay: number) => {
      await sleep(delay);
      return w.mul(x);
    });
    const [a, b] = await Promise.all([predict(3, 2), predict(5, 1)]);
    expect(a.tolist()).toEqual([6]);
    expect(b.tolist()).toEqual([10]);
    expect(a.requiresGrad || b.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('a non-async callback that returns a Promise is refused (its awaits escaped), and the mode is restored', async () => {
    const x = tensor([1], { requiresGrad: true });
    const later = async (): Promise<boolean> => {
      await sleep(1);
      return isGradEnabled();
    };
    let error: unknown = null;
    try {
      noGrad(() => later());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain('noGrad() got a callback that returned a Promise but is not an async function');
    expect(String(error)).toContain('noGrad(async () => …)');
    expect(isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);
    // The advice works: as an async callback it holds.
    expect(await noGrad(async () => later())).toBe(false);
  });
});
