import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lossCurve, renderSvg, report, saveReport, scatter } from '../src/index';

describe('report', () => {
  it('is one self-contained page: inline SVG, inline style, no script, nothing fetched', async () => {
    const graph = await renderSvg('digraph { a -> b }');
    const html = report({
      title: 'Run <1>',
      subtitle: 'lr 0.01',
      sections: [
        { title: 'Data', items: [{ svg: scatter([0, 1, 2], [1, 2, 3]), caption: 'x against y' }, { text: 'Fifty points.' }] },
        { title: 'Graph', items: [{ svg: graph }, { code: 'digraph { a -> b }' }] },
        { title: 'Result', items: [{ table: { columns: ['w', 'b', 'ok'], rows: [[2.99812345, 0.8, true]] } }] },
      ],
    });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Run &lt;1&gt;</title>');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(2);
    // Graphviz's XML declaration and DOCTYPE do not belong inside HTML.
    expect(html).not.toContain('<?xml');
    expect(html).not.toContain('<!DOCTYPE svg');
    expect(html).not.toMatch(/<script|<link|<img|@import|src=/);
    expect(html).not.toMatch(/(href|src)="https?:/);
    expect(html).toContain('<td class="num">2.99812</td>');
    expect(html).toContain('<figcaption>x against y</figcaption>');
    expect(html).toContain('<pre>digraph { a -&gt; b }</pre>');
  });

  it('rejects a broken item instead of writing a broken page', () => {
    expect(() => report({ title: 't', sections: [{ title: 's', items: [{ svg: 'not svg' }] }] })).toThrow(/must hold an SVG document/);
    expect(() => report({ title: 't', sections: [{ title: 's', items: [{ svg: '<svg><g>' }] }] })).toThrow(/cut short/);
    expect(() => report({ title: 't', sections: [{ title: 's', items: [{ table: { columns: ['a', 'b'], rows: [[1]] } }] }] })).toThrow(
      /row 0 has 1 cells but there are 2 columns/,
    );
  });

  it('saveReport writes the page from HTML or from options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grad-viz-report-'));
    try {
      await saveReport({ title: 'Loss', sections: [{ title: 'Loss', items: [{ svg: lossCurve([3, 2, 1]) }] }] }, join(dir, 'a.html'));
      const html = await readFile(join(dir, 'a.html'), 'utf8');
      expect(html).toContain('<h1>Loss</h1>');
      await expect(saveReport('nope', join(dir, 'b.html'))).rejects.toThrow(/expected the HTML/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
