import type { Config } from './config.js';
import type { ChatPorts } from './core/chat-port.js';
import type { CommandRouter } from './core/command-router.js';
import type { Services } from './services.js';
import type { Lifecycle } from './core/lifecycle.js';
import type { Logger } from './core/logger.js';
import type { DiscordAdapter } from './discord/discord-adapter.js';
import type { HealthSource } from './ops/health.js';
import type { SlackAdapter } from './slack/slack-adapter.js';
import type { SlackReceipts } from './slack/slack-receipts.js';
import type { SlackInstallations } from './slack/slack-installations.js';
import type { WorkspaceStore } from './workspaces/workspace-store.js';

export interface PlatformDeps {
  config: Pick<Config, 'slack' | 'discord'> & Partial<Pick<Config, 'retentionDays'>>;
  router: CommandRouter;
  services: Services;
  log: Logger;
  ports: ChatPorts;
  lifecycle: Lifecycle;
  health?: { add(source: HealthSource): void };
  /** Slack deliveries already acted on (database-backed), so retries and replays act once. */
  slackReceipts: SlackReceipts;
  /** Slack OAuth installations (needed when config.slack.oauth is set). */
  slackInstallations?: SlackInstallations;
  /** Leaving (Slack uninstall, Discord guildDelete) and per-workspace settings. */
  workspaces?: WorkspaceStore;
  /** Test knobs: Web API retries (production keeps a bounded default), an HTTP-mode port, the Discord defer wait. */
  tuning?: { slackRetries?: number; slackPort?: number; discordDeferAfterMs?: number };
}

export interface Platforms {
  slack?: SlackAdapter;
  discord?: DiscordAdapter;
}

/**
 * Starts Slack and/or Discord, whichever is configured, in this one process. Each is registered for posting
 * (`ports`), stopping (`lifecycle`, before it is started, so a failed start is still cleaned up) and `/healthz`.
 * Throws with a readable message when a platform refuses to start.
 */
export async function startPlatforms(d: PlatformDeps): Promise<Platforms> {
  const { config, router, services, log, ports, lifecycle, health, slackReceipts, tuning = {} } = d;
  const started: Platforms = {};
  const leaving = {
    ...(d.workspaces ? { workspaces: d.workspaces } : {}),
    retentionMs: (config.retentionDays ?? 30) * 86_400_000,
    now: () => services.clock.now(),
  };
  // Loaded only when configured: Bolt and discord.js take most of a second to import, which the console
  // (and its start-to-first-answer target) should not pay for.
  if (config.slack) {
    const { SlackAdapter } = await import('./slack/slack-adapter.js');
    const slack = new SlackAdapter({
      config: config.slack,
      router,
      log,
      receipts: slackReceipts,
      ...leaving,
      ...(d.slackInstallations ? { installations: d.slackInstallations } : {}),
      ...(services.metrics ? { metrics: services.metrics } : {}),
      ...(tuning.slackRetries !== undefined ? { retries: tuning.slackRetries } : {}),
      ...(tuning.slackPort !== undefined ? { port: tuning.slackPort } : {}),
    });
    lifecycle.onShutdown('slack', () => slack.stop());
    await slack.start();
    ports.add(slack);
    health?.add(slack.health());
    started.slack = slack;
  }
  if (config.discord) {
    const { DiscordAdapter } = await import('./discord/discord-adapter.js');
    const discord = new DiscordAdapter({
      config: config.discord,
      router,
      services,
      log,
      ...leaving,
      ...(tuning.discordDeferAfterMs !== undefined ? { deferAfterMs: tuning.discordDeferAfterMs } : {}),
    });
    lifecycle.onShutdown('discord', () => discord.stop());
    await discord.start();
    ports.add(discord);
    health?.add(discord.health());
    for (const shard of discord.shardHealth()) health?.add(shard);
    started.discord = discord;
  }
  return started;
}
