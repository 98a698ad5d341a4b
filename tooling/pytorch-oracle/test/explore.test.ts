import { test } from 'vitest';
import { readFixture, type OpFixture } from './fixtures.js';
import { checkOp, ASPECTS } from './check-op.js';
test('explore', () => {
  const { cases } = readFixture<{ cases: OpFixture[] }>('ops.json');
  const bad: Record<string, string[]> = {};
  const first: Record<string, string> = {};
  for (const fx of cases) {
    const r = checkOp(fx);
    for (const a of ASPECTS) if (r[a]) { const k = `${fx.op}/${a}`; (bad[k] ??= []).push(`${fx.dtype}#${fx.case}`); first[k] ??= r[a]!; }
  }
  for (const k of Object.keys(bad)) console.log(k, bad[k]!.join(' '), '::', first[k]!.slice(0, 300).replace(/\n/g, ' | '));
});
