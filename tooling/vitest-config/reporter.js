// @ts-check
/**
 * Prints vitest's default output, then one closing line `N passed, N failed`
 * (", N skipped" when any), which CI reads to count the tests exactly.
 */
import { DefaultReporter } from 'vitest/node';

export default class ClosingLineReporter extends DefaultReporter {
  /** @param {any[]} testModules @param {unknown[]} errors @param {unknown} reason */
  onTestRunEnd(testModules, errors, reason) {
    super.onTestRunEnd?.(/** @type {any} */ (testModules), /** @type {any} */ (errors), /** @type {any} */ (reason));
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A module that failed to load has no tests but is a failure all the same.
      if (mod.state() === 'failed' && !mod.children.size) failed++;
    }
    if (errors.length) failed += errors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
