import { linearTicks, logTicks, type Ticks } from './ticks';

/** A map from data values to pixels along one axis, with its ticks. */
export interface Scale {
  readonly log: boolean;
  readonly ticks: Ticks;
  /** Pixel position of a data value. */
  map(value: number): number;
}

/**
 * A linear or log scale whose domain is the data's range widened to nice
 * ticks, mapped onto the pixel range `[from, to]` (`to < from` for a y axis,
 * whose pixels grow downward).
 */
export function makeScale(min: number, max: number, from: number, to: number, log: boolean, tickCount = 6): Scale {
  const ticks = log ? logTicks(min, max, tickCount) : linearTicks(min, max, tickCount);
  const t = (v: number) => (log ? Math.log10(v) : v);
  const d0 = t(ticks.domain[0]);
  const d1 = t(ticks.domain[1]);
  const k = d1 === d0 ? 0 : (to - from) / (d1 - d0);
  return { log, ticks, map: (value) => from + (t(value) - d0) * k };
}
