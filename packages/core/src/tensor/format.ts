/**
 * PyTorch's printed form of a tensor (torch/_tensor_str.py): the same number
 * formatting (integer mode "1.", fixed "1.5000", scientific "1.0000e+08"),
 * column widths, line wrapping at 80 characters, summarisation above 1000
 * elements, and the `requires_grad=True` / `grad_fn=<…>` / `dtype=…` suffixes.
 *
 * int32 is this library's default integer dtype (it plays int64's part), so,
 * like int64 in PyTorch, it prints without a dtype suffix.
 */
import type { Tensor } from './tensor.js';

const PRECISION = 4;
const LINEWIDTH = 80;
const THRESHOLD = 1000;
const EDGEITEMS = 3;

/**
 * Python rounds an exact tie to even ('{:.4f}'.format(0.03125) is 0.0312);
 * JavaScript's toFixed/toExponential round it away from zero. `digits` of the
 * exact decimal expansion decide whether a value is a tie: then the rounded
 * last digit, if odd, is stepped back toward zero.
 */
function tieToEven(rounded: string, exact: string, keep: number): string {
  // `exact` has more digits than `rounded`; a tie is "…5" followed by zeros after the kept digits.
  const mantissa = exact.replace(/e.*$/, '').replace('-', '');
  const dot = mantissa.indexOf('.');
  const digitsOnly = mantissa.replace('.', '');
  const cut = (dot < 0 ? digitsOnly.length : dot) + keep;
  const rest = digitsOnly.slice(cut);
  if (!/^50*$/.test(rest)) return rounded;
  const lastDigit = Number(digitsOnly[cut - 1] ?? '0');
  if (lastDigit % 2 === 0) {
    // The exact value truncated is already even: Python keeps it.
    return exact.startsWith('-') ? '-' + truncate(mantissa, cut, exact) : truncate(mantissa, cut, exact);
  }
  return rounded;
}

function truncate(mantissa: string, cut: number, exact: string): string {
  const dot = mantissa.indexOf('.');
  const digitsOnly = mantissa.replace('.', '');
  const kept = digitsOnly.slice(0, cut);
  const intLen = dot < 0 ? digitsOnly.length : dot;
  const body = kept.length > intLen ? `${kept.slice(0, intLen)}.${kept.slice(intLen)}` : kept;
  const exp = /e[+-]\d+$/.exec(exact)?.[0] ?? '';
  return body + exp;
}

/** Python's `'{:.4e}'`: at least two exponent digits, ties to even, the sign of negative zero kept. */
function sci(v: number): string {
  let s = tieToEven(v.toExponential(PRECISION), v.toExponential(PRECISION + 40), PRECISION);
  if (Object.is(v, -0)) s = '-' + s;
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `'{:.nf}'`: ties to even, and the sign of negative zero kept. */
function fixed(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-' + (0).toFixed(digits);
  const rounded = v.toFixed(digits);
  const exact = v.toFixed(Math.min(100, digits + 40));
  return tieToEven(rounded, exact, digits);
}

/** Decides integer/fixed/scientific mode and the column width from the values shown (PyTorch's _Formatter). */
class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  constructor(
    values: ArrayLike<number>,
    private readonly kind: 'float' | 'int' | 'bool',
  ) {
    if (kind !== 'float') {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, this.plain(values[i]!).length);
      return;
    }
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, sci(v).length);
      } else {
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, fixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, sci(v).length);
    } else {
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, fixed(v, PRECISION).length);
    }
  }

  private plain(v: number): string {
    if (this.kind === 'bool') return v ? 'True' : 'False';
    return String(v);
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let s: string;
    if (this.kind !== 'float') s = this.plain(v);
    else if (this.sciMode) s = Number.isFinite(v) ? sci(v) : fixed(v, 0);
    else if (this.intMode) s = Number.isFinite(v) ? `${fixed(v, 0)}.` : fixed(v, 0);
    else s = fixed(v, PRECISION);
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s;
  }
}

/** Row-major reader over the flat values with the tensor's shape. */
interface Block {
  values: ArrayLike<number>;
  shape: readonly number[];
  start: number;
}

function sub(block: Block, i: number): Block {
  const inner = block.shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: block.values, shape: block.shape.slice(1), start: block.start + i * inner };
}

/** The values the formatter should consider: all, or only the edges when summarising. */
function summarizedValues(block: Block, summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (b: Block): void => {
    if (b.shape.length === 0) {
      out.push(b.values[b.start]!);
      return;
    }
    const n = b.shape[0]!;
    const idx = summarize && n > 2 * EDGEITEMS ? [0, 1, 2, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    for (const i of idx) walk(sub(b, i));
  };
  walk(block);
  return out;
}

function vectorStr(block: Block, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width() + 2;
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementLength));
  const n = block.shape[0]!;
  const at = (i: number): string => f.format(block.values[block.start + i]!);
  let data: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    data = [...[0, 1, 2].map(at), ' ...', ...[n - 3, n - 2, n - 1].map(at)];
  } else {
    data = Array.from({ length: n }, (_, i) => at(i));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(block: Block, indent: number, summarize: boolean, f: Formatter): string {
  const dim = block.shape.length;
  if (dim === 0) return f.format(block.values[block.start]!);
  if (dim === 1) return vectorStr(block, indent, summarize, f);
  const n = block.shape[0]!;
  let slices: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    slices = [
      ...[0, 1, 2].map((i) => tensorStr(sub(block, i), indent + 1, summarize, f)),
      '...',
      ...[n - 3, n - 2, n - 1].map((i) => tensorStr(sub(block, i), indent + 1, summarize, f)),
    ];
  } else {
    slices = Array.from({ length: n }, (_, i) => tensorStr(sub(block, i), indent + 1, summarize, f));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      parts.push(',\n' + ' '.repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(', ' + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** The text `print(t)` shows in PyTorch. */
export function formatTensor(t: Tensor): string {
  if (t._disposed) return 'tensor(<disposed>)';
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);
  const defaultDtype = t.dtype === 'float32' || t.dtype === 'int32' || t.dtype === 'bool';
  let body: string;
  if (t.numel() === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.ndim === 1 ? ',' : ''})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    if (!defaultDtype) suffixes.push(`dtype=torch.${t.dtype}`);
    const values = t._readHost();
    const block: Block = { values, shape: t.shape, start: 0 };
    const summarize = t.numel() > THRESHOLD;
    const kind = t.dtype === 'bool' ? 'bool' : t.dtype === 'int32' ? 'int' : 'float';
    const f = new Formatter(summarize ? summarizedValues(block, true) : values, kind);
    body = tensorStr(block, indent, summarize, f);
  }
  if (t._gradFn) suffixes.push(`grad_fn=<${t._gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
