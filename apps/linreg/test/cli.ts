import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';

/** apps/linreg */
export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI as a real process, from its TypeScript sources (tsx, with the
 * `@grad/source` condition, as `pnpm demo` does), so no build is needed.
 * The environment is the test's minus anything that would steer the run.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base = { ...process.env };
  for (const key of ['GRAD_BACKEND', 'GRAD_GPUJS_MODE', 'INIT_CWD', 'FORCE_COLOR']) delete base[key];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--conditions=@grad/source', '--import', 'tsx', join(appDir, 'src/cli.ts'), ...args], {
      cwd: appDir,
      env: { ...base, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A fresh, empty output directory. */
export function tempOut(): string {
  return mkdtempSync(join(tmpdir(), 'linreg-test-'));
}

/** One parsed `w,b,loss: <w> <b> <loss>` line. */
export interface Line {
  w: number;
  b: number;
  loss: number;
}

const LINE = /^w,b,loss: (-?\d+\.\d{6}) (-?\d+\.\d{6}) (\d\.\d{4}e[+-]\d+)$/;

/** The tutorial lines of a run's output, parsed; throws on a malformed one. */
export function progressLines(stdout: string): Line[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('w,b,loss'))
    .map((l) => {
      const m = LINE.exec(l);
      if (!m) throw new Error(`malformed progress line: ${JSON.stringify(l)}`);
      return { w: Number(m[1]), b: Number(m[2]), loss: Number(m[3]) };
    });
}

/** Parses an SVG file as XML; returns the root element's attributes. Throws if it is not well-formed SVG. */
export function readSvg(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${path} is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text) as Record<string, unknown>;
  const svg = doc['svg'];
  if (!svg || typeof svg !== 'object') throw new Error(`${path}: the root element is not <svg>`);
  return svg as Record<string, unknown>;
}

/** Decodes a PNG file fully (signature, IHDR, CRCs, pixel data); returns its size. */
export function readPng(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  // The signature, then IHDR first, as the PNG spec requires.
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error(`${path}: not a PNG signature`);
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error(`${path}: the first chunk is not IHDR`);
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height };
}
