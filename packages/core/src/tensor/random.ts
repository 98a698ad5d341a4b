/**
 * The random number generator: a Mersenne Twister (mt19937), as PyTorch's CPU
 * generator, seeded with PyTorch's default seed. Uniform floats are drawn the
 * way PyTorch draws them (24 random bits for float32, 53 for float64), so
 * after `manualSeed(s)` `rand(n)` gives the same numbers as `torch.manual_seed(s);
 * torch.rand(n)`. Normal samples use Box–Muller and are not bit-identical to
 * PyTorch's.
 */
import { TypeError } from '../errors.js';
const N = 624;
const M = 397;

class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      let v = mt[(i + M) % N]! ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.index = 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** PyTorch's default_rng_seed_val (67280421310721), of which mt19937 takes the low 32 bits. */
const DEFAULT_SEED = 67280421310721 % 2 ** 32;

const generator = new MersenneTwister();
generator.seed(DEFAULT_SEED);

/**
 * Seeds the generator behind rand, randn, randint and their *Like forms.
 *
 * ```ts
 * manualSeed(0);
 * rand(2).tolist(); // [0.4962566, 0.7682218] — as torch.manual_seed(0); torch.rand(2)
 * ```
 */
export function manualSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new TypeError(`manualSeed expects an integer, got ${seed}`);
  generator.seed(((seed % 2 ** 32) + 2 ** 32) % 2 ** 32);
}

/** Uniform in [0, 1) with 24 random bits (PyTorch's float32 draw). */
export function uniformFloat32(): number {
  return (generator.nextUint32() & 0xffffff) / 16777216;
}

/** Uniform in [0, 1) with 53 random bits (PyTorch's float64 draw: the low 53 bits of two 32-bit draws). */
export function uniformFloat64(): number {
  const hi = generator.nextUint32() & 0x1fffff;
  const lo = generator.nextUint32();
  return (hi * 4294967296 + lo) / 9007199254740992;
}

/** An integer in [low, high), as PyTorch's random_from_to for ranges below 2³². */
export function uniformInt(low: number, high: number): number {
  return low + (generator.nextUint32() % (high - low));
}

/** A standard normal sample (Box–Muller on two float64 uniforms). */
export function standardNormal(): number {
  const u1 = uniformFloat64();
  const u2 = uniformFloat64();
  return Math.sqrt(-2 * Math.log(1 - u2)) * Math.cos(2 * Math.PI * u1);
}
