/**
 * Small helpers for writing SVG text by hand: escaping and number
 * formatting. Kept free of any DOM so plots are made the same way in Node,
 * in a worker and in a browser.
 */

/** Escapes text for an XML/HTML text node or a double-quoted attribute (the only quoting used here). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A coordinate with at most two decimals: sub-pixel precision beyond that
 * only makes the file bigger.
 */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** `name="value"` pairs, skipping undefined values; values are escaped. */
export function attrs(values: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out += ` ${key}="${typeof value === 'number' ? px(value) : escapeXml(value)}"`;
  }
  return out;
}

/** A stable short hash (FNV-1a, 32 bit) used to give each plot its own element ids. */
export function hashString(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
