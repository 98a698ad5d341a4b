import { isTensor, shapeText } from './state-codec.js';

/**
 * Option defaults and checks with PyTorch's error texts (`Invalid learning rate: -0.1`),
 * the option named the way the user spelled it here (camelCase). A NaN or a
 * value that is not a number fails every check.
 */

/**
 * `lr` is a number ≥ 0, or a one-element floating-point tensor holding one
 * (read once here, when the group is made, never in `step()`).
 */
export function checkLr(lr: unknown): void {
  if (isTensor(lr)) {
    if (lr.numel() !== 1) throw new RangeError(`Tensor lr must be 1-element, got one of shape ${shapeText(lr.shape)}`);
    if (lr.dtype !== 'float32' && lr.dtype !== 'float64') throw new TypeError(`Tensor lr must be floating point, got dtype ${lr.dtype}`);
    if (lr.requiresGrad) throw new TypeError('Tensor lr must not require grad: the optimizer changes nothing through it');
    const value = Number(lr.item());
    if (!(value >= 0)) throw new RangeError(`Invalid learning rate: ${String(value)}`);
    return;
  }
  if (!(typeof lr === 'number' && lr >= 0)) throw new RangeError(`Invalid learning rate: ${String(lr)}`);
}

export function checkEps(eps: unknown): void {
  if (!(typeof eps === 'number' && eps >= 0)) throw new RangeError(`Invalid epsilon value: ${String(eps)}`);
}

/** `Invalid weightDecay value: -1`, PyTorch's `Invalid weight_decay value: -1`. */
export function checkNonNegative(name: string, value: unknown): void {
  if (!(typeof value === 'number' && value >= 0)) throw new RangeError(`Invalid ${name} value: ${String(value)}`);
}

/** Adam's betas: each in [0, 1). */
export function checkBetas(betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new TypeError(`betas must be a pair [beta1, beta2], got ${JSON.stringify(betas)}`);
  }
  betas.forEach((b: unknown, i) => {
    if (!(typeof b === 'number' && b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${String(b)}`);
  });
}

/** [low, high] with 0 < low < 1 < high: Rprop's etas. */
export function checkPair(name: string, pair: unknown): asserts pair is [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2 || pair.some((x) => typeof x !== 'number' || Number.isNaN(x))) {
    throw new TypeError(`${name} must be a pair of numbers [a, b], got ${JSON.stringify(pair)}`);
  }
}

export function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${String(value)}`);
}

/** The defaults overridden by every option the user gave (an `undefined` option keeps its default). */
export function withDefaults<O extends object>(defaults: O, options: Partial<O>): O {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries((options ?? {}) as Record<string, unknown>)) if (v !== undefined) out[k] = Array.isArray(v) ? [...v] : v;
  return out as unknown as O;
}
