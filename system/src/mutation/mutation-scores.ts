/** The part of Stryker's JSON report (mutation-testing-report-schema) the scores need. */
export interface MutationReport {
  readonly files: Record<string, { readonly mutants: readonly { readonly status: string }[] }>;
}

export interface Score {
  /** A workspace (`subgraphs/center`) or one of its layers (`subgraphs/center/src/domain`). */
  readonly name: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Detected (killed or timed out) over valid mutants, in percent; undefined with no valid mutant. */
  readonly score: number | undefined;
}

/** Layers whose score must reach the target; the rest of the code is reported, not held to it. */
const TARGET_LAYERS = ['domain', 'app'];

const DETECTED = new Set(['Killed', 'Timeout']);

function workspaceOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'packages' || parts[0] === 'subgraphs'
    ? parts.slice(0, 2).join('/')
    : parts[0]!;
}

function layerOf(path: string): string | undefined {
  const match = /^(.*?\/src\/)([^/]+)\//.exec(path);
  return match ? `${match[1]}${match[2]}` : undefined;
}

/** Scores per workspace and per layer (`src/<folder>`), sorted by name. */
export function mutationScores(report: MutationReport): Score[] {
  const tallies = new Map<string, { killed: number; survived: number; noCoverage: number }>();
  const tally = (name: string) => {
    let found = tallies.get(name);
    if (!found) tallies.set(name, (found = { killed: 0, survived: 0, noCoverage: 0 }));
    return found;
  };
  for (const [path, file] of Object.entries(report.files)) {
    const groups = [workspaceOf(path), layerOf(path)].filter((name) => name !== undefined);
    for (const { status } of file.mutants)
      for (const group of groups.map(tally)) {
        if (DETECTED.has(status)) group.killed++;
        else if (status === 'Survived') group.survived++;
        else if (status === 'NoCoverage') group.noCoverage++;
      }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, counts]) => {
      const valid = counts.killed + counts.survived + counts.noCoverage;
      return { name, ...counts, score: valid === 0 ? undefined : (100 * counts.killed) / valid };
    });
}

/** The layers held to the target that miss it. */
export function belowTarget(scores: readonly Score[], targetPercent: number): Score[] {
  return scores.filter(
    (score) =>
      TARGET_LAYERS.some((layer) => score.name.endsWith(`/src/${layer}`)) &&
      score.score !== undefined &&
      score.score < targetPercent,
  );
}
