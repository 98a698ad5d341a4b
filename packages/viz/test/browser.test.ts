import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhere } from '@grad/vitest-config/requirements';
import { lossCurve, plot, renderSvg, saveReport } from '../src/index';
import { countColor, countInk, decodePng } from './helpers/png';

/**
 * The report opened in a real browser: Debian's headless Chromium, driven by
 * playwright-core. Without Chromium the test skips with that reason printed in
 * the summary; under CI=true it fails instead, so a missing browser fails CI.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumRequirement = {
  available: existsSync(executablePath),
  reason: `no Chromium at ${executablePath} for the browser test (Debian: apt-get install chromium, or set CHROMIUM_PATH)`,
};

describeWhere('HTML report in headless Chromium', chromiumRequirement, () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'grad-viz-browser-'));
    browser = await chromium.launch({
      executablePath,
      timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the plots and the graph, fetching nothing', async () => {
    const xs = Array.from({ length: 50 }, (_, i) => i / 49);
    const fit = plot({
      title: 'Linear regression',
      width: 600,
      height: 360,
      series: [
        { x: xs, y: xs.map((x, i) => 3 * x + 0.8 + ((i % 5) - 2) * 0.05), mode: 'markers', label: 'data', color: '#1f77b4' },
        { x: [0, 1], y: [0.8, 3.8], label: 'fit', color: '#d62728', lineWidth: 3 },
      ],
    });
    const loss = lossCurve(
      Array.from({ length: 500 }, (_, i) => 10 * Math.exp(-i / 40)),
      { width: 600, height: 300, color: '#2ca02c' },
    );
    const graph = await renderSvg('digraph { node [shape=box style=filled fillcolor=lightblue]; x -> AddBackward0 -> MeanBackward0 }');
    const path = join(dir, 'report.html');
    await saveReport({ title: 'Report', sections: [{ title: 'Fit', items: [{ svg: fit }] }, { title: 'Loss', items: [{ svg: loss }] }, { title: 'Graph', items: [{ svg: graph }] }] }, path);

    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    expect(requests).toEqual([pathToFileURL(path).href]);

    // The SVGs are laid out at a real size, not collapsed to nothing.
    const boxes = await page.$$eval('figure svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [Math.round(r.width), Math.round(r.height)]));
    expect(boxes).toHaveLength(3);
    expect(boxes[0]).toEqual([600, 360]);
    expect(boxes[1]).toEqual([600, 300]);

    const shot = decodePng(await page.screenshot({ fullPage: true }));
    expect(shot.width).toBe(1000);
    // Pixels of each series' colour: markers (80% opacity over white → #4c92c3),
    // the red fit line, the green loss curve, Graphviz's lightblue box (#add8e6).
    expect(countColor(shot, '#4c92c3', 16)).toBeGreaterThan(500);
    expect(countColor(shot, '#d62728', 16)).toBeGreaterThan(500);
    expect(countColor(shot, '#2ca02c', 16)).toBeGreaterThan(500);
    expect(countColor(shot, '#add8e6', 10)).toBeGreaterThan(500);
    expect(countInk(shot)).toBeGreaterThan(20_000);
    await page.close();
  }, 60_000);
});
