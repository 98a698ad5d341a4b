import { escapeXml } from '../plot/svg';
import { checkVizOptions, OPTION_KEYS } from '../options';

/** A table in a report: column headings and rows of cells. */
export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>;
}

/**
 * One block of a report section: an SVG (a plot from {@link plot} or a
 * graph from {@link renderSvg}) with an optional caption, a table, a
 * paragraph of text, or preformatted text such as DOT or a log.
 */
export type ReportItem =
  | { readonly svg: string; readonly caption?: string }
  | { readonly table: ReportTable; readonly caption?: string }
  | { readonly text: string }
  | { readonly code: string };

/** A titled section of a report. */
export interface ReportSection {
  readonly title: string;
  readonly items: readonly ReportItem[];
}

/** Options of {@link report}. */
export interface ReportOptions {
  readonly title: string;
  /** A line under the title (a date, a run's settings, …). */
  readonly subtitle?: string;
  readonly sections: readonly ReportSection[];
}

const css = `
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;font-family:'DejaVu Sans','Helvetica Neue',Helvetica,Arial,sans-serif;color:#222;background:#fff;line-height:1.45}
main{max-width:1000px;margin:0 auto}
h1{font-size:26px;margin:0 0 4px}
.subtitle{color:#555;margin:0 0 20px}
section{margin:28px 0;padding-top:8px;border-top:1px solid #e3e3e3}
h2{font-size:19px;margin:8px 0 12px}
figure{margin:12px 0 20px}
figure .svg{overflow-x:auto}
figure svg{display:block;max-width:100%;height:auto}
figcaption{color:#555;font-size:14px;margin-top:6px}
table{border-collapse:collapse;font-size:14px;margin:8px 0}
th,td{border:1px solid #d8d8d8;padding:4px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f3f3f3}
pre{background:#f6f6f6;border:1px solid #e3e3e3;padding:10px;overflow-x:auto;font-size:13px}
`.trim();

/** An SVG document made fit to sit inside HTML: no XML declaration, DOCTYPE or comments before `<svg`. */
function inlineSvg(svg: string, where: string): string {
  const start = typeof svg === 'string' ? svg.search(/<svg[\s>]/) : -1;
  if (start < 0) throw new TypeError(`${where}: an svg item must hold an SVG document (from plot(), renderSvg(), …)`);
  const end = svg.lastIndexOf('</svg>');
  if (end < start) throw new TypeError(`${where}: the SVG document is cut short: no closing </svg>`);
  return svg.slice(start, end + '</svg>'.length);
}

function cell(value: string | number | boolean | null, tag: 'td' | 'th'): string {
  const numeric = typeof value === 'number';
  const text = value === null ? '' : numeric ? formatNumber(value) : String(value);
  return `<${tag}${numeric && tag === 'td' ? ' class="num"' : ''}>${escapeXml(text)}</${tag}>`;
}

function formatNumber(v: number): string {
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 1e-4 && abs < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(4);
}

function itemHtml(item: ReportItem, where: string): string {
  if ('svg' in item) {
    const caption = item.caption ? `<figcaption>${escapeXml(item.caption)}</figcaption>` : '';
    return `<figure><div class="svg">${inlineSvg(item.svg, where)}</div>${caption}</figure>`;
  }
  if ('table' in item) {
    const { columns, rows } = item.table;
    rows.forEach((row, i) => {
      if (row.length !== columns.length) throw new RangeError(`${where}: table row ${i} has ${row.length} cells but there are ${columns.length} columns`);
    });
    const head = `<tr>${columns.map((c) => cell(c, 'th')).join('')}</tr>`;
    const body = rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('');
    const caption = item.caption ? `<caption>${escapeXml(item.caption)}</caption>` : '';
    return `<table>${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`;
  }
  if ('text' in item) return `<p>${escapeXml(item.text)}</p>`;
  if ('code' in item) return `<pre>${escapeXml(item.code)}</pre>`;
  throw new TypeError(`${where}: unknown item: expected { svg }, { table }, { text } or { code }`);
}

/**
 * One self-contained HTML page: plots, graphs and tables inline, the style
 * in the page, no script and nothing fetched, so it opens in any browser
 * offline and can be mailed or attached to a CI run as one file.
 *
 * @example
 * ```ts
 * import { report, lossCurve, saveReport } from '@grad/viz';
 * const html = report({
 *   title: 'Linear regression',
 *   sections: [
 *     { title: 'Loss', items: [{ svg: lossCurve(losses), caption: 'MSE per iteration' }] },
 *     { title: 'Result', items: [{ table: { columns: ['w', 'b'], rows: [[2.998, 0.801]] } }] },
 *   ],
 * });
 * await saveReport(html, 'report.html');
 * ```
 */
export function report(options: ReportOptions): string {
  if (!options || typeof options.title !== 'string') throw new TypeError('report: expected { title, sections }');
  checkVizOptions('report', options, OPTION_KEYS.report);
  (options.sections ?? []).forEach((s, i) => checkVizOptions(`report (section ${i})`, s, OPTION_KEYS.reportSection));
  const sections = (options.sections ?? []).map((s, i) => {
    const where = `report: section ${i} ('${s.title}')`;
    const items = (s.items ?? []).map((item, j) => itemHtml(item, `${where} item ${j}`)).join('\n');
    return `<section><h2>${escapeXml(s.title)}</h2>\n${items}\n</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: forbid every fetch, allow only the inline style and inline SVG images.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeXml(options.title)}</h1>`,
    options.subtitle ? `<p class="subtitle">${escapeXml(options.subtitle)}</p>` : '',
    ...sections,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
