import type { BotButton, BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { errorReply, reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { describeRunning } from '../src/quiz/quiz-engine.js';
import { letter } from '../src/quiz/quiz-messages.js';
import { START_EXAMPLES } from '../src/quiz/quiz-request.js';
import { RIGHT_POINTS, MAX_SPEED_BONUS, MAX_STREAK_BONUS, STREAK_STEP } from '../src/quiz/scoring.js';

const usage = `Usage: /quiz start [chapters|topic] [questions 1–20] [seconds 10–120], /quiz stop, /quiz status. For example: ${START_EXAMPLES.slice(1, 3).join(' or ')}`;

export const quiz: BotCommand = {
  name: 'quiz',
  description: 'Play a team quiz in this channel: /quiz start [chapters|topic] [questions] [seconds], /quiz stop, /quiz status',
  options: [
    { name: 'action', description: 'start, stop or status', type: 'string', required: true },
    { name: 'topic', description: 'Chapters (ch4, ch4-6), a topic, or weak (the channel’s weak spots); all chapters when left out', type: 'string' },
    { name: 'questions', description: 'How many questions, 1–20 (default 5)', type: 'integer', suffix: 'q' },
    { name: 'seconds', description: 'Seconds per question, 10–120 (default 20)', type: 'integer', suffix: 's' },
  ],
  examples: START_EXAMPLES,
  // A start announces the quiz and posts its questions for everyone.
  postsInChannel: (args) => /^start\b/i.test(args.trim()),
  async run({ args, speaker, channel, services }) {
    const engine = services.quiz;
    const [action = '', ...rest] = args.split(' ');
    switch (action.toLowerCase()) {
      case 'start': {
        const { quiz: started, firstAt, requested } = await engine.start(channel, { id: speaker.id, name: speaker.name }, rest.join(' '));
        const s = started.state;
        const lead = Math.max(0, Math.round((firstAt - services.clock.now()) / 1000));
        const n = s.questions.length;
        const questions = `${n} question${n === 1 ? '' : 's'}`;
        // A topic can have fewer questions than asked for: say so, rather than quietly playing a shorter quiz.
        const short = n < requested ? ` You asked for ${requested}, but there ${n === 1 ? 'is' : 'are'} only ${questions} ${/^topic/.test(started.selection) ? 'on that topic' : `in ${started.selection}`}.` : '';
        return reply(
          [
            { type: 'heading', text: `Quiz: ${questions} on ${started.selection}` },
            { type: 'text', text: `${safeEcho(speaker.name, 60)} started a quiz.${short} ${s.seconds} s per question; your first answer counts. First question in ${lead} s.` },
            { type: 'note', text: `Scoring: ${RIGHT_POINTS} for a right answer, up to ${MAX_SPEED_BONUS} more for speed, ${STREAK_STEP} per answer in your current streak (up to ${MAX_STREAK_BONUS}).` },
          ],
          { visibility: 'channel', kind: 'info', data: { quiz: s.sessionId, questions: n, requested, seconds: s.seconds, selection: started.selection } },
        );
      }
      case 'stop': {
        const ended = await engine.stop(channel, speaker);
        return ended
          ? reply([{ type: 'note', text: 'Quiz stopped.' }], { kind: 'info' })
          : reply([{ type: 'note', text: 'The quiz had already ended.' }], { kind: 'info' });
      }
      case 'status': {
        const running = await engine.running(channel);
        if (!running) return reply([{ type: 'text', text: 'No quiz is running here.' }, { type: 'note', text: 'Start one with /quiz start.' }], { kind: 'info', data: { running: false } });
        return reply([{ type: 'text', text: describeRunning(running, services.clock.now()).replace('is already running', 'is running') }], {
          kind: 'info',
          data: { running: true, quiz: running.state.sessionId },
        });
      }
      case '':
        throw new UserError('Start, stop or check a quiz.', usage);
      default:
        throw new UserError(`I don't know /quiz ${safeEcho(action, 30)}.`, usage);
    }
  },
};

/** Answer buttons `quiz:<session>:<question>:<option>`; the reply is the private acknowledgement. */
export const quizButton: BotButton = {
  prefix: 'quiz',
  async run({ args, speaker, channel, services }) {
    const [session, no, option] = args.map(Number);
    if (args.length !== 3 || ![session, no, option].every((n) => Number.isSafeInteger(n) && n! >= 0)) {
      return errorReply('That button no longer does anything.');
    }
    const ev = await services.quiz.answer({ id: speaker.id, name: speaker.name }, channel, session!, no!, option!);
    switch (ev.type) {
      case 'answer-accepted':
        return reply([{ type: 'text', text: `Got it: ${letter(ev.option)}` }], { kind: 'info', data: { accepted: true, question: ev.question, option: ev.option } });
      case 'answer-repeated':
        return reply([{ type: 'text', text: `You already answered ${letter(ev.first)}; your first answer counts.` }], {
          kind: 'info',
          data: { accepted: false, repeated: true, question: ev.question, option: ev.first },
        });
      case 'answer-refused': {
        const text =
          ev.reason === 'quiz-over'
            ? 'That quiz has ended.'
            : ev.reason === 'bad-option'
              ? 'That is not one of the options.'
              : `Question ${ev.question} is closed${ev.answer !== undefined ? `; the answer was ${letter(ev.answer)}` : ''}.`;
        return reply([{ type: 'text', text }], { kind: 'info', data: { accepted: false, reason: ev.reason, question: ev.question } });
      }
    }
  },
};
