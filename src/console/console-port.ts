import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ChatPort, MessageRef } from '../core/chat-port.js';
import { withoutImages, type Button, type Reply } from '../core/reply.js';
import type { ConsoleReply, ImageFiles } from './image-files.js';
import { renderText } from './render-text.js';

/** What a typed answer letter means for the latest post with answer buttons. */
export type AnswerTarget =
  | { type: 'click'; ref: MessageRef; button: Button }
  /** The letter is not an option of the open question; `letters` are the ones that are ("A–D"). */
  | { type: 'out-of-range'; letters: string }
  /** Nothing is waiting for an answer. */
  | { type: 'none' };

/** Answer buttons are labelled with their bare letter (quiz questions, daily checks); Share buttons are not. */
const isAnswerButton = (b: Button) => /^[A-Z]$/.test(b.label);

/** "A–D", or "A or B" for two options. */
export function letterRange(buttons: readonly Button[]): string {
  const labels = buttons.map((b) => b.label);
  return labels.length <= 2 ? labels.join(' or ') : `${labels[0]}–${labels.at(-1)}`;
}

/**
 * The console as a chat channel: posts (daily concept, quiz questions) are printed as they happen. The answer
 * buttons of the latest post are remembered so a person can click one by typing its letter.
 */
export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  private counter = 0;
  // Message ids are stored with a quiz; a per-run prefix keeps a restarted console from reusing an old id.
  private readonly run = randomUUID().slice(0, 8);
  private readonly printed = new Set<string>();
  private lastButtons: { ref: MessageRef; buttons: Button[] } | undefined;

  constructor(
    private readonly output: Writable,
    /** `images`: where posted images (charts) are written; without it they show as their alt text. */
    private readonly options: { json: boolean; colour: boolean; images?: ImageFiles },
  ) {}

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    const ref: MessageRef = { platform: 'console', channel, id: `${this.run}-${++this.counter}` };
    this.print(reply, ref, false, this.options.images ? await this.options.images.save(reply) : undefined);
    return ref;
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.print(reply, ref, true);
  }

  /** A private message (a review reminder): printed like a post, marked as for that person. */
  async dm(person: string, reply: Reply): Promise<void> {
    if (this.options.json) this.output.write(`${JSON.stringify({ dm: person, ...reply })}\n`);
    else this.output.write(`(to ${person.replace(/^console:/, '')}) ${renderText(reply, this.options.colour)}\n\n`);
  }

  /** What typing `letter` does: click that answer of the latest post, or say which letters are options. */
  answer(letter: string): AnswerTarget {
    if (!this.lastButtons) return { type: 'none' };
    const { ref, buttons } = this.lastButtons;
    const button = buttons.find((b) => b.label === letter.toUpperCase());
    return button ? { type: 'click', ref, button } : { type: 'out-of-range', letters: letterRange(buttons) };
  }

  /** The message whose answer buttons a letter clicks now, if any. */
  get answerable(): MessageRef | undefined {
    return this.lastButtons?.ref;
  }

  /**
   * A command's reply with lettered answer buttons (`/daily now`'s check) becomes clickable by letter too. Other
   * buttons (Share in channel) do not replace what a letter means, so asking something mid-quiz keeps A–D working.
   */
  offer(reply: Reply, channel: string): void {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).filter(isAnswerButton);
    if (buttons.length) this.lastButtons = { ref: { platform: 'console', channel, id: `${this.run}-reply-${++this.counter}` }, buttons };
  }

  private print(reply: Reply, ref: MessageRef, edited: boolean, saved?: ConsoleReply): void {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).filter(isAnswerButton);
    if (buttons.length) this.lastButtons = { ref, buttons };
    else if (edited && this.lastButtons?.ref.id === ref.id) this.lastButtons = undefined;
    // An edit of a message this run never printed is a quiz question re-shown after a restart: the terminal
    // that showed it is gone, so it is printed in full, or people would answer a question they cannot see.
    const fresh = !this.printed.has(ref.id);
    this.printed.add(ref.id);
    const shown = saved ?? { text: reply, json: withoutImages(reply) };
    if (this.options.json) this.output.write(`${JSON.stringify({ posted: ref, edited, ...shown.json })}\n`);
    // A terminal cannot change what it printed; edits (answer counts and the like) would only repeat the post.
    else if (!edited || fresh) this.output.write(`${renderText(shown.text, this.options.colour)}\n\n`);
  }
}
