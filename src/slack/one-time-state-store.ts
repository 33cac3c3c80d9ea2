import { createHash } from 'node:crypto';
import oauth, { InvalidStateError, type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { SlackReceipts } from './slack-receipts.js';

/** How long an install link stays good: @slack/oauth's own default for the state and its cookie. */
export const STATE_TTL_SECONDS = 600;

/**
 * The OAuth `state`: signed with SLACK_STATE_SECRET and dated (@slack/oauth's ClearStateStore, so a forged or
 * stale one is refused), and usable once. ClearStateStore alone keeps nothing, so the same state and cookie could be
 * sent again within ten minutes; here its first use is claimed in the database (the Slack receipts table, shared by
 * replicas), and every later use is refused.
 */
export class OneTimeStateStore implements StateStore {
  private readonly signed: StateStore;

  constructor(
    stateSecret: string,
    private readonly receipts: SlackReceipts,
  ) {
    // Only on the CommonJS default export: the package's ESM named exports leave it out.
    this.signed = new oauth.ClearStateStore(stateSecret, STATE_TTL_SECONDS);
  }

  generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    return this.signed.generateStateParam(installOptions, now);
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const options = await this.signed.verifyStateParam(now, state);
    // A digest, so the receipts table holds no usable state.
    const key = `oauth-state:${createHash('sha256').update(state).digest('base64url')}`;
    // Held a little past the state's own lifetime: after that the signature check refuses it anyway.
    if (!(await this.receipts.claim(key, now.getTime(), (STATE_TTL_SECONDS + 60) * 1000))) throw new InvalidStateError('The state parameter was already used.');
    return options;
  }
}
