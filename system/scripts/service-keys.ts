/**
 * npm run -s service-keys > service-keys.env
 * Prints fresh Ed25519 key pairs for the services that call others, as environment lines: SERVICE_PUBLIC_KEYS
 * (for every service) and one <SERVICE>_SIGNING_KEY each for the gateway, ticketing and projections (secrets: give
 * each to its own service only).
 */
import { generateServiceKeys } from '@sportskk/identity';

const { signingKeys, publicKeys } = await generateServiceKeys();
const lines = [
  '# Service keys. SERVICE_PUBLIC_KEYS goes to every service; each *_SIGNING_KEY only to its own.',
  `SERVICE_PUBLIC_KEYS='${JSON.stringify(publicKeys)}'`,
  ...Object.entries(signingKeys).map(
    ([service, key]) => `${service.toUpperCase()}_SIGNING_KEY='${JSON.stringify(key)}'`,
  ),
];
console.log(lines.join('\n'));
