import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeWhere } from '@grad/vitest-config/requirements';
import { bundlePage, chromiumRequirement, launchChromium, runInPage } from './browser/chromium.js';
import type { ReliabilityReport } from './browser/reliability-page.js';
import { cases } from './nan-inf-cases.js';
import { expectSame } from './expect-same.js';

// The reliability checks in a real browser's GL (WebGL 2 through ANGLE on
// SwiftShader, a different GLSL compiler from Node's Mesa): NaN and ±∞ as
// PyTorch gives them, and an out-of-range gather refused at the next read.
describeWhere(`gpujs reliability in headless Chromium (webgl2)`, chromiumRequirement, () => {
  let browser: Browser;
  let report: ReliabilityReport;
  beforeAll(async () => {
    browser = await launchChromium();
    const { result, errors } = await runInPage<ReliabilityReport>(browser, await bundlePage('reliability-page.ts'), 'runReliabilityPage', 'webgl2');
    expect(errors).toEqual([]);
    report = result;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('runs in webgl2 with deferred index checks and no cpu fallback', () => {
    expect(report.mode).toBe('webgl2');
    expect(report.indexChecks).toBe('deferred');
    expect(report.fallbacks).toBe(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))('NaN/±∞: %s', (name, c) => {
    expectSame(report.values[name], c.expected, name);
  });

  it('an out-of-range gather returns, and the next read throws the CPU text; then reads work again', () => {
    expect(report.gather.at).toBe('read');
    expect(report.gather.message).toBe('index 3 is out of bounds for dimension 1 with size 3');
    expect(report.gather.cause).toContain('gather');
    // the gather itself moved nothing to the host
    expect(report.gather.transfersAfter).toBe(report.gather.transfersBefore);
    expect(report.gather.readAfter).toBe(7);
  });
});
