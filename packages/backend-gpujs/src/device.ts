import { CPUKernel, GPU, HeadlessGLKernel, WebAssemblyKernel, WebGL2Kernel, WebGLKernel, type IKernelRunShortcut, type Texture } from 'gpu.js';
import { CHUNK } from './codegen.js';
import { chooseMode, isGlMode, type GpujsMode, type ResolvedMode } from './mode.js';

/** Where a storage's values live: a GL texture in GL modes, a Float32Array in `cpu`/`webasm`. */
export type DeviceBuffer = Texture | Float32Array;

/** A kernel argument: a buffer, or a number (a uniform in GL). */
export type KernelArg = DeviceBuffer | number;

/**
 * Kernel index arithmetic runs in float32 on every device mode (GLSL floats,
 * wasm f32), where integers are exact only up to 2^24; past that an index
 * would silently round to a neighbour. So no storage may be longer.
 */
export const MAX_INDEXABLE = 2 ** 24;

/** Counters a user or a test can read: what crossed the host/device boundary. */
export interface DeviceStats {
  /** Device → host reads (`read()`): the slow direction, the one the issue asks to count. */
  transfers: number;
  /** Host → device copies (`fromArray`). */
  uploads: number;
  /** Kernels run. */
  launches: number;
  /** Distinct kernel signatures compiled so far. */
  compiled: number;
  /** Kernels gpu.js silently moved to its `cpu` backend (should stay 0). */
  fallbacks: number;
  /**
   * Reads of the 4-value index-check state (see checks.ts): at most one per
   * `read()` after a gather/scatter, and free in `cpu`/`webasm` (host memory).
   */
  checkReads: number;
}

// The cap gpu.js writes into GLSL as `LOOP_MAX`: no loop here runs longer
// than CHUNK (see codegen.ts).
const LOOP_MAX = CHUNK;

/**
 * One gpu.js `GPU` instance and the kernels compiled on it. Kernels are
 * compiled once per signature (op, rank, operand kinds …) with dynamic output
 * and arguments, so one compiled kernel serves every shape of that rank; the
 * sizes travel as uniforms.
 */
export class Device {
  readonly gpu: GPU;
  /** The mode kernels really run on (`gpu` resolved to what gpu.js picked). */
  readonly mode: ResolvedMode;
  readonly isGl: boolean;
  /** The longest storage this device can hold (see {@link MAX_INDEXABLE}, and the texture side² in GL). */
  readonly maxElements: number;
  readonly maxTextureSize: number;
  readonly stats: DeviceStats = { transfers: 0, uploads: 0, launches: 0, compiled: 0, fallbacks: 0, checkReads: 0 };
  private readonly cache = new Map<string, IKernelRunShortcut>();

  constructor(requested?: GpujsMode) {
    const mode = chooseMode(requested);
    this.gpu = new GPU({ mode });
    const kernelClass = (this.gpu as unknown as { Kernel: { features?: { maxTextureSize?: number } } }).Kernel;
    this.mode = modeOf(kernelClass);
    this.isGl = isGlMode(this.mode);
    this.maxTextureSize = this.isGl ? (kernelClass.features?.maxTextureSize ?? 4096) : Infinity;
    this.maxElements = Math.min(MAX_INDEXABLE, this.maxTextureSize * this.maxTextureSize);
  }

  /** Throws, naming the size and the limit, for a storage this device cannot address. */
  checkLength(length: number): void {
    if (length > this.maxElements) {
      const texture = this.isGl ? `, textures at most ${this.maxTextureSize}×${this.maxTextureSize}` : '';
      throw new RangeError(
        `gpujs backend (${this.mode}): a tensor of ${length} elements is too large: the limit is ${this.maxElements} elements ` +
          `(kernel indices are float32, exact to 2^24${texture}); use the cpu backend for it`,
      );
    }
  }

  /**
   * Runs the kernel of `signature` (compiled from `source()` on first use)
   * over `length` output elements. Output is a flat 1-D buffer: gpu.js lays a
   * long 1-D output out as a near-square 2-D texture (index = y·width + x),
   * which is how large tensors fit under the texture side limit.
   */
  run(signature: string, source: () => string, length: number, args: readonly KernelArg[]): DeviceBuffer {
    this.checkLength(length);
    let kernel = this.cache.get(signature);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(source(), {
        output: [length],
        dynamicOutput: true,
        dynamicArguments: true,
        // GL: results stay textures; immutable so each call gets its own
        // texture instead of overwriting the previous result.
        pipeline: this.isGl,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        optimizeFloatMemory: false,
        loopMaxIterations: LOOP_MAX,
      } as Parameters<GPU['createKernel']>[1]);
      this.cache.set(signature, kernel);
      this.stats.compiled++;
    } else {
      kernel.setOutput([length]);
    }
    const result = kernel(...(args as never[])) as unknown as DeviceBuffer;
    this.stats.launches++;
    // gpu.js swaps a kernel it cannot build for its cpu backend with only a
    // console warning; count it so tests can insist the asked mode really ran.
    if (this.mode !== 'cpu' && kernel.kernel instanceof CPUKernel && !this.fellBack.has(signature)) {
      this.fellBack.add(signature);
      this.stats.fallbacks++;
    }
    return result;
  }

  private readonly fellBack = new Set<string>();

  /** Copies host values onto the device (one identity kernel in GL: the upload is the argument texture). */
  upload(data: Float32Array): DeviceBuffer {
    this.stats.uploads++;
    if (!this.isGl) return Float32Array.from(data);
    return this.run('upload', () => 'function (x) { return x[this.thread.x]; }', data.length, [data]);
  }

  /** Reads a buffer back to the host: the one counted transfer. */
  download(buffer: DeviceBuffer, length: number): Float32Array {
    this.stats.transfers++;
    if (buffer instanceof Float32Array) return buffer;
    const out = buffer.toArray();
    if (out instanceof Float32Array && out.length === length) return out;
    // gpu.js returns rows for 2-D outputs; ours are 1-D, but stay safe.
    return Float32Array.from((out as ArrayLike<number>) as ArrayLike<number>).subarray(0, length);
  }

  /** Reads the small index-check state back (counted apart from the program's own transfers). */
  readState(buffer: DeviceBuffer, length: number): Float32Array {
    this.stats.checkReads++;
    if (buffer instanceof Float32Array) return buffer;
    return Float32Array.from(buffer.toArray() as ArrayLike<number>).subarray(0, length);
  }

  /** Frees a buffer's device memory now. */
  free(buffer: DeviceBuffer): void {
    if (!(buffer instanceof Float32Array)) buffer.delete();
  }

  /** Drops every compiled kernel and the GL context. */
  destroy(): void {
    this.cache.clear();
    this.gpu.destroy();
  }
}

// gpu.js's kernel classes report 'gpu' for every GL flavour; tell them apart by class.
const kernelModes: [unknown, ResolvedMode][] = [
  [HeadlessGLKernel, 'headlessgl'],
  [WebGL2Kernel, 'webgl2'],
  [WebGLKernel, 'webgl'],
  [WebAssemblyKernel, 'webasm'],
  [CPUKernel, 'cpu'],
];

function modeOf(kernelClass: unknown): ResolvedMode {
  const found = kernelModes.find(([k]) => k === kernelClass);
  if (found === undefined) throw new Error('gpujs backend: gpu.js chose a kernel type this backend does not know');
  return found[1];
}
