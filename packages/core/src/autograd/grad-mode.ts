/**
 * Grad mode: whether ops record the graph (torch.is_grad_enabled), and
 * whether new tensors are inference tensors (torch.inference_mode).
 *
 * The mode lives in a *frame*. `noGrad(fn)`, `enableGrad(fn)` and
 * `inferenceMode(fn)` run `fn` in a fresh frame and restore the previous one
 * when `fn` returns or throws; `setGradEnabled(flag)` changes the current
 * frame, so inside one of those calls it lasts until the call ends.
 *
 * Synchronous callbacks (the hot path: core itself calls `noGrad` inside
 * ops) swap two module variables and put them back. Async callbacks
 * (`async () => …`) need the frame to follow the callback across its
 * `await`s, and not to leak into whatever runs between them: JavaScript has
 * no task-local state of its own, so that is Node's `AsyncLocalStorage`,
 * fetched at run time (core imports no `node:` module) the first time an
 * async callback arrives. Only from then on do reads ask the async context;
 * a program that never passes an async callback never pays for it (Node 20
 * implements `AsyncLocalStorage` with promise hooks, which made a loop of
 * bare `await`s 2–3× slower here).
 *
 * Where no `AsyncLocalStorage` exists (browsers), an async callback is
 * refused with a TypeError before anything runs: the alternative, a mode
 * that silently ends at the first `await`, records graphs the user asked not
 * to record. A non-async function that returns a promise is refused
 * everywhere (see {@link asyncRefusal}): its awaits were set up before grad
 * mode could follow them.
 */
import { valueTypeName } from '../shape.js';
import { TypeError } from '../errors.js';

/** One grad-mode frame. Frames are never shared between concurrent callbacks. */
interface Frame {
  enabled: boolean;
  /** > 0 inside inferenceMode (nested calls count up). */
  inference: number;
}

/** The part of Node's AsyncLocalStorage used here. */
interface AsyncContext {
  getStore(): Frame | undefined;
  run<R>(store: Frame, fn: () => R): R;
}

/**
 * The frame of synchronous code that no async callback encloses, as two
 * plain variables (the fastest thing to read on every op);
 * `setGradEnabled` at top level changes these.
 */
let enabledNow = true;
let inferenceNow = 0;

/**
 * The async context, once an async callback has needed it (`null` before,
 * and for ever where the platform has none). When set, a frame found in it
 * wins over `enabledNow`/`inferenceNow`: code running inside an async
 * callback (also after an `await`) sees that callback's frame; code outside
 * every callback finds no store and falls back to them.
 */
let asyncContext: AsyncContext | null = null;

/** Whether looking for AsyncLocalStorage already failed (looked up once). */
let asyncContextMissing = false;

/** The async callback's frame in force here and now, if any. */
function asyncFrame(): Frame | undefined {
  return asyncContext === null ? undefined : asyncContext.getStore();
}

type AsyncLocalStorageClass = new () => AsyncContext;

/** Node's (and Bun's, Deno's) AsyncLocalStorage, without a static `node:` import; `null` in browsers and Node < 20.16. */
function lookUpAsyncContext(): AsyncContext | null {
  if (asyncContext !== null) return asyncContext;
  if (asyncContextMissing) return null;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  let hooks: { AsyncLocalStorage?: AsyncLocalStorageClass } | undefined;
  try {
    hooks = proc?.getBuiltinModule?.('node:async_hooks') as typeof hooks;
  } catch {
    hooks = undefined;
  }
  if (typeof hooks?.AsyncLocalStorage !== 'function') {
    asyncContextMissing = true;
    return null;
  }
  asyncContext = new hooks.AsyncLocalStorage();
  return asyncContext;
}

