import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { progressLines, readPng, readSvg, runCli, tempOut, type CliRun } from './cli.js';

// The demo as a newcomer runs it: default options on the cpu backend, stdout
// not a terminal (so plain lines, no bar). Two runs with the same seed and a
// short one with another, side by side.
const outA = tempOut();
const outB = tempOut();
const outC = tempOut();
let a: CliRun;
let b: CliRun;
let c: CliRun;

beforeAll(async () => {
  [a, b, c] = await Promise.all([runCli(['--out', outA]), runCli(['--out', outB, '--seed', '0']), runCli(['--out', outC, '--seed', '1', '--epochs', '400'])]);
}, 60_000);

/** The output without the one line that carries a wall-clock time. */
const untimed = (stdout: string) => stdout.replace(/ in \d+\.\d+ s /, ' in <t> s ');

describe('pnpm demo on cpu', () => {
  it('exits 0 with nothing on stderr', () => {
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
  });

  it('prints the tutorial line every 200 iterations: 5000 / 200 = 25 lines', () => {
    const lines = progressLines(a.stdout);
    expect(lines).toHaveLength(25);
    expect(a.stdout.split('\n')[0]).toMatch(/^w,b,loss: \d\.\d{6} \d\.\d{6} \d\.\d{4}e[+-]\d+$/);
    // Plain text when stdout is not a terminal: no bar, no escape codes.
    expect(a.stdout).not.toMatch(/\x1b/);
  });

  it('converges to the line the data lies on, y = 3x + 0.8, with the loss falling all the way', () => {
    const lines = progressLines(a.stdout);
    const last = lines.at(-1)!;
    expect(Math.abs(last.w - 3)).toBeLessThan(0.01);
    expect(Math.abs(last.b - 0.8)).toBeLessThan(0.01);
    expect(last.loss).toBeLessThan(1e-5);
    // Gradient descent on a convex quadratic with a small step: the loss never goes up.
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.loss).toBeLessThanOrEqual(lines[i - 1]!.loss);
  });

  it('ends by saying what it found and where every file is', () => {
    expect(a.stdout).toMatch(/trained 5000 iterations in \d+\.\d+ s on cpu: w = 2\.99\d+, b = 0\.80\d+, loss = \d\.\d{4}e-\d+/);
    for (const name of ['fit.svg', 'fit.png', 'loss.svg', 'loss.png', 'graph.svg', 'graph.png', 'graph.dot', 'report.html']) {
      expect(a.stdout).toContain(join(outA, name));
      expect(existsSync(join(outA, name)), name).toBe(true);
    }
  });

  it('writes SVGs that parse as XML with an <svg> root and a size', () => {
    for (const name of ['fit.svg', 'loss.svg', 'graph.svg']) {
      const svg = readSvg(join(outA, name));
      expect(svg['width'] ?? svg['viewBox'], name).toBeDefined();
    }
    // The fit shows the data and the line; the graph names the tutorial's ops.
    const fit = readFileSync(join(outA, 'fit.svg'), 'utf8');
    expect(fit).toContain('data: y = 3x + 0.8');
    expect(fit).toMatch(/fit: y = 2\.99\d\dx \+ 0\.80\d\d/);
    const graph = readFileSync(join(outA, 'graph.svg'), 'utf8');
    for (const op of ['MeanBackward0', 'PowBackward0', 'SubBackward0', 'AddBackward0', 'MmBackward0', 'AccumulateGrad']) {
      expect(graph).toContain(op);
    }
  });

  it('writes PNGs with a valid IHDR and a sane size', () => {
    for (const name of ['fit.png', 'loss.png', 'graph.png']) {
      const { width, height } = readPng(join(outA, name));
      expect(width, name).toBeGreaterThanOrEqual(200);
      expect(width, name).toBeLessThanOrEqual(4000);
      expect(height, name).toBeGreaterThanOrEqual(200);
      expect(height, name).toBeLessThanOrEqual(4000);
    }
  });

  it('writes a self-contained report.html with the figures inline', () => {
    const html = readFileSync(join(outA, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('MmBackward0');
    expect(html).not.toMatch(/<script|<img|<link|src="http/i);
  });

  it('gives the same output for the same seed (the default is 0)', () => {
    expect(b.code).toBe(0);
    expect(untimed(b.stdout.replaceAll(outB, '<out>'))).toBe(untimed(a.stdout.replaceAll(outA, '<out>')));
    for (const name of ['fit.svg', 'loss.svg', 'graph.svg', 'graph.dot']) {
      expect(readFileSync(join(outB, name), 'utf8'), name).toBe(readFileSync(join(outA, name), 'utf8'));
    }
  });

  it('gives other data for another seed', () => {
    expect(c.code).toBe(0);
    const lines = progressLines(c.stdout);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toEqual(progressLines(a.stdout)[0]);
  });
});
