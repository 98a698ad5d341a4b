/**
 * tidy(fn): frees the device memory of every tensor made inside `fn` except
 * what `fn` returns (as tfjs's tf.tidy). Tensors a graph saved for backward,
 * gradients stored in `.grad`, and tensors passed to keep() survive.
 */
import type { Tensor } from './tensor.js';
import { tidyScopes as scopes } from './tidy-scope.js';
import { valueTypeName } from '../shape.js';
import { TypeError } from '../errors.js';

/** @internal Every new tensor joins the innermost open scope. */
export function registerInTidyScope(t: Tensor): void {
  const top = scopes[scopes.length - 1];
  if (top) top.push(t);
}

/** A tensor, told apart structurally (tidy.ts cannot import the Tensor class: tensor.ts imports tidy.ts). */
function isTensor(value: unknown): value is Tensor {
  return value !== null && typeof value === 'object' && (value as { _ref?: unknown })._ref !== undefined && typeof (value as { dispose?: unknown }).dispose === 'function';
}

function collectTensors(value: unknown, into: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    into.add(value as Tensor);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, into, seen);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, into, seen);
  else for (const v of Object.values(value)) collectTensors(v, into, seen);
}

/**
 * Runs `fn` and disposes the tensors it made, except those it returns.
 *
 * ```ts
 * const y = tidy(() => x.mul(2).add(1)); // the intermediate x.mul(2) is freed
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy() expects a function to run, got ${valueTypeName(fn)}`);
  scopes.push([]);
  let result: T;
  let made: Tensor[] = [];
  try {
    result = fn();
  } catch (e) {
    // Nothing is freed on an error, so everything made must be under the safety net.
    made = scopes.pop()!;
    const outer = scopes[scopes.length - 1];
    for (const t of made) {
      if (outer) outer.push(t);
      else t._ref.track();
    }
    throw e;
  }
  made = scopes.pop()!;
  if (result instanceof Promise) {
    throw new TypeError('tidy() cannot be used with an async function: tensors would be freed before the promise settles.');
  }
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  const outer = scopes[scopes.length - 1];
  for (const t of made) {
    if (kept.has(t) || t._keep || t._savedCount > 0) {
      // A survivor: the outer scope decides, or, outermost, the safety net.
      if (outer) outer.push(t);
      else t._ref.track();
      continue;
    }
    t.dispose();
  }
  return result;
}

/** Marks a tensor to survive the tidy() scopes it was made in. Returns it. */
export function keep<T extends Tensor>(t: T): T {
  if (!isTensor(t)) throw new TypeError(`keep() expects a Tensor, got ${valueTypeName(t)}`);
  t._keep = true;
  return t;
}

/** Disposes each tensor in a (nested) list. */
export function dispose(tensors: Tensor | ReadonlyArray<unknown> | Record<string, unknown>): void {
  const set = new Set<Tensor>();
  collectTensors(tensors, set);
  for (const t of set) t.dispose();
}
