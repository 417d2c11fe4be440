import { isIsoDateTime } from '@sportskk/contracts';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toIsoString(value: unknown): string {
  const date = value instanceof Date ? value : isIsoDateTime(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return date.toISOString();
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIsoString,
  parseValue: toIsoString,
  parseLiteral: (ast) => toIsoString(ast.kind === Kind.STRING ? ast.value : undefined),
});

function toLong(value: unknown): number {
  const number =
    typeof value === 'bigint'
      ? Number(value)
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw new GraphQLError(`Long cannot represent ${String(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return number;
}

export const Long = new GraphQLScalarType({
  name: 'Long',
  serialize: toLong,
  parseValue: toLong,
  parseLiteral: (ast) => toLong(ast.kind === Kind.INT ? ast.value : undefined),
});
