/**
 * The unary primitives' names: the backend's `UnaryOp` kernel tags. A plain
 * list (the rule table below must have exactly these keys), because Tensor's
 * methods are typed and installed from it, and the rules' types mention
 * Tensor. This module imports nothing, so tensor.ts can read it at load time.
 */
export const UNARY_OPS = ['neg', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sign', 'sin', 'cos', 'tanh', 'sigmoid', 'reciprocal', 'floor', 'ceil', 'round', 'logicalNot'] as const;

/** One-input elementwise kernel tags. */
export type UnaryOp = (typeof UNARY_OPS)[number];
