import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface SlackHttpServerOptions {
  /** Bolt's `HTTPReceiver.requestListener`: checks the signature and dispatches to the app. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  port: number;
  /** Told why a request was refused; callers throttle it. */
  refused: (reason: string) => void;
  /** Clock in epoch ms; injected for tests. */
  now?: () => number;
  /** Time allowed for a request's headers, in ms (Node's default: 60 s). */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request, headers and body, in ms (Node's default: 300 s). */
  requestTimeoutMs?: number;
}

/**
 * Slack's signing rule: a request whose `X-Slack-Request-Timestamp` is more than five minutes from now is refused
 * (https://api.slack.com/authentication/verifying-requests-from-slack). Bolt 5.1 checks only the past, so a
 * request dated in the future could be replayed for as long as its date lies ahead; this checks both ways.
 */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/**
 * Listens for Slack's HTTP requests in front of Bolt's receiver: refuses (401) any request whose timestamp is
 * missing or outside ±5 minutes, then hands the rest to Bolt, which checks the signature. Header and body time are
 * bounded (defaults 10 s and 15 s: Slack sends a small body at once and wants an answer within 3 s), so a
 * connection trickling bytes is cut off instead of held for Node's 300 s. Resolves with the listening server;
 * rejects if the port cannot be bound.
 */
export function startSlackHttpServer(o: SlackHttpServerOptions): Promise<Server> {
  const now = o.now ?? Date.now;
  const headersTimeout = o.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(o.requestTimeoutMs ?? 15_000, headersTimeout);
  const server = createServer(
    // Node checks these deadlines every connectionsCheckingInterval (default 30 s): check often enough to keep them.
    { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 2))) },
    (req, res) => {
      if (req.method === 'POST') {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        const skew = Number.isFinite(ts) ? Math.abs(now() - ts * 1000) : Infinity;
        if (skew > SIGNATURE_WINDOW_MS) {
          o.refused(Number.isFinite(ts) ? 'its X-Slack-Request-Timestamp is more than 5 minutes from now' : 'it has no X-Slack-Request-Timestamp');
          res.writeHead(401, { connection: 'close' }).end();
          return;
        }
      }
      try {
        o.listener(req, res);
      } catch {
        // Bolt throws for paths it does not serve.
        if (!res.headersSent) res.writeHead(404).end();
      }
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
