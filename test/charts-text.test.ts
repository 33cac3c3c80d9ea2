import { existsSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, fitText, loadFonts, simpleEmoji, textWidth } from '../src/charts/fonts.js';
import { labelText } from '../src/charts/render.js';
import { wellFormed } from '../src/core/truncate.js';

describe('chart fonts', () => {
  it('come from npm packages in node_modules (so the Docker image has them), as TrueType files', () => {
    expect(FONT_FILES).toHaveLength(3);
    for (const file of FONT_FILES) {
      expect(existsSync(file)).toBe(true);
      expect(file).toContain(`${sep}node_modules${sep}`);
      expect(readFileSync(file).readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    }
  });

  it('the package manifest lists them as runtime dependencies, not dev ones', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of ['dejavu-fonts-ttf', '@expo-google-fonts/noto-emoji', '@resvg/resvg-js', 'vega', 'vega-lite', 'fontkit']) {
      expect(pkg.dependencies[name], name).toBeDefined();
    }
  });

  it('measure text with the fonts: wider text is wider, bold is wider, emoji take the emoji font', () => {
    expect(textWidth('', 14)).toBe(0);
    expect(textWidth('iiii', 14)).toBeLessThan(textWidth('WWWW', 14));
    expect(textWidth('Leaderboard', 14, true)).toBeGreaterThan(textWidth('Leaderboard', 14));
    expect(textWidth('abc', 28)).toBeCloseTo(2 * textWidth('abc', 14), 5);
    // DejaVu Sans has no 🦊; the emoji font's advance is about one em.
    expect(textWidth('🦊', 20)).toBeGreaterThan(15);
    expect(textWidth('🦊', 20)).toBeLessThan(30);
    // Cached and uncached measurements agree.
    const fresh = loadFonts();
    expect(textWidth('Zoë 🦊 שלום', 14, false, fresh)).toBeCloseTo(textWidth('Zoë 🦊 שלום', 14), 6);
  });
});

describe('fitting labels', () => {
  it('leaves text that fits alone and cuts the rest with an ellipsis within the width', () => {
    expect(fitText('Ana', 100, 14)).toBe('Ana');
    const cut = fitText('Bartholomew Featherstonehaugh-Cholmondeley', 120, 14);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 14)).toBeLessThanOrEqual(120);
    expect(cut.startsWith('Bartholomew')).toBe(true);
  });

  it('never splits a grapheme: emoji with skin tones, ZWJ families, accents, surrogate pairs', () => {
    for (const text of ['👍🏽'.repeat(40), '👨‍👩‍👧‍👦'.repeat(40), 'e\u0301'.repeat(100), '𝒜'.repeat(100)]) {
      const cut = fitText(text, 60, 14);
      expect(wellFormed(cut)).toBe(cut);
      const body = cut.slice(0, -1);
      const unit = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)][0]!.segment;
      expect(body.length % unit.length).toBe(0);
      expect(body).toBe(unit.repeat(body.length / unit.length));
    }
  });

  it('a width too small for anything gives just the ellipsis', () => {
    expect(fitText('abcdef', 1, 14)).toBe('…');
  });
});

describe('label text', () => {
  it('drops controls and bidi overrides, replaces lone surrogates, folds whitespace', () => {
    expect(labelText('a\u0000b\u202ec\n\td  ')).toBe('a b c d');
    expect(labelText('x\ud83dy')).toBe('x\ufffdy');
    expect(labelText('a\uffffb\ufffe')).toBe('a b');
    expect(labelText(' \u200f ', '(no name)')).toBe('(no name)');
    expect(labelText('<b>&amp;</b>')).toBe('<b>&amp;</b>'); // literal: Vega escapes it for SVG
  });

  it('simplifies compound emoji to one drawable emoji and leaves everything else', () => {
    expect(simpleEmoji('👨‍👩‍👧‍👦 family')).toBe('👨 family');
    expect(simpleEmoji('👍🏽 ok')).toBe('👍 ok');
    expect(simpleEmoji('❤️')).toBe('❤');
    expect(simpleEmoji('🇩🇪')).toBe('🏴');
    expect(simpleEmoji('1️⃣')).toBe('1');
    expect(simpleEmoji('Zoë e\u0301 a\u200db')).toBe('Zoë e\u0301 a\u200db');
    expect(simpleEmoji('plain')).toBe('plain');
  });
});
