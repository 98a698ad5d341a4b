/**
 * Reading the golden fixtures (written by generator/generate.py with real
 * PyTorch) and turning them into grad tensors; the comparisons shared by the
 * oracle suites.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tensor, type Node, type Tensor } from '@grad/core';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A flat list of values as JSON holds them: non-finite numbers are strings. */
export type Encoded = Array<number | string | boolean>;
/** The generator's graph walk: [name, ...children], a repeated node named with a trailing '*'. */
export type GraphNames = [string, ...GraphNames[]];

export interface InputFixture {
  kind: 'x' | 'c' | 'i' | 'b';
  shape: number[];
  values: Encoded;
  printed?: string;
}
export interface OutputFixture {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64' | 'bool';
  values: Encoded;
  gradFn: string | null;
  printed: string;
}
export interface OpFixture {
  op: string;
  dtype: 'float32' | 'float64';
  case: number;
  inputs: InputFixture[];
  outputs: OutputFixture[];
  graph: GraphNames | null;
  cotangents?: Encoded[];
  grads?: Array<Encoded | null>;
  gradsPrinted?: Array<string | null>;
  gradsRequireGrad?: Array<boolean | null>;
  direction?: Encoded[];
  second?: Array<Encoded | null>;
}
export interface ChainFixture {
  id: number;
  dtype: 'float32' | 'float64';
  steps: string[];
  end: string;
  leaves: Array<{ shape: number[]; values: Encoded }>;
  value: number | string;
  printed: string;
  graph: GraphNames;
  grads: Array<Encoded | null>;
}
export interface ErrorFixture {
  type: string | null;
  message: string | null;
}

export function readFixture<T>(name: string, dir = FIXTURE_DIR): T {
  return JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as T;
}

export function decode(values: Encoded): number[] {
  return values.map((v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
}

/** A grad tensor holding a fixture input: float inputs in the case's dtype, indices as int32 (grad's int64). */
export function makeInput(input: InputFixture, dtype: 'float32' | 'float64'): Tensor {
  const values = decode(input.values);
  switch (input.kind) {
    case 'x':
      return tensor(values, { dtype, shape: input.shape, requiresGrad: true });
    case 'c':
      return tensor(values, { dtype, shape: input.shape });
    case 'i':
      return tensor(values, { dtype: 'int32', shape: input.shape });
    case 'b':
      return tensor(values, { dtype: 'bool', shape: input.shape });
  }
}

export interface Tolerance {
  rtol: number;
  atol: number;
  /** Use atol as it is, instead of scaled down to the values' magnitude. */
  absolute?: boolean;
}
/** float32 results may differ in the last bits (other summation orders); float64 only by rounding. */
export const TOLERANCE: Record<'float32' | 'float64', Tolerance> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-10 },
};
/** Second derivatives go through twice as many ops. */
export const SECOND_TOLERANCE: Record<'float32' | 'float64', Tolerance> = {
  float32: { rtol: 1e-3, atol: 1e-4 },
  float64: { rtol: 1e-6, atol: 1e-9 },
};

/** null when close (NaN matches NaN, ±inf match exactly), else a description of the worst element. */
export function compareValues(actual: readonly number[], expected: readonly number[], tol: Tolerance): string | null {
  if (actual.length !== expected.length) return `${actual.length} values, expected ${expected.length}`;
  // atol scales with the values' magnitude (down to 1e-3 of it): tiny results, such as
  // log1p(1e-6), must be right to their own precision, not to an absolute 1e-5.
  let scale = 0;
  for (const e of expected) if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
  const atol = tol.absolute ? tol.atol : tol.atol * Math.max(1e-3, Math.min(1, scale));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + tol.rtol * Math.abs(e))) {
      return `element ${i}: ${a}, expected ${e}\n  got      ${fmt(actual)}\n  expected ${fmt(expected)}`;
    }
  }
  return null;
}

function fmt(values: readonly number[]): string {
  return JSON.stringify(values.slice(0, 12).map((v) => Number(v.toPrecision(7))));
}

/** A tensor's values in row-major order as numbers (bools as 0/1). */
export function valuesOf(t: Tensor): number[] {
  const flat = t.detach().reshape([-1]).tolist() as Array<number | boolean>;
  return flat.map(Number);
}

/** grad's graph walked as the generator walks PyTorch's. */
export function graphNames(t: Tensor): GraphNames | null {
  const seen = new Set<Node>();
  const walk = (node: Node): GraphNames => {
    if (seen.has(node)) return [`${node.name}*`];
    seen.add(node);
    const children = node.nextFunctions.filter(([n]) => n !== null).map(([n]) => walk(n!));
    return [node.name, ...children];
  };
  return t.gradFn ? walk(t.gradFn) : null;
}

/** Drops what a printed form says about the graph, to compare the numbers alone. */
export function printedBody(s: string): string {
  return s.replace(/, grad_fn=<\w+>/, '').replace(/, requires_grad=True/, '');
}

/**
 * Compares grad's printed form with PyTorch's. When they differ only because
 * a value differs in a digit below the tolerance, printing PyTorch's own
 * values with grad's formatter gives PyTorch's text: then the printing is
 * right and the difference is rounding, already judged by the value check.
 */
export function comparePrinted(actual: Tensor, expected: string, expectedValues: Encoded, shape: number[]): string | null {
  const got = actual.toString();
  if (got === expected) return null;
  const suffix = (p: string): string => (p.match(/grad_fn=<\w+>|requires_grad=True/g) ?? []).join();
  // Only when some value really differs (not just in the sign of a zero, which printing shows) can rounding explain it.
  const want = decode(expectedValues);
  const differs = actual.dtype !== 'bool' && valuesOf(actual).some((v, i) => v !== want[i] && !(Number.isNaN(v) && Number.isNaN(want[i]!)));
  const sameValues = tensor(want, { dtype: actual.dtype, shape });
  const roundingOnly = differs && printedBody(sameValues.toString()) === printedBody(expected);
  if (suffix(got) === suffix(expected) && roundingOnly) return null;
  return `printed\n${got}\nexpected\n${expected}`;
}
