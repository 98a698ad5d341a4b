import { rand, registerBackend, tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossCurve, plot, scatter, sparkline } from '../src/index';
import { findAll, parseXml } from './helpers/xml';

beforeAll(() => {
  registerBackend(cpu());
});

describe('plots take tensors', () => {
  it('reads a [50, 1] column as 50 points, even one that requires grad', () => {
    const x = rand([50, 1]);
    const w = tensor([[3]], { requiresGrad: true });
    const y = x.matmul(w).add(0.8); // y = 3x + 0.8, part of a graph
    const svg = scatter(x, y, { title: 'data' });
    expect(findAll(parseXml(svg), 'circle')).toHaveLength(50);
  });

  it('draws a fitted line from tensor values next to the data', () => {
    const x = tensor([0, 0.5, 1]);
    const svg = plot({ series: [{ x, y: x.mul(3).add(0.8), mode: 'markers', label: 'data' }, { x: [0, 1], y: [0.8, 3.8], label: 'fit' }] });
    const groups = findAll(parseXml(svg), 'g').filter((g) => g.attrs.class === 'series');
    expect(groups.map((g) => g.attrs['data-points'])).toEqual(['3', '2']);
  });

  it('takes a 1-D loss tensor in lossCurve and sparkline', () => {
    const losses = tensor([4, 2, 1, 0.5]);
    expect(sparkline(losses)).toBe('█▄▂▁');
    expect(findAll(parseXml(lossCurve(losses)), 'path').some((p) => p.attrs.class === 'line')).toBe(true);
  });
});
