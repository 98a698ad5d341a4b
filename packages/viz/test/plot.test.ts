import { describe, expect, it } from 'vitest';
import { line, lossCurve, plot, scatter } from '../src/index';
import { findAll, parseXml, textOf } from './helpers/xml';

const xs = [0, 0.25, 0.5, 0.75, 1];
const ys = xs.map((x) => 3 * x + 0.8); // y = 3x + 0.8, the regression's line

function seriesGroups(svg: string) {
  return findAll(parseXml(svg), 'g').filter((g) => g.attrs.class === 'series');
}

describe('scatter', () => {
  it('is well-formed SVG with one circle per point, tick labels, title and axis labels', () => {
    const svg = scatter(xs, ys, { title: 'data', xLabel: 'x', yLabel: 'y' });
    const root = parseXml(svg);
    expect(root.tag).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    const [series] = seriesGroups(svg);
    expect(findAll(series!, 'circle')).toHaveLength(5);
    const texts = findAll(root, 'text').map(textOf);
    expect(texts).toContain('data');
    expect(texts).toContain('x');
    expect(texts).toContain('y');
    // x in [0, 1] → ticks 0, 0.2, …, 1; y in [0.8, 3.8] → 0, 1, 2, 3, 4 or 0.5 steps.
    for (const tick of ['0', '0.2', '0.4', '0.6', '0.8', '1.0']) expect(texts).toContain(tick);
    expect(texts).toContain('3');
  });

  it('reads tensors (anything with tolist) and nested columns', () => {
    const column = { tolist: () => [[1], [2], [3]] };
    const svg = scatter(column, [[2], [4], [6]]);
    expect(findAll(seriesGroups(svg)[0]!, 'circle')).toHaveLength(3);
  });
});

describe('line', () => {
  it('draws one path through every point, against the index when x is left out', () => {
    const svg = line([4, 3, 1, 0.5]);
    const [series] = seriesGroups(svg);
    const paths = findAll(series!, 'path');
    expect(paths).toHaveLength(1);
    // One move and three line-tos.
    expect(paths[0]!.attrs.d!.match(/[ML]/g)).toEqual(['M', 'L', 'L', 'L']);
    expect(findAll(series!, 'circle')).toHaveLength(0);
  });

  it('takes x and y', () => {
    const svg = line(xs, ys, { label: 'fit' });
    expect(svg).toContain('data-label="fit"');
    expect(findAll(parseXml(svg), 'g').some((g) => g.attrs.class === 'legend')).toBe(true);
  });
});

describe('plot: several series on one set of axes', () => {
  it('draws each series in its own colour with a legend entry', () => {
    const svg = plot({
      title: 'Linear regression',
      series: [
        { x: xs, y: ys.map((y, i) => y + (i % 2 ? 0.1 : -0.1)), mode: 'markers', label: 'data' },
        { x: xs, y: ys, label: 'fit' },
      ],
    });
    const groups = seriesGroups(svg);
    expect(groups.map((g) => g.attrs['data-label'])).toEqual(['data', 'fit']);
    expect(findAll(groups[0]!, 'g').find((g) => g.attrs.class === 'markers')!.attrs.fill).toBe('#1f77b4');
    expect(findAll(groups[1]!, 'path')[0]!.attrs.stroke).toBe('#ff7f0e');
    const legend = findAll(parseXml(svg), 'g').find((g) => g.attrs.class === 'legend')!;
    expect(findAll(legend, 'text').map(textOf)).toEqual(['data', 'fit']);
  });

  it('escapes text so any label stays well-formed', () => {
    const svg = plot({ title: 'a < b & "c"', series: [{ y: [1, 2], label: '<loss>' }] });
    expect(() => parseXml(svg)).not.toThrow();
    expect(findAll(parseXml(svg), 'text').map(textOf)).toContain('a < b & "c"');
  });

  it('gives the clip path of each plot its own id (several plots share an HTML page)', () => {
    const a = plot({ series: [{ y: [1, 2, 3] }] });
    const b = plot({ series: [{ y: [3, 2, 1] }] });
    const id = (svg: string) => /clipPath id="([^"]+)"/.exec(svg)![1];
    expect(id(a)).not.toBe(id(b));
    expect(plot({ series: [{ y: [1, 2, 3] }] })).toBe(a); // deterministic
  });

  it('uses a log y axis with decade ticks', () => {
    const svg = plot({ logY: true, series: [{ y: [10, 1, 0.1, 0.01, 0.001] }] });
    const texts = findAll(parseXml(svg), 'text').map(textOf);
    for (const tick of ['0.001', '0.01', '0.1', '1', '10']) expect(texts).toContain(tick);
  });
});

