/*
 * Words people type in chat mapped to the words the notes use. General chat shorthand and everyday ML vocabulary
 * only — nothing tied to one question — so it helps any set of notes about ML systems. A team with other notes can
 * ignore it: an expansion only adds weight where its words occur.
 */
const GROUPS: [string[], string[]][] = [
  [['avg'], ['average']],
  [['prod'], ['production']],
  [['eval', 'evals'], ['evaluation']],
  [['ds'], ['data', 'scientist']],
  [['eng', 'devs', 'dev'], ['engineer', 'engineering']],
  [['development'], ['dev']],
  [['ppl'], ['people', 'users']],
  [['pm'], ['product', 'manager']],
  [['ml'], ['machine', 'learning']],
  [['db', 'dbs'], ['database']],
  [['perf'], ['performance']],
  [['infra'], ['infrastructure']],
  [['k8s'], ['kubernetes']],
  [['env', 'envs'], ['environment']],
  [['config', 'configs'], ['configuration']],
  [['explain', 'explanation', 'explanations', 'explainable', 'explainability'], ['interpretability', 'interpretable']],
  [['slow', 'slower', 'sluggish', 'laggy', 'lag', 'fast', 'faster', 'speed'], ['latency']],
  [['copy', 'copies', 'mimic', 'mimics', 'imitate', 'student', 'teacher'], ['distillation']],
  [['tiny', 'shrink', 'smaller', 'lighter'], ['compression', 'small']],
  [['annotate', 'annotates', 'annotated', 'annotator', 'annotators', 'annotation', 'annotations'], ['label', 'labeling']],
  [['rule', 'rules', 'heuristic', 'heuristics'], ['heuristics', 'rules']],
  [['subgroup', 'subgroups', 'subpopulation', 'subpopulations'], ['strata', 'slice', 'group']],
  [['roi', 'payoff', 'profitable'], ['return', 'investment']],
  [['minimize', 'minimise', 'optimize', 'optimise'], ['objective', 'loss']],
  [['outage', 'outages', 'downtime'], ['failure', 'failures']],
  [['drift', 'drifts', 'drifting'], ['shift']],
  [['paged', 'pager', 'notification', 'notifications', 'alerting'], ['alert', 'alerts', 'fatigue']],
  [['retrain', 'retrains', 'retraining'], ['retraining', 'continual']],
  [['leak', 'leaks', 'leaked', 'leaky'], ['leakage']],
  [['unlabelled', 'unlabeled'], ['unlabeled', 'labels']],
  [['imbalance', 'imbalanced', 'skewed', 'rare'], ['imbalance', 'minority']],
  [['probabilities', 'probability', 'confidence'], ['probability', 'calibration']],
  [['phone', 'phones', 'mobile', 'device', 'devices'], ['edge', 'device']],
];

const table = new Map<string, string[]>();
for (const [from, to] of GROUPS) for (const w of from) table.set(w, to.filter((t) => t !== w));

/** Extra words to search for when a question uses `word`; empty when none. */
export function expansions(word: string): readonly string[] {
  return table.get(word) ?? [];
}
