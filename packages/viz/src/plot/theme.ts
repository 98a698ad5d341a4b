/**
 * The look of every plot: matplotlib's "tab10" colour cycle (so a figure
 * reads like the tutorials' matplotlib ones), a sans-serif font stack that
 * resvg, browsers and Graphviz all resolve, and quiet grid lines.
 */
export const palette: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export const theme = {
  fontFamily: "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif",
  fontSize: 12,
  titleSize: 15,
  labelSize: 13,
  text: '#222222',
  mutedText: '#555555',
  axis: '#444444',
  grid: '#e6e6e6',
  background: '#ffffff',
  noteText: '#b35900',
} as const;

/** The colour of the i-th series when the caller gave none. */
export function seriesColor(index: number): string {
  return palette[index % palette.length] ?? '#1f77b4';
}
