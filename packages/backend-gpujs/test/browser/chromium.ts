// What the browser tests share: finding Debian's Chromium, bundling a page
// script with esbuild, and starting Chromium with WebGL 2 on SwiftShader.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Whether Chromium is here, and if not, how to get it: absent, the browser
 * tests skip with that reason, except under CI=true, where they fail.
 */
export const chromiumRequirement = {
  available: existsSync(chromiumPath),
  reason: `no Chromium at ${chromiumPath} for the browser tests (Debian: apt-get install chromium, or set CHROMIUM_PATH)`,
};


/** Bundles a page script (test/browser/<entry>) into one IIFE, the workspace packages from source as vitest resolves them. */
export async function bundlePage(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [resolve(__dirname, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // The workspace packages from their sources, as vitest resolves them.
    conditions: ['@grad/source'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/**
 * Starts headless Chromium with WebGL 2 on SwiftShader. The other flags keep
 * it from stalling on the closed network (ENVIRONMENT.md); playwright gives
 * it a fresh temporary profile of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/**
 * Opens a blank page, loads the bundled script, calls the global function it
 * installed with `arg`, and returns its result with the page's uncaught errors.
 */
export async function runInPage<T>(browser: Browser, script: string, fn: string, arg: unknown): Promise<{ result: T; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    const result = (await page.evaluate(
      ([name, a]) => (globalThis as unknown as Record<string, (x: unknown) => unknown>)[name as string]!(a),
      [fn, arg] as const,
    )) as T;
    return { result, errors };
  } finally {
    await page.close();
  }
}
