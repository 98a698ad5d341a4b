import { expect, it } from 'vitest';
import { gpujs } from '../src/index.js';
import { make, values, view } from './views.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';

interface CountedGl {
  createTexture(): unknown;
  deleteTexture(t: unknown): void;
}

/** Counts the GL textures alive from now on (GL modes only). */
function countTextures(gl: CountedGl): () => number {
  let live = 0;
  const create = gl.createTexture.bind(gl);
  const remove = gl.deleteTexture.bind(gl);
  gl.createTexture = () => {
    live++;
    return create();
  };
  gl.deleteTexture = (t) => {
    live--;
    remove(t);
  };
  return () => live;
}

for (const mode of NODE_MODES) {
  describeWhere(`gpujs memory and transfers, mode ${mode}`, modeRequirement(mode), () => {
    it('memory() counts live storages and their bytes; dispose frees them', () => {
      const b = gpujs({ mode });
      const x = b.fromArray(Float32Array.from([1, 2, 3]), 'float32');
      const y = b.full(5, 0, 'int32');
      // every dtype is 4 bytes on the device (float32 values)
      expect(b.memory()).toEqual({ tensors: 2, bytes: 32 });
      b.dispose(x);
      b.dispose(x); // a second dispose is harmless
      expect(b.memory()).toEqual({ tensors: 1, bytes: 20 });
      expect(() => b.read(x)).toThrow(/after it was disposed/);
      b.dispose(y);
      expect(b.memory()).toEqual({ tensors: 0, bytes: 0 });
      b.destroy();
    });

    it('nothing comes back to the host until read(); each read is one counted transfer', () => {
      const b = gpujs({ mode });
      const x = make(b, [1, 2, 3, 4], [2, 2]);
      const before = b.transfers;
      // a little program: ((x @ x) * 2 - 1).sum()
      const mm = b.kernels.matmul(view(x.storage, [1, 2, 2]), view(x.storage, [1, 2, 2]));
      const scaled = b.kernels.binary('mul', view(mm, [4]), 2, [4], 'float32');
      const shifted = b.kernels.binary('sub', view(scaled, [4]), 1, [4], 'float32');
      const total = b.kernels.reduce('sum', view(shifted, [4]), [0]);
      expect(b.transfers).toBe(before);
      // x @ x = [[7, 10], [15, 22]] → 2·54 - 4 = 104
      expect(values(b, total)).toEqual([104]);
      expect(b.transfers).toBe(before + 1);
      expect(b.stats().uploads).toBe(1);
      b.destroy();
    });

    it('10,000 small training steps hold memory flat', () => {
      const b = gpujs({ mode });
      // Fit y = 3x + 0.8 by gradient descent on 8 points, disposing every intermediate.
      const xs = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
      const x = view(b.fromArray(Float32Array.from(xs), 'float32'), [8]);
      const y = view(b.fromArray(Float32Array.from(xs.map((v) => 3 * v + 0.8)), 'float32'), [8]);
      const w = b.full(1, 0, 'float32');
      const c = b.full(1, 0, 'float32');
      // the GL context exists once the first kernel (an upload) has run
      const textures = b.mode === 'headlessgl' ? countTextures(b.gpu.context as CountedGl) : null;
      const scalar = (s: typeof w) => view(s, [8], [0]);
      const step = (): void => {
        const wx = b.kernels.binary('mul', x, scalar(w), [8], 'float32');
        const pred = b.kernels.binary('add', view(wx, [8]), scalar(c), [8], 'float32');
        const diff = b.kernels.binary('sub', view(pred, [8]), y, [8], 'float32');
        // dL/dw = mean(2·diff·x), dL/dc = mean(2·diff)
        const gx = b.kernels.binary('mul', view(diff, [8]), x, [8], 'float32');
        const gw = b.kernels.reduce('sum', view(gx, [8]), [0]);
        const gc = b.kernels.reduce('sum', view(diff, [8]), [0]);
        const dw = b.kernels.binary('mul', view(gw, [1]), 0.5 * (2 / 8), [1], 'float32');
        const dc = b.kernels.binary('mul', view(gc, [1]), 0.5 * (2 / 8), [1], 'float32');
        const nw = b.kernels.binary('sub', view(w, [1]), view(dw, [1]), [1], 'float32');
        const nc = b.kernels.binary('sub', view(c, [1]), view(dc, [1]), [1], 'float32');
        b.kernels.assign(view(w, [1]), view(nw, [1]));
        b.kernels.assign(view(c, [1]), view(nc, [1]));
        for (const s of [wx, pred, diff, gx, gw, gc, dw, dc, nw, nc]) b.dispose(s);
      };
      for (let i = 0; i < 100; i++) step();
      const memory = b.memory();
      const live = textures?.();
      for (let i = 100; i < 10_000; i++) step();
      expect(b.memory()).toEqual(memory);
      if (textures !== null) expect(textures()).toBe(live);
      expect(values(b, w)[0]).toBeCloseTo(3, 3);
      expect(values(b, c)[0]).toBeCloseTo(0.8, 3);
      b.destroy();
    }, 120_000);
  });
}
