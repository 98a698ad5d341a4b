/**
 * exp, log, tanh and sigmoid on f64x2 lanes, for float32 tensors.
 *
 * A float32 input is widened to float64 (exactly), the function is evaluated
 * with a relative error below ~3e-10, and the result is rounded once to
 * float32. The float32 result is therefore within 0.5 ulp + 0.005 ulp of the
 * exact value: correctly rounded but for near-ties, never more than 1 ulp
 * off (the bar is 2 ulp). Working in float64 also removes float32's edge
 * cases: float32 denormals are normal float64 numbers, and the overflow and
 * underflow thresholds of the float32 result fall out of the final rounding
 * (exp(89) is finite in float64 and rounds to +Inf in float32).
 *
 * Why not float32 lanes (twice the lanes): WebAssembly SIMD has no fused
 * multiply-add, and float32 range reduction and polynomial rounding without
 * it leave ~1.5–3 ulp at the worst points (Cephes' expf reports a peak
 * relative error of 1.7e-7), too close to the 2 ulp bar. In float64 the
 * bound holds by construction. Cost measured: ~3 ns per element for exp,
 * log, sigmoid and ~3.8 ns for tanh, against 30–45 ns for Math.tanh & co.
 *
 * The polynomials are latency-bound chains, so each emitter works on several
 * independent vectors ("groups") in lockstep, statement by statement, which
 * lets the CPU overlap the chains. Constants come from a ConstPool (locals
 * set once before the loop). Each emitter reads its arguments from v128
 * locals and writes its results to the `out` locals.
 */
import { V128, type Code, type ConstPool } from './emitter.js';

/** ln 2 split so that n·LN2_HI is exact for |n| < 2¹¹ (fdlibm's constants). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;

/** Scratch locals for one group. */
export interface Temps {
  t0: number;
  t1: number;
  t2: number;
  t3: number;
}

export function temps(c: Code, groups: number): Temps[] {
  return Array.from({ length: groups }, () => ({ t0: c.local(V128), t1: c.local(V128), t2: c.local(V128), t3: c.local(V128) }));
}

/** 1.5·2⁵²: adding it rounds a float64 of magnitude < 2⁵¹ to an integer, left in the low mantissa bits. */
const ROUND_MAGIC = 6755399441055744;

/**
 * out = e^x for x already clamped to [-1000, 1000] (NaN passes through).
 * x = n·ln2 + r with n = round(x·log₂e), |r| ≤ ln2/2; e^r by its Taylor
 * series to degree 8 (remainder r⁹/9! < 2e-10 relative); 2ⁿ built in the
 * exponent bits. n is found with the round-to-integer trick: t = x·log₂e +
 * 1.5·2⁵² holds n in its low mantissa bits, so t − 1.5·2⁵² is n as a float
 * and (bits(t) << 52) + (1023 << 52) is 2ⁿ (the 1.5·2⁵² part shifts out).
 * Clobbers t0–t2; `out` may be `x` or t3.
 */
export function emitExpCore(c: Code, k: ConstPool, x: number[], out: number[], t: Temps[]): void {
  const G = x.length;
  // t0 = x·log₂e + magic (kept for its bits), t2 = n
  for (let g = 0; g < G; g++) {
    c.get(x[g]!).get(k.f64(LOG2E)).simd('f64x2.mul').get(k.f64(ROUND_MAGIC)).simd('f64x2.add').set(t[g]!.t0);
    c.get(t[g]!.t0).get(k.f64(ROUND_MAGIC)).simd('f64x2.sub').set(t[g]!.t2);
  }
  for (let g = 0; g < G; g++) {
    c.get(x[g]!).get(t[g]!.t2).get(k.f64(LN2_HI)).simd('f64x2.mul').simd('f64x2.sub');
    c.get(t[g]!.t2).get(k.f64(LN2_LO)).simd('f64x2.mul').simd('f64x2.sub').set(t[g]!.t1);
  }
  const DEGREE = 8;
  let fact = 1;
  for (let i = 1; i <= DEGREE; i++) fact *= i;
  for (let g = 0; g < G; g++) c.get(k.f64(1 / fact)).set(t[g]!.t2);
  for (let i = DEGREE - 1; i >= 0; i--) {
    fact /= i + 1;
    for (let g = 0; g < G; g++) c.get(t[g]!.t2).get(t[g]!.t1).simd('f64x2.mul').get(k.f64(1 / fact)).simd('f64x2.add').set(t[g]!.t2);
  }
  // 2ⁿ; a NaN x leaves NaN in the polynomial whatever the scale.
  for (let g = 0; g < G; g++) {
    c.get(t[g]!.t0).i32(52).simd('i64x2.shl').get(k.i64(1023n << 52n)).simd('i64x2.add');
    c.get(t[g]!.t2).simd('f64x2.mul').set(out[g]!);
  }
}

