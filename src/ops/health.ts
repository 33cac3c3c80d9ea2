import type { Storage } from '../storage/storage.js';

/** Something /healthz asks about: a platform connection, the database. Adapters implement it. */
export interface HealthSource {
  readonly name: string;
  /** Shown with a healthy answer too: which database, which mode (never a secret). */
  readonly detail?: string;
  /** True when working; false or a throw means unhealthy (the thrown message is shown to the operator). */
  healthy(): boolean | Promise<boolean>;
}

export interface HealthReport {
  status: 'ok' | 'unhealthy';
  checks: { name: string; healthy: boolean; detail?: string }[];
}

/** The health sources, added as parts start; /healthz reports all of them. */
export class HealthChecks {
  private readonly sources: HealthSource[] = [];

  /** A check that has not answered after this long counts as failing, so a hung connection cannot hang /healthz. */
  constructor(private readonly timeoutMs = 2000) {}

  add(source: HealthSource): void {
    this.sources.push(source);
  }

  async check(): Promise<HealthReport> {
    const checks = await Promise.all(this.sources.map((s) => this.one(s)));
    return { status: checks.every((c) => c.healthy) ? 'ok' : 'unhealthy', checks };
  }

  private async one(source: HealthSource): Promise<HealthReport['checks'][number]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const healthy = await Promise.race([
        Promise.resolve().then(() => source.healthy()),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      return { name: source.name, healthy: healthy === true, ...(source.detail ? { detail: source.detail } : {}) };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { name: source.name, healthy: false, detail: source.detail ? `${source.detail}: ${why}` : why };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The database is healthy when a real write commits: a full disk, a read-only mount, a lost volume or a lost
 * PostgreSQL connection all fail here, where a read might still succeed. The check says which database it is on
 * (`sqlite /data/studybot.db`, `postgres db.internal:5432/studybot`).
 */
export function databaseHealth(storage: Pick<Storage, 'engine' | 'location' | 'probe'>, now: () => Date = () => new Date()): HealthSource {
  return {
    name: 'database',
    detail: `${storage.engine} ${storage.location}`,
    async healthy() {
      await storage.probe(now());
      return true;
    },
  };
}

/** Unhealthy once shutdown has begun, so a load balancer stops sending work while in-flight runs finish. */
export function stoppingHealth(lifecycle: { readonly isStopping: boolean }): HealthSource {
  return {
    name: 'process',
    healthy() {
      if (lifecycle.isStopping) throw new Error('shutting down');
      return true;
    },
  };
}
