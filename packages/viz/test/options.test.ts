import { describe, expect, it } from 'vitest';
import { lossCurve, plot, report, scatter, sparkline, textPlot } from '../src/index';

/**
 * Every public function refuses an option key it does not know (a misspelt
 * key would otherwise be ignored and the plot silently drawn without it),
 * naming the known ones and the likely slip.
 */
describe('viz options are checked', () => {
  it('a misspelt plot option is refused with a suggestion', () => {
    expect(() => plot({ series: [{ y: [1, 2] }], tittle: 'x' } as never)).toThrow("plot() got an unexpected option 'tittle'; did you mean 'title'?");
    expect(() => plot({ series: [{ y: [1, 2], colour: 'red' }] } as never)).toThrow("plot (series 0)() got an unexpected option 'colour'; did you mean 'color'?");
    expect(() => scatter([1], [2], { markersize: 3 } as never)).toThrow("scatter() got an unexpected option 'markersize'; did you mean 'markerSize'?");
    expect(() => lossCurve([1, 0.5], { logscale: true } as never)).toThrow("lossCurve() got an unexpected option 'logscale'; did you mean 'logScale'?");
    expect(() => sparkline([1, 2], { widht: 3 } as never)).toThrow("sparkline() got an unexpected option 'widht'; did you mean 'width'?");
    expect(() => textPlot([1, 2], { hieght: 3 } as never)).toThrow("textPlot() got an unexpected option 'hieght'; did you mean 'height'?");
    expect(() => report({ title: 't', sections: [], subtitel: 's' } as never)).toThrow("report() got an unexpected option 'subtitel'; did you mean 'subtitle'?");
  });
  it('known options still draw', () => {
    expect(scatter([1, 2], [3, 4], { title: 'ok', markerSize: 2 })).toMatch(/^<svg/);
    expect(sparkline([1, 2, 3], { width: 3 })).toHaveLength(3);
  });
});
