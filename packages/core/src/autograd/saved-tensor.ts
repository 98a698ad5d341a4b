import type { Tensor } from '../tensor/tensor.js';
import { torchName, scalarTypeName } from '../dtype.js';
import { formatShape } from '../shape.js';
import { SECOND_BACKWARD_MESSAGE } from './errors.js';
import { isAnomalyEnabled } from './anomaly.js';
import { RuntimeError } from '../errors.js';

/**
 * A tensor saved for backward, with the version it had then. Unpacking it
 * after an in-place change throws PyTorch's "modified by an inplace
 * operation" error instead of silently using the new values.
 */
export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;

  /** The saving node, when the tensor is one of its own outputs (PyTorch's is_output). */
  private readonly savedOutputOf: { name: string } | null;
  private readonly outputNr: number;

  constructor(tensor: Tensor, owner: { name: string } | null = null) {
    if (tensor._inference) {
      throw new RuntimeError('Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and use it in autograd.');
    }
    this.tensor = tensor;
    this.version = tensor._version.value;
    this.savedOutputOf = owner !== null && tensor._gradFn === owner ? owner : null;
    this.outputNr = tensor._outputNr;
    tensor._savedCount++;
  }

  unpack(): Tensor {
    const t = this.tensor;
    if (t === null) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
    if (t._version.value !== this.version) {
      // PyTorch 1.13 names a bool tensor by its dispatch type (CPUBoolType), every other dtype by its legacy class.
      const type = t.dtype === 'bool' ? 'CPUBoolType' : `torch.${scalarTypeName(t.dtype)}Tensor`;
      // PyTorch names a saved output by the node that saved it, and a saved input by its
      // history as it is now (the in-place op's node), not as it was when saved.
      t._refreshView();
      const node = this.savedOutputOf ?? t._gradFn;
      const which = node ? `, which is output ${this.savedOutputOf ? this.outputNr : t._outputNr} of ${node.name},` : '';
      throw new RuntimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
          `[${type} ${formatShape(t.shape)}]${which} is at version ${t._version.value}; expected version ${this.version} instead. ` +
          (isAnomalyEnabled()
            ? 'Hint: the backtrace further below shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!'
            : `Hint: enable anomaly detection to find the operation that failed to compute its gradient, with autograd.setDetectAnomaly(true).`),
      );
    }
    return t;
  }

  release(): void {
    if (this.tensor) this.tensor._savedCount--;
    this.tensor = null;
  }

  get released(): boolean {
    return this.tensor === null;
  }

  /** For messages: `torch.float32 [2, 2]`. */
  describe(): string {
    return this.tensor ? `${torchName(this.tensor.dtype)} ${formatShape(this.tensor.shape)}` : 'freed';
  }
}
