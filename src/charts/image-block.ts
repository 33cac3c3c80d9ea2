import type { ImageBlock } from '../core/reply.js';
import type { ChartImage } from './render.js';

/** The chart renderers (src/charts/index.ts), loaded on first use. */
export type Charts = typeof import('./index.js');

/**
 * A rendered chart as the reply's image block (none when there was nothing to picture). A chart that fails to
 * render is counted (`studybot_errors_total{where="chart"}`) and left out: the text reply says the same and goes
 * anyway, so a drawing bug never costs a person their answer.
 *
 * @param ctx the command's context: with `textOnly` nothing is drawn (no blocks)
 * @param fileName `[a-z0-9-]+.png`; platforms show it as the attachment's name
 */
export async function chartBlocks(
  ctx: { textOnly?: boolean },
  render: (charts: Charts) => Promise<ChartImage | undefined>,
  fileName: string,
  failed: (err: unknown) => void,
): Promise<ImageBlock[]> {
  if (ctx.textOnly) return [];
  let chart: ChartImage | undefined;
  try {
    // Loaded on first use, never at start: vega-lite sets Set.prototype.toJSON when it loads, and discord.js's
    // event emitter (@vladfrangu/async_event_emitter) then fails at its own load with "string "Set()" is not
    // iterable". The adapters are imported at start, so by the time a chart is drawn discord.js is already loaded.
    chart = await render(await import('./index.js'));
  } catch (err) {
    failed(err);
    return [];
  }
  return chart ? [{ type: 'image', png: chart.png, alt: chart.alt, fileName, width: chart.width, height: chart.height }] : [];
}
