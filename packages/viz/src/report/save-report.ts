import { writeFileAtomic } from '../write-file';
import { report, type ReportOptions } from './report';

/**
 * Writes a report to an HTML file, whole or not at all; takes the HTML from
 * {@link report} or the report's options. Node only.
 *
 * @example
 * ```ts
 * import { saveReport, scatter } from '@grad/viz';
 * await saveReport({ title: 'Data', sections: [{ title: 'x vs y', items: [{ svg: scatter([1, 2], [3, 5]) }] }] }, 'out/report.html');
 * ```
 */
export async function saveReport(content: string | ReportOptions, path: string): Promise<void> {
  const html = typeof content === 'string' ? content : report(content);
  if (!/^\s*<!DOCTYPE html>/i.test(html)) throw new TypeError('saveReport: expected the HTML from report() or report options');
  await writeFileAtomic(path, html);
}
