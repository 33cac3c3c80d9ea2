import { parseInline } from '../core/inline-markup.js';
import type { Reply } from '../core/reply.js';

const ansi = {
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
};
const plain = { bold: (s: string) => s, dim: (s: string) => s, cyan: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };

/** Renders a neutral reply for a terminal (markup resolved, literal text as written); colour only on a TTY. */
export function renderText(r: Reply, colour: boolean): string {
  const c = colour ? ansi : plain;
  const inline = (s: string) =>
    parseInline(s)
      .map((x) => (x.kind === 'bold' ? c.bold(x.text) : x.kind === 'code' ? c.cyan(x.text) : x.text))
      .join('');
  const out: string[] = [];
  for (const b of r.blocks) {
    switch (b.type) {
      case 'heading':
        out.push(c.bold(inline(b.text)));
        break;
      case 'text':
        out.push(r.kind === 'error' ? c.red(inline(b.text)) : inline(b.text));
        break;
      case 'quote':
        out.push(`  ${c.yellow('›')} ${inline(b.text)}${b.source ? `\n    ${c.dim(inline(b.source))}` : ''}`);
        break;
      case 'list':
        out.push(b.items.map((i) => `  • ${inline(i)}`).join('\n'));
        break;
      case 'note':
        out.push(c.dim(inline(b.text)));
        break;
      case 'image':
        // Normally written to a file first (image-files.ts); unsaved, its alt text stands in.
        out.push(c.dim(`[chart: ${b.alt}]`));
        break;
      case 'buttons': {
        // Everyone at a console sees every reply, so "Share in channel" (for platforms' private replies) is noise.
        const shown = b.buttons.filter((x) => !x.id.startsWith('share:'));
        if (shown.length) out.push(shown.map((x) => c.cyan(`[${x.label}]`)).join(' '));
        break;
      }
    }
  }
  return out.join('\n');
}
