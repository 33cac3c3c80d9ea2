import type { CheckAnswers } from './check-answers.js';
import type { DailyStore } from './daily-store.js';
import type { DeliveryLog } from './delivery-log.js';

export interface DailyDefaults {
  /** `HH:MM` for `/daily on` without a time. */
  time: string;
  /** IANA timezone for `/daily on` without one. */
  timezone: string;
}

/** What `/daily` and the daily post's buttons read and change. The engine is `DailyScheduler`. */
export interface DailyDesk {
  readonly store: DailyStore;
  readonly deliveries: DeliveryLog;
  readonly checks: CheckAnswers;
  readonly defaults: DailyDefaults;
}
