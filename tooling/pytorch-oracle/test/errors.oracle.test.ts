/**
 * Misuse PyTorch refuses (fixtures/errors.json): grad must refuse it too,
 * with PyTorch's text (Python option names spelled as grad's API spells
 * them); and code PyTorch accepts (`accepts_*`, no message): grad must run
 * it. Listed differences must still differ.
 */
import { describe, expect, test } from 'vitest';
import { readFixture, type ErrorFixture } from './fixtures.js';
import { ERROR_CASES, toGradSpelling } from './error-cases.js';
import { KNOWN_ERROR_DISAGREEMENTS } from './known-disagreements.js';

const { errors } = readFixture<{ errors: Record<string, ErrorFixture> }>('errors.json');

function thrown(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return null;
}

describe('errors against PyTorch 1.13', () => {
  test.each(Object.entries(errors))('%s', (id, fx) => {
    const run = ERROR_CASES[id];
    expect(run, `error case '${id}' is missing from test/error-cases.ts`).toBeDefined();
    const got = thrown(run!);
    if (fx.message === null) {
      // PyTorch accepts it: grad must run it too (unless listed as still refused).
      if (KNOWN_ERROR_DISAGREEMENTS[id]) expect(got, `${id} now runs as in PyTorch: remove it from KNOWN_ERROR_DISAGREEMENTS`).not.toBeNull();
      else expect(got).toBeNull();
      return;
    }
    const want = toGradSpelling(fx.message!);
    const known = KNOWN_ERROR_DISAGREEMENTS[id];
    if (known) {
      // Listed: must still differ (remove the entry once it agrees).
      expect(got, `${id} now agrees with PyTorch: remove it from KNOWN_ERROR_DISAGREEMENTS`).not.toBe(want);
      return;
    }
    expect(got).toBe(want);
  });

  test('every listed error difference names a case of the fixtures', () => {
    expect(Object.keys(KNOWN_ERROR_DISAGREEMENTS).filter((id) => !(id in errors))).toEqual([]);
  });
});
