// @ts-check
/**
 * Prints vitest's default output, then the reasons for every skip (one line
 * per distinct reason, from `ctx.skip(reason)`), then one closing line
 * `N passed, N failed` (", N skipped" when any), which CI reads to count the
 * tests exactly.
 */
import { DefaultReporter } from 'vitest/node';

export default class ClosingLineReporter extends DefaultReporter {
  /** @param {any[]} testModules @param {unknown[]} errors @param {unknown} reason */
  onTestRunEnd(testModules, errors, reason) {
    super.onTestRunEnd?.(/** @type {any} */ (testModules), /** @type {any} */ (errors), /** @type {any} */ (reason));
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    /** @type {Map<string, number>} */
    const reasons = new Map();
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else {
          skipped++;
          const why = result.note ? `${mod.project.name}: ${test.fullName}: ${result.note}` : null;
          if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
      }
      // A module that failed to load has no tests but is a failure all the same.
      if (mod.state() === 'failed' && !mod.children.size) failed++;
    }
    if (errors.length) failed += errors.length;
    for (const why of reasons.keys()) process.stdout.write(`skipped: ${why}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
