import { writeFileAtomic } from './write-file';
import { checkVizOptions, OPTION_KEYS } from './options';

/** Options of {@link svgToPng} and of {@link savePlot} for PNG files. */
export interface PngOptions {
  /**
   * Font files (.ttf/.otf) for the text. The default is DejaVu Sans where
   * the system has it (Debian's `fonts-dejavu-core`, and most Linux
   * desktops), plus whatever system fonts resvg finds: pass files for
   * byte-identical PNGs across machines.
   */
  readonly fontFiles?: readonly string[];
  /** Output width in pixels; the height follows the aspect ratio. Default: the SVG's own size × `scale`. */
  readonly width?: number;
  /** Pixel density (default 2, sharp on high-DPI screens and in documents). */
  readonly scale?: number;
  /** Background colour behind transparent parts (default white). */
  readonly background?: string;
}

/** Where Linux distributions and macOS keep a font that the plots' font stack names. */
const fallbackFonts = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/Library/Fonts/Arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
];

async function defaultFontFiles(): Promise<string[]> {
  const fs = await import('node:fs/promises');
  const found: string[] = [];
  for (const file of fallbackFonts) {
    try {
      await fs.access(file);
      found.push(file);
    } catch {
      // not on this system
    }
  }
  return found;
}

/**
 * Rasterises an SVG string to PNG bytes with resvg (a Rust SVG renderer,
 * native in Node). Node only: resvg is loaded on first use, so importing
 * the package costs nothing.
 *
 * @example
 * ```ts
 * import { scatter, svgToPng } from '@grad/viz';
 * const png = await svgToPng(scatter([1, 2, 3], [2, 4, 6]), { width: 800 });
 * ```
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  checkVizOptions('svgToPng', options, OPTION_KEYS.png);
  assertSvg(svg, 'svgToPng');
  const { Resvg } = await import('@resvg/resvg-js');
  const fontFiles = options.fontFiles ? [...options.fontFiles] : await defaultFontFiles();
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    background: options.background ?? '#ffffff',
    fitTo: options.width !== undefined ? { mode: 'width', value: options.width } : { mode: 'zoom', value: scale },
    font: {
      fontFiles,
      loadSystemFonts: true,
      defaultFontFamily: fontFiles.some((f) => /DejaVuSans\.ttf$/.test(f)) ? 'DejaVu Sans' : '',
      sansSerifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans Mono',
    },
  });
  const rendered = resvg.render();
  return new Uint8Array(rendered.asPng());
}

/** Throws unless `svg` looks like an SVG document, before anything is written. */
export function assertSvg(svg: unknown, where: string): asserts svg is string {
  if (typeof svg !== 'string' || !/<svg[\s>]/.test(svg.slice(0, 4096))) {
    const head = typeof svg === 'string' ? JSON.stringify(svg.slice(0, 40)) : typeof svg;
    throw new TypeError(`${where}: expected an SVG document string (from plot(), scatter(), renderSvg(), …), got ${head}`);
  }
}

/**
 * Saves a plot: `.svg` writes the SVG text, `.png` rasterises it with
 * resvg first. The file is written whole or not at all (a temporary file
 * renamed over the target); missing folders are created. Node only.
 *
 * @example
 * ```ts
 * import { lossCurve, savePlot } from '@grad/viz';
 * await savePlot(lossCurve([4, 2, 1, 0.5]), 'out/loss.png');
 * ```
 */
export async function savePlot(svg: string, path: string, options: PngOptions = {}): Promise<void> {
  checkVizOptions('savePlot', options, OPTION_KEYS.png);
  assertSvg(svg, 'savePlot');
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'svg') {
    await writeFileAtomic(path, svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
  } else if (ext === 'png') {
    await writeFileAtomic(path, await svgToPng(svg, options));
  } else {
    throw new RangeError(`savePlot: cannot tell the format of '${path}': use a .svg or .png file name`);
  }
}
