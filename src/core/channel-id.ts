/*
 * Channel ids as the bot stores them: one string, namespaced by platform, so ids from Slack, Discord and the
 * console never collide in a table. This module is the only place that takes one apart or puts one together.
 *
 *   slack:<team id>:<channel id>       slack:T01ABC:C02DEF
 *   discord:<guild id|DM>:<channel id> discord:123456789012345678:234567890123456789
 *   console:<name>                     console:main
 */
export type Platform = 'console' | 'slack' | 'discord';

const PLATFORMS: readonly Platform[] = ['console', 'slack', 'discord'];

/** A channel id taken apart. `workspace` is the Slack team or Discord guild (`DM` for a direct message); none in the console. */
export interface ChannelParts {
  platform: Platform;
  workspace?: string;
  channel: string;
}

/** A stored channel id that does not have the shape of its platform. */
export class ChannelIdError extends Error {
  override name = 'ChannelIdError';
}

/**
 * Takes a stored channel id apart. Throws ChannelIdError when the platform is unknown or the id lacks a part its
 * platform needs (Slack and Discord: workspace and channel; Discord: a numeric channel).
 */
export function parseChannelId(id: string): ChannelParts {
  const first = id.indexOf(':');
  const platform = (first < 0 ? id : id.slice(0, first)) as Platform;
  if (!PLATFORMS.includes(platform)) throw new ChannelIdError(`unknown platform in channel id ${JSON.stringify(id)}`);
  const rest = first < 0 ? '' : id.slice(first + 1);
  if (platform === 'console') {
    if (!rest) throw new ChannelIdError(`a console channel id needs a name: ${JSON.stringify(id)}`);
    return { platform, channel: rest };
  }
  const second = rest.indexOf(':');
  const workspace = second < 0 ? '' : rest.slice(0, second);
  const channel = second < 0 ? '' : rest.slice(second + 1);
  if (!workspace || !channel || channel.includes(':')) throw new ChannelIdError(`not a ${platform} channel id (${platform}:<workspace>:<channel>): ${JSON.stringify(id)}`);
  if (platform === 'discord' && !/^\d+$/.test(channel)) throw new ChannelIdError(`not a Discord channel id (the channel must be a number): ${JSON.stringify(id)}`);
  return { platform, workspace, channel };
}

/** Puts a channel id together: the inverse of `parseChannelId`. */
export function formatChannelId(parts: ChannelParts): string {
  return parts.platform === 'console' ? `console:${parts.channel}` : `${parts.platform}:${parts.workspace}:${parts.channel}`;
}

/**
 * The platform a channel id belongs to, read from its prefix only: cheap enough for every post, and it never throws
 * (a malformed id still names the adapter that will refuse it with a clear error).
 */
export function platformOf(id: string): Platform {
  const first = id.indexOf(':');
  return (first < 0 ? id : id.slice(0, first)) as Platform;
}

/**
 * The platform and workspace part (`slack:T1`), for limits kept per workspace; the platform alone in the console.
 * Never throws, like `platformOf`.
 */
export function workspaceOf(id: string): string {
  const platform = platformOf(id);
  const rest = id.slice(platform.length + 1);
  const second = rest.indexOf(':');
  return platform === 'console' || second < 0 ? platform : `${platform}:${rest.slice(0, second)}`;
}
