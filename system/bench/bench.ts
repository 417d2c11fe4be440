/**
 * npm run bench [-- --seconds 10 --reps 3 --connections 50 --only a,c,... --profile --subscribers 1,100,1000
 *   --subscription-buy-rate N,M (default: 10 and half of what (a) reached)]
 * Starts `npm start` (the embedded default, or a fresh database on the server at DATABASE_URL) and Hive Gateway over
 * the same subgraphs, warms up, drives each scenario with autocannon, repetitions interleaved, and prints medians
 * and ratios; (s) runs with purchases evenly spaced at each rate. Writes the figures to bench/results/latest.json.
 * Not a test: the figures are for people to compare.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectionLag } from './projection-lag.ts';
import { drive, driveAtRate, type LoadResult } from './load.ts';
import { prepareScenarios, SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
import { untilQuiet } from './quiescence.ts';
import { subscriptionLatency, type SubscriptionLatency } from './subscription-latency.ts';
import { cpuMs, memoryMiB, startSystemUnderTest } from './system-under-test.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    subscribers: { type: 'string', default: '1,100,1000' },
    'subscription-buy-rate': { type: 'string' },
  },
  strict: true,
});
const seconds = Number(values.seconds);
const reps = Number(values.reps);
const connections = Number(values.connections);
const only = values.only?.split(',') as ScenarioName[] | undefined;
if (![seconds, reps, connections].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(
    'Usage: npm run bench -- [--seconds 10] [--reps 3] [--connections 50] [--only a,b,c]',
  );
  process.exit(2);
}
const names = SCENARIO_NAMES.filter((name) => !only || only.includes(name));

const root = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const logFile = join(resultsDir, 'latest.log');
const serverUrl = process.env.DATABASE_URL || undefined;

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

console.log(`starting the system (${serverUrl ? 'PostgreSQL server' : 'embedded default'})…`);
// --profile: every service writes a CPU profile into bench/results/profiles when it stops.
const profiles = join(resultsDir, 'profiles');
const system = await startSystemUnderTest(serverUrl, logFile, {
  NODE_ARGS: values.profile ? `--cpu-prof --cpu-prof-dir=${profiles}` : '',
});
const memory = { ours: 0, hive: 0 };
const sampler = setInterval(() => {
  const { ours, hive } = system.pids();
  memory.ours = Math.max(memory.ours, memoryMiB(ours));
  memory.hive = Math.max(memory.hive, memoryMiB(hive));
}, 1000);
try {
  console.log('seeding tickets…');
  const scenarios = await prepareScenarios(system, {
    reps,
    seconds,
    mixed: names.some((name) => name.startsWith('m')),
  });
  console.log('warming up…');
  for (const name of names)
    await drive({ ...(await scenarios[name].prepare()), connections, seconds: 2 });
  // Each measured run starts once no event has been appended for 1 s: the approvals of what ran before are done
  // (the projections, which append nothing, are then at most a batch behind).
  const settled = async () => {
    const maxMs = 60_000;
    if ((await untilQuiet(system.databaseUrl, { quietMs: 1000, maxMs })) >= maxMs)
      console.log(`  (still appending after ${maxMs / 1000} s: the next run starts anyway)`);
  };
  await settled();

  // CPU time so far of each process (Hive Gateway's too), in ms: per request, it says where a scenario's time goes.
  const cpuByProcess = (): Record<string, number> => {
    const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
    return {
      ...Object.fromEntries(
        Object.entries(system.servicePids()).map(([name, pids]) => [name, sum(pids)]),
      ),
      hive: sum(system.pids().hive),
    };
  };
  const runs = new Map<
    ScenarioName,
    Array<LoadResult & { cpuMsPerRequest: Record<string, number> }>
  >(names.map((name) => [name, []]));
  const buyWindows: Array<[Date, Date]> = [];
  for (let rep = 1; rep <= reps; rep += 1) {
    for (const name of names) {
      const scenario = await scenarios[name].prepare();
      const started = new Date();
      const cpuBefore = cpuByProcess();
      const result = await drive({ ...scenario, connections, seconds });
      const cpuAfter = cpuByProcess();
      if (name === 'a') buyWindows.push([started, new Date()]);
      const cpuMsPerRequest = Object.fromEntries(
        Object.entries(cpuAfter)
          .map(([process, ms]) => [process, (ms - (cpuBefore[process] ?? 0)) / result.requests])
          .filter(([, ms]) => Number(ms) >= 0.005)
          .map(([process, ms]) => [process, Number(Number(ms).toFixed(2))]),
      );
      runs.get(name)!.push({ ...result, cpuMsPerRequest });
      console.log(
        `  rep ${rep} ${name.padEnd(9)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  errors ${result.errors}\n        CPU ms/request: ${Object.entries(
          cpuMsPerRequest,
        )
          .map(([process, ms]) => `${process} ${ms}`)
          .join(', ')}${result.failures.map((failure) => `\n        failed: ${failure}`).join('')}`,
      );
      await settled();
    }
  }
  const lag =
    buyWindows.length > 0 ? await projectionLag(system.databaseUrl, buyWindows) : undefined;
  if (lag)
    console.log(
      `projection lag p50/p99 ms: ${lag.p50Ms}/${lag.p99Ms} over ${lag.samples} tickets; each run of a: ${lag.windows
        .map((window) => `${window.p50Ms}/${window.p99Ms}`)
        .join(', ')}`,
    );
  // (s) event-to-subscriber latency through the gateway, with purchases as in (a) running, evenly spaced: at 10/s,
  // and at half of what (a) reached in this run (the purchases alone do not overload the machine, so the figures
  // are the subscriptions' rather than the queue of an overloaded system; 50/s when (a) did not run).
  const subscriberCounts = values.subscribers.split(',').filter(Boolean).map(Number);
  const buyRps = runs.get('a')?.map((run) => run.rps);
  const half = buyRps?.length ? Math.max(1, Math.round(median(buyRps) / 2)) : 50;
  const buyRates = (values['subscription-buy-rate'] ?? `10,${half}`)
    .split(',')
    .filter(Boolean)
    .map(Number);
  const subscriptionRuns: Array<{ purchasesPerSecond: number; runs: SubscriptionLatency[] }> = [];
  for (const buyRate of buyRates) {
    console.log(
      `subscription latency for ${subscriberCounts.join(', ')} subscribers, ${buyRate} purchases/s…`,
    );
    const subscriptions = await subscriptionLatency(
      system.ports.gateway,
      subscriberCounts,
      async () =>
        driveAtRate({ ...(await scenarios.a.prepare()), connections, seconds, rate: buyRate }),
      () => untilQuiet(system.databaseUrl),
      cpuByProcess,
    );
    subscriptionRuns.push({ purchasesPerSecond: buyRate, runs: subscriptions });
    for (const s of subscriptions)
      console.log(
        `  ${String(s.subscribers).padStart(5)} subscribers  p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms  ${s.changes} changes  ${s.missing} missing  ${s.resumed} resumed\n        purchases ${s.load.rps.toFixed(1)}/s  p50 ${s.load.p50Ms} ms  p99 ${s.load.p99Ms} ms  errors ${s.load.errors}\n        CPU % of a core: ${Object.entries(
          s.cpuPercent,
        )
          .map(([name, percent]) => `${name} ${percent}`)
          .join(', ')}${s.load.failures.map((failure) => `\n        failed: ${failure}`).join('')}`,
      );
  }
  // (r) catch-up: one projection rebuilt from the first event, as an operator would, while the system runs.
  console.log('rebuilding the center view from the start…');
  const rebuild = spawnSync(
    'npm',
    ['run', '--silent', 'projections:rebuild', '--', 'center-ticket-view'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: system.databaseUrl },
      encoding: 'utf8',
    },
  );
  const rebuilt = /(\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(rebuild.stdout);
  console.log(
    rebuilt ? `  ${rebuild.stdout.trim()}` : `  rebuild failed: ${rebuild.stderr.trim()}`,
  );

  const summary = Object.fromEntries(
    [...runs].map(([name, results]) => [
      name,
      {
        rps: median(results.map((r) => r.rps)),
        p50Ms: median(results.map((r) => r.p50Ms)),
        p99Ms: median(results.map((r) => r.p99Ms)),
        errors: results.reduce((sum, r) => sum + r.errors, 0),
        runs: results,
      },
    ]),
  ) as Partial<Record<ScenarioName, { rps: number; p50Ms: number; p99Ms: number; errors: number }>>;
  // Each ratio from the runs of one repetition, then the median of those: both sides saw the same moment.
  const ratio = (mine: ScenarioName, theirs: ScenarioName) => {
    const a = runs.get(mine);
    const b = runs.get(theirs);
    if (!a || !b || a.length === 0) return undefined;
    return Number(median(a.map((run, i) => run.rps / b[i]!.rps)).toFixed(2));
  };
  const ratios = {
    gatewayVsHiveMutation: ratio('a', 'a_hive'),
    gatewayVsHiveQuery: ratio('c', 'c_hive'),
    gatewayVsHiveQueryVaried: ratio('c2', 'c2_hive'),
    gatewayVsHiveMixed: ratio('m', 'm_hive'),
    gatewayVsDirect: ratio('a', 'b'),
    singleSubgraphVsDirect: ratio('q', 'q_direct'),
  };
  const e2e = {
    buyRps: summary.a?.rps,
    buyP99Ms: summary.a?.p99Ms,
    projectionLagP50Ms: lag?.p50Ms,
    projectionLagP99Ms: lag?.p99Ms,
    catchUpEventsPerSec: rebuilt ? Number(rebuilt[3]) : undefined,
    catchUpEvents: rebuilt ? Number(rebuilt[1]) : undefined,
    subscriptionLatency: subscriptionRuns,
    totalRssMb: Math.round(memory.ours),
    hiveRssMb: Math.round(memory.hive),
  };

  console.log(
    `\nmedians of ${reps}, ${seconds} s each, ${connections} connections, ${system.databaseKind}`,
  );
  console.log('scenario   req/s     p50 ms   p99 ms   errors');
  for (const [name, s] of Object.entries(summary))
    console.log(
      `${name.padEnd(9)} ${s.rps.toFixed(0).padStart(7)} ${String(s.p50Ms).padStart(9)} ${String(s.p99Ms).padStart(8)} ${String(s.errors).padStart(8)}`,
    );
  console.log('ratios', JSON.stringify(ratios));
  console.log('e2e', JSON.stringify(e2e));
  writeFileSync(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
        },
        database: system.databaseKind,
        settings: { seconds, reps, connections },
        scenarios: summary,
        ratios,
        e2e,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written: bench/results/latest.json (logs: bench/results/latest.log)`);
} finally {
  clearInterval(sampler);
  await system.stop();
}
