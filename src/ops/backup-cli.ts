// `npm run backup -- <file>` (or `node dist/src/ops/backup-cli.js <file>` in the image): an online copy of the
// database at DATABASE_PATH, safe while the bot runs.
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, BackupError } from './backup.js';

async function main(args: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const target = args.find((a) => a !== '--');
  if (!target || args.includes('--help') || args.includes('-h')) {
    process.stderr.write('Usage: npm run backup -- <backup-file>\nCopies the database at DATABASE_PATH while the bot keeps running.\n');
    return 2;
  }
  try {
    const config = loadConfig(process.env);
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
