// `npm run bench` (charts part): time to render each chart kind to PNG, 50 renders each after a warm-up, beside a
// naive baseline that renders the same chart from scratch: fonts read and parsed again and no measured widths kept.
// `--out DIR` also writes every sample (and the hostile-name ones) to DIR as PNG files, to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { renderForecastChart, renderLeaderboardChart, renderMasteryChart, type ChartImage } from '../src/charts/index.js';
import { dropFontCaches } from '../src/charts/fonts.js';
import { FORECAST, FORECAST_NOTHING_DUE, HOSTILE_LEADERBOARD, PERSON_MASTERY, TEAM_MASTERY } from '../test/support/chart-samples.js';
import { ms, percentile, table } from './stats.js';

const RENDERS = 50;
const TARGET_P95_MS = 150;

const kinds: { name: string; render: () => Promise<ChartImage | undefined> }[] = [
  { name: 'mastery, team (11 chapters)', render: () => renderMasteryChart(TEAM_MASTERY, { subtitle: 'Team #ml-book-club · share right, of how many answers' }) },
  { name: 'mastery, person (5 chapters)', render: () => renderMasteryChart(PERSON_MASTERY, { title: 'Your chapter mastery' }) },
  { name: 'leaderboard (10, hostile names)', render: () => renderLeaderboardChart(HOSTILE_LEADERBOARD, { subtitle: '#ml-book-club · all time' }) },
  { name: 'review forecast (14 days)', render: () => renderForecastChart(FORECAST) },
];

const outAt = process.argv.indexOf('--out');
if (outAt > 0) {
  const dir = process.argv[outAt + 1] ?? '/tmp/charts-look';
  mkdirSync(dir, { recursive: true });
  const hostile = ['😀'.repeat(300), '👩🏽‍🔬👨‍👩‍👧‍👦🏳️‍🌈🇯🇵#️⃣ nerd', 'مرحبا بالعالم '.repeat(40), 'שלום\u202e evil override\u202c', 'a'.repeat(500), '\ud800x\udfff', 'Z̸̢̛̛a̴̡̛l̷̨̛g̶̨̛o̵̢̧', '<svg onload=alert(1)>&lt;]]>', '\u0000\ufffe\uffff', '   '];
  const samples: [string, ChartImage | undefined][] = [
    ['mastery-team', await kinds[0]!.render()],
    ['mastery-person', await kinds[1]!.render()],
    ['leaderboard', await kinds[2]!.render()],
    ['forecast', await kinds[3]!.render()],
    ['forecast-nothing-due', await renderForecastChart(FORECAST_NOTHING_DUE)],
    ['leaderboard-two', await renderLeaderboardChart([{ name: 'Ana', points: 3 }, { name: 'Ben', points: 1 }])],
    ['leaderboard-hostile', await renderLeaderboardChart(hostile.map((name, i) => ({ name, points: 100 - 9 * i })), { title: hostile[1], subtitle: hostile[2] })],
    ['mastery-hostile', await renderMasteryChart(hostile.map((title, i) => ({ chapter: i + 1, title, share: (i % 5) / 4, answers: i })), { title: hostile[0] })],
    ['mastery-30-chapters', await renderMasteryChart(Array.from({ length: 30 }, (_, i) => ({ chapter: i + 1, title: `Chapter ${i + 1}`, share: ((i * 37) % 101) / 100, answers: (i * 13) % 50 })))],
    ['forecast-one-day-unknown-retention', await renderForecastChart({ firstDay: '2025-12-31', duePerDay: [4], retention: null })],
  ];
  for (const [name, img] of samples) {
    if (img) writeFileSync(join(dir, `${name}.png`), img.png);
    console.log(`${join(dir, `${name}.png`)}: ${img ? `${img.width}×${img.height} px, ${(img.png.length / 1024).toFixed(0)} KiB` : 'nothing to picture'}`);
  }
  console.log();
}

/**
 * Wall-clock ms of each render, and the process's CPU ms for it (all threads, so resvg's work on the thread pool
 * counts): the CPU figure hardly moves when other processes compete for the cores, the wall-clock one does.
 */
async function timeRenders(render: () => Promise<unknown>, before?: () => void): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    before?.();
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await render();
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

const coldStart = process.hrtime.bigint();
await kinds[0]!.render();
const firstMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
for (const k of kinds) for (let i = 0; i < 5; i++) await k.render();

const rows = [['chart', 'ours p50', 'ours p95', 'ours CPU p50', 'naive p50', 'naive p95', 'naive CPU p50', `p95 ≤ ${TARGET_P95_MS} ms`]];
let allOk = true;
for (const k of kinds) {
  const ours = await timeRenders(k.render);
  const naive = await timeRenders(k.render, dropFontCaches);
  const p95 = percentile(ours.wall, 95);
  allOk &&= p95 <= TARGET_P95_MS;
  rows.push([
    k.name,
    ms(percentile(ours.wall, 50)),
    ms(p95),
    ms(percentile(ours.cpu, 50)),
    ms(percentile(naive.wall, 50)),
    ms(percentile(naive.wall, 95)),
    ms(percentile(naive.cpu, 50)),
    p95 <= TARGET_P95_MS ? 'yes' : 'NO',
  ]);
}
console.log(`\nCharts: ${RENDERS} renders of each kind to PNG; first render in a fresh process (modules, fonts) ${ms(firstMs)}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`);
console.log(table(rows));
if (!allOk) process.exitCode = 1;
