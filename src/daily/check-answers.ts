/** One click on a daily post's quick check. */
export interface CheckClick {
  /** Namespaced channel id. */
  channel: string;
  /** The post holding the buttons (`question:<id>` when the platform does not say). */
  message: string;
  /** Namespaced user id. */
  user: string;
  question: string;
  /** The option index as shown on the post. */
  option: number;
  /** UTC epoch ms. */
  now: number;
}

/** Who answered a daily post's quick check, and with what: the first answer per person and post stands. */
export interface CheckAnswers {
  /**
   * Records the answer unless the person answered this post before; resolves with the answer that stands and
   * whether it is this one. The primary key decides "first", so two clicks racing (or two bot processes) cannot
   * both be new.
   */
  first(click: CheckClick): Promise<{ option: number; isNew: boolean }>;
}
