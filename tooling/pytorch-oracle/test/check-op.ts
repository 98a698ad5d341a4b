/**
 * Runs one op fixture in grad and compares it with PyTorch aspect by aspect.
 * Each aspect is null when grad agrees, else a description of the difference.
 */
import { autograd, type Tensor } from '@grad/core';
import {
  compareValues,
  comparePrinted,
  decode,
  graphNames,
  makeInput,
  SECOND_TOLERANCE,
  TOLERANCE,
  valuesOf,
  type OpFixture,
} from './fixtures.js';
import { OP_CATALOG } from './op-catalog.js';

export const ASPECTS = ['value', 'gradFn', 'graph', 'printed', 'grad', 'gradPrinted', 'gradRequiresGrad', 'second'] as const;
export type Aspect = (typeof ASPECTS)[number];
export type AspectResults = Record<Aspect, string | null>;

function errorText(e: unknown): string {
  return `threw ${e instanceof Error ? e.message : String(e)}`;
}

/** Lists of equal length compared element by element; the first difference is reported. */
function firstDifference(parts: Array<string | null>): string | null {
  const i = parts.findIndex((p) => p !== null);
  return i < 0 ? null : `[${i}] ${parts[i]}`;
}

export function checkOp(fx: OpFixture): AspectResults {
  const r: AspectResults = { value: null, gradFn: null, graph: null, printed: null, grad: null, gradPrinted: null, gradRequiresGrad: null, second: null };
  const fn = OP_CATALOG[fx.op];
  if (!fn) throw new Error(`op '${fx.op}' of the fixtures is missing from test/op-catalog.ts`);
  const tol = TOLERANCE[fx.dtype];
  const inputs = fx.inputs.map((inp) => makeInput(inp, fx.dtype));
  let outs: Tensor[];
  try {
    const raw = fn(...inputs);
    outs = Array.isArray(raw) ? raw : [raw];
  } catch (e) {
    const msg = errorText(e);
    for (const a of ASPECTS) r[a] = msg;
    return r;
  }
  if (outs.length !== fx.outputs.length) {
    r.value = `${outs.length} outputs, expected ${fx.outputs.length}`;
    return r;
  }
  r.value = firstDifference(
    fx.outputs.map((o, i) => {
      const got = outs[i]!;
      if (got.shape.join() !== o.shape.join()) return `shape [${got.shape}], expected [${o.shape}]`;
      return compareValues(valuesOf(got), decode(o.values), o.dtype === 'float32' || o.dtype === 'float64' ? tol : { rtol: 0, atol: 0 });
    }),
  );
  r.gradFn = firstDifference(fx.outputs.map((o, i) => ((outs[i]!.gradFn?.name ?? null) === o.gradFn ? null : `${outs[i]!.gradFn?.name ?? null}, expected ${o.gradFn}`)));
  const diffIndex = fx.outputs.map((o, i) => (o.gradFn !== null ? i : -1)).filter((i) => i >= 0);
  if (fx.graph) {
    const got = diffIndex.length ? graphNames(outs[diffIndex[0]!]!) : null;
    r.graph = JSON.stringify(got) === JSON.stringify(fx.graph) ? null : `graph\n  got      ${JSON.stringify(got)}\n  expected ${JSON.stringify(fx.graph)}`;
  }
  r.printed = firstDifference(fx.outputs.map((o, i) => comparePrinted(outs[i]!, o.printed, o.values, o.shape)));
  if (!fx.cotangents || !fx.grads) return r;

  const xs = inputs.filter((_, k) => fx.inputs[k]!.kind === 'x');
  const diffOuts = diffIndex.map((i) => outs[i]!);
  const cots = fx.cotangents.map((c, k) => makeInput({ kind: 'c', shape: [...diffOuts[k]!.shape], values: c }, fx.dtype));
  let grads: Array<Tensor | null>;
  try {
    grads = autograd.grad(diffOuts, xs, { gradOutputs: cots, createGraph: true, allowUnused: true });
  } catch (e) {
    r.grad = r.gradPrinted = r.gradRequiresGrad = r.second = errorText(e);
    return r;
  }
  r.grad = firstDifference(
    fx.grads.map((g, k) => {
      const got = grads[k] ?? null;
      if (g === null || got === null) return (g === null) === (got === null) ? null : `${got === null ? 'null' : 'a gradient'}, expected ${g === null ? 'null' : 'a gradient'}`;
      return compareValues(valuesOf(got), decode(g), tol);
    }),
  );
  r.gradPrinted = firstDifference(
    (fx.gradsPrinted ?? []).map((p, k) => (p === null || !grads[k] ? null : comparePrinted(grads[k]!.detach(), p, fx.grads![k]!, [...xs[k]!.shape]))),
  );
  r.gradRequiresGrad = firstDifference(
    (fx.gradsRequireGrad ?? []).map((flag, k) => (flag === null || !grads[k] || grads[k]!.requiresGrad === flag ? null : `requiresGrad ${grads[k]!.requiresGrad}, expected ${flag}`)),
  );
  try {
    const terms = grads
      .map((g, k) => (g !== null && g.requiresGrad ? g.mul(makeInput({ kind: 'c', shape: [...xs[k]!.shape], values: fx.direction![k]! }, fx.dtype)).sum() : null))
      .filter((t): t is Tensor => t !== null);
    const second = terms.length ? autograd.grad(terms.reduce((a, b) => a.add(b)), xs, { allowUnused: true }) : xs.map(() => null);
    // PyTorch's None (no path) and zeros mean the same derivative.
    r.second = firstDifference(
      fx.second!.map((s, k) => {
        const got = second[k] ? valuesOf(second[k]!) : new Array<number>(xs[k]!.numel()).fill(0);
        const want = s ? decode(s) : new Array<number>(xs[k]!.numel()).fill(0);
        return compareValues(got, want, SECOND_TOLERANCE[fx.dtype]);
      }),
    );
  } catch (e) {
    r.second = errorText(e);
  }
  return r;
}