describe('bad input', () => {
  it('throws a clear error for an empty series', () => {
    expect(() => line([])).toThrow(/series 0 is empty/);
    expect(() => plot({ series: [{ y: [1] }, { y: [], label: 'loss' }] })).toThrow(/series 1 \('loss'\) is empty/);
    expect(() => plot({ series: [] })).toThrow(/no series/);
  });

  it('throws when x and y differ in length', () => {
    expect(() => scatter([1, 2, 3], [1, 2])).toThrow(/3 x values but 2 y values/);
  });

  it('drops NaN/Inf points, breaks the line there and says so in a note', () => {
    const svg = line([1, 2, Number.NaN, 4, Number.POSITIVE_INFINITY, 6], { label: 'loss' });
    const [series] = seriesGroups(svg);
    expect(series!.attrs['data-dropped']).toBe('2');
    // Three runs: [1, 2], [4], [6] → three moves, one line-to.
    expect(findAll(series!, 'path')[0]!.attrs.d!.match(/[ML]/g)).toEqual(['M', 'L', 'M', 'M']);
    const notes = findAll(parseXml(svg), 'text').filter((t) => t.attrs.class === 'note').map(textOf);
    expect(notes).toEqual(["note: 2 of 6 points in series 0 ('loss') are NaN/Inf and are not drawn"]);
    // No NaN leaks into an attribute (a broken drawing in every renderer).
    expect(svg).not.toMatch(/="[^"]*(NaN|Infinity)/);
  });

  it("throws on NaN with nonFinite: 'error'", () => {
    expect(() => line([1, Number.NaN], { nonFinite: 'error' })).toThrow(/non-finite value at index 1/);
  });

  it('throws when no point at all can be drawn', () => {
    expect(() => line([Number.NaN, Number.NaN])).toThrow(/no drawable point/);
    expect(() => plot({ logY: true, series: [{ y: [0, -1] }] })).toThrow(/not positive on a log axis/);
  });

  it('leaves points ≤ 0 out of a log axis with a note', () => {
    const svg = plot({ logY: true, series: [{ y: [1, 0, 0.1] }] });
    expect(svg).toContain('1 of 3 points in series 0 are ≤ 0 and not drawn on the log axis');
  });
});

describe('lossCurve', () => {
  const losses = Array.from({ length: 200 }, (_, i) => 10 * Math.exp(-i / 15)); // 10 → ~2e-5

  it('picks a log scale by itself when the loss spans decades', () => {
    const texts = findAll(parseXml(lossCurve(losses)), 'text').map(textOf);
    expect(texts).toContain('Training loss');
    expect(texts).toContain('iteration');
    // 10 → 2e-5 is six decades: a tick every second decade.
    expect(texts).toEqual(expect.arrayContaining(['1e-5', '0.001', '0.1', '10']));
  });

  it('honours logScale: false', () => {
    const texts = findAll(parseXml(lossCurve(losses, { logScale: false })), 'text').map(textOf);
    expect(texts).not.toContain('1e-4');
    expect(texts).toContain('10');
  });

  it('adds a smoothed curve over the raw one', () => {
    const svg = lossCurve([5, 4, 6, 3, 2, 2.5, 1], { smoothing: 0.6 });
    expect(seriesGroups(svg).map((g) => g.attrs['data-label'])).toEqual(['raw', 'smoothed (0.6)']);
    expect(() => lossCurve([1, 2], { smoothing: 1 })).toThrow(/smoothing/);
  });

  it('throws on no losses', () => {
    expect(() => lossCurve([])).toThrow(/losses is empty/);
  });
});

describe('long series', () => {
  it('thins a 20,000-point line to what the pixels show, keeping its extremes', () => {
    // A decaying curve with one spike: the spike must survive the thinning.
    const ys = Array.from({ length: 20_000 }, (_, i) => (i === 12_345 ? 50 : 10 * Math.exp(-i / 3000)));
    const svg = line(ys, { width: 640, height: 400 });
    const d = findAll(seriesGroups(svg)[0]!, 'path')[0]!.attrs.d!;
    const points = d.match(/[ML]/g)!.length;
    expect(points).toBeLessThan(4 * 640);
    expect(points).toBeGreaterThan(500);
    // The spike is the highest point: the smallest pixel y in the path equals the frame's top (50 is the max).
    const yMin = Math.min(...[...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1])));
    const top = Number(findAll(parseXml(svg), 'rect').find((r) => r.attrs.stroke === '#444444')!.attrs.y);
    expect(yMin).toBeCloseTo(top, 0);
    expect(svg.length).toBeLessThan(120_000);
  });
});