/** out = e^x: the core on x clamped to [-110, 90], beyond which float32 e^x is 0 or +Inf. */
export function emitExp(c: Code, k: ConstPool, x: number[], out: number[], t: Temps[]): void {
  for (let g = 0; g < x.length; g++) c.get(x[g]!).get(k.f64(-110)).simd('f64x2.max').get(k.f64(90)).simd('f64x2.min').set(t[g]!.t3);
  emitExpCore(c, k, t.map((tg) => tg.t3), out, t);
}

/**
 * out = ln x: x = m·2ᵉ with m in [√½, √2), ln m = 2·atanh(s),
 * s = (m−1)/(m+1), |s| ≤ 0.1716, by the odd series to s¹¹ (remainder
 * s¹²/13 < 6e-11 relative). Then ln x = e·ln2 + ln m. ln 0 = −Inf,
 * ln(+Inf) = +Inf, negative or NaN → NaN. Clobbers t0–t3.
 */
export function emitLog(c: Code, k: ConstPool, x: number[], out: number[], t: Temps[]): void {
  const G = x.length;
  for (let g = 0; g < G; g++) {
    const { t0, t1, t2 } = t[g]!;
    // e = biased exponent − 1023 as a float64: (bits >> 52) ORed into 2⁵², then 2⁵² + 1023 subtracted.
    c.get(x[g]!).i32(52).simd('i64x2.shr_u').get(k.i64(0x4330000000000000n)).simd('v128.or');
    c.get(k.f64(2 ** 52 + 1023)).simd('f64x2.sub').set(t0);
    // m in [1, 2): the mantissa under exponent 0.
    c.get(x[g]!).get(k.i64(0x000fffffffffffffn)).simd('v128.and').get(k.i64(0x3ff0000000000000n)).simd('v128.or').set(t1);
    // m > √2 → m/2 and e + 1
    c.get(t1).get(k.f64(Math.SQRT2)).simd('f64x2.gt').set(t2);
    c.get(t1).get(k.f64(0.5)).simd('f64x2.mul').get(t1).get(t2).simd('v128.bitselect').set(t1);
    c.get(t0).get(t2).get(k.f64(1)).simd('v128.and').simd('f64x2.add').set(t0);
    // s = (m − 1)/(m + 1), z = s²
    c.get(t1).get(k.f64(1)).simd('f64x2.sub').get(t1).get(k.f64(1)).simd('f64x2.add').simd('f64x2.div').set(t1);
    c.get(t1).get(t1).simd('f64x2.mul').set(t2);
  }
  // 2s·(1 + z/3 + z²/5 + … + z⁵/11)
  for (let g = 0; g < G; g++) c.get(k.f64(1 / 11)).set(t[g]!.t3);
  for (const d of [9, 7, 5, 3, 1]) {
    for (let g = 0; g < G; g++) c.get(t[g]!.t3).get(t[g]!.t2).simd('f64x2.mul').get(k.f64(1 / d)).simd('f64x2.add').set(t[g]!.t3);
  }
  for (let g = 0; g < G; g++) {
    const { t0, t1, t3 } = t[g]!;
    const xg = x[g]!;
    c.get(t3).get(t1).simd('f64x2.mul').get(k.f64(2)).simd('f64x2.mul');
    // + e·LN2_LO, then + e·LN2_HI (the small part first)
    c.get(t0).get(k.f64(LN2_LO)).simd('f64x2.mul').simd('f64x2.add');
    c.get(t0).get(k.f64(LN2_HI)).simd('f64x2.mul').simd('f64x2.add').set(t3);
    // Special cases by lane masks: 0 → −Inf, +Inf → +Inf, x < 0 or NaN → NaN.
    c.get(k.f64(-Infinity)).get(t3).get(xg).get(k.f64(0)).simd('f64x2.eq').simd('v128.bitselect').set(t3);
    c.get(k.f64(Infinity)).get(t3).get(xg).get(k.f64(Infinity)).simd('f64x2.eq').simd('v128.bitselect').set(t3);
    c.get(t3).get(k.f64(NaN)).get(xg).get(k.f64(0)).simd('f64x2.ge').simd('v128.bitselect').set(out[g]!);
  }
}

