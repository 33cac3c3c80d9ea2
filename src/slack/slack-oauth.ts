import type { ServerResponse } from 'node:http';
import { ErrorCode, type CallbackOptions, type Installation, type InstallProvider, type OrgInstallation } from '@slack/oauth';
import type { SlackOAuthConfig } from '../config.js';
import type { Logger } from '../core/logger.js';
import { SecretBox } from '../workspaces/secret-box.js';
import { DatabaseInstallationStore } from './installation-store.js';
import { OneTimeStateStore } from './one-time-state-store.js';
import type { SlackInstallations } from './slack-installations.js';
import type { SlackReceipts } from './slack-receipts.js';

/** The bot scopes "Add to Slack" asks for: the ones slack-manifest*.yml declare (a test keeps them equal). */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'app_mentions:read', 'users:read', 'files:write', 'im:write'] as const;

/** Bolt's install routes (its defaults, named here for the docs and the tests). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackOAuthOptions {
  oauth: SlackOAuthConfig;
  installations: SlackInstallations;
  receipts: SlackReceipts;
  /** Where the code exchange (oauth.v2.access, then auth.test) and token refreshes go: SLACK_API_URL. */
  clientOptions: { slackApiUrl: string; retryConfig: { retries: number } };
  log: Logger;
  /** A workspace (or org) finished installing: `slack:T…` for each workspace it names. */
  onInstalled: (installation: Installation | OrgInstallation) => Promise<void>;
  now?: () => number;
}

/**
 * The OAuth half of Bolt's HTTPReceiver options: client id and secret, the sealed database installation store,
 * the one-time state store, and the pages after the redirect. Tokens are refreshed by Bolt's installer when the app
 * has token rotation on (a refresh token arrives with the install), and stored again, sealed, through the same store.
 */
export function slackOAuthReceiverOptions(o: SlackOAuthOptions) {
  const installationStore = new DatabaseInstallationStore(o.installations, new SecretBox(o.oauth.secretsKey), o.now);
  const callbackOptions: CallbackOptions = {
    successAsync: async (installation, _options, _req, res) => {
      o.log.info({ platform: 'slack', team: installation.team?.id, enterprise: installation.enterprise?.id, orgWide: Boolean(installation.isEnterpriseInstall) }, 'Slack app installed');
      await o.onInstalled(installation);
      page(res, 200, 'Study Bot is installed', `Study Bot is now in ${escapeHtml(installation.team?.name ?? installation.enterprise?.name ?? 'your workspace')}. Type <code>/study help</code> in a channel to begin.`);
    },
    failure: (error, _options, _req, res) => {
      // Bolt's codes only: never the exception's text, which could carry what Slack sent.
      o.log.warn({ platform: 'slack', code: error.code }, 'Slack install refused');
      const refused = ([ErrorCode.MissingStateError, ErrorCode.InvalidStateError, ErrorCode.MissingCodeError, ErrorCode.AuthorizationError] as string[]).includes(error.code);
      page(res, refused ? 400 : 500, 'Install not completed', refused ? 'This install link has expired or was already used. Start again from the install page.' : 'Slack did not complete the install. Try again from the install page.');
    },
  };
  return {
    clientId: o.oauth.clientId,
    clientSecret: o.oauth.clientSecret,
    stateSecret: o.oauth.stateSecret,
    installationStore,
    scopes: [...SLACK_BOT_SCOPES],
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateStore: new OneTimeStateStore(o.oauth.stateSecret, o.receipts),
      clientOptions: o.clientOptions,
      callbackOptions,
    },
  };
}

/** The bot token serving workspace `team` (refreshed first if it expires within two hours); rejects when none. */
export async function installedToken(installer: InstallProvider, team: string): Promise<string> {
  const auth = await installer.authorize({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
  if (!auth.botToken) throw new Error(`the Slack installation for ${team} has no bot token`);
  return auth.botToken;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`);
}
