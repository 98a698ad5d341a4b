/**
 * The root README's TypeScript snippets are runnable as written: each block
 * that imports a @grad package runs as its own program (tsx, from the
 * sources), and prints what the README's comments say it prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = resolve(__dirname, '..');
const readme = readFileSync(resolve(appDir, '../../README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes("from '@grad/"));
// Inside the app so that its node_modules resolve @grad/*.
const scratch = join(appDir, 'test', '.readme-tmp');

/** What each runnable block must print, worked out by hand (see the README's comments). */
const expectations: Array<{ has: string; prints: string[] }> = [
  { has: 'const out = z.mean();', prints: ['tensor([[12., 27.],', '[48., 75.]], grad_fn=<MulBackward0>)', 'tensor(40.5000, grad_fn=<MeanBackward0>)', 'tensor([[3.0000, 4.5000],', '[6.0000, 7.5000]])'] },
  { has: 'y = x² + 20', prints: ['tensor(20.)'] },
  { has: 'accumulated', prints: ['tensor([ 5., 10., 15., 20.])', 'tensor([10., 20., 30., 40.])', 'false null', 'false'] },
  { has: 'class Line', prints: ['tensor(12., grad_fn=<MulBackward0>) tensor(12.)', 'LineBackward tensor(1.)'] },
  { has: 'new SGD', prints: ['2.998 0.801', 'true true'] },
];

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(code: string, name: string): string {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${name}.ts`);
  writeFileSync(file, code);
  return execFileSync(join(appDir, 'node_modules/.bin/tsx'), ['--conditions=@grad/source', file], {
    cwd: appDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('README snippets', () => {
  it('has the blocks this test expects', () => {
    for (const e of expectations) expect(blocks.some((b) => b.includes(e.has)), e.has).toBe(true);
  });

  blocks.forEach((block, i) => {
    const expectation = expectations.find((e) => block.includes(e.has));
    it(`block ${i + 1} runs${expectation ? ` and prints ${expectation.prints.length} expected lines` : ''}`, () => {
      const out = run(block, `block-${i + 1}`);
      const lines = out.split('\n').map((l) => l.trim());
      for (const p of expectation?.prints ?? []) expect(lines, `output:\n${out}`).toContain(p);
    }, 60_000);
  });
});
