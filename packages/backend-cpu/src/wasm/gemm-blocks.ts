/**
 * The cache-blocking loops around the micro-kernel, for rows of panels
 * [p0, p1): k in slices of `kcMax` (a B panel slice stays in L1), panels of A
 * in blocks of `mcPanels` (a block stays in L2). Each C element receives its
 * k slices in increasing order whoever runs which rows, so results do not
 * depend on how rows are split between threads.
 *
 * Self-contained (no outside names): its source is also placed in the
 * worker threads' script (thread-pool.ts).
 */
export type GemmKernel = (a: number, b: number, c: number, mPanels: number, nPanels: number, kc: number, ldc: number, aPanel: number, bPanel: number, accumulate: number) => void;

export function gemmBlocks(
  gemm: GemmKernel,
  aAt: number,
  bAt: number,
  cAt: number,
  p0: number,
  p1: number,
  nPanels: number,
  k: number,
  ldc: number,
  aPanel: number,
  bPanel: number,
  mr: number,
  nr: number,
  bytes: number,
  kcMax: number,
  mcPanels: number,
): void {
  for (let k0 = 0; k0 < k; k0 += kcMax) {
    const kc = Math.min(kcMax, k - k0);
    for (let ip = p0; ip < p1; ip += mcPanels) {
      gemm(aAt + ip * aPanel + k0 * mr * bytes, bAt + k0 * nr * bytes, cAt + ip * mr * ldc, Math.min(mcPanels, p1 - ip), nPanels, kc, ldc, aPanel, bPanel, k0 === 0 ? 0 : 1);
    }
  }
}
