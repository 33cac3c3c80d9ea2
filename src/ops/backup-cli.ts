// `npm run backup -- <file>` (or `node dist/src/ops/backup-cli.js <file>` in the image): an online copy of the
// SQLite database at DATABASE_PATH, safe while the bot runs. On PostgreSQL (DATABASE_URL) it copies nothing and
// says to use pg_dump, the server's own consistent backup.
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, BackupError, pgDumpAdvice } from './backup.js';

async function main(args: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const target = args.find((a) => a !== '--');
  if (!target || args.includes('--help') || args.includes('-h')) {
    process.stderr.write('Usage: npm run backup -- <backup-file>\nCopies the SQLite database at DATABASE_PATH while the bot keeps running (on PostgreSQL, use pg_dump).\n');
    return 2;
  }
  try {
    const config = loadConfig(process.env);
    if (config.postgres) {
      process.stderr.write(pgDumpAdvice(config.postgres.url));
      return 1;
    }
    const started = Date.now();
    const result = await backupDatabase(config.databasePath, target);
    process.stdout.write(`Backed up ${config.databasePath} to ${result.path} (${result.pages} pages, ${result.bytes} bytes) in ${Date.now() - started} ms.\n`);
    return 0;
  } catch (err) {
    if (err instanceof BackupError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`Backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
