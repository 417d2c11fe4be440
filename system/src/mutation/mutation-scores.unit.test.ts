import { describe, expect, it } from 'vitest';
import { belowTarget, mutationScores, type MutationReport } from './mutation-scores.ts';

const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });

const report: MutationReport = {
  files: {
    'subgraphs/center/src/domain/ticket-view.ts': mutants(
      'Killed',
      'Killed',
      'Timeout',
      'Survived',
    ),
    'subgraphs/center/src/app/apply.ts': mutants('Killed', 'NoCoverage', 'Survived', 'Ignored'),
    'subgraphs/center/src/adapters/mongo/view.ts': mutants('Survived', 'CompileError'),
    'projections/src/app/manager.ts': mutants('Killed', 'RuntimeError'),
    'packages/event-store/src/position.ts': mutants('Ignored'),
  },
};

describe('mutation scores', () => {
  it('count detected over valid mutants, per workspace and per layer', () => {
    expect(mutationScores(report)).toEqual([
      { name: 'packages/event-store', killed: 0, survived: 0, noCoverage: 0, score: undefined },
      { name: 'projections', killed: 1, survived: 0, noCoverage: 0, score: 100 },
      { name: 'projections/src/app', killed: 1, survived: 0, noCoverage: 0, score: 100 },
      { name: 'subgraphs/center', killed: 4, survived: 3, noCoverage: 1, score: 50 },
      { name: 'subgraphs/center/src/adapters', killed: 0, survived: 1, noCoverage: 0, score: 0 },
      { name: 'subgraphs/center/src/app', killed: 1, survived: 1, noCoverage: 1, score: 100 / 3 },
      { name: 'subgraphs/center/src/domain', killed: 3, survived: 1, noCoverage: 0, score: 75 },
    ]);
  });

  it('hold only domain and app layers to the target', () => {
    expect(belowTarget(mutationScores(report), 80).map((score) => score.name)).toEqual([
      'subgraphs/center/src/app',
      'subgraphs/center/src/domain',
    ]);
    expect(belowTarget(mutationScores(report), 30)).toEqual([]);
  });
});
