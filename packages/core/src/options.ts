/**
 * Option objects are JavaScript's keyword arguments, and a misspelt key must
 * not be ignored: PyTorch raises `TypeError: … got an unexpected keyword
 * argument`, so `sub(x, y, { alpah: 2 })` is refused here, naming the known
 * options and the closest one.
 */
import { TypeError } from './errors.js';

/**
 * Edit distance between two short keys, case-insensitive: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1 (the
 * optimal-string-alignment distance), so `alpah` is one slip from `alpha`.
 */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The known key closest to `key`, if it looks like a slip: at most a third
 * of its letters off, or sharing most of its start (`reduce` for `reduction`).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  // PyTorch's snake_case spelling (`weight_decay`) is a camelCase key here (`weightDecay`).
  const fold = (k: string): string => k.replace(/_/g, '').toLowerCase();
  const same = known.find((k) => fold(k) === fold(key));
  if (same !== undefined) return same;
  const lower = key.toLowerCase();
  const shared = (k: string): number => {
    const l = k.toLowerCase();
    let n = 0;
    while (n < lower.length && n < l.length && lower[n] === l[n]) n++;
    return n;
  };
  const stem = known.find((k) => shared(k) >= Math.max(4, Math.ceil(0.6 * lower.length)));
  if (stem !== undefined) return stem;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Throws a `TypeError` when `options` is not an object (undefined is fine:
 * no options) or has a key not in `known`. `what` names a key in the
 * message (`option`, or e.g. `parameter group key`).
 *
 * ```ts
 * checkOptions('sub', { alpah: 2 }, ['alpha']);
 * // TypeError: sub() got an unexpected option 'alpah'; did you mean 'alpha'? (its options: alpha)
 * ```
 */
export function checkOptions(where: string, options: unknown, known: readonly string[], what = 'option'): void {
  if (typeof where !== 'string' || !Array.isArray(known) || !known.every((k) => typeof k === 'string')) {
    throw new TypeError('checkOptions(where, options, known) expects a function name, the options, and the array of known keys');
  }
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options;
    throw new TypeError(`${where}() expects an options object as its last argument, but got ${got}`);
  }
  // for…in allocates nothing: an empty or valid options object (every op call) costs one loop.
  for (const key in options) {
    if (!Object.prototype.hasOwnProperty.call(options, key) || known.includes(key)) continue;
    const near = closestKey(key, known);
    const list = known.length ? `its ${what}s: ${known.join(', ')}` : `it takes no ${what}s`;
    throw new TypeError(`${where}() got an unexpected ${what} '${key}'${near ? `; did you mean '${near}'?` : ''} (${list})`);
  }
}
