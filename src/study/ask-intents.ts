/*
 * Questions about the bot or the book itself, which /ask should answer with a pointer instead of a search:
 * "whats in chapter 7" → /chapter 7, "what can you do" → /help. Recognised only when nothing but such words is
 * asked, so "chapter 4 reservoir sampling" is still searched.
 */

/** What a question about the book or the bot asks for. */
export type AskIntent = { kind: 'chapter'; chapter: number } | { kind: 'help' };

const CHAPTER = /\b(?:ch|chap|chapter)\.?\s*#?\s*(\d{1,3})\b/i;
/** Words that may surround a chapter number in a question about what the chapter holds. */
const ABOUT_CHAPTER = new Set(
  `what whats what's is are in inside on of the a about does do cover covers covered tell me summary summarize summarise
  overview topics topic concepts list show give contents content say says talk talks go goes over book please pls plz
  can you`.split(/\s+/),
);
const HELP = [
  /^(?:hey |hi |hello )?(?:what|which) (?:can|do|could) (?:you|u|this bot|the bot) (?:do|help with|answer)\b/,
  /^(?:help|commands|usage|how do(?:es)? (?:this|it|the bot) work|how (?:do|can|should) i use (?:you|u|this bot|this|the bot|it)|what are (?:your|the) commands|who are you|what are you)$/,
];

/** The intent of a question about the book or the bot, or undefined for a question to search. */
export function askIntent(question: string): AskIntent | undefined {
  const text = question.toLowerCase().replace(/[^a-z0-9#.' ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const ch = CHAPTER.exec(text);
  if (ch) {
    const rest = text.replace(CHAPTER, ' ').replace(/[.#']/g, ' ').split(' ').filter(Boolean);
    if (rest.every((w) => ABOUT_CHAPTER.has(w))) return { kind: 'chapter', chapter: Number(ch[1]) };
  }
  const bare = text.replace(/[.']/g, '').replace(/\s+/g, ' ').replace(/ (?:pls|please)$/, '').trim();
  if (HELP.some((re) => re.test(bare))) return { kind: 'help' };
  return undefined;
}
