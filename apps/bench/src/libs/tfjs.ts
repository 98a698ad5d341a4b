/**
 * TensorFlow.js (tfjs-core 4.22) on its pure-JS `cpu` backend and its
 * WebAssembly `wasm` backend (XNNPACK, SIMD where the runtime has it).
 * Gradients come from `tf.grads` / `tf.variableGrads`, intermediates are freed
 * with `tf.tidy`, as tfjs code is written. Ops are called as functions
 * (`tf.matMul(a, b)`): the chained methods need a side-effect import.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

// tfjs-core's Node bundle has no gradients: the `@tensorflow/tfjs` umbrella
// registers them. Its ES-module source (extensionless imports) loads through
// tsx's require hook; the copy shares the engine and the registries, which
// tfjs keeps on globalThis.
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients');
import { heapUsed } from '../harness.js';
import { CHAIN_C, MLP_LR, REGRESSION, SEEDS, randomArray, randomLabels, type Lib, type MemoryReport } from './types.js';

function regressionSetup() {
  const x = tf.tensor2d(randomArray(REGRESSION.n, SEEDS.regressionX), [REGRESSION.n, 1]);
  const y = tf.tidy(() => tf.add(tf.mul(x, REGRESSION.slope), REGRESSION.intercept));
  const w = tf.variable(tf.randomUniform([1, 1]));
  const b = tf.variable(tf.zeros([1]));
  return { x, y, w, b };
}

function regressionStep(s: ReturnType<typeof regressionSetup>): void {
  const { x, y, w, b } = s;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar, [w, b]);
    w.assign(tf.sub(w, tf.mul(grads[w.name]!, REGRESSION.lr)));
    b.assign(tf.sub(b, tf.mul(grads[b.name]!, REGRESSION.lr)));
  });
}

function disposeAll(s: Record<string, tf.Tensor>): void {
  for (const t of Object.values(s)) t.dispose();
}

function tfjs(backend: 'cpu' | 'wasm'): Lib {
  return {
    name: `tfjs-${backend}`,
    activate: async () => {
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
      await tf.ready();
    },
    matmul: (n) => () => {
      const a = tf.tensor2d(randomArray(n * n, SEEDS.matA), [n, n]);
      const b = tf.tensor2d(randomArray(n * n, SEEDS.matB), [n, n]);
      const g = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q)));
      return () => {
        const [da, db] = g([a, b]);
        // Kernels may run lazily on some backends: wait for the values.
        da!.dataSync();
        db!.dataSync();
        da!.dispose();
        db!.dispose();
      };
    },
    tanh: (n) => () => {
      const x = tf.tensor1d(randomArray(n, SEEDS.tanh, 2, -0.5));
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.add(tf.mul(t, 2), 1)), t)));
      return () => {
        const dx = g(x);
        dx.dataSync();
        dx.dispose();
      };
    },
    regression: (steps) => () => () => {
      const s = regressionSetup();
      for (let i = 0; i < steps; i++) regressionStep(s);
      s.w.dataSync();
      disposeAll(s);
    },
    chain: (n) => () => {
      const c = tf.tensor1d(CHAIN_C);
      const x = tf.ones([4]);
      const g = tf.grad((t: tf.Tensor) => {
        let z = t;
        for (let i = 0; i < n; i++) z = i % 2 ? tf.add(z, c) : tf.mul(z, c);
        return tf.sum(z);
      });
      return () => {
        const dx = g(x);
        dx.dataSync();
        dx.dispose();
      };
    },
    mlp: ({ batch, inputs, hidden, classes }) => () => {
      const lr = MLP_LR;
      const input = tf.tensor2d(randomArray(batch * inputs, SEEDS.mlpInput), [batch, inputs]);
      const labels = tf.oneHot(tf.tensor1d(randomLabels(batch, classes, SEEDS.mlpLabels), 'int32'), classes);
      const w1 = tf.variable(tf.tensor2d(randomArray(inputs * hidden, SEEDS.mlpW1, 0.1, -0.5), [inputs, hidden]));
      const b1 = tf.variable(tf.zeros([hidden]));
      const w2 = tf.variable(tf.tensor2d(randomArray(hidden * classes, SEEDS.mlpW2, 0.1, -0.5), [hidden, classes]));
      const b2 = tf.variable(tf.zeros([classes]));
      const params = [w1, b1, w2, b2];
      return () => {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(input, w1), b1)), w2), b2);
            return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
          }, params);
          for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name]!, lr)));
        });
        w2.dataSync();
      };
    },
    memory: async (steps): Promise<MemoryReport[]> => {
      const s = regressionSetup();
      regressionStep(s);
      const heapBefore = await heapUsed();
      const tensorsBefore = tf.memory().numTensors;
      for (let i = 0; i < steps; i++) regressionStep(s);
      s.w.dataSync();
      const heapAfter = await heapUsed();
      const tensorsAfter = tf.memory().numTensors;
      disposeAll(s);
      return [{ variant: 'each step inside tf.tidy()', heapBefore, heapAfter, tensorsBefore, tensorsAfter, steps }];
    },
  };
}

export const tfjsCpu = tfjs('cpu');
export const tfjsWasm = tfjs('wasm');
