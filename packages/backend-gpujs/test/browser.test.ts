import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeWhere } from '@grad/vitest-config/requirements';
import { bundlePage, chromiumRequirement, launchChromium, runInPage } from './browser/chromium.js';
import type { PageReport } from './browser/page.js';

// gpu.js in a real browser: headless Chromium (Debian's, driven by
// playwright-core) renders WebGL 2 on SwiftShader. The page runs the same
// cross-backend program as the Node tests, on @grad/backend-cpu and on gpujs
// in webgl2 mode, and the results must agree to float32 tolerance.
describeWhere(`gpujs in headless Chromium (webgl2)`, chromiumRequirement, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('runs the cross-backend program on webgl2 and agrees with the CPU backend', async () => {
    const { result: report, errors } = await runInPage<PageReport>(browser, await bundlePage('page.ts'), 'runGradPage', 'webgl2');
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
