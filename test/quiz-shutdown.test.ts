import { describe, expect, it } from 'vitest';
import type { ChatPort, MessageRef } from '../src/core/chat-port.js';
import { Lifecycle } from '../src/core/lifecycle.js';
import type { Reply } from '../src/core/reply.js';
import { FakeClock, quizWorld } from './support/quiz-world.js';

/** A chat port that refuses to post once closed (as an adapter does at shutdown) and can hold its edits. */
class ClosingPort implements ChatPort {
  readonly platform = 'console' as const;
  readonly posts: Reply[] = [];
  closed = false;
  private counter = 0;
  private hold = false;
  private held: (() => void) | undefined;
  private editStarted: (() => void) | undefined;
  readonly editHeld = new Promise<void>((resolve) => (this.editStarted = resolve));

  holdEdits(): void {
    this.hold = true;
  }

  release(): void {
    this.hold = false;
    this.held?.();
  }

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    if (this.closed) throw new Error('the adapter is closed');
    this.posts.push(reply);
    return { platform: this.platform, channel, id: `m${++this.counter}` };
  }

  async update(): Promise<void> {
    if (this.closed) throw new Error('the adapter is closed');
    if (!this.hold) return;
    this.editStarted?.();
    await new Promise<void>((resolve) => (this.held = resolve));
  }
}

describe('quiz at shutdown', () => {
  it('finishes a close already under way before the adapters close: the reveal and the standings still go out', async () => {
    const clock = new FakeClock();
    const port = new ClosingPort();
    const w = quizWorld({ clock, port });
    await w.say('alice', '/quiz start ch4 1 10');
    await clock.advance(3000);
    const question = port.posts.find((p) => p.data && 'question' in p.data)!;
    const buttons = question.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    await w.click('bob', buttons[0]!.id);
    await clock.advance(1000); // the answer count's edit

    // The deadline passes: the quiz ends, and its "closed" edit is on the wire when SIGTERM arrives.
    port.holdEdits();
    const closing = clock.advance(9000);
    await port.editHeld;

    // Registered as main.ts does: adapters first, so they stop last; the quiz stops before them.
    const lifecycle = new Lifecycle();
    lifecycle.onShutdown('adapter', () => (port.closed = true));
    lifecycle.onShutdown('quiz timers', () => w.engine.shutdown());
    const stopping = lifecycle.shutdown();
    await new Promise((resolve) => setImmediate(resolve)); // every step that could run without the edit has run
    expect(port.closed).toBe(false);

    port.release();
    await stopping;
    await closing;
    expect(port.closed).toBe(true);
    expect(port.posts.filter((p) => p.data && 'revealed' in p.data)).toHaveLength(1);
    expect(port.posts.filter((p) => p.data && 'finished' in p.data)).toHaveLength(1);
    expect(w.errors).toEqual([]);
  });
});
