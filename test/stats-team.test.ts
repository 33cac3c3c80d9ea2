import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { plainText } from '../src/core/reply.js';
import { playQuiz } from './support/played-quizzes.js';
import { FIXTURE_CONTENT, testBot } from './support/test-bot.js';

const lib = loadLibrary(FIXTURE_CONTENT);
const alice = { id: 'console:alice', name: 'alice' };
const bob = { id: 'console:bob', name: 'bob' };

describe('/stats team and the charts of /stats', () => {
  it('says plainly when nobody in the channel has answered yet, with no chart', async () => {
    const b = testBot();
    const r = await b.say('alice', '/stats team');
    expect(plainText(r)).toContain('Nobody has answered a quiz question in this channel yet.');
    expect(r.blocks.some((x) => x.type === 'image')).toBe(false);
  });

  it('answers an unknown /stats word with what it accepts', async () => {
    const r = await testBot().say('alice', '/stats everyone');
    expect(r.kind).toBe('error');
    expect(plainText(r)).toContain('"everyone" is not something /stats shows.');
    expect(plainText(r)).toContain('/stats team');
  });

  it('says ranking starts at five answers when too few were given, and still draws the chapters it has', async () => {
    const b = testBot();
    await playQuiz(b.storage.quizzes, { channel: 'console:main', at: Date.parse('2026-03-02T10:00:00Z'), questions: [{ question: lib.questions[0]!, answers: [{ player: alice, right: true }, { player: bob, right: false }] }] });
    const r = await b.say('alice', '/stats team');
    expect(r.visibility).toBe('channel');
    expect(plainText(r)).toContain('Team mastery: 50 % right (2 answers from 2 members)');
    expect(plainText(r)).toContain('ranked once they have 5 answers');
    const image = r.blocks.find((x) => x.type === 'image');
    expect(image).toMatchObject({ type: 'image', fileName: 'team-mastery.png', width: 1280 });
  });

  it('counts a chart that fails to draw and still sends the whole text', async () => {
    const b = testBot();
    // A chapter number the mastery chart refuses (it draws chapters 1 and up): the renderer throws.
    const broken = { ...lib.questions[0]!, id: 'q-broken', chapter: 0 };
    await playQuiz(b.storage.quizzes, { channel: 'console:main', at: Date.parse('2026-03-02T10:00:00Z'), questions: [{ question: broken, answers: [{ player: alice, right: true }] }] });
    const r = await b.say('alice', '/stats');
    expect(plainText(r)).toContain('Your quiz accuracy: 100 % (1/1)');
    expect(r.blocks.some((x) => x.type === 'image')).toBe(false);
    expect((await b.core.metrics.render()).body).toMatch(/studybot_errors_total\{where="chart"\} 1/);
    expect(b.errors).toEqual([]);
  });
});
