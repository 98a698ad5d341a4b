#!/usr/bin/env node
// Runs a command with an X display: as is when DISPLAY is set or there is no
// xvfb-run, else under `xvfb-run -a` (gpu.js's headlessgl mode needs a display;
// Mesa renders in software there). Exits with the command's status.
import { spawnSync } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-display.mjs <command> [args...]');
  process.exit(2);
}
const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
const wrap = !process.env.DISPLAY && hasXvfb && process.platform === 'linux';
const result = wrap
  ? spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', cmd, ...args], { stdio: 'inherit' })
  : spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
