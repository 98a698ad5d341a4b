import type { Tensor } from '@grad/core';
import { describeValue as describe } from './option-check.js';
import { decodeValue, encodeValue, isSerializedTensor, isTensor, shapeText, type SerializedTensor } from './state-codec.js';

/**
 * The checks an optimizer makes on what it is given: parameters, tensor lrs,
 * and each parameter's state in a loaded state dict (all made before
 * `loadStateDict` changes anything).
 */

/**
 * What schedulers write into parameter groups besides the options (PyTorch's
 * `initial_lr`; OneCycleLR's `max_lr`, `min_lr`, `max_momentum`,
 * `base_momentum`; SWALR's `swa_lr`): kept in state dicts like the options.
 */
export const SCHEDULER_GROUP_KEYS = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum', 'swaLr'];

/** A tensor lr must live where the group's parameters do: the update multiplies by it there. */
export function checkLrDevice(lr: unknown, params: Tensor[]): void {
  if (!isTensor(lr)) return;
  const other = params.find((p) => p.device !== lr.device);
  if (other !== undefined) {
    throw new Error(`a tensor lr must be on the device of its group's parameters, but lr is on ${lr.device} and a parameter on ${other.device}`);
  }
}

export function decodeLrTensor(value: SerializedTensor | Tensor, like: Tensor | undefined): Tensor {
  const s = isTensor(value) ? (encodeValue(value) as unknown as SerializedTensor) : value;
  const host = decodeValue(s) as Tensor;
  return like === undefined || host.device === like.device ? host : host.to(like.device);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}


/** PyTorch's checks on what may be optimized, and one of its own: floating point only. */
export function checkParam(p: unknown): asserts p is Tensor {
  if (!isTensor(p)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
  if (!(p.isLeaf || p.retainsGrad)) throw new Error("can't optimize a non-leaf Tensor");
  if (p.dtype !== 'float32' && p.dtype !== 'float64') {
    throw new TypeError(
      `optimizer can only optimize Tensors of floating point dtype, but one of the params has dtype ${p.dtype} (shape ${shapeText(p.shape)})`,
    );
  }
}


const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];

/**
 * Checks one parameter's saved state before it is loaded: only keys the
 * optimizer keeps; scalar keys (step counts) hold numbers, or one-element
 * tensors (ASGD's η with a tensor lr); every other key holds a floating-point
 * tensor of the parameter's shape whose data fill it.
 */
export function checkParamState(
  kind: string,
  stateKeys: readonly string[],
  scalarKeys: readonly string[],
  index: number,
  param: Tensor,
  state: Record<string, unknown>,
): void {
  for (const [key, value] of Object.entries(state)) {
    if (!stateKeys.includes(key)) {
      throw new Error(`loaded state dict has state '${key}' for parameter ${index}, which ${kind} does not keep: is it from another optimizer?`);
    }
    const tensorLike = isSerializedTensor(value) || isTensor(value);
    if (scalarKeys.includes(key)) {
      const number = typeof value === 'number' || (typeof value === 'string' && NON_FINITE.includes(value));
      const oneElement = tensorLike && value.shape.reduce((n, d) => n * d, 1) === 1;
      if (!number && !oneElement) {
        throw new TypeError(`loaded state dict has a ${key} for parameter ${index} that is not a number: ${JSON.stringify(value)}`);
      }
      continue;
    }
    if (!tensorLike) {
      throw new TypeError(`loaded state dict has state '${key}' for parameter ${index} that is not a tensor: ${JSON.stringify(value)}`);
    }
    if (value.dtype !== 'float32' && value.dtype !== 'float64') {
      throw new TypeError(
        `loaded state dict has state '${key}' of dtype ${String(value.dtype)} for parameter ${index}, ` +
          `which must be floating point like the parameter (${param.dtype})`,
      );
    }
    if (isSerializedTensor(value) && value.data.length !== value.shape.reduce((n, d) => n * d, 1)) {
      throw new Error(`loaded state dict has state '${key}' for parameter ${index} with ${value.data.length} elements for shape ${shapeText(value.shape)}`);
    }
    if (!sameShape(value.shape, param.shape)) {
      throw new Error(
        `loaded state dict has state '${key}' of shape ${shapeText(value.shape)} for parameter ${index}, whose shape is ${shapeText(param.shape)}`,
      );
    }
  }
}
