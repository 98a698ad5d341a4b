/**
 * L-BFGS on plain JavaScript arrays, written out from PyTorch's algorithm
 * (torch/optim/lbfgs.py: the two-loop recursion, the fixed step, and the
 * strong-Wolfe line search with cubic interpolation) to check the tensor
 * implementation against, number by number.
 */

type Vec = number[];
const dot = (u: Vec, v: Vec): number => u.reduce((s, x, i) => s + x * (v[i] as number), 0);
const axpy = (alpha: number, x: Vec, y: Vec): Vec => y.map((yi, i) => yi + alpha * (x[i] as number)); // y + αx
const scale = (alpha: number, x: Vec): Vec => x.map((xi) => alpha * xi);
const maxAbs = (x: Vec): number => Math.max(...x.map(Math.abs));

export interface ReferenceOptions {
  lr: number;
  maxIter: number;
  maxEval: number;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearch: boolean;
}

interface State {
  funcEvals: number;
  nIter: number;
  d?: Vec;
  t?: number;
  oldDirs: Vec[];
  oldStps: Vec[];
  ro: number[];
  hDiag: number;
  prevFlatGrad?: Vec;
  prevLoss?: number;
}

export function cubicMin(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const sq = d1 * d1 - g1 * g2;
  if (sq < 0) return (lo + hi) / 2;
  const d2 = Math.sqrt(sq);
  const m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return Math.min(Math.max(m, lo), hi);
}

function wolfe(fg: (x: Vec) => [number, Vec], x: Vec, t0: number, d: Vec, f: number, g: Vec, gtd: number) {
  const c1 = 1e-4;
  const c2 = 0.9;
  const tolChange = 1e-9;
  const maxLs = 25;
  const at = (t: number): [number, Vec] => fg(axpy(t, d, x));
  const dNorm = maxAbs(d);
  let t = t0;
  let [fNew, gNew] = at(t);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let it = 0;
  let br: number[] = [];
  let brF: number[] = [];
  let brG: Vec[] = [];
  let brGtd: number[] = [];
  while (it < maxLs) {
    if (fNew > f + c1 * t * gtd || (it > 1 && fNew >= fPrev)) {
      [br, brF, brG, brGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [br, brF, brG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [br, brF, brG, brGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    const tNext = cubicMin(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [t + 0.01 * (t - tPrev), t * 10]);
    [tPrev, fPrev, gPrev, gtdPrev] = [t, fNew, gNew, gtdNew];
    t = tNext;
    [fNew, gNew] = at(t);
    evals++;
    gtdNew = dot(gNew, d);
    it++;
  }
  if (it === maxLs) [br, brF, brG] = [[0, t], [f, fNew], [g, gNew]];
  let insuf = false;
  let [lo, hi] = (brF[0] as number) <= (brF[brF.length - 1] as number) ? [0, 1] : [1, 0];
  while (!done && it < maxLs) {
    const [b0, b1] = br as [number, number];
    if (Math.abs(b1 - b0) * dNorm < tolChange) break;
    t = cubicMin(b0, brF[0]!, brGtd[0]!, b1, brF[1]!, brGtd[1]!);
    const bMax = Math.max(b0, b1);
    const bMin = Math.min(b0, b1);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      if (insuf || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insuf = false;
      } else insuf = true;
    } else insuf = false;
    [fNew, gNew] = at(t);
    evals++;
    gtdNew = dot(gNew, d);
    it++;
    if (fNew > f + c1 * t * gtd || fNew >= brF[lo]!) {
      [br[hi], brF[hi], brG[hi], brGtd[hi]] = [t, fNew, gNew, gtdNew];
      [lo, hi] = brF[0]! <= brF[1]! ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (br[hi]! - br[lo]!) >= 0) [br[hi], brF[hi], brG[hi], brGtd[hi]] = [br[lo]!, brF[lo]!, brG[lo]!, brGtd[lo]!];
      [br[lo], brF[lo], brG[lo], brGtd[lo]] = [t, fNew, gNew, gtdNew];
    }
  }
  return { t: br[lo]!, f: brF[lo]!, g: brG[lo]!, evals };
}

/**
 * A stateful L-BFGS minimiser: `step()` runs one `optimizer.step(closure)` worth
 * of iterations on `x` and returns the loss at its start.
 */
export function referenceLbfgs(fg: (x: Vec) => [number, Vec], x0: Vec, o: ReferenceOptions) {
  let x = [...x0];
  const st: State = { funcEvals: 0, nIter: 0, oldDirs: [], oldStps: [], ro: [], hDiag: 1 };
  function step(): number {
    let [loss, g] = fg(x);
    const orig = loss;
    let evals = 1;
    st.funcEvals++;
    let opt = maxAbs(g) <= o.toleranceGrad;
    if (opt) return orig;
    let n = 0;
    while (n < o.maxIter) {
      n++;
      st.nIter++;
      if (st.nIter === 1) {
        st.d = scale(-1, g);
        st.oldDirs = [];
        st.oldStps = [];
        st.ro = [];
        st.hDiag = 1;
      } else {
        const y = g.map((gi, i) => gi - (st.prevFlatGrad as Vec)[i]!);
        const s = scale(st.t as number, st.d as Vec);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (st.oldDirs.length === o.historySize) {
            st.oldDirs.shift();
            st.oldStps.shift();
            st.ro.shift();
          }
          st.oldDirs.push(y);
          st.oldStps.push(s);
          st.ro.push(1 / ys);
          st.hDiag = ys / dot(y, y);
        }
        // two-loop recursion: d = −H g
        const m = st.oldDirs.length;
        const al: number[] = new Array(m).fill(0);
        let q = scale(-1, g);
        for (let i = m - 1; i >= 0; i--) {
          al[i] = dot(st.oldStps[i]!, q) * st.ro[i]!;
          q = axpy(-al[i]!, st.oldDirs[i]!, q);
        }
        let r = scale(st.hDiag, q);
        for (let i = 0; i < m; i++) {
          const be = dot(st.oldDirs[i]!, r) * st.ro[i]!;
          r = axpy(al[i]! - be, st.oldStps[i]!, r);
        }
        st.d = r;
      }
      st.prevFlatGrad = [...g];
      st.prevLoss = loss;
      const d = st.d as Vec;
      let t = st.nIter === 1 ? Math.min(1, 1 / g.reduce((s2, gi) => s2 + Math.abs(gi), 0)) * o.lr : o.lr;
      const gtd = dot(g, d);
      if (gtd > -o.toleranceChange) {
        st.t = t;
        break;
      }
      let ls = 0;
      if (o.lineSearch) {
        const r = wolfe(fg, x, t, d, loss, g, gtd);
        [loss, g, t, ls] = [r.f, r.g, r.t, r.evals];
        x = axpy(t, d, x);
        opt = maxAbs(g) <= o.toleranceGrad;
      } else {
        x = axpy(t, d, x);
        if (n !== o.maxIter) {
          [loss, g] = fg(x);
          opt = maxAbs(g) <= o.toleranceGrad;
          ls = 1;
        }
      }
      st.t = t;
      evals += ls;
      st.funcEvals += ls;
      if (n === o.maxIter) break;
      if (evals >= o.maxEval) break;
      if (opt) break;
      if (maxAbs(scale(t, d)) <= o.toleranceChange) break;
      if (Math.abs(loss - (st.prevLoss as number)) < o.toleranceChange) break;
    }
    return orig;
  }
  return { step, x: () => x, state: st };
}
