import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions, USAGE } from '../src/args.js';
import { appDir, runCli } from './cli.js';

describe('bad options: a clear message on stderr and exit status 2', () => {
  // Each case runs the real CLI; they answer before any tensor code loads.
  const cases: Array<{ args: string[]; env?: Record<string, string>; message: string }> = [
    { args: ['--bogus'], message: "Unknown option '--bogus'" },
    { args: ['extra'], message: "Unexpected argument 'extra'" },
    { args: ['--lr', 'abc'], message: "--lr expects a number, got 'abc'" },
    { args: ['--lr=-0.5'], message: '--lr must be positive, got -0.5' },
    { args: ['--lr'], message: "Option '--lr <value>' argument missing" },
    { args: ['--epochs', '0'], message: '--epochs must be at least 1, got 0' },
    { args: ['--epochs=-3'], message: '--epochs must be at least 1, got -3' },
    { args: ['--epochs', '2.5'], message: "--epochs expects an integer, got '2.5'" },
    { args: ['--seed', 'one'], message: "--seed expects a number, got 'one'" },
    { args: ['--backend', 'tpu'], message: "unknown backend 'tpu': expected one of cpu, gpujs" },
    { args: [], env: { GRAD_BACKEND: 'cuda' }, message: "unknown backend (from GRAD_BACKEND) 'cuda': expected one of cpu, gpujs" },
    { args: ['--optimizer', 'rmsprop'], message: "unknown optimizer 'rmsprop': expected one of manual, sgd, adam" },
    { args: ['--every', '0'], message: '--every must be at least 1, got 0' },
  ];
  it.concurrent.each(cases)('$args $env', async ({ args, env, message }) => {
    const run = await runCli(args, env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`grad-linreg: ${message}`);
    expect(run.stderr).toContain('Run with --help');
  });
});

describe('--help', () => {
  it('prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(USAGE);
    for (const flag of ['--backend', '--seed', '--lr', '--epochs', '--optimizer', '--out', '--quiet', '--json', 'GRAD_BACKEND']) {
      expect(run.stdout).toContain(flag);
    }
  });
});

describe('the built bin (dist/cli.js)', () => {
  const bin = join(appDir, 'dist/cli.js');
  // `pnpm test` builds first (turbo); `pnpm test:unit` alone may not have.
  it('answers --help and a bad option like the sources do', (ctx) => {
    if (!existsSync(bin)) ctx.skip('apps/linreg is not built (pnpm test builds first; pnpm test:unit alone does not)');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(USAGE);
    const bad = spawnSync(process.execPath, [bin, '--epochs', '0'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--epochs must be at least 1, got 0');
  });
});

describe('parseOptions', () => {
  it('has the tutorial as its defaults', () => {
    expect(parseOptions([], {})).toEqual({
      backend: 'cpu',
      seed: 0,
      lr: 0.01,
      epochs: 5000,
      optimizer: 'manual',
      every: 200,
      out: 'out',
      quiet: false,
      json: false,
      help: false,
    });
  });

  it('takes a leading -- (pnpm demo -- --seed 3 hands it through) and --flag=value', () => {
    expect(parseOptions(['--', '--seed', '3', '--lr=0.1', '--backend', 'gpujs'], {})).toMatchObject({ seed: 3, lr: 0.1, backend: 'gpujs' });
  });

  it('reads GRAD_BACKEND, and --backend wins over it', () => {
    expect(parseOptions([], { GRAD_BACKEND: 'gpujs' }).backend).toBe('gpujs');
    expect(parseOptions(['--backend', 'cpu'], { GRAD_BACKEND: 'gpujs' }).backend).toBe('cpu');
    expect(parseOptions([], { GRAD_BACKEND: '  ' }).backend).toBe('cpu');
  });
});
