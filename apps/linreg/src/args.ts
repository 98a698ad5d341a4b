import { parseArgs } from 'node:util';

/** The backends the demo can run on (`--backend`, or `GRAD_BACKEND`). */
export const BACKENDS = ['cpu', 'gpujs'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** `manual` is the tutorial's own `w.data -= lr * w.grad`; the others come from @grad/optim. */
export const OPTIMIZERS = ['manual', 'sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Everything one run needs, after parsing and checking. */
export interface Options {
  backend: BackendName;
  seed: number;
  lr: number;
  epochs: number;
  optimizer: OptimizerName;
  out: string;
  quiet: boolean;
  json: boolean;
  /** Print a `w,b,loss:` line every this many iterations (the tutorial's 200). */
  every: number;
  help: boolean;
}

/** A bad command line: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `grad-linreg: the tutorial's linear regression on grad tensors.

  x = rand([50, 1]); y = 3x + 0.8; w = rand([1, 1]); b = 0
  fit w and b by gradient descent on mean((y - (x·w + b))²)

Usage: pnpm demo [-- options]      (or: grad-linreg [options])

Options:
  --backend <cpu|gpujs>         where the tensors live (default: $GRAD_BACKEND, else cpu);
                                gpujs picks its mode from $GRAD_GPUJS_MODE, else the best available
  --seed <int>                  manualSeed for x and w (default 0): same seed, same output
  --lr <number>                 learning rate (default 0.01)
  --epochs <int>                training iterations (default 5000)
  --optimizer <manual|sgd|adam> manual: the tutorial's w.data -= lr * w.grad (default);
                                sgd, adam: from @grad/optim
  --every <int>                 print w, b and the loss every this many iterations (default 200)
  --out <dir>                   where the figures and report.html go (default out/)
  --quiet                       no progress; only the final lines
  --json                        print one JSON object with the result on stdout (progress goes to stderr)
  -h, --help                    this text
`;

const DEFAULTS = { seed: 0, lr: 0.01, epochs: 5000, optimizer: 'manual', out: 'out', every: 200 } as const;

function number(flag: string, raw: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${flag} expects a number, got '${raw}'`);
  }
  return value;
}

function integer(flag: string, raw: string, min: number): number {
  const value = number(flag, raw);
  if (!Number.isInteger(value)) throw new UsageError(`--${flag} expects an integer, got '${raw}'`);
  if (value < min) throw new UsageError(`--${flag} must be at least ${min}, got ${value}`);
  return value;
}

function oneOf<T extends string>(what: string, raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`unknown ${what} '${raw}': expected one of ${allowed.join(', ')}`);
}

/**
 * Parses the command line (without `node` and the script) and the environment.
 * Throws {@link UsageError} with a message that names the bad option.
 */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Options {
  // `pnpm demo -- --seed 3` can hand a leading `--` through; it means nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        backend: { type: 'string' },
        seed: { type: 'string' },
        lr: { type: 'string' },
        epochs: { type: 'string' },
        optimizer: { type: 'string' },
        every: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    // node:util's messages are precise ("Unknown option '--foo'"), minus the hint to use `--`.
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message);
  }
  const v = parsed.values;
  const envBackend = env['GRAD_BACKEND']?.trim();
  const backendRaw = v.backend ?? (envBackend ? envBackend : 'cpu');
  const backendWhat = v.backend === undefined && envBackend ? 'backend (from GRAD_BACKEND)' : 'backend';

  const lr = v.lr === undefined ? DEFAULTS.lr : number('lr', v.lr);
  if (lr <= 0) throw new UsageError(`--lr must be positive, got ${lr}`);
  const out = v.out ?? DEFAULTS.out;
  if (out.trim() === '') throw new UsageError('--out expects a directory, got an empty string');

  return {
    backend: oneOf(backendWhat, backendRaw, BACKENDS),
    seed: v.seed === undefined ? DEFAULTS.seed : integer('seed', v.seed, 0),
    lr,
    epochs: v.epochs === undefined ? DEFAULTS.epochs : integer('epochs', v.epochs, 1),
    optimizer: oneOf('optimizer', v.optimizer ?? DEFAULTS.optimizer, OPTIMIZERS),
    every: v.every === undefined ? DEFAULTS.every : integer('every', v.every, 1),
    out,
    quiet: v.quiet ?? false,
    json: v.json ?? false,
    help: v.help ?? false,
  };
}
