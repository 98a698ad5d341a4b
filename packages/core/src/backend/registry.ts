import type { Backend } from './backend.js';
import { RuntimeError, TypeError } from '../errors.js';

const backends = new Map<string, Backend>();
let defaultName: string | null = null;

/**
 * Adds a backend under its `name`. The first one registered becomes the
 * default. Registering a name again replaces it (useful in tests and hot reload).
 *
 * ```ts
 * import { registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * registerBackend(cpu());
 * ```
 */
export function registerBackend(backend: Backend): void {
  if (!backend || typeof backend.name !== 'string' || !('kernels' in backend)) {
    throw new TypeError('registerBackend expects a Backend object with a name and kernels (e.g. cpu() from @grad/backend-cpu)');
  }
  backends.set(backend.name, backend);
  if (defaultName === null) defaultName = backend.name;
}

/** Makes a registered backend the default for new tensors. */
export function setBackend(name: string): void {
  if (!backends.has(name)) {
    throw new RuntimeError(
      `Backend '${name}' is not registered. Registered backends: ${listBackends().join(', ') || 'none'}. ` +
        `Register it with registerBackend(), or load it with await useBackend('${name}').`,
    );
  }
  defaultName = name;
}

/** The default backend's name, or null when none is registered. */
export function getBackend(): string | null {
  return defaultName;
}

/** Names of the registered backends, in registration order. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** @internal The Backend object for a device name (the default when omitted), or a clear error. */
export function backendFor(name?: string): Backend {
  const key = name ?? defaultName;
  if (key === null) {
    throw new RuntimeError(
      'No grad backend is registered. Register one before creating tensors, e.g.\n' +
        "  import { registerBackend } from '@grad/core';\n" +
        "  import { cpu } from '@grad/backend-cpu';\n" +
        '  registerBackend(cpu());\n' +
        "or: await useBackend('cpu')",
    );
  }
  const backend = backends.get(key);
  if (!backend) {
    throw new RuntimeError(
      `Unknown device '${key}'. Registered backends: ${listBackends().join(', ') || 'none'}. ` +
        `Load it with await useBackend('${key}').`,
    );
  }
  return backend;
}

/** @internal Every registered backend, for memory(). */
export function registeredBackends(): Backend[] {
  return [...backends.values()];
}

type BackendModule = Record<string, unknown>;

/** Reads GRAD_BACKEND without assuming Node (browsers have no `process`). */
function envBackend(): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = proc?.env?.GRAD_BACKEND;
  return v && v.trim() ? v.trim() : undefined;
}

/**
 * Loads `@grad/backend-<name>` if it is not registered yet, registers it and
 * makes it the default: a backend chosen by configuration alone. With no name
 * it reads the `GRAD_BACKEND` environment variable, else `'cpu'`.
 *
 * In Node the package is resolved from the application's working directory
 * (not from core's own folder), so it works under pnpm's strict layout.
 * `options` are passed to the backend's factory.
 *
 * ```ts
 * await useBackend('gpujs', { mode: 'webasm' });
 * ```
 */
export async function useBackend(name?: string, options?: Record<string, unknown>): Promise<string> {
  const chosen = name ?? envBackend() ?? 'cpu';
  if (!backends.has(chosen) || options !== undefined) {
    const mod = await importBackendPackage(chosen);
    const factoryName = chosen.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const factory = mod[factoryName] ?? mod.default ?? mod.createBackend;
    if (typeof factory !== 'function') {
      throw new RuntimeError(`@grad/backend-${chosen} does not export a backend factory named '${factoryName}'`);
    }
    registerBackend((factory as (o?: unknown) => Backend)(options));
  }
  setBackend(chosen);
  return chosen;
}

/** The ESM entry of a package, from its package.json (exports["."].import, else module, else main). */
function esmEntry(pkg: { exports?: unknown; module?: string; main?: string }): string | undefined {
  const root = (pkg.exports as Record<string, unknown> | undefined)?.['.'] ?? pkg.exports;
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return pick(o.import) ?? pick(o.default) ?? pick(o.node);
    }
    return undefined;
  };
  return pick(root) ?? pkg.module ?? pkg.main;
}

async function importBackendPackage(name: string): Promise<BackendModule> {
  const specifier = `@grad/backend-${name}`;
  const proc = (globalThis as { process?: { versions?: { node?: string }; cwd?: () => string } }).process;
  const errors: string[] = [];
  if (proc?.versions?.node && proc.cwd) {
    // Resolve from the application, not from this file: under pnpm, core's own
    // node_modules does not contain the backend packages. require.resolve
    // would pick the CommonJS build (and with it a second copy of core), so
    // the package's ESM entry is read from its package.json instead.
    try {
      // Specifiers built at run time, so that browser bundlers do not try to include Node's modules.
      const node = 'node:';
      const nodeModule = (await import(/* @vite-ignore */ `${node}module`)) as {
        createRequire(path: string): { (id: string): unknown; resolve(id: string): string };
      };
      const url = (await import(/* @vite-ignore */ `${node}url`)) as { pathToFileURL(p: string): URL };
      const path = (await import(/* @vite-ignore */ `${node}path`)) as { dirname(p: string): string; join(...p: string[]): string };
      const require = nodeModule.createRequire(`${proc.cwd()}/package.json`);
      let target: string;
      try {
        const pkgPath = require.resolve(`${specifier}/package.json`);
        const entry = esmEntry(require(pkgPath) as Record<string, string>);
        target = entry ? path.join(path.dirname(pkgPath), entry) : require.resolve(specifier);
      } catch {
        target = require.resolve(specifier);
      }
      return (await import(/* @vite-ignore */ url.pathToFileURL(target).href)) as BackendModule;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  try {
    return (await import(/* @vite-ignore */ specifier)) as BackendModule;
  } catch (e) {
    errors.push((e as Error).message);
  }
  throw new RuntimeError(
    `Could not load backend '${name}': install ${specifier} in your application (pnpm add ${specifier}). ` +
      `Details: ${errors.join(' | ')}`,
  );
}
