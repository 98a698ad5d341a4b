import type { LogEntry } from './train.js';

/**
 * A number in the printed lines: w and b with 6 decimals (float32 carries
 * about 7 significant digits, so every printed digit means something), the
 * loss in exponent form since it falls through many decades (`4.2573e-7`).
 * The format is fixed so that output can be compared run to run.
 */
export function fixed(value: number): string {
  return value.toFixed(6);
}

export function exponent(value: number): string {
  return value.toExponential(4);
}

/** The tutorial's line: `w,b,loss: 2.997688 0.801117 4.2573e-7`. */
export function logLine(entry: LogEntry): string {
  return `w,b,loss: ${fixed(entry.w)} ${fixed(entry.b)} ${exponent(entry.loss)}`;
}
