import type { Writable } from 'node:stream';
import type { ChatPort, MessageRef } from '../core/chat-port.js';
import type { Button, Reply } from '../core/reply.js';
import { renderText } from './render-text.js';

/**
 * The console as a chat channel: posts (daily concept, quiz questions) are printed as they happen. The buttons of
 * the latest post are remembered so a person can click one by typing its letter (A–E) or its label.
 */
export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  private counter = 0;
  private lastButtons: { ref: MessageRef; buttons: Button[] } | undefined;

  constructor(
    private readonly output: Writable,
    private readonly options: { json: boolean; colour: boolean },
  ) {}

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    const ref: MessageRef = { platform: 'console', channel, id: String(++this.counter) };
    this.print(reply, ref, false);
    return ref;
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.print(reply, ref, true);
  }

  /** The button a typed line means, if the line is a letter or label of the latest post's buttons. */
  buttonFor(line: string): { ref: MessageRef; button: Button } | undefined {
    if (!this.lastButtons) return undefined;
    const want = line.trim().toLowerCase();
    const { ref, buttons } = this.lastButtons;
    const letter = /^[a-e]$/.test(want);
    const button = buttons.find((b) => {
      const label = b.label.toLowerCase();
      return label === want || (letter && label.startsWith(want) && !/[a-z0-9]/.test(label[1] ?? ''));
    });
    return button ? { ref, button } : undefined;
  }

  /**
   * A command's reply with lettered answer buttons (`/daily now`'s check) becomes clickable by letter too. Other
   * buttons (Share in channel) do not replace what a letter means, so asking something mid-quiz keeps A–D working.
   */
  offer(reply: Reply, channel: string): void {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    if (buttons.some((b) => /^[A-E](?![A-Za-z0-9])/.test(b.label))) {
      this.lastButtons = { ref: { platform: 'console', channel, id: `reply-${++this.counter}` }, buttons };
    }
  }

  private print(reply: Reply, ref: MessageRef, edited: boolean): void {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    if (buttons.length) this.lastButtons = { ref, buttons };
    else if (edited && this.lastButtons?.ref.id === ref.id) this.lastButtons = undefined;
    if (this.options.json) this.output.write(`${JSON.stringify({ posted: ref, edited, ...reply })}\n`);
    // A terminal cannot change what it printed; edits (answer counts and the like) would only repeat the post.
    else if (!edited) this.output.write(`${renderText(reply, this.options.colour)}\n\n`);
  }
}
