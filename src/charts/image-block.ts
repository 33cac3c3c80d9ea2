import type { ImageBlock } from '../core/reply.js';
import type { ChartImage } from './render.js';

/**
 * A rendered chart as the reply's image block (none when there was nothing to picture). A chart that fails to
 * render is counted (`studybot_errors_total{where="chart"}`) and left out: the text reply says the same and goes
 * anyway, so a drawing bug never costs a person their answer.
 *
 * @param fileName `[a-z0-9-]+.png`; platforms show it as the attachment's name
 */
export async function chartBlocks(render: () => Promise<ChartImage | undefined>, fileName: string, failed: (err: unknown) => void): Promise<ImageBlock[]> {
  let chart: ChartImage | undefined;
  try {
    chart = await render();
  } catch (err) {
    failed(err);
    return [];
  }
  return chart ? [{ type: 'image', png: chart.png, alt: chart.alt, fileName, width: chart.width, height: chart.height }] : [];
}
