import { describe, expect, it } from 'vitest';
import { formatTick, linearTicks, logTicks, niceStep } from '../src/index';

describe('nice ticks', () => {
  it('rounds steps to 1, 2 or 5 times a power of ten', () => {
    expect([0.013, 0.27, 0.4, 3.3, 7.5, 140].map(niceStep)).toEqual([0.01, 0.2, 0.5, 5, 10, 100]);
  });

  it('covers the data with ticks that end on the domain', () => {
    // [0.03, 0.97] with ~6 ticks: a step of 0.2, from 0 to 1.
    const t = linearTicks(0.03, 0.97, 6);
    expect(t.step).toBe(0.2);
    expect(t.values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(t.domain).toEqual([0, 1]);
  });

  it('keeps binary noise out of tick values (0.1 steps)', () => {
    expect(linearTicks(0, 0.7, 8).values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('handles negative ranges and a constant series', () => {
    // step = nice(64 / 4) = 20; 41 rounds up to 60.
    expect(linearTicks(-23, 41, 5).values).toEqual([-40, -20, 0, 20, 40, 60]);
    const flat = linearTicks(5, 5);
    expect(flat.domain[0]).toBeLessThan(5);
    expect(flat.domain[1]).toBeGreaterThan(5);
  });

  it('puts log ticks on decades, 1-2-5 inside a single decade', () => {
    expect(logTicks(2e-6, 9.5, 8).values).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(logTicks(2e-6, 9.5, 4).values).toEqual([1e-6, 1e-3, 1]);
    expect(logTicks(1.5, 8).values).toEqual([1, 2, 5, 10]);
    expect(() => logTicks(0, 1)).toThrow(/positive/);
  });

  it('formats labels for reading', () => {
    expect(formatTick(0.2, 0.2)).toBe('0.2');
    expect(formatTick(1000, 200)).toBe('1000');
    expect(formatTick(-0.5, 0.5)).toBe('\u22120.5');
    expect(formatTick(1e-6, 10, true)).toBe('1e-6');
    expect(formatTick(0.01, 10, true)).toBe('0.01');
    expect(formatTick(2e6, 1e6)).toBe('2e6');
  });
});
