/*
 * Opt-in review reminders: once a local day, at the person's time, a private "N cards due" message when something is
 * due. The same exactly-once idea as the daily post: a tick claims (person, local date) in the database before
 * anything is sent, so duplicate ticks, restarts and several processes cannot remind anyone twice on one day; a claim
 * whose send was cut short by a crash is not sent again (twice is worse than once missed). When a reminder is due and
 * on which local date comes from reminder-plan.ts (the daily planner's rules: DST gaps and repeated hours).
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { ChatPorts } from '../core/chat-port.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { reply, type Reply } from '../core/reply.js';
import type { ReviewDesk } from './review-desk.js';

export interface ReminderTickReport {
  claimed: number;
  sent: number;
  nothingDue: number;
  failed: number;
}

/** The reminder a person gets: how many cards are due, and how to start. */
export function reminderMessage(due: number): Reply {
  return reply(
    [
      { type: 'text', text: `**${due} card${due === 1 ? '' : 's'} due** for review today.` },
      { type: 'note', text: 'Start with /review. Turn these reminders off with /review remind off.' },
    ],
    { kind: 'info', data: { reminder: { due } } },
  );
}

export class ReviewReminders {
  private task: ScheduledTask | undefined;
  private readonly clock: Clock;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: { desk: ReviewDesk; ports: ChatPorts; clock?: Clock; log?: Logger }) {
    this.clock = o.clock ?? systemClock;
  }

  /**
   * One tick: claims the reminders due now, counts each person's due cards and sends the message when there are any.
   * Resolves when every send has settled; never rejects (a failure is logged and recorded on the day's claim).
   */
  async tick(now = this.clock.now()): Promise<ReminderTickReport> {
    const { desk, ports, log } = this.o;
    const report: ReminderTickReport = { claimed: 0, sent: 0, nothingDue: 0, failed: 0 };
    let claimed;
    try {
      claimed = await desk.store.claimReminders(now);
    } catch (err) {
      log?.error({ err }, 'review reminders: claiming failed; the next tick tries again');
      return report;
    }
    report.claimed = claimed.length;
    await Promise.all(
      claimed.map(async (c) => {
        try {
          const due = await desk.dueToday(c.person, c.timezone, now);
          if (due === 0) {
            await desk.store.finishReminder(c.person, c.date, { status: 'nothing-due' }, now);
            report.nothingDue += 1;
            return;
          }
          const port = ports.for(c.person);
          if (!port.dm) throw new Error(`the ${port.platform} adapter cannot send direct messages`);
          await port.dm(c.person, reminderMessage(due));
          await desk.store.finishReminder(c.person, c.date, { status: 'sent', due }, this.clock.now());
          report.sent += 1;
        } catch (err) {
          report.failed += 1;
          log?.warn({ err, person: c.person, date: c.date }, 'review reminder not sent');
          await desk.store.finishReminder(c.person, c.date, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, this.clock.now()).catch(() => {});
        }
      }),
    );
    if (report.claimed > 0) log?.info(report, 'review reminders');
    return report;
  }

  /** Ticks now (a reminder due while the bot was down still goes out today), then every minute (UTC). */
  start(): void {
    const run = () => {
      this.running = this.tick();
    };
    this.task = cron.schedule('* * * * *', run, { timezone: 'UTC', name: 'review-reminders' });
    run();
  }

  /** Stops ticking; waits for the tick in progress. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    await this.running;
  }
}
