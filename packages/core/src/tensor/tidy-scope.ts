/** The stack of open tidy() scopes: each holds the tensors made while it is the innermost. */
import type { Tensor } from './tensor.js';

export const tidyScopes: Tensor[][] = [];

/** Whether a tidy() scope is open (new storages then skip the GC safety net until they survive it). */
export function inTidyScope(): boolean {
  return tidyScopes.length > 0;
}
