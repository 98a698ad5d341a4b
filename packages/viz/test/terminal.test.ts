import { describe, expect, it } from 'vitest';
import { sparkline, textPlot } from '../src/index';

describe('sparkline', () => {
  it('maps the range onto the eight block characters', () => {
    // min 0 → '▁', max 7 → '█', linear in between.
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    // Level round((v − 0.5) / 4.5 · 7): 3 → 3.9 → 4 (▅), 2 → 2.3 → 2 (▃), 1.2 → 1.1 → 1 (▂).
    expect(sparkline([5, 3, 2, 1.2, 0.8, 0.5])).toBe('█▅▃▂▁▁');
  });

  it('averages long input into at most `width` characters', () => {
    const s = sparkline(Array.from({ length: 1000 }, (_, i) => i), { width: 20 });
    expect([...s]).toHaveLength(20);
    expect(s.startsWith('▁')).toBe(true);
    expect(s.endsWith('█')).toBe(true);
  });

  it('shows NaN as a gap, a constant as a flat line, nothing as nothing', () => {
    expect(sparkline([1, Number.NaN, 3])).toBe('▁ █');
    expect(sparkline([2, 2, 2])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
  });

  it('uses log10 heights with log: true', () => {
    // 1000, 100, 10, 1 are evenly spaced decades: 3, 2, 1, 0 in log10.
    expect(sparkline([1000, 100, 10, 1], { log: true })).toBe('█▆▃▁');
  });
});

describe('textPlot', () => {
  it('draws one dot per column with the range on the left', () => {
    const text = textPlot([4, 3, 2, 1], { width: 4, height: 4, title: 'loss' });
    expect(text.split('\n')).toEqual(['loss', '4 ┤•   ', '  ┤ •  ', '  ┤  • ', '1 ┤   •', '  └────', '   0  3']);
  });

  it('throws on no values and says so when none is finite', () => {
    expect(() => textPlot([])).toThrow(/empty/);
    expect(textPlot([Number.NaN])).toBe('(no finite value among 1)');
  });
});
