import { stemmer } from 'stemmer';

// Words that carry no topic in a chat question, chat slang and abbreviations included ("tbh", "rn": ordinary
// English corpora lack them, so they would otherwise read as terms from another field). Domain words ("data",
// "model") stay: BM25's IDF weighs them.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can cannot could couldn't did didn't do does doesn't doing don't down during each either
  else ever few for from further get gets getting got had has have having he her here hers him his how i if in into
  is isn't it it's its itself just let's like me more most much must my myself nor of off on once only or
  other ought our ours out over own same she should so some such than that that's the their theirs them then there
  these they this those through to too under until up upon us very vs versus via was we were what what's whats hows whys wheres when where
  whether which while who whom whose why will with would you your yours yourself
  tell mean means meaning meant define definition describe please pls plz thanks thank
  hey hi hello bot anyone someone something thing things stuff kind sort way ways really actually basically
  exactly still even ok okay yeah yes wut wat huh lol idk tldr eli5 q quick quickly difference differences
  use used using uses know need want wanted say said
  tbh ngl imo imho u ur btw omg wtf smh ya gonna wanna gotta lemme kinda sorta dunno lmao rofl nah yep yup guys dude
  literally rn iirc afaik fyi thx ty tho cuz bc asap anyways yall y'all ppl's`.split(/\s+/),
);

/** Lower-case, strip accents, keep letters and digits. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .trim();
}

/** Surface words of a text, stopwords removed, apostrophes dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of normalize(text).split(' ')) {
    if (!w || STOPWORDS.has(w)) continue;
    const bare = w.replace(/'s$/, '').replace(/'/g, '');
    if (bare && !STOPWORDS.has(bare)) out.push(bare);
  }
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem, British/American spellings folded (labelling → label). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word.replace(/lling$/, 'ling').replace(/lled$/, 'led').replace(/isation$/, 'ization').replace(/ise$/, 'ize'));
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps), capped for speed. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}
