/** The bench code runs: grad's workloads at tiny sizes, the limit probes' WebAssembly, the soak's sampler. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLib } from '../src/run-lib.js';
import { grad } from '../src/libs/grad.js';
import { seeded } from '../src/libs/types.js';

describe('bench smoke (tiny sizes)', () => {
  it("runs every one of grad's workloads and returns a time for each", async () => {
    const r = await runLib(grad, true, ['regression', 'matmul', 'mlp', 'tanh', 'chain-2k'], 10);
    for (const id of ['regression', 'matmul', 'mlp', 'tanh', 'chain-2k'] as const) {
      expect(r.cells[id]?.error).toBeUndefined();
      expect(r.cells[id]?.value).toBeGreaterThan(0);
    }
  }, 60_000);

  it("PyTorch's script draws the same seeded numbers as the JavaScript peers (mulberry32)", () => {
    const script = fileURLToPath(new URL('../src/libs/pytorch_bench.py', import.meta.url));
    const py = spawnSync('/usr/bin/python3', ['-c', `import runpy; m = runpy.run_path(${JSON.stringify(script)}); print(list(m['mulberry32'](3, 8)))`], { encoding: 'utf8' });
    if (py.status !== 0) return; // no Debian python3 with numpy and torch here: the bench skips PyTorch too
    const r = seeded(8);
    const js = [r(), r(), r()];
    const fromPy = JSON.parse(py.stdout.trim()) as number[];
    fromPy.forEach((v, i) => expect(v).toBeCloseTo(js[i]!, 15));
  });
});

describe('soak sampler (tiny)', () => {
  it('samples after warm-up and after each chunk, on the loop as written', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const g = globalThis as { gc?: () => void };
    g.gc ??= runInNewContext('gc') as () => void;
    const { soak } = await import('../src/soak.js');
    const r = await soak('cpu-regression', 300, 100, 60);
    expect(r.samples.map((s) => s.step)).toEqual([0, 100, 200, 300]);
    expect(r.stepsRun).toBe(300);
    // a plain loop on the CPU holds its memory: far under the ~4 KB a step it once grew
    const growth = r.samples[3]!.live - r.samples[0]!.live;
    expect(growth).toBeLessThan(300 * 4096);
  }, 60_000);
});
