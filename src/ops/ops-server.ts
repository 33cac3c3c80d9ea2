import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import type { HealthChecks } from './health.js';
import type { Metrics } from './metrics.js';

export interface OpsServerOptions {
  port: number;
  /** Default: every interface, so a container's health check and a Prometheus scraper can reach it. */
  host?: string;
  metrics: Metrics;
  health: HealthChecks;
  /** Anything that is not /healthz or /metrics, e.g. Slack's HTTP-mode events on the same port. */
  fallback?: RequestListener;
  log?: Logger;
}

export interface OpsServer {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serves `/healthz` (200 or 503 with a JSON report) and `/metrics` (Prometheus text) over node:http. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const known = path === '/healthz' || path === '/metrics';
    if (!known) {
      if (options.fallback) return options.fallback(req, res);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found. Try /healthz or /metrics.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Use GET.\n');
      return;
    }
    const work =
      path === '/healthz'
        ? options.health.check().then((report) => {
            res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(report)}\n`);
          })
        : options.metrics.render().then(({ contentType, body }) => {
            res.writeHead(200, { 'content-type': contentType });
            res.end(req.method === 'HEAD' ? undefined : body);
          });
    work.catch((err: unknown) => {
      options.log?.error({ err, path }, 'ops endpoint failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error; see the bot log.\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      // Once listening, a server error (EMFILE while accepting, say) is logged: with no listener it would crash the bot.
      server.on('error', (err) => options.log?.error({ err }, 'health server error'));
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.log?.info({ port }, 'serving /healthz and /metrics');
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive connections from a scraper would otherwise hold close() open until they time out.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
