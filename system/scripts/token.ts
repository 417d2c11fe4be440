/**
 * npm run token -- --role admin --sub alice [--role buyer] [--ttl 3600]
 * Prints a bearer token signed by the development key, which the embedded default trusts (production does not).
 */
import { parseArgs } from 'node:util';
import { isRole, signDevelopmentToken, type Role } from '@sportskk/identity';

const USAGE = 'Usage: npm run token -- --role <buyer|admin> --sub <subject> [--ttl <seconds>]';
const refuse = (problem?: string): never => {
  console.error(USAGE);
  if (problem) console.error(problem);
  process.exit(2);
};

let values: { role?: string[]; sub?: string; ttl?: string } = {};
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  refuse((error as Error).message);
}
const roles = (values.role ?? ['buyer']).flatMap((role) => role.split(','));
const bad = roles.filter((role) => !isRole(role));
if (bad.length > 0) refuse(`Unknown role: ${bad.join(', ')}`);
const ttlSeconds = Number(values.ttl ?? 3600);
if (!values.sub || !Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) refuse();
console.log(
  await signDevelopmentToken({ subject: values.sub!, roles: roles as Role[], ttlSeconds }),
);
