import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { eventually } from '@sportskk/testing';
import { DEFAULT_SUPERGRAPH_PATH, loadGatewayConfig } from './config.ts';
import { startGateway } from './gateway-service.ts';

describe('the gateway reloads its supergraph when the file changes', () => {
  const supergraphPath = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  copyFileSync(DEFAULT_SUPERGRAPH_PATH, supergraphPath);
  let gateway: RunningService;
  beforeAll(async () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'test',
      GATEWAY_PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_PATH: supergraphPath,
      SUPERGRAPH_WATCH: 'true',
    });
    gateway = await startGateway({
      config,
      logger: createLogger('gateway', 'silent'),
      metrics: createMetricsRegistry('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const teamTotalFields = async (served: RunningService = gateway) => {
    const response = await fetch(`${served.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "TeamTotal") { fields { name } } }' }),
    });
    const body = (await response.json()) as {
      data: { __type: { fields: Array<{ name: string }> } };
    };
    return body.data.__type.fields.map((field) => field.name);
  };

  it('serves a new field after the edit, and keeps the last good supergraph after a broken edit', async () => {
    expect(await teamTotalFields()).not.toContain('rank');
    const original = readFileSync(supergraphPath, 'utf8');
    const edited = original.replace(
      /(type TeamTotal\b[^{]*\{)/,
      '$1\n  rank: Int @join__field(graph: TOTALLING)',
    );
    expect(edited).not.toBe(original);
    writeFileSync(supergraphPath, edited);
    await eventually(async () => expect(await teamTotalFields()).toContain('rank'), 10_000, 100);
    writeFileSync(supergraphPath, `${edited}\ntype Broken {`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await teamTotalFields()).toContain('rank');
  });

  it('reloads from a Kubernetes ConfigMap volume, which swaps a symlink instead of writing the file', async () => {
    // The kubelet's layout: supergraph.graphql -> ..data/supergraph.graphql, ..data -> ..<timestamp>/.
    const volume = mkdtempSync(join(tmpdir(), 'configmap-'));
    const version = (name: string, sdl: string) => {
      mkdirSync(join(volume, name));
      writeFileSync(join(volume, name, 'supergraph.graphql'), sdl);
    };
    const original = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
    version('..2026_12_01_10_00_00.1', original);
    symlinkSync('..2026_12_01_10_00_00.1', join(volume, '..data'));
    symlinkSync('..data/supergraph.graphql', join(volume, 'supergraph.graphql'));
    const mounted = await startGateway({
      config: loadGatewayConfig({
        NODE_ENV: 'test',
        GATEWAY_PORT: '0',
        HOST: '127.0.0.1',
        SUPERGRAPH_PATH: join(volume, 'supergraph.graphql'),
        SUPERGRAPH_WATCH: 'true',
      }),
      logger: createLogger('gateway', 'silent'),
      metrics: createMetricsRegistry('gateway'),
    });
    try {
      expect(await teamTotalFields(mounted)).not.toContain('rank');
      version(
        '..2026_12_01_10_05_00.2',
        original.replace(
          /(type TeamTotal\b[^{]*\{)/,
          '$1\n  rank: Int @join__field(graph: TOTALLING)',
        ),
      );
      symlinkSync('..2026_12_01_10_05_00.2', join(volume, '..data_tmp'));
      renameSync(join(volume, '..data_tmp'), join(volume, '..data'));
      rmSync(join(volume, '..2026_12_01_10_00_00.1'), { recursive: true });
      await eventually(
        async () => expect(await teamTotalFields(mounted)).toContain('rank'),
        10_000,
        100,
      );
    } finally {
      await mounted.stop();
    }
  });

  it('refuses to start on a supergraph file that is not there', async () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'test',
      GATEWAY_PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_PATH: join(tmpdir(), 'no-such-supergraph.graphql'),
    });
    await expect(
      startGateway({
        config,
        logger: createLogger('gateway', 'silent'),
        metrics: createMetricsRegistry('gateway'),
      }),
    ).rejects.toThrow(/ENOENT/);
  });
});
