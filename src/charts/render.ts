/*
 * Why Vega-Lite → Vega (SVG) → resvg (PNG):
 * - Vega-Lite specs are short and declarative, Vega renders them to an SVG string with no canvas and no DOM, and
 *   both are pure JavaScript, widely used and actively released.
 * - @resvg/resvg-js turns SVG into PNG with a prebuilt binary shipped inside the npm package (nothing is fetched at
 *   install or run time) and, unlike a canvas, takes an explicit list of font files with system fonts switched off,
 *   so a chart renders to the same pixels on any machine — which the golden-image tests rely on.
 * - The one gap, Vega's text measurement without a canvas (a crude 0.8 em per character), is filled by measuring
 *   with the same font files through fontkit, so axis space and label cuts fit what resvg draws.
 */
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { wellFormed } from '../core/truncate.js';
import { FONT_FAMILY, FONT_FILES, fitText, simpleEmoji, textWidth } from './fonts.js';

/** A rendered chart: PNG bytes, its size in pixels, and a one-sentence description for alt text. */
export interface ChartImage {
  /** PNG file contents. */
  png: Buffer;
  /** Width of the PNG in px (the chart's layout width × {@link CHART_SCALE}). */
  width: number;
  /** Height of the PNG in px. */
  height: number;
  /** Plain-text description of what the chart shows (for Discord's attachment description, Slack's alt text). */
  alt: string;
}

/** Pixel density: charts are laid out in CSS px and rendered at 2× so they stay sharp on high-DPI screens. */
export const CHART_SCALE = 2;

/**
 * Bars in Okabe–Ito colours (told apart with the common colour-vision deficiencies; every value is also written as
 * text), text in greys that meet WCAG AA contrast on white.
 */
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  vermillion: '#D55E00',
  text: '#1F2328',
  muted: '#57606A',
  grid: '#E1E4E8',
  background: '#FFFFFF',
} as const;

/** Font sizes in CSS px, chosen to stay legible when a chat client shows the chart at about half its width. */
export const TEXT = { title: 20, subtitle: 14, label: 14, value: 13 } as const;

// Vega measures text with a canvas when it has one and otherwise guesses 0.8 em per character; give it the real
// widths of the fonts resvg will draw with. (Vega reads `textMetrics.width` on every measurement, and calls a
// replaced function "user defined" — the same hook vl-convert uses.)
interface VegaTextItem {
  fontSize?: number;
  fontWeight?: string | number;
}
const textMetrics = (vega as unknown as { textMetrics: { width: (item: VegaTextItem, text: unknown) => number } }).textMetrics;
textMetrics.width = (item, text) => {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
  const line = text == null ? '' : String(text).trim();
  return textWidth(line, size, bold);
};

/**
 * A person's text (display name, chapter title) as a chart label: lone surrogates replaced; control characters,
 * U+FFFE/U+FFFF and bidirectional overrides dropped (XML forbids the first two, the last would reorder the label);
 * whitespace folded; compound emoji simplified ({@link simpleEmoji}). Empty after that → `fallback`.
 */
export function labelText(text: string, fallback = '?'): string {
  const s = simpleEmoji(wellFormed(String(text)))
    // resvg refuses a whole SVG over one character XML forbids.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufffe\uffff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s || fallback;
}

/**
 * A person's text ready to draw: {@link labelText}, cut with "…" to `maxWidth` px at `fontSize` px, and wrapped in
 * a Unicode first-strong isolate (U+2068 … U+2069). The isolate gives a Hebrew or Arabic name its own right-to-left
 * order, with the "…" at its cut end, without reordering the rank or chapter number drawn before it.
 */
export function userText(text: string, maxWidth: number, fontSize: number, options: { bold?: boolean; fallback?: string } = {}): string {
  const fitted = fitText(labelText(text, options.fallback), maxWidth, fontSize, options.bold);
  return fitted ? `\u2068${fitted}\u2069` : '';
}

/** Text for alt text and logs: the isolates {@link userText} adds taken out again. */
export function plainText(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}

const PADDING = { left: 16, right: 20, top: 16, bottom: 14 };
/** Left plus right padding of every chart, CSS px. */
export const PADDING_X = PADDING.left + PADDING.right;

/** The chart look shared by every kind: font, sizes, colours, no view border. */
export function baseConfig(): NonNullable<Exclude<TopLevelSpec, { vconcat: unknown }>['config']> {
  return {
    font: FONT_FAMILY,
    background: PALETTE.background,
    padding: PADDING,
    view: { stroke: null },
    title: { fontSize: TEXT.title, fontWeight: 'bold', color: PALETTE.text, anchor: 'start', subtitleFontSize: TEXT.subtitle, subtitleColor: PALETTE.muted, subtitlePadding: 6, offset: 14 },
    axis: {
      labelFontSize: TEXT.label,
      labelColor: PALETTE.text,
      titleFontSize: TEXT.label,
      titleColor: PALETTE.muted,
      titleFontWeight: 'normal',
      gridColor: PALETTE.grid,
      domainColor: PALETTE.muted,
      tickColor: PALETTE.muted,
      labelLimit: 400,
    },
    legend: { labelFontSize: TEXT.label, titleFontSize: TEXT.label, labelColor: PALETTE.text, titleColor: PALETTE.muted, labelLimit: 400 },
    text: { fontSize: TEXT.value, color: PALETTE.text },
  };
}

const quiet = { level: () => quiet, error() {}, warn() {}, info() {}, debug() {} };

/**
 * Renders a Vega-Lite spec laid out to exactly `width` × `height` CSS px (autosize fit, padding included) to a PNG
 * of `width`·{@link CHART_SCALE} × `height`·{@link CHART_SCALE} px.
 */
export async function renderSpec(spec: TopLevelSpec, width: number, height: number, alt: string): Promise<ChartImage> {
  const full = { ...spec, width, height, autosize: { type: 'fit', contains: 'padding' } } as TopLevelSpec;
  const vgSpec = compile(full, { logger: quiet as never }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  // Parsing, text layout and rasterising run on libuv's thread pool, so a chart does not hold up the event loop
  // (quiz clicks, other commands) for the ~20–40 ms they take; only the PNG encoding runs here.
  const rendered = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    background: PALETTE.background,
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    shapeRendering: 2,
    textRendering: 1,
  });
  const png = rendered.asPng();
  return { png, width: rendered.width, height: rendered.height, alt };
}

/** `0.734` → `"73%"`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Throws a RangeError unless `value` is a finite number within [min, max] (integer when `integer`). */
export function check(name: string, value: number, min: number, max = Infinity, integer = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${String(value)}`);
  }
}
