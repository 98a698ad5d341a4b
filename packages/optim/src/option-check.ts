/**
 * Refusing option names that nobody reads. In Python a misspelt keyword
 * argument fails at the call (`TypeError: __init__() got an unexpected keyword
 * argument 'weightdecay'`); an options object in JavaScript would silently
 * carry it, and training would go on without the option the user meant. So
 * every constructor here checks its object against the names it knows.
 */

/**
 * Throws a `TypeError` naming the first key of `given` that is not in `known`,
 * with a "did you mean" when one known name is close, and the known names,
 * in the words core's option checks use (`Adam() got an unexpected option
 * 'weightdecay'; did you mean 'weightDecay'? (its options: lr, ...)`).
 * `owner` is how the message names the callee (`'Adam'`, `'StepLR'`).
 */
export function checkOptionKeys(owner: string, given: unknown, known: readonly string[], what = 'option'): void {
  if (given === undefined) return;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(`${owner}() expects an options object, but got ${given === null ? 'null' : Array.isArray(given) ? 'an array' : typeof given}`);
  }
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const hint = closestName(key, known);
    throw new TypeError(
      `${owner}() got an unexpected ${what} '${key}'` +
        (hint === undefined ? '' : `; did you mean '${hint}'?`) +
        ` (its ${what}s: ${known.join(', ')})`,
    );
  }
}

/**
 * The known name closest to `key`: the camelCase spelling of a snake_case key
 * (PyTorch's `weight_decay` is `weightDecay` here), a name that differs only
 * in case, or one within a small edit distance (a third of its length).
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
  const camel = key.replace(/_([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
  const fold = (s: string) => s.replace(/_/g, '').toLowerCase();
  const exact = known.find((k) => k === camel || fold(k) === fold(key));
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(fold(key), fold(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = row;
  }
  return previous[b.length] as number;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? (v.constructor?.name ?? 'an object') : `${typeof v} ${String(v)}`;
}
