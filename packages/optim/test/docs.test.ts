import * as core from '@grad/core';
import * as cpuBackend from '@grad/backend-cpu';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import * as optim from '../src/index.js';

/**
 * The examples in the README and in every public class's TSDoc are run as
 * written (their imports bound to the real packages), so they stay true.
 */
const root = join(import.meta.dirname, '..');
const modules: Record<string, unknown> = { '@grad/core': core, '@grad/backend-cpu': cpuBackend, '@grad/optim': optim };

/** Runs a TypeScript snippet whose imports are named imports from the modules above. */
function run(source: string): void {
  const code = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const lines: string[] = [];
  const body = code.replace(/^import \{([^}]*)\} from ['"]([^'"]+)['"];$/gm, (_m, names: string, from: string) => {
    lines.push(`const {${names.replace(/\btype\s+\w+,?/g, '')}} = modules[${JSON.stringify(from)}];`);
    return '';
  });
  new Function('modules', lines.join('\n') + body)(modules);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('documentation examples', () => {
  it('the README example fits y = 3x + 0.8', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    run(code);
    const [w, b] = log.mock.calls[0] as [number, number];
    log.mockRestore();
    expect(w).toBeCloseTo(3, 3);
    expect(b).toBeCloseTo(0.8, 3);
  });

  const examples = sources(join(root, 'src')).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/@example\n \* ```ts\n([\s\S]*?) \* ```/g)].map((m) => {
      const code = (m[1] as string).replace(/^ \* ?/gm, '');
      const name = /export (?:abstract )?class (\w+)/.exec(text.slice(m.index))?.[1] ?? file;
      return [name, code] as const;
    });
  });

  it('every public class has one', () => {
    const classes = Object.entries(optim).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(examples.map(([name]) => name).sort()).toEqual(classes.sort());
  });

  it.each(examples)('%s’s TSDoc example runs', (_name, code) => {
    expect(() => run(code)).not.toThrow();
  });
});
