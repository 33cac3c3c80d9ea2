import { parseChannelId, workspaceOf } from '../src/core/channel-id.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { formatTimeOfDay } from '../src/daily/local-time.js';
import { readTimeOfDay, readTimezone } from '../src/daily/time-and-zone.js';
import type { BotCommand, BotContext } from '../src/services.js';
import type { SettingsChange, WorkspaceSettings } from '../src/workspaces/workspace-store.js';

const USAGE = 'Try /settings, /settings admins add U0123ABC, /settings admins remove U0123ABC, /settings daily-time 08:30, /settings daily-zone Europe/Berlin, /settings daily-now admins (or members), or default to go back to the deployment’s value.';

/** The workspace a channel belongs to (`slack:T1`, `discord:G1`); settings have no meaning in the console or a DM. */
function workspace(ctx: BotContext): string {
  const parts = parseChannelId(ctx.channel);
  if (parts.platform === 'console' || parts.workspace === 'DM') throw new UserError('Settings belong to a Slack workspace or a Discord server.', 'Use /settings in one of its channels.');
  return workspaceOf(ctx.channel);
}

/** A user id as typed or as the platform sends a mention: `U0123ABC`, `<@U0123ABC|ada>`, `<@123456789012345678>`. */
function readUserId(text: string | undefined, platform: string): string {
  const id = /^<@!?([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(text ?? '')?.[1] ?? text ?? '';
  const ok = platform === 'discord' ? /^\d{5,25}$/.test(id) : /^[UW][A-Z0-9]{2,20}$/.test(id);
  if (!ok) throw new UserError(`“${safeEcho(text ?? '', 40)}” is not a ${platform === 'discord' ? 'Discord user id' : 'Slack user id (U…)'}.`, platform === 'discord' ? 'Copy it with Developer Mode on: right-click the person → Copy User ID.' : 'Find it in their profile: ⋮ → Copy member ID.');
  return id.toUpperCase();
}

/** What this workspace has set, beside the deployment's defaults that apply where it has not. */
function describe(s: WorkspaceSettings | undefined, ctx: BotContext): Reply {
  const d = ctx.services.daily.defaults;
  const time = s?.dailyTime !== undefined ? formatTimeOfDay(s.dailyTime) : `${d.time} (default)`;
  const zone = s?.dailyTimezone ?? `${d.timezone} (default)`;
  const now = s?.membersDailyNow === false ? 'admins only' : `everyone${s?.membersDailyNow === undefined ? ' (default)' : ''}`;
  return reply(
    [
      { type: 'heading', text: 'Settings for this workspace' },
      {
        type: 'list',
        items: [
          `Admins besides the platform's own: ${s?.adminUsers.length ? s.adminUsers.join(', ') : 'none'}`,
          `/daily on without a time posts at ${time}, zone ${zone}`,
          `/daily now may be used by ${now}`,
        ],
      },
      { type: 'note', text: USAGE },
    ],
    { kind: 'info', data: { settings: s ?? null } },
  );
}

/** The change a `/settings <name> <value>` asks for, read as strictly as `/daily on` reads times and zones. */
function readChange(name: string, words: string[], before: WorkspaceSettings | undefined, ctx: BotContext): SettingsChange {
  const value = words.join(' ').trim();
  const reset = value.toLowerCase() === 'default';
  switch (name) {
    case 'admins': {
      const [op = '', who] = words;
      const admins = before?.adminUsers ?? [];
      if (op === 'clear') return { adminUsers: [] };
      if (op === 'add') return { adminUsers: [...new Set([...admins, readUserId(who, ctx.platform)])] };
      if (op === 'remove') return { adminUsers: admins.filter((a) => a !== readUserId(who, ctx.platform)) };
      throw new UserError('/settings admins takes add, remove or clear.', 'For example /settings admins add U0123ABC.');
    }
    case 'daily-time': {
      if (reset) return { dailyTime: null };
      const minutes = readTimeOfDay(value);
      if (minutes === undefined) throw new UserError(`“${safeEcho(value, 30)}” is not a time of day.`, 'For example /settings daily-time 08:30 or 8am.');
      return { dailyTime: minutes };
    }
    case 'daily-zone':
      return reset ? { dailyTimezone: null } : { dailyTimezone: readTimezone(value, ctx.services.clock.now()).zone };
    case 'daily-now': {
      if (reset) return { membersDailyNow: null };
      if (value === 'members' || value === 'everyone') return { membersDailyNow: true };
      if (value === 'admins') return { membersDailyNow: false };
      throw new UserError('/settings daily-now takes members, admins or default.');
    }
    default:
      throw new UserError(`/settings has no “${safeEcho(name, 30)}”.`, USAGE);
  }
}

/**
 * `/settings`: what a workspace (Slack team) or server (Discord guild) sets for itself instead of the deployment's
 * environment — extra admins (beside SLACK_ADMIN_USERS and the platform's own admins), the default daily time and
 * zone, and whether members may use `/daily now`. Anyone may look; only admins may change.
 */
export const settings: BotCommand = {
  name: 'settings',
  description: 'This workspace’s settings: admins, default daily time and zone, who may use /daily now',
  options: [{ name: 'setting', description: 'admins add|remove <user id> | daily-time <time> | daily-zone <zone> | daily-now members|admins (or default)', type: 'string', rest: true }],
  examples: ['/settings', '/settings admins add U0123ABC', '/settings daily-time 08:30', '/settings daily-zone Europe/Berlin', '/settings daily-now admins'],
  async run(ctx) {
    const ws = workspace(ctx);
    const store = ctx.services.workspaces;
    const [name, ...words] = ctx.args.split(' ').filter(Boolean);
    const before = await store.settings(ws);
    if (!name) return describe(before, ctx);
    if (!ctx.speaker.canManage) throw new UserError('Only admins can change this workspace’s settings.', 'Anyone can see them with /settings.');
    const after = await store.saveSettings(ws, readChange(name.toLowerCase(), words, before, ctx), ctx.speaker.id, ctx.services.clock.now());
    return describe(after, ctx);
  },
};