/** Whether `fn` is a native `async` function (it then returns a promise, and awaits inside). */
function isAsyncFunction(fn: unknown): boolean {
  return (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction';
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** The TypeError for an async callback that grad mode cannot follow; `what` is the caller's name. */
function asyncRefusal(what: string, reason: 'platform' | 'not-async'): TypeError {
  if (reason === 'platform') {
    return new TypeError(
      `${what}() got an async callback, but this platform has no AsyncLocalStorage, so grad mode cannot follow it ` +
        `across its awaits (it would end at the first await and record a graph after it; browsers have none, Node ` +
        `needs 20.16 or later). Call ${what}() around the ` +
        `synchronous tensor code inside the async function instead: await load(); const y = ${what}(() => model(x));`,
    );
  }
  return new TypeError(
    `${what}() got a callback that returned a Promise but is not an async function, so grad mode could not follow ` +
      `its awaits (they were set up before ${what}() saw the Promise). Write it as ${what}(async () => …), which ` +
      `holds the mode for the whole callback, or call ${what}() around the synchronous tensor code.`,
  );
}

/**
 * Runs `fn(...args)` in a new frame and returns its result. Async functions
 * run in the async context's store, which follows every `await`. Synchronous
 * ones, before any async callback was seen, save and restore `enabledNow` and
 * `inferenceNow` (no allocation: core calls this inside ops); afterwards they too
 * take a store, so that a sync call nested in an async callback wins over
 * the callback's frame.
 */
function withMode<A extends unknown[], R>(what: string, enabled: boolean, inference: boolean, fn: (...args: A) => R, args?: A): R {
  if (typeof fn !== 'function') throw new TypeError(`${what}() expects a function to run, got ${valueTypeName(fn)}`);
  if (asyncContext !== null || isAsyncFunction(fn)) return withModeInContext(what, enabled, inference, fn, args);
  const wasEnabled = enabledNow;
  const wasInference = inferenceNow;
  enabledNow = enabled;
  if (inference) inferenceNow++;
  let result: R;
  try {
    result = args === undefined ? (fn as unknown as () => R)() : fn(...args);
  } finally {
    enabledNow = wasEnabled;
    inferenceNow = wasInference;
  }
  if (isThenable(result)) refuseReturnedPromise(what, result);
  return result;
}

/** {@link withMode} through the async context: async callbacks, and every call once one was seen. */
function withModeInContext<A extends unknown[], R>(what: string, enabled: boolean, inference: boolean, fn: (...args: A) => R, args?: A): R {
  const call = args === undefined ? (fn as unknown as () => R) : (): R => fn(...args);
  if (isAsyncFunction(fn)) {
    const context = lookUpAsyncContext();
    if (context === null) throw asyncRefusal(what, 'platform');
    return context.run(nextFrame(enabled, inference), call);
  }
  const result = asyncContext!.run(nextFrame(enabled, inference), call);
  if (isThenable(result)) refuseReturnedPromise(what, result);
  return result;
}

/** Throws for a non-async callback that returned a promise (see {@link asyncRefusal}). */
function refuseReturnedPromise(what: string, result: PromiseLike<unknown>): never {
  // The caller gets the error instead of the promise; keep the orphaned
  // promise's own failure from surfacing as an unhandled rejection too.
  result.then(undefined, () => undefined);
  throw asyncRefusal(what, 'not-async');
}

/** A fresh frame inside the current one. */
function nextFrame(enabled: boolean, inference: boolean): Frame {
  const depth = asyncFrame()?.inference ?? inferenceNow;
  return { enabled, inference: depth + (inference ? 1 : 0) };
}

/** Whether ops record the graph now (torch.is_grad_enabled). */
export function isGradEnabled(): boolean {
  if (asyncContext === null) return enabledNow;
  return asyncContext.getStore()?.enabled ?? enabledNow;
}

/**
 * Turns recording on or off until changed again (torch.set_grad_enabled).
 * Inside `noGrad`/`enableGrad`/`inferenceMode` (sync or async) it lasts
 * until that call ends; inside an async callback it changes only that
 * callback's mode, not code running concurrently.
 *
 * ```ts
 * setGradEnabled(false);
 * x.mul(2).requiresGrad; // false
 * setGradEnabled(true);
 * ```
 */
export function setGradEnabled(flag: boolean): void {
  const frame = asyncFrame();
  if (frame === undefined) enabledNow = flag;
  else frame.enabled = flag;
}

export interface NoGrad {
  /**
   * Runs `fn` with recording off and returns its result (torch.no_grad).
   * With an `async` callback the mode holds for the whole callback, across
   * its `await`s, and does not leak into code that runs concurrently (Node's
   * AsyncLocalStorage; where the platform has none, as in browsers, an async
   * callback throws a TypeError instead: call `noGrad` around the
   * synchronous tensor code). A non-async callback that returns a Promise
   * throws a TypeError everywhere.
   *
   * ```ts
   * const y = noGrad(() => x.mul(2)); // y.requiresGrad === false, y.gradFn === null
   * const z = await noGrad(async () => { await nextFrame(); return x.mul(2); }); // not recorded either
   * ```
   */
  <T>(fn: () => T): T;
  /** Wraps `fn` so that every call runs with recording off: `const predict = noGrad.wrap(model)`. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export const noGrad: NoGrad = Object.assign(<T>(fn: () => T): T => withMode('noGrad', false, false, fn), {
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => withMode('noGrad', false, false, fn, args);
  },
});

export interface EnableGrad {
  /** Runs `fn` with recording on, even inside `noGrad` (torch.enable_grad); async callbacks as for {@link NoGrad}. */
  <T>(fn: () => T): T;
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export const enableGrad: EnableGrad = Object.assign(<T>(fn: () => T): T => withMode('enableGrad', true, false, fn), {
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => withMode('enableGrad', true, false, fn, args);
  },
});

/**
 * Runs `fn` with recording off, like `noGrad`, and marks what it makes as
 * inference tensors: they can never be recorded later (torch.inference_mode).
 * Async callbacks as for {@link NoGrad}.
 *
 * ```ts
 * const t = inferenceMode(() => ones(2)); // t.requiresGrad_() throws
 * ```
 */
export function inferenceMode<T>(fn: () => T): T {
  return withMode('inferenceMode', false, true, fn);
}

/** @internal Whether tensors made now are inference tensors. */
export function isInferenceMode(): boolean {
  if (asyncContext === null) return inferenceNow > 0;
  return (asyncContext.getStore()?.inference ?? inferenceNow) > 0;
}
