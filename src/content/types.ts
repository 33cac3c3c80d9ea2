/** One idea from the notes that stands alone in a chat message. */
export interface Takeaway {
  /** `concept-id#n`, n counting from 1 in the concept's order. */
  id: string;
  conceptId: string;
  index: number;
  chapter: number;
  text: string;
  /** The book's section the takeaway comes from. */
  section: string;
}

export interface Concept {
  id: string;
  title: string;
  chapter: number;
  aliases: string[];
  /**
   * How readers ask for this concept without necessarily naming it: questions, situations, symptoms (`asked:` in
   * the notes). Searched like the takeaways, never shown.
   */
  asked: string[];
  section: string;
  related: string[];
  takeaways: Takeaway[];
  /** Where the concept is written, for error messages: `file:line`. */
  source: string;
}

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Question {
  /** Derived from chapter and text: `q4-1a2b3c4d`. */
  id: string;
  chapter: number;
  text: string;
  options: string[];
  /** Index into `options` of the one right answer. */
  answer: number;
  explanation: string;
  /** The takeaway the question teaches. */
  teaches: string;
  difficulty: Difficulty;
  source: string;
}

export interface Chapter {
  number: number;
  title: string;
  file: string;
  concepts: Concept[];
  questions: Question[];
}

/** Everything loaded from a content folder, in book order. */
export interface Library {
  chapters: Chapter[];
  concepts: Concept[];
  takeaways: Takeaway[];
  questions: Question[];
  conceptById: ReadonlyMap<string, Concept>;
  takeawayById: ReadonlyMap<string, Takeaway>;
  /**
   * Example questions the notes do not answer (`off-topic.txt` in the notes folder, one per line): /ask weighs how
   * much a question looks like one of them before answering. Empty or absent: no examples.
   */
  offTopic?: readonly string[];
}
