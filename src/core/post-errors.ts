/*
 * Every platform error the bot can get when it posts or edits a message, in one table: permanent (retrying the same
 * post cannot help — recorded once, shown in /daily status with the fix an admin should make) or transient (retried
 * with backoff while the grace window lasts). Anything not listed is transient, except an HTTP 4xx, which says the
 * request itself was refused.
 *
 * Sources: Discord "JSON Error Codes" and "HTTP Response Codes",
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes; Slack's error tables for chat.postMessage and
 * chat.update (and the errors common to every Web API method), https://docs.slack.dev/reference/methods/chat.postMessage.
 */
import type { Platform } from './command.js';

export type PostErrorKind = 'permanent' | 'transient';

export interface PostErrorRule {
  kind: PostErrorKind;
  /** What a person must do; every permanent rule has one. */
  fix?: string;
}

const permanent = (fix: string): PostErrorRule => ({ kind: 'permanent', fix });
const transient: PostErrorRule = { kind: 'transient' };

const DISCORD_TOKEN_FIX = 'DISCORD_TOKEN is not valid: reset it on the Developer Portal Bot page and update it.';
const DISCORD_CONTENT_FIX = 'Discord refused the post’s content (too long or malformed): shorten the note it came from, and report it as a bug with this error.';
const SLACK_TOKEN_FIX = 'The bot token was revoked or is not valid: reinstall the app and copy the bot token (xoxb-…) into SLACK_BOT_TOKEN again.';
const SLACK_REINSTALL_FIX = 'The Slack app lacks a permission: reinstall it from slack-manifest.yml (OAuth & Permissions → Reinstall).';
const SLACK_ADMIN_FIX = 'A workspace admin restricted posting there: ask them to allow the bot, or run /daily on in another channel.';
const SLACK_CONTENT_FIX = 'Slack refused the post’s content (too long or malformed): shorten the note it came from, and report it as a bug with this error.';
const ELSEWHERE = 'run /daily on in the channel that should get the post instead';

/** Discord JSON error codes (the `code` in a 4xx body). */
export const DISCORD_POST_ERRORS: Readonly<Record<number, PostErrorRule>> = {
  0: permanent(DISCORD_TOKEN_FIX), // "General error"; with 401 it is the token
  10003: permanent(`The channel was deleted or the bot cannot find it: ${ELSEWHERE}.`), // Unknown Channel
  10004: permanent('The bot is no longer in that server: invite it again (README, Discord setup), or leave it out if it was removed on purpose.'), // Unknown Guild
  10008: permanent('The message was deleted, so it cannot be edited.'), // Unknown Message
  20009: permanent('Discord blocked the post as explicit content: check the note it came from.'), // Explicit content
  20016: transient, // Slowmode rate limit
  40005: permanent(DISCORD_CONTENT_FIX), // Request entity too large
  40058: permanent(`Discord does not take plain messages in a forum channel: ${ELSEWHERE} (a text channel).`),
  50001: permanent('The bot cannot see that channel: give its role View Channel there (Server Settings → Channels → Permissions).'), // Missing Access
  50006: permanent(DISCORD_CONTENT_FIX), // Cannot send an empty message
  50007: permanent('That person does not accept direct messages from the bot.'), // Cannot send messages to this user
  50008: permanent(`That is not a text channel: ${ELSEWHERE}.`), // Cannot send messages in a non-text channel
  50013: permanent('The bot lacks a permission there: give its role Send Messages and Embed Links in that channel.'), // Missing Permissions
  50035: permanent(DISCORD_CONTENT_FIX), // Invalid Form Body
  50083: permanent(`The thread is archived: reopen it, or ${ELSEWHERE}.`), // Operation on an archived thread
  130000: transient, // API resource overloaded
  160005: permanent(`The thread is locked: a moderator can unlock it, or ${ELSEWHERE}.`), // Thread is locked
  200000: permanent('An AutoMod rule blocked the post: let the bot’s role bypass it (Server Settings → AutoMod).'), // Blocked by AutoMod
};

