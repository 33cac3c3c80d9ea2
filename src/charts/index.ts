/**
 * Chart images for `/stats`, `/stats team`, `/leaderboard` and `/review status`: plain data in, PNG out.
 * Each renderer returns a {@link ChartImage} (PNG bytes, its size in px, alt text), or `undefined` when there is
 * nothing to picture; the text reply stays the primary answer either way.
 */
export { renderMasteryChart, masteryHeight, MASTERY_WIDTH, MASTERY_MAX_ROWS, type ChapterMastery, type MasteryChartOptions } from './mastery.js';
export { renderLeaderboardChart, leaderboardHeight, LEADERBOARD_WIDTH, LEADERBOARD_MAX_ROWS, type LeaderboardEntry, type LeaderboardChartOptions } from './leaderboard.js';
export { renderForecastChart, FORECAST_WIDTH, FORECAST_HEIGHT, type ReviewForecast, type ForecastChartOptions } from './forecast.js';
export { CHART_SCALE, type ChartImage } from './render.js';
