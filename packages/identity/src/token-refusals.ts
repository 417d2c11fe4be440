import { TokenError } from 'fast-jwt';
import { errors } from 'jose';
import { TokenRefused } from './identity.ts';

/** Why jose refused an end user's token, as a TokenRefused with a stable problem. */
export function tokenRefusal(error: unknown): TokenRefused {
  const The = 'The token';
  if (error instanceof TokenRefused) return error;
  if (error instanceof errors.JWTExpired) return new TokenRefused('expired', `${The} has expired`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing')
      return new TokenRefused('malformed', `${The} lacks its ${error.claim} claim`);
    if (error.claim === 'iss')
      return new TokenRefused('wrong issuer', 'The token comes from another issuer');
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

/** Why fast-jwt refused a service token, as a TokenRefused with a stable problem. */
export function serviceTokenRefusal(error: unknown): TokenRefused {
  if (error instanceof TokenRefused) return error;
  const code = error instanceof TokenError ? error.code : undefined;
  switch (code) {
    case TokenError.codes.expired:
      return new TokenRefused('expired', 'The service token has expired');
    case TokenError.codes.inactive:
      return new TokenRefused('not yet valid', 'The service token is not valid yet');
    case TokenError.codes.invalidSignature:
    case TokenError.codes.invalidAlgorithm:
    case TokenError.codes.missingSignature:
      return new TokenRefused('bad signature', 'The service token is not signed by a trusted key');
    case TokenError.codes.missingRequiredClaim:
      return new TokenRefused('malformed', 'The service token lacks its exp, iat or iss claim');
    default:
      return new TokenRefused('malformed', 'The service token cannot be read');
  }
}
