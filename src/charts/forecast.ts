import type { TopLevelSpec } from 'vega-lite';
import { PALETTE, TEXT, baseConfig, check, percent, plainText, renderSpec, userText, type ChartImage } from './render.js';

/** A person's review outlook, as `/review status` and `/stats` know it. */
export interface ReviewForecast {
  /**
   * The first day of the forecast (today), as a UTC calendar date: `"2025-03-04"` or a Date (its UTC date is used,
   * the time of day ignored).
   */
  firstDay: string | Date;
  /**
   * Cards due on each day from `firstDay` on, one whole number ≥ 0 per day; 14 days for the usual forecast (1–31
   * accepted). Put cards already overdue into day 0: they are due today.
   */
  duePerDay: readonly number[];
  /** Estimated retention 0–1 (FSRS's retrievability averaged over the person's cards), or null when not known yet. */
  retention: number | null;
}

export interface ForecastChartOptions {
  /** Heading; default "Reviews due, next N days". Cut with "…" to fit. */
  title?: string;
}

/** Layout width of the forecast chart in CSS px (the PNG is twice as wide). */
export const FORECAST_WIDTH = 640;
/** Layout height of the forecast chart in CSS px (the PNG is twice as high). */
export const FORECAST_HEIGHT = 340;
const MAX_DAYS = 31;
const DAY_MS = 86_400_000;

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

function firstDayMs(day: string | Date): number {
  if (day instanceof Date) {
    const t = day.getTime();
    if (!Number.isFinite(t)) throw new RangeError('firstDay is an invalid Date');
    return Math.floor(t / DAY_MS) * DAY_MS;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`firstDay must be a date like 2025-03-04, got ${JSON.stringify(day)}`);
  }
  return t;
}

/**
 * The personal review forecast: a column per day for cards due (day 0 labelled "today", the rest by weekday and
 * date in UTC, with the count above each non-empty column), and the estimated retention in the subtitle.
 *
 * Returns `undefined` when nothing is due in the whole period and retention is null (a person with no cards yet:
 * nothing to picture). Otherwise a PNG of {@link FORECAST_WIDTH}·2 × {@link FORECAST_HEIGHT}·2 px.
 *
 * @throws RangeError when `firstDay` is not a valid date, `duePerDay` has no entries or more than 31, a count is
 *   not a whole number ≥ 0, or retention is outside 0–1.
 */
export async function renderForecastChart(forecast: ReviewForecast, options: ForecastChartOptions = {}): Promise<ChartImage | undefined> {
  const start = firstDayMs(forecast.firstDay);
  const due = forecast.duePerDay;
  if (due.length < 1 || due.length > MAX_DAYS) throw new RangeError(`duePerDay must have 1–${MAX_DAYS} entries, got ${due.length}`);
  due.forEach((n, i) => check(`duePerDay[${i}]`, n, 0, Infinity, true));
  if (forecast.retention !== null) check('retention', forecast.retention, 0, 1);
  const total = due.reduce((a, b) => a + b, 0);
  if (total === 0 && forecast.retention === null) return undefined;

  const days = due.map((cards, i) => {
    const date = new Date(start + i * DAY_MS);
    // Three lines: weekday ("today" for day 0), day of month, and the month on day 0 and on each 1st.
    const month = i === 0 || date.getUTCDate() === 1 ? monthName.format(date) : ' ';
    const key = [i === 0 ? 'today' : weekday.format(date), String(date.getUTCDate()), month].join('\n');
    return { key, cards, value: cards > 0 ? String(cards) : '', today: i === 0 };
  });

  const n = due.length;
  const defaultTitle = `Reviews due, next ${n} day${n === 1 ? '' : 's'}`;
  const title = userText(options.title ?? defaultTitle, FORECAST_WIDTH - 40, TEXT.title, { bold: true, fallback: defaultTitle });
  const retention = forecast.retention === null ? 'retention not known yet' : `estimated retention ${percent(forecast.retention)}`;
  const subtitle = `${total} card${total === 1 ? '' : 's'} due · ${retention}`;
  const top = Math.max(1, ...due);
  const spec: TopLevelSpec = {
    title: { text: title, subtitle },
    config: { ...baseConfig(), title: { ...baseConfig().title, subtitleColor: PALETTE.text, subtitleFontSize: TEXT.subtitle + 1 } },
    data: { values: days },
    encoding: {
      x: {
        field: 'key',
        type: 'ordinal',
        sort: null,
        title: null,
        axis: { labelExpr: "split(datum.value, '\\n')", labelAngle: 0, ticks: false, domainColor: PALETTE.muted, labelPadding: 6, labelLineHeight: 17, labelFontSize: 13 },
      },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, width: { band: 0.7 } },
        encoding: {
          y: {
            field: 'cards',
            type: 'quantitative',
            // Headroom above the tallest column for its count.
            scale: { domain: [0, top * 1.18], nice: false },
            axis: { title: 'cards', tickMinStep: 1, format: 'd', domain: false, ticks: false, tickCount: 4, grid: true },
          },
          color: { condition: { test: 'datum.today', value: PALETTE.vermillion }, value: PALETTE.blue },
        },
      },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontWeight: 'bold' },
        encoding: { y: { field: 'cards', type: 'quantitative' }, text: { field: 'value' } },
      },
      ...(total === 0
        ? [{ data: { values: [{}] }, mark: { type: 'text', fontSize: TEXT.label + 2, color: PALETTE.muted }, encoding: { x: { value: { expr: 'width / 2' } }, y: { value: { expr: 'height / 2' } }, text: { value: `Nothing due in the next ${n} day${n === 1 ? '' : 's'}` } } } as const]
        : []),
    ],
  };
  const from = new Date(start).toISOString().slice(0, 10);
  const alt = `${plainText(title)}: ${subtitle}; from ${from}: ${due.join(', ')}.`;
  return renderSpec(spec, FORECAST_WIDTH, FORECAST_HEIGHT, alt);
}
