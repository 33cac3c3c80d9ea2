/** One click on a quiz question: `at` ms after it opened, by player number `player`, on option `option` (0-based). */
export interface Click {
  at: number;
  player: number;
  option: number;
}

/**
 * The clicks of `players` people on one question open for `windowMs`, shared by the quiz benches: most answer in
 * the first seconds, a tail until the deadline (arrival = window × u², u uniform); 10 % click a second time
 * 0.2–2.2 s later. Seeded, so every run and every bench sees the same clicks; sorted by time.
 */
export function quizArrivals(players: number, windowMs: number): Click[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const clicks: Click[] = [];
  for (let p = 0; p < players; p++) {
    const at = Math.floor(windowMs * 0.98 * rnd() ** 2);
    clicks.push({ at, player: p, option: Math.floor(rnd() * 4) });
    if (rnd() < 0.1) clicks.push({ at: Math.min(windowMs - 50, at + 200 + Math.floor(rnd() * 2000)), player: p, option: Math.floor(rnd() * 4) });
  }
  return clicks.sort((a, b) => a.at - b.at);
}
