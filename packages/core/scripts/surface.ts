/**
 * The public surface of the unary primitives, generated from their rule
 * table so the table is the one list: the function forms (`exp(x)`) in
 * src/ops/unary-functions.ts and their names in src/index.ts (between the
 * `generated:` markers). Tensor methods need no file: tensor.ts installs them
 * from the same table. `test/surface.test.ts` fails when these files are not
 * what this renders, and says to run `pnpm --filter @grad/core generate`.
 */
import { UNARY_OPS, UNARY_RULES } from '../src/ops/unary-rules.js';

export const FUNCTIONS_FILE = 'src/ops/unary-functions.ts';
export const INDEX_FILE = 'src/index.ts';
export const BEGIN = '// generated: unary functions (begin) — from UNARY_RULES by `pnpm --filter @grad/core generate`';
export const END = '// generated: unary functions (end)';

/** src/ops/unary-functions.ts, whole. */
export function renderFunctions(): string {
  const lines = [
    '// Generated from UNARY_RULES (src/ops/unary-rules.ts) by `pnpm --filter @grad/core generate`',
    '// (scripts/generate-surface.ts): do not edit by hand; add a rule to the table instead.',
    "import { unaryFunction } from './unary.js';",
    '',
  ];
  for (const op of UNARY_OPS) {
    lines.push(`/** ${UNARY_RULES[op].doc} Also a method: \`x.${op}()\`. */`, `export const ${op} = unaryFunction('${op}');`);
  }
  return lines.join('\n') + '\n';
}

/** The block of src/index.ts between the markers, markers included. */
export function renderIndexBlock(): string {
  return [BEGIN, `export { ${UNARY_OPS.join(', ')} } from './ops/unary-functions.js';`, END].join('\n');
}

/** `index` with its generated block replaced by what the table says. */
export function withIndexBlock(index: string): string {
  const start = index.indexOf(BEGIN);
  const end = index.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${INDEX_FILE} has lost its generated-block markers`);
  return index.slice(0, start) + renderIndexBlock() + index.slice(end + END.length);
}
