import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageReport } from './browser/page.js';

// gpu.js in a real browser: headless Chromium (Debian's, driven by
// playwright-core) renders WebGL 2 on SwiftShader. The page runs the same
// cross-backend program as the Node tests, on @grad/backend-cpu and on gpujs
// in webgl2 mode, and the results must agree to float32 tolerance.
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const present = existsSync(chromiumPath);
if (!present && process.env['CI'] === 'true') {
  throw new Error(`CI=true but no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}

const root = resolve(__dirname, '../../..');
const source = (p: string): string => resolve(root, p);

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [resolve(__dirname, 'browser/page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // The workspace packages from source, as vitest resolves them.
    alias: {
      '@grad/core': source('packages/core/src/index.ts'),
      '@grad/backend-cpu': source('packages/backend-cpu/src/index.ts'),
    },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

describe.runIf(present)(`gpujs in headless Chromium (webgl2)${present ? '' : ` (skipped here: no Chromium at ${chromiumPath})`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    // playwright launches with a fresh temporary profile of its own.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('runs the cross-backend program on webgl2 and agrees with the CPU backend', async () => {
    const script = await bundle();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    const report = (await page.evaluate(() => (globalThis as unknown as { runGradPage: (m: string) => unknown }).runGradPage('webgl2'))) as PageReport;
    expect(errors).toEqual([]);
    expect(report.mode).toBe('webgl2');
    expect(report.fallbacks).toBe(0);
    for (const key of Object.keys(report.cpu)) {
      expect(report.gpujs[key], key).toBeAllClose(report.cpu[key], { rtol: 1e-4, atol: 1e-5 });
    }
    for (const key of ['w', 'b']) {
      expect(report.gpujsRegression[key], key).toBeAllClose(report.cpuRegression[key], { rtol: 1e-4, atol: 1e-5 });
    }
    // the training loop reads back one value per step: the loss
    expect(report.transfersPerStep).toEqual(new Array(39).fill(1));
  }, 120_000);
});
