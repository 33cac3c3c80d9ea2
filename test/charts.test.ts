import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  CHART_SCALE,
  FORECAST_HEIGHT,
  FORECAST_WIDTH,
  LEADERBOARD_WIDTH,
  MASTERY_WIDTH,
  leaderboardHeight,
  masteryHeight,
  renderForecastChart,
  renderLeaderboardChart,
  renderMasteryChart,
  type ChartImage,
} from '../src/charts/index.js';
import { wellFormed } from '../src/core/truncate.js';
import { FORECAST, FORECAST_NOTHING_DUE, HOSTILE_LEADERBOARD, PERSON_MASTERY, TEAM_MASTERY } from './support/chart-samples.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/charts/', import.meta.url));
// `UPDATE_CHART_GOLDENS=1 npx vitest run test/charts.test.ts` rewrites the committed PNGs; look at them before committing.
const UPDATE = process.env.UPDATE_CHART_GOLDENS === '1';

/** Width and height from a PNG's IHDR chunk, after checking the signature; throws on anything else. */
function pngSize(png: Buffer): { width: number; height: number } {
  const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('first chunk is not IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Checks the image is a PNG of the stated (and expected) size that decodes whole. */
function expectPng(img: ChartImage | undefined, width: number, height: number): PNG {
  expect(img).toBeDefined();
  expect(pngSize(img!.png)).toEqual({ width, height });
  expect({ width: img!.width, height: img!.height }).toEqual({ width, height });
  const decoded = PNG.sync.read(img!.png);
  expect({ width: decoded.width, height: decoded.height }).toEqual({ width, height });
  return decoded;
}

/**
 * Compares with the committed PNG: pixels differing by more than pixelmatch's 0.1 colour threshold may be at most
 * 0.5% of the image (anti-aliasing drift between resvg builds), and the size must match exactly. On failure the
 * actual image and a diff are written to a temp folder named in the message.
 */
function expectGolden(name: string, img: ChartImage): void {
  const file = join(FIXTURES, `${name}.png`);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`no golden ${file}: run with UPDATE_CHART_GOLDENS=1 and look at it`);
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(file, img.png);
    return;
  }
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(img.png);
  expect({ width: got.width, height: got.height }).toEqual({ width: want.width, height: want.height });
  const diff = new PNG({ width: got.width, height: got.height });
  const differing = pixelmatch(got.data, want.data, diff.data, got.width, got.height, { threshold: 0.1 });
  const share = differing / (got.width * got.height);
  if (share > 0.005) {
    const dir = mkdtempSync(join(tmpdir(), `chart-${name}-`));
    writeFileSync(join(dir, 'actual.png'), img.png);
    writeFileSync(join(dir, 'diff.png'), PNG.sync.write(diff));
    throw new Error(`${name}: ${(share * 100).toFixed(2)}% of pixels differ from the golden (limit 0.5%); see ${dir}`);
  }
}

describe('chart images', () => {
  it('team mastery: PNG of the stated size, matching its golden image', async () => {
    const img = await renderMasteryChart(TEAM_MASTERY, { subtitle: 'Team #ml-book-club · share right, of how many answers' });
    expectPng(img, MASTERY_WIDTH * CHART_SCALE, masteryHeight(11) * CHART_SCALE);
    expectGolden('mastery-team', img!);
    expect(img!.alt).toContain('chapter 5 100% right of 240');
    expect(img!.alt).not.toContain('chapter 8'); // no answers: not in the alt text's list
  });

  it('personal mastery: short chapter list at the minimum height, matching its golden image', async () => {
    const img = await renderMasteryChart(PERSON_MASTERY, { title: 'Your chapter mastery' });
    expectPng(img, MASTERY_WIDTH * CHART_SCALE, masteryHeight(5) * CHART_SCALE);
    expectGolden('mastery-person', img!);
  });

  it('leaderboard with hostile names: ten rows drawn, matching its golden image', async () => {
    const img = await renderLeaderboardChart(HOSTILE_LEADERBOARD, { subtitle: '#ml-book-club · all time' });
    expectPng(img, LEADERBOARD_WIDTH * CHART_SCALE, leaderboardHeight(10, true) * CHART_SCALE);
    expectGolden('leaderboard', img!);
    expect(img!.alt).toContain('1. Ana 🦊, 1,280 points');
    expect(img!.alt).toContain('8. (no name), 40 points');
    expect(img!.alt).not.toContain('eleventh');
    expect(img!.alt).toMatch(/6\. x+…, 320 points/);
    expect(wellFormed(img!.alt)).toBe(img!.alt);
  });

  it('review forecast: fourteen UTC days, matching its golden image', async () => {
    const img = await renderForecastChart(FORECAST);
    expectPng(img, FORECAST_WIDTH * CHART_SCALE, FORECAST_HEIGHT * CHART_SCALE);
    expectGolden('forecast', img!);
    expect(img!.alt).toContain('63 cards due · estimated retention 87%');
  });

  it('review forecast with nothing due says so, matching its golden image', async () => {
    const img = await renderForecastChart(FORECAST_NOTHING_DUE);
    expectPng(img, FORECAST_WIDTH * CHART_SCALE, FORECAST_HEIGHT * CHART_SCALE);
    expectGolden('forecast-nothing-due', img!);
  });

  it('renders many charts at once (resvg on the thread pool) to the same images as one at a time', async () => {
    const one = await renderLeaderboardChart(HOSTILE_LEADERBOARD);
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? renderForecastChart(FORECAST) : renderLeaderboardChart(HOSTILE_LEADERBOARD))));
    const forecast = await renderForecastChart(FORECAST);
    many.forEach((img, i) => expect(img!.png.equals((i % 2 ? forecast : one)!.png)).toBe(true));
  });

  it('an empty title falls back to the default one', async () => {
    expect((await renderLeaderboardChart([{ name: 'Ana', points: 1 }], { title: ' \u0000 ' }))!.alt).toMatch(/^Leaderboard: /);
  });

  it('renders the same bytes twice (no clock, no randomness, no system fonts)', async () => {
    const a = await renderForecastChart(FORECAST);
    const b = await renderForecastChart({ ...FORECAST, firstDay: new Date('2025-03-25T23:59:59Z') });
    expect(b!.png.equals(a!.png)).toBe(true);
  });
});

