import cliProgress from 'cli-progress';
import { exponent, logLine } from './format.js';
import type { LogEntry } from './train.js';

/** Where the loop reports to. */
export interface Progress {
  /** After every iteration. */
  step(iteration: number, loss: number): void;
  /** Every `--every` iterations: the tutorial's `w,b,loss:` line. */
  log(entry: LogEntry): void;
  /** Training is over: clear the bar. */
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  stream: NodeJS.WriteStream;
  quiet: boolean;
}

const silent: Progress = { step() {}, log() {}, stop() {} };

/** Plain lines: what a log file, a pipe or CI should see. */
function lines(stream: NodeJS.WriteStream): Progress {
  return {
    step() {},
    log(entry) {
      stream.write(`${logLine(entry)}\n`);
    },
    stop() {},
  };
}

/**
 * A progress bar on a terminal, with the `w,b,loss:` lines printed above it
 * as they come (cli-progress's MultiBar keeps the bar on the last line).
 *
 * The training loop is synchronous, so cli-progress's redraw timer never
 * fires while it runs: the bar is redrawn here by calling `update()` at most
 * every 1/15 s, and at once after each logged line.
 */
function bar(stream: NodeJS.WriteStream, total: number): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {percentage}% | {value}/{total} iterations | loss {loss} | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
      // The redraws are driven from the loop (below); the timer only matters between calls.
      fps: 15,
    },
    cliProgress.Presets.shades_classic,
  );
  const b = multi.create(total, 0, { loss: '-' });
  let last = 0;
  const redraw = (iteration: number, loss: number, force: boolean): void => {
    const now = performance.now();
    if (!force && now - last < 1000 / 15) return;
    last = now;
    b.update(iteration, { loss: exponent(loss) });
    multi.update();
  };
  return {
    step(iteration, loss) {
      redraw(iteration, loss, iteration === total);
    },
    log(entry) {
      multi.log(`${logLine(entry)}\n`);
      redraw(entry.iteration, entry.loss, true);
    },
    stop() {
      multi.update();
      multi.stop();
    },
  };
}

/** A bar on a TTY, plain lines otherwise, nothing with `--quiet`. */
export function makeProgress(options: ProgressOptions): Progress {
  if (options.quiet) return silent;
  return options.stream.isTTY ? bar(options.stream, options.total) : lines(options.stream);
}
