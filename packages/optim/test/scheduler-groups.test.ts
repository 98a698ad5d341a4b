import { tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { OneCycleLR, SGD, SWALR } from '../src/index.js';
import { useCpu } from './helpers.js';

/**
 * A group added to the optimizer after a scheduler that stores values in each
 * group (SWALR's swaLr; OneCycleLR's initialLr, maxLr, minLr and momenta):
 * PyTorch raises a KeyError; here the error names the group and the key,
 * never an lr of NaN.
 */
useCpu();

const param = () => tensor([1], { dtype: 'float64', requiresGrad: true });

describe('schedulers that keep per-group values refuse a group they have none for, rather than NaN', () => {
  it('SWALR and OneCycleLR', () => {
    const opt = new SGD([param()], { lr: 0.1, momentum: 0.9 });
    const swa = new SWALR(opt, { swaLr: 0.05 });
    opt.addParamGroup({ params: [param()], lr: 0.2 });
    expect(() => swa.step()).toThrow('paramGroups[1] has no swaLr (it was added after SWALR was made): set its swaLr');
    const opt2 = new SGD([param()], { lr: 0.1, momentum: 0.9 });
    const cycle = new OneCycleLR(opt2, { maxLr: 0.1, totalSteps: 10 });
    opt2.addParamGroup({ params: [param()], lr: 0.2 });
    expect(() => cycle.step()).toThrow('paramGroups[1] has no initialLr (it was added after OneCycleLR was made): set it');
  });
});

