/**
 * Helpers that write gpu.js kernel source. Every kernel here indexes its
 * inputs in-kernel from shape, strides and offset passed as uniforms, so one
 * compiled kernel serves every shape of its rank and no input is ever made
 * contiguous first.
 *
 * gpu.js compiles a subset of JavaScript to GLSL (or wasm); all arithmetic is
 * float32 there, so the index maths below is written to stay exact on
 * integer-valued floats below 2^24.
 */

/** `${prefix}0, ${prefix}1, …` for `n` names. */
export function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, d) => `${prefix}${d}`);
}

/**
 * Statements splitting the flat index `flat` into coordinates
 * `${coord}0 … ${coord}{r-1}` of a row-major shape held in `${shape}0 …`.
 *
 * GL division is not correctly rounded (it is x·(1/y) on many GPUs), so
 * `floor(i / n)` can land one off when i is a multiple of n; the two
 * corrections below make the quotient exact for any integers below 2^24.
 */
export function splitIndex(flat: string, rank: number, shape: string, coord: string): string {
  if (rank === 0) return '';
  const lines: string[] = [];
  let rest = flat;
  for (let d = rank - 1; d >= 1; d--) {
    const q = `${coord}q${d}`;
    const c = `${coord}${d}`;
    const n = `${shape}${d}`;
    lines.push(
      `var ${q} = Math.floor(${rest} / ${n});`,
      `var ${c} = ${rest} - ${q} * ${n};`,
      `if (${c} < 0) { ${c} = ${c} + ${n}; ${q} = ${q} - 1; }`,
      `if (${c} >= ${n}) { ${c} = ${c} - ${n}; ${q} = ${q} + 1; }`,
    );
    rest = q;
  }
  lines.push(`var ${coord}0 = ${rest};`);
  return lines.join('\n  ');
}

/**
 * Loops must stay short on GL: Mesa's llvmpipe silently stops a shader after
 * 65,535 loop iterations in all (a sum of 100,000 ones came back 65,535,
 * nested loops included). So no kernel loops more than CHUNK times: a longer
 * loop is split over CHUNK-sized chunks, one thread each, and the partial
 * results are combined by a second pass (which also sums more accurately).
 */
export const CHUNK = 4096;

/** How many CHUNK-sized chunks a loop of `count` needs. */
export function chunks(count: number): number {
  return Math.max(1, Math.ceil(count / CHUNK));
}

/**
 * Lines splitting the thread index into the output element `i` and its chunk
 * `ch` of `nch` (corrected for inexact GL division, as in splitIndex).
 */
export function chunkPrelude(): string[] {
  return [
    'var t = this.thread.x;',
    'var i = Math.floor(t / nch);',
    'var ch = t - i * nch;',
    'if (ch < 0) { i = i - 1; ch = ch + nch; }',
    'if (ch >= nch) { i = i + 1; ch = ch - nch; }',
  ];
}

/** Lines looping `v` over chunk `ch` of [0, bound): at most CHUNK iterations. */
export function chunkLoop(v: string, bound: string, body: readonly string[]): string[] {
  return [
    `var ${v}First = ch * ${CHUNK};`,
    `var ${v}Count = Math.min(${CHUNK}, ${bound} - ${v}First);`,
    `for (var ${v}Step = 0; ${v}Step < ${v}Count; ${v}Step++) {`,
    `  var ${v} = ${v}First + ${v}Step;`,
    ...body.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
    '}',
  ];
}

/** `${base} + c0 * ${stride}0 + …`: the storage position of a coordinate. */
export function dot(base: string, coords: readonly string[], strides: readonly string[]): string {
  return [base, ...coords.map((c, d) => `${c} * ${strides[d]}`)].join(' + ');
}

/** A whole kernel function in gpu.js's accepted form. */
export function kernelFunction(params: readonly string[], body: readonly string[]): string {
  return `function (${params.join(', ')}) {\n  ${body.filter((l) => l !== '').join('\n  ')}\n}`;
}

/*
 * Coalescing (merging dimensions every operand walks contiguously: fewer
 * divisions per element and far fewer distinct kernels to compile) and numel
 * are core's helpers for backend authors.
 */
export { coalesce, numel } from '@grad/core/backend';
