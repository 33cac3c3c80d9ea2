import type { webApi } from '@slack/bolt';
import type { Speaker } from '../core/command.js';
import type { Logger } from '../core/logger.js';

interface Person {
  name: string;
  admin: boolean;
  /** users.info `is_bot`: another app's bot user. */
  bot: boolean;
  at: number;
  /** How long this entry holds: a refusal (missing scope) for TTL_MS, a rate limit or timeout for RETRY_MS. */
  ttl: number;
}

/** Names and roles change rarely; asking Slack once per person per ten minutes keeps commands quick. */
const TTL_MS = 10 * 60_000;
/** After a rate limit or timeout, ask again soon: an admin should not count as a member for ten minutes. */
const RETRY_MS = 60_000;

/** The user ids (U…) a workspace lists as admins: SLACK_ADMIN_USERS plus the workspace's own `/settings admins`. */
export type AdminsOf = (team: string) => Promise<readonly string[]>;

/** The bot token for a workspace (with OAuth, its own installation's); undefined uses the client's own token. */
export type TokenFor = (team: string) => Promise<string | undefined>;

/**
 * Who is speaking on Slack: display name, and whether they may manage a channel's settings (workspace admins and
 * owners from users.info, plus the listed admins). Without the users:read scope everyone is an ordinary member.
 * People are cached per workspace and asked about with that workspace's token.
 */
export class SlackPeople {
  private readonly cache = new Map<string, Person>();
  private readonly admins: AdminsOf;
  private warned = false;

  constructor(
    private readonly client: webApi.WebClient,
    admins: readonly string[] | AdminsOf,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly tokenFor: TokenFor = async () => undefined,
  ) {
    this.admins = typeof admins === 'function' ? admins : async () => admins;
  }

  async speaker(team: string, user: string, fallbackName?: string): Promise<Speaker> {
    const [person, admins] = await Promise.all([this.lookup(team, user), this.admins(team)]);
    return {
      id: `slack:${team}:${user}`,
      name: person?.name || fallbackName || user,
      canManage: admins.includes(user) || Boolean(person?.admin),
    };
  }

  /** Whether users.info calls this user of `team` a bot; false when Slack cannot be asked (no users:read scope). */
  async isBot(user: string, team = ''): Promise<boolean> {
    return Boolean((await this.lookup(team, user))?.bot);
  }

  private async lookup(team: string, user: string): Promise<Person | undefined> {
    const key = `${team}:${user}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < cached.ttl) return cached;
    try {
      const token = team ? await this.tokenFor(team) : undefined;
      const r = await this.client.users.info({ user, ...(token ? { token } : {}) });
      const u = r.user;
      if (!u) return cached;
      const person = { name: u.profile?.display_name || u.real_name || u.name || user, admin: Boolean(u.is_admin || u.is_owner), bot: Boolean(u.is_bot), at: this.now(), ttl: TTL_MS };
      this.cache.set(key, person);
      return person;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.log.warn({ err, platform: 'slack' }, 'users.info failed; treating people as members (is the users:read scope granted?)');
      }
      // Remembered for a while, so a missing scope costs one failed call per person, not one per command. A rate
      // limit or timeout says nothing about the person: what was known stays, and Slack is asked again soon.
      const refused = (err as { code?: string }).code === 'slack_webapi_platform_error';
      const member = { name: cached?.name ?? '', admin: !refused && Boolean(cached?.admin), bot: Boolean(cached?.bot), at: this.now(), ttl: refused ? TTL_MS : RETRY_MS };
      this.cache.set(key, member);
      return member;
    }
  }
}
