// The image's HEALTHCHECK: `node dist/src/ops/healthcheck.js` exits 0 when /healthz answers 200, else 1.
// node:*-slim images carry no curl or wget, and Node's own fetch keeps the image small.

const port = process.env.HTTP_PORT?.trim();
if (!port) {
  process.stderr.write('HTTP_PORT is not set, so there is no /healthz to ask.\n');
  process.exit(1);
}

try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  const body = await res.text();
  process.stdout.write(`${res.status} ${body}`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  process.stderr.write(`No answer from /healthz on port ${port}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
