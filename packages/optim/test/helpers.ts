import { registerBackend, tensor, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { expect } from 'vitest';
import type { Optimizer } from '../src/index.js';

/** Every test file calls this first; registering 'cpu' twice is harmless. */
export function useCpu(): void {
  registerBackend(cpu());
}

/**
 * The test problem: a, b of shape [3] and c of shape [2, 2], float64, with
 *   f(a, b, c) = Σᵢ (1 − aᵢ)² + 10(bᵢ − aᵢ²)²  +  Σⱼₖ c⁴ⱼₖ/4 − cⱼₖ
 * (a summed Rosenbrock, and a quartic): not quadratic, so every optimizer's
 * trajectory depends on each detail of its update rule.
 */
export const A0 = [-1.2, 0.3, 1.4];
export const B0 = [1.0, -0.4, 1.8];
export const C0 = [
  [0.5, -0.7],
  [1.3, 0.2],
];

export interface Problem {
  a: Tensor;
  b: Tensor;
  c: Tensor;
  params: Tensor[];
  /** f, times `sign` (−1 turns the minimisation into a maximisation of −f). */
  loss(sign?: number): Tensor;
  /** [a, b, c] as flat arrays. */
  values(): number[][];
}

export function problem(start: number[][] = [A0, B0, C0.flat()]): Problem {
  const [a0, b0, c0] = start as [number[], number[], number[]];
  const a = tensor(a0, { dtype: 'float64', requiresGrad: true });
  const b = tensor(b0, { dtype: 'float64', requiresGrad: true });
  const c = tensor(c0, { dtype: 'float64' }).reshape([2, 2]).detach().requiresGrad_(true);
  const loss = (sign = 1): Tensor => {
    const rosen = a.neg().add(1).pow(2).add(b.sub(a.pow(2)).pow(2).mul(10)).sum();
    const quartic = c.pow(4).mul(0.25).sub(c).sum();
    return rosen.add(quartic).mul(sign);
  };
  const values = (): number[][] => [a.tolist() as number[], b.tolist() as number[], c.reshape(-1).tolist() as number[]];
  return { a, b, c, params: [a, b, c], loss, values };
}

/** ∇f by hand: ∂f/∂a = −2(1 − a) − 40a(b − a²), ∂f/∂b = 20(b − a²), ∂f/∂c = c³ − 1. */
export function gradient([a, b, c]: number[][], sign = 1): number[][] {
  const ga = (a as number[]).map((ai, i) => sign * (-2 * (1 - ai) - 40 * ai * ((b as number[])[i]! - ai * ai)));
  const gb = (b as number[]).map((bi, i) => sign * 20 * (bi - (a as number[])[i]! ** 2));
  const gc = (c as number[]).map((ci) => sign * (ci ** 3 - 1));
  return [ga, gb, gc];
}

/** f by hand. */
export function lossValue([a, b, c]: number[][], sign = 1): number {
  let f = 0;
  (a as number[]).forEach((ai, i) => (f += (1 - ai) ** 2 + 10 * ((b as number[])[i]! - ai * ai) ** 2));
  for (const ci of c as number[]) f += ci ** 4 / 4 - ci;
  return sign * f;
}

/** Trains the problem with `make`'s optimizer for `steps` steps; the values after each step. */
export function trajectory(make: (p: Problem) => Optimizer<any, any>, steps: number, sign = 1, start?: number[][]): number[][][] {
  const p = problem(start);
  const opt = make(p);
  const out: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    p.loss(sign).backward();
    opt.step();
    out.push(p.values());
  }
  return out;
}

/**
 * The same run with a hand-written update: `update(i, θ, g, state, t)` changes
 * the flat values θ of parameter i (0: a, 1: b, 2: c) in place, at step t ≥ 1.
 */
export function referenceTrajectory(
  update: (i: number, theta: number[], g: number[], state: Record<string, any>, t: number) => void,
  steps: number,
  sign = 1,
  start: number[][] = [A0, B0, C0.flat()],
): number[][][] {
  const theta = start.map((v) => [...v]);
  const states: Array<Record<string, any>> = theta.map(() => ({}));
  const out: number[][][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = gradient(theta, sign);
    theta.forEach((th, i) => update(i, th, g[i] as number[], states[i] as Record<string, any>, t));
    out.push(theta.map((v) => [...v]));
  }
  return out;
}

/** Every step's values within 1e-9 of the hand-computed ones (and finite, so a blow-up fails). */
export function expectSameTrajectory(actual: number[][][], expected: number[][][]): void {
  expect(actual.length).toBe(expected.length);
  for (const step of expected) for (const v of step) for (const x of v) expect(Number.isFinite(x)).toBe(true);
  actual.forEach((step, t) => {
    step.forEach((v, i) => {
      expect(v, `step ${t + 1}, parameter ${i}`).toBeAllClose(expected[t]![i], { rtol: 1e-9, atol: 1e-9 });
    });
  });
}

/** All combinations of the given option values. */
export function combinations<T extends Record<string, readonly unknown[]>>(axes: T): Array<{ [K in keyof T]: T[K][number] }> {
  let out: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(axes)) out = out.flatMap((o) => values.map((v) => ({ ...o, [key]: v })));
  return out as Array<{ [K in keyof T]: T[K][number] }>;
}

/** A readable test name for an option combination. */
export function label(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}
