import { describePostgresUrl } from './postgres-database.js';
import type { StorageConfig } from './storage.js';

/**
 * What to tell the operator when the configured database cannot be opened, from the error `openStorage` threw.
 * SQLite: a damaged file (SQLITE_NOTADB / SQLITE_CORRUPT*) needs a restore from a backup, which no path change
 * fixes; anything else (a missing or read-only folder) needs a usable DATABASE_PATH. PostgreSQL: the server, the
 * database or the credentials in DATABASE_URL (never printed: it may hold a password). Returns the lines to print.
 */
export function databaseOpenAdvice(config: StorageConfig, err: unknown): string {
  const code = String((err as { code?: unknown }).code ?? '');
  const reason = err instanceof Error ? err.message : String(err);
  if (config.postgres) {
    const where = describePostgresUrl(config.postgres.url);
    const fix =
      code === '3D000'
        ? 'Create the database (createdb) or name an existing one in DATABASE_URL.'
        : code === '28P01' || code === '28000'
          ? 'Check the user and password in DATABASE_URL.'
          : 'Check DATABASE_URL and that the server is running and accepts connections from here (pg_isready -h <host> -p <port>).';
    return `Cannot open the PostgreSQL database at ${where}: ${reason}\n${fix}\n`;
  }
  const path = config.databasePath;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return (
      `The database at ${path} is damaged (${reason}).\n` +
      'Stop the bot, move the damaged file (and any -wal and -shm files beside it) aside, and put your latest copy from ' +
      '`npm run backup` at DATABASE_PATH; then start the bot again. Without a backup, moving the file aside starts an ' +
      'empty database (schedules, quizzes and scores are lost).\n'
    );
  }
  return `Cannot open the database at ${path}: ${reason}\nSet DATABASE_PATH to a file in a writable folder (in Docker, mount a volume at /data).\n`;
}
