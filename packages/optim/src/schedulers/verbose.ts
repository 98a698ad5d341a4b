/** PyTorch's texts for what schedulers print and warn. */

/** Python's `'{:.4e}'.format(x)`: `1.0000e-01` (two exponent digits at least). */
export function formatLr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [mantissa, exponent] = x.toExponential(4).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Python's `('%.2f' if isinstance(epoch, float) else '%.5d') % epoch`: an integer is zero-padded to 5 digits. */
export function formatEpoch(epoch: number): string {
  if (!Number.isInteger(epoch)) return epoch.toFixed(2);
  return (epoch < 0 ? '-' : '') + String(Math.abs(epoch)).padStart(5, '0');
}

let warnedEpoch = false;

/** PyTorch's EPOCH_DEPRECATION_WARNING, printed once (Python's warning filter prints it once per call site). */
export function warnEpochDeprecated(): void {
  if (warnedEpoch) return;
  warnedEpoch = true;
  console.warn(
    'UserWarning: The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
      'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, ' +
      'the closed form is used instead of the new chainable form, where available.',
  );
}
