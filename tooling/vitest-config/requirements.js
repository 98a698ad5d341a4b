// @ts-check
/**
 * Test suites that need something of the machine (Chromium, the native `gl`
 * module, a display) run where it is, and elsewhere skip with the reason
 * printed: `ctx.skip(reason)` gives the skipped test a note, and the closing
 * reporter lists every note in the summary. Under `CI=true` a missing
 * requirement fails instead, so CI can never pass by skipping.
 */
import { describe, it } from 'vitest';

const inCI = process.env['CI'] === 'true';

/**
 * `describe(title, body)` where `available`, else one test that skips (or,
 * under CI=true, fails) saying why.
 * @param {string} title
 * @param {{ available: boolean, reason: string }} requirement `reason` says what is missing and how to get it
 * @param {() => void} body
 */
export function describeWhere(title, requirement, body) {
  if (requirement.available) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    if (inCI) {
      it('has what it needs (CI=true: a missing requirement fails)', () => {
        throw new Error(`CI=true but ${requirement.reason}`);
      });
    } else {
      it('skipped on this machine', (ctx) => ctx.skip(requirement.reason));
    }
  });
}