describe('hostile names', () => {
  const names = [
    '😀'.repeat(300),
    '👩🏽‍🔬👨‍👩‍👧‍👦🏳️‍🌈🇯🇵#️⃣',
    'مرحبا بالعالم '.repeat(40),
    'שלום\u202e evil override\u202c',
    'a'.repeat(500),
    '\ud800\udc00\ud800\ud800\udfff'.repeat(50), // pairs, lone highs and lows
    '\udfff',
    'Z̸̢̛̛a̴̡̛l̷̨̛g̶̨̛o̵̢̧',
    '<svg onload=alert(1)>&lt;]]>"\'',
    '\u0000\u0001\u0008\u000b\u001f\u007f\u0085\uffff\ufffe',
    'tab\tnew\nline\r\n',
    '\u200b\u200c\u200d\u2060',
    '李小龙 김민준 さくら',
    '',
    '   ',
  ];

  it('no name crashes the leaderboard, alone or together', async () => {
    for (const name of names) {
      const img = await renderLeaderboardChart([{ name, points: 10 }]);
      expectPng(img, LEADERBOARD_WIDTH * CHART_SCALE, leaderboardHeight(1, false) * CHART_SCALE);
      expect(wellFormed(img!.alt)).toBe(img!.alt);
    }
    const all = await renderLeaderboardChart(names.slice(0, 10).map((name, i) => ({ name, points: 100 - i })), { title: names[1], subtitle: names[5] });
    expectPng(all, LEADERBOARD_WIDTH * CHART_SCALE, leaderboardHeight(10, true) * CHART_SCALE);
  });

  it('long names are cut with an ellipsis; the same name twice still gets two rows', async () => {
    const img = await renderLeaderboardChart([
      { name: 'Sam', points: 3 },
      { name: 'Sam', points: 3 },
      { name: 'a'.repeat(500), points: 1 },
    ]);
    expect(img!.alt).toMatch(/^Leaderboard: 1\. Sam, 3 points; 2\. Sam, 3 points; 3\. a{10,40}…, 1 points\.$/);
    const decoded = expectPng(img, LEADERBOARD_WIDTH * CHART_SCALE, leaderboardHeight(3, false) * CHART_SCALE);
    // Two bars of equal length: the third row's bar is much shorter, so the rows were not merged.
    const bluePixels = (row: number) => {
      let n = 0;
      for (let x = 0; x < decoded.width; x++) {
        const i = (row * decoded.width + x) * 4;
        if (decoded.data[i] === 0x00 && decoded.data[i + 1] === 0x72 && decoded.data[i + 2] === 0xb2) n++;
      }
      return n;
    };
    const rows = Array.from({ length: decoded.height }, (_, y) => bluePixels(y)).filter((n) => n > 0);
    const lengths = [...new Set(rows)].sort((a, b) => b - a);
    expect(lengths.length).toBeGreaterThanOrEqual(2);
  });

  it('chapter titles and chart titles from people are drawn literally too', async () => {
    const chapters = names.map((title, i) => ({ chapter: i + 1, title, share: (i % 5) / 4, answers: i }));
    const img = await renderMasteryChart(chapters, { title: names[0], subtitle: names[9] });
    expectPng(img, MASTERY_WIDTH * CHART_SCALE, masteryHeight(names.length) * CHART_SCALE);
    const fc = await renderForecastChart(FORECAST, { title: names[2] });
    expectPng(fc, FORECAST_WIDTH * CHART_SCALE, FORECAST_HEIGHT * CHART_SCALE);
  });
});

