export {
  bearerTokenOf,
  createBearerTokenVerifier,
  type BearerTokenSettings,
  type VerificationKey,
} from './bearer-tokens.ts';
export { signDevelopmentToken, type DevelopmentTokenRequest } from './development-key.ts';
export { isRole, TokenRefused, type Identity, type Role, type TokenProblem } from './identity.ts';
export { createServiceTokens, type ServiceCall, type ServiceTokens } from './service-tokens.ts';
export { readBearerTokenSettings, readServiceSecret } from './settings.ts';
export { graphqlCallerOf, internalCallerOf } from './service-callers.ts';
