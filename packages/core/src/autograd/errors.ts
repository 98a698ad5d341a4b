/** PyTorch's error texts for autograd misuse, in one place so tests and code agree. */
import { RuntimeError } from '../errors.js';

export const SECOND_BACKWARD_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

export const NO_GRAD_FN_MESSAGE = (index: number): string =>
  `element ${index} of tensors does not require grad and does not have a grad_fn`;

export const IMPLICIT_GRAD_MESSAGE = 'grad can be implicitly created only for scalar outputs';

export const LEAF_INPLACE_MESSAGE = 'a leaf Variable that requires grad is being used in an in-place operation.';

export const LEAF_VIEW_INPLACE_MESSAGE =
  'a view of a leaf Variable that requires grad is being used in an in-place operation.';

export const ONLY_FLOAT_GRAD_MESSAGE = 'Only Tensors of floating point dtype can require gradients';

export const NON_LEAF_REQUIRES_GRAD_MESSAGE =
  "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().";

export const NON_LEAF_GRAD_WARNING =
  'The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won\'t be populated during autograd.backward(). ' +
  'If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. ' +
  'If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. ' +
  'See github.com/pytorch/pytorch/pull/30531 for more informations.';

export const NUMPY_REQUIRES_GRAD_MESSAGE =
  "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.";

export const DEVICE_MISMATCH_MESSAGE = (a: string, b: string): string =>
  `Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`;

export const CREATE_GRAPH_BACKWARD_WARNING =
  'Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. ' +
  'We recommend using autograd.grad when creating the graph to avoid this. ' +
  'If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.';

export const ONCE_DIFFERENTIABLE_MESSAGE = 'trying to differentiate twice a function that was marked with @once_differentiable';

/**
 * What `autograd.gradcheck` throws when the analytic and numerical Jacobians
 * disagree, or backward is not reentrant (PyTorch's GradcheckError, a
 * RuntimeError).
 */
export class GradcheckError extends RuntimeError {
  override name = 'GradcheckError';
}
