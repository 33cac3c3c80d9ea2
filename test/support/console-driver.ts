import { PassThrough } from 'node:stream';
import { runConsole } from '../../src/console/console-adapter.js';
import { ConsolePort } from '../../src/console/console-port.js';
import type { ImageFiles } from '../../src/console/image-files.js';
import type { CommandRouter } from '../../src/core/command-router.js';

/** One JSON line the console prints: a reply, or a post (`posted`) or edit (`edited`) through the console port. */
export interface ConsoleLine {
  posted?: { id: string };
  edited?: boolean;
  kind?: string;
  visibility?: string;
  blocks: { type: string; text?: string; items?: string[]; path?: string; alt?: string; fileName?: string; width?: number; height?: number }[];
  data?: Record<string, unknown>;
}

/** The console's port, for wiring before the router exists (posts go to the same stream the console prints to). */
export function consoleStreams() {
  const input = new PassThrough();
  const output = new PassThrough();
  const port = new ConsolePort(output, { json: true, colour: false });
  return { input, output, port };
}

/** Drives the real console adapter on streams in --json mode: type a line, get the reply it prints. */
export function driveConsole(router: CommandRouter, streams = consoleStreams(), o: { images?: ImageFiles } = {}) {
  const { input, output, port } = streams;
  const lines: ConsoleLine[] = [];
  let waiting: (() => void) | undefined;
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as ConsoleLine);
      buffer = buffer.slice(nl + 1);
    }
    waiting?.();
  });
  const done = runConsole({ router, input, output, interactive: false, colour: false, json: true, port, ...(o.images ? { images: o.images } : {}) });
  const replies = () => lines.filter((l) => !l.posted);
  return {
    lines,
    /** Types a line and resolves with the reply the console prints for it. */
    async type(text: string): Promise<ConsoleLine> {
      const before = replies().length;
      input.write(`${text}\n`);
      while (replies().length === before) await new Promise<void>((resolve) => (waiting = resolve));
      return replies()[before]!;
    },
    /** Posts (not edits) whose data has `key`. */
    posts: (key: string) => lines.filter((l) => l.posted && !l.edited && l.data && key in l.data),
    async end() {
      input.end();
      await done;
    },
  };
}
