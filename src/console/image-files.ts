import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imagesOf, type Block, type Reply } from '../core/reply.js';

/** An image as the console shows it: where its PNG was written instead of its bytes. */
export interface SavedImage {
  type: 'image';
  /** Absolute path of the PNG written. */
  path: string;
  alt: string;
  fileName: string;
  width: number;
  height: number;
}

/** A reply as the console prints it: for text, each image is a note naming its file; for `--json`, its path. */
export interface ConsoleReply {
  /** For the terminal: images replaced by a note with the file's path. */
  text: Reply;
  /** For `--json`: images carry `path` (and alt text, size) instead of their bytes. */
  json: Omit<Reply, 'blocks'> & { blocks: (Exclude<Block, { type: 'image' }> | SavedImage)[] };
}

/**
 * Writes the images of console replies (charts) as PNG files under one folder (CHARTS_DIR) and says where, since a
 * terminal cannot show a picture. Names are `<run>-<n>-<fileName>`: a new file per reply, so a chart printed earlier
 * is never overwritten by a later one.
 */
export class ImageFiles {
  private counter = 0;
  private readonly run = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

  constructor(private readonly dir: string) {}

  /**
   * The reply as the console prints it, after writing its images. A file that cannot be written (a read-only
   * folder, a full disk) becomes a note saying so: the text of the reply is shown either way.
   */
  async save(r: Reply): Promise<ConsoleReply> {
    if (imagesOf(r).length === 0) return { text: r, json: r as ConsoleReply['json'] };
    const text: Block[] = [];
    const json: ConsoleReply['json']['blocks'] = [];
    for (const b of r.blocks) {
      if (b.type !== 'image') {
        text.push(b);
        json.push(b);
        continue;
      }
      const path = join(this.dir, `${this.run}-${++this.counter}-${b.fileName}`);
      try {
        await mkdir(this.dir, { recursive: true });
        await writeFile(path, b.png);
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code ?? 'error';
        text.push({ type: 'note', text: `(The chart could not be saved in ${this.dir}: ${why}. Set CHARTS_DIR to a folder the bot may write.)` });
        continue;
      }
      text.push({ type: 'note', text: `Chart: ${path}` });
      json.push({ type: 'image', path, alt: b.alt, fileName: b.fileName, width: b.width, height: b.height });
    }
    return { text: { ...r, blocks: text }, json: { ...r, blocks: json } };
  }
}
