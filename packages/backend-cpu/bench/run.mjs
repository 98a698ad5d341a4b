// Bundles bench/kernels.ts with esbuild (sources of @grad/core and this
// package, no build step needed) and runs it in this Node process.
//   node bench/run.mjs [--simd=false] [--threads=N]
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entry = fileURLToPath(new URL('./kernels.ts', import.meta.url));
const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', conditions: ['@grad/source'], logLevel: 'warning' });
const file = join(mkdtempSync(join(tmpdir(), 'grad-bench-')), 'kernels.mjs');
writeFileSync(file, out.outputFiles[0].text);
await import(pathToFileURL(file).href);
