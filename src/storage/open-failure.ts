/**
 * What to tell the operator when the database at `path` cannot be opened, from the error `openDatabase` threw:
 * a damaged file (SQLite's SQLITE_NOTADB / SQLITE_CORRUPT*) needs a restore from a backup, which no path change
 * fixes; anything else (a missing or read-only folder) needs a usable DATABASE_PATH. Returns the lines to print.
 */
export function databaseOpenAdvice(path: string, err: unknown): string {
  const code = String((err as { code?: unknown }).code ?? '');
  const reason = err instanceof Error ? err.message : String(err);
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
