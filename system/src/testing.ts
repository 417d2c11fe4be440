import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';
import { generateServiceKeys, signDevelopmentToken, type Role } from '@sportskk/identity';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { postGraphQL } from '@sportskk/testing';
import { replayTicketLog, totalsOnLog, type TeamTotalOnLog } from './audit/log-replay.ts';
import { loadSystemConfig, type SystemConfig } from './config.ts';

export const graphql = postGraphQL;

/** The Authorization header of someone signed in with a token of the development key (buyer unless told). */
export async function signedIn(
  subject: string,
  ...roles: Role[]
): Promise<{ authorization: string }> {
  const token = await signDevelopmentToken({
    subject,
    roles: roles.length > 0 ? roles : ['buyer'],
  });
  return { authorization: `Bearer ${token}` };
}

/** Settings for a system on random ports over a fresh embedded database (or `DATA_DIR` to reuse one). */
export function testConfig(overrides: Record<string, string> = {}): SystemConfig {
  return loadSystemConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    TICKETING_PORT: '0',
    TOTALLING_PORT: '0',
    CENTER_PORT: '0',
    PROJECTIONS_PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sportskk-e2e-')),
    LOG_LEVEL: 'info',
    BREAKER_TIMEOUT_MS: '500',
    BREAKER_RESET_TIMEOUT_MS: '1000',
    BREAKER_VOLUME_THRESHOLD: '5',
    ...overrides,
  });
}

/** Fresh key pairs for every service, as the environment of a production start (what `npm run service-keys` prints). */
export async function serviceKeysEnv(): Promise<Record<string, string>> {
  const { signingKeys, publicKeys } = await generateServiceKeys();
  return {
    SERVICE_PUBLIC_KEYS: JSON.stringify(publicKeys),
    ...Object.fromEntries(
      Object.entries(signingKeys).map(([service, key]) => [
        `${service.toUpperCase()}_SIGNING_KEY`,
        JSON.stringify(key),
      ]),
    ),
  };
}

/** An identity provider of the test's own, for a production start: its settings and a way to sign tokens. */
export async function testIdentityProvider() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const issuer = 'https://identity.test.example';
  return {
    env: {
      AUTH_PUBLIC_KEY: JSON.stringify(await exportJWK(publicKey)),
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'sportskk-api',
    },
    /** A token of this provider; `issuedAt` and `ttlSeconds` (default now and 600) make expired ones. */
    token(request: {
      subject: string;
      roles: readonly Role[];
      issuedAt?: Date;
      ttlSeconds?: number;
    }) {
      const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
      return new SignJWT({ scope: request.roles.join(' ') })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(issuer)
        .setAudience('sportskk-api')
        .setSubject(request.subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (request.ttlSeconds ?? 600))
        .sign(privateKey);
    },
    async signedIn(subject: string, ...roles: Role[]) {
      const token = await this.token({ subject, roles: roles.length > 0 ? roles : ['buyer'] });
      return { authorization: `Bearer ${token}` };
    },
  };
}

/** Per team, what the totals must be according to the event store: stakes and count of non-cancelled tickets. */
export async function totalsImpliedByEvents(
  store: EventStore,
): Promise<Map<string, TeamTotalOnLog>> {
  const events = await store.readAll({ filter: { streamPrefixes: [TICKET_STREAM_PREFIX] } });
  return totalsOnLog(replayTicketLog(events).tickets.values(), []);
}

export const BUY = `mutation Buy($input: BuyTicketInput!) { buyTicket(input: $input) { ticket { id status teamCode betCredit version } } }`;
export const CANCEL = `mutation Cancel($input: CancelTicketInput!) { cancelTicket(input: $input) { ticket { id status version cancelledAt } } }`;
export const TOTALS = `{ teamTotals { teamCode totalCredit ticketCount } }`;
export const TICKET = `query Ticket($id: ID!) { ticket(id: $id) { id status teamCode betCredit version totalling { counted countedAt } history { type version correlationId } } }`;

export interface TicketData {
  readonly id: string;
  readonly status: string;
  readonly teamCode: string;
  readonly betCredit: number;
  readonly version: number;
}
