/**
 * This machine's ceilings, measured the way the workloads would meet them:
 *
 * - WebAssembly SIMD: a loop of independent f32x4 multiplies and adds (8
 *   dependency chains: enough to keep the vector ports busy despite each
 *   op's latency, few enough that no accumulator spills out of the 16 vector
 *   registers; measured, 16 chains ran at half speed), 32 flops an
 *   iteration; the module is emitted byte by byte below.
 * - plain JavaScript: the same shape on scalar doubles (16 chains, 16 flops
 *   an iteration), which is what a JavaScript kernel loop can reach.
 * - memory copy: `TypedArray.set` of 64 MB (past every cache), reported as
 *   bytes copied per second (each byte read once and written once).
 *
 * One thread each, best of several runs (a ceiling, not a typical figure).
 */

export interface Limits {
  wasmSimdGflops: number | null;
  jsGflops: number;
  copyGBs: number;
}

/** Unsigned LEB128, as WebAssembly encodes integers. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function f32(v: number): number[] {
  return [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
}

const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, ...leb(0x13)];
const F32X4_EXTRACT_LANE0 = [SIMD, ...leb(0x1f), 0];
const F32X4_ADD = [SIMD, ...leb(0xe4)];
const F32X4_MUL = [SIMD, ...leb(0xe6)];
const CHAINS = 4; // multiply chains, and as many add chains: with the two constants, 10 vector registers, none spilled

/** (func (param $n i32) (result f32)): n iterations of CHAINS f32x4 multiplies and CHAINS f32x4 adds on independent accumulators. */
function simdModule(): Uint8Array<ArrayBuffer> {
  const A = 1;
  const B = 2;
  const mul = (k: number) => 3 + k;
  const add = (k: number) => 3 + CHAINS + k;
  const body: number[] = [];
  const emit = (...bytes: number[]) => void body.push(...bytes);
  const set = (i: number) => emit(0x21, ...leb(i));
  const get = (i: number) => emit(0x20, ...leb(i));
  const splat = (v: number, into: number) => {
    emit(...f32(v), ...F32X4_SPLAT);
    set(into);
  };
  splat(1, A);
  splat(0.5, B);
  for (let k = 0; k < CHAINS; k++) {
    splat(1 + k, mul(k));
    splat(k, add(k));
  }
  emit(0x02, 0x40, 0x03, 0x40); // block, loop
  get(0);
  emit(0x45, 0x0d, 1); // i32.eqz, br_if 1 (out of the block)
  for (let k = 0; k < CHAINS; k++) {
    get(mul(k));
    get(A);
    emit(...F32X4_MUL);
    set(mul(k));
    get(add(k));
    get(B);
    emit(...F32X4_ADD);
    set(add(k));
  }
  get(0);
  emit(0x41, 1, 0x6b); // i32.const 1, i32.sub
  set(0);
  emit(0x0c, 0, 0x0b, 0x0b); // br 0, end loop, end block
  emit(...f32(0));
  for (let k = 0; k < 2 * CHAINS; k++) {
    get(3 + k);
    emit(...F32X4_EXTRACT_LANE0, 0x92); // f32.add
  }
  emit(0x0b);
  const locals = [1, ...leb(2 + 2 * CHAINS), 0x7b]; // one group of v128 locals
  const func = [...locals, ...body];
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  const name = [...'peak'].map((c) => c.charCodeAt(0));
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, [1, ...leb(func.length), ...func]),
  ]);
}

function best(runs: number, once: () => number): number {
  let top = 0;
  for (let i = 0; i < runs; i++) top = Math.max(top, once());
  return top;
}

function wasmSimdGflops(): number | null {
  const bytes = simdModule();
  if (!WebAssembly.validate(bytes)) return null;
  const peak = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports['peak'] as (n: number) => number;
  peak(1000); // compile tiers
  const n = 20_000_000;
  return best(5, () => {
    const t0 = performance.now();
    peak(n);
    return (n * 2 * CHAINS * 4) / ((performance.now() - t0) * 1e6);
  });
}

/** 16 scalar chains, 8 multiplying and 8 adding. */
function jsLoop(n: number): number {
  let m0 = 1, m1 = 2, m2 = 3, m3 = 4, m4 = 5, m5 = 6, m6 = 7, m7 = 8;
  let s0 = 0, s1 = 1, s2 = 2, s3 = 3, s4 = 4, s5 = 5, s6 = 6, s7 = 7;
  const a = 1;
  const b = 0.5;
  for (let i = 0; i < n; i++) {
    m0 *= a; s0 += b; m1 *= a; s1 += b; m2 *= a; s2 += b; m3 *= a; s3 += b;
    m4 *= a; s4 += b; m5 *= a; s5 += b; m6 *= a; s6 += b; m7 *= a; s7 += b;
  }
  return m0 + m1 + m2 + m3 + m4 + m5 + m6 + m7 + s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}

function jsGflops(): number {
  jsLoop(100_000);
  const n = 50_000_000;
  return best(5, () => {
    const t0 = performance.now();
    jsLoop(n);
    return (n * 16) / ((performance.now() - t0) * 1e6);
  });
}

function copyGBs(): number {
  const src = new Float32Array(16 << 20).fill(1);
  const dst = new Float32Array(16 << 20);
  dst.set(src);
  return best(10, () => {
    const t0 = performance.now();
    dst.set(src);
    return src.byteLength / ((performance.now() - t0) * 1e6);
  });
}

export function measureLimits(): Limits {
  return { wasmSimdGflops: wasmSimdGflops(), jsGflops: jsGflops(), copyGBs: copyGBs() };
}

if (process.argv[1]?.endsWith('limits.ts')) process.stdout.write(`${JSON.stringify(measureLimits())}\n`);
