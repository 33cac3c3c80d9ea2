import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from './fonts.js';
import { PADDING_X, PALETTE, TEXT, baseConfig, check, percent, plainText, renderSpec, userText, type ChartImage } from './render.js';

/** One chapter's answers, as counted for a person (`/stats`) or a channel (`/stats team`). */
export interface ChapterMastery {
  /** The chapter's number (a positive integer, unique in the list). */
  chapter: number;
  /** Its short title; cut with "…" to fit. */
  title: string;
  /** Share of right answers, 0–1 (ignored when `answers` is 0). */
  share: number;
  /** How many answers it counts (an integer ≥ 0). */
  answers: number;
}

export interface MasteryChartOptions {
  /** Heading; default "Chapter mastery". Cut with "…" to fit. */
  title?: string;
  /** Line under the heading, such as whose answers these are; default says what bars and numbers mean. */
  subtitle?: string;
}

/** Layout width of the mastery chart in CSS px (the PNG is twice as wide). */
export const MASTERY_WIDTH = 640;
const ROW = 28;
const HEADER = 150;
const MIN_HEIGHT = 260;
const LABEL_WIDTH = 230;

/** Bands of the share of right answers, shown by colour as well as by bar length. */
const BANDS = [
  { name: 'under 50%', min: 0, color: PALETTE.vermillion },
  { name: '50–79%', min: 0.5, color: PALETTE.orange },
  { name: '80% and up', min: 0.8, color: PALETTE.blue },
] as const;

/** At most this many chapters are drawn (a 1,280 × 2,540 px PNG); later ones are left out. */
export const MASTERY_MAX_ROWS = 40;

/** Layout height in CSS px of a mastery chart with `rows` chapters (at most 40 count; the PNG is twice as high). */
export function masteryHeight(rows: number): number {
  return Math.max(MIN_HEIGHT, HEADER + Math.min(rows, MASTERY_MAX_ROWS) * ROW);
}

/**
 * The chapter-by-chapter mastery chart: one horizontal bar per chapter (the first 40), in the order given, its length the share
 * of right answers (0–100%), its colour the band (under 50%, 50–79%, 80% and up), and "73% of 18" (share of how
 * many answers) beside it; a chapter with no answers is listed with "no answers yet" and no bar.
 *
 * Returns `undefined` when no chapter has an answer — there is nothing to picture, and the text reply already
 * says so. Otherwise a PNG of {@link MASTERY_WIDTH}·2 × {@link masteryHeight}(chapters.length)·2 px.
 *
 * @throws RangeError when a share is outside 0–1, a count is not a whole number ≥ 0, a chapter number is not a
 *   positive integer or repeats.
 */
export async function renderMasteryChart(chapters: readonly ChapterMastery[], options: MasteryChartOptions = {}): Promise<ChartImage | undefined> {
  const seen = new Set<number>();
  for (const c of chapters) {
    check('chapter', c.chapter, 1, Infinity, true);
    check(`answers of chapter ${c.chapter}`, c.answers, 0, Infinity, true);
    if (c.answers > 0) check(`share of chapter ${c.chapter}`, c.share, 0, 1);
    if (seen.has(c.chapter)) throw new RangeError(`chapter ${c.chapter} is listed twice`);
    seen.add(c.chapter);
  }
  const shown = chapters.slice(0, MASTERY_MAX_ROWS);
  if (!shown.some((c) => c.answers > 0)) return undefined;

  const rows = shown.map((c) => {
    const answered = c.answers > 0;
    // Banded by the percentage as written, so "80%" is never coloured as under 80.
    const rounded = Math.round(c.share * 100) / 100;
    const band = answered ? [...BANDS].reverse().find((b) => rounded >= b.min)! : undefined;
    const number = `${c.chapter} `;
    return {
      // The chapter number keeps labels unique even when titles are cut to the same prefix.
      label: `${number}${userText(c.title, LABEL_WIDTH - textWidth(number, TEXT.label), TEXT.label, { fallback: '' })}`.trim(),
      share: answered ? c.share : 0,
      band: band?.name ?? null,
      value: answered ? `${percent(c.share)} of ${c.answers}` : 'no answers yet',
      answered,
    };
  });

  const title = userText(options.title ?? 'Chapter mastery', MASTERY_WIDTH - 40, TEXT.title, { bold: true, fallback: 'Chapter mastery' });
  const subtitle = userText(options.subtitle ?? 'Right answers per chapter, as a share of all answers', MASTERY_WIDTH - 40, TEXT.subtitle, { fallback: '' });
  // An explicit domain keeps the given order (the bar layer alone lacks unanswered chapters).
  const y = { field: 'label', type: 'nominal', sort: null, scale: { domain: rows.map((r) => r.label) }, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } } as const;
  // Stretch the x scale past 100% just enough that every "73% of 18" fits right of its bar.
  const plotWidth = MASTERY_WIDTH - PADDING_X - Math.max(...rows.map((r) => textWidth(r.label, TEXT.label))) - 8;
  const xMax = Math.max(1.06, ...rows.map((r) => (plotWidth * r.share) / Math.max(1, plotWidth - 8 - textWidth(r.value, TEXT.value))));
  const spec: TopLevelSpec = {
    title: { text: title, ...(subtitle ? { subtitle } : {}) },
    config: { ...baseConfig(), legend: { ...baseConfig().legend, orient: 'top', direction: 'horizontal', title: null, symbolType: 'square', symbolSize: 160, offset: 8 } },
    data: { values: rows },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.72 } },
        transform: [{ filter: 'datum.answered' }],
        encoding: {
          x: {
            field: 'share',
            type: 'quantitative',
            scale: { domain: [0, xMax], nice: false, zero: true },
            axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.0%', title: null, domain: false, ticks: false, grid: true, labelFlush: false },
          },
          color: {
            field: 'band',
            type: 'nominal',
            scale: { domain: BANDS.map((b) => b.name), range: BANDS.map((b) => b.color) },
            legend: { values: BANDS.map((b) => b.name) },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, baseline: 'middle' },
        encoding: {
          x: { field: 'share', type: 'quantitative' },
          text: { field: 'value' },
          color: { condition: { test: 'datum.answered', value: PALETTE.text }, value: PALETTE.muted },
        },
      },
    ],
  };
  const answered = shown.filter((c) => c.answers > 0);
  const more = chapters.length > shown.length ? ` (first ${shown.length} of ${chapters.length} chapters)` : '';
  const alt = `${plainText(title)}${more}: ${answered.map((c) => `chapter ${c.chapter} ${percent(c.share)} right of ${c.answers}`).join(', ')}.`;
  return renderSpec(spec, MASTERY_WIDTH, masteryHeight(shown.length), alt);
}
