/**
 * Elementwise and reduction kernels in WebAssembly SIMD, over contiguous
 * scratch buffers the caller fills (elementwise-wasm.ts). Lengths are in
 * whole vectors: the caller pads its buffers to 16 bytes (for reductions to
 * 64) and ignores, or fills with the identity, what lies past the data.
 *
 * Exported names: `u_<op>_<dtype>(x, out, n16)` (n16 = 16-byte blocks),
 * `b_<op>_<dtype>(a, aStep, b, bStep, out, n16)` where a step of 0 reads one
 * 16-byte block over and over (a broadcast scalar, stored replicated), and
 * `r_<op>_<dtype>(x, n64) → f64` (n64 = 64-byte blocks), and
 * `a_<op>_<dtype>(x, acc, n2)` (acc op= x elementwise, acc in float64).
 */
import { ConstPool, F64, I32, V128, type Code, type ModuleBuilder, type SimdOp } from './emitter.js';
import { emitExp, emitLog, emitSigmoid, emitTanh, temps } from './math-f64.js';

/** Independent f64x2 vectors per step of the float32 transcendental loops (see math-f64.ts); the caller's chunk buffers must be a multiple of 8·GROUPS bytes. */
export const GROUPS = 4;

export type WasmDtype = 'f32' | 'f64';

