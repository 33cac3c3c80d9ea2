import Database from 'better-sqlite3';

/** The error better-sqlite3 raises when the disk is full: what a failed write looks like in production. */
export function diskFull(): Error {
  return new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
}

/**
 * A real repository whose next call of a chosen method rejects, as storage does when the disk fills or the database
 * stays busy. Every other call, and that method's later calls, go to the real repository: nothing is mocked.
 */
export function faulty<T extends object>(real: T) {
  const armed = new Map<PropertyKey, Error>();
  const failed: string[] = [];
  const store = new Proxy(real, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const err = armed.get(key);
        if (err) {
          armed.delete(key);
          failed.push(String(key));
          return Promise.reject(err);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    /** The names of the calls that failed, in order. */
    failed,
    /** The next call of `method` rejects with `error` instead of reaching storage. */
    failNext(method: keyof T & string, error: Error = diskFull()): void {
      armed.set(method, error);
    },
  };
}
