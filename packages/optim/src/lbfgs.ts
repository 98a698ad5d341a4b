import { cat, noGrad, enableGrad, zeros, type Tensor } from '@grad/core';
import { strongWolfe } from './line-search.js';
import { lrNumber, type Lr } from './lr-value.js';
import { Optimizer, type LossClosure, type ParamGroupInput, type Params } from './optimizer.js';
import { isSerializedTensor, isTensor, shapeText } from './state-codec.js';
import { checkLr, checkNonNegative } from './validation.js';

export interface LBFGSOptions {
  /** Learning rate: the step size along the L-BFGS direction (default 1). */
  /** A number, or a one-element tensor (read once per step: LBFGS reads the host anyway). */
  lr: Lr;
  /** Maximal number of iterations per `step` (default 20). */
  maxIter: number;
  /** Maximal number of function evaluations per `step` (default ⌊maxIter · 5/4⌋). */
  maxEval: number;
  /** Termination tolerance on first-order optimality, max |g| (default 1e-7). */
  toleranceGrad: number;
  /** Termination tolerance on function value / parameter changes (default 1e-9). */
  toleranceChange: number;
  /** How many (s, y) pairs the inverse-Hessian estimate remembers (default 100). */
  historySize: number;
  /** `'strong_wolfe'` for a line search, or `null` for a fixed step (default null). */
  lineSearchFn: 'strong_wolfe' | null;
}

/**
 * LBFGS keeps one global state (registered on the first parameter, as PyTorch
 * does): directions and steps over the flattened parameters.
 */
export interface LBFGSState {
  funcEvals: number;
  nIter: number;
  /** The last direction d and step size t. */
  d?: Tensor;
  t?: number;
  /** The remembered gradient differences y and steps s, and ρ = 1/(yᵀs). */
  oldDirs?: Tensor[];
  oldStps?: Tensor[];
  ro?: number[];
  /** The initial inverse-Hessian scale yᵀs / yᵀy. */
  hDiag?: number;
  prevFlatGrad?: Tensor;
  prevLoss?: number;
  /** Scratch for the two-loop recursion. */
  al?: number[];
}

const STATE_KEYS = ['funcEvals', 'nIter', 'd', 't', 'oldDirs', 'oldStps', 'ro', 'hDiag', 'prevFlatGrad', 'prevLoss', 'al'];

