/**
 * Makes the pictures in this package's README with the package itself:
 * the tutorial's graph `mean(3·(x + 2)²)` after backward, and the
 * regression example's fit and loss curve.
 *
 *   pnpm --filter @grad/viz run figures
 *
 * Runs from the TypeScript sources (the `@grad/source` export condition),
 * so nothing needs building first. Writes into docs/.
 */
import { manualSeed, noGrad, rand, registerBackend, tensor, zeros } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { lossCurve, plot, renderSvg, savePlot, sparkline, toDot } from '../src/index';

const here = new URL('../docs/', import.meta.url);
const out = (name: string) => new URL(name, here).pathname;
// The repository's font, so the PNGs come out the same on every machine that has it.
const fontFiles = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'];

registerBackend(cpu());
manualSeed(0);

// The autograd tutorial: out = mean(3·(x + 2)²), then backward.
const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
const tut = x.add(2).pow(2).mul(3).mean();
tut.backward();
const graphSvg = await renderSvg(toDot(tut, { params: { x }, outputName: 'out' }));
await savePlot(graphSvg, out('tutorial-graph.svg'));
await savePlot(graphSvg, out('tutorial-graph.png'), { fontFiles, scale: 1.5 });

// The regression example: y = 3x + 0.8, fitted by gradient descent.
const xs = rand([50, 1]);
const ys = xs.mul(3).add(0.8);
const w = rand([1, 1], { requiresGrad: true });
const b = zeros([1], { requiresGrad: true });
const losses: number[] = [];
let loss = xs.matmul(w).add(b).sub(ys).pow(2).mean();
for (let i = 0; i < 3000; i++) {
  loss = xs.matmul(w).add(b).sub(ys).pow(2).mean();
  loss.backward();
  losses.push(loss.item());
  noGrad(() => {
    w.sub_(w.grad!.mul(0.05));
    b.sub_(b.grad!.mul(0.05));
  });
  w.grad = null;
  b.grad = null;
}
const [wv, bv] = [w.item(), b.item()];
console.log(`w = ${wv.toFixed(4)}, b = ${bv.toFixed(4)}, loss ${sparkline(losses, { log: true, width: 40 })} ${losses.at(-1)!.toExponential(2)}`);

const fit = plot({
  title: 'Linear regression',
  xLabel: 'x',
  yLabel: 'y',
  width: 560,
  height: 360,
  series: [
    { x: xs, y: ys, mode: 'markers', label: 'data' },
    { x: [0, 1], y: [bv, wv + bv], label: `fit: y = ${wv.toFixed(2)}x + ${bv.toFixed(2)}` },
  ],
});
await savePlot(fit, out('regression-fit.png'), { fontFiles, scale: 1.5 });
await savePlot(lossCurve(losses, { width: 560, height: 320, smoothing: 0 }), out('regression-loss.png'), { fontFiles, scale: 1.5 });

// The regression loss's graph, drawn after one more backward.
const last = xs.matmul(w).add(b).sub(ys).pow(2).mean();
last.backward();
await savePlot(await renderSvg(toDot(last, { params: { w, b }, outputName: 'loss' })), out('regression-graph.svg'));
console.log(`wrote ${new URL('.', here).pathname}: tutorial-graph.{svg,png}, regression-fit.png, regression-loss.png, regression-graph.svg`);
