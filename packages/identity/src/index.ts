export {
  bearerTokenOf,
  createBearerTokenVerifier,
  type BearerTokenSettings,
  type VerificationKey,
} from './bearer-tokens.ts';
export { signDevelopmentToken, type DevelopmentTokenRequest } from './development-key.ts';
export { isRole, TokenRefused, type Identity, type Role, type TokenProblem } from './identity.ts';
export {
  createServiceTokens,
  operationDigest,
  type RequestBinding,
  type ServiceCall,
  type ServiceTokens,
} from './service-tokens.ts';
export { generateServiceKeys, type ServiceKeys } from './service-keys.ts';
export { readBearerTokenSettings, readServiceKeys } from './settings.ts';
export { graphqlCallerOf, internalCallerOf } from './service-callers.ts';
export {
  accessDenied,
  accessPolicyOf,
  authorizationDirectives,
  AUTHORIZATION_SPECS,
  accessChecks,
  checkAccess,
  type AccessPolicy,
} from './access-policy.ts';
export { enforceAccessPolicy } from './subgraph-access.ts';
export {
  SUBSCRIBE_METHOD,
  SUBSCRIBE_PATH,
  subgraphSubscriptions,
} from './subgraph-subscriptions.ts';
