import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from './fonts.js';
import { PADDING_X, PALETTE, TEXT, baseConfig, check, plainText, renderSpec, userText, type ChartImage } from './render.js';

/** One row of a leaderboard. */
export interface LeaderboardEntry {
  /** Display name as the person set it: any Unicode, shown literally, cut with "…" to fit. */
  name: string;
  /** Points, a finite number ≥ 0. */
  points: number;
}

export interface LeaderboardChartOptions {
  /** Heading; default "Leaderboard". Cut with "…" to fit. */
  title?: string;
  /** Line under the heading, such as the channel or the period; none by default. */
  subtitle?: string;
}

/** At most this many rows are drawn; later entries are left out. */
export const LEADERBOARD_MAX_ROWS = 10;
/** Layout width of the leaderboard chart in CSS px (the PNG is twice as wide). */
export const LEADERBOARD_WIDTH = 640;
const ROW = 30;
const HEADER = 96;
const MIN_HEIGHT = 170;
const NAME_WIDTH = 220;

/** Layout height in CSS px of a leaderboard chart with `rows` rows (at most 10 count; the PNG is twice as high). */
export function leaderboardHeight(rows: number, withSubtitle: boolean): number {
  return Math.max(MIN_HEIGHT, HEADER + (withSubtitle ? 22 : 0) + Math.min(rows, LEADERBOARD_MAX_ROWS) * ROW);
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? points.toLocaleString('en-US') : points.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/**
 * The leaderboard bar chart: the first ten entries in the order given (pass them best first), each a horizontal
 * bar as long as its points with the number beside it, labelled "1. name" by position. Names are drawn literally
 * (emoji in monochrome, right-to-left scripts in their order); control and bidi-override characters are dropped,
 * lone surrogates shown as "�", and long names cut with "…".
 *
 * Returns `undefined` for an empty list (nothing to picture). Otherwise a PNG of {@link LEADERBOARD_WIDTH}·2 ×
 * {@link leaderboardHeight}(rows, subtitle given)·2 px.
 *
 * @throws RangeError when points are negative or not finite.
 */
export async function renderLeaderboardChart(entries: readonly LeaderboardEntry[], options: LeaderboardChartOptions = {}): Promise<ChartImage | undefined> {
  const shown = entries.slice(0, LEADERBOARD_MAX_ROWS);
  for (const [i, e] of shown.entries()) check(`points of entry ${i + 1}`, e.points, 0);
  if (shown.length === 0) return undefined;

  const rows = shown.map((e, i) => {
    const rank = `${i + 1}. `;
    return {
      // The rank keeps labels unique when two people share a name.
      label: `${rank}${userText(e.name, NAME_WIDTH - textWidth(rank, TEXT.label), TEXT.label, { fallback: '(no name)' })}`,
      points: e.points,
      value: formatPoints(e.points),
    };
  });
  const title = userText(options.title ?? 'Leaderboard', LEADERBOARD_WIDTH - 40, TEXT.title, { bold: true, fallback: 'Leaderboard' });
  const subtitle = options.subtitle === undefined ? '' : userText(options.subtitle, LEADERBOARD_WIDTH - 40, TEXT.subtitle, { fallback: '' });

  // Stretch the scale just enough that each number fits right of its bar.
  const plotWidth = LEADERBOARD_WIDTH - PADDING_X - Math.max(...rows.map((r) => textWidth(r.label, TEXT.label))) - 8;
  const top = Math.max(...rows.map((r) => r.points));
  const xMax = top === 0 ? 1 : Math.max(top, ...rows.map((r) => (plotWidth * r.points) / Math.max(1, plotWidth - 10 - textWidth(r.value, TEXT.value, true))));

  const spec: TopLevelSpec = {
    title: { text: title, ...(subtitle ? { subtitle } : {}) },
    config: baseConfig(),
    data: { values: rows },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.7 }, color: PALETTE.blue },
        encoding: { x: { field: 'points', type: 'quantitative', scale: { domain: [0, xMax], nice: false }, axis: null } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, baseline: 'middle', fontWeight: 'bold' },
        encoding: { x: { field: 'points', type: 'quantitative' }, text: { field: 'value' } },
      },
    ],
  };
  const alt = `${plainText(title)}: ${rows.map((r) => `${plainText(r.label)}, ${r.value} points`).join('; ')}.`;
  return renderSpec(spec, LEADERBOARD_WIDTH, leaderboardHeight(rows.length, Boolean(subtitle)), alt);
}
