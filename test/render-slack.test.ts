import { describe, expect, it } from 'vitest';
import { reply, type Block, type Reply } from '../src/core/reply.js';
import { renderBlockKit, SLACK_LIMITS, type SlackBlock } from '../src/slack/render-block-kit.js';

const long = (n: number, ch = 'x') => ch.repeat(n);
const texts = (b: SlackBlock): string[] =>
  b.type === 'actions' ? b.elements.map((e) => e.text.text) : b.type === 'context' ? b.elements.map((e) => e.text) : [b.text.text];

/** Every limit Slack enforces, checked on any rendered message. */
function expectWithinLimits(m: ReturnType<typeof renderBlockKit>) {
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  let total = 0;
  const actionIds = new Set<string>();
  for (const b of m.blocks) {
    for (const t of texts(b)) total += t.length;
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (b.type === 'context') for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    if (b.type === 'actions') {
      expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonsPerActions);
      for (const e of b.elements) {
        expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(e.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
        expect(e.action_id.length).toBeLessThanOrEqual(SLACK_LIMITS.actionId);
        expect(actionIds.has(e.action_id)).toBe(false);
        actionIds.add(e.action_id);
      }
    }
  }
  expect(total).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
}

const cases: { name: string; reply: Reply }[] = [
  { name: 'a heading longer than 150 characters', reply: reply([{ type: 'heading', text: long(400) }]) },
  { name: 'a text block longer than 3000 characters', reply: reply([{ type: 'text', text: long(5000) }]) },
  { name: 'a quote longer than 3000 characters with a source', reply: reply([{ type: 'quote', text: long(3500), source: 'Ch. 1' }]) },
  { name: 'a list whose items add up past 3000 characters', reply: reply([{ type: 'list', items: Array.from({ length: 100 }, () => long(50)) }]) },
  { name: 'a note longer than the context limit', reply: reply([{ type: 'note', text: long(2500) }]) },
  { name: 'eighty blocks', reply: reply(Array.from({ length: 80 }, (_, i): Block => ({ type: 'text', text: `block ${i}` }))) },
  { name: 'text adding up past 13k characters', reply: reply(Array.from({ length: 10 }, (): Block => ({ type: 'text', text: long(2900) }))) },
  { name: 'text made of characters that grow when escaped', reply: reply([{ type: 'text', text: long(2000, '&') }]) },
  {
    name: 'thirty buttons with long labels, a long id and a duplicate id',
    reply: reply([
      { type: 'buttons', buttons: Array.from({ length: 30 }, (_, i) => ({ id: `quiz:${i}`, label: long(100) })) },
      { type: 'buttons', buttons: [{ id: `x:${long(300)}`, label: 'too long' }, { id: 'quiz:1', label: 'again' }] },
    ]),
  },
  { name: 'a reply with no blocks', reply: reply([]) },
];

describe('Slack Block Kit renderer', () => {
  it.each(cases)('keeps $name within every Slack limit', ({ reply: r }) => {
    expectWithinLimits(renderBlockKit(r));
  });

  it('ends shortened text with an ellipsis and never leaves half an escape', () => {
    const m = renderBlockKit(reply([{ type: 'text', text: long(2000, '&') }]));
    const text = (m.blocks[0] as { text: { text: string } }).text.text;
    expect(text.endsWith('&amp;…')).toBe(true);
  });

  it('says when blocks were left out and still keeps the buttons', () => {
    const many = Array.from({ length: 80 }, (_, i): Block => ({ type: 'text', text: `block ${i}` }));
    const m = renderBlockKit(reply([...many, { type: 'buttons', buttons: [{ id: 'share:x.1', label: 'Share in channel' }] }]));
    expect(m.blocks).toHaveLength(50);
    expect(m.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'share:x.1' }] });
    expect(JSON.stringify(m.blocks.at(-2))).toContain('shortened');
  });

  it('escapes user text so it cannot become a mention or a link', () => {
    const m = renderBlockKit(reply([{ type: 'text', text: 'hi <!channel> & <@U123> <http://evil|x>' }]));
    const text = (m.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toBe('hi &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://evil|x&gt;');
    expect(m.text).not.toMatch(/<[!@]/);
  });

  it('turns neutral bold into Slack bold, quotes with a source, lists and notes', () => {
    const m = renderBlockKit(
      reply([
        { type: 'heading', text: 'SMOTE' },
        { type: 'text', text: 'Use **oversampling** with `care`' },
        { type: 'quote', text: 'line one\nline two', source: 'Ch. 4' },
        { type: 'list', items: ['a', 'b'] },
        { type: 'note', text: 'small' },
      ]),
    );
    expect(m.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'SMOTE', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Use *oversampling* with `care`' } },
      { type: 'section', text: { type: 'mrkdwn', text: '>line one\n>line two\n_Ch. 4_' } },
      { type: 'section', text: { type: 'mrkdwn', text: '• a\n• b' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'small' }] },
    ]);
    expect(m.text).toContain('oversampling');
  });
});
