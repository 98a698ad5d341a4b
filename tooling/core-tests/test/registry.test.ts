/**
 * The backend registry: registerBackend / setBackend / getBackend /
 * listBackends / useBackend, GRAD_BACKEND, and copying tensors between
 * backends with `to(device)` (differentiable). Each test that needs an
 * empty registry loads a fresh copy of core.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import './setup-backend.js';
import { getBackend, listBackends, registerBackend, tensor, Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

type Core = typeof import('@grad/core');

async function freshCore(): Promise<Core> {
  vi.resetModules();
  return (await import('@grad/core')) as Core;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/**
 * useBackend imports the backend package as an application would: resolved
 * from the working directory (this package, which declares it) to its built
 * ESM entry. `pnpm test` builds first; `pnpm test:unit` alone may not have.
 */
function needsBuiltCpu(ctx: { skip: (note: string) => void }): void {
  const here = fileURLToPath(new URL('..', import.meta.url));
  vi.spyOn(process, 'cwd').mockReturnValue(here);
  const built = existsSync(fileURLToPath(new URL('../node_modules/@grad/backend-cpu/dist/index.js', import.meta.url)));
  if (!built && process.env['CI'] !== 'true') ctx.skip('@grad/backend-cpu is not built (pnpm build; pnpm test builds first)');
}

describe('registerBackend, setBackend, getBackend, listBackends', () => {
  it('the first backend registered becomes the default; later ones do not', async () => {
    const core = await freshCore();
    expect(core.listBackends()).toEqual([]);
    expect(core.getBackend()).toBeNull();
    core.registerBackend(cpu());
    expect(core.getBackend()).toBe('cpu');
    core.registerBackend({ ...cpu(), name: 'other' });
    expect(core.getBackend()).toBe('cpu');
    expect(core.listBackends()).toEqual(['cpu', 'other']);
    expect(core.tensor([1]).device).toBe('cpu');
  });

  it('setBackend switches the default for new tensors', async () => {
    const core = await freshCore();
    core.registerBackend(cpu());
    core.registerBackend({ ...cpu(), name: 'other' });
    core.setBackend('other');
    expect(core.getBackend()).toBe('other');
    expect(core.tensor([1]).device).toBe('other');
    expect(core.zeros(2).device).toBe('other');
    // an explicit device still wins
    expect(core.tensor([1], { device: 'cpu' }).device).toBe('cpu');
    core.setBackend('cpu');
    expect(core.ones(1).device).toBe('cpu');
  });

  it('setBackend of an unknown name errors, naming the registered ones and the fix', async () => {
    const core = await freshCore();
    core.registerBackend(cpu());
    let message = '';
    try {
      core.setBackend('nope');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Backend 'nope' is not registered/);
    expect(message).toContain('cpu'); // the registered ones
    expect(message).toMatch(/registerBackend|useBackend/); // and how to fix it
    expect(core.getBackend()).toBe('cpu');
  });

  it('registerBackend refuses something that is not a backend', async () => {
    const core = await freshCore();
    expect(() => core.registerBackend({} as never)).toThrow(TypeError);
    expect(() => core.registerBackend(null as never)).toThrow(/registerBackend expects a Backend/);
    expect(core.listBackends()).toEqual([]);
  });

  it('registering a name again replaces that backend without changing the default', () => {
    expect(getBackend()).toBe('cpu');
    const before = listBackends().length;
    registerBackend({ ...cpu(), name: 'again' });
    registerBackend({ ...cpu(), name: 'again' });
    expect(listBackends().length).toBe(before + 1);
    expect(getBackend()).toBe('cpu');
  });
});

describe('useBackend', () => {
  it("useBackend('cpu') imports @grad/backend-cpu, registers it and makes it the default", async (ctx) => {
    needsBuiltCpu(ctx);
    const core = await freshCore();
    await expect(core.useBackend('cpu')).resolves.toBe('cpu');
    expect(core.listBackends()).toEqual(['cpu']);
    expect(core.getBackend()).toBe('cpu');
    expect(core.tensor([1, 2]).mul(2).tolist()).toEqual([2, 4]);
  });

  it('with no name it takes GRAD_BACKEND', async () => {
    const core = await freshCore();
    core.registerBackend(cpu());
    core.registerBackend({ ...cpu(), name: 'envpick' });
    vi.stubEnv('GRAD_BACKEND', 'envpick');
    await expect(core.useBackend()).resolves.toBe('envpick');
    expect(core.getBackend()).toBe('envpick');
    expect(core.tensor([1]).device).toBe('envpick');
  });

  it('with no name and no GRAD_BACKEND it takes cpu', async (ctx) => {
    needsBuiltCpu(ctx);
    const core = await freshCore();
    vi.stubEnv('GRAD_BACKEND', '');
    await expect(core.useBackend()).resolves.toBe('cpu');
    expect(core.getBackend()).toBe('cpu');
  });

  it('an unknown backend package rejects with a clear message (GRAD_BACKEND too)', async () => {
    const core = await freshCore();
    await expect(core.useBackend('doesnotexist')).rejects.toThrow(/Could not load backend 'doesnotexist'.*@grad\/backend-doesnotexist/);
    vi.stubEnv('GRAD_BACKEND', 'alsomissing');
    await expect(core.useBackend()).rejects.toThrow(/Could not load backend 'alsomissing'/);
    expect(core.listBackends()).toEqual([]);
  });
});

describe('to(device): copies across backends', () => {
  if (!listBackends().includes('cpu2')) registerBackend({ ...cpu(), name: 'cpu2' });

  it('copies the values, not the memory', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = a.to('cpu2');
    expect(b.device).toBe('cpu2');
    expect(b.shape).toEqual([2, 2]);
    expect(b.tolist()).toEqual([[1, 2], [3, 4]]);
    a.fill_(0);
    expect(b.tolist()).toEqual([[1, 2], [3, 4]]);
    // and back
    const c = b.to('cpu');
    expect(c.device).toBe('cpu');
    expect(c.tolist()).toEqual([[1, 2], [3, 4]]);
    // to its own device returns the tensor itself, as PyTorch
    expect(a.to('cpu')).toBe(a);
  });

  it('keeps dtype and copies non-contiguous views in logical order', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' }).t();
    const b = a.to('cpu2');
    expect(b.dtype).toBe('int32');
    expect(b.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it('gradients flow back through to(): y = Σ 2·x.to(cpu2) ⇒ x.grad = 2 on cpu', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const moved = x.to('cpu2');
    expect(moved.gradFn!.name).toBe('ToCopyBackward0');
    moved.mul(2).sum().backward();
    expect(x.grad!.device).toBe('cpu');
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it('a round trip cpu → cpu2 → cpu, squared: d/dx Σ x² = 2x', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    x.to('cpu2').pow(2).to('cpu').sum().backward();
    expect(x.grad!.tolist()).toEqual([2, -4]);
  });

  it('to(dtype) casts; the gradient comes back in the leaf’s dtype', () => {
    const x = tensor([1.5, 2.5], { requiresGrad: true });
    const d = x.to('float64');
    expect(d.dtype).toBe('float64');
    d.mul(4).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.tolist()).toEqual([4, 4]);
    // float to int truncates toward zero, and is not differentiable
    const i: Tensor = tensor([1.7, -1.7]).to('int32');
    expect(i.tolist()).toEqual([1, -1]);
  });
});
