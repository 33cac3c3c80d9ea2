import { createRequire } from 'node:module';
import { openSync, type Font } from 'fontkit';

/*
 * Fonts come from npm packages, so they are in node_modules wherever the bot runs (a bare server, the Docker image
 * after `npm prune --omit=dev`), and the renderer never looks at system fonts: a chart is the same PNG everywhere.
 *
 * - DejaVu Sans (`dejavu-fonts-ttf`, Bitstream Vera licence + public domain changes): Latin, Greek, Cyrillic,
 *   Hebrew, Arabic, Armenian, Georgian and many symbols, in TrueType, which resvg reads (the @fontsource packages
 *   ship only WOFF/WOFF2, which it does not).
 * - Noto Emoji (`@expo-google-fonts/noto-emoji`, SIL OFL 1.1): monochrome emoji, the fallback for names like
 *   "Ana 🦊". resvg picks it for characters DejaVu lacks. Scripts in neither font (CJK, Thai, Devanagari…) show as
 *   empty boxes: the rank and points still read, and CJK fonts would add 5–10 MB per script and weight.
 */

const require = createRequire(import.meta.url);

/** The family name every chart asks for; resvg's default too. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Absolute paths of the font files the charts load: regular, bold, emoji fallback. */
export const FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
];

/** The parsed fonts the charts draw with: DejaVu Sans regular and bold, Noto Emoji. */
export interface FontSet {
  regular: Font;
  bold: Font;
  emoji: Font;
}

function asFont(f: ReturnType<typeof openSync>, path: string): Font {
  if ('fonts' in f) throw new Error(`expected a single font in ${path}, got a collection`);
  return f;
}

/** Reads and parses the three fonts (≈2.5 MB): done once per process by {@link fonts}, or per call for baselines. */
export function loadFonts(): FontSet {
  const [regular, bold, emoji] = FONT_FILES.map((p) => asFont(openSync(p), p)) as [Font, Font, Font];
  return { regular, bold, emoji };
}

let loaded: FontSet | undefined;
function fonts(): FontSet {
  return (loaded ??= loadFonts());
}

/** Forgets the parsed fonts and every cached width, so the next chart starts cold (the bench's naive baseline). */
export function dropFontCaches(): void {
  loaded = undefined;
  cache.clear();
}

/** Characters that belong to the emoji before them whatever font has them: ZWJ, variation selectors, skin tones, tags. */
function joinsPrevious(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}

function layoutWidth(text: string, bold: boolean, set: FontSet): number {
  const primary = bold ? set.bold : set.regular;
  // Split into runs by the font resvg will draw them with (primary when it has the glyph, else the emoji font,
  // else the primary's missing-glyph box), and shape each run: kerning and Arabic joining change widths.
  let width = 0;
  let run = '';
  let runFont: Font = primary;
  const flush = () => {
    if (run) width += runFont.layout(run).advanceWidth / runFont.unitsPerEm;
    run = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let f: Font;
    if (run && joinsPrevious(cp)) f = runFont;
    else if (primary.hasGlyphForCodePoint(cp)) f = primary;
    else if (set.emoji.hasGlyphForCodePoint(cp)) f = set.emoji;
    else f = primary;
    if (f !== runFont) {
      flush();
      runFont = f;
    }
    run += ch;
  }
  flush();
  return width;
}

const cache = new Map<string, number>();
const CACHE_LIMIT = 10_000;

/**
 * Width in px of one line of text as the charts draw it (DejaVu Sans, with Noto Emoji for what it lacks).
 * `fontSize` in px; `bold` picks DejaVu Sans Bold. Results are cached per process (up to 10,000 strings).
 * `set` measures with other loaded fonts instead (for baselines); results are then not cached.
 */
export function textWidth(text: string, fontSize: number, bold = false, set?: FontSet): number {
  if (!text || fontSize <= 0) return 0;
  if (set) return layoutWidth(text, bold, set) * fontSize;
  const key = `${bold ? 'b' : 'r'}${text}`;
  let em = cache.get(key);
  if (em === undefined) {
    em = layoutWidth(text, bold, fonts());
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, em);
  }
  return em * fontSize;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Compound emoji drawn as one emoji: a ZWJ sequence ("👨‍👩‍👧") as its first member, a skin tone or variation
 * selector dropped ("👍🏽" → "👍"), a flag as 🏴, a keycap as its digit. resvg 2.6 falls back to the emoji font
 * per code point and mis-shapes clusters of several: it drew boxes over the next letters, or dropped the whole
 * label. Letters with combining accents and joiners inside scripts are left alone.
 */
export function simpleEmoji(text: string): string {
  if (!/[\u200d\ufe0e\ufe0f\u20e3\u{1f1e6}-\u{1f1ff}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u.test(text)) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const first = String.fromCodePoint(segment.codePointAt(0)!);
    if (segment === first) out += segment;
    else if (/^\p{Regional_Indicator}{2}$/u.test(segment)) out += '\u{1f3f4}';
    else if (/^\p{Extended_Pictographic}/u.test(segment) || /^[0-9#*]\ufe0f?\u20e3$/u.test(segment)) out += first;
    else out += segment;
  }
  return out;
}

/**
 * Cuts `text` to at most `maxWidth` px at `fontSize` px, ending in "…" when cut (just "…" if nothing fits). Cuts between grapheme clusters,
 * so an emoji with its skin tone or a ZWJ family and a letter with its accents stay whole.
 */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const ellipsis = '…';
  const room = maxWidth - textWidth(ellipsis, fontSize, bold);
  const graphemes = Array.from(segmenter.segment(text), (s) => s.segment);
  // Binary search for the longest prefix that fits.
  let lo = 0;
  let hi = graphemes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (textWidth(graphemes.slice(0, mid).join(''), fontSize, bold) <= room) lo = mid;
    else hi = mid - 1;
  }
  return `${graphemes.slice(0, lo).join('').trimEnd()}${ellipsis}`;
}
