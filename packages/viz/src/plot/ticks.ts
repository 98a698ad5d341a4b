/**
 * "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten on a linear
 * axis (Heckbert's "nice numbers"), whole decades on a log axis.
 */

/** Ticks and the domain they span, which covers the data and ends on ticks. */
export interface Ticks {
  readonly values: readonly number[];
  readonly domain: readonly [number, number];
  /** The step between ticks (linear) or the decade factor (log), for formatting. */
  readonly step: number;
}

/** The 1-2-5 step nearest to `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const exponent = Math.floor(Math.log10(rough));
  const base = 10 ** exponent;
  const fraction = rough / base;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * base;
}

/**
 * About `count` ticks covering `[min, max]` on a linear axis; the domain is
 * widened outward to the nearest ticks. A zero-width range is widened
 * around its value so a constant series still gets an axis.
 */
export function linearTicks(min: number, max: number, count = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`linearTicks: non-finite range [${min}, ${max}]`);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  const n = Math.round((hi - lo) / step);
  // Multiplying (not accumulating) keeps 0.1 + 0.2-style drift out of the labels.
  for (let i = 0; i <= n; i++) values.push(cleanFloat(lo + i * step, step));
  return { values, domain: [cleanFloat(lo, step), cleanFloat(hi, step)], step };
}

/**
 * Ticks for a log axis over `[min, max]` (both > 0): every decade, every
 * k-th decade when there are many, and 1-2-5 within a decade when the range
 * spans less than one.
 */
export function logTicks(min: number, max: number, count = 6): Ticks {
  if (!(min > 0) || !(max > 0)) throw new RangeError(`logTicks: a log axis needs positive bounds, got [${min}, ${max}]`);
  if (min > max) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (lo === hi) hi += 1;
  const decades = hi - lo;
  if (decades <= 1) {
    // Within one decade whole powers give two ticks; add the 2 and 5 multiples.
    const values: number[] = [];
    for (let e = lo; e <= hi; e++) {
      for (const m of [1, 2, 5]) {
        const v = cleanFloat(m * 10 ** e, 10 ** e);
        if (v >= 10 ** lo && v <= 10 ** hi) values.push(v);
      }
    }
    return { values, domain: [10 ** lo, 10 ** hi], step: 10 };
  }
  const every = Math.max(1, Math.ceil(decades / Math.max(1, count - 1)));
  const values: number[] = [];
  for (let e = lo; e <= hi; e += every) values.push(cleanFloat(10 ** e, 10 ** e));
  return { values, domain: [10 ** lo, 10 ** hi], step: 10 ** every };
}

/** Rounds away binary noise below the tick step (0.30000000000000004 → 0.3). */
function cleanFloat(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(digits, 20)));
}

/**
 * A tick label: as many decimals as the step needs, exponent form for very
 * large or small magnitudes (`1e-4`, `2.5e6`), a true minus sign.
 */
export function formatTick(value: number, step: number, log = false): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  let text: string;
  if (log || abs >= 1e5 || abs < 1e-4) {
    text = abs >= 1e-4 && abs < 1e5 && log ? String(Number(value.toPrecision(6))) : expForm(value);
  } else {
    const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
    text = value.toFixed(decimals);
  }
  return text.replace(/^-/, '\u2212');
}

function expForm(value: number): string {
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${Number(Number(mantissa).toPrecision(3))}e${Number(exponent)}`;
}
