import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lossCurve, plot, report, savePlot, saveReport } from '@grad/viz';
import type { Options } from './args.js';
import type { BackendInfo } from './backend.js';
import { exponent, fixed, logLine } from './format.js';
import { stepGraph } from './graph.js';
import { TRUE_B, TRUE_W } from './model.js';
import type { TrainResult } from './train.js';

/** The files one run writes, by what they show. */
export interface Written {
  fitSvg: string;
  fitPng: string;
  lossSvg: string;
  lossPng: string;
  graphSvg: string;
  graphPng: string;
  graphDot: string;
  report: string;
}

/** The tutorial's figure: the data, and the fitted line over it. */
export function fitFigure(result: TrainResult): string {
  const xs = result.problem.x.tolist() as number[][];
  const ys = result.problem.y.tolist() as number[][];
  return plot({
    title: 'Linear regression: the data and the fitted line',
    xLabel: 'x',
    yLabel: 'y',
    series: [
      { x: xs.map((r) => r[0]!), y: ys.map((r) => r[0]!), mode: 'markers', label: `data: y = ${TRUE_W}x + ${TRUE_B}` },
      { x: [0, 1], y: [result.b, result.w + result.b], label: `fit: y = ${result.w.toFixed(4)}x + ${result.b.toFixed(4)}` },
    ],
  });
}

/** The loss of every iteration, on a log axis (it falls through several decades). */
export function lossFigure(result: TrainResult): string {
  return lossCurve(result.losses, {
    title: 'Training loss (mean squared error)',
    xLabel: 'iteration',
    yLabel: 'loss',
    logScale: true,
    steps: Array.from(result.losses, (_, i) => i + 1),
  });
}

/**
 * Writes the fitted-line figure, the loss curve and one step's graph (each as
 * SVG and PNG; the graph also as DOT) and one self-contained `report.html`
 * into `dir`.
 */
export async function writeOutputs(dir: string, result: TrainResult, options: Options, backend: BackendInfo): Promise<Written> {
  await mkdir(dir, { recursive: true });
  const files: Written = {
    fitSvg: join(dir, 'fit.svg'),
    fitPng: join(dir, 'fit.png'),
    lossSvg: join(dir, 'loss.svg'),
    lossPng: join(dir, 'loss.png'),
    graphSvg: join(dir, 'graph.svg'),
    graphPng: join(dir, 'graph.png'),
    graphDot: join(dir, 'graph.dot'),
    report: join(dir, 'report.html'),
  };
  const { x, y, w, b } = result.problem;
  const fit = fitFigure(result);
  const loss = lossFigure(result);
  const graph = await stepGraph(x, y, w, b);

  await Promise.all([
    savePlot(fit, files.fitSvg),
    savePlot(fit, files.fitPng),
    savePlot(loss, files.lossSvg),
    savePlot(loss, files.lossPng),
    savePlot(graph.svg, files.graphSvg),
    savePlot(graph.svg, files.graphPng),
    writeFile(files.graphDot, graph.dot),
  ]);

  const settings = `${options.epochs} iterations, lr ${options.lr}, optimizer ${options.optimizer}, seed ${options.seed}, backend ${backend.label}`;
  await saveReport(
    report({
      title: 'grad: linear regression',
      subtitle: settings,
      sections: [
        {
          title: 'Result',
          items: [
            {
              table: {
                columns: ['', 'w', 'b', 'loss'],
                rows: [
                  ['fitted', fixed(result.w), fixed(result.b), exponent(result.loss)],
                  ['true', fixed(TRUE_W), fixed(TRUE_B), exponent(0)],
                ],
              },
              caption: `x = rand([50, 1]), y = ${TRUE_W}x + ${TRUE_B}; w = rand([1, 1]), b = 0; ${result.seconds.toFixed(2)} s of training`,
            },
          ],
        },
        { title: 'The fit', items: [{ svg: fit, caption: 'The data and the line y = w·x + b after training.' }] },
        { title: 'Loss', items: [{ svg: loss, caption: 'mean((y − (x·w + b))²) at every iteration, log scale.' }] },
        {
          title: 'The graph of one training step',
          items: [
            { svg: graph.svg, caption: 'What loss.backward() walks: one box per grad_fn node, the leaves w and b with their gradients.' },
            { code: graph.dot },
          ],
        },
        { title: 'Log', items: [{ code: result.log.map(logLine).join('\n') || '(no line: fewer iterations than --every)' }] },
      ],
    }),
    files.report,
  );
  return files;
}
