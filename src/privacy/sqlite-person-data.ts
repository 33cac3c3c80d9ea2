import type { Db } from '../storage/sqlite-database.js';
import { DESCRIBE_SQL, emptyRows, ERASE_STEPS, type PersonData, type PersonRows } from './person-data.js';

/** SQLite numbers its parameters `?1`; the shared statements use PostgreSQL's `$1`. */
const lite = (sql: string) => sql.replace(/\$(\d)/g, '?$1');

/** PersonData in SQLite: the erase is one IMMEDIATE transaction. */
export class SqlitePersonData implements PersonData {
  constructor(private readonly db: Db) {}

  async describe(person: string): Promise<PersonRows> {
    return this.db.prepare<[string], PersonRows>(lite(DESCRIBE_SQL)).get(person)!;
  }

  async erase(person: string): Promise<PersonRows> {
    const steps = ERASE_STEPS.map((s) => ({ ...s, statement: this.db.prepare(lite(s.sql)) }));
    return this.db
      .transaction(() => {
        const out = emptyRows();
        for (const s of steps) out[s.field] = s.statement.run(person, ...(s.more ?? [])).changes;
        return out;
      })
      .immediate();
  }
}
