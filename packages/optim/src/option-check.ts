/**
 * Refusing option names that nobody reads. In Python a misspelt keyword
 * argument fails at the call (`TypeError: __init__() got an unexpected keyword
 * argument 'weightdecay'`); an options object in JavaScript would silently
 * carry it, and training would go on without the option the user meant. So
 * every constructor here checks its object against the names it knows, with
 * core's check (the same message, "did you mean", snake_case → camelCase).
 */
import { checkOptions } from '@grad/core';

/**
 * Throws a `TypeError` naming the first key of `given` that is not in
 * `known` (`Adam() got an unexpected option 'weightdecay'; did you mean
 * 'weightDecay'? (its options: lr, ...)`). `owner` is how the message names
 * the callee (`'Adam'`, `'StepLR'`); `what` how it names a key.
 */
export function checkOptionKeys(owner: string, given: unknown, known: readonly string[], what = 'option'): void {
  checkOptions(owner, given, known, what);
}

/** How a message names a value of the wrong kind: `null`, `an array`, a class name, or `number 3`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? (v.constructor?.name ?? 'an object') : `${typeof v} ${String(v)}`;
}
