import { checkOptions, type Backend, type DType, type Storage, type TypedArray } from '@grad/core';
import type { GPU } from 'gpu.js';
import type { IndexCheckTiming } from './checks.js';
import { Context } from './context.js';
import { Device, type DeviceStats } from './device.js';
import { assign } from './kernels/assign.js';
import { elementwise } from './kernels/elementwise.js';
import { gather, scatterAdd } from './kernels/gather.js';
import { matmul } from './kernels/matmul.js';
import { binaryBody, castBody, compareBodies, copyBody, unaryBodies, whereBody } from './kernels/ops.js';
import { argReduce, reduce } from './kernels/reduce.js';
import { argsort } from './kernels/sort.js';
import type { GpujsMode, ResolvedMode } from './mode.js';
import { assertDtype, bufferOf, fromDeviceValues, GPUJS_DTYPES, GpujsStorage, toDeviceValues } from './storage.js';

/** The keys of {@link GpujsOptions}, for refusing a misspelt one. */
const GPUJS_OPTIONS = ['mode', 'indexChecks'] as const;

/** Options of {@link gpujs}. */
export interface GpujsOptions {
  /**
   * The gpu.js mode. Default: the `GRAD_GPUJS_MODE` environment variable,
   * else the best mode that works here (headlessgl → webgl2 → webgl → webasm → cpu).
   */
  mode?: GpujsMode;
  /**
   * When an out-of-range gather/scatter index throws (the CPU backend's
   * error, word for word): `'immediate'`, from the op itself, or
   * `'deferred'`, from the next read of any value (`item`, `tolist`, …),
   * which costs no GPU round trip per op. Default: `'immediate'` in `cpu`
   * and `webasm` (free there), `'deferred'` in GL modes.
   */
  indexChecks?: IndexCheckTiming;
}

/** The gpu.js backend: a {@link Backend} plus what it runs on and what it moved. */
export interface GpujsBackend extends Backend {
  readonly name: 'gpujs';
  /** The gpu.js mode kernels really run on (`gpu` resolved to the one gpu.js picked). */
  readonly mode: ResolvedMode;
  /** When a bad gather/scatter index throws: from the op, or from the next read (see {@link GpujsOptions.indexChecks}). */
  readonly indexChecks: IndexCheckTiming;
  /** Device → host reads so far: only `read()` moves data back. */
  readonly transfers: number;
  /** All counters: transfers, uploads, kernel launches, compiled kernels, cpu fallbacks. */
  stats(): DeviceStats;
  /** The longest storage this device can hold. */
  readonly maxElements: number;
  /** The gpu.js instance underneath (its `context` is the GL context in GL modes), for tools and tests. */
  readonly gpu: GPU;
  /** Frees every compiled kernel and the GL context; the backend is unusable afterwards. */
  destroy(): void;
}

/**
 * A backend running every kernel on gpu.js. In GL modes (`headlessgl`,
 * `webgl2`, `webgl`) every storage is a float32 texture and results stay on
 * the GPU until `read()`; in `webasm` and `cpu` they are Float32Arrays.
 *
 * ```ts
 * import { registerBackend, setBackend, tensor } from '@grad/core';
 * import { gpujs } from '@grad/backend-gpujs';
 * const backend = gpujs({ mode: 'webasm' });
 * registerBackend(backend);
 * setBackend('gpujs');
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.mul(x).sum().backward();   // x.grad = 2x = [2, 4, 6]
 * console.log(backend.mode, backend.transfers);
 * ```
 */
export function gpujs(options: GpujsOptions = {}): GpujsBackend {
  checkOptions('gpujs', options, GPUJS_OPTIONS);
  if (options.indexChecks !== undefined && options.indexChecks !== 'immediate' && options.indexChecks !== 'deferred') {
    throw new TypeError(`gpujs backend: indexChecks must be 'immediate' or 'deferred', got ${JSON.stringify(options.indexChecks)}`);
  }
  const device = new Device(options.mode);
  const ctx = new Context(device, options.indexChecks ?? (device.isGl ? 'deferred' : 'immediate'));
  const mode = device.mode;

  const backend = {
    name: 'gpujs' as const,
    dtypes: GPUJS_DTYPES,
    mode,
    indexChecks: ctx.checks.timing,
    maxElements: device.maxElements,
    gpu: device.gpu,
    get transfers(): number {
      return device.stats.transfers;
    },
    stats: (): DeviceStats => ({ ...device.stats }),
    destroy: (): void => {
      ctx.checks.destroy();
      device.destroy();
    },

    fromArray(data: TypedArray, dtype: DType): Storage {
      assertDtype(dtype, mode);
      device.checkLength(data.length);
      if (data.length === 0) return ctx.wrap(dtype, 0, null);
      return ctx.wrap(dtype, data.length, device.upload(toDeviceValues(data)));
    },
    full: (length: number, value: number, dtype: DType): Storage => ctx.fill(length, value, dtype),
    read(storage: Storage): TypedArray {
      const s = storage as GpujsStorage;
      // A gather/scatter since the last read may have met a bad index: say so before handing out values.
      ctx.checks.flush();
      if (s.length === 0) return fromDeviceValues(new Float32Array(0), s.dtype);
      const values = device.download(bufferOf(s), s.length);
      // cpu/webasm buffers are the storage itself: copy, so a caller's write never reaches the device.
      return fromDeviceValues(device.isGl || s.dtype !== 'float32' ? values : values.slice(), s.dtype);
    },
    dispose(storage: Storage): void {
      if (storage instanceof GpujsStorage) ctx.release(storage);
    },
    memory: () => ctx.memory(),

    kernels: {
      unary: (op, x) =>
        elementwise(ctx, `unary:${op}`, unaryBodies[op], [x], x.shape, op === 'logicalNot' ? 'bool' : x.storage.dtype),
      binary: (op, a, b, shape, dtype) => {
        const integer = dtype === 'int32' || dtype === 'bool';
        return elementwise(ctx, `binary:${op}:${integer ? 'i' : 'f'}`, binaryBody(op, dtype), [a, b], shape, dtype);
      },
      compare: (op, a, b, shape, dtype) => {
        assertDtype(dtype, mode);
        return elementwise(ctx, `compare:${op}`, compareBodies[op], [a, b], shape, 'bool');
      },
      where: (cond, a, b, shape, dtype) => elementwise(ctx, 'where', whereBody, [cond, a, b], shape, dtype),
      reduce: (op, x, axes) => reduce(ctx, op, x, axes),
      argReduce: (op, x, axis) => argReduce(ctx, op, x, axis),
      matmul: (a, b) => matmul(ctx, a, b),
      contiguous: (x) => elementwise(ctx, 'copy', copyBody, [x], x.shape, x.storage.dtype),
      cast: (x, dtype) => {
        assertDtype(dtype, mode);
        const kind = dtype === 'float32' || dtype === x.storage.dtype ? 'copy' : `cast:${dtype}`;
        return elementwise(ctx, kind, kind === 'copy' ? copyBody : castBody(dtype), [x], x.shape, dtype);
      },
      assign: (dst, src) => assign(ctx, dst, src),
      gather: (x, dim, index) => gather(ctx, x, dim, index),
      scatterAdd: (shape, dim, index, src) => scatterAdd(ctx, shape, dim, index, src),
      argsort: (x, descending) => argsort(ctx, x, descending),
    },
  } satisfies GpujsBackend;
  return backend;
}
