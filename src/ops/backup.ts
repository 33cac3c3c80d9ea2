import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describePostgresUrl } from '../storage/postgres-database.js';

export interface BackupResult {
  /** Where the copy is. */
  path: string;
  pages: number;
  bytes: number;
}

/** A backup that cannot be made, with a message an operator can act on. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Copies a live database with SQLite's online backup while the bot keeps writing. All pages move in one step,
 * so the copy is one consistent snapshot (a WAL reader does not block the bot's writes, and a multi-step copy
 * would restart each time another process writes). The copy is written beside the destination, checked, switched
 * to a single self-contained file, then renamed into place: a failed backup never replaces a good one.
 */
export async function backupDatabase(sourcePath: string, destinationPath: string): Promise<BackupResult> {
  const source = resolve(sourcePath);
  const destination = resolve(destinationPath);
  if (source === destination) throw new BackupError('The backup file must not be the database itself; name another file.');
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}. Check DATABASE_PATH.`);
  mkdirSync(dirname(destination), { recursive: true });
  const partial = `${destination}.partial-${process.pid}`;

  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`The copy failed SQLite's integrity check: ${String(check)}`);
      // One file that can be moved, mailed or opened read-only, with no -wal beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
    return { path: destination, pages: totalPages, bytes: statSync(destination).size };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/**
 * What `npm run backup` says on PostgreSQL instead of copying: the server's own tool makes a consistent copy while the
 * bot runs. Names the server without credentials.
 */
export function pgDumpAdvice(url: string): string {
  return (
    `The bot's database is PostgreSQL (${describePostgresUrl(url)}): this tool copies only a SQLite file, so nothing was backed up.\n` +
    'Back it up with pg_dump, which takes a consistent snapshot while the bot runs:\n' +
    '  pg_dump --format=custom --file=studybot-$(date +%F).dump "$DATABASE_URL"\n' +
    'Restore into an empty database with: pg_restore --no-owner --dbname="$DATABASE_URL" studybot-<date>.dump\n'
  );
}
