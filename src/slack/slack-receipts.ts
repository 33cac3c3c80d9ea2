/**
 * The Slack deliveries already acted on, so each event and each signed request has one effect, in the database
 * so it holds across restarts and across processes sharing it.
 */
export interface SlackReceipts {
  /**
   * Claims `key` for `holdMs` milliseconds from `nowMs` (epoch ms). Resolves `true` for the first claim, `false`
   * while an earlier claim of the same key holds. The claim is one insert on a unique key, so two processes sharing
   * the database cannot both win. Rejects if the database fails (the caller must then not act).
   */
  claim(key: string, nowMs: number, holdMs: number): Promise<boolean>;
}

/** Expired rows are deleted at most this often: they only cost space, never correctness. */
export const PRUNE_EVERY_MS = 60_000;