/**
 * out = tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)) for |x| ≥ 1/16; below, where
 * that difference cancels, the odd Taylor series x − x³/3 + 2x⁵/15 −
 * 17x⁷/315 + 62x⁹/2835 (remainder < 1e-14 relative). |x| is clamped to 20,
 * where tanh = 1 in float64. The sign is copied back: tanh(−0) = −0.
 * `a` are one more scratch local per group. Clobbers t0–t3.
 */
export function emitTanh(c: Code, k: ConstPool, x: number[], out: number[], t: Temps[], a: number[]): void {
  const G = x.length;
  for (let g = 0; g < G; g++) {
    c.get(x[g]!).simd('f64x2.abs').get(k.f64(20)).simd('f64x2.min').set(a[g]!);
    c.get(a[g]!).get(a[g]!).simd('f64x2.add').set(t[g]!.t3);
  }
  emitExpCore(c, k, t.map((tg) => tg.t3), t.map((tg) => tg.t3), t);
  for (let g = 0; g < G; g++) {
    const { t1, t3 } = t[g]!;
    // 1 − 2/(e + 1)
    c.get(k.f64(1)).get(k.f64(2)).get(t3).get(k.f64(1)).simd('f64x2.add').simd('f64x2.div').simd('f64x2.sub').set(t3);
    c.get(a[g]!).get(a[g]!).simd('f64x2.mul').set(t1);
    c.get(k.f64(62 / 2835)).set(t[g]!.t0);
  }
  for (const coef of [-17 / 315, 2 / 15, -1 / 3]) {
    for (let g = 0; g < G; g++) c.get(t[g]!.t0).get(t[g]!.t1).simd('f64x2.mul').get(k.f64(coef)).simd('f64x2.add').set(t[g]!.t0);
  }
  for (let g = 0; g < G; g++) {
    const { t0, t1, t3 } = t[g]!;
    c.get(t0).get(t1).simd('f64x2.mul').get(a[g]!).simd('f64x2.mul').get(a[g]!).simd('f64x2.add').set(t0);
    c.get(t0).get(t3).get(a[g]!).get(k.f64(1 / 16)).simd('f64x2.lt').simd('v128.bitselect').set(t3);
    // copysign(result, x)
    c.get(x[g]!).get(t3).get(k.i64(-0x8000000000000000n)).simd('v128.bitselect').set(out[g]!);
  }
}

/** out = σ(x) = 1/(1 + e^{−x}), with −x clamped to [−200, 200] (σ is 0 or 1 in float32 beyond). Clobbers t0–t3. */
export function emitSigmoid(c: Code, k: ConstPool, x: number[], out: number[], t: Temps[]): void {
  for (let g = 0; g < x.length; g++) c.get(x[g]!).simd('f64x2.neg').get(k.f64(-200)).simd('f64x2.max').get(k.f64(200)).simd('f64x2.min').set(t[g]!.t3);
  emitExpCore(c, k, t.map((tg) => tg.t3), t.map((tg) => tg.t3), t);
  for (let g = 0; g < x.length; g++) c.get(k.f64(1)).get(k.f64(1)).get(t[g]!.t3).simd('f64x2.add').simd('f64x2.div').set(out[g]!);
}
