#!/usr/bin/env node
// `pnpm setup:gl`: builds the optional native `gl` module that gpu.js's
// `headlessgl` mode runs on.
//
// Why a script of its own: `pnpm install` deliberately skips `gl`'s build
// (`ignoredBuiltDependencies` in pnpm-workspace.yaml), so that a machine with
// only Node and npm installs, and a user who wants the CPU demo does not wait
// two minutes for a native build. `pnpm rebuild gl` honours that setting and
// does nothing, so this script runs `gl`'s own build (node-gyp) directly.
// Its prebuilt-binary step (prebuild-install) is skipped: it downloads from
// outside the npm registry, which many machines cannot reach.
//
// Needs a compiler toolchain (python3, make, g++) and the X and GL headers;
// on Debian: apt-get install libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++
// Exits non-zero, with the build's output, when the build fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const store = join(root, 'node_modules/.pnpm');
const dirs = existsSync(store)
  ? readdirSync(store)
      .filter((d) => d.startsWith('gl@'))
      .map((d) => join(store, d, 'node_modules/gl'))
      .filter((d) => existsSync(join(d, 'package.json')))
  : [];
if (dirs.length === 0) {
  console.error('setup:gl: no `gl` package under node_modules/.pnpm: run `pnpm install` first');
  process.exit(1);
}

// node-gyp downloads Node's headers unless told where they are; the Node
// installation usually ships them (<prefix>/include/node), so use those.
const prefix = resolve(dirname(process.execPath), '..');
const nodedir = process.env['npm_config_nodedir'] ?? (existsSync(join(prefix, 'include/node/node.h')) ? prefix : undefined);
const gypArgs = ['rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];

const packages = ['libxi-dev', 'libglu1-mesa-dev', 'libglew-dev', 'pkg-config', 'python3', 'make', 'g++'];
for (const dir of dirs) {
  if (existsSync(join(dir, 'build/Release/webgl.node'))) {
    console.log(`setup:gl: already built: ${dir}`);
    continue;
  }
  const nodeGyp = createRequire(join(dir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  console.log(`setup:gl: building ${dir} (about two minutes)`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [nodeGyp, ...gypArgs], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `setup:gl: the native build failed. It needs the X and GL headers and a compiler; on Debian:\n` +
        `  apt-get install ${packages.join(' ')}\n` +
        `gpu.js still runs without it, in its 'webasm' and 'cpu' modes.`,
    );
    process.exit(result.status ?? 1);
  }
  console.log(`setup:gl: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
