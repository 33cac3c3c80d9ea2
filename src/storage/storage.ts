import type { CheckAnswers } from '../daily/check-answers.js';
import type { DailyStore } from '../daily/daily-store.js';
import type { DeliveryLog } from '../daily/delivery-log.js';
import { PostgresCheckAnswers } from '../daily/postgres-check-answers.js';
import { PostgresDailyStore } from '../daily/postgres-daily-store.js';
import { PostgresDeliveryLog } from '../daily/postgres-delivery-log.js';
import { SqliteCheckAnswers } from '../daily/sqlite-check-answers.js';
import { SqliteDailyStore } from '../daily/sqlite-daily-store.js';
import { SqliteDeliveryLog } from '../daily/sqlite-delivery-log.js';
import { PostgresQuizLeases } from '../quiz/postgres-quiz-leases.js';
import type { PersonData } from '../privacy/person-data.js';
import { PostgresPersonData } from '../privacy/postgres-person-data.js';
import { SqlitePersonData } from '../privacy/sqlite-person-data.js';
import { PostgresQuizStore } from '../quiz/postgres-quiz-store.js';
import type { QuizLeases } from '../quiz/quiz-leases.js';
import { SqliteQuizLeases } from '../quiz/sqlite-quiz-leases.js';
import type { QuizStore } from '../quiz/quiz-store.js';
import { SqliteQuizStore } from '../quiz/sqlite-quiz-store.js';
import { PostgresReviewStore } from '../review/postgres-review-store.js';
import type { ReviewStore } from '../review/review-store.js';
import { SqliteReviewStore } from '../review/sqlite-review-store.js';
import { PostgresSlackReceipts } from '../slack/postgres-slack-receipts.js';
import type { SlackReceipts } from '../slack/slack-receipts.js';
import { SqliteSlackReceipts } from '../slack/sqlite-slack-receipts.js';
import { PostgresSlackInstallations } from '../slack/postgres-slack-installations.js';
import type { SlackInstallations } from '../slack/slack-installations.js';
import { SqliteSlackInstallations } from '../slack/sqlite-slack-installations.js';
import { PostgresWorkspaceStore } from '../workspaces/postgres-workspace-store.js';
import { SqliteWorkspaceStore } from '../workspaces/sqlite-workspace-store.js';
import type { WorkspaceStore } from '../workspaces/workspace-store.js';
import { PostgresDatabase } from './postgres-database.js';
import { openSqliteDatabase, type Db } from './sqlite-database.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * Everything the bot keeps, behind repositories named after the domain. Two implementations with one contract
 * (test/storage-contract/*): SQLite, embedded, the default; PostgreSQL, for a database an organisation already runs.
 */
export interface Storage {
  readonly engine: Engine;
  /** The SQLite file, or host:port/database for PostgreSQL (never credentials): for logs and /healthz. */
  readonly location: string;
  readonly quizzes: QuizStore;
  /** Which process keeps each running quiz's time (several replicas on one database). */
  readonly quizLeases: QuizLeases;
  readonly schedules: DailyStore;
  readonly deliveries: DeliveryLog;
  readonly checkAnswers: CheckAnswers;
  readonly slackReceipts: SlackReceipts;
  /** Personal review: FSRS cards, the review log, reminders. */
  readonly reviews: ReviewStore;
  /** Everything kept about one person, for /privacy. */
  readonly people: PersonData;
  /** Slack OAuth installations, sealed (used only when SLACK_CLIENT_ID is set). */
  readonly slackInstallations: SlackInstallations;
  /** Leaving, purging and per-workspace settings. */
  readonly workspaces: WorkspaceStore;
  /**
   * One write that must commit (a row in `ops_health` overwritten with `at`), so a full disk, a read-only mount or a
   * lost connection shows up. Rejects with the database's error.
   */
  probe(at: Date): Promise<void>;
  /** Closes the database: checkpoints SQLite's WAL into the file; ends PostgreSQL's pooled connections. */
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL when set (then the SQLite path is never opened), else the SQLite file. */
export interface StorageConfig {
  /** SQLite file; `:memory:` for a throwaway database. */
  databasePath: string;
  postgres?: { url: string; poolSize: number; statementTimeoutMs: number };
}

/**
 * Opens the configured store and applies its migrations. Rejects with the driver's error when the database cannot
 * be opened or reached (see `databaseOpenAdvice`). `onIdleError` hears PostgreSQL connections that fail while idle.
 */
export async function openStorage(config: StorageConfig, o: { onIdleError?: (err: Error) => void } = {}): Promise<Storage> {
  if (config.postgres) {
    const db = await PostgresDatabase.open({ ...config.postgres, ...(o.onIdleError ? { onIdleError: o.onIdleError } : {}) });
    return postgresStorage(db);
  }
  return sqliteStorage(openSqliteDatabase(config.databasePath), config.databasePath);
}

/** The repositories over an open SQLite database. */
export function sqliteStorage(db: Db, location = db.name): Storage & { readonly db: Db } {
  const touch = db.prepare('INSERT INTO ops_health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at');
  return {
    engine: 'sqlite',
    location,
    db,
    quizzes: new SqliteQuizStore(db),
    quizLeases: new SqliteQuizLeases(db),
    schedules: new SqliteDailyStore(db),
    deliveries: new SqliteDeliveryLog(db),
    checkAnswers: new SqliteCheckAnswers(db),
    slackReceipts: new SqliteSlackReceipts(db),
    reviews: new SqliteReviewStore(db),
    people: new SqlitePersonData(db),
    slackInstallations: new SqliteSlackInstallations(db),
    workspaces: new SqliteWorkspaceStore(db),
    async probe(at) {
      if (!db.open) throw new Error('the database is closed');
      touch.run(at.toISOString());
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The repositories over an open PostgreSQL pool. */
export function postgresStorage(db: PostgresDatabase): Storage & { readonly db: PostgresDatabase } {
  let closed = false;
  return {
    engine: 'postgres',
    location: db.location,
    db,
    quizzes: new PostgresQuizStore(db),
    quizLeases: new PostgresQuizLeases(db),
    schedules: new PostgresDailyStore(db),
    deliveries: new PostgresDeliveryLog(db),
    checkAnswers: new PostgresCheckAnswers(db),
    slackReceipts: new PostgresSlackReceipts(db),
    reviews: new PostgresReviewStore(db),
    people: new PostgresPersonData(db),
    slackInstallations: new PostgresSlackInstallations(db),
    workspaces: new PostgresWorkspaceStore(db),
    async probe(at) {
      if (closed) throw new Error('the database is closed');
      await db.sql.run('INSERT INTO ops_health (id, checked_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', [at.toISOString()]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
