/**
 * PyTorch's optimizers take four options that pick an implementation of the
 * same update rule rather than change its result. There is one
 * implementation here, so they are accepted (code ported from PyTorch keeps
 * working) and checked, and this is what each means here:
 *
 * - `foreach` (PyTorch: batch all parameters into multi-tensor kernels, for
 *   speed): no effect. The update is the same maths either way; here each
 *   parameter is updated with the public tensor ops.
 * - `fused` (PyTorch: one fused CUDA/CPU kernel per step, for speed): no
 *   effect, for the same reason.
 * - `capturable` (PyTorch: keep the step count and every scalar on the
 *   device so that `step()` never synchronises with the host, for CUDA
 *   graphs): no effect because it is always so here. `step()` of every
 *   optimizer but LBFGS reads nothing back from the device (the gpu.js tests
 *   count the transfers); step counts are host numbers that need no read.
 * - `differentiable` (PyTorch: run `step()` with autograd recording, so that
 *   gradients flow through the update, for meta-learning): `false` is
 *   accepted; `true` is refused, because the update here runs under `noGrad`
 *   and changes the parameters in place, so no graph could be recorded.
 *   Silently ignoring it would hand back gradients that leave out the step.
 */
export type ImplementationOption = 'foreach' | 'fused' | 'capturable' | 'differentiable';

/** What each optimizer constructor accepts of them (as `foreach?: boolean | null`, PyTorch's `Optional[bool]`). */
export interface ImplementationOptions {
  foreach?: boolean | null;
  fused?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
}

const ALL: readonly ImplementationOption[] = ['foreach', 'fused', 'capturable', 'differentiable'];

/** Checks the implementation options present in `options` (type, and `differentiable: true`). */
export function checkImplementationOptions(kind: string, options: object, accepted: readonly ImplementationOption[]): void {
  for (const name of ALL) {
    if (!(name in options) || !accepted.includes(name)) continue;
    const value = (options as Record<string, unknown>)[name];
    const nullable = name === 'foreach' || name === 'fused';
    if (!(value === undefined || typeof value === 'boolean' || (nullable && value === null))) {
      throw new TypeError(`${kind}: ${name} must be true or false${nullable ? ' (or null)' : ''}, got ${String(value)}`);
    }
    if (name === 'differentiable' && value === true) {
      throw new Error(
        `${kind}: differentiable: true is not supported: step() updates the parameters in place under noGrad, ` +
          'so no gradient can flow through it. Write the update with tensor ops outside the optimizer to differentiate through it.',
      );
    }
  }
}

/** The options without the implementation options, which are not kept in the parameter groups. */
export function withoutImplementationOptions<T extends object>(options: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!(ALL as readonly string[]).includes(k)) out[k] = v;
  return out as T;
}
