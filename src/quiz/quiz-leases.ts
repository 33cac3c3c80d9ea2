import type { Platform } from '../core/channel-id.js';

/** Who runs a quiz's timers now: a holder id and when its lease ends unless renewed (UTC epoch ms). */
export interface QuizLease {
  holder: string;
  expiresAt: number;
}

/**
 * Leases on running quizzes, so that among several bot processes on one database exactly one keeps each quiz's
 * time, and another takes over when it dies (issue 14). A lease is a row per quiz (holder, expires_at); a live
 * holder renews it well before it ends; once it has ended, any process may take it. Each method is one guarded
 * statement (or one transaction), so two processes cannot both win a lease.
 *
 * Leases decide liveness only. Safety ("revealed once") stays with QuizStore's guarded transitions, so a holder
 * that lost its lease without noticing (a long pause) and a new holder still reveal each question once.
 */
export interface QuizLeases {
  /**
   * Takes the lease on one quiz for `ttlMs` from `now`: when nobody holds it, when its lease has ended, or when
   * `holder` already holds it (then it is renewed). Resolves false while another holder's lease still runs.
   */
  acquire(sessionId: number, holder: string, now: number, ttlMs: number): Promise<boolean>;
  /**
   * The holder's periodic call: renews every lease it holds on a running quiz, takes every running quiz on
   * `platforms` whose lease has ended or that has none, and drops its leases on quizzes that have ended.
   * Resolves with the ids of the running quizzes it now holds, ascending.
   */
  claim(holder: string, platforms: readonly Platform[], now: number, ttlMs: number): Promise<number[]>;
  /** Hands back the holder's lease on one quiz, or all of them (shutdown): another process may take them at once. */
  release(holder: string, sessionId?: number): Promise<void>;
  /** The lease on a quiz, ended or not; undefined when there is no row. For /healthz and tests. */
  lease(sessionId: number): Promise<QuizLease | undefined>;
}

/** `slack:%`, `discord:%`: the channel-id prefixes of the platforms a process can post to. */
export function channelPatterns(platforms: readonly Platform[]): string[] {
  return platforms.map((p) => `${p}:%`);
}
