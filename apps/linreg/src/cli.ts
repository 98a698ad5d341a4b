#!/usr/bin/env node
/**
 * grad-linreg: the tutorial's linear regression, the demo a newcomer runs
 * first (`pnpm demo`). Exit status: 0 done, 1 failed, 2 bad command line.
 */
import { parseOptions, USAGE, UsageError } from './args.js';

// `pnpm demo | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`grad-linreg: ${e.message}\nRun with --help for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Loaded only now, so --help and a bad option answer at once, before the
  // tensor, optimizer and plotting modules load.
  const { run } = await import('./run.js');
  // `pnpm demo` runs this in apps/linreg; pnpm's INIT_CWD is where the user typed it,
  // so `--out out` lands there, as it would with any other command.
  await run(options, { stdout: process.stdout, stderr: process.stderr, cwd: process.env['INIT_CWD'] ?? process.cwd() });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`grad-linreg: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