describe('empty states and bad input', () => {
  it('returns undefined when there is nothing to picture', async () => {
    expect(await renderLeaderboardChart([])).toBeUndefined();
    expect(await renderMasteryChart([])).toBeUndefined();
    expect(await renderMasteryChart([{ chapter: 1, title: 'Overview', share: 0, answers: 0 }])).toBeUndefined();
    expect(await renderForecastChart({ firstDay: '2025-01-01', duePerDay: Array<number>(14).fill(0), retention: null })).toBeUndefined();
  });

  it('draws the first 40 chapters of a longer list and says so in the alt text; bands follow the written percentage', async () => {
    const chapters = Array.from({ length: 45 }, (_, i) => ({ chapter: i + 1, title: `Chapter ${i + 1}`, share: 0.795, answers: 3 }));
    const img = await renderMasteryChart(chapters);
    expectPng(img, MASTERY_WIDTH * CHART_SCALE, masteryHeight(40) * CHART_SCALE);
    expect(masteryHeight(45)).toBe(masteryHeight(40));
    expect(img!.alt).toContain('(first 40 of 45 chapters)');
    expect(img!.alt).toContain('chapter 40 80% right of 3');
    expect(img!.alt).not.toContain('chapter 41 ');
    // 79.5% is written "80%", so its bar is the 80%-and-up blue, not the 50–79% orange.
    const decoded = PNG.sync.read(img!.png);
    let blue = 0;
    let orange = 0;
    for (let i = 0; i < decoded.data.length; i += 4) {
      const rgb = (decoded.data[i]! << 16) | (decoded.data[i + 1]! << 8) | decoded.data[i + 2]!;
      if (rgb === 0x0072b2) blue++;
      if (rgb === 0xe69f00) orange++;
    }
    expect(blue).toBeGreaterThan(100_000);
    expect(orange).toBeLessThan(1_000); // the legend's swatch only
  });

  it('all-zero leaderboards and unknown retention still draw', async () => {
    expectPng(await renderLeaderboardChart([{ name: 'Ana', points: 0 }]), LEADERBOARD_WIDTH * CHART_SCALE, leaderboardHeight(1, false) * CHART_SCALE);
    const fc = await renderForecastChart({ firstDay: '2025-01-01', duePerDay: [1], retention: null });
    expectPng(fc, FORECAST_WIDTH * CHART_SCALE, FORECAST_HEIGHT * CHART_SCALE);
    expect(fc!.alt).toContain('retention not known yet');
  });

  it('throws RangeError on numbers a caller should never pass', async () => {
    await expect(renderMasteryChart([{ chapter: 1, title: 'x', share: 1.2, answers: 3 }])).rejects.toThrow(RangeError);
    await expect(renderMasteryChart([{ chapter: 1, title: 'x', share: Number.NaN, answers: 3 }])).rejects.toThrow(RangeError);
    await expect(renderMasteryChart([{ chapter: 1, title: 'x', share: 0.5, answers: 2.5 }])).rejects.toThrow(RangeError);
    await expect(renderMasteryChart([{ chapter: 0, title: 'x', share: 0.5, answers: 2 }])).rejects.toThrow(RangeError);
    await expect(
      renderMasteryChart([
        { chapter: 2, title: 'x', share: 0.5, answers: 2 },
        { chapter: 2, title: 'y', share: 0.5, answers: 2 },
      ]),
    ).rejects.toThrow(/twice/);
    await expect(renderLeaderboardChart([{ name: 'a', points: -1 }])).rejects.toThrow(RangeError);
    await expect(renderLeaderboardChart([{ name: 'a', points: Infinity }])).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, retention: 1.5 })).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, duePerDay: [] })).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, duePerDay: Array<number>(32).fill(1) })).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, duePerDay: [1, -1] })).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, firstDay: '2025-02-30' })).rejects.toThrow(RangeError);
    await expect(renderForecastChart({ ...FORECAST, firstDay: new Date(Number.NaN) })).rejects.toThrow(RangeError);
  });
});
