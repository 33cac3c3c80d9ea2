import type { ChannelAnswer, TeamMastery } from '../review/team-mastery.js';
import type { QuizEvent, Player } from './quiz-state.js';
import type { ChapterStats, LeaderboardRow, StoredQuiz } from './quiz-store.js';

export type AnswerEvent = Extract<QuizEvent, { type: 'answer-accepted' | 'answer-repeated' | 'answer-refused' }>;

/** What `/quiz`, `/leaderboard`, `/stats` and the answer buttons use; `QuizEngine` is the implementation. */
export interface QuizDesk {
  /**
   * Starts a quiz in the channel from `/quiz start` arguments. `firstAt` is when the first question opens (UTC ms);
   * `requested` the number of questions asked for (more than the quiz has when the selection has fewer). Throws
   * UserError for arguments it cannot read or when the channel already has a quiz running.
   */
  start(channel: string, starter: Player, args: string): Promise<{ quiz: StoredQuiz; firstAt: number; requested: number }>;
  /** `/quiz stop`: true if this call ended it, false if something else ended it first. Throws UserError when not allowed. */
  stop(channel: string, by: Player & { canManage?: boolean }): Promise<boolean>;
  running(channel: string): Promise<StoredQuiz | undefined>;
  /** A click on an answer button; stored before it resolves, so an acknowledged answer is never lost. */
  answer(user: Player, channel: string, sessionId: number, no: number, option: number): Promise<AnswerEvent>;
  leaderboard(channel: string, since: number): Promise<LeaderboardRow[]>;
  stats(userId: string): Promise<ChapterStats[]>;
  /** The channel's judged quiz answers since `since` (UTC ms), oldest first: what team mastery is computed from. */
  channelAnswers(channel: string, since: number): Promise<ChannelAnswer[]>;
  /** The channel's mastery from all its judged quiz answers (src/review/team-mastery.ts). */
  teamMastery(channel: string): Promise<TeamMastery>;
}
