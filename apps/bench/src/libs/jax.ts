/**
 * jax-js 0.1.25 on its `wasm` device (kernels generated as WebAssembly at run
 * time), eager and `jit`. Node 20 has no `navigator`, which jax-js reads on
 * import: a minimal one is defined first, and `init('wasm')` is awaited
 * (`init()` alone probes WebGPU and throws in Node).
 *
 * jax-js arrays are reference-counted with move semantics: passing an array
 * to an op consumes it, `x.ref` passes a new reference. Execution is lazy, so
 * every timed run ends with `blockUntilReady` on the values it produced.
 * Its backward recurses, so chains past about 2,000 ops overflow the stack
 * (reported as such in the table).
 */
import { CHAIN_C, MLP_LR, REGRESSION, SEEDS, randomArray, randomLabels, type Lib } from './types.js';

type Jax = typeof import('@jax-js/jax');
type JaxArray = import('@jax-js/jax').Array;

let loaded: Promise<Jax> | null = null;

/** Imports and initialises jax-js once, on the wasm device. */
function load(): Promise<Jax> {
  const g = globalThis as { navigator?: unknown };
  g.navigator ??= { userAgent: 'Node.js', hardwareConcurrency: 1 };
  loaded ??= import('@jax-js/jax').then(async (jax) => {
    const devices = await jax.init('wasm');
    if (!devices.includes('wasm')) throw new Error(`jax-js: no wasm device (got ${devices.join(', ')})`);
    jax.defaultDevice('wasm');
    return jax;
  });
  return loaded;
}

function jaxLib(mode: 'eager' | 'jit'): Lib {
  let jax!: Jax;
  /** `jit` compiles the whole function (forward and backward) into fused kernels. */
  const wrap = <F extends (...args: any[]) => any>(f: F): F => (mode === 'jit' ? (jax.jit(f) as unknown as F) : f);

  return {
    name: mode === 'jit' ? 'jax-js jit' : 'jax-js',
    activate: async () => {
      jax = await load();
    },
    regression: (steps) => () => {
      const np = jax.numpy;
      const xs = randomArray(REGRESSION.n, SEEDS.regressionX);
      const x = np.array(xs, { shape: [REGRESSION.n, 1] });
      const y = np.add(np.multiply(x.ref, REGRESSION.slope), REGRESSION.intercept);
      const loss = (w: JaxArray, b: JaxArray, xx: JaxArray, yy: JaxArray) => np.mean(np.square(np.subtract(np.add(np.matmul(xx, w), b), yy)));
      // The whole training step (loss, gradients, SGD update) is one function,
      // jit-compiled as a jax user writes it: jitting only valueAndGrad and
      // updating eagerly ran 5–10× slower here.
      const update = wrap((w: JaxArray, b: JaxArray, xx: JaxArray, yy: JaxArray) => {
        const [l, [gw, gb]] = jax.valueAndGrad(loss, { argnums: [0, 1] })(w.ref, b.ref, xx, yy) as unknown as [JaxArray, [JaxArray, JaxArray]];
        return [l, np.subtract(w, np.multiply(gw, REGRESSION.lr)), np.subtract(b, np.multiply(gb, REGRESSION.lr))];
      });
      return async () => {
        let w = np.array(randomArray(1, 9), { shape: [1, 1] });
        let b = np.zeros([1]);
        for (let i = 0; i < steps; i++) {
          const [l, w2, b2] = update(w, b, x.ref, y.ref) as JaxArray[];
          l!.dispose();
          w = w2!;
          b = b2!;
          await jax.blockUntilReady([w, b]);
        }
        w.dispose();
        b.dispose();
      };
    },
    matmul: (n) => () => {
      const np = jax.numpy;
      const a = np.array(randomArray(n * n, SEEDS.matA), { shape: [n, n] });
      const b = np.array(randomArray(n * n, SEEDS.matB), { shape: [n, n] });
      const g = wrap(jax.grad((p: JaxArray, q: JaxArray) => np.sum(np.matmul(p, q)), { argnums: [0, 1] }));
      return async () => {
        const grads = g(a.ref, b.ref) as unknown as JaxArray[];
        await jax.blockUntilReady(grads);
        for (const t of grads) t.dispose();
      };
    },
    mlp: ({ batch, inputs, hidden, classes }) => () => {
      const np = jax.numpy;
      const input = np.array(randomArray(batch * inputs, SEEDS.mlpInput), { shape: [batch, inputs] });
      const labels = jax.nn.oneHot(np.array(randomLabels(batch, classes, SEEDS.mlpLabels), { dtype: np.int32 }), classes);
      let params = [
        np.array(randomArray(inputs * hidden, SEEDS.mlpW1, 0.1, -0.5), { shape: [inputs, hidden] }),
        np.zeros([hidden]),
        np.array(randomArray(hidden * classes, SEEDS.mlpW2, 0.1, -0.5), { shape: [hidden, classes] }),
        np.zeros([classes]),
      ];
      // cross-entropy = −mean over the batch of Σ onehot · log softmax(logits)
      const loss = (w1: JaxArray, b1: JaxArray, w2: JaxArray, b2: JaxArray, xx: JaxArray, yy: JaxArray) => {
        const logits = np.add(np.matmul(jax.nn.relu(np.add(np.matmul(xx, w1), b1)), w2), b2);
        return np.negative(np.mean(np.sum(np.multiply(yy, jax.nn.logSoftmax(logits, -1)), -1)));
      };
      // loss, gradients and the SGD update in one (jit-compiled) function, as for the regression
      const update = wrap((w1: JaxArray, b1: JaxArray, w2: JaxArray, b2: JaxArray, xx: JaxArray, yy: JaxArray) => {
        const ps = [w1, b1, w2, b2];
        const [l, grads] = jax.valueAndGrad(loss, { argnums: [0, 1, 2, 3] })(...(ps.map((p) => p.ref) as [JaxArray, JaxArray, JaxArray, JaxArray]), xx, yy) as unknown as [
          JaxArray,
          JaxArray[],
        ];
        return [l, ...ps.map((p, i) => np.subtract(p, np.multiply(grads[i]!, MLP_LR)))];
      });
      return async () => {
        const [l, ...next] = update(...(params as [JaxArray, JaxArray, JaxArray, JaxArray]), input.ref, labels.ref) as JaxArray[];
        l!.dispose();
        params = next;
        await jax.blockUntilReady(params);
      };
    },
    tanh: (n) => () => {
      const np = jax.numpy;
      const x = np.array(randomArray(n, SEEDS.tanh, 2, -0.5));
      const g = wrap(jax.grad((t: JaxArray) => np.sum(np.multiply(np.tanh(np.add(np.multiply(t.ref, 2), 1)), t))));
      return async () => {
        const dx = g(x.ref) as unknown as JaxArray;
        await dx.blockUntilReady();
        dx.dispose();
      };
    },
    // A jit-compiled chain is one fused kernel, not n ops: the per-op row is eager only.
    ...(mode === 'eager'
      ? {
          chain: (n: number) => () => {
            const np = jax.numpy;
            const c = np.array(CHAIN_C);
            const x = np.ones([4]);
            const g = jax.grad((t: JaxArray) => {
              let z = t;
              for (let i = 0; i < n; i++) z = i % 2 ? np.add(z, c.ref) : np.multiply(z, c.ref);
              return np.sum(z);
            });
            return async () => {
              const dx = g(x.ref);
              await dx.blockUntilReady();
              dx.dispose();
            };
          },
        }
      : {}),
  };
}

export const jaxEager = jaxLib('eager');
export const jaxJit = jaxLib('jit');
