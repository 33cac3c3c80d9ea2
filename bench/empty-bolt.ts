// The ceiling for bench/replicas.ts: Bolt 5 in HTTP mode whose only handler acknowledges a slash command and does
// nothing else. `tsx bench/empty-bolt.ts <slack api url> <signing secret> <bot token>` prints its port and serves
// until killed.
import { App, HTTPReceiver } from '@slack/bolt';
import type { AddressInfo } from 'node:net';

const [apiUrl = '', signingSecret = '', token = ''] = process.argv.slice(2);
const receiver = new HTTPReceiver({ signingSecret });
const app = new App({ token, receiver, clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } } });
app.command(/.*/, async ({ ack }) => {
  await ack();
});
const server = await receiver.start(0);
process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
