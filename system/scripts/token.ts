/**
 * npm run token -- --role admin --sub alice [--role buyer] [--ttl 3600]
 * Prints a bearer token signed by the development key, which the embedded default trusts (production does not).
 */
import { parseArgs } from 'node:util';
import { isRole, signDevelopmentToken, type Role } from '@sportskk/identity';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
  strict: true,
});
const roles = (values.role ?? ['buyer']).flatMap((role) => role.split(','));
const bad = roles.filter((role) => !isRole(role));
const ttlSeconds = Number(values.ttl ?? 3600);
if (bad.length > 0 || !values.sub || !Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
  console.error('Usage: npm run token -- --role <buyer|admin> --sub <subject> [--ttl <seconds>]');
  if (bad.length > 0) console.error(`Unknown role: ${bad.join(', ')}`);
  process.exit(2);
}
console.log(
  await signDevelopmentToken({ subject: values.sub, roles: roles as Role[], ttlSeconds }),
);
