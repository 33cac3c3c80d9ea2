import type { Db } from '../storage/database.js';
import { CheckAnswers } from './check-answers.js';
import { DailyStore } from './daily-store.js';
import { DeliveryLog } from './delivery-log.js';

export interface DailyDefaults {
  /** `HH:MM` for `/daily on` without a time. */
  time: string;
  /** IANA timezone for `/daily on` without one. */
  timezone: string;
}

/** What `/daily` reads and changes: the stored schedules and deliveries. The engine is `DailyScheduler`. */
export class DailyDesk {
  readonly store: DailyStore;
  readonly deliveries: DeliveryLog;
  readonly checks: CheckAnswers;

  constructor(
    db: Db,
    readonly defaults: DailyDefaults,
  ) {
    this.store = new DailyStore(db);
    this.deliveries = new DeliveryLog(db);
    this.checks = new CheckAnswers(db);
  }
}
