import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { parseSlackCommand, withSlackCommandNames } from '../src/slack/slack-commands.js';
import { FAKE_SLACK, startFakeSlack } from './fakes/fake-slack.js';
import { memoryReceipts, testBot } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });

/** The real Bolt against a fake Slack, configured the way `npm start` configures it from the environment. */
async function slackBot(env: Record<string, string> = {}) {
  const fake = await startFakeSlack();
  const config = loadConfig({ SLACK_BOT_TOKEN: FAKE_SLACK.botToken, SLACK_APP_TOKEN: FAKE_SLACK.appToken, SLACK_API_URL: fake.apiUrl, ...env }).slack!;
  const slack = new SlackAdapter({ config, router: testBot().router, log, retries: 0, receipts: memoryReceipts() });
  await slack.start();
  /** Runs a slash command and returns everything the person reads in the answer. */
  const say = async (command: string, text: string): Promise<string> => {
    const before = fake.said.length;
    await fake.slashCommand({ command, text });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    // Slack shows &lt; as <: compare with what the person reads.
    return JSON.stringify(said.blocks).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  };
  return { say, stop: async () => (await slack.stop(), await fake.stop()) };
}

describe('Slack command names with the default umbrella command', () => {
  let bot: Awaited<ReturnType<typeof slackBot>>;
  beforeAll(async () => (bot = await slackBot()));
  afterAll(() => bot.stop());

  it.each([
    ['/study', 'help', ['`/study ask <question>`', '`/study quiz ', '`/study help [command]`', 'Type /study help <command>'], ['`/ask <question>`', '`/help [command]`']],
    ['/study', '', ['What I can do', '`/study daily [action]`'], ['`/daily [action]`']],
    ['/study', 'help quiz', ['/study quiz ', 'Examples: /study quiz start'], ['Examples: /quiz start']],
    ['/study', 'ask what is SMOTE?', ['SMOTE', '"action_id":"share:'], []],
    ['/study', 'nosuchthing', ['There is no command /nosuchthing', 'Type /study help'], []],
    // A workspace still on the old manifest keeps working.
    ['/ask', 'what is SMOTE?', ['SMOTE'], []],
  ])('%s %s answers with Slack names', async (command, text, shown, hidden) => {
    const answer = await bot.say(command, text);
    for (const s of shown) expect(answer).toContain(s);
    for (const h of hidden) expect(answer).not.toContain(h);
  });
});

describe('Slack command names with SLACK_COMMAND set', () => {
  it('answers to the configured command and names it in help', async () => {
    const bot = await slackBot({ SLACK_COMMAND: 'reading' });
    try {
      const help = await bot.say('/reading', 'help');
      expect(help).toContain('`/reading ask <question>`');
      expect(help).not.toContain('/study');
      expect(await bot.say('/reading', 'ask what is SMOTE?')).toContain('SMOTE');
    } finally {
      await bot.stop();
    }
  });

  it('refuses a name Slack would not accept', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: FAKE_SLACK.botToken, SLACK_APP_TOKEN: FAKE_SLACK.appToken, SLACK_COMMAND: 'Study Bot' })).toThrow(
      'SLACK_COMMAND must be a Slack command name (lowercase letters, digits, - or _, at most 31), like study, got "Study Bot"',
    );
  });
});

describe('Slack command names in text', () => {
  const names = ['ask', 'quiz', 'help'];
  it.each([
    ['Start one with /quiz start.', 'Start one with /study quiz start.'],
    ['(/help ask) or `/ask SMOTE`', '(/study help ask) or `/study ask SMOTE`'],
    ['input/output and /asking and /quizzes stay', 'input/output and /asking and /quizzes stay'],
    ['/nosuch is not ours', '/nosuch is not ours'],
  ])('%j reads %j on Slack', (text, expected) => {
    const out = withSlackCommandNames(reply([{ type: 'text', text }, { type: 'list', items: [text] }]), 'study', names);
    expect(out.blocks).toEqual([{ type: 'text', text: expected }, { type: 'list', items: [expected] }]);
  });

  it('leaves quotes from the notes as written', () => {
    const quote = { type: 'quote' as const, text: 'Call /ask on the service.', source: '§ APIs' };
    expect(withSlackCommandNames(reply([quote]), 'study', names).blocks).toEqual([quote]);
  });

  it.each([
    ['/study', 'ask what is SMOTE?', { name: 'ask', args: 'what is SMOTE?' }],
    ['/study', '  /quiz   start ch4', { name: 'quiz', args: 'start ch4' }],
    ['/study', '', { name: 'help', args: '' }],
    ['/ask', 'what is SMOTE?', { name: 'ask', args: 'what is SMOTE?' }],
  ])('reads %s %j as a bot command', (command, text, expected) => {
    expect(parseSlackCommand(command, text, 'study')).toEqual(expected);
  });
});
