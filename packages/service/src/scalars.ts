import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** SDL every subgraph declares the same way, so composition merges them. */
export const SCALARS_SDL = `
"""An ISO-8601 date-time in UTC, e.g. 2026-01-01T12:00:00.000Z."""
scalar DateTime

"""A whole number up to 2^53 - 1, sent as a JSON number (sums of credits can exceed Int's 32 bits)."""
scalar Long
`;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function toIsoString(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' && ISO.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return date.toISOString();
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIsoString,
  parseValue: toIsoString,
  parseLiteral: (ast) => toIsoString(ast.kind === Kind.STRING ? ast.value : undefined),
});

function toLong(value: unknown): number {
  const number = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new GraphQLError(`Long cannot represent ${String(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return number;
}

export const Long = new GraphQLScalarType({
  name: 'Long',
  serialize: toLong,
  parseValue: toLong,
  parseLiteral: (ast) => toLong(ast.kind === Kind.INT ? ast.value : undefined),
});
