/**
 * After `stryker run` (npm run test:mutation): the mutation score of each workspace and of each of its layers, from
 * reports/mutation/mutation.json. Exits 1 when a domain/ or app/ layer is below MUTATION_TARGET (default 80 %).
 */
import { readFileSync } from 'node:fs';
import {
  belowTarget,
  mutationScores,
  type MutationReport,
} from '../src/mutation/mutation-scores.ts';

const REPORT = 'reports/mutation/mutation.json';
const target = Number(process.env.MUTATION_TARGET ?? 80);
if (!Number.isFinite(target) || target < 0 || target > 100) {
  console.error(
    `MUTATION_TARGET must be a percentage from 0 to 100, got "${process.env.MUTATION_TARGET}"`,
  );
  process.exit(2);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as MutationReport;
const scores = mutationScores(report);

const rows = scores.map((score) => [
  score.name.includes('/src/') ? `  ${score.name}` : score.name,
  score.score === undefined ? '-' : `${score.score.toFixed(1)} %`,
  String(score.killed),
  String(score.survived),
  String(score.noCoverage),
]);
const header = ['workspace / layer', 'score', 'detected', 'survived', 'no coverage'];
const widths = header.map((title, i) =>
  Math.max(title.length, ...rows.map((row) => row[i]!.length)),
);
for (const row of [header, ...rows])
  console.log(
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  '),
  );

const missing = belowTarget(scores, target);
if (missing.length > 0) {
  console.error(
    `\nBelow the ${target} % target: ${missing.map((score) => score.name).join(', ')} (see reports/mutation/index.html)`,
  );
  process.exit(1);
}
console.log(`\nEvery domain/ and app/ layer is at or above ${target} %.`);
