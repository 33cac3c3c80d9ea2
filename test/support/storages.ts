import { openSqliteDatabase } from '../../src/storage/sqlite-database.js';
import { sqliteStorage } from '../../src/storage/storage.js';

/** A fresh SQLite database in memory, with every migration applied. */
export function memoryStorage() {
  return sqliteStorage(openSqliteDatabase(':memory:'), ':memory:');
}

/** The SQLite database in a file (created if needed), as a second process would open it. */
export function fileStorage(path: string) {
  return sqliteStorage(openSqliteDatabase(path), path);
}
