import type { EnvReader } from '@sportskk/platform';
import type { BearerTokenSettings } from './bearer-tokens.ts';
import {
  API_AUDIENCE,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_PUBLIC_JWK,
  DEVELOPMENT_SERVICE_SECRET,
} from './development-key.ts';

/**
 * The gateway's token checks: AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL or AUTH_PUBLIC_KEY (a JWK or an SPKI PEM),
 * AUTH_CLOCK_TOLERANCE_SECONDS. Without a key the development key is trusted, which production refuses.
 */
export function readBearerTokenSettings(env: EnvReader, production: boolean): BearerTokenSettings {
  const jwksUrl = env.optionalUrl('AUTH_JWKS_URL');
  const publicKey = env.optionalText('AUTH_PUBLIC_KEY');
  if (jwksUrl && publicKey)
    env.problem('AUTH_JWKS_URL and AUTH_PUBLIC_KEY: set one of them, not both');
  const key = jwksUrl
    ? { jwksUrl }
    : { publicKey: publicKey ? parsedKey(env, publicKey) : DEVELOPMENT_PUBLIC_JWK };
  if (production && !jwksUrl && (!publicKey || sameKey(publicKey, DEVELOPMENT_PUBLIC_JWK.x!))) {
    env.problem(
      "AUTH_PUBLIC_KEY (or AUTH_JWKS_URL): production refuses the development key; set your identity provider's key",
    );
  }
  const issuer = env.text('AUTH_ISSUER', DEVELOPMENT_ISSUER);
  if (production && issuer === DEVELOPMENT_ISSUER)
    env.problem('AUTH_ISSUER: production refuses the development issuer');
  return {
    issuer,
    audience: env.text('AUTH_AUDIENCE', API_AUDIENCE),
    key,
    clockToleranceSeconds: env.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
  };
}

/** SERVICE_TOKEN_SECRET, shared by every service; production refuses the development one and short ones. */
export function readServiceSecret(env: EnvReader, production: boolean): string {
  const secret = env.text('SERVICE_TOKEN_SECRET', DEVELOPMENT_SERVICE_SECRET);
  if (secret.length < 32) env.problem('SERVICE_TOKEN_SECRET must have at least 32 characters');
  if (production && secret === DEVELOPMENT_SERVICE_SECRET)
    env.problem('SERVICE_TOKEN_SECRET: production refuses the development secret');
  return secret;
}

function parsedKey(env: EnvReader, text: string) {
  if (text.startsWith('-----BEGIN')) return text.replaceAll('\\n', '\n');
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    env.problem('AUTH_PUBLIC_KEY must be a JWK (JSON) or an SPKI PEM');
    return DEVELOPMENT_PUBLIC_JWK;
  }
}

const sameKey = (text: string, x: string) => text.includes(x);
