// `npm run db:copy -- <sqlite file> <postgres url> [--force]`: the move from SQLite to PostgreSQL. Stop the bot
// first (or copy from a backup made with `npm run backup`): rows written during the copy would not be in it.
import { existsSync } from 'node:fs';
import { describePostgresUrl, PostgresDatabase } from '../storage/postgres-database.js';
import { openSqliteDatabase } from '../storage/sqlite-database.js';
import { copySqliteToPostgres, CopyError } from './db-copy.js';

const USAGE = `Usage: npm run db:copy -- <sqlite file> <postgres url> [--force]
Copies every table of the bot's SQLite database into PostgreSQL, then checks row counts and checksums per table.
Refuses a PostgreSQL database holding other rows unless --force (which replaces them). Running it again changes nothing.
`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  const force = args.includes('--force');
  const [file, url, ...rest] = args.filter((a) => a !== '--force');
  if (!file || !url || rest.length || args.includes('--help') || args.includes('-h')) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`No SQLite database at ${file}.\n`);
    return 1;
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('The second argument must be a PostgreSQL URL like postgres://user:password@host:5432/studybot.\n');
    return 2;
  }
  // Both opened the way the bot opens them, so both carry every migration before rows move.
  const source = openSqliteDatabase(file);
  let target: PostgresDatabase | undefined;
  try {
    target = await PostgresDatabase.open({ url, poolSize: 2, statementTimeoutMs: 0 });
    const report = await copySqliteToPostgres(source, target, { force });
    const where = describePostgresUrl(url);
    for (const t of report.tables) process.stdout.write(`${t.table.padEnd(24)} ${String(t.rows).padStart(9)} rows  sha256 ${t.checksum.slice(0, 16)}  ok\n`);
    for (const t of report.skipped) process.stdout.write(`${t.padEnd(24)} not copied\n`);
    process.stdout.write(report.outcome === 'unchanged' ? `${where} already holds exactly these rows: nothing to do.\n` : `Copied ${file} to ${where}; row counts and checksums match.\n`);
    return 0;
  } catch (err) {
    process.stderr.write(err instanceof CopyError ? `${err.message}\n` : `db:copy failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    source.close();
    await target?.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
