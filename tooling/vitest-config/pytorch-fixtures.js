// @ts-check
/**
 * Golden fixtures written by real PyTorch stay honest: where PyTorch is
 * installed, the generator runs again into a temporary directory and every
 * committed fixture must come out byte for byte the same (a fixture edited
 * by hand, or a generator changed without regenerating, fails). Without
 * PyTorch the test skips with the reason in the summary, except under
 * CI=true, where PyTorch is part of the set-up and its absence fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWhere } from './requirements.js';

/** Debian's python3, the one apt installs python3-torch for (a pyenv python3 earlier on PATH cannot see it). */
export const PYTHON = '/usr/bin/python3';

/** PyTorch's version as `PYTHON` sees it, or null when it cannot import torch. */
export function torchVersion() {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * Declares the regeneration test of one fixture directory.
 * @param {{ generator: string, args: (out: string) => string[], fixtureDir: string, command: string }} options
 *   `args(out)` are the generator's arguments to write into `out`; `command` is how to regenerate by hand.
 */
export function checkFixturesRegenerate({ generator, args, fixtureDir, command }) {
  const requirement = {
    available: torchVersion() !== null,
    reason: `${PYTHON} cannot import torch, needed to check the fixtures against PyTorch (Debian: apt-get install python3-torch)`,
  };
  describeWhere('fixtures from real PyTorch', requirement, () => {
    it('the committed fixtures are what PyTorch generates now', () => {
      const out = mkdtempSync(join(tmpdir(), 'grad-fixtures-'));
      try {
        const run = spawnSync(PYTHON, [generator, ...args(out)], { encoding: 'utf8', timeout: 300_000 });
        expect(run.status, run.stderr).toBe(0);
        const committed = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort();
        expect(readdirSync(out).sort()).toEqual(committed);
        for (const name of committed) {
          const fresh = readFileSync(join(out, name), 'utf8');
          const stored = readFileSync(join(fixtureDir, name), 'utf8');
          expect(fresh === stored, `${name} differs from what the generator writes now: rerun \`${command}\``).toBe(true);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }, 300_000);
  });
}
