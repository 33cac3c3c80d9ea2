import { UserError } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import type { PersonRows } from '../src/privacy/person-data.js';
import type { BotButton, BotCommand } from '../src/services.js';

/** The rows kept about a person, in words, one line per kind that has any. */
function describeRows(r: PersonRows): string[] {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const lines = [
    r.quizAnswers && `${n(r.quizAnswers, 'quiz answer')} (with your display name), and your results in ${n(r.quizResults, 'quiz', 'quizzes')}, which the leaderboards add up`,
    r.quizzesStarted && `${n(r.quizzesStarted, 'quiz', 'quizzes')} you started (your id and name as the starter)`,
    r.dailyCheckAnswers && `${n(r.dailyCheckAnswers, 'answer')} to daily quick checks`,
    r.scheduleChanges && `${n(r.scheduleChanges, 'channel daily schedule')} you last changed (your id as the one who changed it)`,
    r.settingsChanges && `${n(r.settingsChanges, 'workspace setting')} you last changed with /settings (your id as the one who changed them)`,
    r.reviewCards && `${n(r.reviewCards, 'review card')} (when each is next due, FSRS stability and difficulty)`,
    r.reviews && `${n(r.reviews, 'graded answer')} in your review log (right or wrong, when, how long you took)`,
    r.reminders && `your review reminder setting (time and timezone)${r.reminderDays ? `, and ${n(r.reminderDays, 'day')} it was handled` : ''}`,
  ];
  return lines.filter((l): l is string => typeof l === 'string');
}

const KINDS = 'your quiz answers and results, daily quick-check answers, review cards and review log, and reminder settings';

export const privacy: BotCommand = {
  name: 'privacy',
  description: 'What the bot stores about you (only you see it); /privacy delete erases it',
  options: [{ name: 'action', description: 'show (default) | delete', type: 'string' }],
  examples: ['/privacy', '/privacy delete'],
  async run({ args, speaker, services }): Promise<Reply> {
    const action = (args || 'show').toLowerCase();
    const rows = await services.people.describe(speaker.id);
    const lines = describeRows(rows);
    if (action === 'show') {
      return reply(
        [
          { type: 'heading', text: 'What I store about you' },
          lines.length ? { type: 'list', items: lines } : { type: 'text', text: 'Nothing: no answers, reviews or reminders under your id.' },
          { type: 'note', text: `Kept under your ${speaker.id.split(':')[0]} user id, in this bot's database only. Messages the bot posted stay on the platform as posted. Erase it all with /privacy delete.` },
        ],
        { kind: 'info', data: { person: speaker.id, rows } },
      );
    }
    if (action !== 'delete') throw new UserError(`/privacy has no “${safeEcho(args, 30)}”.`, 'Try /privacy or /privacy delete.');
    return reply(
      [
        { type: 'text', text: `Erase ${KINDS}? Leaderboards are recounted without you. This cannot be undone.` },
        ...(lines.length ? [{ type: 'list' as const, items: lines }] : []),
        {
          type: 'buttons',
          buttons: [
            { id: 'privacy:erase', label: 'Delete my data', style: 'danger' },
            { id: 'privacy:keep', label: 'Keep it', style: 'secondary' },
          ],
        },
      ],
      { kind: 'info', data: { confirm: true, rows } },
    );
  },
};

/**
 * `privacy:erase` erases the clicker's own data (the button carries no id: whoever clicks erases only themselves);
 * `privacy:keep` changes nothing.
 */
export const privacyButton: BotButton = {
  prefix: 'privacy',
  async run({ args, speaker, services }) {
    if (args[0] !== 'erase') return reply([{ type: 'text', text: 'Nothing was deleted.' }], { kind: 'info', data: { erased: false } });
    const erased = await services.people.erase(speaker.id);
    const total = Object.values(erased).reduce((a, b) => a + b, 0);
    return reply(
      [
        { type: 'text', text: total ? `Done: ${KINDS} are erased (${total} record${total === 1 ? '' : 's'}). Leaderboards now count without you.` : 'There was nothing stored under your id.' },
        { type: 'note', text: 'Using the bot again (a quiz, /review) starts storing answers again.' },
      ],
      { kind: 'info', data: { erased } },
    );
  },
};
