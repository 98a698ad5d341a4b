import type { Tensor } from '@grad/core';

/**
 * The line search behind `LBFGS({ lineSearchFn: 'strong_wolfe' })`, ported
 * from PyTorch's torch/optim/lbfgs.py (itself from Torch7's lswolfe.lua and
 * polyinterp.lua). Step sizes, losses and directional derivatives are host
 * numbers; gradients and directions stay tensors.
 */

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and
 * g2, clamped to `bounds` (default: between x1 and x2):
 * ```text
 * d1 = g1 + g2 − 3(f1 − f2)/(x1 − x2)
 * d2 = √(d1² − g1·g2)
 * x  = x2 − (x2 − x1)·(g2 + d2 − d1)/(g2 − g1 + 2·d2)      (x1 ≤ x2; mirrored otherwise)
 * ```
 * With no real minimiser (d1² < g1·g2) it returns the middle of the bounds.
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: readonly [number, number],
): number {
  const [xminBound, xmaxBound] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

/** f(x + t·d) and its flat gradient, the parameters left at x afterwards. */
export type DirectionalEvaluate = (x: Tensor[], t: number, d: Tensor) => [number, Tensor];

export interface LineSearchResult {
  loss: number;
  flatGrad: Tensor;
  t: number;
  funcEvals: number;
}

/**
 * A step size t along d satisfying the strong Wolfe conditions
 * ```text
 * f(x + t·d) ≤ f(x) + c1·t·∇f(x)ᵀd            (sufficient decrease, Armijo)
 * |∇f(x + t·d)ᵀd| ≤ −c2·∇f(x)ᵀd               (curvature)
 * ```
 * found by bracketing, then zooming with cubic interpolation.
 */
export function strongWolfe(
  objFunc: DirectionalEvaluate,
  x: Tensor[],
  tInit: number,
  d: Tensor,
  f: number,
  gIn: Tensor,
  gtd: number,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): LineSearchResult {
  let t = tInit;
  const dNorm = d.abs().max().item();
  const g = gIn.clone();
  // evaluate objective and gradient using the initial step
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew = gNew.dot(d).item();

  // bracket an interval containing a point satisfying the Wolfe criteria
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    // check conditions
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone()];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone()];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    // interpolate
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    // next step
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone();
    gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d).item();
    lsIter += 1;
  }

  // reached the maximum number of iterations?
  if (lsIter === maxLs) {
    bracket = [0, t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
  }

  // zoom phase: we now have a point satisfying the criteria, or a bracket
  // around it; refine the bracket until we find the point
  let insufProgress = false;
  // find high and low points in the bracket
  let [lowPos, highPos] = (bracketF[0] as number) <= (bracketF[bracketF.length - 1] as number) ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    const b0 = bracket[0] as number;
    const b1 = bracket[1] as number;
    // the line-search bracket is so small
    if (Math.abs(b1 - b0) * dNorm < toleranceChange) break;

    // compute a new trial value
    t = cubicInterpolate(b0, bracketF[0] as number, bracketGtd[0] as number, b1, bracketF[1] as number, bracketGtd[1] as number);

    // Test that we are making sufficient progress: if t is so close to a
    // boundary, mark insufficient progress, and if we made insufficient
    // progress in the last step too, or t is at a boundary, move t to
    // 0.1·(bracket length) away from the nearest boundary point.
    const bMax = Math.max(b0, b1);
    const bMin = Math.min(b0, b1);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      // interpolation close to the boundary
      if (insufProgress || t >= bMax || t <= bMin) {
        // evaluate at 0.1 away from the boundary
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }

    // evaluate the new point
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d).item();
    lsIter += 1;

    if (fNew > f + c1 * t * gtd || fNew >= (bracketF[lowPos] as number)) {
      // Armijo condition not satisfied, or not lower than the lowest point
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone();
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = (bracketF[0] as number) <= (bracketF[1] as number) ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        // the Wolfe conditions are satisfied
        done = true;
      } else if (gtdNew * ((bracket[highPos] as number) - (bracket[lowPos] as number)) >= 0) {
        // the old high becomes the new low
        bracket[highPos] = bracket[lowPos] as number;
        bracketF[highPos] = bracketF[lowPos] as number;
        bracketG[highPos] = bracketG[lowPos] as Tensor;
        bracketGtd[highPos] = bracketGtd[lowPos] as number;
      }
      // the new point becomes the new low
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone();
      bracketGtd[lowPos] = gtdNew;
    }
  }

  return {
    t: bracket[lowPos] as number,
    loss: bracketF[lowPos] as number,
    flatGrad: bracketG[lowPos] as Tensor,
    funcEvals: lsFuncEvals,
  };
}
