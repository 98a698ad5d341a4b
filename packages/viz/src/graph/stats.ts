import { toNumbers } from '../plot/values';
import type { GraphTensor } from './types';

/** What the drawings say about a tensor's values. */
export interface TensorStats {
  readonly numel: number;
  /** The 2-norm over the finite entries. */
  readonly norm: number;
  readonly nan: number;
  readonly inf: number;
}

/** Counts NaN/Inf and takes the norm of a tensor's values; undefined when they cannot be read. */
export function tensorStats(t: GraphTensor): TensorStats | undefined {
  if (typeof t.tolist !== 'function') return undefined;
  let values: number[];
  try {
    values = toNumbers({ tolist: () => t.tolist!() });
  } catch {
    return undefined;
  }
  let sum = 0;
  let nan = 0;
  let inf = 0;
  for (const v of values) {
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else sum += v * v;
  }
  return { numel: values.length, norm: Math.sqrt(sum), nan, inf };
}

/** `(2, 2)` as torchviz writes a size; `()` for a scalar. */
export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}
