// The composition root: config → content → storage → core (bot-core.ts) → adapters. Read top to bottom.
import { config as loadDotenv } from 'dotenv';
import { hostname } from 'node:os';
import { buildCore } from './bot-core.js';
import { parseCliArgs, USAGE, USAGE_EXIT_CODE } from './cli-args.js';
import { ConfigError, loadConfig, secretsOf } from './config.js';
import { runConsole } from './console/console-adapter.js';
import { ConsolePort } from './console/console-port.js';
import { ImageFiles } from './console/image-files.js';
import { ScriptClock } from './console/script-clock.js';
import { ContentError, loadLibrary } from './content/content-loader.js';
import { Lifecycle } from './core/lifecycle.js';
import { createLogger } from './core/logger.js';
import { hooksFromEnv } from './daily/daily-scheduler.js';
import { logObserver, metricsObserver, observeAll } from './ops/command-observers.js';
import { databaseHealth, HealthChecks, stoppingHealth } from './ops/health.js';
import { InFlight } from './ops/in-flight.js';
import { Metrics } from './ops/metrics.js';
import { startOpsServer } from './ops/ops-server.js';
import { exitOnSignals } from './ops/shutdown-signals.js';
import { databaseOpenAdvice } from './storage/open-failure.js';
import { openStorage, type Storage } from './storage/storage.js';
import { startPlatforms } from './start-platforms.js';
import { startWorkspacePurge } from './workspaces/workspace-purge.js';

async function main(argv: string[]): Promise<number> {
  // Before the settings are read: help must work even when .env is broken.
  const args = parseCliArgs(argv);
  if (args.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.kind === 'refused') {
    process.stderr.write(`${args.message}\n`);
    return USAGE_EXIT_CODE;
  }
  loadDotenv({ quiet: true });
  const json = args.json;

  let config;
  let library;
  try {
    config = loadConfig(process.env);
    library = loadLibrary(config.contentDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const consoleMode = !config.slack && !config.discord;
  // In the console, logs would interleave with replies on the screen: only warnings and worse unless asked.
  const level = consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const log = createLogger({ level, secrets: secretsOf(config), pretty: Boolean(process.stderr.isTTY) });

  const lifecycle = new Lifecycle(log);
  exitOnSignals(lifecycle, log);
  let storage: Storage;
  try {
    storage = await openStorage(config, { onIdleError: (err) => log.warn({ err }, 'a pooled database connection failed while idle; it is replaced on next use') });
  } catch (err) {
    process.stderr.write(databaseOpenAdvice(config, err));
    return 1;
  }
  // Registered first, so closed last: closing checkpoints SQLite's WAL into the .db file, or ends PostgreSQL's pool.
  lifecycle.onShutdown('database', () => storage.close());
  log.info({ engine: storage.engine, location: storage.location, ...(config.replica.id ? { replica: config.replica.id } : {}) }, 'database open');
  const metrics = new Metrics({ processMetrics: true });
  const health = new HealthChecks();
  health.add(stoppingHealth(lifecycle));
  health.add(databaseHealth(storage));
  const inFlight = new InFlight();
  const interactive = consoleMode && Boolean(process.stdin.isTTY) && !json;
  // A console script runs on its own clock, so it can play a quiz from a file and never leaves one running.
  const script = consoleMode && !interactive ? new ScriptClock() : undefined;

  const core = buildCore({
    storage,
    library,
    // A replica named by REPLICA_ID takes its own quizzes back at once when restarted; so does the console, one
    // process by nature. Unnamed replicas are new holders on every start and wait for their old leases to end.
    quiz: {
      ...(config.replica.id ? { holder: config.replica.id } : consoleMode ? { holder: `console@${hostname()}` } : {}),
      leaseTtlMs: config.replica.quizLeaseMs,
      leaseTickMs: config.replica.quizLeaseRenewMs,
    },
    ...(script ? { clock: script } : {}),
    metrics,
    log,
    observer: observeAll(metricsObserver(metrics), logObserver(log), inFlight),
    limits: config.limits,
    daily: { defaults: { time: config.daily.defaultTime, timezone: config.daily.defaultTimezone }, graceMinutes: config.daily.graceMinutes, hooks: hooksFromEnv(process.env) },
    review: { newPerDay: config.review.newCardsPerDay },
  });
  const { router, services, ports, quiz, daily, reminders } = core;
  if (config.httpPort !== undefined) {
    // Stays up through shutdown (stopped after the adapters), answering 503 so a balancer stops sending work.
    let ops;
    try {
      ops = await startOpsServer({ port: config.httpPort, metrics, health, log });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      process.stderr.write(`Cannot serve /healthz and /metrics on HTTP_PORT ${config.httpPort}: ${code === 'EADDRINUSE' ? 'the port is already in use' : String(err)}. Pick another port, or leave HTTP_PORT empty.\n`);
      await lifecycle.shutdown();
      return 1;
    }
    lifecycle.onShutdown('http server', () => ops.close());
  }

  // Slack and/or Discord, whichever is configured; each registers with `ports`, `lifecycle` and `health`.
  try {
    await startPlatforms({ config, router, services, log, ports, lifecycle, health, slackReceipts: storage.slackReceipts, slackInstallations: storage.slackInstallations, workspaces: storage.workspaces });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await lifecycle.shutdown();
    return 1;
  }

  // Quiz timers stop before the adapters they post through; every session, answer and deadline is already stored.
  lifecycle.onShutdown('quiz timers', () => quiz.shutdown());
  // Stopped before the adapters it posts through; unsent claims are handed back for the next start.
  lifecycle.onShutdown('daily scheduler', () => daily.stop());
  lifecycle.onShutdown('review reminders', () => reminders.stop());
  // Workspaces and servers that removed the app: their data goes once WORKSPACE_DATA_RETENTION_DAYS have passed.
  // Not in the console: it has no workspaces, and a script's clock would fast-forward through an endless timer.
  if (!consoleMode) {
    const purge = startWorkspacePurge({ workspaces: storage.workspaces, clock: core.clock, log });
    lifecycle.onShutdown('workspace purge', () => purge.stop());
  }

  // Registered last, so run first on shutdown: refuse new commands, let running ones reply.
  lifecycle.onShutdown('commands in flight', () => inFlight.drain());

  if (consoleMode) {
    const colour = interactive && Boolean(process.stdout.isTTY);
    const images = new ImageFiles(config.chartsDir);
    const port = new ConsolePort(process.stdout, { json, colour, images });
    ports.add(port);
    await quiz.resume();
    daily.start();
    reminders.start();
    await runConsole({ router, input: process.stdin, output: process.stdout, interactive, colour, json, port, images, ...(script ? { script } : {}) });
    await lifecycle.shutdown();
    return 0;
  }
  // SIGTERM/SIGINT end the process through exitOnSignals; open connections keep it alive until then.
  // After the adapters are up: resumed quizzes post and edit through their ports.
  await quiz.resume();
  // Renews this replica's quiz leases and takes over the quizzes of a replica that died.
  quiz.watch();
  daily.start();
  reminders.start();
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
