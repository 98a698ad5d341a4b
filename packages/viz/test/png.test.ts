import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossCurve, plot, renderSvg, savePlot, scatter, svgToPng } from '../src/index';
import { countColor, countInk, decodePng, pngSize } from './helpers/png';
import { parseXml } from './helpers/xml';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grad-viz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fig = () =>
  plot({
    title: 'fit',
    width: 400,
    height: 300,
    series: [
      { x: [0, 1, 2, 3], y: [0.8, 3.8, 6.8, 9.8], mode: 'markers', label: 'data' },
      { x: [0, 3], y: [0.8, 9.8], label: 'fit' },
    ],
  });

describe('savePlot', () => {
  it('writes PNG at twice the SVG size by default, decodable, with the series colours', async () => {
    const path = join(dir, 'fit.png');
    await savePlot(fig(), path);
    const bytes = new Uint8Array(await readFile(path));
    // 400 × 300 CSS pixels at the default scale 2.
    expect(pngSize(bytes)).toEqual({ width: 800, height: 600 });
    const png = decodePng(bytes);
    expect([png.width, png.height]).toEqual([800, 600]);
    // Markers alone are drawn at 80% opacity: 0.8·#1f77b4 + 0.2·white = #4c92c3.
    // Four of radius 3.5 at scale 2 cover about 4·π·7² ≈ 600 pixels.
    expect(countColor(png, '#4c92c3', 12)).toBeGreaterThan(300);
    expect(countColor(png, '#ff7f0e', 20)).toBeGreaterThan(200); // the orange line
    expect(countInk(png)).toBeLessThan(800 * 600 * 0.3); // a white figure, not a black box
  });

  it('honours an explicit width and keeps the aspect ratio', async () => {
    const png = await svgToPng(fig(), { width: 1000 });
    expect(pngSize(png)).toEqual({ width: 1000, height: 750 });
  });

  it('writes SVG text with an XML declaration', async () => {
    const path = join(dir, 'nested', 'fit.svg');
    await savePlot(fig(), path);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(parseXml(text).tag).toBe('svg');
  });

  it('rasterises a Graphviz drawing too', async () => {
    const svg = await renderSvg('digraph { a -> b }');
    const png = decodePng(await svgToPng(svg, { scale: 1 }));
    expect(png.width).toBeGreaterThan(20);
    expect(countInk(png)).toBeGreaterThan(50);
  });

  it('draws text with the bundled-or-system font (text pixels exist)', async () => {
    const onlyText = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="30" font-size="24" font-family="'DejaVu Sans', sans-serif">loss</text></svg>`;
    const png = decodePng(await svgToPng(onlyText, { scale: 1 }));
    expect(countInk(png), 'no font drew the text: install one (Debian: apt-get install -y fonts-dejavu-core)').toBeGreaterThan(100);
  });

  it('refuses an unknown extension or a non-SVG string, and leaves no file behind', async () => {
    await expect(savePlot(fig(), join(dir, 'fit.jpg'))).rejects.toThrow(/\.svg or \.png/);
    await expect(savePlot('hello', join(dir, 'bad.png'))).rejects.toThrow(/expected an SVG document/);
    const files = await readdir(dir);
    expect(files.filter((f) => f.startsWith('bad') || f.endsWith('.tmp') || f.endsWith('.jpg'))).toEqual([]);
  });

  it('saves a long loss curve', async () => {
    const losses = Array.from({ length: 5000 }, (_, i) => 10 * Math.exp(-i / 400));
    const path = join(dir, 'loss.png');
    await savePlot(lossCurve(losses), path, { scale: 1 });
    expect(pngSize(new Uint8Array(await readFile(path)))).toEqual({ width: 640, height: 400 });
  });

  it('keeps scatter of a tensor-like input', async () => {
    const png = await svgToPng(scatter({ tolist: () => [[0], [1]] }, [1, 2]), { scale: 1 });
    expect(pngSize(png)).toEqual({ width: 640, height: 400 });
  });
});
