/** The `autograd` namespace: torch.autograd, spelled for TypeScript. */
import { backward, grad } from './backward.js';
import { Function, FunctionCtx } from './function.js';
import { hessian, hvp, jacobian, jvp, vjp } from './functional.js';
import { gradcheck, gradgradcheck } from './gradcheck.js';
import { detectAnomaly, isAnomalyEnabled, setDetectAnomaly } from './anomaly.js';

/**
 * torch.autograd: `backward`, `grad`, custom `Function`s, `functional`
 * (jacobian, hessian, vjp, jvp, hvp), `gradcheck`, `gradgradcheck` and
 * anomaly detection.
 */
export const autograd = {
  backward,
  grad,
  Function,
  FunctionCtx,
  functional: { jacobian, hessian, vjp, jvp, hvp },
  gradcheck,
  gradgradcheck,
  detectAnomaly,
  setDetectAnomaly,
  isAnomalyEnabled,
} as const;
