import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeWhere } from '@grad/vitest-config/requirements';
import { bundlePage, chromiumRequirement, launchChromium, runInPage } from './browser/chromium.js';
import type { CaseKind, ConformanceReport, ConformanceRequest } from './browser/conformance-page.js';

// The conformance suite of @grad/core/testing in a real browser: gpu.js in
// webgl2 mode (WebGL 2 on SwiftShader in headless Chromium) runs every forward
// case, every semantics case, and every gradient case's first derivatives
// (gradcheck, float32 finite differences) on shapes drawn by fast-check.
// Second derivatives stay in Node (tooling/scripts/matrix): under SwiftShader
// they would multiply the run time for kernels the first derivatives already use.

/** The label of these results, in the support matrix's `gpujs (<mode>)` form. */
const LABEL = 'gpujs (webgl2)';
const seed = Number(process.env['GRAD_FC_SEED'] ?? 42);

/** With GRAD_CONFORMANCE_OUT set, each result is appended as one JSON line, as runConformance does in Node. */
function emit(report: ConformanceReport): void {
  const path = process.env['GRAD_CONFORMANCE_OUT'];
  if (!path) return;
  const lines = report.results.map(({ kind, name, passed, error }) =>
    JSON.stringify({ backend: LABEL, kind, name, passed, ...(passed ? {} : { error }) }),
  );
  appendFileSync(path, lines.map((l) => l + '\n').join(''));
}

describeWhere(`conformance: ${LABEL} in headless Chromium`, chromiumRequirement, () => {
  let browser: Browser;
  let script: string;
  beforeAll(async () => {
    [browser, script] = await Promise.all([launchChromium(), bundlePage('conformance-page.ts')]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const kinds: [CaseKind, string, number][] = [
    ['forward', 'forward values', 60_000],
    ['gradient', 'first derivatives against finite differences', 180_000],
    ['semantics', 'autograd semantics', 60_000],
  ];
  for (const [kind, title, timeout] of kinds) {
    it(
      title,
      async () => {
        const request: ConformanceRequest = { mode: 'webgl2', seed, numRuns: 2, kinds: [kind] };
        const { result: report, errors } = await runInPage<ConformanceReport>(browser, script, 'runGradConformance', request);
        emit(report);
        expect(errors).toEqual([]);
        expect(report.mode).toBe('webgl2');
        expect(report.results.length).toBeGreaterThan(0);
        const failed = report.results.filter((r) => !r.passed);
        expect(failed.length, `${failed.length} of ${report.results.length} ${kind} cases failed on webgl2:\n${failed.map((f) => `- ${f.name}: ${f.error}`).join('\n')}`).toBe(0);
        // Every kernel ran on the GPU path, none fell back to the CPU.
        expect(report.fallbacks).toBe(0);
      },
      timeout,
    );
  }
});
