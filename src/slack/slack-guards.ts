import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../core/logger.js';
import type { SlackReceipts } from './slack-receipts.js';

/**
 * How long a delivery is remembered: Slack retries an unacknowledged event three times within about five minutes
 * (https://api.slack.com/apis/events-api#retries), and a signed request is valid for five minutes either side of
 * its timestamp; an hour covers both with room for clock skew.
 */
export const RECEIPT_HOLD_MS = 60 * 60_000;

/** The custom context property carrying an HTTP request's verified `X-Slack-Signature` (set by our receiver). */
export const SIGNATURE_PROPERTY = 'slackRequestSignature';

export interface DeliveryGuardOptions {
  receipts: SlackReceipts;
  /** Is this Slack user of this workspace a bot (users.info `is_bot`)? */
  isBot: (user: string, team: string) => Promise<boolean>;
  /** Bot ids (B…) or bot user ids (U…) whose events are served like a person's (SLACK_ALLOWED_BOT_IDS). */
  allowedBots: readonly string[];
  log: Logger;
  now?: () => number;
}

interface EventBody {
  type?: string;
  team_id?: string;
  event_id?: string;
  event?: { user?: string; bot_id?: string; subtype?: string; bot_profile?: { id?: string } };
}

/**
 * What a delivery is known by. An event keeps its `event_id` through every retry, in Socket Mode and HTTP mode.
 * An HTTP request is known by its signature, which covers its timestamp and body: an identical replay has the
 * same one, while Slack's own retries are signed anew.
 */
function receiptKeys(body: EventBody, context: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const signature = context[SIGNATURE_PROPERTY];
  if (typeof signature === 'string' && signature) keys.push(`request:${signature}`);
  if (body.type === 'event_callback' && body.event_id) keys.push(`event:${body.team_id ?? ''}:${body.event_id}`);
  return keys;
}

/**
 * Bolt global middleware, run before every listener: a delivery already acted on (a redelivered event, a replayed
 * request) is acknowledged and dropped, and so is an event sent by another bot (bot_id, subtype bot_message, or a
 * user users.info calls a bot) unless SLACK_ALLOWED_BOT_IDS names it — bots answering bots can loop, and another
 * bot's `/daily now` mention should not post. The claim is made before acting, so a handler that fails after it is
 * not run again: at most once, like the daily post. A claim the database cannot record rejects, and nothing runs.
 */
export function deliveryGuard(o: DeliveryGuardOptions): Middleware<AnyMiddlewareArgs> {
  const now = o.now ?? Date.now;
  return async (args) => {
    const body = args.body as EventBody;
    const drop = async () => {
      // Events were acked by Bolt already; a command or click still needs its ack or Slack reports a failure.
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    };
    for (const key of receiptKeys(body, args.context)) {
      if (!(await o.receipts.claim(key, now(), RECEIPT_HOLD_MS))) {
        o.log.info({ platform: 'slack', kind: key.split(':', 1)[0], eventId: body.event_id, retryNum: args.context.retryNum }, 'Slack delivery already handled; ignored');
        return drop();
      }
    }
    if (body.event && (await fromOtherBot(body.event, body.team_id ?? '', o))) {
      o.log.debug({ platform: 'slack', eventId: body.event_id }, 'event from a bot ignored (see SLACK_ALLOWED_BOT_IDS)');
      return drop();
    }
    await args.next();
  };
}

async function fromOtherBot(event: NonNullable<EventBody['event']>, team: string, o: DeliveryGuardOptions): Promise<boolean> {
  const botId = event.bot_id ?? event.bot_profile?.id;
  if ((botId && o.allowedBots.includes(botId)) || (event.user && o.allowedBots.includes(event.user))) return false;
  if (botId || event.subtype === 'bot_message') return true;
  return event.user ? o.isBot(event.user, team) : false;
}
