/**
 * Where real PyTorch is installed, the generator runs again into a temporary
 * directory and every committed fixture must come out byte for byte the
 * same: a fixture edited by hand, or a generator changed without
 * regenerating (`pnpm --filter @grad/pytorch-oracle oracle`), fails here.
 * Without PyTorch the test is skipped with the reason printed, except under
 * CI=true, where PyTorch is part of the setup and its absence is a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { FIXTURE_DIR } from './fixtures.js';

// Debian's python3, the one apt installs python3-torch for (a pyenv python3 earlier on PATH cannot see it).
const PYTHON = '/usr/bin/python3';
const GENERATOR = fileURLToPath(new URL('../generator/generate.py', import.meta.url));

function torchVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

const version = torchVersion();
const inCI = process.env.CI === 'true';
if (version === null && !inCI) {
  console.log(`regenerate.test.ts: skipped, ${PYTHON} cannot import torch (install python3-torch to check the fixtures against PyTorch)`);
}

test.skipIf(version === null && !inCI)('the committed fixtures are what PyTorch generates now', () => {
  expect(version, `${PYTHON} cannot import torch, and CI=true requires it`).not.toBeNull();
  const out = mkdtempSync(join(tmpdir(), 'pytorch-oracle-'));
  try {
    const run = spawnSync(PYTHON, [GENERATOR, out], { encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const committed = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const name of committed) {
      const fresh = readFileSync(join(out, name), 'utf8');
      const stored = readFileSync(join(FIXTURE_DIR, name), 'utf8');
      expect(fresh === stored, `fixtures/${name} differs from what the generator writes now: rerun \`pnpm --filter @grad/pytorch-oracle oracle\``).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
