import type { HttpServiceOptions } from '../http-service.ts';

/** A service a test starts: on a free loopback port, introspection and Sandbox off, no drain delay on stop. */
export function testServiceSettings(
  overrides: Partial<HttpServiceOptions<never>['settings']> = {},
): HttpServiceOptions<never>['settings'] {
  return {
    environment: 'test',
    host: '127.0.0.1',
    port: 0,
    introspection: false,
    sandbox: false,
    shutdown: { delayMs: 0, graceMs: 1000 },
    ...overrides,
  };
}
