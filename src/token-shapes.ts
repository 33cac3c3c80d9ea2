// Tokens pasted into the wrong setting. Slack's prefixes are documented (xoxb- bot, xoxp- user, xapp- app-level),
// so a Slack token of the wrong kind is certain; without this check it ends in a bare "fetch failed" or
// "invalid_auth" at start-up. Discord does not document its token format, so only values that are certainly
// something else (an id, a key, a secret, a "Bot " prefix) are refused there. Messages never echo a value.

const BOT_TOKEN_PLACE = 'the Bot User OAuth Token (xoxb-…) from OAuth & Permissions';
const APP_TOKEN_PLACE = 'an app-level token (xapp-…) from Basic Information → App-Level Tokens, with the connections:write scope';

/** Problems with the Slack credentials as given (each undefined when unset), each saying where the right value is. */
export function slackTokenProblems(bot: string | undefined, app: string | undefined, secret: string | undefined): string[] {
  const problems: string[] = [];
  if (bot?.startsWith('xapp-') && app?.startsWith('xoxb-')) {
    return ['SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: put the xoxb-… token in SLACK_BOT_TOKEN and the xapp-… token in SLACK_APP_TOKEN'];
  }
  if (bot && !bot.startsWith('xoxb-')) {
    if (bot.startsWith('xapp-')) problems.push(`SLACK_BOT_TOKEN holds an app-level token (xapp-…), which belongs in SLACK_APP_TOKEN: set SLACK_BOT_TOKEN to ${BOT_TOKEN_PLACE}`);
    else if (bot.startsWith('xoxp-')) problems.push(`SLACK_BOT_TOKEN holds a user token (xoxp-…), which would act as you: set it to ${BOT_TOKEN_PLACE}`);
    else problems.push(`SLACK_BOT_TOKEN does not start with xoxb-: set it to ${BOT_TOKEN_PLACE}`);
  }
  if (app && !app.startsWith('xapp-')) {
    if (app.startsWith('xoxb-')) problems.push(`SLACK_APP_TOKEN holds a bot token (xoxb-…), which belongs in SLACK_BOT_TOKEN: set SLACK_APP_TOKEN to ${APP_TOKEN_PLACE}`);
    else problems.push(`SLACK_APP_TOKEN does not start with xapp-: set it to ${APP_TOKEN_PLACE}`);
  }
  if (secret && /^(xox[a-z]|xapp)-/.test(secret)) {
    problems.push('SLACK_SIGNING_SECRET holds a token: set it to the Signing Secret from Basic Information → App Credentials');
  }
  return problems;
}

const DISCORD_TOKEN_PLACE = "the token from the Developer Portal's Bot page (Reset Token)";

/** Problems with DISCORD_TOKEN when it is certainly not a bot token, each saying where the right value is. */
export function discordTokenProblems(token: string | undefined): string[] {
  if (!token) return [];
  if (/^bot\s/i.test(token)) return ["DISCORD_TOKEN starts with 'Bot ': give the token alone (the bot adds 'Bot ' itself)"];
  if (/\s/.test(token)) return [`DISCORD_TOKEN contains a space: copy ${DISCORD_TOKEN_PLACE} alone`];
  if (/^(xox[a-z]|xapp)-/.test(token)) return [`DISCORD_TOKEN holds a Slack token: set it to ${DISCORD_TOKEN_PLACE}`];
  if (/^\d{5,25}$/.test(token)) return [`DISCORD_TOKEN is a number, which is an id (the application id goes in DISCORD_APPLICATION_ID): set it to ${DISCORD_TOKEN_PLACE}`];
  if (/^[0-9a-f]{64}$/i.test(token)) return [`DISCORD_TOKEN looks like the application's public key: set it to ${DISCORD_TOKEN_PLACE}`];
  // The OAuth2 client secret is 32 characters with no dots; bot tokens have dot-separated parts.
  if (/^[A-Za-z0-9_-]{32}$/.test(token)) return [`DISCORD_TOKEN looks like the OAuth2 client secret: set it to ${DISCORD_TOKEN_PLACE}`];
  return [];
}
