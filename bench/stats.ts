export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** Milliseconds each call of fn takes, measured one call at a time. */
export function timeEach<T>(items: T[], fn: (item: T) => unknown, rounds = 1): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const t = process.hrtime.bigint();
      fn(item);
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return out;
}

export function ms(n: number): string {
  return Number.isNaN(n) ? '—' : n < 10 ? `${n.toFixed(2)} ms` : `${n.toFixed(0)} ms`;
}

export function pct(n: number, of: number): string {
  return of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} %`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
