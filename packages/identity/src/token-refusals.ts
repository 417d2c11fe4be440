import { errors } from 'jose';
import { TokenRefused } from './identity.ts';

/**
 * Why jose refused a token, as a TokenRefused with a stable problem. `wrongIssuer` names an issuer this verifier
 * does not take: another identity provider, or (for service tokens) a service not let in.
 */
export function tokenRefusal(
  error: unknown,
  what: 'token' | 'service token',
  wrongIssuer: { readonly problem: 'wrong issuer' | 'wrong caller'; readonly message: string },
): TokenRefused {
  const The = `The ${what}`;
  if (error instanceof TokenRefused) return error;
  if (error instanceof errors.JWTExpired) return new TokenRefused('expired', `${The} has expired`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing')
      return new TokenRefused('malformed', `${The} lacks its ${error.claim} claim`);
    if (error.claim === 'iss') return new TokenRefused(wrongIssuer.problem, wrongIssuer.message);
    if (error.claim === 'aud')
      return new TokenRefused('wrong audience', `${The} is for another audience`);
    if (error.claim === 'nbf' || error.claim === 'iat')
      return new TokenRefused('not yet valid', `${The} is not valid yet`);
    return new TokenRefused('malformed', `${The}'s ${error.claim} claim is not valid`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new TokenRefused('bad signature', `${The} is not signed by a trusted key`);
  }
  return new TokenRefused('malformed', `${The} cannot be read`);
}
