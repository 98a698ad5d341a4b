import { stack, tidy, type Tensor } from '@grad/core';
import type { OptimizerName } from './args.js';
import { loss as lossOf, makeProblem, predict, type Problem } from './model.js';
import { makeOptimizer } from './optimizer.js';

/** One printed line of the tutorial: `w,b,loss: <w> <b> <loss>`. */
export interface LogEntry {
  /** 1-based: the entry after iteration 200 has `iteration: 200`. */
  iteration: number;
  w: number;
  b: number;
  /** The loss computed in that iteration (before its update, as the tutorial prints it). */
  loss: number;
}

export interface TrainOptions {
  seed: number;
  lr: number;
  epochs: number;
  optimizer: OptimizerName;
  /** Log every this many iterations. */
  every: number;
  /** Called after every iteration. */
  onStep?: (iteration: number, loss: number) => void;
  /** Called with each log entry, as it is made. */
  onLog?: (entry: LogEntry) => void;
}

export interface TrainResult {
  problem: Problem;
  /** The loss of every iteration. */
  losses: Float64Array;
  log: LogEntry[];
  w: number;
  b: number;
  /** The last iteration's loss. */
  loss: number;
  seconds: number;
}

/**
 * The tutorial's loop: predict, loss, zero the gradients, backward, update.
 * Each iteration runs in `tidy`, so its intermediate tensors are freed at once
 * (device memory stays flat on gpu.js); `w`, `b` and their `.grad` survive.
 * The losses stay on the device until a line is printed: then the losses of
 * those iterations come back in one transfer (no host round trip per step).
 */
export function train(options: TrainOptions): TrainResult {
  const problem = makeProblem(options.seed);
  const { x, y, w, b } = problem;
  const optimizer = makeOptimizer(options.optimizer, [w, b], options.lr);
  const losses = new Float64Array(options.epochs);
  const log: LogEntry[] = [];
  const start = performance.now();

  let pending: Tensor[] = [];
  for (let i = 1; i <= options.epochs; i++) {
    pending.push(
      tidy(() => {
        const loss = lossOf(y, predict(x, w, b));
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        return loss.detach();
      }),
    );
    const logged = i % options.every === 0;
    if (!logged && i !== options.epochs) continue;
    // One read for the losses since the last line.
    const values = tidy(() => stack(pending).tolist() as number[]);
    for (const t of pending) t.dispose();
    const first = i - pending.length + 1;
    pending = [];
    values.forEach((v, k) => {
      losses[first - 1 + k] = v;
      options.onStep?.(first + k, v);
    });
    if (logged) {
      const entry = { iteration: i, w: w.item(), b: b.item(), loss: values[values.length - 1]! };
      log.push(entry);
      options.onLog?.(entry);
    }
  }

  return {
    problem,
    losses,
    log,
    w: w.item(),
    b: b.item(),
    loss: losses[options.epochs - 1]!,
    seconds: (performance.now() - start) / 1000,
  };
}