/** Unary ops computed lane by lane in the tensor's own precision: exact, the same values as the TypeScript loops. */
const DIRECT_UNARY: Record<string, (c: Code, x: number, d: WasmDtype) => void> = {
  neg: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.neg` as SimdOp),
  abs: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.abs` as SimdOp),
  sqrt: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.sqrt` as SimdOp),
  floor: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.floor` as SimdOp),
  ceil: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.ceil` as SimdOp),
  // nearest is round-half-to-even, as torch.round.
  round: (c, x, d) => void c.get(x).simd(`${d}${d === 'f32' ? 'x4' : 'x2'}.nearest` as SimdOp),
  reciprocal: (c, x, d) =>
    void (d === 'f32' ? c.f32x4Const(1).get(x).simd('f32x4.div') : c.f64x2Const(1).get(x).simd('f64x2.div')),
};

/**
 * float32 ops evaluated in float64 lanes (two at a time) and rounded once:
 * the transcendental ones (math-f64.ts), and rsqrt, whose float32 1/√x would
 * round twice where the TypeScript path (1/Math.sqrt in float64) rounds once.
 */
const WIDENED_UNARY = ['exp', 'log', 'tanh', 'sigmoid', 'rsqrt'] as const;

export const WASM_UNARY_F32 = [...Object.keys(DIRECT_UNARY), ...WIDENED_UNARY];
/** float64 keeps Math.exp & co. in TypeScript (no float64 polynomial here meets 2 ulp); rsqrt is exact in f64x2. */
export const WASM_UNARY_F64 = [...Object.keys(DIRECT_UNARY), 'rsqrt'];

const BINARY: Record<string, string> = { add: 'add', sub: 'sub', mul: 'mul', div: 'div', maximum: 'max', minimum: 'min' };
export const WASM_BINARY = Object.keys(BINARY);
export const WASM_REDUCE = ['sum', 'prod', 'max', 'min'];

/** A counted loop: `body` runs n times (n ≥ 0) with the pointer locals advanced by the caller's code. */
function countedLoop(c: Code, n: number, body: () => void): void {
  c.block();
  c.get(n).i32op('eqz').brIf(0);
  c.loop();
  body();
  c.get(n).i32(1).i32op('sub').tee(n).brIf(0);
  c.end();
  c.end();
}

function addUnary(m: ModuleBuilder, op: string, d: WasmDtype): void {
  m.func(`u_${op}_${d}`, [I32, I32, I32], [], (c, x, out, n16) => {
    const v = c.local(V128);
    if (d === 'f32' && (WIDENED_UNARY as readonly string[]).includes(op)) {
      // GROUPS pairs of float32 per step, each widened to f64x2, computed in lockstep.
      const k = new ConstPool(c);
      const t = temps(c, GROUPS);
      const xs = Array.from({ length: GROUPS }, () => c.local(V128));
      const extra = Array.from({ length: GROUPS }, () => c.local(V128));
      // steps = ceil(16·n16 / (8·GROUPS)); the caller's buffers hold the overrun.
      c.get(n16).i32(16).i32op('mul').i32(8 * GROUPS - 1).i32op('add').i32(8 * GROUPS).i32op('div_s').set(n16);
      countedLoop(c, n16, () => {
        for (let g = 0; g < GROUPS; g++) c.get(x).load64Zero(8 * g).simd('f64x2.promote_low_f32x4').set(xs[g]!);
        if (op === 'exp') emitExp(c, k, xs, xs, t);
        else if (op === 'log') emitLog(c, k, xs, xs, t);
        else if (op === 'tanh') emitTanh(c, k, xs, xs, t, extra);
        else if (op === 'sigmoid') emitSigmoid(c, k, xs, xs, t);
        else for (let g = 0; g < GROUPS; g++) c.get(k.f64(1)).get(xs[g]!).simd('f64x2.sqrt').simd('f64x2.div').set(xs[g]!);
        for (let g = 0; g < GROUPS; g++) c.get(out).get(xs[g]!).simd('f32x4.demote_f64x2_zero').store64Low(8 * g);
        c.get(x).i32(8 * GROUPS).i32op('add').set(x);
        c.get(out).i32(8 * GROUPS).i32op('add').set(out);
      });
      k.flush();
      return;
    }
    countedLoop(c, n16, () => {
      c.get(x).v128Load().set(v);
      c.get(out);
      if (op === 'rsqrt') c.f64x2Const(1).get(v).simd('f64x2.sqrt').simd('f64x2.div');
      else DIRECT_UNARY[op]!(c, v, d);
      c.v128Store();
      c.get(x).i32(16).i32op('add').set(x);
      c.get(out).i32(16).i32op('add').set(out);
    });
  });
}

function addBinary(m: ModuleBuilder, op: string, d: WasmDtype): void {
  const inst = `${d}${d === 'f32' ? 'x4' : 'x2'}.${BINARY[op]}` as SimdOp;
  m.func(`b_${op}_${d}`, [I32, I32, I32, I32, I32, I32], [], (c, a, aStep, b, bStep, out, n16) => {
    countedLoop(c, n16, () => {
      c.get(out).get(a).v128Load().get(b).v128Load().simd(inst).v128Store();
      c.get(a).get(aStep).i32op('add').set(a);
      c.get(b).get(bStep).i32op('add').set(b);
      c.get(out).i32(16).i32op('add').set(out);
    });
  });
}

/**
 * Reductions of a contiguous buffer to one float64. Four accumulators (one
 * 64-byte block per step) hide the add's latency. float32 sums and products
 * accumulate in float64 (each float32 pair widened), as the TypeScript path;
 * max and min stay in the dtype (exact) and propagate NaN (WebAssembly's
 * min/max return NaN if either operand is NaN).
 */
function addReduce(m: ModuleBuilder, op: string, d: WasmDtype): void {
  m.func(`r_${op}_${d}`, [I32, I32], [F64], (c, x, n64) => {
    const acc = [c.local(V128), c.local(V128), c.local(V128), c.local(V128)];
    const widen = d === 'f32' && (op === 'sum' || op === 'prod');
    const vec = widen || d === 'f64' ? 'f64x2' : 'f32x4';
    const combine = `${vec}.${op === 'sum' ? 'add' : op === 'prod' ? 'mul' : op}` as SimdOp;
    const identity = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
    for (const a of acc) {
      if (vec === 'f32x4') c.f32x4Const(identity).set(a);
      else c.f64x2Const(identity).set(a);
    }
    countedLoop(c, n64, () => {
      if (widen) {
        // 16 float32s: eight pairs widened, two per accumulator.
        for (let i = 0; i < 8; i++) c.get(acc[i % 4]!).get(x).load64Zero(i * 8).simd('f64x2.promote_low_f32x4').simd(combine).set(acc[i % 4]!);
      } else {
        for (let i = 0; i < 4; i++) c.get(acc[i]!).get(x).v128Load(i * 16).simd(combine).set(acc[i]!);
      }
      c.get(x).i32(64).i32op('add').set(x);
    });
    c.get(acc[0]!).get(acc[1]!).simd(combine).get(acc[2]!).get(acc[3]!).simd(combine).simd(combine).set(acc[0]!);
    const scalar = op === 'sum' ? 'add' : op === 'prod' ? 'mul' : op;
    if (vec === 'f32x4') {
      // Lanes combined as float32 (exact for max/min), returned widened.
      c.get(acc[0]!).f32x4Lane(0).get(acc[0]!).f32x4Lane(1).f32op(scalar as 'max' | 'min');
      c.get(acc[0]!).f32x4Lane(2).get(acc[0]!).f32x4Lane(3).f32op(scalar as 'max' | 'min');
      c.f32op(scalar as 'max' | 'min').f64op('promote_f32');
    } else {
      c.get(acc[0]!).f64x2Lane(0).get(acc[0]!).f64x2Lane(1).f64op(scalar as 'add' | 'mul' | 'max' | 'min');
    }
  });
}

/**
 * `a_<op>_<dtype>(x, acc, n2)`: acc[i] = op(acc[i], x[i]) for 2·n2 elements,
 * acc in float64 (float32 inputs widened, as the TypeScript path
 * accumulates): the reduction over a leading axis, one input row at a time.
 */
function addAccumulate(m: ModuleBuilder, op: string, d: WasmDtype): void {
  const combine = `f64x2.${op === 'sum' ? 'add' : op === 'prod' ? 'mul' : op}` as SimdOp;
  m.func(`a_${op}_${d}`, [I32, I32, I32], [], (c, x, acc, n2) => {
    countedLoop(c, n2, () => {
      c.get(acc).get(acc).v128Load().get(x);
      if (d === 'f32') c.load64Zero().simd('f64x2.promote_low_f32x4');
      else c.v128Load();
      c.simd(combine).v128Store();
      c.get(x).i32(d === 'f32' ? 8 : 16).i32op('add').set(x);
      c.get(acc).i32(16).i32op('add').set(acc);
    });
  });
}

/** Adds every elementwise and reduction kernel, for float32 and float64. */
export function addElementwise(m: ModuleBuilder): void {
  for (const op of WASM_UNARY_F32) addUnary(m, op, 'f32');
  for (const op of WASM_UNARY_F64) addUnary(m, op, 'f64');
  for (const d of ['f32', 'f64'] as const) {
    for (const op of WASM_BINARY) addBinary(m, op, d);
    for (const op of WASM_REDUCE) addReduce(m, op, d);
    for (const op of WASM_REDUCE) addAccumulate(m, op, d);
  }
}
