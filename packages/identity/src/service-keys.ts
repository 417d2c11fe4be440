import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';

/** The services that call others, each with a key pair of its own: what one signs, no other can. */
export const SIGNING_SERVICES = ['gateway', 'ticketing', 'projections'] as const;
export type SigningService = (typeof SIGNING_SERVICES)[number];

/** The service a key id names: `ticketing` and `ticketing.2` are both ticketing's (two while a key rotates). */
export const serviceOfKid = (kid: string | undefined) => kid?.split('.')[0];

/** A service's keys: its own private key (if it calls others), and every caller's public key, by `kid`. */
export interface ServiceKeys {
  readonly signingKey?: JWK;
  readonly publicKeys: JSONWebKeySet;
}

/** The public half of a private JWK, named (`kid`) after its service. */
export function publicServiceKey(service: string, key: JWK): JWK {
  return { kty: key.kty, crv: key.crv, x: key.x, kid: service, alg: 'EdDSA', use: 'sig' } as JWK;
}

/** Fresh Ed25519 key pairs for every signing service, and the key set every service trusts. */
export async function generateServiceKeys(): Promise<{
  readonly signingKeys: Record<SigningService, JWK>;
  readonly publicKeys: JSONWebKeySet;
}> {
  const signingKeys = {} as Record<SigningService, JWK>;
  for (const service of SIGNING_SERVICES) {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    signingKeys[service] = { ...(await exportJWK(privateKey)), kid: service };
  }
  return {
    signingKeys,
    publicKeys: {
      keys: SIGNING_SERVICES.map((service) => publicServiceKey(service, signingKeys[service])),
    },
  };
}
