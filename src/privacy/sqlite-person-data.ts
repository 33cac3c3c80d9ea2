import type { Db } from '../storage/sqlite-database.js';
import { DESCRIBE_SQL, emptyRows, ERASE_STEPS, type PersonData, type PersonRows } from './person-data.js';

/** The shared statements number parameters PostgreSQL's way (`$1`); here they become named ones (`@p1`), bound by name. */
const lite = (sql: string) => sql.replace(/\$(\d)/g, '@p$1');
const named = (values: readonly unknown[]) => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));

/** PersonData in SQLite: the erase is one IMMEDIATE transaction. */
export class SqlitePersonData implements PersonData {
  constructor(private readonly db: Db) {}

  async describe(person: string): Promise<PersonRows> {
    return this.db.prepare<[Record<string, unknown>], PersonRows>(lite(DESCRIBE_SQL)).get(named([person]))!;
  }

  async erase(person: string): Promise<PersonRows> {
    const steps = ERASE_STEPS.map((s) => ({ ...s, statement: this.db.prepare(lite(s.sql)) }));
    return this.db
      .transaction(() => {
        const out = emptyRows();
        for (const s of steps) out[s.field] = s.statement.run(named([person, ...(s.more ?? [])])).changes;
        return out;
      })
      .immediate();
  }
}
