/** The `autograd` namespace: torch.autograd, spelled for TypeScript. */
import { backward, grad } from './backward.js';
import { Function, FunctionCtx } from './function.js';
import { hessian, hvp, jacobian, jvp, vhp, vjp } from './functional.js';
import { gradcheck, gradgradcheck } from './gradcheck.js';
import { detectAnomaly, isAnomalyEnabled, setDetectAnomaly } from './anomaly.js';
import { onceDifferentiable } from './once-differentiable.js';
import { GradcheckError } from './errors.js';

/**
 * torch.autograd: `backward`, `grad`, custom `Function`s (and
 * `onceDifferentiable` for their backward), `functional` (jacobian, hessian,
 * vjp, jvp, hvp, vhp), `gradcheck`, `gradgradcheck` (failing with
 * `GradcheckError`) and anomaly detection.
 */
export const autograd = {
  backward,
  grad,
  Function,
  FunctionCtx,
  onceDifferentiable,
  functional: { jacobian, hessian, vjp, jvp, hvp, vhp },
  gradcheck,
  gradgradcheck,
  GradcheckError,
  detectAnomaly,
  setDetectAnomaly,
  isAnomalyEnabled,
} as const;