/** Slack Web API `error` strings of an `ok: false` answer. */
export const SLACK_POST_ERRORS: Readonly<Record<string, PostErrorRule>> = {
  not_in_channel: permanent('Invite the bot to the channel first: type /invite @studybot there.'),
  channel_not_found: permanent('The bot cannot see that channel: invite it there (/invite @studybot), or pick another channel.'),
  is_archived: permanent(`The channel is archived: unarchive it, or ${ELSEWHERE}.`),
  missing_scope: permanent(SLACK_REINSTALL_FIX),
  no_permission: permanent(SLACK_REINSTALL_FIX),
  not_allowed_token_type: permanent('SLACK_BOT_TOKEN must be the bot token (xoxb-…) from OAuth & Permissions.'),
  not_authed: permanent('Set SLACK_BOT_TOKEN to the bot token (xoxb-…) from OAuth & Permissions.'),
  invalid_auth: permanent('SLACK_BOT_TOKEN is not valid: copy the bot token (xoxb-…) again from OAuth & Permissions.'),
  token_revoked: permanent(SLACK_TOKEN_FIX),
  token_expired: permanent(SLACK_TOKEN_FIX),
  account_inactive: permanent(SLACK_TOKEN_FIX),
  team_access_not_granted: permanent('The app is not granted to this workspace: an org admin must add it there.'),
  access_denied: permanent(SLACK_ADMIN_FIX),
  ekm_access_denied: permanent(SLACK_ADMIN_FIX),
  restricted_action: permanent(SLACK_ADMIN_FIX),
  restricted_action_read_only_channel: permanent(`The channel is read-only for the bot: an admin can let it post, or ${ELSEWHERE}.`),
  restricted_action_thread_only_channel: permanent(`The channel only takes replies in threads: ${ELSEWHERE}.`),
  restricted_action_non_threadable_channel: permanent(SLACK_ADMIN_FIX),
  enterprise_is_restricted: permanent(SLACK_ADMIN_FIX),
  two_factor_setup_required: permanent('The workspace requires two-factor setup for the app’s installer: set it up, then reinstall the app.'),
  msg_too_long: permanent(SLACK_CONTENT_FIX),
  msg_blocks_too_long: permanent(SLACK_CONTENT_FIX),
  invalid_blocks: permanent(SLACK_CONTENT_FIX),
  invalid_blocks_format: permanent(SLACK_CONTENT_FIX),
  no_text: permanent(SLACK_CONTENT_FIX),
  too_many_attachments: permanent(SLACK_CONTENT_FIX),
  invalid_arguments: permanent(SLACK_CONTENT_FIX),
  invalid_arg_name: permanent(SLACK_CONTENT_FIX),
  invalid_form_data: permanent(SLACK_CONTENT_FIX),
  invalid_charset: permanent(SLACK_CONTENT_FIX),
  message_not_found: permanent('The message was deleted, so it cannot be edited.'),
  cant_update_message: permanent('The message was deleted, so it cannot be edited.'),
  edit_window_closed: permanent('The workspace does not allow editing messages this old.'),
  method_deprecated: permanent('Slack retired an API call the bot uses: update the bot.'),
  deprecated_endpoint: permanent('Slack retired an API call the bot uses: update the bot.'),
  // "It's possible some aspect of the operation succeeded": a retry could post twice, and twice is worse than missing.
  fatal_error: permanent('Slack failed part-way and the post may or may not be in the channel; it is not retried, so it never appears twice.'),
  ratelimited: transient,
  rate_limited: transient,
  message_limit_exceeded: transient,
  internal_error: transient,
  service_unavailable: transient,
  request_timeout: transient,
  org_login_required: transient, // an enterprise migration in progress
  team_added_to_org: transient,
  accesslimited: transient,
};

/** HTTP statuses with no code to go by (a proxy answered, or the body was not JSON). */
export const HTTP_POST_ERRORS: Readonly<Record<number, PostErrorRule>> = {
  401: permanent('The platform refused the bot token: check SLACK_BOT_TOKEN or DISCORD_TOKEN.'),
  403: permanent('The platform refused the bot access to that channel: check the bot is in it and may post there.'),
  404: permanent(`The channel no longer exists: ${ELSEWHERE}.`),
  408: transient,
  429: transient,
};

export interface PostErrorVerdict extends PostErrorRule {
  /** The platform's own name for the error: `50083`, `not_in_channel`, `HTTP 403`, or the error's message. */
  code: string;
}

/**
 * Classifies what a platform call for a post threw, by the shapes discord.js and @slack/web-api give their errors:
 * Discord `DiscordAPIError` (`code` a JSON error code, `status` the HTTP status) or `HTTPError` (`status`); Slack
 * `slack_webapi_platform_error` (`data.error`), `slack_webapi_http_error` (`statusCode`), `slack_webapi_rate_limited_error`.
 * A known code decides; else an HTTP status (401/403/404 permanent, 408/429/5xx transient, any other 4xx permanent);
 * else (a network error, a timeout) transient. Never throws.
 */
export function classifyPostError(platform: Platform, err: unknown): PostErrorVerdict {
  const e = (err ?? {}) as { code?: unknown; status?: unknown; statusCode?: unknown; data?: { error?: unknown }; message?: unknown };
  if (platform === 'discord' && typeof e.code === 'number') {
    // Code 0 is Discord's "general error": only with a 401 does it mean the token.
    const rule = e.code === 0 && e.status !== 401 ? undefined : DISCORD_POST_ERRORS[e.code];
    if (rule) return { ...rule, code: String(e.code) };
  }
  if (platform === 'slack' && e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') {
    const rule = SLACK_POST_ERRORS[e.data.error];
    if (rule) return { ...rule, code: e.data.error };
  }
  if (platform === 'slack' && e.code === 'slack_webapi_rate_limited_error') return { ...transient, code: 'ratelimited' };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined) {
    const rule = HTTP_POST_ERRORS[status] ?? (status >= 400 && status < 500 ? permanent('The platform refused the post as invalid: report it as a bug with this error.') : transient);
    return { ...rule, code: `HTTP ${status}` };
  }
  return { ...transient, code: typeof e.message === 'string' ? e.message : String(err) };
}
