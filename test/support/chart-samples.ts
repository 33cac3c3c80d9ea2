// Sample inputs for the chart renderers: shared by the golden-image tests, bench/charts.ts and the look script.
import type { ChapterMastery, LeaderboardEntry, ReviewForecast } from '../../src/charts/index.js';

const BOOK = [
  'Overview of Machine Learning Systems',
  'Introduction to Machine Learning Systems Design',
  'Data Engineering Fundamentals',
  'Training Data',
  'Feature Engineering',
  'Model Development and Offline Evaluation',
  'Model Deployment and Prediction Service',
  'Data Distribution Shifts and Monitoring',
  'Continual Learning and Test in Production',
  'Infrastructure and Tooling for MLOps',
  'The Human Side of Machine Learning',
];

/** A channel that has played every chapter but one, a full 100% row and a 240-answer row among them. */
export const TEAM_MASTERY: ChapterMastery[] = BOOK.map((title, i) => ({
  chapter: i + 1,
  title,
  share: [0.92, 0.81, 0.64, 0.45, 1, 0.3, 0.72, 0, 0.55, 0.88, 0.5][i]!,
  answers: [24, 16, 11, 20, 240, 10, 7, 0, 9, 17, 2][i]!,
}));

/** One person after a few quizzes: three chapters answered, two met but not answered yet. */
export const PERSON_MASTERY: ChapterMastery[] = [
  { chapter: 1, title: 'Overview', share: 0.75, answers: 8 },
  { chapter: 2, title: 'Systems Design', share: 1, answers: 3 },
  { chapter: 3, title: 'Data Engineering', share: 1 / 3, answers: 6 },
  { chapter: 4, title: 'Training Data', share: 0, answers: 0 },
  { chapter: 5, title: 'Feature Engineering', share: 0, answers: 0 },
];

/** Display names as people set them: emoji (compound ones too), Hebrew, Arabic, a 500-character name, a lone surrogate, blanks, CJK. */
export const HOSTILE_LEADERBOARD: LeaderboardEntry[] = [
  { name: 'Ana 🦊', points: 1280 },
  { name: 'שלום עולם', points: 950 },
  { name: 'محمد علي', points: 940 },
  { name: 'Bartholomew Featherstonehaugh-Cholmondeley the Third', points: 610 },
  { name: '👨‍👩‍👧‍👦 family 👍🏽 🇩🇪', points: 500 },
  { name: 'x'.repeat(500), points: 320 },
  { name: 'bad \ud83d surrogate', points: 120 },
  { name: ' \u0000\u200f\u202e ', points: 40 },
  { name: 'Zoë Ångström <b>&amp;', points: 5 },
  { name: '李小龙', points: 0 },
  { name: 'eleventh, not drawn', points: 0 },
];

/** Two weeks from a Tuesday across a month end, with empty days, today highlighted. */
export const FORECAST: ReviewForecast = {
  firstDay: '2025-03-25',
  duePerDay: [7, 3, 0, 12, 5, 2, 0, 0, 9, 1, 4, 0, 18, 2],
  retention: 0.873,
};

/** Nothing due for two weeks but a known retention: the chart says so. */
export const FORECAST_NOTHING_DUE: ReviewForecast = { firstDay: '2025-11-30', duePerDay: Array<number>(14).fill(0), retention: 0.95 };
