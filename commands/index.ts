// The bot's commands, listed explicitly: a command that fails to compile fails the build instead of vanishing.
import type { BotButton, BotCommand } from '../src/services.js';
import { ask } from './ask.js';
import { chapter } from './chapter.js';
import { concept } from './concept.js';
import { daily, dailyAnswer } from './daily.js';
import { help } from './help.js';
import { homeButton } from './home.js';
import { leaderboard } from './leaderboard.js';
import { quiz, quizButton } from './quiz.js';
import { privacy, privacyButton } from './privacy.js';
import { random } from './random.js';
import { review, reviewButton } from './review.js';
import { settings } from './settings.js';
import { share } from './share.js';
import { stats } from './stats.js';

export const commands: readonly BotCommand[] = [ask, concept, chapter, random, daily, quiz, review, leaderboard, stats, settings, privacy, help];

/** Button handlers by id prefix (see ButtonHandler). */
export const buttons: readonly BotButton[] = [share, dailyAnswer, quizButton, reviewButton, privacyButton, homeButton];
