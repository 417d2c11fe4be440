import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtAdminPage } from '../admin-page.ts';
import { serviceKeysEnv } from '../testing.ts';
import {
  allowedSources,
  configurationProblems,
  deploymentProblems,
  renderOverlay,
  schemaProblems,
  selectorProblems,
  type Manifest,
} from './manifests.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const inCheckout = (path: string) => `${ROOT}/${path.slice('/app/'.length)}`;

/** The keys the README tells an operator to put in the production Secret `sportskk-secrets`. */
async function operatorSecret(): Promise<Record<string, string>> {
  return {
    ...(await serviceKeysEnv()),
    POSTGRES_PASSWORD: 'a-long-random-password',
    DATABASE_URL: 'postgres://sportskk:a-long-random-password@postgres:5432/sportskk',
    EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
    MONGO_URL: 'mongodb://mongo:27017/sportskk',
  };
}

const overlays = { dev: [] as Manifest[], prod: [] as Manifest[] };
beforeAll(async () => {
  await builtAdminPage(); // the gateway's image holds it; ADMIN_DIR must name a built board
  overlays.dev = renderOverlay('dev');
  overlays.prod = renderOverlay('prod');
});

/** A deep copy of an overlay's objects with one changed. */
function edited(manifests: readonly Manifest[], change: (copy: Manifest[]) => void): Manifest[] {
  const copy = structuredClone(manifests) as Manifest[];
  change(copy);
  return copy;
}
const deployment = (manifests: Manifest[], name: string) =>
  manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!;
// The checks read the objects as readonly; the tests edit copies of them.
const container = (manifests: Manifest[], name: string) =>
  deployment(manifests, name).spec!.template!.spec.containers[0] as unknown as Record<
    string,
    unknown
  >;

describe.each(['dev', 'prod'] as const)('the %s overlay', (overlay) => {
  it('renders every workload of the stack, in its namespace', () => {
    const names = (kind: string) =>
      overlays[overlay].filter((m) => m.kind === kind).map((m) => m.metadata.name);
    expect(names('Deployment').sort()).toEqual([
      'center',
      'gateway',
      'projections',
      'ticketing',
      'totalling',
    ]);
    expect(names('StatefulSet').sort()).toEqual(['eventstore', 'mongo', 'postgres']);
    expect(names('Job')).toEqual(['migrate']);
    expect(names('HorizontalPodAutoscaler').sort()).toEqual(['gateway', 'ticketing']);
    expect(names('Namespace')).toEqual([overlay === 'dev' ? 'sportskk-dev' : 'sportskk']);
  });

  it('validates every object against the Kubernetes API schema of its kind', async () => {
    expect(await schemaProblems(overlays[overlay])).toEqual([]);
  });

  it('gives every Deployment the three probes on its real endpoints, resources and a safe rollout', () => {
    expect(deploymentProblems(overlays[overlay])).toEqual([]);
  });

  it('selects existing workloads from every Service, HPA, PDB and NetworkPolicy', () => {
    expect(selectorProblems(overlays[overlay])).toEqual([]);
  });

  it('lets each port be reached by its callers only: the internal endpoints by the one service that calls each', () => {
    const reach = (target: string, port: number) => allowedSources(overlays[overlay], target, port);
    expect(reach('gateway', 4000)).toEqual(['anyone', 'namespace:monitoring']);
    expect(reach('ticketing', 4001)).toEqual(['gateway', 'namespace:monitoring']);
    expect(reach('ticketing', 4011)).toEqual(['projections']);
    expect(reach('totalling', 4002)).toEqual(['gateway', 'namespace:monitoring']);
    expect(reach('totalling', 4012)).toEqual(['ticketing']);
    expect(reach('center', 4003)).toEqual(['gateway', 'namespace:monitoring']);
    expect(reach('projections', 4004)).toEqual(['namespace:monitoring']);
    expect(reach('postgres', 5432)).toEqual(['migrate', 'projections', 'totalling']);
    expect(reach('mongo', 27017)).toEqual(['center', 'migrate']);
  });

  it('provides every variable each service requires: each would start with what its pod gets', async () => {
    expect(configurationProblems(overlays[overlay], await operatorSecret(), inCheckout)).toEqual(
      [],
    );
  });
});

describe('the checks fail when the manifests break', () => {
  it('names a missing probe, a probe on the wrong path, missing resources and an unsafe rollout', () => {
    const broken = edited(overlays.prod, (copy) => {
      delete container(copy, 'gateway')['readinessProbe'];
      (
        container(copy, 'ticketing')['livenessProbe'] as { httpGet: { path: string } }
      ).httpGet.path = '/health';
      delete (container(copy, 'center')['resources'] as Record<string, unknown>)['limits'];
      (
        deployment(copy, 'totalling').spec!.strategy as {
          rollingUpdate: { maxUnavailable: number };
        }
      ).rollingUpdate.maxUnavailable = 1;
    });
    expect(deploymentProblems(broken).sort()).toEqual([
      'center: no cpu limits',
      'center: no memory limits',
      'gateway: readinessProbe must GET /health/ready on its http port',
      'ticketing: livenessProbe must GET /health/live on its http port',
      'totalling: not a rolling update with maxUnavailable 0',
    ]);
  });

  it('names a removed required variable, and a Secret key the operator does not provide', async () => {
    const secret = await operatorSecret();
    const broken = edited(overlays.prod, (copy) => {
      const env = container(copy, 'totalling')['env'] as { name: string }[];
      env.splice(
        env.findIndex((variable) => variable.name === 'DATABASE_URL'),
        1,
      );
    });
    expect(configurationProblems(broken, secret, inCheckout)).toEqual([
      expect.stringMatching(/^totalling: .*DATABASE_URL is required in production/s),
    ]);
    const { GATEWAY_SIGNING_KEY: _left, ...withoutKey } = secret;
    expect(configurationProblems(overlays.prod, withoutKey, inCheckout)).toEqual(
      expect.arrayContaining([
        'gateway: GATEWAY_SIGNING_KEY comes from no Secret key (GATEWAY_SIGNING_KEY)',
        expect.stringMatching(/^gateway: .*GATEWAY_SIGNING_KEY/s),
      ]),
    );
  });

  it('names an object the Kubernetes API would refuse', async () => {
    const broken = edited(overlays.prod, (copy) => {
      (deployment(copy, 'gateway').spec as unknown as { replicas: unknown }).replicas = 'two';
    });
    expect(await schemaProblems(broken)).toEqual([
      expect.stringMatching(/^Deployment gateway: .*replicas must be integer/),
    ]);
  });

  it('names a port mismatch, a foreign image, and selectors that match nothing', () => {
    const broken = edited(overlays.prod, (copy) => {
      (container(copy, 'center')['ports'] as { containerPort: number }[])[0]!.containerPort = 5000;
      container(copy, 'ticketing')['image'] = 'sportskk/totalling:0.1.0';
      const hpa = copy.find((m) => m.kind === 'HorizontalPodAutoscaler')!;
      (hpa.spec!.scaleTargetRef as { name: string }).name = 'nothing';
    });
    expect(deploymentProblems(broken)).toEqual(
      expect.arrayContaining([
        'center: listens on 4003, exposes 5000',
        'ticketing: image sportskk/totalling:0.1.0 is not sportskk/ticketing',
      ]),
    );
    expect(selectorProblems(broken)).toEqual(
      expect.arrayContaining([
        'Service center: port 4003, but its pods listen on 5000',
        expect.stringMatching(/^HPA .*: scales Deployment nothing, which does not exist$/),
      ]),
    );
  });
});