/**
 * L-BFGS (torch.optim.LBFGS), a faithful port of PyTorch's implementation
 * (itself after minFunc). Every `step(closure)` runs up to `maxIter`
 * iterations; each takes the direction d = −H·g from the two-loop recursion
 * over the last `historySize` pairs (s = t·d, y = Δg, kept when yᵀs > 1e-10,
 * H₀ = yᵀs/yᵀy), then moves θ ← θ + t·d with t = lr (the first iteration
 * uses min(1, 1/‖g‖₁)·lr), or with t from a strong-Wolfe line search.
 *
 * One parameter group only; all parameters on one device. Stopping tests and
 * the line search read scalars (losses, dot products) to the host, unlike the
 * other optimizers.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { LBFGS } from '@grad/optim';
 * registerBackend(cpu());
 * const xy = tensor([-1.5, 2], { dtype: 'float64', requiresGrad: true });
 * const opt = new LBFGS([xy], { lineSearchFn: 'strong_wolfe', maxIter: 100 });
 * const rosenbrock = () => {
 *   opt.zeroGrad();
 *   const [x, y] = [xy.select(0, 0), xy.select(0, 1)];
 *   const loss = x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)); // (1 − x)² + 100(y − x²)²
 *   loss.backward();
 *   return loss;
 * };
 * opt.step(rosenbrock);
 * xy.tolist(); // ≈ [1, 1]
 * ```
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  constructor(params: Params<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    const maxIter = options?.maxIter ?? 20;
    super(
      params,
      {
        lr: 1,
        maxIter,
        maxEval: Math.floor((maxIter * 5) / 4),
        toleranceGrad: 1e-7,
        toleranceChange: 1e-9,
        historySize: 100,
        lineSearchFn: null,
      },
      options,
    );
  }

  protected get kind(): string {
    return 'LBFGS';
  }

  protected get stateKeys(): readonly string[] {
    return STATE_KEYS;
  }

  protected validateGroup(o: LBFGSOptions): void {
    checkLr(o.lr);
    for (const name of ['maxIter', 'maxEval', 'historySize'] as const) {
      const v = o[name];
      if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`Invalid ${name} value: ${String(v)} (a positive integer)`);
    }
    checkNonNegative('toleranceGrad', o.toleranceGrad);
    checkNonNegative('toleranceChange', o.toleranceChange);
    if (o.lineSearchFn !== null && o.lineSearchFn !== 'strong_wolfe') {
      throw new RangeError(`only 'strong_wolfe' is supported, got lineSearchFn ${JSON.stringify(o.lineSearchFn)}`);
    }
  }

  override addParamGroup(group: ParamGroupInput<LBFGSOptions>): void {
    if (this.paramGroups.length > 0) throw new Error("LBFGS doesn't support per-parameter options (parameter groups)");
    super.addParamGroup(group);
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations. The closure must re-evaluate the
   * model (zero the grads, compute the loss, call `backward`) and return the
   * loss; it may be called several times. Returns the loss of the first call.
   */
  override step<L extends Tensor | number>(closure?: LossClosure<L>): L {
    if (typeof closure !== 'function') {
      throw new TypeError(
        'LBFGS.step() needs a closure that re-evaluates the model and returns the loss: ' +
          'opt.step(() => { opt.zeroGrad(); const loss = f(); loss.backward(); return loss; })',
      );
    }
    const evaluate = (): L => enableGrad(closure);
    return noGrad(() => this.iterate(evaluate));
  }

  private get params(): Tensor[] {
    return (this.paramGroups[0] as { params: Tensor[] }).params;
  }

  private numel(): number {
    return this.params.reduce((n, p) => n + p.numel(), 0);
  }

  /** All gradients, flattened and concatenated; a missing gradient counts as zeros. */
  private gatherFlatGrad(): Tensor {
    const views = this.params.map((p) => {
      const g = p.grad;
      return g === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : g.reshape(-1);
    });
    return cat(views, 0);
  }

  /** θ ← θ + stepSize · update, the flat update split back over the parameters. */
  private addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).reshape([...p.shape]), { alpha: stepSize });
      offset += n;
    }
  }

  private cloneParams(): Tensor[] {
    return this.params.map((p) => p.clone());
  }

  private setParams(data: Tensor[]): void {
    this.params.forEach((p, i) => p.copy_(data[i] as Tensor));
  }

  /** f(x + t·d) and its flat gradient, leaving the parameters at x. */
  private directionalEvaluate(closure: () => Tensor | number, x: Tensor[], t: number, d: Tensor): [number, Tensor] {
    this.addGrad(t, d);
    const loss = toNumber(closure());
    const flatGrad = this.gatherFlatGrad();
    this.setParams(x);
    return [loss, flatGrad];
  }

  private iterate<L extends Tensor | number>(closure: () => L): L {
    const group = this.paramGroups[0] as LBFGSOptions;
    const lr = lrNumber(group.lr);
    const { maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const first = this.params[0] as Tensor;
    let state = this.state.get(first);
    if (state === undefined) {
      state = { funcEvals: 0, nIter: 0 };
      this.state.set(first, state);
    }

    // evaluate the initial f(x) and df/dx
    const origLoss = closure();
    let loss = toNumber(origLoss);
    let currentEvals = 1;
    state.funcEvals += 1;

    let flatGrad = this.gatherFlatGrad();
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    // optimal condition
    if (optCond) return origLoss;

    // the state carried over from the last step
    let d = state.d;
    let t = state.t;
    let oldDirs = state.oldDirs ?? [];
    let oldStps = state.oldStps ?? [];
    let ro = state.ro ?? [];
    let hDiag = state.hDiag ?? 1;
    let prevFlatGrad = state.prevFlatGrad;
    let prevLoss = state.prevLoss;

    let nIter = 0;
    // optimize for at most maxIter iterations
    while (nIter < maxIter) {
      nIter += 1;
      state.nIter += 1;

      // the descent direction
      if (state.nIter === 1 || d === undefined || t === undefined || prevFlatGrad === undefined) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        // update the memory with y = g − g_prev, s = t·d when yᵀs > 1e-10
        const y = flatGrad.sub(prevFlatGrad);
        const s = d.mul(t);
        const ys = y.dot(s).item();
        if (ys > 1e-10) {
          if (oldDirs.length === historySize) {
            // shift the history by one (limited memory)
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(s);
          ro.push(1 / ys);
          // the scale of the initial inverse Hessian, yᵀs / yᵀy
          hDiag = ys / y.dot(y).item();
        }

        // the two-loop recursion: d = −H·g
        const numOld = oldDirs.length;
        state.al ??= new Array<number>(historySize).fill(0);
        const al = state.al;
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          // αᵢ = ρᵢ·sᵢᵀq;  q ← q − αᵢ·yᵢ
          al[i] = (oldStps[i] as Tensor).dot(q).item() * (ro[i] as number);
          q.add_(oldDirs[i] as Tensor, { alpha: -(al[i] as number) });
        }
        // multiply by the initial Hessian: r = H₀·q is the direction
        const r = q.mul(hDiag);
        d = r;
        for (let i = 0; i < numOld; i++) {
          // βᵢ = ρᵢ·yᵢᵀr;  r ← r + (αᵢ − βᵢ)·sᵢ
          const be = (oldDirs[i] as Tensor).dot(r).item() * (ro[i] as number);
          r.add_(oldStps[i] as Tensor, { alpha: (al[i] as number) - be });
        }
      }

      if (prevFlatGrad === undefined) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      // the step length: reset the initial guess
      t = state.nIter === 1 ? Math.min(1, 1 / flatGrad.abs().sum().item()) * lr : lr;

      // the directional derivative gᵀd; stop if it is not a descent direction
      const gtd = flatGrad.dot(d).item();
      if (gtd > -toleranceChange) break;

      let lsFuncEvals = 0;
      if (lineSearchFn !== null) {
        const xInit = this.cloneParams();
        const dir = d;
        const result = strongWolfe((x, step, direction) => this.directionalEvaluate(closure, x, step, direction), xInit, t, dir, loss, flatGrad, gtd);
        loss = result.loss;
        flatGrad = result.flatGrad;
        t = result.t;
        lsFuncEvals = result.funcEvals;
        this.addGrad(t, d);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        // no line search: move with the fixed step
        this.addGrad(t, d);
        if (nIter !== maxIter) {
          // re-evaluate the function only if this is not the last iteration
          // (in a stochastic setting there is no use in it)
          loss = toNumber(closure());
          flatGrad = this.gatherFlatGrad();
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals += lsFuncEvals;

      // stopping conditions
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      // lack of progress
      if (maxAbs(d.mul(t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    Object.assign(state, { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss });
    return origLoss;
  }

  /** LBFGS state is flat: its tensors have as many elements as all parameters together. */
  protected override checkLoadedState(index: number, _param: Tensor, state: Record<string, unknown>): void {
    const n = this.numel();
    const check = (key: string, v: unknown): void => {
      const shape = isSerializedTensor(v) ? v.shape : isTensor(v) ? v.shape : null;
      if (shape !== null && !(shape.length === 1 && shape[0] === n)) {
        throw new Error(
          `loaded state dict has state '${key}' of shape ${shapeText(shape)} for parameter ${index}, ` +
            `but LBFGS keeps flat tensors of shape [${n}] for these parameters`,
        );
      }
      if (Array.isArray(v)) v.forEach((x) => check(key, x));
    };
    for (const [key, value] of Object.entries(state)) {
      if (!STATE_KEYS.includes(key)) {
        throw new Error(`loaded state dict has state '${key}' for parameter ${index}, which LBFGS does not keep: is it from another optimizer?`);
      }
      check(key, value);
    }
  }
}

function toNumber(loss: Tensor | number): number {
  return typeof loss === 'number' ? loss : loss.item();
}

function maxAbs(t: Tensor): number {
  return t.abs().max().item();
}
