import type { ChatPort, MessageRef } from '../../src/core/chat-port.js';
import type { Clock } from '../../src/core/clock.js';
import type { Platform } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';

export interface Post {
  channel: string;
  ref: MessageRef;
  reply: Reply;
  /** The fake clock's time when it was posted or edited. */
  at: number;
}

/** The one recording chat port of the tests: posts and edits with the clock's time; `failWith` makes posts throw, as a platform would. */
export class RecordingPort implements ChatPort {
  readonly posts: Post[] = [];
  readonly updates: Post[] = [];
  /** Private messages: `channel` is the person's id. */
  readonly dms: Post[] = [];
  failWith: ((channel: string) => Error | undefined) | undefined;
  private counter = 0;

  constructor(
    readonly platform: Platform,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    const err = this.failWith?.(channel);
    if (err) throw err;
    const ref = { platform: this.platform, channel, id: `m${++this.counter}` };
    this.posts.push({ channel, ref, reply, at: this.clock.now() });
    return ref;
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.updates.push({ channel: ref.channel, ref, reply, at: this.clock.now() });
  }

  async dm(person: string, reply: Reply): Promise<void> {
    const err = this.failWith?.(person);
    if (err) throw err;
    this.dms.push({ channel: person, ref: { platform: this.platform, channel: person, id: `dm${++this.counter}` }, reply, at: this.clock.now() });
  }

  /** Posts whose data has the key (`question`, `revealed`, `finished`, `daily`). */
  having(key: string): Post[] {
    return this.posts.filter((p) => p.reply.data && key in p.reply.data);
  }
}
