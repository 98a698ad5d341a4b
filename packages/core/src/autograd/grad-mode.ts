/**
 * Grad mode: whether ops record the graph. A process-wide flag, saved and
 * restored around each scoped call.
 *
 * Async functions: JavaScript has no task-local state, so `noGrad(async () => …)`
 * turns recording off only for the synchronous part of the function (up to its
 * first `await`); the mode is restored when `noGrad` returns the promise. This
 * is documented, tested, and the reason `noGrad` warns once when given an
 * async function: wrap the synchronous tensor code instead.
 */
let gradEnabled = true;
let inferenceDepth = 0;
let warnedAsync = false;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function withMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    const result = fn();
    if (isThenable(result) && !warnedAsync) {
      warnedAsync = true;
      console.warn(
        'grad: noGrad/enableGrad received an async function; grad mode applies only until its first await. ' +
          'Wrap the synchronous tensor code instead.',
      );
    }
    return result;
  } finally {
    gradEnabled = previous;
  }
}

/** Whether ops record the graph now (torch.is_grad_enabled). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Turns recording on or off until changed again (torch.set_grad_enabled). */
export function setGradEnabled(flag: boolean): void {
  gradEnabled = flag;
}

export interface NoGrad {
  /**
   * Runs `fn` with recording off and returns its result (torch.no_grad).
   *
   * ```ts
   * const y = noGrad(() => x.mul(2)); // y.requiresGrad === false, y.gradFn === null
   * ```
   */
  <T>(fn: () => T): T;
  /** Wraps `fn` so that every call runs with recording off: `const predict = noGrad.wrap(model)`. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export const noGrad: NoGrad = Object.assign(<T>(fn: () => T): T => withMode(false, fn), {
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => withMode(false, () => fn(...args));
  },
});

export interface EnableGrad {
  /** Runs `fn` with recording on, even inside `noGrad` (torch.enable_grad). */
  <T>(fn: () => T): T;
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export const enableGrad: EnableGrad = Object.assign(<T>(fn: () => T): T => withMode(true, fn), {
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => withMode(true, () => fn(...args));
  },
});

/**
 * Runs `fn` with recording off, like `noGrad`, and marks what it makes as
 * inference tensors: they can never be recorded later (torch.inference_mode).
 */
export function inferenceMode<T>(fn: () => T): T {
  inferenceDepth++;
  try {
    return withMode(false, fn);
  } finally {
    inferenceDepth--;
  }
}

/** @internal Whether tensors made now are inference tensors. */
export function isInferenceMode(): boolean {
  return inferenceDepth > 0;
}
