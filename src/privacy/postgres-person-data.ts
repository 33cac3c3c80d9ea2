import type { PostgresDatabase } from '../storage/postgres-database.js';
import { DESCRIBE_SQL, emptyRows, ERASE_STEPS, type PersonData, type PersonRows } from './person-data.js';

/** PersonData in PostgreSQL: the erase is one transaction. */
export class PostgresPersonData implements PersonData {
  constructor(private readonly db: PostgresDatabase) {}

  async describe(person: string): Promise<PersonRows> {
    const [row] = await this.db.sql.rows<PersonRows>(DESCRIBE_SQL, [person]);
    return row!;
  }

  async erase(person: string): Promise<PersonRows> {
    return this.db.transaction(async (tx) => {
      const out = emptyRows();
      for (const s of ERASE_STEPS) {
        out[s.field] = await tx.run(s.sql, [person, ...(s.more ?? [])]);
      }
      return out;
    });
  }
}
